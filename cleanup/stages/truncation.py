"""Flag the lines an extraction cut short, and never invent what it lost.

Extractors drop runs of text silently (in the sample, every run that held a curly quote). A
line that lost its end is short although its paragraph goes on ("country. Washin"), or ends on
a scrap of a word; a line that lost its start begins with a scrap ("l through", "te by
several") or in lower case where a sentence should start; a gap inside a line shows as a
sentence end followed by lower case ("faction.[^16] unger brother"); a heading whose text is
gone is a bare "A.". Evidence is weighed into a confidence per flag: scraps against the
lexicon and the document's own vocabulary (a real word can still be cut: "handpick" is a word,
yet its sentence does not go on), the line's length against its zone's measure, whether the
paragraph continues, capitals, position in the paragraph. Headings, list items, table rows and
ordinary paragraph ends are not flagged. ``--mark`` writes "[…]" at each cut.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import Any

from cleanup import layout, lexicon, wordpairs
from cleanup.document import Document, Line, Paragraph
from cleanup.lexicon import WORD, Lexicon
from cleanup.report import Changes
from cleanup.rules import Rule, RuleSet
from cleanup.stages import paragraphs as paragraphs_stage
from cleanup.stages.hyphens import DANGLING_TAG

STAGE = "truncation"
MARK = "[…]"
DEFAULTS = {"short_line": 0.8, "word_zipf": 1.8, "min_confidence": 0.6, "room": 0.95,
            "w_short": 0.65, "w_end_scrap": 0.45, "w_stops": 0.2, "w_never_last": 0.3,
            "w_start_scrap": 0.45, "w_short_start": 0.3, "w_lower_start": 0.2,
            "w_lead_space": 0.7, "w_inside": 0.2, "w_inside_scrap": 0.7, "w_inner_scrap": 0.45,
            "w_inner_cut": 0.0,
            "w_room": 0.1, "short_word_zipf": 4.5, "short_line_gap": 0.6,
            "lost_line_confidence": 0.7, "w_mid_sentence": 0.2, "w_short_among_short": 0.4,
            "damaged_share": 0.008, "w_head_scrap": 0.2, "w_pair_break": 0.45,
            "w_pair_start": 0.45, "w_pair_inside": 0.0, "pair_threshold": -1.0,
            "pair_threshold_inside": -2.0}
# Words of one or two letters (scraps of longer words are not words).
SHORT_WORDS = frozenset({
    "a", "i", "o", "an", "am", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it",
    "me", "my", "no", "of", "oh", "ok", "on", "or", "so", "to", "up", "us", "we",
    "de", "la", "le", "et", "en", "el", "y", "e", "à",
})
# A document that writes a two-letter token this often (and once in this many of its tokens)
# uses it as a word; in other languages than English (whose short words are listed above), so
# does one this common in the language.
SHORT_WORD_USES = 5
SHORT_WORD_SHARE = 2000
SHORT_WORD_ZIPF = 5.5
# A token the language does not know, used in the document, is still a scrap when it is a
# piece of a word the document uses this many times more often.
SCRAP_RATIO = 20
# A token of this many letters or more that splits into common words (of this Zipf frequency)
# is words the extraction glued together, not a scrap.
GLUED_MIN = 8
GLUED_PART_ZIPF = 3.0
_MARKERS = re.compile(r"\[\^[^\]\s]+\]")
_LIST_ITEM = re.compile(r"^\s*(?:[-•*–·]|\(?[a-z0-9]{1,3}[.)])\s")
# A line that opens a list item, as the line after another may: a bullet, a number, one letter
# or a roman numeral (not any short word with a point: a cut line's "ice. The").
_ITEM_OPENS = re.compile(r"^\s*(?:[-•*–·▪◦]|\(?(?:\d{1,3}|[a-z]|[ivx]{2,4})[.)]|\[\d{1,3}\])\s")
# A section's number or letter before a heading's words ("2 Forensic Analysis", "A.1 Part").
_HEADING_NUMBER = re.compile(r"^(?:\d{1,2}|[A-Z])(?:\.\d{1,2})*\.?\s+(?=[A-Z])")
# A table's row of figures: three numbers or more, a third of its tokens at least ("Developers
# 24,375 18,966 3,473", "Release date 1 Nov 16 Jun 15 Apr 23 Apr 23 Mar").
_THREE_NUMBERS = re.compile(r"(?:\d+\D+){2}\d")  # (a superset of three figures)
_FIGURE = re.compile(r"[$€£]?[\d,.]*\d[%)]?")
# A table's row: cells set apart by a wide gap, a tab or a rule.
_SPACED = re.compile(r"\S\s{3,}\S")
_TABLE_ROW = re.compile(rf"{_SPACED.pattern}|\t|\|")
# A word of two or more lower-case letters ends a sentence, then lower case goes on.
_GAP_INSIDE = re.compile(r"\b([a-z]{2,})[.?!](?:\[\^[^\]\s]+\])*\s+([a-z][\w'’-]*)")
# What _GAP_INSIDE needs from its end on, found by a scan that starts at a class of
# characters (the full pattern starts at a word boundary, tried at every place).
_GAP_HINT = re.compile(r"[.?!](?:\[\^[^\]\s]+\])*\s+[a-z]")
ABBREVIATIONS = frozenset({
    "etc", "cf", "al", "vs", "approx", "incl", "fig", "figs", "no", "nos", "vol", "vols", "pp",
    "ed", "eds", "ch", "sec", "para", "paras", "op", "ibid", "viz", "resp", "esp",
})
_EDGE_PUNCT = "\"'“”‘’()[]{},.;:!?…"
_LEADING_MARKER = re.compile(r"\s*\[\^[^\]\s]+\]")
_SECTION_NUMBER = re.compile(r"(?:\d+(?:\.\d+)+\.?|[A-Z]\.\d+(?:\.\d+)*\.?)\s+\S")
# A caption's opening ("Table 2. Some Typical Commands", "Figure 3: ..."), and a section's
# number or appendix letter before a title in capitals ("1 INTRODUCTION", "B ONLINE
# RESOURCES"): lines as long as their text, whatever follows.
_CAPTION = re.compile(r"(?:Table|Figure|Fig\.|Listing|Algorithm|Chart|Exhibit|Box)\s+"
                      r"[A-Z]?\d+(?:\.\d+)*[.:]\s")
_CAPS_HEADING = re.compile(r"(?:\d{1,2}|[A-Z])\s+[A-Z]{4,}(?:\s+[A-Z&]+)*")
_LETTER_HEADING = re.compile(r"(?:[IVXLC]{1,6}|[A-H]|\d{1,2})\.")
# Characters of code, markup and formulas, not of running prose: a line holding one is no
# sentence whose words could be weighed (TeX macros, shell lines, key=value settings, syntax
# in angle brackets, "z0..z1" paths and ranges, mathematical letters "𝑝", calls "map(T f(T),"
# and "[Function]sb-ext:..." but not "word(s)" or a manual page "dpkg(1)"): one class of
# characters, and patterns of two or more.
_CODE_CHARS = re.compile(r"[\\{}<>=$@#_|~^⟨⟩\U0001D400-\U0001D7FF]")
_CODE_PAIRS = re.compile(r"\w\.\.\w|\w\((?!s\)|\d\))|\[\]|\]\w")
_CODE = re.compile(f"{_CODE_CHARS.pattern}|{_CODE_PAIRS.pattern}")
# On every line the two tests run split by what they look for: the class first, the longer
# patterns only where a plain substring test lets them match (about 2.7 times faster than
# the alternations, which try every branch at every place in the line; tests/test_fast_paths.py
# holds them equal).
_SPACES3 = re.compile(r"\s\s\s")
# A token of displayed code: a pair or call with numbers or commas in parentheses, a path, a
# command's option or a keyword, a file name ("dpkg.log"), a label in brackets ("[Variable]"),
# an operator. (Not a web address: running prose cites those.)
_DISPLAY_TOKEN = re.compile(r"\(\S*[\d,]\S*\)|--|\w\[|^\[[A-Za-z][\w-]*\]$|^[-:][a-z]|/\w"
                            r"|[a-z]{2}\.[a-z]{2}")
_ADDRESS = re.compile(r"^\W*(?:[a-z]+://|www\.)")
# A letter standing alone between two tokens of a line ("where a is an n × n matrix").
_INNER_LETTER = re.compile(r"(?<=\S )([^\W\d_])(?=[,;:]? \S)")
_LOWER_WORD = re.compile(r"\b[a-z][a-z]+\b")
_CUT_END_PUNCT = ".,;:!?)”’\"'"
# Two letters in a row (or around a hyphen): the line holds a WORD of two letters or more.
_WORD_OF_TWO = re.compile(r"[^\W\d_][-‐]?[^\W\d_]")


def _code(text: str) -> bool:
    """Does ``text`` hold code, markup or a formula (``_CODE``)?"""
    return bool(_CODE_CHARS.search(text)) or (
        ("(" in text or "]" in text or ".." in text) and bool(_CODE_PAIRS.search(text)))


@lru_cache(maxsize=65_536)  # asked of each line by assess and by _cut_word
def _row_or_code(text: str) -> bool:
    """Is ``text`` a table's row (``_TABLE_ROW``) or code (``_CODE``)?"""
    return "\t" in text or _code(text) or (
        bool(_SPACES3.search(text)) and bool(_SPACED.search(text)))


@dataclass(slots=True)
class Evidence:
    """Why a line looks cut, and how sure that is."""

    where: str
    confidence: float
    reasons: list[str]


class Words:
    """Is a token a word? The document's own vocabulary first, then the lexicon."""

    def __init__(self, lex: Lexicon, word_zipf: float, short_word_zipf: float = 4.5,
                 letters: Counter[str] | None = None, lower: Counter[str] | None = None) -> None:
        self.lex = lex
        # Single letters standing as tokens inside the document's lines (a formula's "x").
        self.letters: Counter[str] = letters if letters is not None else Counter()
        # Words the document writes in lower case (a capital there opens a sentence).
        self.lower: Counter[str] = lower if lower is not None else Counter()
        self.word_zipf = word_zipf
        self.short_word_zipf = short_word_zipf
        self._heads: dict[str, int] = {}
        self._tails: dict[str, int] = {}
        # The words sorted (and their ends, spelled backwards), with their lengths and counts.
        self._sorted: tuple[tuple[list[str], list[int], list[int]], ...] | None = None
        self._glued_seen: dict[str, bool] = {}
        # (Every line asks about most of its tokens, and a document repeats its words: the
        # answer is remembered per token, which is most of the stage's speed.)
        self._known: dict[tuple[str, bool], bool] = {}
        self.inner: dict[str, bool] = {}  # inner_piece's answers, for loops to read directly
        self.reads: dict[str, bool] = {}  # _reads's answers, by line text
        self.cut_kinds: dict[str, int] = {}  # cut_kind's answers, for loops to read directly
        # The document's tokens that may be a piece in a cut (cut_pool), None: all may.
        self.cut_pool: set[str] | None = None
        self._common_words: tuple[frozenset[str], frozenset[str]] | None = None
        # (A long document that cuts often leaves the same scrap many times: "th" five times
        # in a book is no word, fifty times in a thesis of Latin filler "ut" is.)
        self._often = max(SHORT_WORD_USES, lex.counts.total() // SHORT_WORD_SHARE)

    def is_word(self, token: str, at_cut: bool = False) -> bool:
        """``at_cut``: the token stands where a cut would leave a scrap (a line's edge), and
        scraps of three letters are words in any lexicon ("ion", "ted"): there, such a token
        is a word only if the document uses it elsewhere or the language uses it a lot."""
        if at_cut and len(token) != 3 and token.isascii():
            at_cut = False  # (only three letters weigh differently at a cut: one answer)
        key = (token, at_cut)
        found = self._known.get(key)
        if found is None:
            found = self._known[key] = self._is_word(token, at_cut)
        return found

    def _is_word(self, token: str, at_cut: bool) -> bool:
        t = token.casefold()
        if "-" in t:  # "full-time", "sea-level": a word when its parts are
            return all(self.is_word(part) for part in t.split("-") if part)
        if len(t) <= 2:
            # (The document's own short words count too: Latin filler's "ut", "id", a
            # language's "au", "un"; a scrap of a cut word seldom recurs as a token. So do a
            # manual's variables, "x", "f", counted inside lines only: an extraction that cuts
            # often leaves the same one-letter scrap at many lines' edges.)
            return t in SHORT_WORDS or (len(t) == 2 and self.lex.in_document(t) >= self._often) \
                or self.letters.get(t, 0) >= self._often \
                or (self.lex.language != "en" and self.lex.zipf(t) >= SHORT_WORD_ZIPF)
        if at_cut and len(t) == 3:
            return self.lex.in_document(t) >= 2 or self.lex.zipf(t) >= self.short_word_zipf
        uses = self.lex.in_document(t)
        if uses > 2:  # (used this often, it is no scrap: see _scrap_of_common)
            return True
        # (A word of the language, or one the document uses twice that is no piece of a
        # commoner one: the language asked first, the cheaper question.)
        if self.lex.zipf(t) >= self.word_zipf:
            return True
        if uses == 2 and not self._scrap_of_common(t):
            return True
        # Words whose spaces the extraction lost ("israrelyused") are words, not a scrap.
        return len(t) >= GLUED_MIN and self._glued(t)

    def _glued(self, t: str) -> bool:
        """Does ``t`` split into two or more common words of the language?"""
        found = self._glued_seen.get(t)
        if found is not None:
            return found
        self._common()
        common, very = self._common_words  # type: ignore[misc]
        starts = _word_starts(self.lex.language, GLUED_PART_ZIPF)
        n = len(t)
        # fewest[i]: the fewest common words that spell t[:i] (n + 1 when none do).
        # (Not "a", "i" as pieces: "informati" is no "in format i".)
        # (From the reachable positions only: a scrap dies after a piece or two.)
        fewest = [0] + [n + 1] * n
        for j in range(n - 1):
            if fewest[j] > n:
                continue
            for i in range(j + 2, min(n, j + 24) + 1):
                part = t[j:i]
                if part not in starts:
                    break  # (no piece from j is longer: no common word starts so)
                if fewest[j] + 1 < fewest[i] and (
                        part in SHORT_WORDS if len(part) == 2
                        else part in (very if len(part) <= 5 else common)):
                    fewest[i] = fewest[j] + 1
        self._glued_seen[t] = found = 2 <= fewest[n] <= n
        return found

    def _piece_count(self, piece: str, tail: bool) -> int:
        """The count of the document's most used word of four letters or more that starts
        (``tail``: ends) with ``piece`` and is at least two letters longer; 0 when none does.

        The words are kept sorted (ends: spelled backwards), so the words a piece starts form
        one run found by bisection: each piece asked about costs its run, not every piece of
        every word of the document built up front.
        """
        cache = self._tails if tail else self._heads
        found = cache.get(piece)
        if found is not None:
            return found
        if self._sorted is None:
            counts = self.lex.counts
            starts = sorted(w for w in counts if len(w) >= 4 and "-" not in w)
            ends = sorted(w[::-1] for w in starts)
            self._sorted = ((starts, [len(w) for w in starts], [counts[w] for w in starts]),
                            (ends, [len(w) for w in ends], [counts[w[::-1]] for w in ends]))
        ordered, lengths, uses = self._sorted[1 if tail else 0]
        key = piece[::-1] if tail else piece
        # (Words are letters: none has U+10FFFF after the piece, so this bounds the run.)
        lo = bisect_left(ordered, key)
        hi = bisect_left(ordered, key + "\U0010ffff", lo)
        longer = len(piece) + 2
        found = max((n for n, size in zip(uses[lo:hi], lengths[lo:hi], strict=True)
                     if size >= longer),
                    default=0)
        cache[piece] = found
        return found

    def _scrap_of_common(self, t: str) -> bool:
        """Is ``t``, which the language does not know, a piece of a word the document uses
        far more often ("rchitecture" twice, "architecture" 189 times)? A long document that
        cuts leaves the same scrap more than once; its own words are no pieces of that kind."""
        uses = self.lex.in_document(t)
        if uses > 2:  # (a name the document uses often is its own word: "debc", "debconf")
            return False
        most = max(self._piece_count(t, False), self._piece_count(t, True))
        return most >= SCRAP_RATIO * uses

    def inner_piece(self, token: str) -> bool:
        """Is the whitespace token ``token``, inside a line, a piece of a word the document
        uses and no word itself (the start of one word or the end of another)?"""
        found = self.inner.get(token)
        if found is None:
            a = token.strip(_EDGE_PUNCT)
            found = self.inner[token] = len(a) >= 3 and a.islower() and _prose(a) \
                and not self.is_word(a) and (self.is_head(a) or self.is_tail(a))
        return found

    def cut_kind(self, token: str) -> int:
        """What a whitespace token may be at a cut inside a line, for :func:`_cut_pair`: 1 if
        it is the start of a word the document uses (and no word), 2 if (its punctuation set
        aside) the end of one, 3 both, 0 neither."""
        found = self.cut_kinds.get(token)
        if found is None:
            end = token.rstrip(_CUT_END_PUNCT)
            found = 0
            if self._may_be_piece(token) and not self.is_word(token, at_cut=True) \
                    and self.is_head(token):
                found = 1
            if self._may_be_piece(end) and not self.is_word(end, at_cut=True) \
                    and self.is_tail(end):
                found |= 2
            self.cut_kinds[token] = found
        return found

    def pool_cut_pieces(self, text: str) -> None:
        """Set :attr:`cut_pool` from the document's ``text``: the tokens (of lines read as
        assess reads them, markers out) cut_kind may find a piece in (a superset: these are
        asked one by one), leaving out what is a word at a glance (:meth:`_may_be_piece`)."""
        if self.word_zipf > GLUED_PART_ZIPF:
            return
        piece = self._may_be_piece
        self.cut_pool = {t for t in set(_MARKERS.sub("", text).split())
                         if piece(t) or piece(t.rstrip(_CUT_END_PUNCT))}

    def _may_be_piece(self, x: str) -> bool:
        """Could the token ``x`` be a piece of a cut word: lower-case letters, two or more,
        and not a word at a glance (each glance is is_word's own answer at a cut: a common
        word of four letters or more, when those lie above the word threshold; a token of
        three or more the document uses thrice, of three twice; a short word)?"""
        n = len(x)
        if n < 2 or not x.isalpha() or not x.islower():
            return False
        uses = self.lex.counts.get(x.casefold(), 0)
        return not ((n > 3 and self.word_zipf <= GLUED_PART_ZIPF and x in self._common())
                    or (n > 2 and uses > 2) or (n == 3 and uses >= 2)
                    or (n == 2 and x in SHORT_WORDS))

    def _common(self) -> frozenset[str]:
        """The language's words at least GLUED_PART_ZIPF common (loaded once)."""
        if self._common_words is None:
            # (Short pieces must be very common: "ions", "mation" are words of a lexicon too.)
            self._common_words = (lexicon.common_words(self.lex.language, GLUED_PART_ZIPF),
                                  lexicon.common_words(self.lex.language, GLUED_PART_ZIPF + 1))
        return self._common_words[0]

    def is_head(self, token: str) -> bool:
        """Is ``token`` the start of a longer word the document uses ("Washin")?"""
        return bool(token) and self._piece_count(token.casefold(), False) > 0

    def is_tail(self, token: str) -> bool:
        """Is ``token`` the end of a longer word the document uses ("ements")?"""
        return bool(token) and self._piece_count(token.casefold(), True) > 0


@lru_cache(maxsize=8)
def _word_starts(language: str, zipf: float) -> frozenset[str]:
    """Every start of two letters or more of a word :meth:`Words._glued` may take as a piece
    (the language's words this common, and the short words): where a piece is none of
    these, no longer piece from the same place is a word either."""
    return frozenset(word[:end] for word in lexicon.common_words(language, zipf) | SHORT_WORDS
                     for end in range(2, len(word) + 1))


@lru_cache(maxsize=65_536)  # each line is read as itself and as its neighbours' neighbour
def _plain(text: str) -> str:
    return _unmarked(text).strip()


def _unmarked(text: str) -> str:
    """``text`` without its footnote markers (most lines hold none: no regex pass for them)."""
    return _MARKERS.sub("", text) if "[^" in text else text


@lru_cache(maxsize=65_536)  # asked of each line as itself, and as the line before and after
def _ends(text: str) -> bool:
    """Does the line ``text`` end a sentence (``layout.SENTENCE_END``)?"""
    return bool(layout.SENTENCE_END.search(text.rstrip()))


def _lengths(lines: list[Line]) -> list[int]:
    """The lengths of the zone's lines with text, shortest first (for :func:`_measure`)."""
    return sorted(len(plain) for plain in map(_plain, (ln.text for ln in lines)) if plain)


def _measure(lengths: list[int], share: float = 0.75) -> int:
    """The zone's usual full line length (a few over-long lines do not raise it): the length
    ``share`` of its lines do not exceed (``lengths``: :func:`_lengths`)."""
    return max(lengths[int(share * (len(lengths) - 1))], 20) if lengths else 80


@lru_cache(maxsize=65_536)  # asked of every line's first and last token, and its neighbours'
def _prose(token: str) -> bool:
    """Is this whitespace-separated token a word of running text (not a URL, a path, a file
    name or a command option, whose pieces are no words and no scraps either)?"""
    return bool(WORD.fullmatch(token.strip(_EDGE_PUNCT)))


def _heading_like(text: str) -> bool:
    """Capitalised like a heading: it starts with a capital (after its section's number, if
    any: "2 Forensic Analysis"), has no comma, and most words of four letters or more start
    with a capital."""
    text = _HEADING_NUMBER.sub("", text, count=1)
    content = [w for w in WORD.findall(text) if len(w) > 3]
    return text[:1].isupper() and "," not in text and bool(content) \
        and sum(w[0].isupper() for w in content) >= 0.6 * len(content)


def _fits(text: str, next_plain: str, room: float) -> bool:
    """Would the next line's first word (``next_plain``: that line's plain text, "" when there
    is none) have fitted at the end of ``text``?

    A line wraps early when the word after it is too long for the room left (a URL, a path):
    that line is short by typesetting, not by damage.
    """
    return not next_plain or len(text) + 1 + len(next_plain.split(None, 1)[0]) <= room


def next_text(para: Paragraph) -> list[int | None]:
    """For each line of ``para``, the index of the next line with text (``None`` after the
    last): one pass from the end, so that a paragraph of n lines costs n, not n²."""
    found: list[int | None] = [None] * len(para.lines)
    following: int | None = None
    for i in range(len(para.lines) - 1, -1, -1):
        found[i] = following
        if _plain(para.lines[i].text):
            following = i
    return found


def assess(line: Line, k: int, para: Paragraph, measure: int, words: Words,
           params: dict[str, Any], room: int | None = None,
           following: list[int | None] | None = None,
           pairs: wordpairs.WordPairs | None = None, damaged: bool = False,
           reach: dict[tuple[bool, bool, bool], bool] | None = None) -> Evidence | None:
    """The evidence that ``line`` (the k-th of ``para``) was cut, if any: ``None`` also when
    what evidence there is could not reach ``min_confidence`` (below it, evidence may or may
    not come back; only a flag's evidence is ever shown).

    ``room``: the longest line the zone's measure allows (a line is short only if the next
    word would have fitted). ``following``: :func:`next_text` of ``para`` (computed here when
    not given). ``pairs``: the language's word-pair table, or ``None`` where there is none
    (then only the line's own evidence counts). ``damaged``: other lines of the document
    show cuts (scraps of words), so that a short line counts as cut even among short lines or
    before a new sentence, as it does in an extraction known to lose text. ``reach``:
    :func:`_reach` of ``params``, what a line with no evidence of its own could reach
    (computed once per document rather than per line).
    """
    raw = line.text
    text = _plain(raw)
    if not text or (para.kind == "heading" and not _LETTER_HEADING.fullmatch(text)):
        return None
    if para.kind == "heading":
        return Evidence("heading", 0.9, ["a numbered heading whose text is gone"])
    if _LIST_ITEM.match(raw) or _row_or_code(text) or _figures_row(text):
        return None
    if not _WORD_OF_TWO.search(text):
        # Numbers, symbols and single letters: a figure's or a table's data, music set as
        # letters ("h h h"), a glyph table; no words whose loss could show.
        return None
    full = params["short_line"] * measure  # (the length of a full line, at least)
    # A first-line indent takes room too.
    length = len(_unmarked(raw).rstrip())
    in_order = params["w_pair_inside"] > 0  # (pairs inside the line come before the gap)
    # A full line is never short, nor does its paragraph stop short on it: its own edges and
    # a gap inside it are all the evidence it can have before the costly look-ups, and where
    # none of them shows (most lines of running text), what it could reach is settled
    # without its neighbours.
    if length >= full and reach is not None and not in_order \
            and not reach[pairs is not None, False, False] \
            and not reach[pairs is not None, True, False] \
            and not _may_show_cut(raw, text, k, para, words) \
            and not (params["w_inner_cut"] > 0 and _cut_pair(text.split(), words)):
        return None
    if following is None:
        following = next_text(para)
    j = following[k]
    last_line = j is None
    nxt = None if j is None else para.lines[j]
    next_plain = _plain(nxt.text) if nxt is not None else ""
    parts = text.split()
    # Running prose: the line before it in its paragraph fills the measure. Titles, author
    # lines, table cells, code and list items come in runs of short lines; a line cut short
    # inside a paragraph stands among full ones.
    prev = _previous_text(para, k)
    prev_text = _plain(prev.text) if prev is not None else ""
    prev_full = len(prev_text) >= full
    mid_sentence = prev_full and not _ends(prev.text) \
        and not prev_text.endswith("-")  # type: ignore[union-attr]
    next_full = nxt is not None and len(next_plain) >= full
    # (A paragraph of two or three lines has no full line to stand beside when one is cut: the
    # next line, its last, ends the sentence that goes on into it.)
    next_ends = nxt is not None and following[j] is None \
        and next_plain[:1].islower() and _ends(nxt.text)
    prose = prev_full or next_full or next_ends
    if prose and len(text) < full:
        # A full neighbour must read as prose too: rows of a table fill the measure of a
        # document that is mostly table.
        prose = next_ends or (prev_full and _reads(prev_text, words)) or (
            next_full and _reads(next_plain, words))
    if len(parts) == 1 and (nxt is None or len(next_plain.split()) <= 2) and (
            len(prev_text.split()) <= 2 or prev_text.endswith((".", ":"))):
        # One word between lines of one or two (or first after a sentence): a list of names,
        # options or glyphs ("palered" / "lightred"), set one to a line by design.
        return None
    if not prose and not any(len(t) >= 3 for t in WORD.findall(text)) \
            and not _reads(prev_text, words) and not _reads(next_plain, words):
        # Pieces of two letters between lines that do not read as prose: a glyph table's
        # cells, letters set apart ("cc", "ul", "Fr"), not the rest of running text.
        return None
    # The paragraph stage joins across a blank line whatever does not end a sentence; only a
    # next line with no blank before it (or across a page break), or one that goes on in lower
    # case, shows that the paragraph goes on. After a blank line in lower case, a whole line
    # may have vanished there instead: then this line's shortness says nothing of its end.
    after_blank = j is not None and bool(para.gaps) and para.gaps[j] \
        and para.lines[j].page == line.page
    if after_blank and not next_plain[:1].islower():
        last_line = True
    # A heading the paragraph stage took into the text ("A.12. PureOS", "4.12. The 11.x
    # Releases" before a page break) is set off by a blank line or a page break.
    if j is not None and para.gaps and para.gaps[j] and _heading_like(text):
        last_line = after_blank = True
    fits = _fits(text, next_plain, room if room is not None else measure)
    short = length < full and fits
    # A footnote number left at the line's start: the text before it was lost, which is what
    # made the line short (the footnotes stage reports that marker).
    lead_marker = "[^" in raw and bool(_LEADING_MARKER.match(raw))
    if lead_marker:
        short = False
    # A piece of a line the footnotes stage split (notes run together on one line) ends where
    # the next note began, not where the printed line did: its length says nothing.
    if line.has(layout.RUN_TOGETHER_TAG):
        short = False
    goes_on = short and _goes_on(text, parts, next_plain, nxt, prev_full, words)
    ends = _ends(raw)
    tally = _Tally(params)
    # Two trailing spaces end a paragraph in layouts that mark it so (ARTIFACTS.md, line 35):
    # a cut takes them with the lost text, so a line that keeps them has its end.
    if not ends and not raw.rstrip().endswith("-") and line.trailing_spaces != 2:
        # The last word: where the line ends on a letter and its last token is a word's
        # shape, that token less its opening punctuation is the last of WORD's matches.
        last = parts[-1].lstrip(_EDGE_PUNCT)
        # (An all-capitals token is an acronym, "DVD", or a name, "the parent P", "Appendix
        # A", not a scrap.)
        scrap = text[-1:].isalpha() and _prose(parts[-1]) \
            and not last.isupper() \
            and not words.is_word(last, at_cut=True)
        # Before a blank line where a whole line may have vanished, only a line much shorter
        # than the measure lost its own end (the vanished line does not explain that).
        if short and not last_line and (goes_on or (
                damaged and (prose or scrap) and not _set_apart(text))) and (
                not after_blank or length < params["short_line_gap"] * measure):
            # Among short lines (a title block, a table, code) shortness is the rule, and
            # counts only with other evidence.
            # (After a sentence's end, a short line may start anything: a heading, a table.)
            new_start = prev is not None and _ends(prev.text)
            tally.add("end", "w_short" if prose and not new_start else "w_short_among_short",
                      f"short ({len(text)} of {measure} characters) though its paragraph "
                      "goes on" + ("" if prose else ", among short lines"))
        if scrap:
            tally.add("end", "w_end_scrap", f"ends on {last!r}, no word")
            if short and not last_line and not goes_on and len(last) >= 3 \
                    and words.is_head(last):
                tally.add("end", "w_head_scrap", f"{last!r} starts a word the document "
                          "uses")
            if not short and not last_line and fits and words.is_head(last):
                tally.add("end", "w_room", f"the next word would have fitted, and "
                          f"{last!r} starts a word the document uses")
        # Only a short last line: a full one ends where the line would wrap, and the text
        # lost is the line after it (whole).
        # (A sentence that stops on the start of a word the document uses, "Presiden",
        # stops mid-sentence whatever stands before it; a lone word may be a table's.)
        if (last_line or (after_blank and not short)) and (
                mid_sentence or (damaged and prose)
                or (scrap and len(WORD.findall(text)) >= 4 and words.is_head(last))) \
                and length < full:
            tally.add("end", "w_stops", "its paragraph stops mid-sentence")
            # (Not in a heading, which may end on any word: "And Then There Were None".)
            if text[-1:].isalpha() and _prose(parts[-1]) and not _heading_like(text) \
                    and last.casefold() in params["never_last"]:
                tally.add("end", "w_never_last",
                          f"on {last!r}, a word that cannot end a sentence")
    first = parts[0]
    # The rest of a word hyphenated on the line before is no scrap.
    continued = k > 0 and para.lines[k - 1].join in ("join", "keep")
    # (A paragraph's first line may be indented by one space: a capital there is no cut. The
    # space must be the extraction's: where normalisation took a control character out,
    # "\x05 ª h h", the space stood after a glyph, not where text was lost.)
    if not continued and raw[:1] == " " and raw[1:2] != " " and line.raw[:1] == " " \
            and (k > 0 or first[:1].islower()) and not lead_marker:
        tally.add("start", "w_lead_space", "one space before it, where a lost run of text "
                  "stood")
    if first[:1].isalpha() and first[:1].islower() and not continued:
        # (A token that starts with a letter and has a word's shape is WORD's first match,
        # less its closing punctuation.)
        head = first.rstrip(_EDGE_PUNCT)
        if _prose(first) and not words.is_word(head, at_cut=True):
            tally.add("start", "w_start_scrap", f"starts with {head!r}, a scrap of a word")
            if mid_sentence and (len(head) <= 2 or words.is_tail(head)):
                tally.add("start", "w_mid_sentence", "the full line before it runs on into "
                          "this one")
            if short and not last_line and prose:
                tally.add("start", "w_short_start", f"short ({len(text)} of {measure} "
                          "characters) though its paragraph goes on")
        elif k == 0 and para.kind == "text":
            tally.add("start", "w_lower_start", "a paragraph that starts in lower case")
    if pairs is not None and in_order:
        _pair_evidence(text, parts, prev_text if mid_sentence else "", next_plain, ends,
                       short, prose, words, pairs, params, tally)
    for m in _GAP_INSIDE.finditer(raw) if _GAP_HINT.search(raw) else ():
        if m.group(1).casefold() not in ABBREVIATIONS:
            # A command or a name may start a sentence in lower case; a scrap may not.
            scrap_after = not words.is_word(m.group(2).rstrip(".,;:!?)"), at_cut=True)
            tally.add("inside", "w_inside_scrap" if scrap_after else "w_inside",
                      f"{m.group(1)!r} ends a sentence, then {m.group(2)!r} in lower case"
                      + (", a scrap of a word" if scrap_after else "")
                      + ": text lost inside the line")
            break
    if params["w_inner_cut"] > 0 and (pieces := _cut_pair(parts, words)):
        tally.add("inside", "w_inner_cut", f"{pieces[0]!r} then {pieces[1]!r}: the start of one "
                  "word and the end of another, side by side")
    # The word-pair and word-piece look-ups cost most, and alone they are too weak to flag: a
    # line whose other evidence could not reach a flag even with them is passed over (the
    # result is the same: no flag), which is most lines of running text. (Most lines have no
    # evidence of their own at all: what they could reach is the same for every such line.)
    short_inside = short and not last_line
    if not in_order:
        case = (pairs is not None, mid_sentence, short_inside)
        if not (reach[case] if reach is not None and tally.empty
                else tally.could_flag(_MORE[case])):
            return None
    if pairs is not None and not in_order:
        _pair_evidence(text, parts, prev_text if mid_sentence else "", next_plain, ends,
                       short, prose, words, pairs, params, tally)
    inner = words.inner
    for a in parts[1:-1]:
        # A lost run inside a line leaves the two ends of what it cut: the start of one word
        # and, after a space, the end of another ("informa on", "th ase").
        if inner.get(a, True) and words.inner_piece(a):
            tally.add("inside", "w_inner_scrap", f"{a.strip(_EDGE_PUNCT)!r} inside the line "
                      "is a piece of a word")
            break
    if tally.score["inside"] > 0 and short_inside:
        # Text lost inside the line is what made it short.
        tally.add("inside", "w_short", f"short ({len(text)} of {measure} characters) though "
                  "its paragraph goes on")
    return tally.best()


def _cut_pair(parts: list[str], words: Words) -> tuple[str, str] | None:
    """Two tokens side by side, neither a word, the first the start of a word the document
    uses and the second the end of one ("help gr ood while"): both ends of a run of text lost
    inside the line. (Not one word spaced apart, "te xt", "b een" in pypdf's text, nor single
    letters, a formula's "k m", nor a line whose words are spaced letter by letter or pair by
    pair, "ne ce ss ar y".)"""
    pool = words.cut_pool
    if pool is not None and pool.isdisjoint(parts):
        return None  # (no token of the line can be a piece: most lines, told at C speed)
    kinds = words.cut_kinds  # (asked of many lines: each token's answer is read, not made)
    before, a = 0, ""
    for b in parts:
        if pool is not None and b not in pool:
            before, a = 0, b  # (a word: neither end of a cut)
            continue
        kind = kinds.get(b)
        if kind is None:
            kind = words.cut_kind(b)
        if before & 1 and kind & 2:
            end = b.rstrip(_CUT_END_PUNCT)
            if len(a) + len(end) > 4 and not words.is_word(a + end):
                if 3 * sum(1 for t in parts if len(t) <= 2) >= len(parts):
                    return None
                return a, end
        before, a = kind, b
    return None


def _may_show_cut(raw: str, text: str, k: int, para: Paragraph, words: Words) -> bool:
    """Could the line (``raw``, its plain ``text``; the k-th of ``para``) show a cut without
    its neighbours' help: end on a scrap, start with one (or a paragraph in lower case),
    stand after one space, or hold a sentence's end followed by lower case? (``True`` when
    :func:`assess` might find any of these; ``False`` only when it cannot.)"""
    last = text.rsplit(None, 1)[-1]
    if text[-1:].isalpha() and _prose(last):
        last = last.lstrip(_EDGE_PUNCT)
        if not last.isupper() and not words.is_word(last, at_cut=True):
            return True
    if raw[:1] == " " and raw[1:2] != " ":
        return True
    first = text.split(None, 1)[0]
    if first[:1].isalpha() and first[:1].islower() \
            and not (k > 0 and para.lines[k - 1].join in ("join", "keep")) \
            and ((k == 0 and para.kind == "text") or (
                _prose(first) and not words.is_word(first.rstrip(_EDGE_PUNCT), at_cut=True))):
        return True
    return bool(_GAP_HINT.search(raw))


def _title_follows(paras: list[Paragraph], index: int, measure: int) -> bool:
    """Does the paragraph after the numbered heading ``paras[index]`` open with its title: a
    line of its own, short, that ends no sentence? pdftotext sets a section's number apart
    from its title ("B.6" / "RHS section", "A." / "Second-level heading: Formatting"): the
    heading's text is there, one paragraph on."""
    if index + 1 >= len(paras) or not paras[index + 1].lines:
        return False
    first = paras[index + 1].lines[0]
    title = _plain(first.text)
    return bool(title) and title[:1].isupper() and len(title) < 0.8 * measure \
        and not _ends(title) and first.page == paras[index].lines[-1].page


def _goes_on(text: str, parts: list[str], next_plain: str, nxt: Line | None,
             prev_full: bool, words: Words) -> bool:
    """Does the next line go on with this line's sentence? In lower case it does, unless this
    line is short by design; so may a capital (a name, a number) after a line of running prose
    that is no heading: a short line before a new sentence, a heading or a caption is short by
    design. (Not after an address or a path: "further details see: → https://...", a
    paragraph's usual end in a book that prints its links.)"""
    next_first = next_plain[:1]
    goes_on = next_first.islower() or (bool(next_first) and prev_full and text[-1:].islower()
                                        and not _heading_like(text) and _prose(parts[-1])
                                        and not _opens_sentence(next_plain, words))
    # A next line that opens a list item ("• How the cursor behaves") starts a new item: this
    # one's text ended where its item did.
    if nxt is not None and _ITEM_OPENS.match(nxt.text):
        return False
    return goes_on and not _short_by_design(text, nxt)


def _opens_sentence(text: str, words: Words) -> bool:
    """Does ``text`` open with a capitalised word the document also writes in lower case
    ("The", "Added", "Fixed"): a sentence's or an item's first word, not a name that runs on
    from the line before?"""
    first = text.split(None, 1)[0] if text else ""
    return len(first) > 1 and first[0].isupper() and first[1:].islower() \
        and words.lower.get(first.lower(), 0) >= 2


def _short_by_design(text: str, nxt: Line | None) -> bool:
    """Is the line short by its layout, whatever comes after it?

    A sentence that runs into code, markup or a formula introduces a display ("in the form of
    equations like" / "z1=(0,.2in)"; on born-digital text a third of the short lines flagged
    stood before one, of the generated corpus's cut lines 1%). A question that wraps onto a
    short last line ("... what does this word" / "mean?") is a heading or a table's cell (43
    flags on real texts, 1 generated cut). A line that opens with a section number ("3.2.2 I
    installed ...", "A.1 Part One") is a heading however its text wraps. Code set on a line of
    its own inside a paragraph (:func:`_display`) is as long as its code, and the line before
    it stops where the display begins; a line broken at a quoted term (:func:`_quote_break`)
    stops where the term's typeface began. So is a table's row of figures.
    """
    if _display(text) or _quote_break(text):
        return True
    if nxt is not None and (_code(nxt.text) or _display(nxt.text) or (
            nxt.text.rstrip().endswith("?") and len(nxt.text.split()) <= 6)):
        return True
    return bool(_SECTION_NUMBER.match(text)) or _set_apart(text)


def _set_apart(text: str) -> bool:
    """Is ``text`` a caption, a heading in capitals or a table's row of figures: short by its
    layout even in a document that lost text elsewhere? (A numbered heading is not: in such a
    document its words may be what was lost, "A.13. SteamOS".)"""
    return bool(_CAPTION.match(text) or _CAPS_HEADING.fullmatch(text)) or _figures_row(text)


def _figures_row(text: str) -> bool:
    """Is ``text`` a table's row of figures (``_FIGURE``)?"""
    if not _THREE_NUMBERS.search(text):
        return False  # (asked of every line: most hold fewer than three numbers)
    tokens = text.split()
    figures = sum(1 for t in tokens if _FIGURE.fullmatch(t))
    return figures >= 3 and 3 * figures >= len(tokens)


def _quote_break(text: str) -> bool:
    """Does ``text`` end on a closing quote whose opening is not on the line ("the testing’")?
    pdftotext breaks the line where a quoted term's typeface begins (DocBook's ‘testing’, its
    opening quote set apart as a lone accent): the line is as long as the text before the
    term."""
    end = text.rstrip(".,;:)")
    return end[-1:] in ("’", "”") and end[-2:-1].isalpha() \
        and not any(q in text for q in ("‘", "“"))


def _display(text: str) -> bool:
    """Is ``text`` code displayed on a line of its own: at least a third of its tokens code
    ("draw (20,20)--(0,0)", "(MAKE-FOO)", "systemctl disable service.service", "log
    /var/log/dpkg.log", "dpkg-buildpackage -rfakeroot -b", "[Variable]") and no sentence's end?
    (On the real corpus's born-digital texts, where nothing was cut, such lines and the lines
    that introduce them were a fifth of the flags of the manuals that show code.)"""
    text = text.strip()
    if not text or _ends(text):
        return False
    if text[0] == "(" and text[-1] == ")" and text.count("(") == text.count(")"):
        return True  # an expression in parentheses, whole ("(MAKE-FOO)", "(xpart p, ypart p)")
    tokens = text.split()
    code = sum(1 for t in tokens if _DISPLAY_TOKEN.search(t) and not _ADDRESS.match(t))
    return code > 0 and 3 * code >= len(tokens)


def _reads(text: str, words: Words) -> bool:
    """Does ``text`` read as running prose: five words or more, most of them words of the
    language or of the document?"""
    found = words.reads.get(text)  # (a line is asked as itself and as its neighbours')
    if found is None:
        tokens = text.split()[:8]  # (a sample is enough, and keeps long lines cheap)
        found = words.reads[text] = len(tokens) >= 5 and sum(
            1 for t in tokens if _prose(t) and words.is_word(t.strip(_EDGE_PUNCT))) \
            >= 0.7 * len(tokens)
    return found


def _cut_word(line: Line, k: int, para: Paragraph, words: Words) -> bool:
    """Does the line end on the start of a word the document uses elsewhere ("Washin"), or
    start with the end of one ("ington")? The mark an extraction that cuts text leaves."""
    text = _plain(line.text)
    if not text or _row_or_code(text):
        return False
    last, first = text.rsplit(None, 1)[-1], text.split(None, 1)[0]
    cut = (len(last) >= 2 and last.isalpha() and not last.isupper()
           and not words.is_word(last, at_cut=True) and words.is_head(last)) or (
        len(first) >= 2 and first.isalpha() and first.islower()
        and not (k and para.lines[k - 1].join in ("join", "keep"))
        and not words.is_word(first, at_cut=True) and words.is_tail(first))
    # (Only among words: music set as letters, "h hh", and glyph tables hold no cut words.)
    return cut and any(len(t) >= 3 and words.is_word(t) for t in WORD.findall(text))


def _mostly(lex: Lexicon, language: str, sample: int = 200) -> bool:
    """Are most of the document's frequent words common words of ``language``? (Cheaper than
    detecting the language: one lexicon, the one already loaded.)"""
    common = [w for w, _ in lex.counts.most_common(sample) if "-" not in w and len(w) > 1]
    return not common or sum(lexicon._zipf(w, language) >= 3.0 for w in common) \
        >= 0.6 * len(common)


def _previous_text(para: Paragraph, k: int) -> Line | None:
    """The line with text before the k-th in ``para`` (a blank line or two may stand between)."""
    for i in range(k - 1, max(k - 4, -1), -1):
        if _plain(para.lines[i].text):
            return para.lines[i]
    return None


def _edge_word(text: str, last: bool) -> str | None:
    """The first (or last) whitespace token of ``text`` when it is a plain word."""
    if not text or text.isspace():
        return None
    return _plain_word(text.rsplit(None, 1)[-1] if last else text.split(None, 1)[0], last)


@lru_cache(maxsize=65_536)  # a document's words recur at line edges
def _plain_word(token: str, last: bool) -> str | None:
    token = token.strip("\"'“”‘’()[],;:") if last else token
    return token if WORD.fullmatch(token) else None


def _pair_evidence(text: str, parts: list[str], before: str, next_plain: str, ends: bool,
                   short: bool, prose: bool, words: Words, pairs: wordpairs.WordPairs,
                   params: dict[str, Any], tally: _Tally) -> None:
    """Do the words read on at the line's edges and inside it? A pair English almost never
    writes, that the document does not write elsewhere either, is where text was lost."""
    threshold = params["pair_threshold"]

    def odd(a: str, b: str) -> float | None:
        bound = pairs.improbable(a, b, threshold)
        if bound is None or words.lex.pair_recurs(a, b):
            return None  # (the document writes it elsewhere too: its own usage)
        return bound

    if next_plain and not ends and (prose or short) and not text.endswith("-"):
        a, b = _plain_word(parts[-1], True), _edge_word(next_plain, False)
        if a and b and b[:1].islower():
            bound = odd(a, b)
            if bound is not None:
                tally.add("end", "w_pair_break", f"{a!r} then {b!r} across the line break, a "
                          f"pair English almost never writes (log10 ratio {bound:.1f})")
    if before:
        a, b = _edge_word(before, True), _plain_word(parts[0], False)
        if a and b and b[:1].islower():
            bound = odd(a, b)
            if bound is not None:
                tally.add("start", "w_pair_start", f"{a!r} at the end of the line before, then "
                          f"{b!r}: a pair English almost never writes (log10 ratio "
                          f"{bound:.1f})")
    if prose and params["w_pair_inside"] > 0:
        inner = params["pair_threshold_inside"]
        for a, b in pairwise(parts):
            if WORD.fullmatch(a) and WORD.fullmatch(b) and a.islower() and b.islower() \
                    and words.lex.pair_count(a, b) <= 1:
                bound = pairs.improbable(a, b, inner)
                if bound is not None:
                    tally.add("inside", "w_pair_inside", f"{a!r} then {b!r} inside the line, "
                              f"a pair English almost never writes (log10 ratio {bound:.1f})")
                    break


# The evidence still to come for a line that :meth:`_Tally.could_flag` weighs, by (a pair
# table is there, the line runs on from a full one mid-sentence, it is short and not its
# paragraph's last).
_MORE: dict[tuple[bool, bool, bool], dict[str, tuple[str, ...]]] = {
    (pairs, mid, short): {
        "end": ("w_pair_break",) if pairs else (),
        "start": ("w_pair_start",) if pairs and mid else (),
        "inside": ("w_inner_scrap", "w_short") if short else ("w_inner_scrap",)}
    for pairs in (False, True) for mid in (False, True) for short in (False, True)}


class _Tally:
    """Evidence for each place a line may have been cut, weighed by the rule's scores."""

    __slots__ = ("empty", "params", "score", "why")

    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params
        self.score = {"end": 0.0, "start": 0.0, "inside": 0.0}
        self.why: dict[str, list[str]] = {"end": [], "start": [], "inside": []}
        self.empty = True  # (no evidence yet)

    def add(self, where: str, weight: str, reason: str) -> None:
        if self.params[weight] > 0:  # evidence switched off counts for nothing, not even 0.1
            self.score[where] += self.params[weight]
            self.why[where].append(reason)
            self.empty = False

    def could_flag(self, more: dict[str, tuple[str, ...]]) -> bool:
        """Could any place reach a flag if it also got all of the evidence ``more`` names for
        it? (The confidence of :meth:`best` for that place, at most.)"""
        for where, score in self.score.items():
            extra = [self.params[w] for w in more.get(where, ()) if self.params[w] > 0]
            total = score + sum(extra)
            count = len(self.why[where]) + len(extra)
            if total > 0 and min(0.95, total + 0.1 * (count - 1)) \
                    >= self.params["min_confidence"] - 1e-9:  # (sums in another order)
                return True
        return False

    def best(self) -> Evidence | None:
        """The likeliest place, its confidence (0.1 more for each further piece of evidence,
        at most 0.95) and its reasons."""
        where = max(self.score, key=lambda w: self.score[w])
        if self.score[where] <= 0:
            return None
        why = self.why[where]
        return Evidence(where, min(0.95, self.score[where] + 0.1 * (len(why) - 1)), why)


def _reach(params: dict[str, Any]) -> dict[tuple[bool, bool, bool], bool]:
    """For each case of :data:`_MORE`, could a line with no evidence of its own reach a flag
    (:meth:`_Tally.could_flag` of an empty tally)? The same for every such line: asked once."""
    return {case: _Tally(params).could_flag(more) for case, more in _MORE.items()}


def run(doc: Document, rules: RuleSet) -> tuple[Document, Changes]:
    """Flag each cut line (kind ``truncated``); with ``--mark``, show the cuts in the text."""
    changes = Changes()
    rule_list = rules.for_stage(STAGE, "flag_cuts")
    if not rule_list or not doc.paragraphs:
        return doc, changes
    rule: Rule = rule_list[0]
    params: dict[str, Any] = {**DEFAULTS, **{k: float(v) for k, v in rule.options.items()
                                             if isinstance(v, (int, float))}}
    params.update({k: float(v) for k, v in rule.options.get("scores", {}).items()})
    params["never_last"] = frozenset(w.casefold() for w in rule.options.get("words", ()))
    already = {ln.no for ln in doc.lines if ln.has(DANGLING_TAG)}
    # The language the hyphens stage found; where it had no hyphen to decide, the one its
    # lexicon rule names ('auto': detected from the document's frequent words).
    lex = lexicon.for_document(doc, str(doc.learned.get("language")
                                        or lexicon.configured_language(rules)))
    doc.learned["language"] = lex.language
    joined = "\n".join(ln.text for ln in doc.lines)
    words = Words(lex, params["word_zipf"], params["short_word_zipf"],
                  Counter(_INNER_LETTER.findall(joined)), Counter(_LOWER_WORD.findall(joined)))
    if params["w_inner_cut"] > 0:
        words.pool_cut_pieces(joined)
    # (Lines that held several notes run together are longer than any printed line.)
    zones = {zone: _lengths([ln for ln in doc.lines if ln.zone == zone
                             and not ln.has(layout.RUN_TOGETHER_TAG)])
             for zone in ("body", "notes")}
    measures = {zone: _measure(lengths) for zone, lengths in zones.items()}
    rooms = {zone: _measure(lengths, params["room"]) for zone, lengths in zones.items()}
    language = lex.language
    # Pair tables are English: a document in another language (whatever the hyphens rule
    # assumed) is weighed on its own lines only.
    pairs = wordpairs.for_language(language) if max(
        params["w_pair_break"], params["w_pair_start"], params["w_pair_inside"]) > 0 else None
    if pairs is not None and not _mostly(lex, pairs.language):
        pairs = None
    reach = _reach(params)
    found: dict[int, tuple[int, int, Evidence | None]] = {}
    followings: list[list[int | None]] = []  # next_text of each paragraph, for both passes
    scraps = lines = 0
    for p_index, para in enumerate(doc.paragraphs):
        following = next_text(para)
        followings.append(following)
        for k, line in enumerate(para.lines):
            if line.no in already or not _plain(line.text):
                continue
            ev = assess(line, k, para, measures[line.zone], words, params, rooms[line.zone],
                        following, pairs, reach=reach)
            if ev is not None and ev.where == "heading" \
                    and _title_follows(doc.paragraphs, p_index, measures[line.zone]):
                ev = None
            found[line.no] = (p_index, k, ev)
            if para.kind == "text":
                lines += 1
                scraps += _cut_word(line, k, para, words)
    # An extraction that cut words elsewhere in the document has lost text: there, a short
    # line counts as cut on weaker context. (Lines that end on the start of a word the
    # document uses, or start with the end of one: in the generated corpus 0.8-4% of the
    # lines of the documents that hold most cuts, in born-digital ones 0-0.5% but for tables
    # of abbreviations.)
    damaged = lines > 0 and scraps / lines >= params["damaged_share"]
    marked: set[int] = set()
    marked_lines: set[int] = set()
    flagged = set(already)
    for p_index, para in enumerate(doc.paragraphs):
        following = followings[p_index]
        for k, line in enumerate(para.lines):
            if line.no in already:
                continue
            prev = para.lines[k - 1] if k else None
            after_loss = (prev is not None and bool(para.gaps) and para.gaps[k]
                          and prev.page == line.page and prev.no not in flagged)
            ev = found[line.no][2] if line.no in found else None
            # (Only a short line can read differently in a damaged document.)
            if damaged and (ev is None or ev.confidence < params["min_confidence"]) \
                    and line.no in found \
                    and len(_plain(line.text)) < params["short_line"] * measures[line.zone]:
                ev = assess(line, k, para, measures[line.zone], words, params,
                            rooms[line.zone], following, pairs, damaged=True, reach=reach)
            if ev is None or ev.confidence < params["min_confidence"]:
                if after_loss and _plain(line.text)[:1].islower():
                    # The line is whole; the one before it vanished and left a blank line.
                    changes.flag("lost_text", line.no, line.text, "a line was lost before "
                                 "this one: its sentence breaks at a blank line and goes on in "
                                 "lower case", params["lost_line_confidence"], STAGE, rule.id)
                continue
            flagged.add(line.no)
            changes.flag("truncated", line.no, line.text, f"cut at the {ev.where}: "
                         + "; ".join(ev.reasons), round(ev.confidence, 2), STAGE, rule.id)
            # One mark for a run lost across a line break: the end of the line before is it.
            start_marked = ev.where == "start" and (prev is None or prev.no not in marked_lines)
            if doc.options.get("mark") == "yes" and (ev.where == "end" or start_marked):
                before = line.text
                line.text = f"{line.text.rstrip()} {MARK}" if ev.where == "end" \
                    else f"{MARK} {line.text.lstrip()}"
                changes.edit(STAGE, rule.id, "mark", line.no, before, line.text,
                             reason=f"--mark: cut at the {ev.where}")
                marked.add(p_index)
                if ev.where == "end":
                    marked_lines.add(line.no)
    for p_index in marked:
        para = doc.paragraphs[p_index]
        para.text = paragraphs_stage.render(para)
    return doc, changes

