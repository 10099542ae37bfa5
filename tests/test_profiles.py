"""Publisher profiles: a rule file's [profile] says which documents its rules are for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cleanup import clean
from cleanup.rules import RuleError, RuleSet, load_rules
from tests.conftest import SAMPLE, SYNTHETIC

ACME = '''
[profile]
name = "acme"
description = "Reports of ACME Press"
applies_when = ['Published\\s+by\\s+ACME', 'acme\\.example']

[[rule]]
id = "acme.footer"
stage = "watermarks"
action = "drop"
description = "ACME running footer"
match.template = "ACME Press Report {num} | page {page}"
must_keep = ["The ACME Press Report 4 | page 2 footer is what we remove."]

  [[rule.must_change]]
  input = "A sentence cut at the\\nACME Press Report 4 | page 2\\nfoot of the page."
  output = "A sentence cut at the foot of the page."
'''

FOOTER_ONLY = ("The council met in March and agreed to raise the water\n"
               "budget by a fifth over three years, as the engineers asked,\n"
               "ACME Press Report 4 | page 2\n"
               "and to line the canals first.\n")


def acme_rules(tmp_path: Path, *extra: tuple[str, str], profiles: tuple[str, ...] = ()) \
        -> RuleSet:
    (tmp_path / "acme.toml").write_text(ACME, encoding="utf-8")
    for name, text in extra:
        (tmp_path / name).write_text(text, encoding="utf-8")
    return load_rules([tmp_path], use_project_config=False, profiles=profiles)


def test_builtin_profiles_are_jstor_and_crisis_group(rules: RuleSet) -> None:
    assert set(rules.profiles) == {"jstor", "crisis-group"}
    assert {r.id for r in rules.rules if r.profile == "jstor" and r.stage != "metadata"} == {
        "jstor.stamp", "jstor.stamp-split", "jstor.terms", "jstor.cover"}
    assert [r.id for r in rules.rules if r.profile == "crisis-group"
            and r.stage != "metadata"] == ["crisis-group.page-footer"]
    # each profile also reads its publisher's cover or masthead fields (#24)
    assert {r.id for r in rules.rules if r.profile == "jstor" and r.stage == "metadata"} >= {
        "jstor.meta.title", "jstor.meta.authors", "jstor.meta.url", "jstor.meta.accessed"}
    assert {r.id for r in rules.rules if r.profile == "crisis-group"
            and r.stage == "metadata"} == {"crisis-group.meta.series",
                                           "crisis-group.meta.place-date",
                                           "crisis-group.meta.title"}


def test_sample_gets_both_profiles_with_the_evidence(rules: RuleSet) -> None:
    result = clean(SAMPLE.read_text(encoding="utf-8"), rules=rules)
    assert result.report.profiles == ["crisis-group", "jstor"]
    evidence = result.report.learned["profiles"]
    assert evidence["jstor"].startswith("line 25") and "jstor.org" in evidence["jstor"]
    assert evidence["crisis-group"].startswith("line 3:")
    assert result.report.to_dict()["profiles"] == ["crisis-group", "jstor"]


def test_plain_document_gets_no_profile_and_no_profile_rule_runs(rules: RuleSet) -> None:
    result = clean((SYNTHETIC / "plain.txt").read_text(encoding="utf-8"), rules=rules)
    assert result.report.profiles == []
    assert "profiles" not in result.report.learned
    view = rules.for_document((SYNTHETIC / "plain.txt").read_text(encoding="utf-8"))
    assert not any(r.profile for r in view.rules)


def test_profile_rules_run_only_where_the_profile_applies(tmp_path: Path) -> None:
    rules = acme_rules(tmp_path)
    unnamed = clean(FOOTER_ONLY, rules=rules)
    assert "ACME Press Report 4" in unnamed.text and unnamed.report.profiles == []
    named = clean("Published by ACME Press.\n\n" + FOOTER_ONLY, rules=rules)
    assert "ACME Press Report 4" not in named.text
    assert named.report.profiles == ["acme"]
    assert named.report.learned["profiles"]["acme"] == "line 1: 'Published by ACME'"


def test_forced_profile_applies_whatever_the_text(tmp_path: Path) -> None:
    rules = acme_rules(tmp_path, profiles=("acme",))
    result = clean(FOOTER_ONLY, rules=rules)
    assert "ACME Press Report 4" not in result.text
    assert result.report.profiles == ["acme"]
    assert result.report.learned["profiles"] == {"acme": "forced"}


def test_unknown_forced_profile_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match=r"no profile is named 'acmee' \(profiles: acme, "
                                        r"crisis-group, jstor\)"):
        acme_rules(tmp_path, profiles=("acmee",))


def test_a_file_can_join_a_profile_defined_elsewhere(tmp_path: Path) -> None:
    join = ACME.split("[[rule]]")[1].replace("acme.footer", "acme.other").replace(
        "ACME Press Report {num}", "ACME Press Annex {num}").replace("Report 4", "Annex 4")
    rules = acme_rules(tmp_path, ("more.toml", '[profile]\nname = "acme"\n\n[[rule]]' + join))
    assert rules.get("acme.other").profile == "acme"  # type: ignore[union-attr]
    text = FOOTER_ONLY.replace("Report 4", "Annex 4")
    assert "Annex 4" in clean(text, rules=rules).text
    assert "Annex 4" not in clean("Published by ACME Press.\n\n" + text, rules=rules).text


def test_joining_an_undefined_profile_or_defining_one_twice_fails(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match=r"more\.toml:1: profile 'nobody': no rule file "
                                        r"defines this profile"):
        acme_rules(tmp_path, ("more.toml", '[profile]\nname = "nobody"\n'))
    (tmp_path / "more.toml").unlink()
    with pytest.raises(RuleError, match="defined twice"):
        acme_rules(tmp_path, ("more.toml", ACME.replace("acme.footer", "acme.other")))


def test_a_user_profile_replaces_a_builtin_ones_patterns(tmp_path: Path) -> None:
    (tmp_path / "j.toml").write_text('[profile]\nname = "jstor"\napplies_when = ["NEVER-SEEN"]\n',
                                     encoding="utf-8")
    rules = load_rules([tmp_path], use_project_config=False)
    result = clean(SAMPLE.read_text(encoding="utf-8"), rules=rules)
    assert result.report.profiles == ["crisis-group"]
    assert "This content downloaded" in result.text


@pytest.mark.parametrize(("profile", "message", "line"), [
    ('name = "Bad Name"\napplies_when = ["x"]', "needs a 'name'", 2),
    ('name = "p"\napplies_when = ["(x"]', "applies_when[1] regex does not compile", 4),
    ('name = "p"\napplies_when = ["x"]\ncolour = 1', "unknown field 'colour'", 5),
    ('name = "p"\napplies_when = "x"\nflags = "q"', "unknown regex flag", 5),
])
def test_bad_profile_tables(tmp_path: Path, profile: str, message: str, line: int) -> None:
    """The error points at the field at fault, else at the [profile] header (line 2)."""
    (tmp_path / "p.toml").write_text(f"# a profile\n[profile]\n{profile}\n", encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path], use_project_config=False)
    assert message in str(info.value) and f"p.toml:{line}:" in str(info.value)
    assert "\n" not in str(info.value)


def test_disabled_rule_is_validated_but_never_runs(tmp_path: Path) -> None:
    text = ACME.replace('action = "drop"', 'action = "drop"\ndisabled = true')
    (tmp_path / "acme.toml").write_text(text, encoding="utf-8")
    rules = load_rules([tmp_path], use_project_config=False)
    assert rules.get("acme.footer") is None and "acme.footer" in rules.disabled
    (tmp_path / "acme.toml").write_text(text.replace("disabled = true", "disabled = 1"),
                                        encoding="utf-8")
    with pytest.raises(RuleError, match="field 'disabled' must be true or false"):
        load_rules([tmp_path], use_project_config=False)


def test_disabled_user_rule_switches_off_the_builtin_it_replaces(tmp_path: Path) -> None:
    (tmp_path / "off.toml").write_text(ACME.split("[[rule]]")[0].replace("acme", "acme2")
                                       + "[[rule]]" + ACME.split("[[rule]]")[1].replace(
                                           'id = "acme.footer"', 'id = "jstor.terms"\n'
                                           'disabled = true'), encoding="utf-8")
    rules = load_rules([tmp_path], use_project_config=False)
    assert rules.get("jstor.terms") is None and rules.replaced == ["jstor.terms"]


def test_examples_of_a_profile_rule_run_with_its_profile(tmp_path: Path) -> None:
    from cleanup.examples import check, examples

    rules = acme_rules(tmp_path)
    mine = [e for e in examples(rules) if e.rule.id == "acme.footer"]
    # The must_change input does not name the publisher: it passes because the rule's own
    # profile is forced for its examples.
    assert "ACME Press." not in mine[0].input
    assert [check(e, rules) for e in mine] == [None, None]


def cleanup(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleanup", *map(str, args)],
                          capture_output=True, text=True, timeout=120)


def test_cli_profile_option_and_report(tmp_path: Path) -> None:
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    (rules_dir / "acme.toml").write_text(ACME, encoding="utf-8")
    doc = tmp_path / "in" / "memo.txt"
    doc.parent.mkdir()
    doc.write_text(FOOTER_ONLY, encoding="utf-8")
    out = tmp_path / "out"
    proc = cleanup("run", doc, "--out", out, "--rules", rules_dir, "--profile", "acme")
    assert proc.returncode == 0, proc.stderr
    report = json.loads((out / "memo.json").read_text(encoding="utf-8"))
    assert report["profiles"] == ["acme"] and report["stats"]["watermarks"]["acme.footer"] == 1
    proc = cleanup("run", doc, "--out", out, "--rules", rules_dir, "--profile", "nope")
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert "no profile is named 'nope'" in line
