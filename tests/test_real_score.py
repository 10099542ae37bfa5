"""The real-corpus scorer (benchmarks/real/score.py) and its naive baseline.

The scorer must count furniture glued into a reflowed paragraph as left, give nothing left
and nothing lost for the truth's own clean text, and everything left for the input unchanged.
"""

from __future__ import annotations

import sys
from typing import Any

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks" / "real"))

import evaluate
import real_score as score

BODY = [
    "The committee met on three occasions during the spring and agreed that the",
    "proposal should go forward.1 Its members noted that funding remained uncertain.",
    "1 See the minutes of the March meeting for the vote.",
]
PAGE2 = [
    "A second round of talks began in the summer, with new members from the",
    "regional offices who had not been part of the first discussions at all.",
]


def _doc() -> tuple[str, dict[str, Any], list[int]]:
    page1 = ["Annual Review of Regional Policy", *BODY, "12"]
    page2 = ["Annual Review of Regional Policy", *PAGE2, "13"]
    text = "\n".join(page1 + page2)
    truth = {"page_truth": [
        {"furniture": [{"text": "Annual Review of Regional Policy", "kind": "header"},
                       {"text": "12", "kind": "page_number"}],
         "notes": [{"label": "1", "text": "See the minutes of the March meeting for the vote."}],
         "markers": [{"label": "1", "before": "forward."}]},
        {"furniture": [{"text": "Annual Review of Regional Policy", "kind": "header"},
                       {"text": "13", "kind": "page_number"}]},
    ]}
    return text, truth, [len(page1) + 1]


def test_clean_output_scores_perfect() -> None:
    text, truth, starts = _doc()
    clean = (" ".join(BODY[:2]).replace("forward.1", "forward.[^1]") + " " + " ".join(PAGE2)
             + "\n\n[^1]: See the minutes of the March meeting for the vote.\n")
    s = score.score(text, clean, truth, starts, starts).summary()
    assert s["furniture_left"] == 0.0 and s["body_lost"] == 0.0
    assert s["marker_f1"] == 1.0 and s["notes"] == 1.0 and s["wrong_markers"] == 0
    assert s["page_p"] == 1.0 and s["page_r"] == 1.0


def test_input_unchanged_leaves_all_furniture() -> None:
    text, truth, starts = _doc()
    s = score.score(text, text, truth, starts, []).summary()
    assert s["furniture_left"] == 1.0 and s["furniture_whole"] == 1.0
    assert s["body_lost"] == 0.0 and s["marker_f1"] == 0.0 and s["page_r"] == 0.0


def test_furniture_glued_into_a_paragraph_is_left_but_not_whole() -> None:
    text, truth, starts = _doc()
    glued = (" ".join(BODY[:2]) + " 12 Annual Review of Regional Policy " + " ".join(PAGE2)
             + "\n")
    s = score.score(text, glued, truth, starts, starts).summary()
    assert s["furniture_left"] == 0.5  # the page-1 foot and the page-2 head
    assert s["furniture_whole"] == 0.0


def test_lost_body_words_are_counted() -> None:
    text, truth, starts = _doc()
    s = score.score(text, "The committee met\n", truth, starts, starts).summary()
    assert s["body_lost"] > 0.9


def test_page_numbers_linked_as_markers_are_wrong() -> None:
    text, truth, starts = _doc()
    out = text.replace("\n12", "\n[^12]").replace("\n13", "\n[^13]")
    assert score.score(text, out, truth, starts, starts).summary()["wrong_markers"] == 2


def test_naive_rule_drops_heads_at_page_edges_only() -> None:
    text, _, starts = _doc()
    out = evaluate.naive(text, starts, feeds=False)
    assert "Annual Review" not in out and "\n12" not in out
    assert "committee met" in out
    with_ff = evaluate.naive(text.replace("\nAnnual", "\fAnnual", 2), None, feeds=True)
    assert "committee met" in with_ff


def test_restarted_labels_and_glued_numbers_score_as_printed() -> None:
    """``[^2.1]`` (note 1 of a numbering that restarted) is the printed marker 1; a marker or
    note number glued to a word in the input ("arrays,1" is split already; "with1", "1See")
    is not a word lost when the output splits it off."""
    text = ("A long first sentence about RAID arrays with1 many words in it here.\n"
            "1See the minutes of the March meeting.\n")
    truth = {"page_truth": [{"furniture": [], "markers": [{"label": "1", "before": "with"}],
                             "notes": [{"label": "1",
                                        "text": "See the minutes of the March meeting."}]}]}
    out = ("A long first sentence about RAID arrays with[^2.1] many words in it here.\n\n"
           "[^2.1]: See the minutes of the March meeting.\n")
    s = score.score(text, out, truth, None, None).summary()
    assert s["marker_f1"] == 1.0 and s["notes"] == 1.0
    assert s["body_lost"] == 0.0
    lost = score.score(text, out.replace("March ", ""), truth, None, None).summary()
    assert lost["body_lost"] > 0.0


def test_furniture_set_apart_on_its_page_is_found_there_not_in_the_contents() -> None:
    """pdftotext puts a head's number on a line of its own; the head is looked for on its
    page, its words in order near the page's edge, never in a table of contents that
    happens to list the same words."""
    text = ("Contents\n10.92 search.hpp . . . 145\n\f10.92 search.hpp\nbody text of the page "
            "goes on here\n145\n\f")
    truth = {"page_truth": [{"furniture": []},
                            {"furniture": [{"text": "10.92 search.hpp 145", "kind": "header"}]}]}
    starts = evaluate.true_starts(text, truth, "pdftotext")
    _, _, idx = score.furniture_positions(text, truth, starts)[0]
    toks = score.tokens(text)
    assert [toks[i] for i in idx] == ["10", "92", "search", "hpp", "145"] and min(idx) >= 6
    cleaned = "Contents\n10.92 search.hpp . . . 145\nbody text of the page goes on here\n"
    assert score.score(text, cleaned, truth, starts, None).summary()["furniture_left"] == 0.0


def test_marker_syntax_the_input_already_had_is_not_a_wrong_marker() -> None:
    """PARI writes ``v[^i]`` (v without entry i): cleanup did not link it."""
    text, truth, starts = _doc()
    text = text.replace("three occasions", "v[^3] occasions")
    out = text.replace("\n12", "\n[^12]")
    assert score.score(text, out, truth, starts, starts).summary()["wrong_markers"] == 1


def test_a_marker_after_a_word_hyphenated_across_lines_matches_its_last_piece() -> None:
    """The geometry truth records the word printed on the marker's line: ``währt`` for
    ``be-`` / ``währt``. Cleanup rejoins the word; the marker is still right. A different
    word that merely shares a short ending is not."""
    want = score.Counter({("7", "währt"): 1, ("8", "ab"): 1})
    got = score.Counter({("7", "bewährt"): 1, ("8", "grab"): 1})
    assert score.matched_markers(want, got) == score.Counter({("7", "bewährt"): 1})


def test_furniture_whose_spaces_the_extraction_lost_is_found_on_its_page() -> None:
    """pypdf reads some fonts' word gaps as kerning: the truth's "Debian New Maintainers’
    Guide 5 / 57" is "DebianNewMaintainers’Guide 5 / 57" in the text. It is the same line,
    counted as furniture (left when kept), not as body words lost when dropped."""
    body = "\n".join(f"Body line {k} of the guide with enough words." for k in range(6))
    text = f"{body}\nDebianNewMaintainers’Guide 5 / 57\n{body}\n"
    truth = {"page_truth": [
        {"furniture": [{"text": "Debian New Maintainers’ Guide 5 / 57", "kind": "header"}]},
        {"furniture": []}]}
    starts = evaluate.true_starts(text, truth, "pypdf") or [8]
    cleaned = f"{body}\n{body}\n"
    kept = score.score(text, text, truth, starts, None).summary()
    dropped = score.score(text, cleaned, truth, starts, None).summary()
    assert kept["furniture"] == 1 and kept["furniture_left"] == 1.0
    assert dropped["furniture_left"] == 0.0 and dropped["body_lost"] == 0.0


def test_a_note_continued_on_the_next_page_is_one_note_either_way_the_truth_says_it() -> None:
    """The geometry labeller gives a note's part on each page (text, then the next page's
    note_continuations); the typeset corpus gives the whole note from its source and lists the
    part set on the next page again. Both read as the one whole note, never its tail twice."""
    whole = "See the minutes of the March meeting for the vote and the debate before it."
    out = f"Body.[^1]\n\n[^1]: {whole}\n"
    page_part = {"page_truth": [
        {"notes": [{"label": "1", "text": "See the minutes of the March meeting"}],
         "markers": [{"label": "1", "before": "Body."}]},
        {"note_continuations": ["for the vote and the debate before it."]}]}
    source_whole = {"page_truth": [
        {"notes": [{"label": "1", "text": whole}], "markers": [{"label": "1", "before": "Body."}]},
        {"note_continuations": ["for the vote and the debate before it."]}]}
    for truth in (page_part, source_whole):
        fig = score.Figures()
        score._notes(fig, out, truth)
        assert (fig.notes_true, fig.notes_right) == (1, 1)


def test_canonically_equal_words_are_the_same_words() -> None:
    """NFC turns Devanagari "य़" (U+095F, a composition exclusion) into "य" and a nukta, and
    Python's \\w leaves the nukta out: a word the cleanup normalised is still there. A stray
    Latin mark (pypdf's grave before "foo", the labeller's after "F") is no part of a word."""
    assert score.tokens("\u095f\u0915\u093e") == score.tokens("\u092f\u093c\u0915\u093e")
    assert score.tokens("why is \u0300foo-data") == score.tokens("WHY IS F\u0300OO-DATA")


def test_a_head_that_repeats_the_heading_under_it_is_left_only_if_the_output_has_both() -> None:
    """A head repeats the section heading set under it on the same page ("5 Integration
    with macOS machines" over "5 Integration with macOS machines"): where the output keeps
    the heading only, the alignment may match its words to the head's, but the output holds
    them no more often than the body does, so the head is not left; where it keeps both, the
    head is left."""
    body = ["The system is well justified, as any administrator knows by now, and more.",
            "Integration with macOS machines",
            "macOS machines provide network services such as file servers and printers."]
    page1 = ["Integration with macOS machines", *body, "12"]
    text = "\n".join(page1)
    truth = {"page_truth": [{"furniture": [
        {"text": "Integration with macOS machines", "kind": "header"},
        {"text": "12", "kind": "page_number"}]}]}
    removed = " ".join(body) + "\n"
    s = score.score(text, removed, truth, None, None).summary()
    assert s["furniture_left"] == 0.0
    kept = "Integration with macOS machines " + removed
    assert score.score(text, kept, truth, None, None).summary()["furniture_left"] == 0.5


def test_an_aligned_run_the_body_holds_as_often_is_the_body_s() -> None:
    """The tie itself: the alignment marked the head's words (positions 0-4) as kept, though
    the output's one copy is the heading's (positions 5-9)."""
    head = ["5", "integration", "with", "macos", "machines"]
    src = [*head, *head, "macos", "machines", "provide", "services"]
    furn = {0, 1, 2, 3, 4}
    mask = [True] * 5 + [False] * 5 + [True] * 4
    one = score._GramCounts(src, [*head, "macos", "machines", "provide", "services"], furn)
    assert one.explained([0, 1, 2, 3, 4], mask)
    both = score._GramCounts(src, [*head, *head, "macos", "machines"], furn)
    assert not both.explained([0, 1, 2, 3, 4], mask)


def test_a_head_whose_number_pdftotext_sets_after_the_foot_is_found_in_both_places() -> None:
    """Doxygen's head '7.1 raptor Namespace Reference 17': pdftotext sets its words at the
    page's top and its number after the foot, more than a page edge's tokens apart. Both
    pieces are the head's, so removing them loses no body word."""
    body = " ".join(f"word{k}" for k in range(80))
    text = (f"Title page\n\f7.1 raptor Namespace Reference\n{body}\nGenerated by Doxygen\n17\n\f")
    truth = {"page_truth": [
        {"furniture": []},
        {"furniture": [{"text": "7.1 raptor Namespace Reference 17", "kind": "header"},
                       {"text": "Generated by Doxygen", "kind": "footer"}]}]}
    starts = evaluate.true_starts(text, truth, "pdftotext")
    (_, _, head), _ = score.furniture_positions(text, truth, starts)
    toks = score.tokens(text)
    assert [toks[i] for i in head] == ["7", "1", "raptor", "namespace", "reference", "17"]
    cleaned = f"Title page\n{body}\n"
    summary = score.score(text, cleaned, truth, starts, None).summary()
    assert summary["furniture_left"] == 0.0 and summary["body_lost"] == 0.0
