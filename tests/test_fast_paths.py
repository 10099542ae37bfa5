"""Shortcuts taken for speed (issue 22) give the answers of the plain computation they replace.

Each test holds a shortcut against the straightforward version it stands for, on inputs built
to reach its edge cases: a wrong shortcut would change outputs silently, which no golden of a
fixed document is sure to catch.
"""

from __future__ import annotations

import itertools
from collections import Counter

import ftfy
import pytest
from ftfy.badness import is_bad
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanup import lexicon
from cleanup.lexicon import Lexicon
from cleanup.stages import normalize, truncation
from cleanup.stages.truncation import Words

VOCAB = ["the", "of", "a", "stand", "standard", "standards", "under", "understand", "rest",
         "restore", "restoration", "ion", "tion", "ation", "data", "x", "it", "item"]
TEXTS = st.lists(st.sampled_from([*VOCAB, ",", ".", "2", "-"]), max_size=120).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(TEXTS, st.sampled_from(VOCAB), st.sampled_from(VOCAB))
def test_pair_recurs_is_a_pair_counted_more_than_once(text: str, a: str, b: str) -> None:
    walked, counted = Lexicon([text]), Lexicon([text])
    assert walked.pair_recurs(a, b) == (counted.pair_count(a, b) > 1)
    assert walked.pair_recurs(a.upper(), b) == (counted.pair_count(a, b) > 1)
    # Past MAX_PAIR_WALKS questions the pairs are counted once: the same answers.
    for x, y in itertools.product(VOCAB, repeat=2):
        assert walked.pair_recurs(x, y) == (counted.pair_count(x, y) > 1), (x, y)


def _pieces(counts: Counter[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Every start and end of the document's longer words with its most used word's count,
    built up front (what the bisection over sorted words answers piece by piece)."""
    heads: dict[str, int] = {}
    tails: dict[str, int] = {}
    for w, n in sorted(counts.items(), key=lambda wn: wn[1]):
        if len(w) >= 4 and "-" not in w:
            heads.update(dict.fromkeys([w[:i] for i in range(1, len(w) - 1)], n))
            tails.update(dict.fromkeys([w[i:] for i in range(2, len(w))], n))
    return heads, tails


@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_word_pieces_by_bisection_match_every_piece_built_up_front(text: str) -> None:
    lex = Lexicon([text])
    words = Words(lex, 1.8)
    heads, tails = _pieces(lex.counts)
    asked = {w[:i] for w in [*VOCAB, "restor", "tand", "nder"] for i in range(1, len(w) + 1)}
    asked |= {w[i:] for w in VOCAB for i in range(len(w))}
    for piece in sorted(asked):
        assert words._piece_count(piece, False) == heads.get(piece, 0), piece
        assert words._piece_count(piece, True) == tails.get(piece, 0), piece
        assert words.is_head(piece) == (piece in heads)
        assert words.is_tail(piece) == (piece in tails)


def test_language_detection_that_stops_early_picks_what_a_full_count_picks() -> None:
    def full(counts: Counter[str]) -> str:
        sample = [w for w, _ in counts.most_common(lexicon.DETECT_SAMPLE) if "-" not in w]
        best, best_score = "en", -1
        for language in lexicon.DETECT_LANGUAGES:
            score = sum(1 for w in sample if lexicon._zipf(w, language) >= 3.0)
            if score > best_score:
                best, best_score = language, score
        return best

    texts = [
        "The committee met eleven times in its first year and reported to the minister.",
        "Le comité s'est réuni onze fois au cours de sa première année et a fait rapport.",
        "Der Ausschuss trat in seinem ersten Jahr elfmal zusammen und berichtete dem Minister.",
        "El comité se reunió once veces en su primer año e informó al ministro.",
        "Il comitato si è riunito undici volte nel primo anno e ha riferito al ministro.",
        "O comitê reuniu-se onze vezes no primeiro ano e informou o ministro.",
        "De commissie kwam in haar eerste jaar elf keer bijeen en bracht verslag uit.",
        "data item stand the of restore de la el und",  # a tie-prone mixture
        "",
        # English with names and code; French with English loanwords.
        "Run dpkg-buildpackage to build the package; lintian then checks its compliance with "
        "the policy, and debsign signs the changes file before the upload to the archive.",
        "Le week-end, le manager du projet lance le build et le test du software open source "
        "avec son équipe, puis publie le package sur le serveur du projet.",
    ]
    for text in texts:
        counts = Lexicon([text], "en").counts
        assert lexicon.detect_language(counts) == full(counts), text


def test_an_english_text_is_english_without_the_other_lexicons(monkeypatch) -> None:
    """Reading six other word lists costs a process 0.65 s: a text whose frequent words are
    common English words does not ask them."""
    asked: set[str] = set()
    zipf = lexicon._zipf

    def spy(word: str, language: str) -> float:
        asked.add(language)
        return zipf(word, language)

    monkeypatch.setattr(lexicon, "_zipf", spy)
    # (Names the lexicon does not know, as manuals have: without them no other language
    # could ever catch up, and none would be asked anyway.)
    text = ("The committee met eleven times in its first year and reported to the minister "
            "that dpkg and lintian were ready.")
    assert lexicon.detect_language(Lexicon([text], "en").counts) == "en"
    assert asked == {"en"}
    french = "Le comité s'est réuni onze fois au cours de sa première année et a fait rapport."
    assert lexicon.detect_language(Lexicon([french], "en").counts) == "fr"


def test_lines_of_ascii_and_typographic_punctuation_are_none_of_ftfys_business() -> None:
    # normalize skips ftfy on such lines; ftfy's mojibake rules look at up to three
    # characters at a time, so every string of up to three of them is checked.
    typographic = "‘’“”–—…•"
    chars = [chr(c) for c in range(0x20, 0x7F) if chr(c) != "&"] + list(typographic)
    assert not normalize._FTFY_CAN_CHANGE.search("".join(chars))
    for n in (1, 2, 3):
        for combo in itertools.product(chars, repeat=n):
            text = "".join(combo)
            if any(c in typographic for c in text):
                assert not is_bad(text), text
    for a, b in itertools.product(chars, repeat=2):
        text = f"word{a}{b}word “x” – y…"
        assert ftfy.fix_text(text, normalize.FTFY_CONFIG) == text, text
    # What ftfy does change still reaches it.
    for damaged in ("donâ€™t", "ﬁnd", "Ａ", "caf\u0065\u0301", "&amp; “x”"):
        assert normalize._FTFY_CAN_CHANGE.search(damaged), damaged


CODEISH = st.text(alphabet=st.sampled_from(list("ab1 \t\xa0\u2003.()[]s|=_\\{}𝑝⟨-")),
                  max_size=30)


@settings(max_examples=400, deadline=None)
@given(CODEISH)
@example("z0..z1 path")
@example("a\xa0\u2003 b cell")
@example("x[] and ]y")
@example("map(T f(T), ...)")
def test_split_code_and_row_tests_match_the_patterns_they_stand_for(text: str) -> None:
    assert truncation._code(text) == bool(truncation._CODE.search(text))
    assert truncation._row_or_code(text) == bool(
        truncation._TABLE_ROW.search(text) or truncation._CODE.search(text))


def test_word_runs_match_the_letter_by_letter_pattern() -> None:
    import re

    letter_by_letter = re.compile(r"[^\W\d_](?:[^\W\d_'’]|[-‐](?=[^\W\d_]))*")
    for text in ("a--b a-b- -ab ab-‐cd x’s don't l'été über-groß 3-d a_b é-1 ‐a‐b‐",
                 "co-operation, self-‐aware; re-\nenter 12th x-ray’s"):
        assert lexicon.WORD.findall(text) == letter_by_letter.findall(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aé1_-‐'’ \nß")), max_size=40))
def test_word_runs_match_on_any_mix(text: str) -> None:
    import re

    letter_by_letter = re.compile(r"[^\W\d_](?:[^\W\d_'’]|[-‐](?=[^\W\d_]))*")
    assert lexicon.WORD.findall(text) == letter_by_letter.findall(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["12", "Guide", "intro", "3.", "Chapter", "2 / 9", "xii",
                                 "Page", "of", "et al.", "-", "111:5", "Methods", ","]),
                max_size=8).map(" ".join), st.sampled_from(["body", "notes"]))
def test_one_line_folio_test_matches_the_candidate_search(text: str, zone: str) -> None:
    from cleanup.document import Line
    from cleanup.structure import folios

    line = Line(1, text)
    line.zone = zone
    assert folios.is_candidate(line) == bool(folios.candidates([line]))


DAMAGED = (
    "Foreign troops are to withdraw from the country by 11 September, and the talks\n"
    "withdraw troops from the country. Washin\n"
    "facilitating the agreement with the Taliban and the subsequent peace talks. Its informa\n"
    "on the ground is thin, the mission said. the governme ase by several officials was\n"
    "te by several hundred people who gathered in the square outside the ministry building\n"
    "and the live any tools that the committee had asked for were not delivered on time.\n"
    "The committee met eleven times in its first year and reported to the minister in May.\n"
    "Its information is thin, and information from the provinces comes in late, he said.\n"
    "Its agreem on the ground was thin.\n"
    "officials said the mission would go on with the work it had started in the provinces.\n"
    "The committee met eleven times in its first year and reported to the minister in May.\n"
)


@pytest.mark.parametrize("scores", [
    {},
    {"w_pair_break": 0.6, "w_pair_start": 0.6},
    {"w_inner_scrap": 0.55, "w_short": 0.3, "w_inside": 0.05},
    {"w_end_scrap": 0.15, "w_pair_break": 0.45, "w_room": 0.0},
    {"w_pair_inside": 0.3},
])
def test_passing_over_weak_lines_flags_what_weighing_everything_flags(
        scores: dict[str, float], monkeypatch: pytest.MonkeyPatch) -> None:
    """Truncation skips the pair and piece look-ups where they could not lift a line to a
    flag: with any weights, the flags (place, reasons, confidence) are those of weighing
    every piece of evidence on every line."""
    import copy
    from pathlib import Path

    from cleanup import clean
    from cleanup.rules import load_rules

    rules = copy.deepcopy(load_rules(use_project_config=False))
    rule = rules.for_stage("truncation", "flag_cuts")[0]
    rule.options["scores"] = {**rule.options.get("scores", {}), **scores}
    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    texts = [DAMAGED] + [p.read_text(encoding="utf-8") for p in sorted(fixtures.rglob("*.txt"))]

    def flags() -> list[tuple[int, str, float]]:
        return [(f.line, f.reason, f.confidence) for text in texts
                for f in clean(text, rules=rules).report.flags if f.kind == "truncated"]

    lazy = flags()
    monkeypatch.setattr(truncation._Tally, "could_flag", lambda self, more: True)
    assert lazy == flags()
    assert lazy  # (the texts hold cuts: the comparison is not of two empty lists)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab1_ é\x0b\x0c\r\x0e\x0f\n")), max_size=30))
def test_font_codes_found_where_they_stand_match_the_whole_text_scan(text: str) -> None:
    from cleanup import document

    inside = [m[0] for m in document.FONT_CODE_INSIDE.finditer(text)]
    whole = len(inside) >= document.MIN_FONT_CODES
    # Codes need MIN_FONT_CODES inside words; feeds alone must also look like "fi" (close
    # together, or words with "fi"), since a page break joined without a newline is one too.
    assert not document.has_font_codes(text) or whole
    if whole and any(c != "\f" for c in inside):
        assert document.has_font_codes(text)
