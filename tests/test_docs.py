"""docs/rules.md: each worked example is a complete rule file that checks clean and whose
examples pass, and the document covers every stage."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cleanup.rules import STAGES
from cleanup.ruletools import check_rules
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
BLOCKS = [b for b in re.findall(r"```toml\n(.*?)```", DOC, re.S)
          if "[[rule]]" in b or "[profile]" in b]


@pytest.mark.parametrize("block", BLOCKS, ids=[
    (re.findall(r'^(?:id|name) = "([^"]+)"', b, re.M) or ["?"])[0] for b in BLOCKS])
def test_every_rule_in_the_docs_checks_clean(block: str, tmp_path: Path) -> None:
    (tmp_path / "doc.toml").write_text(block, encoding="utf-8")
    result = check_rules([tmp_path])
    assert [str(p) for p in result.problems] == []
    assert result.examples == 2 * block.count("[[rule]]") or "[[rule]]" not in block


def test_one_worked_example_per_stage() -> None:
    stages = [s for b in BLOCKS for s in re.findall(r'^stage = "(\w+)"', b, re.M)]
    assert sorted(stages) == sorted(STAGES)
    for stage in STAGES:
        assert f"### {stage}:" in DOC
