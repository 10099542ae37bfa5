"""Page structure: where pages begin and which lines form the footnote block of each page.

Pages come from form feeds when the input has them; otherwise from the stamps the watermarks
stage removed (it tags the line after each), from running furniture that repeats at a steady
interval, and from the footnote blocks that end pages: a block runs from its separator to the
end of the page, and where nothing marks that end, the next page's body is told from the
block's last footnote by the evidence an extraction leaves (a leading space where a page's text
run starts, the next footnote marker, a sentence that ends).
"""

from __future__ import annotations

import bisect
import contextlib
import itertools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import median
from typing import Any

from cleanup.document import Document, Line, normalise_key
from cleanup.rules import Rule, RuleSet
from cleanup.structure import folios
from cleanup.textscan import LineIndex, normalised_keys

_NOT_LETTERS = re.compile(r"[\W\d_]+")
_DIGIT = re.compile(r"\d")
_ASCII_DIGIT = re.compile(r"[0-9]")
FOOTNOTE_START = re.compile(r"(\d{1,3})(?=\s|$)")
# A line that opens like a list item: a bullet, "1." / "1)" / "(a)" / "a)".
LIST_ITEM = re.compile(r"(?:[•●▪◦‣·*–-]|\(?\d{1,2}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\))\s+\S")
SYMBOL_START = re.compile(r"([*†‡§¶]{1,3})(?=\s)")
# A sentence ends in . ? ! : ; maybe with closing quotes, then maybe its footnote markers.
# The digit groups are possessive (++): a long run of digits after a point ("0.6931471805599
# 45309417232121458176568L") made the search backtrack exponentially (a Debian manual hung).
# (A marker and a page number left after it, "government.[^1] 6", end a sentence too.)
SENTENCE_END = re.compile(r"""[.?!:;]["'”’)\]]*(?:\s?\d{1,3}|\[\^[^\]\s]+\])*+$""")
FOOTNOTE_GAP = 5         # footnotes lost whole between two surviving ones
RESYNC_GAP = 20          # notes of pages missed before a run of several marked notes
MIN_PERIODIC_REPEATS = 3  # a line must recur this often to be taken for page furniture
RUNNING_FOOT_SHARE = 0.3  # of the pages, that a running footer ends
MAX_GAP_RATIO = 2.5       # a steady interval: no gap between two occurrences beyond this x median
MIN_PAGE_GAP = 12         # lines between two occurrences of the same page furniture
NEAR_START = 8            # lines: a page start this close to a known one is the same
LONGEST_PAGE = 90         # more lines than this per page found means pages were missed
MAX_CARRIED = 3           # lines of the last page's note under a page's numbers set apart
_CARRIED = re.compile(r"\s*(?:[a-z]|https?://|www\.)")
LOOKAHEAD = 60            # lines searched for the next page's first footnote markers
NOTE_START_TAG = "note_start"
FOLIO_TAG = "folio"       # a page number in the document's sequence, or a head beside it
BLOCK_TAG = "block:"      # on a block's first line when no separator line carries the rule
SEPARATOR_TAG = "separator:"
NUMBER_APART_TAG = "note_number_apart"  # a note's number on a line apart from its text
LABEL_APART_TAG = "note_label_apart"    # a note's first line whose number stands apart
GLUED_LABEL_TAG = "note_glued_label"  # a note start whose number is glued to its first word
# An input line that holds more than one printed line (notes pypdf ran together), and the
# pieces a stage split it into: their lengths are no printed line's.
RUN_TOGETHER_TAG = "run_together"
EMPTY_PAGE_TAG = "empty_page"  # a blank line that is a page with no text: no sentence runs across


@dataclass(slots=True)
class NoteBlock:
    """The footnote block at the bottom of one page."""

    separator: list[int]           # input line numbers of the separator lines
    rule: str                      # id of the separator rule that found it
    lines: list[int] = field(default_factory=list)   # input line numbers in the block
    starts: list[tuple[int, int]] = field(default_factory=list)  # (footnote number, line no)
    symbols: list[tuple[str, int]] = field(default_factory=list)  # (symbol, line no)
    restart: bool = False          # numbering starts again at 1 here (a new chapter)
    inferred_end: bool = False     # the block's end (and the page's) was inferred
    lines_before_start: bool = False  # the block opens with the last page's note continued
    # The last note number the block holds where notes run on inside lines ("2000.11 Tollef",
    # split off by the footnotes stage): beyond its last line-start number.
    last_number: int | None = None



@dataclass(slots=True)
class Layout:
    """What :func:`analyse` found: the footnote blocks, and which pages have known edges."""

    blocks: list[NoteBlock]
    known_starts: set[int]   # pages whose first line follows a form feed, stamp or furniture


def analyse(doc: Document, rules: RuleSet) -> Layout:
    """Assign ``line.page`` and ``line.zone`` to every line; return what was found."""
    lines = doc.lines
    strip_margins(doc)
    starts = _known_page_starts(lines)
    basis = "form feeds" if doc.has_form_feeds else "download stamps"
    why: dict[int, str] = dict.fromkeys(starts, basis)
    # Where form feeds give the pages, a page number stands at a page's edge; elsewhere the
    # sequence alone has to tell it from list items and note numbers.
    found = tag_folios(doc, folios.page_edges(lines) if doc.has_form_feeds else None)
    exact = sorted(starts)
    for b in found:
        if b.index > 0 and not doc.has_form_feeds \
                and all(abs(b.index - s) > NEAR_START for s in exact):
            # The page-number sequence is the strongest evidence text without page breaks
            # has; the weaker signals below only fill pages it does not reach.
            starts.add(b.index)
            why[b.index] = "page-number sequence"
    if not doc.has_form_feeds:
        for s in _empty_pages(lines, found):
            lines[s].tag(EMPTY_PAGE_TAG)
            if s not in starts:
                starts.add(s)
                why[s] = "empty page"
        # Pages no stamp marks: an explicit page number standing alone ("- 6 -", "Page 6 of
        # 40") ends its page; where pages found are still too long (stamps on some pages
        # only), running furniture that recurs at a steady interval marks the others.
        numbers = _page_number_lines(lines, rules)
        edges = set(numbers)
        if len(lines) >= 80 and len(lines) / (len(starts) + 1) > LONGEST_PAGE:
            edges |= _periodic_furniture_edges(lines, rules)
        # A "page" of nothing but page furniture after the text's last folio is none.
        after = _starts_after(lines, edges, numbers)
        sequence = rules.for_stage("furniture", "page_sequence")
        openings = chapter_openings(lines, sequence[0]) if sequence else set()
        extra = {s for s in after | openings
                 if not all(ln.blank or ln.has(FOLIO_TAG)
                            for ln in itertools.islice(lines, s, None))}
        known = sorted(starts)
        footers: frozenset[str] | None = None
        folio_lines = sorted(b.folio.index for b in found)
        for s in sorted(extra):
            k = bisect.bisect_left(known, s)
            near = [known[j] for j in (k - 1, k) if 0 <= j < len(known)]
            if s in openings and any(abs(s - n) <= NEAR_START for n in near):
                # A start this near a known one is the same boundary, unless a running
                # footer ends the page between them (Doxygen's blank verso is its head and
                # 'Generated by Doxygen', and 'Chapter 4' opens the next page), or the page
                # would print two page numbers.
                if footers is None:
                    footers = _running_lines(lines, len(known) + 1)
                foot = _footer_before(lines, s, footers)
                if ((foot is not None and all(n < foot for n in near if abs(s - n) <= NEAR_START))
                        or _numbers_either_side(s, known, folio_lines, len(lines))):
                    near = []
            if all(abs(s - n) > NEAR_START for n in near):
                starts.add(s)
                bisect.insort(known, s)
                why[s] = "chapter opening" if s in openings and s not in after else \
                    "page number" if numbers.intersection(range(s - 3, s)) \
                    else "recurring furniture"
    blocks, inferred = _note_blocks(lines, starts, rules.for_stage("footnotes", "separator"))
    numbered = rules.for_stage("footnotes", "numbered_blocks")
    if numbered:
        blocks = _numbered_blocks(lines, starts, blocks, numbered[0])
    _number_pages(doc, starts | inferred)
    why.update(dict.fromkeys(inferred - starts, "note block"))
    doc.learned["structure"] = structure_summary(doc, found, why)
    known = {lines[i].page for i in starts} | ({0} if lines else set())
    known.add(lines[-1].page + 1 if lines else 1)  # the end of the last page is known too
    doc.note_blocks = blocks
    return Layout(blocks, known)


def tag_folios(doc: Document, edges: set[int] | None, *evidence: str) \
        -> list[folios.Boundary]:
    """The document's page-number chain (only among ``edges`` where the pages are known): its
    numbers and the head lines beside them tagged FOLIO_TAG, each with the evidence for it in
    ``doc.derived["folio_evidence"]``, which the furniture stage's report cites."""
    lines = doc.lines
    found = folios.boundaries(lines, folios.chain(folios.candidates(lines, edges), len(lines)))
    recorded: dict[int, list[str]] = {}
    numbers: dict[int, tuple[int, str]] = {}
    for b in found:
        for k in b.furniture:
            lines[k].tag(FOLIO_TAG)
            recorded[k] = [*b.evidence, *evidence]
        if 0 <= b.folio.index < len(lines):
            numbers[lines[b.folio.index].no] = (b.folio.value, b.folio.family)
    doc.derived["folio_evidence"] = recorded
    # The value the chain read on each of its lines, by input line: the page labels take it
    # from here, where a head sets its number apart by one space ('40 Capítulo 2. ...').
    doc.derived["folio_numbers"] = numbers
    shifts = {b.folio.shift for b in found if b.folio.shift}
    if shifts:
        # The page labels read the numbers the font shifted ('QQ' is 11) with it.
        doc.learned["digit_shift"] = min(shifts)
    return found


# How far each kind of evidence for a page's start is to be trusted; what the report's
# structure confidence averages. Exact sources first, then the page-number sequence (a chain
# of numbers, each a page apart), then single signals.
EVIDENCE_WEIGHT = {"form feeds": 1.0, "download stamps": 1.0, "page-number sequence": 0.95,
                   "page number": 0.8, "empty page": 0.8, "chapter opening": 0.7,
                   "recurring furniture": 0.6, "note block": 0.5}


def structure_summary(doc: Document, found: list[folios.Boundary], why: dict[int, str]) \
        -> dict[str, Any]:
    """The document's page structure for the report: pages, the evidence each start had,
    how many pages the printed numbers imply, and one confidence in [0, 1].

    The confidence is the mean trust of the page starts' evidence, scaled by the share of the
    pages the printed numbers imply that were found: a text whose numbers run 1 to 40 but
    where 30 pages were found is 0.75 of what its evidence says. A long text with no page
    structure at all has confidence 0: nothing page-based (running heads, notes) was learned;
    a short one 0.5 (one page, or several that left no trace).
    """
    pages = doc.page_count
    by: Counter[str] = Counter()
    for i, line in enumerate(doc.lines):
        if i and line.page != doc.lines[i - 1].page:
            by[why.get(i, "form feeds" if doc.has_form_feeds else "note block")] += 1
    implied = _implied_pages(found)
    starts = sum(by.values())
    if doc.has_form_feeds:
        confidence = 1.0
    elif not starts:
        # A short text may be one page, or several whose breaks left no trace.
        confidence = 0.5 if len(doc.lines) <= LONGEST_PAGE else 0.0
    else:
        trust = sum(EVIDENCE_WEIGHT.get(k, 0.5) * n for k, n in by.items()) / starts
        cover = min(1.0, pages / implied) if implied > pages else 1.0
        # Pages far longer than any real page mean pages were missed, numbers or not.
        length = min(1.0, LONGEST_PAGE / (len(doc.lines) / pages)) if pages else 0.0
        confidence = trust * cover * length
    return {"pages": pages, "page_evidence": dict(by.most_common()),
            "numbered_pages": len(found), "pages_implied_by_numbers": implied,
            "confidence": round(confidence, 3)}


def _implied_pages(found: list[folios.Boundary]) -> int:
    """Pages the printed numbers imply: each run of rising numbers (roman front matter,
    arabic body, a restart) its pages from first to last."""
    chain = [b.folio for b in found]
    implied = 1 if chain else 0
    for a, b in itertools.pairwise(chain):
        rising = a.family == b.family and b.value > a.value
        implied += b.value - a.value if rising else 1
    return implied


def strip_margins(doc: Document) -> None:
    """Remove the left margin every line of a page shares, once the stamps are gone.

    Layout-preserving extractors (``pdftotext -layout``) keep the page's margin; without it,
    numbers at the margin read as footnote numbers again. One leading space is evidence
    elsewhere (an extraction starts a page's text run with it), so only margins of two spaces
    or more go."""
    # A margin of two spaces or more opens every line of its page with two spaces: where no
    # line does, there is none (most texts), and the per-page pass is spared.
    joined = "\n".join(line.text for line in doc.lines)
    if not joined.startswith("  ") and "\n  " not in joined:
        return
    margins: dict[int, int] = {}
    for line in doc.lines:
        if line.text:
            indent = len(line.text) - len(line.text.lstrip(" "))
            margins[line.page] = min(margins.get(line.page, indent), indent)
    if not any(m >= 2 for m in margins.values()):
        return
    for line in doc.lines:
        margin = margins.get(line.page, 0)
        if margin >= 2 and line.text:
            line.text = line.text[margin:]


def _known_page_starts(lines: list[Line]) -> set[int]:
    starts = set()
    for i in range(1, len(lines)):
        if lines[i].page != lines[i - 1].page or lines[i].has("page_break"):
            starts.add(i)
    return starts


EMPTY_RUN = 2  # blank lines in a row that an extractor's empty pages leave, at most


def _empty_pages(lines: list[Line], found: list[folios.Boundary]) -> set[int]:
    """Page starts at empty pages, where the document's blank lines are empty pages.

    Page texts joined with a newline leave one blank line for a page with no text (a blank
    verso, a front-matter page whose only content was a figure), and an extractor that
    writes no blank line inside a page leaves no other. Whether this document's blank lines
    are such pages is decided on the pages the page-number sequence found: most of its short
    blank runs stand where a chained page starts (the blank verso before a chapter's
    numbered first page), and there are fewer of them than the numbers imply pages. Then
    every short run is an empty page, also in unnumbered front matter; a text that separates
    its paragraphs by blank lines has many more of them than pages and few at its starts.
    """
    runs: list[tuple[int, int]] = []
    i = 1
    while i < len(lines) - 1:
        if lines[i].blank:
            j = i
            while j < len(lines) and lines[j].blank:
                j += 1
            if j - i <= EMPTY_RUN and j < len(lines) and not lines[i - 1].blank:
                runs.append((i, j))
            i = j
        i += 1
    chained = {b.index for b in found if b.index > 0}
    if len(chained) < MIN_PERIODIC_REPEATS or len(runs) > _implied_pages(found):
        return set()
    lo, hi = min(chained), max(chained)
    inside = [(a, b) for a, b in runs if lo <= a <= hi]
    at_start = sum(1 for a, b in inside if chained.intersection(range(a, b + 2)))
    if at_start < MIN_PERIODIC_REPEATS or 2 * at_start < len(inside):
        return set()
    return {k for a, b in runs for k in range(a, b + 1)}


def _number_pages(doc: Document, starts: set[int]) -> None:
    """Number pages from 0; a page with no content (a removed cover) is not counted."""
    page = 0
    content = False
    doc.page_starts = []
    for i, line in enumerate(doc.lines):
        if i in starts and content:
            page += 1
            content = False
            doc.page_starts.append(line.no)
        content = content or not line.blank
        line.page = page


def _running_lines(lines: list[Line], pages: int) -> frozenset[str]:
    """Keys of the lines that recur on a third of the pages at least: running furniture.
    (Not `_running_feet`: where pypdf joined the pages, the boundary found may put a foot
    first on the next page rather than last on its own.)"""
    counts = Counter(normalised_keys([ln.text for ln in lines
                                      if ln.text and not ln.text.isspace()]))
    least = max(MIN_PERIODIC_REPEATS, pages // 3)
    return frozenset(k for k, n in counts.items() if n >= least and _NOT_LETTERS.sub("", k))


def _numbers_either_side(i: int, known: list[int], folio_lines: list[int], total: int) -> bool:
    """The chapter opening at line ``i`` stands between two numbers of the chain on what would
    otherwise be one page: no page prints two page numbers, so the chapter opens a page of its
    own however near the last start ('GAP — A Tutorial 38' / four lines / 'Chapter 5', whose
    page prints 39 at its foot; a book's verso blank but for its head, then 'Chapter 9')."""
    k = bisect.bisect_right(known, i) - 1
    if k < 0:
        return False
    end = known[k + 1] if k + 1 < len(known) else total
    before = bisect.bisect_left(folio_lines, i) - bisect.bisect_left(folio_lines, known[k])
    after = bisect.bisect_left(folio_lines, end) - bisect.bisect_left(folio_lines, i)
    return before >= 1 and after >= 1


def _footer_before(lines: list[Line], i: int, footers: frozenset[str]) -> int | None:
    """The last non-blank line before line ``i`` where it recurs as running furniture."""
    k = next((k for k in range(i - 1, -1, -1) if not lines[k].blank), None)
    return k if k is not None and normalise_key(lines[k].text) in footers else None


def _periodic_furniture_edges(lines: list[Line], rules: RuleSet) -> set[int]:
    """Lines that recur at a steady interval (running heads, page numbers): page edges."""
    # Bare numbers are too common in a body to mark pages by themselves.
    explicit = [r for r in rules.for_stage("furniture", "page_number") if not r.matches("7")]
    where: dict[str, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        text = line.text.strip()
        if not text or len(text) > 90:
            continue
        if any(r.matches(text) for r in explicit):
            where["#page-number#"].append(i)
            continue
        key = normalise_key(text)
        if len(_NOT_LETTERS.sub("", key)) >= 4 and len(key.split()) <= 12:
            where[key].append(i)
    edges: set[int] = set()
    for idxs in where.values():
        if len(idxs) < MIN_PERIODIC_REPEATS:
            continue
        gaps = [b - a for a, b in itertools.pairwise(idxs)]
        # Steady, except that a last page may be short; a page without its head (a chapter's
        # first) doubles a gap. A table header repeated over a few tables is not steady:
        # 12, 24 and 99 lines apart.
        inner = gaps[:-1] if len(gaps) > 2 and gaps[-1] < median(gaps) else gaps
        middle = median(inner)
        if min(gaps) >= MIN_PAGE_GAP and min(inner) >= 0.5 * middle \
                and max(inner) <= MAX_GAP_RATIO * middle:
            edges.update(idxs)
    return edges


def _page_number_lines(lines: list[Line], rules: RuleSet) -> set[int]:
    """Lines that are explicit page numbers set off by a blank line, their numbers increasing."""
    explicit = [r for r in rules.for_stage("furniture", "page_number") if not r.matches("7")]
    found: list[tuple[int, int]] = []
    for i, line in enumerate(lines):
        text = line.text.strip()
        if not text or len(text) > 40 or not _DIGIT.search(text):
            continue
        alone = (i == 0 or lines[i - 1].blank) or (i + 1 == len(lines) or lines[i + 1].blank)
        if not alone:
            continue
        for rule in explicit:
            m = rule.matches(text)
            if m:
                with contextlib.suppress(IndexError, ValueError):  # no usable page group
                    found.append((i, int(m.group("page"))))
                break
    values = [v for _, v in found]
    if len(found) < 1 or values != sorted(values) or len(set(values)) != len(values):
        return set()
    return {i for i, _ in found}


def _chapter_words(rule: Rule) -> str:
    """The page sequence rule's ``chapter_words`` as a regex alternation ('' where none)."""
    return "|".join(re.escape(str(w)) for w in rule.options.get("chapter_words", ()))


def chapter_keyword(rule: Rule) -> re.Pattern[str] | None:
    """The page sequence rule's chapter word before a chapter's number, as a running head
    prints it ('CHAPTER 2. GETTING AND INSTALLING …'), or None where the rule names none."""
    words = _chapter_words(rule)
    return re.compile(rf"^(?:{words})\s+(?=\d)", re.IGNORECASE) if words else None


def chapter_openings(lines: list[Line], rule: Rule) -> set[int]:
    """Lines that open a chapter ("Chapter 2", "CHAPTER" then "TWO"; the words are the page
    sequence rule's ``chapter_words`` and ``chapter_numbers``), where the document has two or
    more: each begins a page. A lone keyword needs its number on the next line."""
    words = _chapter_words(rule)
    if not words:
        return set()
    spelt = "".join("|" + re.escape(str(w)) for w in rule.options.get("chapter_numbers", ()))
    number = re.compile(r"\d{1,3}|[ivxlc]{1,6}|[a-z]" + spelt, re.IGNORECASE)
    opening = re.compile(rf"(?:{words})(?:\s+(?:{number.pattern}))?", re.IGNORECASE)
    found: set[int] = set()
    for i, line in enumerate(lines):
        text = line.text.strip()
        if not text or len(text) > 20 or not opening.fullmatch(text):
            continue
        after = next((ln.text.strip() for ln in itertools.islice(lines, i + 1, i + 3)
                      if not ln.blank), "")
        if " " not in text and not number.fullmatch(after):
            continue
        # (A page's notes above it are no sentence of the body's.)
        before = next((lines[k].text.rstrip() for k in range(i - 1, max(-1, i - 3), -1)
                       if not lines[k].blank and lines[k].zone != "notes"), ".")
        # "... as said in / Chapter 2 / of the book": a sentence runs through it.
        if after[:1].islower() or before.endswith((",", ";", "-", "(")):
            continue
        found.add(i)
    return found if len(found) >= 2 else set()


def _starts_after(lines: list[Line], edges: set[int], numbers: set[int]) -> set[int]:
    """Where pages start within each run of furniture lines (a footer, then the next header):
    after the run's page number, which ends its page, else after the whole run."""
    starts: set[int] = set()
    runs: list[list[int]] = []
    for i in sorted(edges):  # one pass: runs of edges with only blank lines between
        if runs and all(lines[k].blank for k in range(runs[-1][-1] + 1, i)):
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        last = run[-1]
        after = next((k for k in range(last + 1, len(lines)) if not lines[k].blank), None)
        if after is None:
            continue
        number = max((k for k in run if k in numbers), default=None)
        if number is not None and number < last:
            starts.add(next(k for k in range(number + 1, len(lines)) if not lines[k].blank))
        else:
            starts.add(after)
    return starts


def _separators(lines: list[Line], rules: list[Rule]) -> list[tuple[int, int, Rule]]:
    """(first index, last index, rule) of each footnote separator."""
    found: dict[int, tuple[int, Rule]] = {}
    raw_index: LineIndex | None = None
    text_index: LineIndex | None = None
    for rule in rules:
        assert rule.pattern is not None
        repeat = int(rule.options.get("repeat", 1))
        if rule.options.get("raw", False):
            raw_index = raw_index or LineIndex([ln.raw for ln in lines])
            hits = raw_index.whole_lines(rule.pattern, strip=False)
        else:
            text_index = text_index or LineIndex([ln.text for ln in lines])
            hits = [i for i in text_index.whole_lines(rule.pattern) if not lines[i].blank]
        hit_set = set(hits)
        k = 0
        while k < len(hits):
            i = hits[k]
            if all(i + r in hit_set for r in range(repeat)) and i not in found:
                found[i] = (i + repeat - 1, rule)
                while k < len(hits) and hits[k] <= i + repeat - 1:
                    k += 1
                continue
            k += 1
    out: list[tuple[int, int, Rule]] = []
    last = -1
    for i in sorted(found):
        if i > last:
            end, rule = found[i]
            out.append((i, end, rule))
            last = end
    return out


def _glued_marker(n: int) -> re.Pattern[str]:
    return re.compile(rf"(?:[^\W\d_]|[.,;:!?)\]”’\"'])({n})(?!\d)|^\s*{n}\s*$")


@lru_cache(maxsize=4096)  # asked for each number on each page
def _glued_markers(lo: int, hi: int) -> re.Pattern[str]:
    """A footnote number from ``lo`` to ``hi`` glued to the word (or word and up to three
    closing marks: 'HARDDISK”).6'), or to a closing bracket after a number ('i386).1',
    '(2014)2'), or to the stop after a year that ends a sentence ('since 1993.70 Ian'); "2,500"
    and "2017.12.31" are not one."""
    numbers = "|".join(str(n) for n in range(lo, hi + 1))
    # (A word may end in a trademark sign: "Windows™.62 The"; a path in a slash, the mark
    # after it: "/usr/share/doc/package/.3 Such", not an arity "fact/1"; a quotation in a
    # number: 'appeared in 0.93R6.”95'.)
    return re.compile(rf"(?:(?<=[^\W\d_]|[™®])[.,;:!?)\]”’\"']{{0,3}}|(?<=/)[.,;:!?)\]”’\"']{{1,3}}"
                      rf"|(?<=\d)[)\]][.,;:!?]?|(?<=\d)[.,;:!?]?”)"
                      rf"(?:{numbers})(?!\d)|(?:(?<=[\s(][12]\d{{3}}[.,;:])|(?<=^[12]\d{{3}}[.,;:]))"
                      rf"(?:{numbers})(?=\s|$)")


def _note_blocks(lines: list[Line], starts: set[int], seps: list[Rule]) \
        -> tuple[list[NoteBlock], set[int]]:
    blocks: list[NoteBlock] = []
    inferred: set[int] = set()
    separators = _separators(lines, seps) if seps else []
    page_starts = sorted(starts)
    last_number: int | None = None
    for k, (s0, s1, rule) in enumerate(separators):
        nxt_sep = separators[k + 1][0] if k + 1 < len(separators) else len(lines)
        end = min([p for p in page_starts if p > s1] + [nxt_sep, len(lines)])
        block = NoteBlock([lines[i].no for i in range(s0, s1 + 1)], rule.id)
        for i in range(s0, s1 + 1):
            lines[i].zone = "notes"
            lines[i].tag(SEPARATOR_TAG + rule.id)
        # Walk the block: numbers at the margin in sequence start footnotes; the next page's
        # body can begin only after the first of them.
        last_start: int | None = None
        split: int | None = None
        hanging: bool | None = None
        for i in range(s1 + 1, end):
            line = lines[i]
            if line.blank:
                continue
            m = FOOTNOTE_START.match(line.text)
            if not m:
                sym = SYMBOL_START.match(line.text)
                if sym:
                    block.symbols.append((sym.group(1), line.no))
                    line.tag(NOTE_START_TAG)
                    last_start = i
                    continue
            if not m and not block.starts:
                block.lines_before_start = True
            if m:
                n = int(m.group(1))
                # Numbering that restarts (per chapter) restarts at a block's first line.
                restart = n == 1 and not block.starts and not block.lines_before_start \
                    and (last_number or 0) >= 2
                if last_number is None or restart or \
                        last_number < n <= last_number + FOOTNOTE_GAP:
                    block.starts.append((n, line.no))
                    block.restart = block.restart or (restart and last_number is not None)
                    line.tag(NOTE_START_TAG)
                    last_number, last_start = n, i
                    continue
            if last_start is None or line.indent == 0 or last_number is None:
                continue
            # Extraction starts a page's first text run with a space; footnotes do not,
            # unless the block hangs its wrapped lines.
            if hanging is None:
                hanging = _hanging_indent(lines, s1 + 1, end)
            near_known_end = end in starts and sum(not ln.blank for ln in lines[i:end]) <= 2
            if not hanging and not near_known_end and \
                    _body_follows(lines, i, end, last_number + 1):
                split = i
                break
        if split is None and last_number is not None and end == nxt_sep != len(lines):
            split = _split_by_marker(lines, (last_start or s1) + 1, end, last_number + 1)
        stop = split if split is not None else end
        for i in range(s1 + 1, stop):
            lines[i].zone = "notes"
            if not lines[i].blank:
                block.lines.append(lines[i].no)
        if split is not None and split not in starts:
            inferred.add(split)
            block.inferred_end = True
        blocks.append(block)
    return blocks, inferred


def _numbered_blocks(lines: list[Line], starts: set[int], blocks: list[NoteBlock],
                     rule: Rule) -> list[NoteBlock]:
    """Footnote blocks that no separator sets off (some extractors drop it): at the foot of a
    page whose end is known, after a blank line, footnotes numbered on from the last page's,
    the first of them marked in the page's body above. Returns all blocks in page order."""
    bounds = [0, *sorted(starts), len(lines)]
    footers = _running_feet(lines, bounds)
    index = {ln.no: i for i, ln in enumerate(lines)}
    by_start = {index[b.separator[0]]: b for b in blocks if b.separator}
    out: list[NoteBlock] = []
    last = 0
    prev = 0
    open_note = False   # the last page's last note stops short of a sentence's end
    for a, b in itertools.pairwise(bounds):
        page_blocks = [blk for i, blk in sorted(by_start.items()) if a <= i < b]
        if page_blocks:
            out.extend(page_blocks)
            last = max([n for blk in page_blocks for n, _ in blk.starts] or [last])
            prev = a
            open_note = False
            continue
        for block in _column_feet(lines, a, b, last + 1, rule, prev):
            out.append(block)
            last = block.starts[-1][0]
        block = _numbered_block(lines, a, b, last + 1, rule, prev, footers, open_note)
        prev = a
        open_note = block is not None and bool(block.lines) and not SENTENCE_END.search(
            lines[index[block.lines[-1]]].text.rstrip())
        if block is not None and (block.starts or block.last_number):
            # Numbering that starts again at 1 (a new chapter) after notes numbered on.
            block.restart = bool(block.starts) and block.starts[0][0] == 1 and last >= 1
            out.append(block)
            last = block.last_number or block.starts[-1][0]
    return out


COLUMN_BODY_LINES = 3  # body lines under a block inside a page: no page's foot


def _column_feet(lines: list[Line], a: int, b: int, expected: int, rule: Rule,
                 prev: int) -> list[NoteBlock]:
    """Footnote blocks inside page ``[a, b)``: a two-column page's first column ends with
    its notes, and an extractor that reads column by column sets them between the columns'
    texts ('... a smaller number of packages' / '3Martin Michlmayr, ...' / '4With the
    contents ...' / 'than Debian,6 and relies ...').

    The evidence must be whole, as nothing else marks such a block: notes opening glued or
    spaced to their numbers, the first the number the count expects, each following the
    last's end, each ending a sentence within a note's length; every number marked in the
    body above, in order; the body's sentence cut by the block and taken up under it in lower
    case, the next note a column's length on. A heading ('3 Census and Cooperation' over its
    paragraph) opens no note."""
    out: list[NoteBlock] = []
    memo: dict = {}
    k = a + 1
    while k < b:
        # (A run opens with a decimal digit, as GLUED_START's \d: most lines are done here.)
        run = _column_run(lines, k, b, expected) if lines[k].text[:1].isdecimal() else []
        if not run:
            k += 1
            continue
        stop = run[-1][1]
        numbers = [n for n, _ in run]
        body_after = sum(1 for ln in lines[stop:b] if not ln.blank and not ln.has(FOLIO_TAG))
        above = lines[k - 1].text.rstrip()
        below = next((ln.text for ln in lines[stop:b] if not ln.blank), "")
        # The body's sentence cut by the block goes on under it; and the next note opens no
        # closer than a column's length on, nor runs on inside the block (a page's foot
        # notes cut at a sentence's end inside a note are followed by the next at once).
        cut = not SENTENCE_END.search(above) and below[:1].islower()
        nxt = re.compile(rf"{numbers[-1] + 1}(?!\d)")
        if body_after >= COLUMN_BODY_LINES and cut \
                and not any(nxt.match(ln.text) for ln in lines[stop:stop + NOTE_LINES]) \
                and not any(run_on(ln.text, numbers[-1] + 1) for ln in lines[k:stop]) \
                and not any(LEADERS.search(ln.text) for ln in lines[k:stop]) \
                and _marked_in_order(lines, prev, k, numbers, False, memo) is not None:
            out.append(_make_block(lines, k, stop, expected, rule, NOTE_LABEL,
                                   keep={k, *(e for _, e in run[:-1])}))
            expected = numbers[-1] + 1
            k = stop
            continue
        k += 1
    return out


# A point a number follows in a citation: no note's end where the number follows
# ("Northgate University Press, 2014, pp." / "150–414, https://..."); where the body
# follows (the range went to the other column's part of the note), the note ends there.
_NUMBER_FOLLOWS = re.compile(r"\b(?:pp?|vols?|nos?|ch|sec|figs?|paras?)\.$", re.IGNORECASE)
_COLUMN_NOTE_TEXT = re.compile(r"\s?[“‘\"'(\[]?[^\W\d_]{2}")  # a note's words after its number


def _column_run(lines: list[Line], k: int, b: int, expected: int) \
        -> list[tuple[int, int]]:
    """The notes ``expected``, ``expected + 1``, ... that open at line ``k`` one after the
    other: (number, index after its last line) each; empty where line ``k`` opens none."""
    run: list[tuple[int, int]] = []
    n = expected
    while k < b:
        m = GLUED_START.match(lines[k].text)
        if not m or int(m.group(1)) != n or lines[k].has(FOLIO_TAG) \
                or not _COLUMN_NOTE_TEXT.match(lines[k].text, m.end(1)):
            break  # (a number alone, or a table's row of numbers '1 2 3', opens no note)
        words = lines[k].text.split()
        end = next((i + 1 for i in range(k, min(b, k + NOTE_LINES))
                    if SENTENCE_END.search(text := lines[i].text.rstrip())
                    and not (_NUMBER_FOLLOWS.search(text) and i + 1 < b
                             and lines[i + 1].text[:1].isdigit())), None)
        if end is None or (len(words) <= 6 and end > k + 1
                           and lines[k + 1].text[:1].isupper()):
            break  # no end within a note's length, or a heading over its paragraph
        run.append((n, end))
        n += 1
        k = end
    return run


def _running_feet(lines: list[Line], bounds: list[int]) -> frozenset[str]:
    """The running footers of pages whose ends are known: the words (digits folded) that end
    several pages, after their page numbers. A page's notes end before them: read as the
    last note's text, a footer ("Centre for Open Infrastructure", under Word's notes as
    pdftotext reads them) shifts every note of the page onto the wrong number."""
    ends: dict[str, list[int]] = defaultdict(list)
    for page, (a, b) in enumerate(itertools.pairwise(bounds)):
        k = b
        while k > a and (lines[k - 1].blank or lines[k - 1].has(FOLIO_TAG)
                         or _NUMBER_ONLY.fullmatch(lines[k - 1].text)):
            k -= 1
        if k > a:
            ends[normalise_key(lines[k - 1].text)].append(page)
    share = max(MIN_PERIODIC_REPEATS, RUNNING_FOOT_SHARE * (len(bounds) - 1))
    # A share of all pages, or (a chapter's footer, "Kapitel 2 Die Hauptklassen ...") pages
    # close together, in words no note's end is likely to repeat: two or more, and letters.
    return frozenset(key for key, pages in ends.items()
                     if len(_NOT_LETTERS.sub("", key)) >= 4 and (len(pages) >= share or (
                         len(pages) >= MIN_PERIODIC_REPEATS and len(key.split()) >= 2
                         and len(_NOT_LETTERS.sub("", key)) >= 8
                         and all(q - p <= 3 for p, q in itertools.pairwise(pages)))))


def _numbered_block(lines: list[Line], a: int, b: int, expected: int,
                    rule: Rule, prev: int | None = None,
                    footers: frozenset[str] = frozenset(),
                    open_note: bool = False) -> NoteBlock | None:
    """The footnote block at the foot of page ``[a, b)`` found by its numbering alone.

    Two shapes are accepted. Set off by a blank line: its first number is ``expected`` and
    marked in the body above. Or with nothing setting it off (pypdf writes no blank line, and
    glues a note's number to its first word: "1Do not hesitate"): a run of note numbers at
    the page's foot, each one more than the last, running to the page's end, the first
    ``expected`` or a restart at 1 or a few more when notes were lost, and EVERY number of the
    run marked, glued to a word, in the body above it, in order (the first may be marked on
    the page before, ``prev`` its first line: a note set on the page after its marker). A
    page number, a list or a table counts up too but is not marked in the body; when the
    evidence falls short the lines stay in the body."""
    end = b
    folio = False
    while end > a and (lines[end - 1].blank or lines[end - 1].has(FOLIO_TAG)):
        folio = folio or lines[end - 1].has(FOLIO_TAG)
        end -= 1
    if end > a and (m := _NUMBER_ONLY.fullmatch(lines[end - 1].text)) \
            and not (folio and _counts_on(lines, max(a, end - FOOT_RUN_LINES), end - 1,
                                          int(m.group(1)))):
        # A number alone ends the page: its page number, not a note with no text. (Not
        # above the page number found, where it goes with the numbers alone above it: there
        # it is a note's number, set under its text.)
        end -= 1
    while end > a and (lines[end - 1].blank or (
            footers and normalise_key(lines[end - 1].text) in footers)):
        end -= 1  # the page's running footer, under its notes
    first = a if prev is None else prev
    # Numbers apart from their texts first: read as numbered lines, all the texts would
    # join the last note.
    apart = _numbers_apart(lines, a, end, b, expected, rule, first, open_note)
    if apart is not None:
        return apart
    # A page of notes alone (they ran over from the page before, nothing else on this one)
    # has their markers on the page before.
    alone = True
    for k in range(a, end):
        m = FOOTNOTE_START.match(lines[k].text)
        if m and int(m.group(1)) == expected and (alone or lines[k - 1].blank) \
                and not any(LEADERS.search(ln.text) for ln in lines[k:end]) \
                and _expected_marked(lines, first if alone else a, k, expected):
            numbers = [int(mm.group(1)) for ln in lines[k:end]
                       if not ln.blank and (mm := FOOTNOTE_START.match(ln.text))]
            # (Nor a page that only opens with the number: a chapter's '2 Results' over
            # its first page is no note of 29 lines.)
            if all(y - x in (1, 2) for x, y in itertools.pairwise(numbers)) \
                    and end - k <= NOTE_LINES * len(numbers) + 6:
                return _make_block(lines, k, end, expected, rule, FOOTNOTE_START)
        alone = alone and lines[k].blank
    return _foot_run(lines, a, end, b, expected, rule, first)


def _counts_on(lines: list[Line], lo: int, k: int, n: int) -> bool:
    """Whether ``n`` belongs with the numbers alone on lines in ``lines[lo:k]``: one of them
    is ``n - 1`` or ``n + 1``, and none is ``n``."""
    above = {int(m.group(1)) for ln in lines[lo:k]
             if not ln.has(FOLIO_TAG) and (m := _NUMBER_ONLY.fullmatch(ln.text))}
    return n not in above and bool({n - 1, n + 1} & above)


def _expected_marked(lines: list[Line], a: int, k: int, expected: int) -> bool:
    """Is the note the count expects next marked in the body above? Glued, or spaced after
    a sentence's end; once notes were found before it (``expected`` > 1), spaced before any
    word too ("a photo gallery, a blog, 19 and so on.", LibreOffice's raised number as
    pdftotext reads it): the count, the blank line and the page's foot are evidence enough."""
    return _marked_above(lines, a, k, [expected]) or (
        expected > 1 and _marked_above(lines, a, k, [expected], spaced_first=True))


# A note's number at a line start, glued to its first word as pypdf writes it ("1Do not",
# "2“Quoted", "3→https://", "4--dhcp", a bare address "5https://ctan.org/"), or a space
# before it, or alone; not a list item
# ("1)"), a prompt ("1>"), a decimal or a time, and not before a lower-case word: a note
# opens as a sentence does ("6 happened in 1995" at a page's foot is the body's).
# (Not a number compounded with a word: "32-bit and 64-bit PCs" opens no note; nor the
# page range a citation's line wraps onto: "261–315, https://..." under "pp.". A hyphened
# pair still counts: below a run, "82-88 Hills Road" (a title page's address) keeps the
# affiliations above it from reading as a page's foot notes.)
_OPENS = r"[A-Z“‘\"'(\[→]|[–—](?!\d)|-(?![a-z])|https?://|www\.|\s*$"  # a note's first text
GLUED_START = re.compile(rf"(\d{{1,3}})(?={_OPENS}|\s+[^\sa-z])")
# ... or before a lower-case word, a space between, in a line that reads as no code
# ("1 dpkg’s internal databases", "13 debsign signs the *.dsc"; not a listing's
# "1 solve(u)", "3 onbdy()...;"): only in a run of notes at a page's foot that also holds
# one opening as a sentence, its number marked in the body above.
_CODE = r"(?:[{}]|\w\(|;\s*$|\s==?\s|:=|<<|->|/\*|\*/|\\[a-z])"  # what a line of code shows
PROSE_START = re.compile(rf"(\d{{1,3}})(?=\s+[a-z])(?!.*{_CODE})")
_CODE_LINE = re.compile(_CODE)
# ... or glued to a lower-case word, as pypdf writes a raised number before a note that
# opens with a command or a lower-case word ("1the strings command", "8shutdown to
# trigger"): a body line has a space there. Not an ordinal, a unit or a size ("3rd", "5pm",
# "12pt", "7x10"), nor a word with digits in it (a checksum "7c98fe853b", "2to3").
GLUED_LOWER = re.compile(r"(\d{1,3})(?=[a-z])(?![a-z]*\d)"
                         r"(?!(?:st|nd|rd|th|s|x|am|pm|px|pt|em|cm|mm|km|kg|ms|bit|k|m)\b)"
                         rf"(?!.*{_CODE})")
# Either: a note's label once the run is found.
NOTE_LABEL = re.compile(rf"(\d{{1,3}})(?={_OPENS}|\s+\S|[a-z])")
# Dot leaders: a table of contents' or an index's line, never a note.
# A contents entry without leaders: a section's number, its title, its page number.
_ENTRY = re.compile(r"\s*(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVXL]{1,5}\.?|[A-Z](?:\.\d{1,2})*\.?)\s+\S.*"
                    r"\s(?:\d{1,4}|[ivxlc]{1,7})\s*")


def contents_entry(lines: list[Line], i: int) -> bool:
    """Is line ``i`` one of a contents' entries set without leaders ('1 Setting Up the System
    1'), the next line or the one before one too (a chapter's own contents: 'A.1 Licence ...
    79' / 'A.2 Transposition ... 83')? A running head that names its section ('2.5. Figuras
    41') has the page's text after it, not another entry. Its numbers are pages: no running
    head's, no note's marker."""
    if not _ENTRY.fullmatch(lines[i].text):
        return False
    nxt = next((ln for ln in lines[i + 1:i + 3] if not ln.blank), None)
    before = next((ln for ln in reversed(lines[max(0, i - 2):i]) if not ln.blank), None)
    return any(ln is not None and _ENTRY.fullmatch(ln.text) is not None for ln in (nxt, before))


LEADERS = re.compile(r"(?:\.\s?){5,}|…{2,}")


def has_leaders(text: str) -> bool:
    """``LEADERS.search(text)``, asked only where the text holds five points or two ellipses
    in a row: the pattern opens with no literal, so its search tries every place of a line."""
    return (text.count(".") >= 5 or "……" in text) and LEADERS.search(text) is not None
FOOT_RUN_LINES = 40   # lines above a page's end searched for its footnotes
NOTE_LINES = 12       # a note runs a dozen lines at most


def _foot_run(lines: list[Line], a: int, end: int, b: int, expected: int,
              rule: Rule, prev: int) -> NoteBlock | None:
    """A run of consecutive note numbers ending a page, each marked in the body above. The
    run may go on inside its lines, where an extractor ran the notes together ("... 2000.96
    Debian is ..."): those numbers count too, and the footnotes stage splits them off.
    Notes open as sentences do; one may open with a lower-case word ('1 dpkg’s internal
    databases', '13 debsign signs ...') where the body above marks its number glued to a
    word, in a run that holds a note opening as a sentence (a note's line that goes on '8 to
    14 July 2012', its number marked nowhere above, starts no note)."""
    memo: dict = {}  # (the candidate runs ask about the same lines and numbers)
    lo = max(a + 1, end - FOOT_RUN_LINES)
    # (_run_start's first test inline: most lines open with no digit.)
    starts = [(k, n) for k in range(lo, end)
              if lines[k].text[:1].isdigit() and not lines[k].has(FOLIO_TAG)
              and (n := _run_start(lines, k, prev, memo))]
    if any(LEADERS.search(lines[k].text) for k, _ in starts):
        return None  # a table of contents or an index counts up with its entries
    # The run that reaches furthest down: from the last start upward, numbers one less each.
    for first in range(len(starts)):
        run = _run_with_inline(lines, starts[first:], end)
        if not any(k == starts[-1][0] for k, _, inline in run if not inline):
            continue  # a start below the run that does not continue it: no clean foot
        n0 = run[0][1]
        # Numbers run on after the last line start count only as far as the body marks
        # them: "Figures for 2000.4 People came" is a note's own text where no marker 4 is.
        while run[-1][2] and not _marked_above(lines, prev, run[0][0], [n for _, n, _ in run],
                                               memo=memo):
            run.pop()
        # (Several numbers, each marked in the body in order, are notes a few pages' notes
        # on from the count: a page whose notes were missed must not lose all the notes after
        # it. Not hundreds on: a listing's numbered lines, "888 \list@create", count so.)
        if not (_plausible_first(n0, expected, len(run))
                or (len(run) >= 2 and expected < n0 <= expected + RESYNC_GAP)):
            continue
        if not any(GLUED_START.match(lines[k].text) or GLUED_LOWER.match(lines[k].text)
                   for k, _, inline in run if not inline):
            continue  # none opens as a note: a numbered list, or the body's own lines
        numbers = [n for _, n, _ in run]
        # (Notes going on from the last page's may all be marked spaced, as pdftotext
        # reads LibreOffice's raised numbers: "kiddy“) 20 can", "often, 21", "by any
        # distribution 36 anymore": the count is the evidence.)
        if not _marked_or_alone(lines, prev, run[0][0], numbers, memo) and not (
                n0 == expected > 1
                and _marked_above(lines, prev, run[0][0], numbers, spaced_first=True,
                                  memo=memo)):
            continue
        # A note runs a dozen lines at most, and notes fill less than most of a page: a
        # block longer than that is body that happens to count up.
        size = end - run[0][0]
        if size > NOTE_LINES * len(run) + 6 or size > 0.7 * (end - a):
            continue
        block = _make_block(lines, run[0][0], end, n0, rule, NOTE_LABEL,
                            keep={k for k, _, inline in run if not inline})
        if run[-1][2]:
            block.last_number = run[-1][1]
        return block
    return _continued_run(lines, a, end, expected, rule, prev, memo)


def _run_start(lines: list[Line], k: int, prev: int, memo: dict) -> int | None:
    """The note number line ``k`` opens with, if it may start a note of a foot run."""
    if not lines[k].text[:1].isdigit():
        return None  # (all three patterns open with the number: most lines are done here)
    if m := GLUED_START.match(lines[k].text):
        return int(m.group(1))
    # (Its marker glued, or spaced after a sentence's end, as pdftotext reads LibreOffice's
    # raised numbers: '“physical volumes”. 19 Each' over '19 since the kernel is shared'.)
    if (m := PROSE_START.match(lines[k].text) or GLUED_LOWER.match(lines[k].text)) and (
            _marked_in_order(lines, prev, k, [int(m.group(1))], False, memo) is not None
            or _sentence_marked(lines, prev, k, [int(m.group(1))])):
        return int(m.group(1))
    return None


def _continued_run(lines: list[Line], a: int, end: int, expected: int, rule: Rule,
                   prev: int, memo: dict) -> NoteBlock | None:
    """A page's notes that open with the last page's note run over, the next number run on
    inside that line as pypdf reads Word's notes ("https://bugs.debian.org/.30 Chris Lamb,
    ...31 Branden Robinson, ..."): no line starts with a number. Taken when the number is the
    one the count expects (not a restart: nothing else shows where the block begins), two or
    more numbers run on in sequence to the page's end, and the body marks every one of them
    above, in order.
    The block's first line stays with the last page's note; the footnotes stage splits the
    run-on notes off it."""
    if expected < 2:
        return None
    lo = max(a + 1, end - FOOT_RUN_LINES)
    # From the page's foot up: a body line above may hold the same number, as its marker.
    for k in range(end - 1, lo - 1, -1):
        if lines[k].has(FOLIO_TAG) or GLUED_START.match(lines[k].text) \
                or run_on(lines[k].text, expected) is None:
            continue
        run = _run_with_inline(lines, [(k, expected)], end, first_inline=True)
        numbers = [n for _, n, _ in run]
        size = end - k
        # One number run on is what a body marker looks like ("the book.2 The choice"):
        # two or more in sequence are notes.
        if len(run) < 2 or size > NOTE_LINES * len(run) + 6 or size > 0.7 * (end - a) \
                or not _marked_above(lines, prev, k, numbers, memo=memo):
            continue
        block = _make_block(lines, k, end, expected, rule, GLUED_START,
                            keep={j for j, _, inline in run if not inline})
        block.lines_before_start = True
        block.last_number = run[-1][1]
        return block
    return None


# Note N+1 starting inside note N's line: its number glued to N's closing punctuation, a
# capital or an opening quote or bracket after it ("... Research Group, 2000.11 Tollef Fog",
# "pp. 264-329.12 Ibid."), or a lower-case word after a closing bracket or quote ("(in the
# package of the same name).145 in other cases": notes may open in lower case, but "the year
# 2000.11 people came" is no note); a capital after a note ending on a colon or semicolon
# after a word: "subcommands include:26 When", "the report;146 These"; never a section
# number ("1.2 Model objects", "3.1.2 Dummy") or a time ("10:30 The"). Each such number
# counts only where the body marks it.
_CAPITAL_NEXT = r"(?=\d{1,3}\s+[A-Z“‘\"'(\[])"
_RUN_ON = re.compile(rf"(?:(?<=[.)\]”’\"'])(?<!\b\d\.)(?<!\b\d\d\.){_CAPITAL_NEXT}"
                     r"|(?<=[)\]”’\"'])|(?<=[)\]”’\"'][.,;])"
                     rf"|(?<=[^\W\d_][:;]){_CAPITAL_NEXT})"
                     r"(\d{1,3})\s+(?=[^\W\d_“‘\"'(\[])")


# Note N+1 glued to the address that ends note N ("...Teams/Treasurer/Organizations71 An
# interesting fact", "https://db.debian.org/43 See above"): a number glued to the last
# letter or slash of an address, before a capital.
_AFTER_LETTER = re.compile(r"(?:(?<=[^\W\d_])|(?<=/))(\d{1,3})\s+(?=[A-Z“‘\"'(\[])")
# Note N+1 (ten or more) glued to a number that ends note N with a point ("See above,
# section 1.44 Often, ...", "fixes for version 1.0.53 Every command ..."): only the number
# the count expects, before a capital; a section number "2.5.3 Additional" is none.
_AFTER_POINT = re.compile(r"(?<=\d\.)(\d{2,3})\s+(?=[A-Z“‘\"'(\[])")
# A digit other than 0-9: int() reads the numbers the patterns find in any script's digits.
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
# Text that ends inside a web address.
_IN_ADDRESS = re.compile(r"(?:https?://|www\.)\S*$")


def run_on(text: str, n: int, pos: int = 0) -> re.Match[str] | None:
    """Where note ``n`` starts inside ``text`` (from ``pos``), run on after another note."""
    if text.find(str(n), pos) < 0 and (text.isascii() or not _OTHER_DIGIT.search(text, pos)):
        return None  # (the patterns' numbers are read by int(): digits of any script count)
    found = next((m for m in _RUN_ON.finditer(text, pos) if int(m.group(1)) == n), None)
    if found is None and "/" in text:
        found = next((m for m in _AFTER_LETTER.finditer(text, pos) if int(m.group(1)) == n
                      and _IN_ADDRESS.search(text, 0, m.start())), None)
    if found is None and n >= 10:
        found = next((m for m in _AFTER_POINT.finditer(text, pos) if int(m.group(1)) == n),
                     None)
    return found


def _run_with_inline(lines: list[Line], starts: list[tuple[int, int]], end: int,
                     first_inline: bool = False) -> list[tuple[int, int, bool]]:
    """(line, number, inside a line) for the numbers from ``starts[0]`` to ``end``, each one
    more than the last: line starts, and numbers run on inside lines (a line start that
    does not continue the count is passed over; the caller wants the last one in the run).
    ``first_inline``: the first number runs on inside its line, after other text."""
    at = dict(starts)
    run: list[tuple[int, int, bool]] = []
    current = starts[0][1] - 1
    for k in range(starts[0][0], end):
        pos = 0
        if at.get(k) == current + 1 and not (first_inline and k == starts[0][0]):
            current = at[k]
            run.append((k, current, False))
            pos = len(str(current))
        while (m := run_on(lines[k].text, current + 1, pos)):
            current += 1
            run.append((k, current, True))
            pos = m.end(1)
    return run


@lru_cache(maxsize=4096)
def _spaced_marker(n: int, loose: bool = False) -> re.Pattern[str]:
    """Marker ``n`` a space after a word or its closing marks, before a capital or the line's
    end, as LibreOffice's PDFs read in pdftotext ("survival. 3 It"); ``loose``: before any
    word ("the 9 points 2 mentioned"), where the block's shape is the stronger evidence. After
    a number only with a comma or closing mark ("Chapter 1, 2 The", "Chapter 1,2 The"), not
    a point: "2.5.3 Additional" is a section number; or right after the marker before it
    ("exists. 4 5")."""
    after = r"(?=\s|$)" if loose else r"(?=\s+[A-Z“\"]|\s*$)"
    # (After a number, its closing quote and a point too: 'renamed to “Debian 1.1”. 83 The'.)
    # (An opening quote set for a closing one counts too: 'a “script kiddy“) 20 can'.)
    # (Two notes on one spot, after a word and the marker before it: FOP's 'exists. 4 5';
    # not a figure's axis, '0 1 2 3 4 5 6 x'.)
    before = rf"|[^\W\d_][.,;:!?)\]”’\"']{{0,3}} {n - 1} " if n > 1 else ""
    # (After a number that ends a sentence, at the line's end: "... up to chapter 13. 128".)
    return re.compile(rf"(?:[^\W\d_][.,;:!?)\]”’“‘\"']{{0,3}} |\d[,;)\]”’\"']{{1,3}} ?"
                      rf"|\d[)\]”’\"']{{1,2}}[.,;:!?] {before}){n}" + after
                      + rf"|\d\. {n}\s*$")


_NUMBER_ONLY = re.compile(r"\s*(\d{1,3})\s*")
_NOTE_OPENS = re.compile(r"[A-Z“‘\"'(\[]")


def _numbers_apart(lines: list[Line], a: int, end: int, b: int, expected: int,
                   rule: Rule, prev: int, open_note: bool = False) -> NoteBlock | None:
    """A page's note numbers set apart from their texts, as pdftotext reads Word's notes:
    the numbers one to a line ("5", "6", "7"), then the texts with no number. Taken only when
    every number is marked in the body above, in order, and the texts split into exactly as
    many notes: a line to each number, or at the lines that end a sentence shortest (a note's
    last line ends short); else the lines stay in the body. Notes after them that carry their
    numbers at their line starts ("8 The goal ...") are taken as far as the body marks them."""
    lo = max(a + 1, end - FOOT_RUN_LINES)
    # The numbers alone at the page's foot, found once for both readings of them.
    nums = [k for k in range(lo, end)
            if _NUMBER_ONLY.fullmatch(lines[k].text) and not lines[k].has(FOLIO_TAG)]
    if not nums:
        return None
    among = _numbers_among(lines, a, nums, end, expected, rule, prev)
    if among is not None:
        return among
    run: list[int] = []
    for k in nums:
        if run and int(lines[k].text) != int(lines[run[-1]].text) + 1:
            run = []
        if run and any(not lines[j].blank for j in range(run[-1] + 1, k)):
            return None  # each number before its own text: numbered notes, not this
        run.append(k)
    numbers = [int(lines[k].text) for k in run]
    texts = [k for k in range(run[-1] + 1, end) if not lines[k].blank]
    # The page's later notes may carry their numbers at their line starts, as pdftotext reads
    # a page where some numbers stood apart ("6" / "7" / their texts / "8 The goal ...").
    # Only as many of them as the body marks, in order: past those, the lines stay with the
    # note before them (as where no number is found).
    inline = _inline_after(lines, texts, numbers[-1])
    while inline and not _marked_above(lines, prev, run[0], numbers + [n for _, n, _ in inline],
                                       spaced_first=True):
        inline.pop()
    if inline:
        texts = [k for k in texts if k < inline[0][0]]
    n0 = numbers[0]
    # (Several numbers apart, each marked in the body in order, are notes wherever their
    # count stands: notes lost on earlier pages must not lose all the notes after them.)
    if not texts or not (_plausible_first(n0, expected, len(run))
                         or (len(run) >= 2 and n0 > expected)) \
            or any(_NUMBER_ONLY.fullmatch(lines[k].text) for k in texts) \
            or not _marked_above(lines, prev, run[0], numbers, spaced_first=True) \
            or len(texts) > NOTE_LINES * len(run) + 6:
        return None
    if open_note and _CARRIED.match(lines[texts[0]].text) and len(texts) > len(numbers):
        # Where the last page's last note stopped short ("... Governance, 2020,"), it may go
        # on first under this page's numbers ("30" ... "36" / "https://bugs.debian.org/." /
        # "Chris Lamb, ..."): lines that go on in lower case or with an address, up to the
        # first that opens a note after a sentence's end, stay before the block's first start
        # (pdftotext reads the body, then the numbers, then the texts).
        lead = next((j for j in range(1, min(len(texts), MAX_CARRIED + 1))
                     if _NOTE_OPENS.match(lines[texts[j]].text)
                     and SENTENCE_END.search(lines[texts[j - 1]].text.rstrip())), None)
        if lead is None:
            return None
        texts = texts[lead:]
    if len(texts) == len(numbers):
        # A line to each number: the notes are those lines, whatever they open with (an
        # address, a class name: "https://github.com/...", "tudbook, tudbeamer, ...").
        firsts = texts
    else:
        cuts = _note_cuts(lines, texts, len(numbers) - 1)
        if not _NOTE_OPENS.match(lines[texts[0]].text) or cuts is None:
            return None
        firsts = [texts[0], *cuts]
    block = _apart_block(lines, run, firsts, numbers, end, rule)
    for k, n, label in inline:
        _start_note(block, lines[k], n, label)
    return block


def _numbers_among(lines: list[Line], a: int, nums: list[int], end: int, expected: int,
                   rule: Rule, prev: int) -> NoteBlock | None:
    """A page's note numbers that pdftotext sets among their texts, by their raised
    baselines: above a note's first line, or under its last, or out of place ("1" / note 1 /
    note 2 / "2"; "5" / note 5 / note 6 / "7" / note 7 / "8" / note 8 / "6").

    The numbers at the page's foot, read as a set, count the notes: they must run without a
    gap from the first of them, which is the least. Each number that stands between two
    texts and is higher than all before it starts its note there; between two such, as many
    notes as their numbers say part where a sentence ends and the next opens (the shortest
    such lines first, as a note's last line ends short). Taken only when every number is
    marked in the body above, in order, and each stretch parts as its numbers say; else the
    lines stay as they are. (Numbers all set before their texts are _numbers_apart's.)
    ``nums``: the lines at the page's foot that hold a number alone, page numbers aside."""
    if not _texted(lines, nums, nums[-1]):
        return None  # no number among the texts
    values = [int(lines[k].text) for k in nums]
    first = next((i for i in range(len(nums))
                  if values[i] == min(values[i:])
                  and sorted(values[i:]) == list(range(values[i], values[i] + len(nums) - i))),
                 None)
    if first is None:
        return None
    nums, values = nums[first:], values[first:]
    count = len(values)
    # (A number with no text under it before the next number stands out of place: under its
    # note's text, or after all of them, as pdftotext sets Word's "6" / "7" / "8".)
    texted = _texted(lines, nums, end)
    if count < 2 or not texted.intersection(nums[:-1]):
        return None  # one number, or all before their texts: not this reader's
    # Stretches: from each number higher than all before it, the texts up to the next one.
    stretches: list[tuple[int, list[int]]] = [(values[0], [])]
    highest = values[0]
    where = dict(zip(nums, values, strict=True))
    for k in range(nums[0] + 1, end):
        if k in where:
            if where[k] > highest and k in texted:
                if not stretches[-1][1]:
                    return None  # numbers in a row with no text: they stand all first
                highest = where[k]
                stretches.append((highest, []))
        elif not lines[k].blank:
            if GLUED_START.match(lines[k].text) or LEADERS.search(lines[k].text) \
                    or (not stretches[-1][1] and _CODE_LINE.search(lines[k].text)):
                return None  # a numbered or contents line, or code under a number: no notes
            stretches[-1][1].append(k)
    if not stretches[-1][1]:
        return None
    ends = [s for s, _ in stretches[1:]] + [values[0] + count]
    firsts: list[int] = []
    for (start, texts), stop in zip(stretches, ends, strict=True):
        cuts = _note_cuts(lines, texts, stop - start - 1)
        if cuts is None:
            return None
        firsts += [texts[0], *cuts]
    numbers = list(range(values[0], values[0] + count))
    texts_all = [k for _, t in stretches for k in t]
    if not (_plausible_first(numbers[0], expected, count)
            or (count >= 2 and numbers[0] > expected)) \
            or len(texts_all) > NOTE_LINES * count + 6 \
            or end - nums[0] > 0.7 * (end - a) \
            or not _marked_above(lines, prev, nums[0], numbers, spaced_first=True):
        return None
    return _apart_block(lines, nums, firsts, numbers, end, rule)


def _texted(lines: list[Line], nums: list[int], end: int) -> set[int]:
    """The lines of ``nums`` with a text line under them before the next one (the last's
    before ``end``)."""
    return {p for p, q in itertools.pairwise([*nums, end])
            if any(not lines[j].blank for j in range(p + 1, q))}


def _apart_block(lines: list[Line], apart: list[int], firsts: list[int], numbers: list[int],
                 end: int, rule: Rule) -> NoteBlock:
    """The block from the first number line ``apart[0]`` to ``end``: the numbers set apart
    (``apart``) go, note ``numbers[i]`` starting at its text's first line ``firsts[i]``."""
    block = NoteBlock([], rule.id)
    lines[apart[0]].tag(BLOCK_TAG + rule.id)
    for k in range(apart[0], end):
        ln = lines[k]
        if ln.has(FOLIO_TAG):
            continue
        ln.zone = "notes"
        if not ln.blank:
            block.lines.append(ln.no)
    for k in apart:
        lines[k].tag(NUMBER_APART_TAG)
    for n, k in zip(numbers, firsts, strict=True):
        block.starts.append((n, lines[k].no))
        lines[k].tag(NOTE_START_TAG)
        lines[k].tag(LABEL_APART_TAG)
    return block


_ADDRESS_LINE = re.compile(r"\s*(?:https?://|www\.)\S+\s*")  # a note that is an address


def _note_cuts(lines: list[Line], texts: list[int], need: int) -> list[int] | None:
    """Where ``need`` more notes start in ``texts``, one note's lines; None when there are
    too few places. Notes part after a line that ends a sentence, before one that opens one
    (a note may end on a bare address, "→ https://wiki.xenproject.org/wiki/Xen", or be one:
    "https://tu-dresden.de/cd/" / "http://mirrors.ctan.org/..."). With too
    few such places, a note may open in lower case ("so does listing files ...") or with an
    address ("→ https://...") after a sentence's end: the places a capital opens are all
    taken, the rest from these. With more places than notes, the shortest lines are taken,
    as a note's last line ends short (a wrong pick moves a sentence between two notes, never
    body into a note)."""
    cuts = [(len(lines[p].text.rstrip()), q) for p, q in itertools.pairwise(texts)
            if (SENTENCE_END.search(lines[p].text.rstrip())
                or _IN_ADDRESS.search(lines[p].text.rstrip()))
            and (_NOTE_OPENS.match(lines[q].text) or _ADDRESS_LINE.fullmatch(lines[q].text))]
    if len(cuts) < need:
        loose = [(len(lines[p].text.rstrip()), q) for p, q in itertools.pairwise(texts)
                 if SENTENCE_END.search(lines[p].text.rstrip())
                 and (lines[q].text.lstrip()[:1].islower()
                      or lines[q].text.lstrip().startswith("→"))]
        cuts += sorted(loose)[:need - len(cuts)]
    if len(cuts) < need:
        return None
    return sorted(q for _, q in sorted(cuts)[:need])


def _marked_or_alone(lines: list[Line], a: int, k: int, numbers: list[int],
                     memo: dict | None = None) -> bool:
    """Whether the body in ``lines[a:k]`` marks ``numbers`` in order, where pdftotext may set
    a raised marker at a line's end on a line of its own ("... may be missing.)" / "2"): as
    :func:`_marked_above` does, or, for two numbers or more, with such lines counting too,
    when at least half of the markers are glued or end a sentence."""
    if _marked_above(lines, a, k, numbers, memo=memo):
        return True
    if len(numbers) < 2:
        return False
    pos, strong = a, 0
    for n in numbers:
        glued, sentence, spaced = _glued_markers(n, n), _sentence_marker(n), _spaced_marker(n)
        digits = str(n)
        while pos < k:
            ln = lines[pos]
            # (The three patterns spell the number in its digits: a line without them matches
            # none. A number alone is read by int(), which takes other scripts' digits too.)
            held = digits in ln.text
            if held and (glued.search(ln.text) or sentence.search(ln.text)):
                strong += 1
                break
            if (held and spaced.search(ln.text)) or (
                    pos > a and not lines[pos - 1].blank and not ln.has(FOLIO_TAG)
                    and (m := _NUMBER_ONLY.fullmatch(ln.text)) and int(m.group(1)) == n):
                break
            pos += 1
        if pos >= k:
            return False
    return 2 * strong >= len(numbers)


def _inline_after(lines: list[Line], texts: list[int], last: int) \
        -> list[tuple[int, int, re.Match[str]]]:
    """The notes numbered at their line starts that follow notes numbered apart: from the
    first line that opens with the next number (after a line that ends a sentence), each
    later line that opens with the number after that (line, number, its label). Empty when
    none does."""
    found: list[tuple[int, int, re.Match[str]]] = []
    for p, k in itertools.pairwise(texts):
        m = GLUED_START.match(lines[k].text)
        if m and int(m.group(1)) == last + 1 and (
                found or SENTENCE_END.search(lines[p].text.rstrip())):
            found.append((k, last + 1, m))
            last += 1
    return found


def _plausible_first(n0: int, expected: int, count: int) -> bool:
    """Whether a page's first note may be ``n0`` (``count`` numbers in its run): the one
    expected, a restart at 1, or a few more where a page's notes were missed, once notes
    were found or when the run has several numbers (each evidence for the others)."""
    return n0 in (1, expected) or \
        ((expected > 1 or count > 1) and expected < n0 <= expected + FOOTNOTE_GAP)


def _marked_above(lines: list[Line], a: int, k: int, numbers: list[int],
                  spaced_first: bool = False, memo: dict | None = None) -> bool:
    """Whether each of ``numbers`` shows as a marker in the body of ``lines[a:k]``, in order
    (a later marker on a later or the same line): glued to a word, or spaced where there are
    several numbers (each evidence for the others) or the block's shape is evidence enough
    (``spaced_first``, which also takes a spaced marker before any word).

    pdftotext sets a space before a raised number ("compile all packages, 54 adapting"):
    where several numbers are asked for and one of them is glued to its word, the others
    may stand spaced before any word too."""
    if _marked_in_order(lines, a, k, numbers, spaced_first, memo) is not None:
        return True
    if spaced_first:
        return False
    if len(numbers) < 2:
        # One note alone: its marker spaced after a sentence's end ("cannot be an executable
        # binary. 2", DocBook's raised numbers as FOP sets them) is evidence enough.
        return _sentence_marked(lines, a, k, numbers)
    # Loosely (a spaced number before any word): one glued at least, or half of them set as
    # a sentence's marker is ("appears. 81 This was"; "release, 82 the" is one too then).
    found = _marked_in_order(lines, a, k, numbers, True, memo)
    return found is not None and (found > 0 or _sentence_marked(lines, a, k, numbers))


def _sentence_marked(lines: list[Line], a: int, k: int, numbers: list[int]) -> bool:
    """Do at least half of ``numbers`` stand spaced after a sentence's end and before a
    capital or the line's end ("appears. 81 This was"), in ``lines[a:k]``?"""
    hits = 0
    for n in numbers:
        pattern, digits = _sentence_marker(n), str(n)
        hits += any(digits in (text := lines[i].text) and pattern.search(text)
                    for i in range(a, k))
    return 2 * hits >= len(numbers)


@lru_cache(maxsize=4096)
def _sentence_marker(n: int) -> re.Pattern[str]:
    # After a word's end, not a contents line's leaders ("d'introduction . . . . 1").
    return re.compile(rf"(?:[^\W\d_]|[)\]”’\"'])[.!?][”’\"')\]]{{0,2}} {n}(?=\s+[A-Z“\"]|\s*$)")


def _marked_in_order(lines: list[Line], a: int, k: int, numbers: list[int],
                     loose: bool, memo: dict | None = None) -> int | None:
    """How many of ``numbers`` were found glued, when all are found in order; else None.
    ``memo``: where a caller asks about the same lines and numbers again and again (a page's
    candidate runs of notes), the answers of each pattern on each line."""
    memo = {} if memo is None else memo
    pos = a
    glued_count = 0
    for j, n in enumerate(numbers):
        glued = _glued_markers(n, n)
        spaced = _spaced_marker(n, loose) if j or loose or len(numbers) > 1 else None
        digits = str(n)
        while pos < k:
            if digits not in lines[pos].text:
                # (Both patterns spell the number in its digits: a line without them shows
                # neither, and the substring test spares their lookbehinds at every place.)
                pos += 1
                continue
            found = memo.get((pos, glued))
            if found is None:
                # (A contents line's numbers are its entries': "A.1 Migrating . . . 377".)
                found = memo[(pos, glued)] = glued.search(lines[pos].text) is not None \
                    and not LEADERS.search(lines[pos].text)
            if found:
                glued_count += 1
                break
            if spaced is not None:
                found = memo.get((pos, spaced))
                if found is None:
                    found = memo[(pos, spaced)] = spaced.search(lines[pos].text) is not None \
                        and not LEADERS.search(lines[pos].text)
                if found:
                    break
            pos += 1
        if pos >= k:
            return None
    return glued_count


def _make_block(lines: list[Line], k: int, b: int, first: int, rule: Rule,
                pattern: re.Pattern[str], keep: set[int] | None = None) -> NoteBlock:
    block = NoteBlock([], rule.id)
    lines[k].tag(BLOCK_TAG + rule.id)
    n = first - 1
    for i in range(k, b):
        ln = lines[i]
        if ln.has(FOLIO_TAG):
            continue  # the page number under the notes stays page furniture
        ln.zone = "notes"
        if ln.blank:
            continue
        block.lines.append(ln.no)
        mm = pattern.match(ln.text)
        if mm and (i in keep if keep is not None else int(mm.group(1)) in (n + 1, n + 2)):
            n = int(mm.group(1))
            _start_note(block, ln, n, mm)
    return block


def _start_note(block: NoteBlock, line: Line, n: int, label: re.Match[str]) -> None:
    """Note ``n`` starts at ``line``, whose ``label`` match reads its number."""
    block.starts.append((n, line.no))
    line.tag(NOTE_START_TAG)
    if label.end(1) < len(line.text) and not line.text[label.end(1)].isspace():
        line.tag(GLUED_LABEL_TAG)  # the footnotes stage splits "1Do" into "1 Do"


def _hanging_indent(lines: list[Line], lo: int, hi: int) -> bool:
    """Whether this block indents its footnotes' wrapped lines (then an indent is no signal)."""
    wrapped = [ln for ln in lines[lo:hi] if not ln.blank and not FOOTNOTE_START.match(ln.text)]
    return len(wrapped) >= 2 and sum(ln.indent >= 2 for ln in wrapped) > len(wrapped) / 2


def _body_follows(lines: list[Line], i: int, end: int, expected: int) -> bool:
    """Whether the lines from ``i`` read as body text: the next footnote numbers turn up glued
    to words there ("Taliban.13"), as body markers do and footnote bodies never do."""
    glued = _glued_markers(expected, expected + FOOTNOTE_GAP)
    # (The pattern's numbers are ASCII digits: a line without one has none of them.)
    return any(_ASCII_DIGIT.search(text := lines[k].text) and glued.search(text)
               for k in range(i, min(end, i + LOOKAHEAD)))


def _split_by_marker(lines: list[Line], lo: int, hi: int, expected: int) -> int:
    """Where the next page's body starts when only its first footnote marker shows it."""
    pattern = _glued_marker(expected)
    for i in range(lo, hi):
        if not lines[i].blank and pattern.search(lines[i].text):
            # The body may begin a few lines before its first marker: after the last line that
            # ends a sentence.
            for j in range(lo, i):
                prev = lines[j - 1].text.rstrip()
                if prev and SENTENCE_END.search(prev) and not lines[j].blank:
                    return j
            return i
    return hi
