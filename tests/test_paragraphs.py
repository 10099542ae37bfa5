"""paragraphs: blank lines weighed, not obeyed; headings; notes after the body."""

from __future__ import annotations

import pytest

from cleanup import clean
from cleanup.rules import RuleSet

W = "Word " * 12  # a full-measure line, so that short lines look short
W = W.strip()


def paras(text: str, rules: RuleSet) -> list[str]:
    return clean(text, rules=rules).text.rstrip("\n").split("\n\n")


def test_blank_line_after_an_unfinished_sentence_is_an_artifact(rules: RuleSet) -> None:
    text = f"{W} the Taliban to scale back both their attacks\n\nmay yet succeed.\n"
    assert paras(text, rules) == [f"{W} the Taliban to scale back both their attacks may yet "
                                  "succeed."]


def test_blank_line_between_sentences_ends_a_paragraph(rules: RuleSet) -> None:
    text = f"{W} first paragraph ends here.\n\nThe second one starts.\n"
    assert paras(text, rules) == [f"{W} first paragraph ends here.", "The second one starts."]


def test_lowercase_continuation_after_a_blank_line(rules: RuleSet) -> None:
    text = f"{W} which ended in 1947.\n\nregime, Pakistan provided shelter.\n"
    assert len(paras(text, rules)) == 1


def test_two_trailing_spaces_end_a_paragraph_in_layouts_that_use_them(rules: RuleSet) -> None:
    lines = [f"{W} sentence {i}.  \nNext paragraph {i} goes on\n{W} and ends.  " for i in range(3)]
    text = "\n".join(lines) + "\n"
    assert len(paras(text, rules)) == 6


def test_indented_first_lines_start_paragraphs(rules: RuleSet) -> None:
    text = "".join(f"   Paragraph {i} starts here and\n{W} goes on for a while\n{W} and on.\n"
                   for i in range(4))
    assert [p.split()[1] for p in paras(text, rules)] == ["0", "1", "2", "3"]


@pytest.mark.parametrize("heading", ["I. Overview", "B. Bringing the Taliban in from the Cold",
                                     "3.1 Sampling", "TURN Server", "III. Back to Square One?"])
def test_headings_are_paragraphs_of_their_own(heading: str, rules: RuleSet) -> None:
    text = f"{W} previous text ends.\n\n{heading}\n\nThe section begins {W}\nand goes on.\n"
    assert paras(text, rules)[1] == heading


@pytest.mark.parametrize("line", ["A U.S. analyst commented that the Trump",
                                  "In an interview with a German newsmagazine in May"])
def test_cut_lines_between_blanks_are_not_headings(line: str, rules: RuleSet) -> None:
    text = f"{W} the process.19\n\n{line}\n\n20 then, as now, determined the direction.\n"
    result = clean(text, rules=rules)
    assert not any(e.action == "heading" for e in result.report.edits)


def test_line_end_hyphen_follows_the_hyphens_decision(rules: RuleSet) -> None:
    assert paras(f"{W} renewed pres-\nsure from Kabul.\n", rules) == \
        [f"{W} renewed pressure from Kabul."]
    assert paras(f"{W} continue to sputter or al-\n\ninstability grows.\n", rules) == \
        [f"{W} continue to sputter or al- instability grows."]


def test_without_hyphen_rules_a_hyphen_stays_and_is_not_glued_across_a_gap(
        rules: RuleSet) -> None:
    bare = RuleSet([r for r in rules.rules if r.stage != "hyphens"])
    assert paras(f"{W} renewed pres-\nsure from Kabul.\n", bare) == \
        [f"{W} renewed pres-sure from Kabul."]
    assert paras(f"{W} continue to sputter or al-\n\ninstability grows.\n", bare) == \
        [f"{W} continue to sputter or al- instability grows."]


def test_soft_hyphen_at_line_end_joins(rules: RuleSet) -> None:
    assert paras(f"{W} con\u00ad\nfidence grew.\n", rules) == [f"{W} confidence grew."]


def test_lone_marker_belongs_to_the_text_before(rules: RuleSet) -> None:
    text = f"{W} said Pakistan had.\n12\n\nTaliban into the mainstream.\n"
    assert paras(text, rules) == [f"{W} said Pakistan had. 12", "Taliban into the mainstream."]


def test_notes_follow_the_body_and_page_break_does_not_split_paragraph(rules: RuleSet) -> None:
    text = (f"{W} the close ethnic linkages between the predominantly\n \n \n"
            "57 After two such attacks in September 2019.\n\n"
            "This content downloaded from 1.2.3.4 on Tue, 08 Feb 2022 02:22:36 UTC\n"
            "All use subject to https://about.jstor.org/terms\n\n"
            "Pashtun Deobandi Pakistani Taliban and their brethren.\n")
    assert paras(text, rules) == [
        f"{W} the close ethnic linkages between the predominantly Pashtun Deobandi Pakistani "
        "Taliban and their brethren.",
        "[^57]: After two such attacks in September 2019."]


def test_text_already_one_paragraph_per_line_is_left_as_is(rules: RuleSet) -> None:
    expected = ["Title", "A first paragraph that is finished.", "A second one, cut short by the",
                "extraction, resumes in lower case.", "A third.", "A fourth.", "A fifth."]
    assert paras("\n\n".join(expected) + "\n", rules) == expected


def test_contents_and_index_entries_keep_their_lines(rules: RuleSet) -> None:
    """A contents page read without blank lines: entries with dot leaders, and the chapter
    entries between them that have none, each stay a line (issue 19, class 6); the prose
    before the contents is not glued to it."""
    text = ("Antworten liefert die DanteFAQ, und Fehler meldet man im Forum, bevor man\n"
            "eine neue Version installiert\n"
            "1 Einleitung 9\n"
            "1.1 Bestandteile des Bundles . . . . . . . . . . . . . . . . 10\n"
            "1.2 Zur Verwendung dieses Handbuchs . . . . . . . . . . . . . 11\n"
            "I Das TUD-Script-Bundle 13\n"
            "2 Die Hauptklassen 14\n"
            "2.1 Die Schriften des Corporate Designs . . . . . . . . . . . 15\n"
            "ellipsis (Paket) . . . . . . . . . . . . . 104, 121\n")
    got = paras(text, rules)
    assert got[1:] == ["1 Einleitung 9",
                       "1.1 Bestandteile des Bundles . . . . . . . . . . . . . . . . 10",
                       "1.2 Zur Verwendung dieses Handbuchs . . . . . . . . . . . . . 11",
                       "I Das TUD-Script-Bundle 13", "2 Die Hauptklassen 14",
                       "2.1 Die Schriften des Corporate Designs . . . . . . . . . . . 15",
                       "ellipsis (Paket) . . . . . . . . . . . . . 104, 121"]


def test_a_number_over_the_title_block_leaves_the_block_its_lines(rules: RuleSet) -> None:
    """ACM prints the article number over the title ("111"), pypdf with no blank lines: the
    number stands apart, and the title and author lines under it stay lines of their own,
    not glued into the abstract; "1 INTRODUCTION" is a heading too."""
    text = ("111\nThe Name of the Title Is Hope\n"
            "BEN TROVATO and G.K.M. TOBIN, Institute for Clarity in Documentation, USA\n"
            "LARS THORVALD, The Thorvald Group, Iceland\n"
            "A clear and well-documented LaTeX document is presented as an article formatted for\n"
            "publication by ACM in a conference proceedings or journal publication, based on\n"
            "the acmart document class.\n"
            "1 INTRODUCTION\n"
            "ACM's consolidated article template, introduced in 2017, provides a consistent\n"
            "style for use across ACM publications.\n")
    assert paras(text, rules)[:4] == [
        "111", "The Name of the Title Is Hope",
        "BEN TROVATO and G.K.M. TOBIN, Institute for Clarity in Documentation, USA",
        "LARS THORVALD, The Thorvald Group, Iceland"]
    assert "1 INTRODUCTION" in paras(text, rules)


def test_a_heading_the_contents_list_keeps_its_line(rules: RuleSet) -> None:
    """pypdf sets no blank line around headings; "16. The 0.x Releases" has a point inside
    its title, so no numbered-heading pattern takes it, and was glued to its first paragraph.
    The document's contents list it ("16. The 0.x Releases . . . . 9"): that is the evidence,
    case and punctuation aside. A line that reads as no entry joins as before."""
    text = ("Contents\n16. The 0.x Releases . . . . . . . . . . 9\n"
            "17. The Early Years . . . . . . . . . . . 10\n"
            f"{W} and the history ends.\n16. The 0.X releases\n"
            f"Debian was begun in August 1993 by Ian Murdock, {W}\n"
            "then an undergraduate at Purdue University.\nThe early years\n"
            "were a time of growth.\n")
    out = paras(text, rules)
    assert "16. The 0.X releases" in out
    assert any(p.startswith("Debian was begun") for p in out)
    assert "The early years" not in out and "The early years were a time of growth." in out


def test_no_paragraph_runs_across_an_empty_page(rules: RuleSet) -> None:
    """abnTeX2 as pypdf joins it: a preface signed 'Lauro César Araujo', then an empty page
    (a blank line), then the part page 'Parte I'. The signature ends no sentence, but no
    text runs across an empty page: the part's title is not glued to it."""
    body = [f"{W} chapter body line {k} goes on." for k in range(30)]
    lines = ["Prefácio", *body[:10], "Equipe abnTEX2", "Lauro César Araujo", "",
             "Parte I", "Preparação da pesquisa", ""]
    n = 39
    for chapter in range(1, 6):
        lines += [str(n), f"Capítulo {chapter}", *body, f"{n + 1} Capítulo {chapter}. Título",
                  *body, ""]
        n += 3
    text = clean("\n".join(lines[:-1]), rules=rules).text
    assert "Lauro César Araujo Parte I" not in text
    assert "Lauro César Araujo\n\nParte I" in text
