"""The JSON Schema of rule files: shipped as built, valid, and in agreement with the loader."""

from __future__ import annotations

import copy
import json
import tomllib
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from cleanup.rules import ACTIONS, COMMON_FIELDS, FIELD_TYPES, RuleError, parse_rule
from cleanup.ruleschema import DESCRIPTIONS, build_schema, shipped_schema
from cleanup.ruletools import TEMPLATES, scaffold
from tests.conftest import ROOT

VALIDATOR = jsonschema.Draft7Validator(build_schema())


def valid(doc: dict[str, Any]) -> bool:
    return VALIDATOR.is_valid(doc)


def loads(doc: dict[str, Any]) -> bool:
    try:
        for raw in doc.get("rule", []):
            parse_rule(raw, "x.toml", builtin=True)
    except RuleError:
        return False
    return True


def test_shipped_schema_is_the_built_one_and_a_valid_draft7_schema() -> None:
    shipped = json.loads(shipped_schema())
    assert shipped == build_schema(), \
        "regenerate cleanup/schema/rules.schema.json from ruleschema.schema_text()"
    jsonschema.Draft7Validator.check_schema(shipped)
    assert set(DESCRIPTIONS) == set(FIELD_TYPES)


@pytest.mark.parametrize("path", sorted((ROOT / "rules").glob("*.toml")), ids=lambda p: p.name)
def test_every_builtin_rule_file_validates(path: Path) -> None:
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [e.message for e in VALIDATOR.iter_errors(doc)] == []


# One valid rule per (stage, action) from the built-ins and the scaffolds; then each mutation
# must be accepted or refused by schema and loader alike.
def _samples() -> list[dict[str, Any]]:
    found: dict[tuple[str, str], dict[str, Any]] = {}
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "rules").glob("*.toml"))]
    texts += [scaffold("x.y", s, a) for s, a in TEMPLATES]
    for text in texts:
        for raw in tomllib.loads(text).get("rule", []):
            found.setdefault((raw["stage"], raw["action"]), raw)
    return [found[k] for k in sorted(found)]


SAMPLES = _samples()


def test_samples_cover_every_action() -> None:
    assert {(r["stage"], r["action"]) for r in SAMPLES} == {
        (s, a) for s, actions in ACTIONS.items() for a in actions}


WRONG = {str: 7, bool: "yes", int: "three", float: "half", list: "x", dict: 5}


def _mutations(raw: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    stage, action = raw["stage"], raw["action"]
    required, optional = ACTIONS[stage][action]
    out = [("as is", raw)]
    for f in sorted(COMMON_FIELDS | required | optional):
        wrong = copy.deepcopy(raw)
        wrong[f] = WRONG[FIELD_TYPES[f][0]]
        out.append((f"{f} of the wrong type", wrong))
    for f in sorted(required | {"id", "stage", "action", "description", "must_keep",
                                 "must_change"}):
        missing = {k: v for k, v in raw.items() if k != f}
        out.append((f"without {f}", missing))
    out.append(("unknown field", {**raw, "colour": "red"}))
    for f in sorted(set(FIELD_TYPES) - COMMON_FIELDS - required - optional):
        value = {"regex": "x"} if f in ("match", "next") else ["x"] if FIELD_TYPES[f][0] is list \
            else 1 if FIELD_TYPES[f][0] is int else 0.5 if f == "max_share" else \
            50 if f == "similarity" else True if FIELD_TYPES[f][0] is bool else "x"
        out.append((f"{f}, a field of another action", {**raw, f: value}))
    out.append(("unknown stage", {**raw, "stage": "nowhere"}))
    out.append(("another stage's action", {**raw, "action": next(
        a for s, acts in ACTIONS.items() if s != stage for a in acts if a not in ACTIONS[stage])}))
    out.append(("empty must_keep", {**raw, "must_keep": []}))
    out.append(("example without output", {**raw, "must_change": [{"input": "x"}]}))
    out.append(("bad id", {**raw, "id": "Bad Id"}))
    if "match" in raw:
        out.append(("two matchers", {**raw, "match": {"regex": "a", "literal": "b"}}))
        out.append(("unknown matcher", {**raw, "match": {"glob": "a*"}}))
    for f, (lo, hi) in {"similarity": (0, 100), "max_share": (0, 1), "min_pages": (1, 1000),
                        "zone_lines": (1, 1000), "repeat": (1, 1000), "max_words": (1, 1000),
                        "min_markers": (1, 1000)}.items():
        if f in optional:
            out.append((f"{f} too small", {**raw, f: lo - 1}))
            out.append((f"{f} too large", {**raw, f: hi + 1}))
    return out


CASES = [(name, doc) for r in SAMPLES for name, doc in _mutations(r)]
IDS = [f"{r['stage']}.{r['action']}: {name}" for r in SAMPLES for name, _ in _mutations(r)]


@pytest.mark.parametrize(("name", "raw"), CASES, ids=IDS)
def test_schema_and_loader_agree(name: str, raw: dict[str, Any]) -> None:
    doc = {"rule": [raw]}
    assert valid(doc) == loads(doc), (name, [e.message for e in VALIDATOR.iter_errors(doc)])
    assert valid(doc) == (name == "as is")


def test_profile_table_in_the_schema() -> None:
    assert valid({"profile": {"name": "acme", "applies_when": ["ACME"]}})
    assert valid({"profile": {"name": "acme"}})
    assert not valid({"profile": {"name": "acme", "colour": 1}})
    assert not valid({"profile": {"applies_when": ["x"]}})
    assert not valid({"rules": []})
