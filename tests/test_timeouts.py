"""User patterns run under a time limit: a catastrophic one is stopped and named, the batch
goes on; built-in patterns stay on `re` and pay nothing."""

from __future__ import annotations

import pickle
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleanup import batch
from cleanup.rules import RuleSet, load_rules
from cleanup.textscan import LineIndex, anchored
from cleanup.timedregex import Budget, PatternTimeout, TimedPattern
from tests.conftest import SAMPLE

# A plausible user rule gone wrong: dashes around a page number, written so that a long row of
# dashes (a footnote separator) backtracks exponentially.
CATASTROPHIC = r"(?:-|--)+\s*\d+"
DASHES = "-" * 60


def rule_file(pattern: str, stage: str = "watermarks", action: str = "drop") -> str:
    return f'''
[[rule]]
id = "acme.dashes"
stage = "{stage}"
action = "{action}"
description = "page number between dashes"
match.regex = '{pattern}'
must_keep = ["a - 1 b"]

  [[rule.must_change]]
  input = "A sentence cut at the\\n-- 12\\nfoot of the page."
  output = "A sentence cut at the foot of the page."
'''


@pytest.fixture
def bad_rules(tmp_path: Path) -> RuleSet:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "dashes.toml").write_text(rule_file(CATASTROPHIC), encoding="utf-8")
    return load_rules([folder], use_project_config=False)


@pytest.mark.parametrize(("method", "args"), [
    ("search", ("xx ab12 cd",)), ("match", ("ab12",)), ("fullmatch", ("ab12",)),
    ("findall", ("ab1 cd22 e",)), ("split", ("ab1 cd22 e",)), ("sub", ("<\\1>", "ab1 cd22")),
    ("subn", ("#", "ab1 cd22")),
])
def test_timed_pattern_answers_like_re(method: str, args: tuple[str, ...]) -> None:
    plain = re.compile(r"([a-z]+)(\d+)", re.I)
    timed = TimedPattern.from_re(plain, "rule 'x'")
    got, want = getattr(timed, method)(*args), getattr(plain, method)(*args)
    if method in ("search", "match", "fullmatch"):
        assert (got and got.span(), got and got.groups()) == (want and want.span(),
                                                              want and want.groups())
    else:
        assert got == want
    assert [m.span() for m in timed.finditer("a1 b22")] == [
        m.span() for m in plain.finditer("a1 b22")]
    assert timed.groupindex == plain.groupindex and timed.groups == plain.groups


def test_timed_pattern_pickles_unbound() -> None:
    timed = TimedPattern.from_re(re.compile("a+b"), "rule 'x'").bind(Budget(5.0))
    back = pickle.loads(pickle.dumps(timed))
    assert back == timed and back.budget is None and back.fullmatch("aab")


def test_builtin_patterns_stay_on_re_and_user_ones_are_timed(rules: RuleSet,
                                                            bad_rules: RuleSet) -> None:
    assert all(isinstance(r.pattern, re.Pattern) for r in rules.rules if r.pattern is not None)
    user = bad_rules.get("acme.dashes")
    assert user is not None and isinstance(user.pattern, TimedPattern)
    assert "acme.dashes" in user.pattern.owner and "dashes.toml:2" in user.pattern.owner
    # textscan keeps the time limit when it anchors a user pattern to whole lines.
    assert isinstance(anchored(user.pattern), TimedPattern)  # type: ignore[arg-type]
    assert LineIndex(["x", "-- 7", "y"]).whole_lines(user.pattern) == [1]  # type: ignore[arg-type]
    # A document's view binds user patterns to one budget; built-ins are the same objects.
    view = bad_rules.for_document("text")
    bound = view.get("acme.dashes")
    assert bound is not None and bound.pattern.budget is not None  # type: ignore[union-attr]
    assert view.get("jstor.stamp") is None or view.get("jstor.stamp") is bad_rules.get(
        "jstor.stamp")


def test_budget_is_shared_by_a_documents_calls() -> None:
    budget = Budget(0.05)
    timed = TimedPattern.from_re(re.compile(CATASTROPHIC), "rule 'acme.dashes'").bind(budget)
    with pytest.raises(PatternTimeout, match=r"rule 'acme\.dashes': pattern ran longer"):
        timed.fullmatch(DASHES)
    assert budget.spent >= 0.04
    # Spent: the next call on the same document fails at once.
    budget.spent = budget.limit
    with pytest.raises(PatternTimeout):
        timed.fullmatch("-- 1")


@pytest.mark.parametrize(("stage", "action"), [("watermarks", "drop"),
                                                ("furniture", "page_number")])
def test_catastrophic_user_pattern_is_stopped_and_named_within_2s_per_file(
        tmp_path: Path, stage: str, action: str) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "dashes.toml").write_text(rule_file(CATASTROPHIC, stage, action),
                                        encoding="utf-8")
    rules = load_rules([folder], use_project_config=False)
    docs = tmp_path / "in"
    docs.mkdir()
    body = "A line of body text that runs on.\n" * 20
    # At the foot of the page, where furniture rules look too.
    (docs / "a.txt").write_text(body + DASHES + "\n", encoding="utf-8")
    (docs / "b.txt").write_text(body + "-- 3\n" + body, encoding="utf-8")
    (docs / "c.txt").write_text(DASHES + "\n" + body + DASHES + "\n", encoding="utf-8")
    plan = batch.plan([str(docs)], tmp_path / "out")
    outcomes = []
    for job in plan.jobs:
        # The limit is CPU time, like regex's timeout: wall time depends on what else the
        # machine runs (benchmarks/user_rules.py prints it); 10 s of it only catches a hang.
        cpu, wall = time.process_time(), time.perf_counter()
        outcomes.append(batch.process(job, rules))
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        assert cpu < 2.0 and wall < 10.0, f"{job.source}: {cpu:.1f} s CPU, {wall:.1f} s"
    a, b, c = outcomes
    for bad in (a, c):
        assert bad.error is not None and "\n" not in bad.error
        assert bad.error.startswith(str(bad.job.source))
        assert "rule 'acme.dashes'" in bad.error and "dashes.toml:2" in bad.error
        assert "internal error" not in bad.error
        assert not bad.job.text_out.exists()
    assert b.error is None and b.job.text_out.is_file()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_cli_batch_goes_on_after_a_pattern_timeout(tmp_path: Path, jobs: str) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "dashes.toml").write_text(rule_file(CATASTROPHIC), encoding="utf-8")
    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "a.txt").write_text("Text.\n" + DASHES + "\nMore text.\n", encoding="utf-8")
    (docs / "b.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "cleanup", "run", str(docs), "--out",
                           str(tmp_path / "out"), "--rules", str(folder), "--jobs", jobs],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    # stderr: a progress line for b.txt, one error line for a.txt
    (line,) = [ln for ln in proc.stderr.splitlines() if ln.startswith("cleanup: error:")]
    assert "a.txt" in line and "rule 'acme.dashes'" in line and "Traceback" not in proc.stderr
    assert (tmp_path / "out" / "b.txt").is_file()
    assert "cleaned 1 of 2 files" in proc.stdout
    stdin = subprocess.run([sys.executable, "-m", "cleanup", "run", "-", "--rules", str(folder)],
                           input=DASHES + "\n", capture_output=True, text=True, timeout=120)
    assert stdin.returncode == 1 and "<stdin>: rule 'acme.dashes'" in stdin.stderr


def test_examples_of_a_catastrophic_rule_report_the_timeout(tmp_path: Path) -> None:
    from cleanup.ruletools import check_rules

    folder = tmp_path / "rules"
    folder.mkdir()
    text = rule_file(CATASTROPHIC).replace('must_keep = ["a - 1 b"]',
                                           f'must_keep = ["{DASHES}"]')
    (folder / "dashes.toml").write_text(text, encoding="utf-8")
    result = check_rules([folder])
    (problem,) = result.problems
    assert problem.line == 8 and "pattern ran longer" in problem.message
