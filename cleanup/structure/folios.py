"""Page boundaries from the printed page numbers (folios) of text that lost its page breaks.

Extractors that return one text per page (pypdf) leave the pages joined by a plain newline
when users concatenate them: nothing marks where a page ends. The pages' own numbers do. A
folio is a number standing alone ("12", "- 12 -", "Page 12 of 40", "3/20") or at one end of
a short line whose other words are a running head ("2.5. DIFFERENCES BETWEEN C AND C++ 11",
"12 4. MISCELLANEOUS MATHEMATICAL FEATURES", "Why3 Documentation, Release 1.5.1 5").

Any such line is only a candidate: list items, TOC entries, table cells and footnotes look
the same. What tells folios apart is that they form a chain: numbers rising by one (two or
three where a page has no number), a page's worth of lines apart. The longest such chain is
found by dynamic programming over the candidates, the page length being learned from the
document first. Each link of the chain then says where its page begins: before a head, after
a foot (the document's last folio tells which: a foot ends the text, a head has a page after
it), taking along the running-head lines that stand next to the number.

Every boundary keeps its evidence, so the report can say why a page starts where it does.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from statistics import median

from cleanup.document import Line, normalise_key
from cleanup.structure import tables

_ALONE = re.compile(
    r"(?:page|p\.)?\s*[-–—]?\s*(?P<n>\d{1,4})\s*[-–—]?"
    r"(?:\s*(?:/|of)\s*\d{1,4})?", re.IGNORECASE)
_ROMAN_ALONE = re.compile(r"[-–—]?\s*(?P<r>[ivxlc]{1,7})\s*[-–—]?")
_ROMAN_LETTERS = "ivxlc"
_ROMAN_CHARS = frozenset(_ROMAN_LETTERS)
# What a line that holds a page number starts or ends with, besides a digit: a roman
# numeral's letter, a dash around the number, "page" or "p." before it.
_FIRST_CHARS = frozenset("-–—pP" + _ROMAN_LETTERS)
_LAST_CHARS = frozenset("-–—" + _ROMAN_LETTERS)
# A head beside the number ends in a word, or in a release ("Why3 Documentation, Release
# 1.5.1 5"; "22.6. Version 4.5.0 149"), not in a number of its own (table rows, TOC lines).
_TITLE_END = re.compile(r"(?:[^\d\s./-]|[^\W\d_]\s+v?\d+\.\d+(?:\.\d+)*)$")
# "Guide 2 / 57", "Annual Report Page 3 of 20": the number beside a head, with the total.
_OF_TOTAL = re.compile(r"(?:(?:page|p\.)\s*)?(?P<n>\d{1,4})\s*(?:/|of)\s*(?P<m>\d{1,4})",
                       re.IGNORECASE)
_OF = re.compile(r"of", re.IGNORECASE)
_PAGE_FIRST = re.compile(r"page|p\.", re.IGNORECASE)  # how _OF_TOTAL may open with a "p"
# A chapter's number and title after the page number ("12 1 Introduction", LaTeX's even
# pages), unlike a table row's next cell.
_SECTION_HEAD = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.?\s+[^\W\d_][^\W\d_]")
_DOTTED_SECTION = re.compile(r"(?:\d{1,2}|[A-Z])(?:\.\d{1,2})+\.?\s+[^\W\d_]")
# ACM's article and page ("111:5 Trovato et al."): the page is the number that runs on.
_ARTICLE_PAGE = re.compile(r"\d{1,4}:(\d{1,4})")
# A chapter's or a section's opening line: a number or a word and a short title, no sentence.
_OPENING = re.compile(r"(?:\d{1,2}(?:\.\d{1,2})*\.?\s+|[A-Z][a-z]+\s+(?:\d{1,2}|[IVX]{1,4})$|[A-Z])"
                      r"[^.!?:;,]{0,60}")
_WORD = re.compile(r"[^\W\d_]+")
MAX_HEAD_WORDS = 14
MAX_SENTENCE_HEAD_WORDS = 8
MIN_SPAN = 0.4           # of the document's lines, that a chain of page numbers covers
FRONT_PAGES = 4          # a page number this low may stand less than half a page in
EDGE_LINES = 3           # where pages are known, a folio stands among their first/last lines
MAX_STEP = 3             # a chain may skip two unnumbered pages between two folios
PAGED_MAX_STEP = 6       # ... more where form feeds give the pages: the numbers must rise
                         # exactly as they do (a part's title page between blank versos)
STRETCH_PAGES = 4        # a stretch the best chain leaves this many pages wide or less holds
                         # no chain of its own
MIN_LINES_PER_PAGE = 3   # fewer lines between folios than this is a list or a TOC
LISTING_GAP = 4          # candidates this close stand in a listing (a TOC), not at page edges
LISTING_RUN = 6          # bare numbers this many in a row, each close to the next: a table
COLUMN_END_WEIGHT = 0.5  # a bare number at either end of such a run
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def roman(text: str) -> int | None:
    """The value of a lower-case roman numeral, or None when it is not a well-formed one."""
    total = 0
    prev = 0
    for ch in reversed(text):
        v = _ROMAN[ch]
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if total and _to_roman(total) == text else None


def _to_roman(n: int) -> str:
    out = []
    for v, s in ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
                 (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


@dataclass(slots=True)
class Folio:
    """One candidate page number: its line, value, family and form."""

    index: int               # index into the document's lines
    value: int
    family: str              # "arabic" | "roman"
    form: str                # "alone" | "end" | "start"
    head: str = ""           # the running-head words beside the number, if any
    weight: float = 1.0
    sentence: bool = False   # the head is in sentence case, not title case
    page: int = -1           # the page it stands on, where form feeds give the pages
    # Chained for its value alone, a page's worth of lines from neither neighbour (in a run of
    # figure pages, or a head the extraction set out of place): where it stands says nothing
    # of which edge the document's numbers take. (A number right beside its neighbour does:
    # a chapter opening's foot, then the next page's head.)
    short_link: bool = False
    shift: int = 0           # family "shifted": how far its font moved the digits' codes
    # The line after it opens a chapter or a section ("Chapter 9", "2.8 Simplex method
    # routines", "Change History"): the page this number ends may be a chapter's short last
    # page.
    opens_after: bool = False
    key: str = field(init=False, default="")  # the head as it recurs (normalise_key)

    def __post_init__(self) -> None:
        self.key = normalise_key(self.head) if self.head else ""


@dataclass(slots=True)
class Boundary:
    """A page start found from the folio chain, with the evidence for it."""

    index: int               # index of the page's first line; -1: the folio ends the text
    folio: Folio
    position: str            # "head" or "foot": where the folio stood on its page
    furniture: list[int] = field(default_factory=list)  # line indexes of the folio block
    evidence: list[str] = field(default_factory=list)


def candidates(lines: list[Line], edges: set[int] | None = None) -> list[Folio]:
    """Every line that could be a page number, with its value; only lines in ``edges`` (the
    first and last lines of known pages) where the pages are known."""
    found: list[Folio] = []
    capitals: list[tuple[int, str]] = []  # lines a font's shifted digits may have printed
    for i, line in enumerate(lines):
        text = _candidate_text(line)
        if not text or (edges is not None and i not in edges):
            continue
        folio = _parse(i, text)
        if folio is not None:
            if edges is not None:
                folio.page = line.page
            found.append(folio)
        elif len(text) <= 3 and _LETTER_NUMBER.fullmatch(text):
            capitals.append((i, text))
    if edges is None:
        for f in found:
            if f.form == "alone":
                nxt = next((ln.text for ln in lines[f.index + 1:f.index + 3] if not ln.blank), "")
                f.opens_after = bool(_OPENING.fullmatch(nxt.strip()))
    if capitals:
        found.extend(_shifted_digits(lines, capitals, edges is not None))
        found.sort(key=lambda f: f.index)
    if edges is None:
        found = _without_number_columns(found)
    # A head that recurs (the document's title, a chapter's name over several pages) is
    # better evidence than a line that happens to end in a number.
    # A note opens with its number and a sentence-case phrase as a head beside a folio
    # does; only a head that recurs is taken there.
    # A table of contents lists every section head a page number's head might echo
    # ("1 Introduction" there, "1 INTRODUCTION" in the text): entries a few lines apart are
    # no recurrence. (Not a code listing's line numbers beside a head: they run far apart.)
    # A listing is three entries at least: two numbers a step apart side by side are how
    # pypdf joins one page's foot to the next page's head ('45' / '46 CHAPITRE 4. Contexte').
    listed = _listed(found)
    heads = Counter(f.key for f in found if f.key and f.index not in listed)
    found = [f for f in found if not (f.sentence and f.form == "start" and heads[f.key] < 2)]
    for f in found:
        if f.form != "alone":
            f.weight = STRONG_WEIGHT if heads[f.key] >= 2 else \
                SECTION_WEIGHT if f.form == "start" and _upper_head(f.head, 4, 1.0) else 0.6
    # (A number before a head in capitals that no other page repeats is as likely a
    # section's, "3 MODIFICATIONS" in an ACM paper, as a page's.)
    return found


def _listed(found: list[Folio]) -> set[int]:
    """Indices of candidates in runs of three or more, each within LISTING_GAP lines and
    MAX_STEP values of the next: a table of contents' entries."""
    listed: set[int] = set()
    run: list[int] = []
    for f, g in itertools.pairwise([*found, None]):
        if g is not None and g.index - f.index <= LISTING_GAP \
                and abs(g.value - f.value) <= MAX_STEP:
            run.append(f.index)
            continue
        run.append(f.index)
        if len(run) >= 3:
            listed.update(run)
        run = []
    return listed


_LETTER_NUMBER = re.compile(r"[A-Z]{1,3}")
MIN_SHIFTED = 5           # lines of two or three letters that read as numbers one shift gives


def digit_shift(texts: Iterable[str]) -> int:
    """How far a font moved the digits' codes, where the text shows it: pypdf, missing a
    font's encoding, reads its page numbers as letters ('QQ', 'QR', 'QS' for 11, 12, 13: the
    codes 0x20 on). The shift that reads the most lines of two or three capitals as numbers
    with no leading zero, five lines or more; 0 where none does. The chain decides whether
    they are page numbers; this only offers them."""
    counts: Counter[int] = Counter()
    for text in texts:
        if 2 <= len(text) <= 3 and _LETTER_NUMBER.fullmatch(text):
            codes = [ord(c) for c in text]
            # Every shift that puts all the codes on digits, the first not on '0'.
            lo = max(codes) - ord("9")
            hi = min(min(codes) - ord("0"), codes[0] - ord("1"))
            counts.update(range(max(lo, 1), hi + 1))
    if not counts:
        return 0
    shift, n = counts.most_common(1)[0]
    return shift if n >= MIN_SHIFTED else 0


def unshift(text: str, shift: int) -> int | None:
    """The number one to three capitals print under a digit ``shift`` ('QQ', 0x20: 11)."""
    if not _LETTER_NUMBER.fullmatch(text):
        return None
    digits = "".join(chr(ord(c) - shift) for c in text)
    return int(digits) if digits.isdigit() and digits.isascii() and digits[0] != "0" else None


def _shifted_digits(lines: list[Line], capitals: list[tuple[int, str]], paged: bool) \
        -> list[Folio]:
    """The lines of one to three capitals that read as numbers under the document's digit
    shift, as candidates of their own family ("shifted")."""
    shift = digit_shift(t for _, t in capitals)
    if not shift:
        return []
    out: list[Folio] = []
    for i, text in capitals:
        if (value := unshift(text, shift)) is not None:
            folio = Folio(i, value, "shifted", "alone", shift=shift)
            if paged:
                folio.page = lines[i].page
            out.append(folio)
    return out


def _without_number_columns(found: list[Folio]) -> list[Folio]:
    """The candidates less bare numbers that stand in a column of numbers: a chart's axis, a
    table's column, a code listing's line numbers, one or two lines apart ('1981' / '1983' /
    ...). Pages are not that short, and such a run, regular as it is, measured a page as two
    lines long and hid the real page numbers around it. Its first and last numbers stay, as
    weak evidence: a page number may stand next to a figure's labels, and where a bare
    number stands a page on, that one is the page's."""
    out: list[Folio] = []
    run: list[Folio] = []
    for f in [*found, None]:
        if f is not None and f.form == "alone" and \
                (not run or f.index - run[-1].index <= LISTING_GAP // 2):
            run.append(f)
            continue
        if len(run) >= LISTING_RUN:
            run = [run[0], run[-1]]
            for end in run:
                end.weight = COLUMN_END_WEIGHT
        out.extend(run)
        run = []
        if f is not None:
            if f.form == "alone":
                run.append(f)
            else:
                out.append(f)
    out.sort(key=lambda f: f.index)
    return out


def is_candidate(line: Line) -> bool:
    """Would ``candidates([line])`` find this line alone? (A head beside its number at the
    start, in sentence case, needs a second line with the same head: alone it never counts.)"""
    text = _candidate_text(line)
    folio = _parse(0, text) if text else None
    return folio is not None and not (folio.sentence and folio.form == "start")


def _candidate_text(line: Line) -> str:
    """The line's text where a page number may stand in it: short, not a note's; else ""."""
    text = line.text.strip()
    return text if len(text) <= 120 and line.zone != "notes" else ""


def _parse(i: int, text: str) -> Folio | None:
    # Split at the first and last space rather than with backtracking patterns: this runs on
    # every line of a document, and most lines neither start nor end with a number.
    first, last = text[0], text[-1]
    if not (first.isdigit() or last.isdigit() or first in _FIRST_CHARS or last in _LAST_CHARS):
        # Every reading below needs a number or a roman numeral at one end of the line, or
        # "page" or a dash before it: most lines are done here.
        return None
    if first.isdigit() or last.isdigit() or first in "-–—pP" or last in "-–—":
        m = _ALONE.fullmatch(text)
        if m:
            return Folio(i, int(m.group("n")), "arabic", "alone")
    if (first in _ROMAN_CHARS or first in "-–—") and (last in _ROMAN_CHARS or last in "-–—"):
        m = _ROMAN_ALONE.fullmatch(text)
        if m:
            value = roman(m.group("r"))
            return Folio(i, value, "roman", "alone") if value else None
    parts = text.split(None, 1)
    if len(parts) == 2 and (last.isdigit() or first.isdigit()
                            or (first in "pP" and _PAGE_FIRST.match(text))) \
            and (folio := _of_total(i, text)) is not None:
        return folio
    if len(parts) == 2:
        head, tail = text.rsplit(None, 1)
        for number, words, form in ((tail, head, "end"), (parts[0], parts[1], "start")):
            # (A number first: most lines end and start with a word, and are done here.)
            if not (number[:1].isdigit() or not number.strip(_ROMAN_LETTERS)):
                continue
            if len(number) > 9 or not (case := _head_case(words)) \
                    or not _TITLE_END.search(words.removesuffix(" et al.").removesuffix(" etc.")) \
                    or not _WORD.search(words):
                continue
            sentence = case == "sentence"
            if number.isascii() and number.isdigit() and len(number) <= 4:  # not '2⁴'
                if form == "start" and words[:1].isdigit() and not _SECTION_HEAD.match(words):
                    continue
                return Folio(i, int(number), "arabic", form, words, sentence=sentence)
            if set(number) <= _ROMAN_CHARS and (value := roman(number)):
                return Folio(i, value, "roman", form, words, sentence=sentence)
            if (m := _ARTICLE_PAGE.fullmatch(number)) and number.isascii():
                return Folio(i, int(m.group(1)), "arabic", form, words, sentence=sentence)
    return None


def _of_total(i: int, text: str) -> Folio | None:
    """A head with "N / M" or "Page N of M" at one end; the number must not pass the total."""
    if "/" not in text and not _OF.search(text):
        return None  # (most lines that start with a "p" or a number have neither)
    for m in _OF_TOTAL.finditer(text):
        if (m.start() and m.end() < len(text)) or int(m.group("n")) > int(m.group("m")) \
                or not int(m.group("n")):
            continue
        words = (text[:m.start()] if m.start() else text[m.end():]).strip()
        if (case := _head_case(words)) and _WORD.search(words) and \
                (m.start() == 0 or _TITLE_END.search(words)):
            return Folio(i, int(m.group("n")), "arabic", "end" if m.start() else "start",
                         words, sentence=case == "sentence")
    return None


def _head_case(head: str) -> str:
    """Whether words can stand beside a page number: "title" or "sentence" case, or "" (not
    a head: too long, or a sentence, as a footnote that opens with its number, "12 Interview
    with an official, May 2021.", is)."""
    words = head.split()
    # An author head ("Trovato et al.") or a shortened title ("5. Mathem. Formeln etc.") ends
    # in a point that ends no sentence.
    end = head.rstrip()
    if not 1 <= len(words) <= MAX_HEAD_WORDS or (
            end.endswith((",", ";", ".", ":")) and not end.endswith(("et al.", " etc."))):
        return ""
    capital = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    if capital >= 0.5 * len(words):
        return "title"
    # Sentence case, as Sphinx and most languages set heads ("Chapter 5. Control files and
    # their fields"): short, no comma. A note's first line ("7 In an interview, Musharraf
    # claimed that...") runs on to the measure.
    # A subsection's title after its dotted number is a head however long, commas and all
    # ("5.9. Moving, removing, renaming, orphaning, adopting, and reintroducing packages"):
    # a note or a sentence opens with no such number.
    sentence = (_DOTTED_SECTION.match(head) is not None
                or (len(words) <= MAX_SENTENCE_HEAD_WORDS and "," not in head)) and \
        (words[0][:1].isupper() or not words[0][:1].isalpha())
    return "sentence" if sentence else ""


_NOT_WORD = re.compile(r"[^\w]+")


def words_key(text: str) -> str:
    """A heading's number and words, case and punctuation folded: "2.3. Legal liability" and
    "2.3 Legal Liability" are one (a running head and the heading it repeats, a contents
    entry and the heading it lists)."""
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).split())



SECTION_WEIGHT = 0.4   # a number before a capitalised head no other page repeats
STRONG_WEIGHT = 0.9    # a number beside a head that recurs: strong page evidence
LONGER_PAGES = 1.8   # a stretch whose pages run this many times the document's in lines


def chain(folios: list[Folio], total_lines: int, page_lines: float | None = None) \
        -> list[Folio]:
    """The best chain of folios: values rising by 1..MAX_STEP, a page's lines apart.

    A document's page numbers run through most of it; a run of note or list numbers, however
    regular, covers a small part, so a chain spanning less than MIN_SPAN of the text is none.
    """
    if len(folios) < 3:
        return []
    if page_lines is None:
        page_lines = _measured_page_lines(folios)
        if page_lines is None:
            return []
    best = _tail(folios, _fill(folios, _segments(folios, page_lines), page_lines), page_lines)
    # The text starts a page: the first folio, whether it ends page one or heads page two,
    # stands about a page into it. A number much nearer the start is a list item or a note
    # (unless form feeds give the pages: then it stands at a page's edge), unless it is a
    # number alone of the first pages whose next link is the very next page: front matter's
    # pages are short (a title page, a copyright page ending '2', the contents ending '3').
    while best and best[0].page < 0 and best[0].index < 0.5 * page_lines \
            and not (len(best) > 1 and best[0].form == "alone"
                     and best[1].value - best[0].value == 1 and best[0].value <= FRONT_PAGES):
        best.pop(0)
    if len(best) < 3 or best[-1].index - best[0].index < MIN_SPAN * total_lines:
        return _uneven_pages(folios, total_lines)
    # Numbers before headings in capitals that no page repeats, and nothing else, are a
    # paper's numbered sections ('1 INTRODUCTION' ... '17 SIGCHI EXTENDED ABSTRACTS' over
    # six pages that print no page number), not its pages.
    if sum(f.weight > SECTION_WEIGHT for f in best) < 2:
        return []
    return best


def _uneven_pages(folios: list[Folio], total_lines: int) -> list[Folio]:
    """A chain for pages too uneven in text for one page length (a template whose chapters
    are a page each, blank pages between, a chart page of 200 lines of data labels): numbers
    rising by 1..MAX_STEP however far apart, taken only where most of them are strong page
    evidence (alone on their line, or beside a head that recurs) and they span the text."""
    best = _best_chain(folios, None)
    # (Its weak ends are left out: with no page length to check them, a contents line
    # '37' before the first page '39' reads as a link.)
    while best and best[0].weight < STRONG_WEIGHT:
        best.pop(0)
    while best and best[-1].weight < STRONG_WEIGHT:
        best.pop()
    strong = sum(f.weight >= STRONG_WEIGHT for f in best)
    if len(best) < 5 or strong < 0.6 * len(best) \
            or best[-1].index - best[0].index < MIN_SPAN * total_lines:
        return []
    return best


def _fill(folios: list[Folio], best: list[Folio], page_lines: float) -> list[Folio]:
    """The chain with the numbers it stepped over where they stand where a page would: a
    blank page ("Manual, Release 4.6 / 12 Chapter 2") is two lines long, too short for a
    link of the chain, and a chapter's last page may be nearly empty. A number in a gap is
    taken when its value lies between the gap's ends, a few lines from one of them or about
    a page from both, or beside the head of the link before or after it; a list item or a
    note number in mid-page is none of these."""
    if len(best) < 2:
        return best
    chained = {f.index for f in best}
    out = list(best)
    starts = [f.index for f in folios]
    for a, b in itertools.pairwise(best):
        if a.family != b.family or b.value - a.value < 2:
            continue
        inside = [f for f in folios[bisect.bisect_right(starts, a.index):
                                    bisect.bisect_left(starts, b.index)]
                  if f.index not in chained and f.family == a.family]
        # Every number the gap misses, once each and in order (a run of figure pages, a
        # few lines each: '141' / '142 Chapter 21. Maintainer script flowcharts' / '143'):
        # those are its pages, however short.
        if a.page < 0 and [f.value for f in inside] == list(range(a.value + 1, b.value)):
            for f in inside:
                f.short_link = True
            out.extend(inside)
            continue
        last = a
        for f in inside:
            if not last.value < f.value < b.value:
                continue
            if f.page >= 0:  # form feeds give the pages: the number must match its page
                near, paged = False, f.page - last.page == f.value - last.value and \
                    b.page - f.page == b.value - f.value
            elif f.key and f.weight >= STRONG_WEIGHT and f.key in (last.key, b.key):
                # The running head beside its neighbour's, with the number between theirs,
                # wherever the extraction set it (pypdf put one of Texinfo's heads eleven
                # lines before the next page's number).
                near, paged = True, True
                f.short_link = True
            else:
                near = min(f.index - last.index, b.index - f.index) <= MIN_LINES_PER_PAGE
                paged = all(0.6 <= (y - x) / (page_lines * (v - u)) <= 1.6
                            for (x, u), (y, v) in (((last.index, last.value),
                                                    (f.index, f.value)),
                                                   ((f.index, f.value), (b.index, b.value))))
            if near or paged:
                out.append(f)
                last = f
    out.sort(key=lambda f: f.index)
    return out


def _tail(folios: list[Folio], best: list[Folio], page_lines: float) -> list[Folio]:
    """The chain with the numbers that go on from its last link one by one: a manual's last
    pages (a one-page chapter, a blank verso, the index's first page: '181' / '182 Chapter
    23. License' / '183') are too short in text for links, and nothing after them closes a
    gap to fill. Each must be the next value (or the one after: a blank page), within a
    couple of pages' lines of the last; a number alone on its line may skip up to three
    (abnTeX2's part title page with a blank verso on each side, '51' ... '55', then chapters
    of a page, each on a recto: '59', '61', '63')."""
    if len(best) < 3 or best[-1].page >= 0:
        return best
    last = best[-1]
    out = list(best)
    k = bisect.bisect_right([f.index for f in folios], last.index)
    for f in folios[k:]:
        if f.index - last.index > 2.5 * page_lines:
            break
        most = MAX_STEP + 1 if f.form == "alone" else 2
        if f.family == last.family and 1 <= f.value - last.value <= most:
            f.short_link = True
            out.append(f)
            last = f
    return out


def _segments(folios: list[Folio], page_lines: float, least: int = 3) -> list[Folio]:
    """The best chain, then the best chains before and after it: a run of pages whose numbers
    the extraction lost (figures, chapter openings) breaks a chain without ending it. A side
    chain needs more links than the main one: short regular runs occur by chance, unless its
    values run on into the chain beside it ('39' ... '42' before '43', a long page of table
    rows between them).

    Worked from a list, not by recursion: a long text whose numbering restarts again and
    again (a report collection, one number run per report) has as many stretches as runs."""
    out: list[Folio] = []
    work: list[tuple[list[Folio], int, Folio | None, Folio | None]] = \
        [(folios, least, None, None)]
    while work:
        group, need, before, after = work.pop()
        best = _best_chain(group, page_lines)
        if len(best) < need and before is not None:
            best = _longer_pages(group, page_lines, before) or best
        if len(best) < need:
            best = _running_on(best, least, before, after)
            if not best:
                continue
        out.extend(best)
        # Numbering may restart (front matter, then the body from 1), so values are free
        # here. The best chain can be two families (roman front matter, arabic back matter)
        # with a run of pages between them: every stretch it leaves wider than a few pages
        # is searched.
        starts = [f.index for f in group]
        bounds = [-1, *(f.index for f in best), group[-1].index + 1]
        for k, (lo, hi) in enumerate(itertools.pairwise(bounds)):
            if 0 < k < len(bounds) - 2 and hi - lo <= STRETCH_PAGES * page_lines:
                continue
            a, b = bisect.bisect_right(starts, lo), bisect.bisect_left(starts, hi)
            if b > a:
                work.append((group[a:b], 5, best[k - 1] if k > 0 else None,
                             best[k] if k < len(best) else None))
    out.sort(key=lambda f: f.index)
    return out


def _running_on(best: list[Folio], least: int, before: Folio | None, after: Folio | None) \
        -> list[Folio]:
    """A short side chain whose values hand the numbering on to the chain after it, or take
    it up from the chain before, from its first strong link on, or to its last (a contents
    line 'I PREPARAÇÃO DA PESQUISA 37' before the page '39' is no link); else none."""
    into = list(itertools.dropwhile(lambda f: f.weight < STRONG_WEIGHT, best))
    if len(into) >= least and _runs_on(into[-1], after):
        return into
    on = list(itertools.dropwhile(lambda f: f.weight < STRONG_WEIGHT, reversed(best)))[::-1]
    if len(on) >= least and _runs_on(before, on[0]):
        return on
    return []


def _runs_on(a: Folio | None, b: Folio | None) -> bool:
    """Does folio ``b`` take up the numbering where ``a`` leaves it?"""
    return a is not None and b is not None and a.family == b.family \
        and 1 <= b.value - a.value <= MAX_STEP


def _longer_pages(group: list[Folio], page_lines: float, before: Folio) -> list[Folio]:
    """A stretch of pages far longer in text than the document's (a three-column index, a
    glyph table: 140 lines a page against 40) whose numbers go on from the chain before it
    (119, then 120, 121, ... a page of index apart). Its own page length is measured from
    its numbers; the run is taken only where it continues the chain's values."""
    own = _measured_page_lines(group)
    if own is None or own < LONGER_PAGES * page_lines:
        return []
    best = _best_chain(group, own)
    if not best or best[0].family != before.family \
            or not 1 <= best[0].value - before.value <= MAX_STEP:
        return []
    return best


def _measured_page_lines(folios: list[Folio]) -> float | None:
    """Lines a page, measured along the best chain that ignores page length: the median gap
    between its numbers per step (None if it has fewer than two steps)."""
    loose = _best_chain(folios, None)
    gaps = [(b.index - a.index) / (b.value - a.value) for a, b in itertools.pairwise(loose)
            if a.family == b.family and b.value > a.value]
    return median(gaps) if len(gaps) >= 2 else None


def _best_chain(folios: list[Folio], page_lines: float | None) -> list[Folio]:
    """Dynamic programming over the candidates, in line order, per family."""
    out: list[Folio] = []
    for family in ("roman", "arabic", "shifted"):
        fam = [f for f in folios if f.family == family]
        if not fam:
            continue
        score = [f.weight for f in fam]
        back = [-1] * len(fam)
        starts = [f.index for f in fam]
        pages = [f.page for f in fam]
        reach = (MAX_STEP * 2.5 * page_lines) if page_lines else 400
        # The candidates so far by value: a link rises by 1..most, so only those a few values
        # below are tried (in line order, as a scan of all in reach would meet them).
        by_value: dict[int, list[int]] = defaultdict(list)
        for k, f in enumerate(fam):
            most = PAGED_MAX_STEP if f.page >= 0 else MAX_STEP
            if f.page >= 0:
                lo = bisect.bisect_left(pages, f.page - most)
            else:
                lo = bisect.bisect_left(starts, f.index - reach)
            near: list[int] = []
            for v in range(f.value - most, f.value):
                if (at := by_value.get(v)) is not None:
                    near.extend(at[bisect.bisect_left(at, lo):])
            near.sort()
            by_value[f.value].append(k)
            for j in near:
                g = fam[j]
                step = f.value - g.value
                if f.page >= 0:
                    # Form feeds give the pages: the numbers rise exactly as the pages do,
                    # however long each page's text is (a table of contents split by
                    # pdftotext runs to three times a body page's lines).
                    if f.page - g.page != step:
                        continue
                    s = score[j] + f.weight - 0.35 * (step - 1)
                    if s > score[k]:
                        score[k], back[k] = s, j
                    continue
                gap = f.index - g.index
                if gap < MIN_LINES_PER_PAGE * step:
                    continue
                cost = 0.35 * (step - 1)
                if page_lines:
                    per = gap / step
                    # Pages of figures are short in text: the same running head beside
                    # numbers one apart ("Chapter 1: Installing 3", "... 4") needs no
                    # page's worth of lines between them.
                    same_head = step == 1 and f.key and f.weight >= STRONG_WEIGHT and f.key == g.key
                    # (Nor does a chapter's last page, the next chapter opening under its
                    # number: '28' / five lines / '29' / 'Chapter 9'.)
                    chapter_end = step == 1 and f.opens_after and g.form == f.form == "alone"
                    if per > 2.5 * page_lines or (per < 0.3 * page_lines
                                                  and not (same_head or chapter_end)):
                        continue
                    cost += 0.3 * min(1.0, abs(per - page_lines) / page_lines)
                s = score[j] + f.weight - cost
                if s > score[k]:
                    score[k], back[k] = s, j
        if not fam:
            continue
        k = max(range(len(fam)), key=score.__getitem__)
        best: list[Folio] = []
        while k >= 0:
            best.append(fam[k])
            k = back[k]
        best.reverse()
        if len(best) >= 2:
            out.extend(best)
    if sum(f.family == "shifted" for f in out) >= MIN_SHIFTED:
        # A document whose page numbers its font shifted prints them all so: arabic numbers
        # that chain beside them are its sections ('4 Preliminary remarks'), not pages.
        out = [f for f in out if f.family != "arabic"]
    out.sort(key=lambda f: f.index)
    return out


def boundaries(lines: list[Line], folios: list[Folio]) -> list[Boundary]:
    """Where each page of the chain begins, and which lines around each folio are its block."""
    if not folios:
        return []
    heads = Counter(f.key for f in folios if f.key)
    edge_keys = _edge_keys(lines, folios)
    blocks = {f.index: _block(lines, f, edge_keys) for f in folios}
    _short_pages(lines, folios, blocks)
    # Bare numbers and numbers set beside a running head may sit at different edges (a
    # book's chapter openings carry a foot number, its other pages a head).
    headed = {f.index for f in folios if f.head or len(blocks[f.index]) > 1}
    decided = {kind: _position(lines, [f for f in folios if (f.index in headed) == kind],
                               kind)
               for kind in (True, False)}
    position = {kind: where for kind, (where, _) in decided.items()}
    # Sphinx sets the page number in the footer and a constant title in the header, so
    # pypdf's text runs "...body / 23 / Manual, Release 4.6 / body...": the recurring line
    # follows the number. Unless the text's end shows a foot, that order on every page says
    # "foot": it outweighs a page's worth of text after the last number (a chapter opening
    # or an index without numbers also leaves that), which alone says "head". Were
    # it a head ("23 / Report Title" at a page's top), the page would begin one line early,
    # between two lines that both go: a blank page's start found is worth that.
    if decided[True][1] != "end":
        multi = [f for f in folios if len(blocks[f.index]) > 1]
        after = sum(1 for f in multi if blocks[f.index][-1] > f.index)
        if multi and after >= 0.8 * len(multi):
            position[True] = "foot"
    if decided[False][1] != "end":
        relative = _relative_edge(folios, headed)
        if relative is not None:
            other = "foot" if position[True] == "head" else "head"
            position[False] = position[True] if relative == "same" else other
    out: list[Boundary] = []
    for f in folios:
        where = position[f.index in headed]
        block = blocks[f.index]
        evidence = [f"page number {f.value} in sequence"]
        if (f.key and heads[f.key] >= 2) or len(block) > 1:
            evidence.append("running head recurs")
        if where == "head":
            first = block[0]
        else:
            # A foot ends its page at the number; running-head lines after it open the next.
            first = next((k for k in range(f.index + 1, len(lines))
                          if not lines[k].blank), len(lines))
            rest = (k for k in range(first, len(lines)) if not lines[k].blank)
            if all(k in block for k in rest):
                first = -1  # only the next page's head follows: the text ends here
        if first < 0 or 0 < first < len(lines):
            out.append(Boundary(first, f, where, block, [*evidence, f"folio at page {where}"]))
    return out


def _block(lines: list[Line], f: Folio, edge_keys: set[str]) -> list[int]:
    """The folio's line and the running-head lines right beside it."""
    if f.page >= 0:
        # The pages are known: only what stands between the number and its page's edge is
        # its head or foot. A table row or caption recurring just inside the page, however
        # regular, is body ("Table 6. Summary of outcomes" under "6 CHAPTER 3. ...").
        return sorted({f.index, *_band(lines, f)})
    block = [f.index]
    for step in (-1, 1):
        k = f.index + step
        while 0 <= k < len(lines) and abs(k - f.index) <= 2:
            text = lines[k].text.strip()
            if text and (text[0].isdigit() or (normalise_key(text) not in edge_keys
                                               and _prefix_key(text) not in edge_keys)
                         or tables.continues_next(lines, k)):
                break  # a table header recurs at page tops too, but its text goes on
            if text:
                block.append(k)
            k += step
    return sorted(set(block))


def _short_pages(lines: list[Line], folios: list[Folio], blocks: dict[int, list[int]]) -> None:
    """A page of a few lines has no inside to tell its head from its foot (a book's blank
    verso: "Debian Developer's Reference" / "8" / "Chapter 2. Applying to Become a Member").
    Its lines beside the number are furniture when their words, digits aside, stand beside
    another folio of the chain as its head; a part's title or a lone caption does not."""
    heads = Counter(normalise_key(lines[k].text) for f in folios for k in blocks[f.index]
                    if k != f.index)
    for f in folios:
        if f.page < 0:
            continue
        page = []
        for step in (-1, 1):
            k = f.index + step
            while 0 <= k < len(lines) and lines[k].page == f.page and len(page) < EDGE_LINES:
                if not lines[k].blank:
                    page.append(k)
                k += step
        if len(page) >= EDGE_LINES:
            continue
        blocks[f.index] = sorted({*blocks[f.index],
                                  *(k for k in page if heads[normalise_key(lines[k].text)])})


def _band(lines: list[Line], f: Folio) -> list[int]:
    """Where form feeds give the pages: the short lines between a page number and its page's
    edge. pdftotext reads a page from the top, so what stands above a number among a page's
    first lines is its head band ("5.4" / "Changing the line numbers" / "21", a head whose
    parts a wide gap set apart), and what stands below one among its last lines the foot."""
    sides = []
    for step in (-1, 1):
        ahead = []
        k = f.index + step
        while 0 <= k < len(lines) and lines[k].page == f.page:
            if not lines[k].blank:
                ahead.append(k)
            k += step
        sides.append(ahead)
    # The number is at an edge when at most EDGE_LINES - 1 lines stand beyond it, and the
    # page goes on the other way (on a page of three lines, which edge is which is unknown).
    # From the page's edge inwards, while lines look like a head's parts: a code line that a
    # wide gap set beside the number ("sb-ext:generation-bytes-allocated generation") stops it.
    out: list[int] = []
    for ahead, other in ((sides[0], sides[1]), (sides[1], sides[0])):
        if len(ahead) < EDGE_LINES <= len(other):
            out += itertools.takewhile(lambda j: _band_line(lines[j].text), reversed(ahead))
    return out


def _band_line(text: str) -> bool:
    text = text.strip()
    return len(text.split()) <= MAX_HEAD_WORDS and not text[:1].islower() \
        and not text.endswith((".", ",", ";", ":"))


def _edge_keys(lines: list[Line], folios: list[Folio]) -> set[str]:
    """Texts that stand, word for word, beside the folios on several pages: running heads.

    Footnotes that cite one source again ("8 Crisis Group interviews, Sindh.") also recur
    at page feet; a line that opens with a number or ends a sentence is not taken."""
    seen: Counter[str] = Counter()
    for f in folios:
        near = set()
        for k in (f.index - 2, f.index - 1, f.index + 1, f.index + 2):
            text = lines[k].text.strip() if 0 <= k < len(lines) else ""
            if text and not text[0].isdigit() and not text.endswith((".", ",", ";")):
                near.add(normalise_key(text))
                if _upper_head(text):
                    near.add(_prefix_key(text))
        seen.update(near)
    need = max(3, 0.25 * len(folios))
    return {k for k, n in seen.items() if n >= need and len(_WORD.findall(k)) <= MAX_HEAD_WORDS
            and _WORD.search(k)}


def _upper_head(text: str, least: int = 8, share: float = 0.9) -> bool:
    """A head set in capitals ("CHAPTER 3. CHOOSING A DEBIAN … 3.1. WHICH DEBIAN …", whose
    words after the first few change with the section): ``least`` letters at least, this
    ``share`` of them capitals."""
    letters = "".join(filter(str.isalpha, text))
    return len(letters) >= least and sum(map(str.isupper, letters)) >= share * len(letters)


def _prefix_key(text: str) -> str:
    """The first two words of a capitalised head, digits folded ("chapter #."), marked apart
    from whole-line keys; a line in lower case has none."""
    return "prefix: " + " ".join(normalise_key(text).split()[:2]) if _upper_head(text) else ""


def _relative_edge(folios: list[Folio], headed: set[int]) -> str | None:
    """Whether bare numbers stand at the same edge of their pages as the numbers beside a
    running head ("same"), at the other ("other"), or the text does not say (None).

    Measured against the headed numbers of the pages before and after: a bare number at the
    same edge stands about a page from each; at the other edge it stands a page's text
    from one and right beside the other (a chapter opening's foot number, then the next
    page's head "6 Chapter 1. Introduction"; or a head number right after the foot of the
    page before).
    """
    gaps = [b.index - a.index for a, b in itertools.pairwise(folios)
            if b.value - a.value == 1 and a.family == b.family]
    if len(gaps) < 4:
        return None
    page = median(gaps)
    votes: Counter[str] = Counter()
    for a, b, c in zip(folios, folios[1:], folios[2:], strict=False):
        if b.index in headed or a.index not in headed or c.index not in headed \
                or a.short_link or c.short_link \
                or not (a.family == b.family == c.family and a.value + 1 == b.value == c.value - 1):
            continue
        near = min(b.index - a.index, c.index - b.index)
        if near < 0.25 * page:
            votes["other"] += 1
        elif near > 0.5 * page:
            votes["same"] += 1
    if sum(votes.values()) < 2:
        return None
    vote, n = votes.most_common(1)[0]
    return vote if n >= 0.75 * sum(votes.values()) else None


def _position(lines: list[Line], folios: list[Folio], headed: bool) -> tuple[str, str]:
    """Whether these folios stand at the head or the foot of their pages, and what said so:
    "end" (the text ends at the last number), "start" (the first page's number right before
    the first), "length" (a page's worth follows the last) or "" (nothing: the default for
    their kind).

    A foot ends the text: the last folio has nothing after it. A head has a page after it.
    Where the end does not tell (a short last page, no folio on it), numbers beside a running
    head are taken for heads (LaTeX and Sphinx) and bare numbers for feet (the commoner style).
    """
    default = "head" if headed else "foot"
    if len(folios) < 2:
        return default, ""
    gaps = [b.index - a.index for a, b in itertools.pairwise(folios)]
    page = median(gaps)
    after = sum(1 for k in range(folios[-1].index + 1, len(lines)) if not lines[k].blank)
    if after <= min(2, 0.1 * page):
        return "foot", "end"
    # LaTeX's article numbers its first page at the foot, the rest at the head: the chain's
    # first number right after the first page's ("... / 1 / 2 / programs, either ...") heads
    # its page, as nothing stands between a page's foot and the next page's head.
    first = folios[0]
    before = next((lines[k].text.strip() for k in range(first.index - 1, -1, -1)
                   if not lines[k].blank), "")
    if first.family == "arabic" and before == str(first.value - 1):
        return "head", "start"
    if 0.6 * page <= after <= 1.6 * page:
        return "head", "length"
    return default, ""


def page_edges(lines: list[Line]) -> set[int]:
    """Indexes of the first and last EDGE_LINES content lines of each page as numbered."""
    by_page: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if not line.blank:
            by_page.setdefault(line.page, []).append(i)
    edges: set[int] = set()
    for idxs in by_page.values():
        edges.update(idxs[:EDGE_LINES])
        edges.update(idxs[-EDGE_LINES:])
    return edges
