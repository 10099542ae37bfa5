"""The README's promises: its commands are the ones CI runs, its rule example works."""

from __future__ import annotations

import re
from pathlib import Path

from cleanup.examples import check, examples
from cleanup.rules import load_rules
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.S)


def test_two_setup_commands_and_ci_runs_the_test_one() -> None:
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", setup, re.S)
    assert len(commands) == 2
    install_run, install_test = commands
    assert "cleanup run fixtures --out out" in install_run
    assert "[test]" in install_test and install_test.endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install_test in ci


def test_readme_rule_example_works(tmp_path: Path) -> None:
    (block,) = [b for b in code_blocks("toml") if 'id = "acme.stamp"' in b]
    (tmp_path / "acme.toml").write_text(block, encoding="utf-8")
    rules = load_rules([tmp_path], use_project_config=False)
    mine = [e for e in examples(rules) if e.rule.id == "acme.stamp"]
    assert len(mine) == 2
    assert [check(e, rules) for e in mine] == [None, None]
