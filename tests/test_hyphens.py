"""hyphens: every line-end hyphen of ARTIFACTS.md resolved as listed; nothing glued across loss."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from cleanup import clean
from cleanup.lexicon import Lexicon
from cleanup.pipeline import Result
from cleanup.rules import RuleSet, load_rules
from cleanup.stages.hyphens import Hyphens, decide
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def result(rules: RuleSet) -> Result:
    return clean(SAMPLE.read_text(encoding="utf-8"), rules=rules)


def decisions(result: Result) -> dict[int, tuple[str, str]]:
    return {e.lines[0]: (e.action, e.after) for e in result.report.edits if e.stage == "hyphens"}


@pytest.mark.parametrize(("line", "action", "form"), [
    (25, "join", "escalates"), (31, "join", "deadline"), (63, "join", "Pakistan"),
    (406, "join", "Pakistani"), (68, "join", "pressure"), (80, "join", "process"),
    (82, "join", "destabilising"), (129, "join", "Taliban.4"), (142, "join", "Afghanistan,"),
    (146, "join", "Diplomat,"), (202, "join", "September"), (391, "join", "negotiations"),
    (57, "keep", "Tehreek-e-Insaf"), (168, "keep", "Pashtun-majority"),
    (504, "keep", "four-point"),
])
def test_artifacts_hyphens(result: Result, line: int, action: str, form: str) -> None:
    assert decisions(result)[line] == (action, form)
    stem = form.rstrip(".,").replace(".4", "")
    assert stem in result.text


@pytest.mark.parametrize("line", [12, 33, 48, 83, 155, 336])
def test_dangling_hyphens_are_not_glued_and_are_flagged(result: Result, line: int) -> None:
    action, form = decisions(result)[line]
    assert action == "flag" and " " in form  # left as "al- instability", never "alinstability"
    assert form.split()[0] + form.split()[1] not in result.text
    assert form in result.text
    assert any(f.kind == "truncated" and f.line == line for f in result.report.flags)


def test_hyphens_inside_lines_are_untouched(result: Result) -> None:
    assert "so-called anti-Soviet jihad" in result.text
    assert "including al-Qaeda, and" in result.text


def test_page_break_and_footnote_continuations(result: Result) -> None:
    # "Tali-" at 343 is continued after a footnote block at 344 of the same page; footnote 3's
    # "Dip-"/"lomat" and footnote 55's "Octo-" ... "ber" (on the next line after a blank) too.
    assert decisions(result)[343] == ("join", "Taliban")
    assert "[^3]: The Diplomat, 16 December 2016." in result.text


def test_every_decision_is_an_edit_with_its_reason(result: Result) -> None:
    hyph = [e for e in result.report.edits if e.stage == "hyphens"]
    assert len(hyph) > 50
    assert all(e.reason and e.action in {"join", "keep", "space", "flag"} for e in hyph)
    assert {e.rule for e in hyph} <= {r.id for r in load_rules(use_project_config=False).rules}


@pytest.mark.parametrize(("left", "right", "action"), [
    ("pres-", "sure", "join"), ("dead-", "line", "join"), ("Pashtun-", "majority", "keep"),
    ("four-", "point", "keep"), ("2020-", "21", "keep"), ("anti-", "Soviet", "keep"),
    ("pre-", "and", "space"), ("end-to-", "end", "keep"), ("long-", "term", "keep"),
    ("Akhun-", "zada", "join"), ("cups-", "daemon", "keep"), ("move-", "te", "flag"),
    ("report-", "25", "flag"), ("con\u00ad", "fidence", "join"), ("GOVERN-", "MENT", "join"),
])
def test_decide(left: str, right: str, action: str, rules: RuleSet) -> None:
    decision = decide(left, right, False, Lexicon([]), Hyphens(rules))
    assert decision is not None and decision.action == action, decision


def test_blank_line_between_means_lost_unless_evidence_is_strong(rules: RuleSet) -> None:
    hy, lex = Hyphens(rules), Lexicon([])
    assert decide("in-", "military", True, lex, hy).action == "flag"  # type: ignore[union-attr]
    assert decide("Octo-", "ber", True, lex, hy).action == "join"  # type: ignore[union-attr]
    assert decide("Tehreek-e-", "Insaf", True, lex, hy).action == "keep"  # type: ignore[union-attr]


def test_the_document_outranks_the_lexicon(rules: RuleSet) -> None:
    hy = Hyphens(rules)
    assert decide("start-", "up", False, Lexicon(["a start-up firm"]), hy).action == "keep"  # type: ignore[union-attr]
    assert decide("long-", "term", False, Lexicon(["longterm plans"]), hy).action == "join"  # type: ignore[union-attr]


def test_language_is_set_in_the_rules(tmp_path: Path) -> None:
    (tmp_path / "fr.toml").write_text((Path(__file__).parent.parent / "rules" / "hyphens.toml")
                                      .read_text(encoding="utf-8")
                                      .replace('language = "en"', 'language = "fr"'))
    rules = load_rules([tmp_path], use_project_config=False)
    text = ("Le rapport décrit le déve-\nloppement des coopératives rurales dans la région.\n")
    out = clean(text, rules=rules)
    assert "développement" in out.text
    assert out.report.learned["language"] == "fr"


def test_language_can_be_detected() -> None:
    lex = Lexicon(["Le rapport décrit le développement des coopératives rurales dans la région "
                   "et les politiques de l'eau qui ont été mises en place par les communes."],
                  language="auto")
    assert lex.language == "fr"


@pytest.mark.parametrize(("left", "right"), [
    ("https://www.debian.org/devel/debian-", "installer/"), ("/etc/git-", "buildpackage/gbp.conf."),
    ("debian-", "glibc@lists.debian.org,"), ("/usr/share/doc/radvd/examples/simple-", "radvd.conf"),
])
def test_urls_paths_and_addresses_keep_their_own_hyphens(left: str, right: str,
                                                         rules: RuleSet) -> None:
    decision = decide(left, right, False, Lexicon([]), Hyphens(rules))
    assert decision is not None and (decision.action, decision.rule.id) == (
        "keep", "hyphens.identifier"), decision


def test_a_marker_after_a_full_stop_is_no_file_name(rules: RuleSet) -> None:
    decision = decide("Tali-", "ban.4", False, Lexicon([]), Hyphens(rules))
    assert decision is not None and decision.action == "join"


@pytest.mark.parametrize(("left", "right"), [
    ("unmount-", "ing"), ("virtualiz-", "ers."), ("Softland-", "ing"),
])
def test_a_suffix_continuation_is_a_soft_break(left: str, right: str, rules: RuleSet) -> None:
    decision = decide(left, right, False, Lexicon([]), Hyphens(rules))
    assert decision is not None and decision.action == "join", decision


def test_parts_the_document_uses_as_words_keep_their_hyphen(rules: RuleSet) -> None:
    hy = Hyphens(rules)
    text = ["Run autopkgtest on the package; the testsuite is declared in debian/tests."]
    decision = decide("autopkgtest-", "testsuite", False, Lexicon(text), hy)
    assert decision is not None and decision.action == "keep", decision
    # The pieces of the break itself are no such evidence.
    broken = ["the autopkgtest-", "testsuite (if any) runs"]
    fragments = Counter({"autopkgtest": 1, "testsuite": 1})
    decision = decide("autopkgtest-", "testsuite", False, Lexicon(broken), hy,
                      fragments=fragments)
    assert decision is not None and decision.action == "join", decision


def test_a_conjunction_is_a_suspended_hyphen_only_before_a_compound(rules: RuleSet) -> None:
    hy, lex = Hyphens(rules), Lexicon([])
    assert decide("pre-", "and", False, lex, hy, "post-war").action == "space"  # type: ignore[union-attr]
    assert decide("short-", "and", False, lex, hy, "long-term").action == "space"  # type: ignore[union-attr]
    decision = decide("assigned-", "to", False, lex, hy, "variables")
    assert decision is not None and decision.action == "keep", decision


def test_the_built_in_rules_read_a_german_report_as_german() -> None:
    """The lexicon's language is detected from the document's frequent words (the built-in
    rule says 'auto'): a German manual is judged against German word frequencies, an English
    report against English ones."""
    rules = load_rules(use_project_config=False)
    german = ("Die Arbeit wird in der Regel mit dem Satzsystem erstellt, und sie ist für die "
              "Studierenden ein wichtiges Werkzeug. Das Dokument ist nicht nur für die Arbeit "
              "gedacht, sondern auch für die Lehre und die Forschung an der Hochschule.\n") * 6
    english = ("The report was written for the committee, and it is an important tool for the "
               "members. The document is meant not only for the work of the committee but also "
               "for the public and for the press.\n") * 6
    assert clean(german, rules=rules).report.to_dict()["learned"]["language"] == "de"
    assert clean(english, rules=rules).report.to_dict()["learned"]["language"] == "en"
