"""Printed page labels: the number each page carries in print, so output can be cited.

The page structure (:mod:`cleanup.layout`) numbers pages from 0 in the order they stand in the
input; a reader cites the number printed on the page: ``7``, ``xii``, ``CRS-5``, ``A-3``, or
``823`` in a journal issue. The furniture stage removes the line that prints it and records the
edit; this module reads those edits back, parses the label each removed line carries, and keeps
only labels that agree with a sequence: a printed number is accepted when another page's number
of the same style runs in step with it (a year or a footnote number in a running head does
not), or when the line says outright that it is a page number ("Page 3 of 20", "- 6 -").

A page that prints no number gets the label its neighbours imply, marked ``inferred``, with the
page it was inferred from. No label is ever given without either the line it was read from or
the ``inferred`` mark.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from cleanup.structure import folios

Style = str  # "arabic" | "roman" | "prefixed"

_ROMAN_RE = re.compile(r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
# "Page 3 of 20", "Page 3", "p. 7", "PAGE 6", "3 / 20"
_WORD = re.compile(r"(?:page|p\.|pg\.?)\s*(?P<n>\d{1,5})(?:\s*(?:of|/)\s*(?P<total>\d{1,5}))?",
                   re.I)
_DASHES = re.compile(r"[-–—]\s*(?P<n>\d{1,5})\s*[-–—]")
_BARE = re.compile(r"(?P<n>\d{1,5})")
_PREFIXED = re.compile(r"(?P<prefix>[A-Z][A-Za-z]{0,5}\s?[-–.]\s?)(?P<n>\d{1,4})")
_ROMAN_LINE = re.compile(r"(?P<r>[ivxlcdm]{1,8}|[IVXLCDM]{1,8})")
# A number printed at the edge of a running head: "202    ANNALS OF ...", "... CODE    203",
# or a footer ending "... Page 6".
_HEAD_START = re.compile(r"(?P<n>\d{1,5})\s{2,}\S")
_HEAD_END = re.compile(r"\S\s{2,}(?P<n>\d{1,5})|\bPage\s+(?P<p>\d{1,5})(?:\s+of\s+\d{1,5})?",
                       re.I)


@dataclass(slots=True, frozen=True)
class Printed:
    """A page label as printed: its text, style, value in its sequence and prefix."""

    label: str
    style: Style
    value: int
    prefix: str = ""
    explicit: bool = False   # the line says it is a page number ("Page 3", "- 6 -")

    def shifted(self, by: int) -> Printed | None:
        """The label ``by`` pages on in the same sequence (None where it would not exist)."""
        value = self.value + by
        if value < 1:
            return None
        if self.style == "roman":
            text = to_roman(value)
            return Printed(text if self.label.islower() else text.upper(), "roman", value)
        return Printed(f"{self.prefix}{value}", self.style, value, self.prefix)


@dataclass(slots=True)
class PageLabel:
    """The label of one page of the input (``page`` counts from 0)."""

    page: int
    label: str | None
    inferred: bool
    first_line: int          # input line number where the page starts
    line: int | None = None  # input line the printed label was read from
    style: Style = ""
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"page": self.page, "label": self.label, "inferred": self.inferred,
                             "first_line": self.first_line}
        if self.line is not None:
            d["line"] = self.line
        if self.style:
            d["style"] = self.style
        if self.evidence:
            d["evidence"] = self.evidence
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PageLabel:
        return cls(int(d["page"]), d.get("label"), bool(d.get("inferred", False)),
                   int(d.get("first_line", 0)), d.get("line"), d.get("style", ""),
                   d.get("evidence", ""))

    @property
    def display(self) -> str:
        """The label as shown to a reader: ``7``, or ``7?`` when inferred, ``?`` when none."""
        if self.label is None:
            return "?"
        return f"{self.label}?" if self.inferred else self.label


def to_roman(n: int) -> str:
    """Lower-case roman numeral.

    >>> to_roman(12), to_roman(1994)
    ('xii', 'mcmxciv')
    """
    out = []
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def roman_value(text: str) -> int | None:
    """The value of a well-formed roman numeral, either case; None otherwise.

    >>> roman_value("xii"), roman_value("XIV"), roman_value("iiii"), roman_value("vix")
    (12, 14, None, None)
    """
    low = text.lower()
    if not low or not _ROMAN_RE.fullmatch(low):
        return None
    total = 0
    for a, b in zip(low, low[1:] + " ", strict=True):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES[b] > v else v
    return total


def parse(text: str, shift: int = 0) -> Printed | None:
    """The page label a furniture line prints, if it prints one.

    >>> [parse(t).label for t in ("Page 3 of 20", "- 6 -", "12", "xii", "CRS-5", "A-3",
    ...                          "202    ANNALS OF X", "Briefing N°169, 30 June 2021 Page 6")]
    ['3', '6', '12', 'xii', 'CRS-5', 'A-3', '202', '6']
    >>> parse("Annual Report 2019") is None, parse("Working Paper 2019/04") is None
    (True, True)
    """
    t = text.strip()
    if not t or len(t) > 160:
        return None
    if shift and (value := folios.unshift(t, shift)) is not None:
        # A page number in a font whose digit codes the extractor read shifted ('QQ': 11).
        return Printed(str(value), "arabic", value)
    m = _WORD.fullmatch(t) or _DASHES.fullmatch(t)
    if m:
        return Printed(m.group("n").lstrip("0") or "0", "arabic", int(m.group("n")),
                       explicit=True)
    m = _BARE.fullmatch(t)
    if m:
        return Printed(t.lstrip("0") or "0", "arabic", int(t))
    m = _ROMAN_LINE.fullmatch(t)
    if m:
        value = roman_value(t)
        return Printed(t, "roman", value) if value else None
    m = _PREFIXED.fullmatch(t)
    if m:
        prefix = m.group("prefix")
        return Printed(f"{prefix}{m.group('n')}", "prefixed", int(m.group("n")), prefix)
    m = _HEAD_START.match(t)
    if m:
        return Printed(m.group("n"), "arabic", int(m.group("n")))
    m = _HEAD_END.search(t)
    if m and m.end() == len(t):
        n = m.group("n") or m.group("p")
        return Printed(n, "arabic", int(n), explicit=m.group("p") is not None)
    return None


@dataclass(slots=True, frozen=True)
class Candidate:
    """A line that may print its page's label."""

    page: int        # the page (as recovered) the line stands on
    line: int
    printed: Printed
    source: str      # the rule that removed the line, or "kept in the text"
    position: int = -1  # the page's place among the input's pages (form feeds count blank ones)
    weak: bool = False  # a bare number left in the text: needs a longer run to count
    # Read by the page-number chain, which found the page boundaries: it allowed for pages the
    # text lost (blank versos, figure pages), so the number counts without a run of its own.
    chained: bool = False

    @property
    def key(self) -> tuple[str, str, int]:
        at = self.position if self.position >= 0 else self.page
        return (self.printed.style, self.printed.prefix, self.printed.value - at)


RUN = 2       # pages whose numbers step together make a sequence
WEAK_RUN = 3  # ... and for bare numbers the furniture stage left in the text


def page_of(line_no: int, starts: Sequence[int]) -> int:
    """The page (from 0) of an input line, given the first input line of every page."""
    return max(0, bisect.bisect_right(starts, line_no) - 1)


def assign(candidates: Iterable[Candidate], starts: Sequence[int],
           first_page: Printed | None = None, first_page_line: int | None = None,
           positions: Sequence[int] | None = None) -> list[PageLabel]:
    """Every page's label from the candidate lines found on the pages.

    ``starts`` holds the first input line of every page (page 0 first); ``positions`` each
    page's place among the input's pages, where blank pages the page structure does not count
    still take a number (form feeds show them); by default a page's index. ``first_page`` is
    the label a masthead or cover gives the first page ("pp. 823-834"), used where no page
    prints its number.
    """
    pos = list(positions) if positions is not None else list(range(len(starts)))
    cands = list(candidates)
    runs = Counter(c.key for c in cands)
    chosen: dict[int, tuple[Candidate, str]] = {}
    taken: dict[int, set[tuple[str, int]]] = {}  # each page's accepted numbers
    for c in sorted(cands, key=lambda c: (c.page, c.line)):
        if runs[c.key] >= (WEAK_RUN if c.weak else RUN):
            why = f"in step with {runs[c.key] - 1} other page number(s)"
        elif c.chained:
            why = "in the page-number chain"
        elif c.printed.explicit and not c.weak and _alone(c, cands):
            why = "the line reads as a page number"
        else:
            continue
        taken.setdefault(c.page, set()).add((c.printed.style, c.printed.value))
        old = chosen.get(c.page)
        if old is None or runs[old[0].key] < runs[c.key] or (old[0].weak and not c.weak):
            chosen[c.page] = (c, why)
    labels = [PageLabel(i, None, True, starts[i]) for i in range(len(starts))]
    for page, (c, why) in chosen.items():
        if page < len(labels):
            lab = labels[page]
            lab.label, lab.inferred, lab.line = c.printed.label, False, c.line
            lab.style, lab.evidence = c.printed.style, f"line {c.line} ({c.source}): {why}"
            values = sorted(v for style, v in taken[page] if style == c.printed.style)
            if len(values) > 1:
                # Two printed pages in one of the text's (a break the structure did not
                # find): which of them a line stands on is not known, so the label is
                # marked, not given as read.
                lab.inferred = True
                lab.evidence += (f"; this page of the text holds the pages printed "
                                 f"{', '.join(map(str, values))}")
    merged = {p for p in chosen if p < len(labels) and labels[p].inferred}
    known = sorted(p for p in chosen if p < len(labels))
    for lab in labels:
        if not lab.inferred or lab.page in merged:
            continue
        k = bisect.bisect_left(known, lab.page)
        near = [known[j] for j in (k - 1, k) if 0 <= j < len(known)]
        near.sort(key=lambda p: (abs(p - lab.page), p > lab.page))
        for p in near:
            src = chosen[p][0].printed.shifted(pos[lab.page] - pos[p])
            if src is not None:
                lab.label, lab.style = src.label, src.style
                gap = abs(pos[p] - pos[lab.page])
                lab.evidence = (f"{chosen[p][0].printed.label} printed {gap} page"
                                f"{'s' if gap > 1 else ''} {'on' if p > lab.page else 'back'} "
                                f"(input line {chosen[p][0].line})")
                break
        else:
            if not known and first_page is not None:
                src = first_page.shifted(pos[lab.page] - pos[0])
                if src is not None:
                    lab.label, lab.style = src.label, src.style
                    lab.evidence = (f"the first page is {first_page.label} (input line "
                                    f"{first_page_line})")
            elif not known:
                lab.label, lab.style = str(pos[lab.page] + 1), "arabic"
                lab.evidence = "the page's place in the input: no page prints a number"
            else:  # the sequence would go below its first number: no label, said so
                lab.evidence = "the page sequence implies no label here"
    return labels


def _alone(c: Candidate, cands: list[Candidate]) -> bool:
    """No other explicit page number contradicts this one (an explicit number seen once)."""
    return not any(o is not c and o.printed.explicit and o.key != c.key for o in cands)


def from_run(edits: Iterable[Any], kept: Iterable[tuple[int, str, bool]], starts: Sequence[int],
             first_page: Printed | None = None, first_page_line: int | None = None,
             physical: Sequence[tuple[int, int]] | None = None,
             shift: int = 0, chain: dict[int, tuple[int, str]] | None = None) \
        -> list[PageLabel]:
    """Page labels from the furniture stage's removals and the lines left at page edges.

    ``edits`` are report edits (the furniture stage's drops are read); ``kept`` are
    (input line, text, at the very edge) of lines left in the text near a page's top or
    bottom: a roman or prefixed number or "Page N" counts there, a bare number only as the
    page's very first or last line and in a longer run. ``physical`` holds (first input line,
    page number) where each page of the input as extracted (form feeds) begins: blank pages
    make the numbers jump. ``shift``: how far a font moved the digits' codes, where the
    page-number chain found numbers printed so ('QQ' is 11). ``chain``: input line -> (value,
    family) of the numbers the page-number chain read.
    """
    chain = chain or {}
    phys = [no for no, _ in physical or []]
    numbers = [n for _, n in physical or []]

    def position(no: int) -> int:
        return numbers[page_of(no, phys)] if phys else page_of(no, starts)

    cands: list[Candidate] = []
    for e in edits:
        if e.stage != "furniture" or e.action != "drop":
            continue
        for no, text in zip(e.lines, e.before.split("\n"), strict=False):
            printed = _chained(*chain[no]) if no in chain else parse(text, shift)
            if printed is not None:
                cands.append(Candidate(page_of(no, starts), no, printed, e.rule, position(no),
                                       chained=no in chain))
    for no, text, edge in kept:
        printed = parse(text)
        if printed is None:
            continue
        weak = printed.style == "arabic" and not printed.explicit
        if weak and (not edge or text.strip() != printed.label):
            continue  # only a number standing alone at the page's very edge
        cands.append(Candidate(page_of(no, starts), no, printed, "kept in the text",
                               position(no), weak))
    return assign(cands, starts, first_page, first_page_line,
                  [position(s) for s in starts])


EDGE_LINES = 2  # lines at a page's top and bottom searched for a number left in the text


def for_document(doc: Any, report: Any, physical: Sequence[tuple[int, int]] | None = None) \
        -> list[PageLabel]:
    """The labels of a cleaned document's pages (``doc`` after the last stage, its report;
    ``physical``: (first input line, number) of each page as the form feeds mark them)."""
    if not doc.lines and not report.edits:
        return []
    # Page 0 runs from the first line the output keeps (a dropped cover is no page).
    starts = [doc.lines[0].no if doc.lines else 1, *doc.page_starts]
    by_page: dict[int, list[Any]] = {}
    for line in doc.lines:
        # (Line.blank spelled out: asked of every line.)
        if line.zone == "body" and line.text and not line.text.isspace():
            by_page.setdefault(line.page, []).append(line)
    kept = sorted({(ln.no, ln.text, ln is lines[0] or ln is lines[-1])
                   for lines in by_page.values()
                   for ln in [*lines[:EDGE_LINES], *lines[-EDGE_LINES:]]})
    first_page, first_line = _first_page(report.metadata)
    return from_run(report.edits, kept, starts, first_page, first_line, physical,
                    doc.learned.get("digit_shift", 0), doc.derived.get("folio_numbers"))


def _chained(value: int, family: str) -> Printed:
    """The label of a number the page-number chain read (a shifted font's digits are arabic)."""
    if family == "roman":
        return Printed(to_roman(value), "roman", value)
    return Printed(str(value), "arabic", value)


def _first_page(metadata: dict[str, dict[str, Any]]) -> tuple[Printed | None, int | None]:
    """The first page's number from a masthead or cover ("pp. 823-834")."""
    pages = metadata.get("pages")
    if not pages or not isinstance(pages.get("value"), str):
        return None, None
    m = re.match(r"\s*(\d{1,5})", pages["value"])
    if not m:
        return None, None
    return Printed(m.group(1), "arabic", int(m.group(1))), pages.get("line")


def labels_of_lines(lines: Iterable[int], labels: Sequence[PageLabel]) -> list[PageLabel]:
    """The labels of the pages the given input lines stand on, in page order (a saved report
    is enough: each label knows its page's first input line)."""
    if not labels:
        return []
    starts = [lab.first_line for lab in labels]
    pages = sorted({page_of(no, starts) for no in lines})
    return [labels[p] for p in pages if p < len(labels)]


def describe(lab: PageLabel) -> str:
    """A label for people: ``page 6 (printed, line 263)`` or ``page 5 (inferred: ...)``."""
    if lab.label is None:
        return f"unnumbered page ({lab.evidence or 'no label'})"
    if lab.inferred:
        return f"page {lab.label} (inferred from {lab.evidence})"
    return f"page {lab.label} (printed, input line {lab.line})"
