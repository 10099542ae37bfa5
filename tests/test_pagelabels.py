"""Printed page labels: parsed from furniture lines, kept only in sequence, the rest inferred."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cleanup import clean
from cleanup.pagelabels import Candidate, Printed, assign, parse, roman_value, to_roman
from cleanup.rules import RuleSet
from tests.conftest import SAMPLE, SYNTHETIC, all_fixtures


@pytest.mark.parametrize(("text", "label", "style"), [
    ("12", "12", "arabic"),
    ("                                       12", "12", "arabic"),
    ("Page 3 of 20", "3", "arabic"),
    ("PAGE 6", "6", "arabic"),
    ("p. 7", "7", "arabic"),
    ("- 6 -", "6", "arabic"),
    ("– 14 –", "14", "arabic"),
    ("xii", "xii", "roman"),
    ("XIV", "XIV", "roman"),
    ("CRS-5", "CRS-5", "prefixed"),
    ("A-3", "A-3", "prefixed"),
    ("202                             ANNALS OF SOFTWARE GOVERNANCE", "202", "arabic"),
    ("STANDARDS BODIES AND SHARED CODE                                  203", "203", "arabic"),
    ("Crisis Group Asia Briefing N°169, 30 June 2021 Page 6", "6", "arabic"),
])
def test_parse_reads_the_printed_label(text: str, label: str, style: str) -> None:
    printed = parse(text)
    assert printed is not None and (printed.label, printed.style) == (label, style)


@pytest.mark.parametrize("text", [
    "Annual Report 2019", "Working Paper 2019/04", "Pakistan: Shoring Up Af",
    "Annals of Software Governance, Vol. 12, No. 3 (1987)", "iiii", "mixed", "",
    "Lower Mekong Water Security Observatory",
])
def test_parse_finds_no_label_where_none_is_printed(text: str) -> None:
    assert parse(text) is None


def test_roman_numerals_round_trip() -> None:
    for n in range(1, 400):
        assert roman_value(to_roman(n)) == n
        assert roman_value(to_roman(n).upper()) == n


def _cands(items: list[tuple[int, str]]) -> list[Candidate]:
    out = []
    for page, text in items:
        printed = parse(text)
        assert printed is not None
        out.append(Candidate(page, 100 * page + 1, printed, "test"))
    return out


def test_a_year_in_every_running_head_is_no_page_number() -> None:
    # "2019" on every page does not step with the pages; the bare numbers do.
    cands = _cands([(p, "Report    2019") for p in range(4)] + [(1, "2"), (2, "3"), (3, "4")])
    labels = assign(cands, [100 * p + 1 for p in range(4)])
    assert [lab.display for lab in labels] == ["1?", "2", "3", "4"]


def test_roman_front_matter_then_arabic_and_a_gap_inferred() -> None:
    cands = _cands([(0, "i"), (1, "ii"), (3, "iv"), (4, "1"), (5, "2"), (7, "4")])
    labels = assign(cands, [100 * p + 1 for p in range(8)])
    assert [lab.display for lab in labels] == ["i", "ii", "iii?", "iv", "1", "2", "3?", "4"]
    assert labels[2].evidence.startswith("ii printed 1 page back")


def test_journal_first_page_numbers_the_pages_when_none_prints_one() -> None:
    text = ("Biometrics 70, 823-834 DOI: 10.1111/biom.12158\n\nEstimating Survival\n\n"
            "The first page of the article has some text.\n"
            "\fThe second page goes on with more of the text of the article.\n"
            "\fAnd the third page ends it.\n")
    result = clean(text)
    assert result.report.metadata["pages"]["value"] == "823-834"
    assert [lab.display for lab in result.report.page_labels] == ["823?", "824?", "825?"]


def _pages(texts: list[str]) -> str:
    body = ("The text on this page runs on for a line or two, as reports do, and then it "
            "stops at the foot of the page.\n")
    return "\f".join(f"{body}\n{t}\n" for t in texts)


@pytest.mark.parametrize(("footers", "want"), [
    (["i", "ii", "iii", "1", "2", "3"], ["i", "ii", "iii", "1", "2", "3"]),
    (["CRS-1", "CRS-2", "", "CRS-4"], ["CRS-1", "CRS-2", "CRS-3?", "CRS-4"]),
    (["A-1", "A-2", "A-3"], ["A-1", "A-2", "A-3"]),
    (["Page 1 of 3", "Page 2 of 3", "Page 3 of 3"], ["1", "2", "3"]),
    (["", "- 2 -", "- 3 -", ""], ["1?", "2", "3", "4?"]),
])
def test_labels_of_each_style_end_to_end(footers: list[str], want: list[str]) -> None:
    result = clean(_pages(footers))
    assert [lab.display for lab in result.report.page_labels] == want


def test_one_explicit_page_number_is_enough() -> None:
    result = clean("Some text of a one-page memo that ends here.\n\nPage 3 of 20\n")
    assert [lab.display for lab in result.report.page_labels] == ["3"]


@pytest.mark.parametrize(("name", "want"), [
    ("formfeed", ["11", "12", "13", "14"]),
    ("page_of", ["1", "2", "3", "4", "5", "6"]),
    ("jstor_modern", ["1?", "2", "3", "4", "5"]),
    ("jstor_modern_cover", ["1", "2", "3", "4"]),
    ("jstor_older_cover", ["201?", "202", "203", "204"]),
    ("quoted_stamp", ["1?", "2?", "3?"]),
    ("plain", ["1?"]),
])
def test_fixture_labels(name: str, want: list[str], rules: RuleSet) -> None:
    text = (SYNTHETIC / f"{name}.txt").read_text(encoding="utf-8")
    result = clean(text, rules=rules)
    assert [lab.display for lab in result.report.page_labels] == want


def test_seed_pages_carry_the_printed_numbers_of_their_footers(rules: RuleSet) -> None:
    result = clean(SAMPLE.read_text(encoding="utf-8"), rules=rules)
    printed = {lab.line: lab.label for lab in result.report.page_labels if not lab.inferred}
    assert printed == {263: "6", 660: "13"}
    assert len(result.report.page_labels) == result.report.pages


@pytest.mark.parametrize("path", all_fixtures(), ids=[p.stem for p in all_fixtures()])
def test_no_label_is_invented(path: Path, rules: RuleSet) -> None:
    """Every label is either marked inferred or read from an input line that prints it."""
    lines = path.read_text(encoding="utf-8").split("\n")
    result = clean("\n".join(lines), rules=rules)
    for lab in result.report.page_labels:
        if lab.inferred:
            assert lab.evidence
            continue
        assert lab.line is not None and lab.label is not None
        assert re.search(rf"(?<![\w-]){re.escape(lab.label)}(?!\w)", lines[lab.line - 1])


def test_the_page_number_chain_labels_pages_when_blank_pages_left_no_trace() -> None:
    """abnTeX2 in pypdf text: the number stands one space from its head ('40 Capítulo 2.
    Resultados', '2.5. Figuras 41'), and the blank versos before each chapter left nothing in
    the text, so the numbers do not step with the pages counted. The page-number chain read
    each number and allowed for the missing pages: its numbers are the pages' labels."""
    body = [f"Body line {k} of this page goes on and on, as a thesis does." for k in range(30)]
    lines: list[str] = []
    numbers = [*range(39, 46), *range(47, 52), *range(53, 58)]  # 46 and 52: blank versos
    for n in numbers:
        lines += [f"{n} Capítulo 2. Resultados" if n % 2 == 0 else f"2.{n - 38}. Seção {n}",
                  *body]
    labels = clean("\n".join(lines)).report.page_labels
    # (The first page's head stays: the document's first line may be its title.)
    assert [lab.label for lab in labels[1:] if not lab.inferred] == [str(n) for n in numbers[1:]]
    assert all("chain" in lab.evidence or "in step" in lab.evidence for lab in labels[1:])


def test_a_page_of_the_text_that_holds_two_printed_pages_is_marked() -> None:
    """A break the page structure did not find leaves two printed numbers on one page of the
    text (GAP's 'GAP — A Tutorial 38' and, under its chapter's opening, '39'): which a line
    stands on is not known, so the label is marked as inferred and says why."""
    cands = [Candidate(p, 100 * p + 1, Printed(str(p + 36), "arabic", p + 36), "test",
                       chained=True) for p in range(2)]
    cands += [Candidate(2, 201, Printed("38", "arabic", 38), "test", chained=True),
              Candidate(2, 250, Printed("39", "arabic", 39), "test", chained=True),
              Candidate(3, 301, Printed("40", "arabic", 40), "test", chained=True)]
    labels = assign(cands, [100 * p + 1 for p in range(4)])
    assert [lab.display for lab in labels] == ["36", "37", "38?", "40"]
    assert "holds the pages printed 38, 39" in labels[2].evidence
