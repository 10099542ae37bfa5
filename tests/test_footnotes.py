"""footnotes: markers found by a global alignment and linked to their bodies (ARTIFACTS.md)."""

from __future__ import annotations

import re

import pytest

from cleanup import clean
from cleanup.document import Document
from cleanup.pipeline import Result, clean_document
from cleanup.rules import RuleSet
from cleanup.stages.footnotes import Candidate, align
from tests.conftest import SAMPLE


@pytest.fixture(scope="module")
def result(rules: RuleSet) -> Result:
    return clean(SAMPLE.read_text(encoding="utf-8"), rules=rules)


def body_and_notes(result: Result) -> tuple[str, list[str]]:
    paragraphs = result.text.rstrip("\n").split("\n\n")
    k = next(i for i, p in enumerate(paragraphs) if p.startswith("[^1]: "))
    return "\n\n".join(paragraphs[:k]), paragraphs[k:]


@pytest.mark.parametrize("text", [
    "territories.[^2] The", "insurgents.[^3]", "Omar.[^5]", "cause.[^6]",
    "often looking at Af[^1] Afghans have historically",
    "said Pakistan ha[^12]", "Trump[^20] then, as now, determined", "Baradar",
])
def test_markers_as_listed(result: Result, text: str) -> None:
    body, _ = body_and_notes(result)
    assert text in body


@pytest.mark.parametrize(("line", "number"), [
    (209, 12), (282, 18), (300, 23), (289, 20), (339, 25), (389, 31), (550, 47), (704, 64)])
def test_detached_markers_are_linked_from_their_lines(result: Result, line: int,
                                                       number: int) -> None:
    links = {e.lines[0]: e.after for e in result.report.edits if e.action == "link"}
    assert f"[^{number}]" in links[line]


@pytest.mark.parametrize("text", ["12 September 2020", "1947, Pakistan", "2,430km", "1971 Indo",
                                  "the 1 May", "$1.4 billion", "N°169", "843 planned"])
def test_numbers_that_are_no_markers_stay(result: Result, text: str) -> None:
    body, _ = body_and_notes(result)
    assert text in body


@pytest.mark.parametrize("note", [
    "[^1]: Crisis Group telephone interviews, former Pakistan ambassador, January 2021; former "
    "senator from Khyber Pakhtunkhwa province, October 2020. See also Crisis Group Asia Report "
    "N°262, , 28 October 2014.",
    "[^3]: The Diplomat, 16 December 2016.",
    "[^4]: For background on the Taliban movement, see Ahmed Rashid, Taliban: The Story of the "
    "Afghan Warlords (London, 2001).",
    "[^18]: CBS, 21 August 2017.",
])
def test_note_bodies_as_listed(result: Result, note: str) -> None:
    assert note in body_and_notes(result)[1]


def test_note_13_lost_its_first_line_and_keeps_the_rest(result: Result) -> None:
    (note,) = [n for n in body_and_notes(result)[1] if n.startswith("[^13]: ")]
    assert note.startswith("[^13]: reconciliation with the Taliban")
    assert "subsequently assumed a central role" in note


def test_note_51_continues_over_the_page(result: Result) -> None:
    (note,) = [n for n in body_and_notes(result)[1] if n.startswith("[^51]: ")]
    assert "near Kabul. Crisis Group telephone interview, October 2020. See also" in note


def test_every_surviving_note_has_one_marker_and_one_definition(result: Result) -> None:
    body, notes = body_and_notes(result)
    defined = [int(m.group(1)) for n in notes if (m := re.match(r"\[\^(\d+)\]: ", n))]
    assert defined == sorted(defined) and len(defined) == len(set(defined))
    markers = [int(n) for n in re.findall(r"\[\^(\d+)\]", body)]
    assert len(markers) == len(set(markers)), "a number is marked twice"
    lost_bodies = {f.line for f in result.report.flags if f.kind == "footnote_unmatched_marker"}
    unmarked = [f for f in result.report.flags if f.kind == "footnote_unmatched_body"]
    # every number 1-75 is accounted for: linked both ways, or reported
    for n in range(1, 76):
        assert n in markers or any(f.text.startswith(f"{n} ") for f in unmarked), n
        assert n in defined or n in {int(re.search(r"(\d+)", f.reason).group(1))  # type: ignore[union-attr]
                                     for f in result.report.flags
                                     if f.kind == "footnote_unmatched_marker"}, n
    assert len(lost_bodies) == 3  # 6, 60 and 74: only the number survives in the blocks
    assert sorted(set(range(1, 76)) - set(defined)) == [6, 60, 74]
    assert not unmarked


def test_markers_and_bodies_are_reported(result: Result) -> None:
    notes = {n["label"]: n for n in result.report.learned["footnotes"]}  # type: ignore[union-attr]
    assert notes["2"]["marker_line"] == 108 and notes["2"]["body_lines"][0] == 141
    assert notes["13"]["body_lines"] == [237, 239, 241]


def test_alignment_prefers_the_sequence_over_local_patterns() -> None:
    def cand(pos: int, value: int, score: float) -> Candidate:
        return Candidate(pos, 0, 1, value, "inline", score)

    # 1 2 3 in order, with a distractor 843 and a stray 2 that would break the order
    cands = [cand(0, 1, 3), cand(1, 2, 3), cand(2, 843, 1), cand(3, 2, 1), cand(4, 3, 3)]
    assert [c.value for c in align(cands, 1.5, 3)] == [1, 2, 3]
    assert [c.index for c in align(cands, 1.5, 3)] == [0, 1, 4]


@pytest.mark.parametrize("mode", ["strip", "inline"])
def test_modes(mode: str, rules: RuleSet) -> None:
    doc = Document.from_text(SAMPLE.read_text(encoding="utf-8"))
    doc.options["footnotes"] = mode
    out = clean_document(doc, rules).text
    if mode == "strip":
        assert "[^" not in out and "Crisis Group telephone interview" not in out
        assert "territories. The dispute" in out
    else:
        paragraphs = out.split("\n\n")
        k = next(i for i, p in enumerate(paragraphs) if p.startswith("[^1]: "))
        assert any(p.startswith("[^5]: ") for p in paragraphs[k:k + 10])
        assert paragraphs[-1].startswith("[^") or "[^75]" in out


def test_numbering_that_restarts_gets_chapter_labels(rules: RuleSet) -> None:
    text = ("Chapter one ends with a claim.1 And another.2\n \n \n1 First note.\n2 Second note.\n\n"
            "This content downloaded from 1.2.3.4 on Tue, 08 Feb 2022 02:22:36 UTC\n\n"
            "Chapter two starts with its own claim.1\n \n \n1 A new first note.\n")
    out = clean(text, rules=rules).text
    assert "claim.[^1]" in out and "claim.[^2.1]" in out
    assert "[^2.1]: A new first note." in out and "[^1]: First note." in out


def test_symbol_footnotes(rules: RuleSet) -> None:
    text = "The claim rests on one survey.*\n \n \n* Survey of 2019, unpublished.\n"
    out = clean(text, rules=rules).text
    assert "survey.[^*]" in out and "[^*]: Survey of 2019, unpublished." in out


@pytest.mark.parametrize(("line", "marked"), [
    ("It is the system that is2 composed of free software.", "that is[^2] composed"),
    ("The licence is the GNU2 General Public License.", "the GNU[^2] General"),
    ("Then mention “raid”).2 Back to the menu.", "“raid”).[^2] Back"),
    ("The release came out in April 06.2 Anthony", "April 06.[^2] Anthony"),
    ("Debian 0.91 (January 1994):2 This release", "(January 1994):[^2] This"),
    ("It consisted of over2 1500 packages.", "of over[^2] 1500 packages"),
])
def test_markers_glued_where_the_superscript_fell(rules: RuleSet, line: str,
                                                   marked: str) -> None:
    text = f"A first claim.1 Then:\n{line}\n \n \n1 First note.\n2 Second note.\n"
    out = clean(text, rules=rules).text
    assert marked in out and "[^1]: First note." in out and "[^2]: Second note." in out


def test_a_letter_with_a_number_glued_is_a_subscript_not_a_marker(rules: RuleSet) -> None:
    """'z1', 'E2': a variable's index, where the notes' numbers would make them markers; a
    one-letter word still takes one ('as a2 starting point')."""
    text = ("A first claim.1 The interpreter knows the values of z2, z3 and E2 here.\n"
            "Use the list as a2 starting point, and don't3 stop.\n \n \n1 First note.\n"
            "2 Second note.\n3 Third note.\n")
    out = clean(text, rules=rules).text
    assert "values of z2, z3 and E2 here" in out and "as a[^2] starting" in out
    assert "don't[^3] stop" in out


def test_a_chapters_number_over_its_first_section_is_no_marker(rules: RuleSet) -> None:
    """dramatist in pypdf: '... inside a drama* environment.' / '2 User interface' / '2.1
    Package Options': the 2 numbers the chapter, though a note 2 is on the page."""
    text = ("A first claim.1 It works inside a drama environment.\n2 User interface\n"
            "2.1 Package Options\nThe options are few.\n \n \n1 First note.\n2 Second note.\n")
    out = clean(text, rules=rules).text
    assert "environment.[^2]" not in out and "2 User interface" in out


def test_numbers_glued_to_words_are_no_markers_without_numbered_notes(rules: RuleSet) -> None:
    text = "The meeting Debconf1 was held, and Debconf2 after it.\n \n \n* An unnumbered note.\n"
    out = clean(text, rules=rules).text
    assert "Debconf1 was" in out and "Debconf2 after" in out and "[^1]" not in out


def test_a_note_whose_first_line_was_lost_is_not_glued_to_the_one_before(
        rules: RuleSet) -> None:
    # note 3's first line, with its number, was lost: a blank line is left in the block
    text = ("A claim.2 Another claim.3 And a third.4\n \n \n"
            "2 The second note ends here.\n\nrest of the third note, which lost its first line.\n"
            "4 The fourth note.\n")
    out = clean(text, rules=rules).text
    assert "[^2]: The second note ends here." in out
    assert "[^3]: rest of the third note, which lost its first line." in out
    assert "claim.[^3]" in out


def test_a_gap_inside_a_note_without_a_marker_for_the_next_keeps_it_whole(
        rules: RuleSet) -> None:
    text = ("A claim.1 Another claim.\n \n \n"
            "1 The first note runs on and\n\nends after a line that was lost.\n")
    out = clean(text, rules=rules).text
    assert "[^1]: The first note runs on and ends after a line that was lost." in out
    assert "[^2]" not in out

