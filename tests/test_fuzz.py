"""Fuzz properties in the test suite: a bounded number of inputs, derandomized in CI.

The same generators and checks as ``benchmarks/fuzz.py`` (which runs them for long), driven by
hypothesis: no exception, no hang, no word the input and the recorded edits do not hold, the
removal guard, idempotence on real documents, and the same output in another process.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleanup.pipeline import clean_text
from cleanup.rules import RuleSet, load_rules
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import fuzz

RULES: RuleSet = load_rules(use_project_config=False)
QUICK = [name for name, (_, _, _) in fuzz.GENERATORS.items()
         if name not in ("long_line", "short_lines")]  # those two: tested once below
SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def assert_holds(kind: str, text: str) -> None:
    problems, _, _ = fuzz.check(text, RULES, fuzz.GENERATORS[kind][2])
    assert problems == [], (kind, problems, text[:300])


@SETTINGS
@given(st.sampled_from(QUICK), st.integers(min_value=0, max_value=2**32 - 1))
# Thirty restarts of "1" numbering: note "[^30.1]" (the 30 counts segments, no invented word).
@example("repetition", 166)
# A page of one note after a stamp, its marker on the page before: linked on the first pass
# too, or the second links it (not idempotent).
@example("nul_padded", 314613)
def test_generated_inputs_keep_every_property(kind: str, seed: int) -> None:
    assert_holds(kind, fuzz.GENERATORS[kind][0](random.Random(seed)))


CONTROLS = st.sampled_from(fuzz.CONTROLS + fuzz.ODD + ["\n", "\n\n", " ", "-", "1", "a"])
HOSTILE = st.lists(st.one_of(st.text(max_size=40), CONTROLS), max_size=60).map("".join)


@SETTINGS
@given(HOSTILE)
def test_any_text_with_controls_and_nuls(text: str) -> None:
    assert_holds("unicode", text)
    # One policy for control characters: none survives, on ASCII lines or others.
    out = clean_text(text, RULES).text
    assert not any(c in out for c in fuzz.CONTROLS)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "a", "1", "*", "†", "-", "x-", "\f", "[^1]", "©"]),
                max_size=12).map("\n".join))
def test_short_symbol_heavy_text_never_crashes(text: str) -> None:
    """Where the footnotes stage's segmenting once raised StopIteration."""
    clean_text(text, RULES)


def test_very_long_line_and_many_short_lines() -> None:
    for kind, seed in (("long_line", 1), ("long_line", 4), ("short_lines", 3)):
        rng = random.Random(seed)
        text = fuzz.GENERATORS[kind][0](rng)
        if len(text) > 600_000:
            text = text[:600_000]
        assert_holds(kind, text)


def test_output_is_the_same_in_another_process() -> None:
    """Deterministic: set and dict order (hash seeds) must not reach the output."""
    seeds = list(range(40))
    mine = {str(s): fuzz.digest(clean_text(fuzz.generate(s)[1], RULES, source="<fuzz>"))
            for s in seeds}
    other = subprocess.run(
        [sys.executable, "-c", "import json, sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; "
         "import fuzz; from cleanup.rules import load_rules; "
         "print(json.dumps(fuzz._digests(list(range(40)), load_rules(use_project_config=False))))",
         str(ROOT / "benchmarks"), str(ROOT)],
        capture_output=True, text=True, timeout=600, env={"PYTHONHASHSEED": "4242",
                                                          "PATH": "/usr/bin:/bin"})
    assert other.returncode == 0, other.stderr
    assert json.loads(other.stdout) == mine


# Inputs benchmarks/fuzz.py found failing (its seeds: `fuzz.generate(seed)`), kept fixed.
# 500922: "government.[^1] 6", a marker then a number left after it, ends a sentence on the
# second pass as "government.1 6" did on the first (else the paragraphs joined).
@pytest.mark.parametrize("seed", [500922])
def test_inputs_the_long_fuzz_run_found(seed: int) -> None:
    kind, text = fuzz.generate(seed)
    assert_holds(kind, text)
