"""Rule files: loading, validation errors (one line naming file, rule and problem), merging."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleanup.rules import RuleError, compile_template, load_file, load_rules

GOOD = '''
[[rule]]
id = "acme.stamp"
stage = "watermarks"
action = "drop"
description = "ACME download stamp"
match.regex = 'Downloaded from ACME on \\d{4}-\\d\\d-\\d\\d'
must_keep = ["We downloaded from ACME on a whim."]

  [[rule.must_change]]
  input = "text\\nDownloaded from ACME on 2024-01-02\\nmore"
  output = "text more"
'''


def write(tmp_path: Path, text: str, name: str = "user.toml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def error_for(tmp_path: Path, text: str) -> str:
    with pytest.raises(RuleError) as info:
        load_file(write(tmp_path, text))
    message = str(info.value)
    assert "\n" not in message
    return message


def test_good_file_loads(tmp_path: Path) -> None:
    (rule,) = load_file(write(tmp_path, GOOD))
    assert rule.id == "acme.stamp" and rule.stage == "watermarks" and rule.line == 2
    assert rule.matches("Downloaded from ACME on 2024-01-02")
    assert not rule.matches("We downloaded from ACME on a whim.")


def test_bad_toml_names_file_and_line(tmp_path: Path) -> None:
    message = error_for(tmp_path, GOOD.replace('stage = "watermarks"', "stage = watermarks"))
    assert "user.toml" in message and "bad TOML" in message and "line 4" in message


def test_unknown_stage(tmp_path: Path) -> None:
    message = error_for(tmp_path, GOOD.replace('"watermarks"', '"watermark"'))
    assert "'acme.stamp'" in message and "unknown stage 'watermark'" in message
    assert "user.toml:2" in message


def test_unknown_action(tmp_path: Path) -> None:
    message = error_for(tmp_path, GOOD.replace('action = "drop"', 'action = "erase"'))
    assert "unknown action 'erase'" in message


def test_regex_that_does_not_compile(tmp_path: Path) -> None:
    message = error_for(tmp_path, GOOD.replace("on \\d{4}", "on (\\d{4}"))
    assert "'acme.stamp'" in message and "regex does not compile" in message


@pytest.mark.parametrize("field", ["id", "stage", "action", "description"])
def test_missing_field(tmp_path: Path, field: str) -> None:
    lines = [ln for ln in GOOD.splitlines() if not ln.startswith(f"{field} =")]
    message = error_for(tmp_path, "\n".join(lines))
    assert f"missing field '{field}'" in message


def test_missing_matcher(tmp_path: Path) -> None:
    lines = [ln for ln in GOOD.splitlines() if not ln.startswith("match.")]
    assert "missing field 'match'" in error_for(tmp_path, "\n".join(lines))


def test_unknown_field(tmp_path: Path) -> None:
    message = error_for(tmp_path, GOOD.replace('action = "drop"', 'action = "drop"\ncolour = 1'))
    assert "unknown field 'colour'" in message


def test_missing_examples(tmp_path: Path) -> None:
    no_keep = GOOD.replace('must_keep = ["We downloaded from ACME on a whim."]\n', "")
    assert "must_keep" in error_for(tmp_path, no_keep)
    no_change = GOOD.split("  [[rule.must_change]]")[0]
    assert "must_change" in error_for(tmp_path, no_change)


def test_duplicate_id_in_one_file(tmp_path: Path) -> None:
    message = error_for(tmp_path, GOOD + GOOD)
    assert "duplicate id" in message and "'acme.stamp'" in message


def test_duplicate_id_across_user_files(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.toml")
    write(tmp_path, GOOD, "b.toml")
    with pytest.raises(RuleError, match="duplicate id"):
        load_rules([tmp_path], use_project_config=False)


def test_user_rule_replaces_builtin_with_same_id(tmp_path: Path) -> None:
    write(tmp_path, GOOD.replace("acme.stamp", "jstor.stamp"))
    rules = load_rules([tmp_path], use_project_config=False)
    assert rules.replaced == ["jstor.stamp"]
    (rule,) = [r for r in rules.rules if r.id == "jstor.stamp"]
    assert not rule.builtin and "ACME" in rule.pattern.pattern  # type: ignore[union-attr]


def test_disable_by_id() -> None:
    rules = load_rules(disable=["jstor.cover"], use_project_config=False)
    assert rules.get("jstor.cover") is None and rules.get("jstor.stamp") is not None
    with pytest.raises(RuleError, match=r"no rule has id 'no\.such'"):
        load_rules(disable=["no.such"], use_project_config=False)


def test_missing_rules_folder(tmp_path: Path) -> None:
    with pytest.raises(RuleError, match="does not exist"):
        load_rules([tmp_path / "nope"], use_project_config=False)


def test_project_config_adds_rules_and_disables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) \
        -> None:
    (tmp_path / "myrules").mkdir()
    write(tmp_path / "myrules", GOOD)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.cleanup]\nrules = ["myrules"]\ndisable = ["furniture.page-number.dashes"]\n')
    monkeypatch.chdir(tmp_path)
    rules = load_rules()
    assert rules.get("acme.stamp") is not None
    assert rules.get("furniture.page-number.dashes") is None


def test_template_fields() -> None:
    pattern = compile_template("Crisis Group Asia Briefing N°{num}, {date} Page {page}")
    m = pattern.fullmatch("Crisis Group Asia Briefing N°169, 30 June 2021 Page 6")
    assert m and m.group("page") == "6"
    with pytest.raises(ValueError, match="unknown template field"):
        compile_template("Report {chapter}")


def test_builtin_rules_are_valid_and_unique() -> None:
    rules = load_rules(use_project_config=False)
    ids = [r.id for r in rules.rules]
    assert len(ids) == len(set(ids)) and len(ids) >= 10
    assert {r.stage for r in rules.rules} >= {"normalize", "watermarks", "furniture",
                                              "footnotes", "paragraphs"}
