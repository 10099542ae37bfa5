"""Every fixture: golden output, nothing lost, furniture gone, idempotent.

Golden files (tests/test_fixtures/) are reviewed, never blindly regenerated: after
``pytest --force-regen`` read the diff and say in the commit message why the new output is right.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

from cleanup import clean
from cleanup.pipeline import Result
from cleanup.rules import RuleSet
from tests.conftest import SYNTHETIC, all_fixtures
from tests.helpers import squash, unaccounted_lines

FIXTURES = all_fixtures()
IDS = [p.stem for p in FIXTURES]


def _clean(path: Path, rules: RuleSet) -> tuple[str, Result]:
    text = path.read_text(encoding="utf-8")
    return text, clean(text, rules=rules, source=path.name)


def report_summary(result: Result) -> dict[str, Any]:
    """The reviewable part of a report: what was removed by which rule, what was learned."""
    removed: dict[str, list[int]] = {}
    for e in result.report.edits:
        if e.action in ("drop", "drop_cover"):
            removed.setdefault(e.rule, []).extend(e.lines)
    return {
        "pages": result.report.pages,
        "stats": result.report.stats(),
        "removed_lines": {k: sorted(v) for k, v in sorted(removed.items())},
        "headers": result.report.learned.get("headers", []),
        "flags": [f"{f.kind}@{f.line}" for f in result.report.flags],
    }


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_golden_text(path: Path, rules: RuleSet, file_regression: Any) -> None:
    _, result = _clean(path, rules)
    file_regression.check(result.text, basename=path.stem, extension=".txt")


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_golden_report(path: Path, rules: RuleSet, data_regression: Any) -> None:
    _, result = _clean(path, rules)
    data_regression.check(report_summary(result), basename=path.stem)


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_every_input_line_is_in_output_or_removed_by_a_rule(path: Path, rules: RuleSet) -> None:
    text, result = _clean(path, rules)
    assert unaccounted_lines(text, result, rules) == []
    known = {r.id for r in rules.rules}
    assert all(e.rule in known for e in result.report.edits)


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_cleaning_twice_changes_nothing(path: Path, rules: RuleSet) -> None:
    _, once = _clean(path, rules)
    twice = clean(once.text, rules=rules)
    assert twice.text == once.text


SYNTHETIC_CASES = sorted(SYNTHETIC.glob("*.txt"))


@pytest.mark.parametrize("path", SYNTHETIC_CASES, ids=[p.stem for p in SYNTHETIC_CASES])
def test_synthetic_furniture_gone_and_body_kept(path: Path, rules: RuleSet) -> None:
    expect = tomllib.loads(path.with_suffix(".expect.toml").read_text(encoding="utf-8"))
    text, result = _clean(path, rules)
    lines = text.split("\n")
    removed = result.report.removed_lines()
    missed = [(n, lines[n - 1]) for n in expect["removed"] if n not in removed]
    assert missed == [], "furniture left in the output"
    # Anything else removed must be a footnote separator rule, never body text.
    extra = removed - set(expect["removed"])
    by_rule = {n: e.rule for e in result.report.edits for n in e.lines}
    assert all(by_rule[n].startswith("footnotes.separator") for n in extra), \
        [(n, by_rule[n], lines[n - 1]) for n in sorted(extra)]
    out = squash(result.text)
    assert [k for k in expect.get("kept", []) if squash(k) not in out] == []


def test_document_without_furniture_keeps_every_word(rules: RuleSet) -> None:
    path = SYNTHETIC / "plain.txt"
    text, result = _clean(path, rules)
    assert result.report.removed_lines() == set()

    def chars(t: str) -> str:  # every character but spaces and line-end hyphens, in order
        return re.sub(r"[\s\u00ad-]", "", t)

    assert chars(result.text) == chars(text)
