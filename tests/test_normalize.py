"""normalize: ftfy repairs, odd spaces, trailing whitespace; raw evidence kept."""

from __future__ import annotations

import pytest

from cleanup.document import Document
from cleanup.rules import RuleSet
from cleanup.stages import normalize


def run(text: str, rules: RuleSet) -> tuple[list[str], list[tuple[str, int]]]:
    doc, changes = normalize.run(Document.from_text(text), rules)
    return [ln.text for ln in doc.lines], [(e.rule, e.lines[0]) for e in changes.edits]


@pytest.mark.parametrize(("raw", "fixed"), [
    ("ﬁnancial ﬂows", "financial flows"),
    ("NÂ°169", "N°169"),
    ("donâ€™t", "don’t"),
    ("Rapha\u00c3\u00abl", "Raphaël"),
])
def test_mojibake_and_ligatures_are_repaired(raw: str, fixed: str, rules: RuleSet) -> None:
    texts, edits = run(raw + "\n", rules)
    assert texts == [fixed]
    assert edits == [("normalize.ftfy", 1)]


@pytest.mark.parametrize("clean_text", [
    "“Curly quotes” stay curly — and dashes stay dashes.",
    "Crisis Group Asia Briefing N°169, 30 June 2021",
    "Tehreek-e-Insaf, al-Qaeda, naïve, Zürich, 2,430km",
])
def test_clean_text_is_not_touched(clean_text: str, rules: RuleSet) -> None:
    texts, edits = run(clean_text + "\n", rules)
    assert texts == [clean_text] and edits == []


def test_odd_spaces_and_trailing_whitespace(rules: RuleSet) -> None:
    doc, changes = normalize.run(Document.from_text("10\u00a0000 in\u2009Kabul  \n \n"), rules)
    assert [ln.text for ln in doc.lines] == ["10 000 in Kabul", ""]
    assert [ln.raw for ln in doc.lines] == ["10\u00a0000 in\u2009Kabul  ", " "]
    assert [e.rule for e in changes.edits] == ["normalize.odd-spaces"]


def test_leading_spaces_are_kept_for_layout_evidence(rules: RuleSet) -> None:
    texts, _ = run(" particularly close ties\n", rules)
    assert texts == [" particularly close ties"]


def test_ftfy_can_be_disabled(rules: RuleSet) -> None:
    without = RuleSet([r for r in rules.rules if r.id != "normalize.ftfy"])
    texts, edits = run("NÂ°169\n", without)
    assert texts == ["NÂ°169"] and edits == []


def test_a_stray_carriage_return_parts_two_words_with_a_space(rules: RuleSet) -> None:
    doc, changes = normalize.run(Document.from_text("axis\ra\nnext line\n"), rules)
    assert doc.lines[0].text == "axis a"
    assert any(e.lines == (1,) for e in changes.edits)
