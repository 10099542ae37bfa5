"""Shared paths and options for the test suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from cleanup.rules import RuleSet, load_rules

# Property tests: in CI (CI set in the environment, as .ci/run does) hypothesis draws the same
# examples on every run, so that a red build is reproducible; elsewhere it explores.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SAMPLE = FIXTURES / "000_ce1fba3cc8f1d7c1.txt"
SYNTHETIC = FIXTURES / "synthetic"
# ../shared beside the clone: present on developer machines and in CI, absent in a user's clone.
SHARED = Path(os.environ.get("CLEANUP_SHARED", ROOT.parent / "shared"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--rules-dir", action="append", default=[], metavar="DIR",
                     help="also run the examples of the rule files in DIR")


@pytest.fixture(scope="session")
def rules() -> RuleSet:
    return load_rules(use_project_config=False)


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (it holds the project's shared samples)")
    return SHARED


def all_fixtures() -> list[Path]:
    return [SAMPLE, *sorted(SYNTHETIC.glob("*.txt"))]
