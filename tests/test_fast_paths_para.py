"""Shortcuts taken for speed in the paragraph, normalize and hyphen stages and the document
model (issue 22) give the answers of the plain computation they replace.

Each test holds a shortcut against the straightforward version it stands for, on real texts
and on inputs built to reach its edge cases.
"""

from __future__ import annotations

import itertools
import re
import tomllib
import unicodedata
from pathlib import Path

import ftfy
import pytest
from ftfy.badness import is_bad
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup.document import Document, Line
from cleanup.pipeline import clean_document
from cleanup.rules import RuleSet
from cleanup.stages import normalize, paragraphs
from cleanup.stages.footnotes import ATTACH_TAG
from cleanup.textscan import LineIndex, _scans, anchored

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "benchmarks" / "real" / "docs"

# The listing-entry rule as first written: the title a lazy '\S.*?' before the dot leaders.
_LEADERS_TAIL = r"(?:\s?\.){4,}\s*(?:[ivxlc]{1,7}|\d{1,4}(?:[-–]\d{1,4})?)" \
                r"(?:\s*,\s*\d{1,4}(?:[-–]\d{1,4})?)*"
PLAIN_LISTING = re.compile(r"\S.*?" + _LEADERS_TAIL)


def _rule_pattern(rule_id: str) -> re.Pattern[str]:
    """The pattern of built-in rule ``rule_id`` as this checkout's rules/ spells it."""
    for path in sorted((ROOT / "rules").glob("*.toml")):
        for rule in tomllib.loads(path.read_text(encoding="utf-8")).get("rule", []):
            if rule["id"] == rule_id:
                return re.compile(rule["match"]["regex"])
    raise LookupError(rule_id)


LISTING = _rule_pattern("paragraphs.listing-entry")


def _texts() -> list[str]:
    paths = sorted((ROOT / "fixtures").rglob("*.txt"))
    if REAL.is_dir():
        paths += sorted(REAL.glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def _same_everywhere(text: str) -> None:
    """Both spellings find the same matches in ``text``: alone, and in each scan that
    ``LineIndex.whole_lines`` runs (the match spans, which decide where a scan goes on)."""
    for call in ("fullmatch", "match", "search"):
        a, b = getattr(PLAIN_LISTING, call)(text), getattr(LISTING, call)(text)
        assert (a and a.span()) == (b and b.span()), (call, text)
    assert _spans(PLAIN_LISTING, text) == _spans(LISTING, text), text
    assert _spans(anchored(PLAIN_LISTING), text) == _spans(anchored(LISTING), text), text
    for strip in (True, False):
        for old, new in zip(_scans(PLAIN_LISTING, strip), _scans(LISTING, strip), strict=True):
            assert _spans(old, text) == _spans(new, text), (strip, text)


def test_listing_entry_rule_still_reads_as_first_written() -> None:
    """The rule's pattern differs from the plain one only in the title's spelling."""
    assert LISTING.pattern.endswith(_LEADERS_TAIL)
    assert LISTING.pattern != PLAIN_LISTING.pattern


@pytest.mark.parametrize("text", [
    "2.1 Die Schriften . . . . 15", "ellipsis (Paket) . . . . 104, 121", "Vorwort . . . . iii",
    "He paused . . . and then went on", "3.9 Maintainer Scripts . . . . . . . . . . . .",
    "Title .... .... 12", "Title ....\n12", "Title\n.... 5", "a . b .. c ... d .... 7",
    ". . . . . 5", "x....5", "x .\t. . . 9-12, 14–15", "x\u00a0. . . . 7", "Title . . . .\n",
    "A ....... B ....... 4", " lead . . . . 3 ", "end.\n. . . . 4\nnext . . . . 5",
])
def test_listing_entry_matches_as_the_plain_pattern_on_edge_cases(text: str) -> None:
    _same_everywhere(text)


def test_listing_entry_matches_as_the_plain_pattern_on_every_corpus_line() -> None:
    """Every line of the fixtures and the real corpus, alone and in its document."""
    texts = _texts()
    for text in texts:
        lines = text.split("\n")
        index = LineIndex(lines)
        assert index.whole_lines(PLAIN_LISTING) == index.whole_lines(LISTING)
        assert index.whole_lines(PLAIN_LISTING, strip=False) == \
            index.whole_lines(LISTING, strip=False)
        for line in lines:
            if "." in line:  # (with no dot neither can match: no leaders)
                a, b = PLAIN_LISTING.match(line.strip()), LISTING.match(line.strip())
                assert (a and a.span()) == (b and b.span()), line


# Leaders, spaces of several kinds, line ends, page numbers and the letters around them.
_PIECES = st.sampled_from([".", ".", ". ", " .", " ", "\t", "\n", "\u00a0", "a", "Title", "x",
                           "1", "12", "iv", ",", "-", "–", "....", " . . . ", "\f"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_listing_entry_matches_as_the_plain_pattern_on_built_strings(text: str) -> None:
    _same_everywhere(text)


# normalize: a line whose only characters ftfy could change are Latin ligatures is spelled out
# without ftfy.
_TYPOGRAPHIC = "’–—…\xa0\t"


def test_ligatures_among_ascii_and_typographic_punctuation_are_all_ftfy_changes() -> None:
    # ftfy's mojibake rules (is_bad) look at up to three characters at a time: every string
    # of up to three of these with a ligature in it is checked. The other fixes leave a
    # ligature as it is, and the spelled-out line is none of ftfy's business
    # (tests/test_fast_paths.py), so its loop ends there.
    ligatures = "ﬀﬁﬂﬃﬄﬆ"
    chars = [chr(c) for c in range(0x20, 0x7F) if chr(c) != "&"] + list(_TYPOGRAPHIC) + \
        list(ligatures)
    assert not normalize._MORE_THAN_LIGATURES.search("".join(chars))
    for n in (1, 2, 3):
        for combo in itertools.product(chars, repeat=n):
            text = "".join(combo)
            if any(c in ligatures for c in text):
                assert not is_bad(text), text
    for name in ("fix_c1_controls", "fix_character_width", "fix_surrogates",
                 "remove_terminal_escapes", "remove_control_chars"):
        assert getattr(ftfy.fixes, name)(ligatures) == ligatures, name
    assert unicodedata.normalize("NFC", ligatures) == ligatures
    for lig, a, b in itertools.product(ligatures, chars, chars):
        text = f"word{a}{lig}{b}word “x” – y…"
        assert ftfy.fix_text(text, normalize.FTFY_CONFIG) == \
            text.translate(normalize._LIGATURES), text
    # Other damage beside a ligature still goes to ftfy.
    for damaged in ("ﬁnd donâ€™t", "ﬁ Ａ", "ﬁ caf\u0065\u0301", "ﬁ &amp;", "ﬅ", "”ﬁ", "•ﬁ"):
        assert normalize._MORE_THAN_LIGATURES.search(damaged), damaged


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ﬀﬁﬂﬃﬄﬆ“”‘•" + _TYPOGRAPHIC + "aZ0 .,;-'\"<>")),
               max_size=60))
def test_ligature_lines_are_spelled_out_as_ftfy_does(text: str) -> None:
    if normalize._MORE_THAN_LIGATURES.search(text) is None:
        assert text.translate(normalize._LIGATURES) == ftfy.fix_text(text, normalize.FTFY_CONFIG)


def test_ligature_lines_of_the_corpora_are_spelled_out_as_ftfy_does() -> None:
    for text in _texts():
        for line in text.split("\n"):
            if not line.isascii() and normalize._MORE_THAN_LIGATURES.search(line) is None:
                assert line.translate(normalize._LIGATURES) == \
                    ftfy.fix_text(line, normalize.FTFY_CONFIG), line


# paragraphs.join_prefixes: the joins of a paragraph's first lines, in one pass.
_LINE_TEXTS = st.sampled_from(["word", "end-", "soft\u00ad", "a-", "-", "x", "  spaced  ", "",
                               "“quote”", "1-", "é\u00ad"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_LINE_TEXTS, st.sampled_from([None, "join", "keep", "space"]),
                          st.booleans(), st.booleans()), min_size=1, max_size=12))
def test_join_prefixes_are_the_joins_of_the_first_lines(rows: list) -> None:
    parts = []
    for no, (text, how, gap, attach) in enumerate(rows, start=1):
        line = Line(no, text, page=no // 3)
        line.join = how
        if attach:
            line.tag(ATTACH_TAG)
        parts.append((line, gap))
    ends = range(1, len(parts) + 1)
    assert paragraphs.join_prefixes(parts, ends) == {k: paragraphs.join(parts[:k]) for k in ends}
    assert paragraphs.join(parts) == paragraphs.join_prefixes(parts, [len(parts)])[len(parts)]


def test_join_prefixes_of_a_cleaned_report_of_many_pages(rules: RuleSet) -> None:
    text = REAL / "deb-debian-policy.pdftotext.txt"
    if not text.is_file():
        pytest.skip(f"{text} is absent")
    doc = Document.from_text(text.read_text(encoding="utf-8"))
    clean_document(doc, rules)
    for p in doc.paragraphs or []:
        parts = list(zip(p.lines, p.gaps or [False] * len(p.lines), strict=False))
        ends = range(1, len(parts) + 1)
        assert paragraphs.join_prefixes(parts, ends) == \
            {k: paragraphs.join(parts[:k]) for k in ends}
