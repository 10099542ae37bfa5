"""The three eval documents in ../shared/eval-sample (other publishers' layouts), when present.

Each has a .truth.json with the furniture lines an ideal cleaner removes; these tests hold the
pipeline to all of them and to losing no body line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleanup import clean
from cleanup.rules import RuleSet
from tests.helpers import unaccounted_lines

NAMES = ["sim_07", "sim_11", "sim_22"]


def load(shared: Path, name: str) -> tuple[str, dict]:  # type: ignore[type-arg]
    folder = shared / "eval-sample"
    if not (folder / f"{name}.txt").is_file():
        pytest.skip(f"{folder / name}.txt is absent")
    truth = json.loads((folder / f"{name}.truth.json").read_text(encoding="utf-8"))
    return (folder / f"{name}.txt").read_text(encoding="utf-8"), truth


@pytest.mark.parametrize("name", NAMES)
def test_every_furniture_line_is_removed_and_nothing_else(shared: Path, name: str,
                                                          rules: RuleSet) -> None:
    text, truth = load(shared, name)
    result = clean(text, rules=rules, source=name)
    want = {b["line"] for b in truth["boilerplate_lines"]}
    removed = result.report.removed_lines()
    lines = text.split("\n")
    assert sorted((n, lines[n - 1]) for n in want - removed) == []
    assert sorted((n, lines[n - 1]) for n in removed - want) == []
    assert unaccounted_lines(text, result, rules) == []


@pytest.mark.parametrize("name", NAMES)
def test_pages_found(shared: Path, name: str, rules: RuleSet) -> None:
    text, truth = load(shared, name)
    assert clean(text, rules=rules).report.pages == truth["layout"]["pages"]
