"""The real sample (a Crisis Group briefing from JSTOR) against ../shared/ARTIFACTS.md."""

from __future__ import annotations

import pytest

from cleanup import clean
from cleanup.pipeline import Result
from cleanup.rules import RuleSet
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def result(rules: RuleSet) -> Result:
    return clean(SAMPLE.read_text(encoding="utf-8"), rules=rules, source=SAMPLE.name)


@pytest.fixture(scope="module")
def input_lines() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").split("\n")


def paragraph_with(result: Result, needle: str) -> str:
    (para,) = [p for p in result.text.split("\n\n") if needle in p]
    return para


@pytest.mark.parametrize("line", [256, 257, 261, 263, 653, 654, 658, 660])
def test_stamps_and_running_headers_are_removed(result: Result, input_lines: list[str],
                                                line: int) -> None:
    assert line in result.report.removed_lines()
    assert input_lines[line - 1].strip() not in result.text


def test_removals_are_named_by_rule(result: Result) -> None:
    by_line = {n: e.rule for e in result.report.edits if e.action == "drop" for n in e.lines}
    assert by_line[256] == by_line[653] == "jstor.stamp"
    assert by_line[257] == by_line[654] == "jstor.terms"
    assert by_line[261] == by_line[658] == "furniture.learned"
    # The publisher's footer is named by its profile's rule, not merely learned.
    assert by_line[263] == by_line[660] == "crisis-group.page-footer"
    assert result.report.profiles == ["crisis-group", "jstor"]
    assert "Page 6" not in result.text and "Page 13" not in result.text


def test_title_block_is_kept(result: Result) -> None:
    paragraphs = result.text.split("\n\n")
    assert paragraphs[:3] == ["Pakistan: Shoring Up", "Crisis Group Asia Briefing N°169",
                              "Islamabad/Washington/Brussels, 30 June 2021"]
    removed = result.report.removed_lines()
    assert not {1, 3, 4} & removed


def test_paragraph_cut_by_page_break_continues(result: Result) -> None:
    para = paragraph_with(result, "linkages between the predominantly")
    assert "between the predominantly Pashtun Deobandi Pakistani Taliban and their Afghan " \
           "brethren." in para


def test_headings_stand_alone(result: Result) -> None:
    paragraphs = result.text.split("\n\n")
    for heading in ["I. Overview", "II. Backdrop", "A.", "B. Bringing the Taliban in from the Cold",
                    "C. Facilitating the Peace Process", "III. Back to Square One?",
                    "A. The Costs of International Isolation", "C. Tensions with Kabul"]:
        assert heading in paragraphs


@pytest.mark.parametrize(("before", "after"), [
    # blank lines left by lost text do not end the paragraph
    ("its efforts to convince the Taliban to scale back both their attacks and their aspira-",
     "may yet succeed."),
    ("often looking at Af", "Af[^1] Afghans have historically bristled"),
    ("is likely to fade", "security at home."),
])
def test_artifact_blank_lines_do_not_split_paragraphs(result: Result, before: str,
                                                      after: str) -> None:
    para = paragraph_with(result, before)
    assert after in para


def test_paragraph_ends_are_kept(result: Result) -> None:
    paragraphs = result.text.split("\n\n")
    assert any(p.endswith("have international backing.") for p in paragraphs)
    assert any(p.endswith("may yet succeed.") for p in paragraphs)
    assert any(p.startswith("Pakistan has supported the Afghan peace process") for p in paragraphs)


def test_footnote_blocks_are_set_after_the_body(result: Result) -> None:
    body, _, notes = result.text.partition("\n\n[^1]: Crisis Group telephone interviews")
    assert notes, "footnote 1 opens the notes section"
    assert "Crisis Group telephone interview" not in body.split("IV. Pakistan and the Taliban")[0]
    # footnote 51 runs over the page: one note (598 -> 622)
    note51 = paragraph_with(result, "[^51]: In 1997, for instance")
    assert "near Kabul. Crisis Group telephone interview, October 2020. See also" in note51
    # footnote 13 lost its first line; what survives belongs to it (237, 239, 241)
    note13 = paragraph_with(result, "reconciliation with the Taliban in a speech")
    assert note13.startswith("[^13]: ") and "subsequently assumed a central role" in note13
