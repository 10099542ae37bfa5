"""Run the examples that every rule carries.

A ``must_change`` example passes when the rule fires on its input and the cleaned text equals
the expected output; a ``must_keep`` example passes when the rule does not fire on its input.
Examples run through the whole pipeline with the rule set in force, so they show what a user
gets, and a rule that only works in isolation fails.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from cleanup.pipeline import clean_document, clean_text
from cleanup.readers import geotext
from cleanup.rules import Rule, RuleSet


@dataclass(slots=True, frozen=True)
class Example:
    """One example of one rule."""

    rule: Rule
    kind: str          # "change" or "keep"
    index: int         # 1-based, per kind
    input: str
    expected: str | None
    flagged: tuple[int, ...] = ()
    fields: dict[str, Any] | None = None   # a metadata rule's example: the fields it yields

    @property
    def id(self) -> str:
        return f"{self.rule.id}-{self.kind}{self.index}"


def examples(rules: RuleSet) -> list[Example]:
    """Every example of every rule in ``rules``, in load order."""
    out: list[Example] = []
    for rule in rules.rules:
        fields = list(rule.expect_fields) or [None] * len(rule.must_change)
        out.extend(Example(rule, "change", i, inp, exp, flagged, want)
                   for i, ((inp, exp, flagged), want) in enumerate(
                       zip(rule.must_change, fields, strict=True), 1))
        out.extend(Example(rule, "keep", i, inp, None) for i, inp in enumerate(rule.must_keep, 1))
    return out


def check(example: Example, rules: RuleSet) -> str | None:
    """None when the example holds, else a message (with a diff) saying how it failed."""
    if example.rule.profile in rules.profiles:
        # A publisher rule's examples say what it does where its profile applies.
        rules = rules.with_profiles([example.rule.profile])
    source = f"<example {example.id}>"
    if geotext.has_geometry(example.input):
        # Geometry rules' examples give each line its place on the page ([geo y=... s=...]).
        result = clean_document(geotext.parse(example.input, source), rules)
    else:
        result = clean_text(example.input, rules, source=source)
    if example.rule.stage == "metadata":
        return _check_fields(example, result.report.metadata)
    fired = any(e.rule == example.rule.id for e in result.report.edits) or any(
        f.rule == example.rule.id for f in result.report.flags)
    got = result.text.strip("\n")
    if example.kind == "keep":
        if fired:
            hits = [(e.lines[0], e.before) for e in result.report.edits
                    if e.rule == example.rule.id]
            hits += [(f.line, f.text) for f in result.report.flags if f.rule == example.rule.id]
            return (f"{example.id}: rule fired on an input it must leave alone "
                    f"(line {hits[0][0]}: {hits[0][1]!r})")
        return None
    assert example.expected is not None
    want = example.expected.strip("\n")
    if not fired:
        return f"{example.id}: rule did not fire on its must_change input"
    flagged = {f.line for f in result.report.flags if f.rule == example.rule.id}
    if set(example.flagged) != flagged and example.flagged:
        return (f"{example.id}: flagged lines {sorted(flagged)}, expected "
                f"{sorted(example.flagged)}")
    if got != want:
        diff = "\n".join(difflib.unified_diff(want.splitlines(), got.splitlines(),
                                              "expected", "got", lineterm=""))
        return f"{example.id}: output differs from the expected output\n{diff}"
    return None


def _check_fields(example: Example, metadata: dict[str, dict[str, Any]]) -> str | None:
    """A metadata rule's example: the fields it must yield (from this rule), or none at all."""
    mine = {k: v["value"] for k, v in metadata.items() if v["rule"] == example.rule.id}
    if example.kind == "keep":
        return f"{example.id}: rule read fields from an input it must leave alone: {mine}" \
            if mine else None
    if mine != example.fields:
        return f"{example.id}: fields {mine}, expected {example.fields}"
    return None
