"""The one collector for rule examples: every example of every rule file, built-in and user.

User rule folders come from ``pytest --rules-dir DIR`` or CLEANUP_RULE_DIRS (os.pathsep-separated);
``pytest -k RULE_ID`` runs one rule's examples.
"""

from __future__ import annotations

import os

import pytest

from cleanup.examples import Example, check, examples
from cleanup.rules import RuleSet, load_rules


def _rule_dirs(config: pytest.Config) -> list[str]:
    env = [d for d in os.environ.get("CLEANUP_RULE_DIRS", "").split(os.pathsep) if d]
    return [*config.getoption("--rules-dir"), *env]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "example" in metafunc.fixturenames:
        ruleset = load_rules(_rule_dirs(metafunc.config), use_project_config=False)
        exs = examples(ruleset)
        metafunc.parametrize("example", exs, ids=[e.id for e in exs])


@pytest.fixture(scope="module")
def ruleset(request: pytest.FixtureRequest) -> RuleSet:
    return load_rules(_rule_dirs(request.config), use_project_config=False)


def test_rule_example(example: Example, ruleset: RuleSet) -> None:
    problem = check(example, ruleset)
    assert problem is None, problem


def test_every_builtin_rule_has_both_kinds_of_example(ruleset: RuleSet) -> None:
    for rule in ruleset.rules:
        assert rule.must_change and rule.must_keep, rule.id
