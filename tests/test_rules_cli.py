"""`cleanup rules ...` as a rule author uses it: list, show, check, test, new, try, schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cleanup.cli import main
from cleanup.rules import load_rules
from cleanup.ruleschema import shipped_schema
from cleanup.ruletools import TEMPLATES
from tests.conftest import SAMPLE

GOOD = '''# ACME rules
[[rule]]
id = "acme.stamp"
stage = "watermarks"
action = "drop"
description = "ACME download stamp"
match.regex = 'Downloaded from ACME on \\d{4}-\\d\\d-\\d\\d'
must_keep = ["We downloaded from ACME on a whim."]

  [[rule.must_change]]
  input = "A sentence broken at the foot of\\nDownloaded from ACME on 2024-01-02\\nthe page."
  output = "A sentence broken at the foot of the page."
'''


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# -- check: every kind of problem, with file and line ------------------------------------------

BROKEN = {
    "bad TOML": (GOOD.replace('stage = "watermarks"', "stage = watermarks"), "stage =",
                 "bad TOML"),
    "unknown stage": (GOOD.replace('"watermarks"', '"watermark"'), "stage =",
                      "rule 'acme.stamp': unknown stage 'watermark'"),
    "unknown field": (GOOD.replace('must_keep =', 'colour = "red"\nmust_keep ='), "colour",
                      "rule 'acme.stamp': unknown field 'colour' for action drop"),
    "regex error": (GOOD.replace("on \\d{4}", "on (\\d{4}"), "match.regex",
                    "rule 'acme.stamp': match.regex does not compile"),
    "failing must_change": (GOOD.replace('output = "A sentence broken at the foot of the page."',
                                         'output = "A sentence broken at the page."'),
                            "[[rule.must_change]]",
                            "rule 'acme.stamp': example acme.stamp-change1: output differs"),
    "failing must_keep": (GOOD.replace('"We downloaded from ACME on a whim."',
                                       '"We downloaded from ACME on a whim.",\n'
                                       '  "Downloaded from ACME on 2024-05-06",'),
                          '"Downloaded from ACME on 2024-05-06"',
                          "rule 'acme.stamp': example acme.stamp-keep2: rule fired on an input "
                          "it must leave alone"),
    "duplicate id": (GOOD + GOOD.replace("# ACME rules", ""), None,
                     "rule 'acme.stamp': duplicate id (also at"),
    "wrong type": (GOOD.replace('must_keep =', 'needs_anchor = "yes"\nmust_keep ='),
                   "needs_anchor", "field 'needs_anchor' must be true or false"),
    "missing field": (GOOD.replace('description = "ACME download stamp"\n', ""),
                      "[[rule]]", "missing field 'description'"),
}


@pytest.mark.parametrize("kind", BROKEN)
def test_check_reports_file_line_and_problem(kind: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    text, needle, message = BROKEN[kind]
    path = write(tmp_path / "rules", "acme.toml", text)
    code, out, _ = run(capsys, "rules", "check", tmp_path / "rules")
    assert code == 1
    problems = out.strip().splitlines()[:-1]
    assert len(problems) == 1, out
    if needle is None:  # the duplicate: the second [[rule]] header
        line = [i for i, ln in enumerate(text.splitlines(), 1) if ln == "[[rule]]"][1]
    else:
        line = line_of(text, needle)
    assert problems[0].startswith(f"{path}:{line}: "), (problems[0], line)
    assert message in problems[0]
    assert out.strip().splitlines()[-1].startswith("1 problem (")


def test_check_finds_every_problem_in_one_pass(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "rules"
    for i, (text, _, _) in enumerate(BROKEN.values()):
        # Each file's stamp is its own, so that no rule fires on another's examples.
        write(folder, f"f{i}.toml", text.replace("acme.stamp", f"acme.stamp{i}").replace(
            "ACME", f"ACME{i}"))
    code, out, _ = run(capsys, "rules", "check", folder)
    assert code == 1
    assert len(out.strip().splitlines()) == len(BROKEN) + 1
    assert all(re.match(r"^\S+\.toml:\d+: ", ln) for ln in out.strip().splitlines()[:-1])


def test_duplicate_id_across_user_files_and_profile_problems(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "rules"
    write(folder, "a.toml", GOOD)
    write(folder, "b.toml", GOOD)
    write(folder, "c.toml", '[profile]\nname = "nobody"\n')
    code, out, _ = run(capsys, "rules", "check", folder, "--no-examples")
    assert code == 1
    assert f"{folder / 'b.toml'}:2: rule 'acme.stamp': duplicate id (also at " \
           f"{folder / 'a.toml'}:2)" in out
    assert f"{folder / 'c.toml'}:1: profile 'nobody': no rule file defines" in out


def test_check_of_good_rules_and_of_the_builtins(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "rules", "acme.toml", GOOD)
    code, out, _ = run(capsys, "rules", "check", tmp_path / "rules")
    assert (code, out) == (0, "no problems (1 file, 1 valid rule, 2 examples run)\n")
    code, out, _ = run(capsys, "rules", "check")
    assert code == 0 and out.startswith("no problems (")
    code, _, err = run(capsys, "rules", "check", tmp_path / "nope")
    assert code == 2 and "does not exist" in err


# -- test: examples with diffs -------------------------------------------------------------

def test_test_shows_a_failing_example_as_a_diff(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    text = BROKEN["failing must_change"][0]
    path = write(tmp_path / "rules", "acme.toml", text)
    code, out, _ = run(capsys, "rules", "test", tmp_path / "rules")
    assert code == 1
    assert f"FAIL {path}:{line_of(text, '[[rule.must_change]]')}: rule 'acme.stamp': example " \
           "acme.stamp-change1: output differs" in out
    assert "  -A sentence broken at the page.\n  +A sentence broken at the foot of the page." \
        in out
    assert out.strip().endswith("1 of 2 examples failed (1 rule)")


def test_test_passes_and_filters_by_id(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "rules", "acme.toml", GOOD)
    assert run(capsys, "rules", "test", tmp_path / "rules")[:2] == (
        0, "1 rule, 2 examples: all pass\n")
    code, out, _ = run(capsys, "rules", "test", "-k", "jstor.stamp")
    assert code == 0 and out.startswith("1 rule, 4 examples")
    assert run(capsys, "rules", "test", "-k", "no.such")[0] == 2


def test_test_of_a_file_that_does_not_load_is_one_line(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) \
        -> None:
    write(tmp_path / "rules", "acme.toml", BROKEN["unknown stage"][0])
    code, _, err = run(capsys, "rules", "test", tmp_path / "rules")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "unknown stage" in err


# -- new -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("stage", "action"), sorted(TEMPLATES))
def test_new_writes_a_rule_whose_examples_pass(stage: str, action: str, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "rules", "new", "acme.thing", "--stage", stage,
                       "--action", action)
    assert code == 0 and out.startswith("wrote cleanup-rules/acme.thing.toml")
    text = (tmp_path / "cleanup-rules" / "acme.thing.toml").read_text(encoding="utf-8")
    assert text.startswith("# acme.thing: a cleanup rule file") and "# [profile]" in text
    assert run(capsys, "rules", "check", "cleanup-rules")[0] == 0
    assert run(capsys, "rules", "test", "cleanup-rules")[:2] == (
        0, "1 rule, 2 examples: all pass\n")


def test_new_refuses_bad_names_actions_and_existing_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "rules", "new", "Bad Name", "--stage", "watermarks")[0] == 2
    code, _, err = run(capsys, "rules", "new", "a.b", "--stage", "watermarks", "--action",
                       "erase")
    assert code == 2 and "unknown action 'erase' for stage watermarks" in err
    code, _, err = run(capsys, "rules", "new", "a.b", "--stage", "furniture", "--action",
                       "learn_headers")
    assert code == 2 and "header, page_number" in err
    assert run(capsys, "rules", "new", "a.b", "--stage", "watermarks", "--dir", "x")[0] == 0
    code, _, err = run(capsys, "rules", "new", "a.b", "--stage", "watermarks", "--dir", "x")
    assert code == 2 and "exists already" in err


# -- list, show, try, schema -------------------------------------------------------------------

def test_list_shows_builtin_and_user_rules_with_their_source(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "rules", "acme.toml", GOOD)
    code, out, _ = run(capsys, "rules", "list", "--rules", tmp_path / "rules")
    assert code == 0
    rows = {ln.split()[0]: ln for ln in out.splitlines()[1:]}
    assert re.search(rf"watermarks\s+drop\s+-\s+{re.escape(str(path))}:2\s+ACME download stamp",
                     rows["acme.stamp"])
    assert re.search(r"watermarks\s+drop\s+jstor\s+rules/jstor\.toml:\d+\s+JSTOR download",
                     rows["jstor.stamp"])
    n = len(load_rules(use_project_config=False).rules)
    assert f"{n + 1} rules ({n} built-in, 1 yours)" in out
    assert "profile jstor (rules/jstor.toml:" in out and "profile crisis-group" in out
    code, out, _ = run(capsys, "rules", "list", "--format", "json")
    data = json.loads(out)
    assert {r["id"] for r in data["rules"]} >= {"jstor.stamp", "normalize.ftfy"}
    assert {p["name"] for p in data["profiles"]} == {"jstor", "crisis-group"}


def test_show_prints_the_rule_and_its_toml(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "show", "crisis-group.page-footer")
    assert code == 0
    assert out.startswith("crisis-group.page-footer: furniture stage, action header\n")
    assert "profile crisis-group: runs on documents matching" in out
    toml = out.split("\n\n", 1)[1]
    assert toml.startswith("[[rule]]\nid = \"crisis-group.page-footer\"")
    code, _, err = run(capsys, "rules", "show", "jstor.stmp")
    assert code == 2 and "did you mean 'jstor.stamp'?" in err


def test_try_shows_the_edits_and_the_difference(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "try", "crisis-group.page-footer", SAMPLE)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"crisis-group.page-footer (furniture header) on {SAMPLE}: 2 edits"
    assert lines[1] == "  line 263: drop 'Crisis Group Asia Briefing N°169, 30 June 2021 Page 6'"
    assert lines[2] == "  line 660: drop 'Crisis Group Asia Briefing N°169, 30 June 2021 Page 13'"
    # On a report this long the footer is learned from repetition as well.
    assert lines[3] == ("the output is the same without this rule (furniture.learned would make "
                        "these edits)")


def test_try_forces_the_rules_profile_and_reports_bad_input(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "short.txt"
    doc.write_text("The text runs to the\nCrisis Group Asia Briefing N°7, 1 May 2020 Page 2\n"
                   "\ffoot of the page and on.\n", encoding="utf-8")
    code, out, _ = run(capsys, "rules", "try", "crisis-group.page-footer", doc)
    assert code == 0 and ": 1 edits" in out.splitlines()[0]
    assert "profile crisis-group does not apply to this file" not in out  # it names the series
    assert "--- without crisis-group.page-footer" in out
    assert "-The text runs to the Crisis Group Asia Briefing N°7, 1 May 2020 Page 2 foot of the " \
           "page and on." in out
    (tmp_path / "bin.txt").write_bytes(b"\0\1\2")
    code, _, err = run(capsys, "rules", "try", "jstor.stamp", tmp_path / "bin.txt")
    assert code == 1 and "bin.txt: looks like a binary file" in err


def test_schema_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "rules", "schema")
    assert code == 0 and out == shipped_schema()


def test_rules_without_subcommand_is_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "rules")[0] == 2


def test_try_says_when_it_forces_the_rules_profile(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "rules"
    write(folder, "acme.toml", "[profile]\nname = \"acme\"\napplies_when = ['ACME Press']\n\n"
          + GOOD.replace("# ACME rules\n", ""))
    doc = tmp_path / "doc.txt"
    doc.write_text("A sentence broken at the foot of\nDownloaded from ACME on 2024-01-02\n"
                   "the page, and then some more.\n", encoding="utf-8")
    code, out, _ = run(capsys, "rules", "try", "acme.stamp", doc, "--rules", folder)
    assert code == 0
    assert out.splitlines()[1] == ("  (profile acme does not apply to this file by its "
                                   "patterns; forced for this try)")
    assert "  line 2: drop 'Downloaded from ACME on 2024-01-02'" in out
