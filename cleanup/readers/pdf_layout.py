"""PDF input read for its layout: per page, lines with their boxes, type size, raised runs
(superscripts) and weight, in reading order, as a :class:`~cleanup.document.Document` whose
lines carry :class:`~cleanup.document.Geometry` and whose page boundaries are exact.

The text runs come from pdf_oxide (chosen by measurement, ``benchmarks/pdf_readers.py``: the
fastest of the readers that give positions and sizes, by a factor of ten over pypdfium2 driven
from Python; MIT/Apache licensed). Its runs sit on their line's baseline, superscripts too, so
a smaller run's own baseline is read from its first character, which pdf_oxide gives exactly.

Before any text is read, pypdf opens the file (the one-line errors for corrupt and encrypted
files are shared with :mod:`cleanup.pdf`) and the limits are checked: the page count, and the
bytes each page's content streams decompress to (counted by inflating with a cap, so a
decompression bomb costs at most the cap). The time per page is measured as each page is read.
"""

from __future__ import annotations

import re
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleanup.document import Document, Geometry, Line
from cleanup.pdf import NO_PAGES, PdfError, _check_header, _one_line, open_reader, quiet_pypdf

RAISED_SIZE = 0.85     # a run this much smaller than its line's type ...
RAISED_RISE = 0.15     # ... whose baseline stands this share of the line's size higher
ATTACH_RISE = 0.75     # a small run up to this share of a size above a line belongs to it
SAME_LINE = 0.3        # baselines closer than this share of the size are one line
SPACE_GAP = 0.12       # a gap wider than this share of the size between runs is a space
EDGE_BAND = 0.08       # rows this close to the top or bottom edge span the page (heads, feet)
MIN_GUTTER_ROWS = 5
COLUMN_WIDTH = 0.2     # the median line of a right column spans at least this share of the page
SECTION_HEIGHT = 0.15  # a two-column section between full-width text: at least this tall
RUN_GAP = 0.6          # a wider gap on one baseline ends a run (a column gutter is ~1 em)
_MARK = re.compile(r"\d{1,3}|[*†‡§¶]{1,3}|[a-z]")


@dataclass(slots=True, frozen=True)
class Limits:
    """What one PDF may cost before it is refused with a one-line error."""

    max_pages: int = 5000
    seconds_per_page: float = 20.0
    bytes_per_page: int = 64 * 1024 * 1024  # decompressed content streams of one page


@dataclass(slots=True)
class PageLine:
    """One printed line: its text, box in points from the top-left corner, and type."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool | None = None
    raised: list[tuple[int, int]] = field(default_factory=list)
    column: int = 0


@dataclass(slots=True)
class PageLayout:
    """The lines of one page in reading order, and the page size in points."""

    width: float
    height: float
    lines: list[PageLine] = field(default_factory=list)


@dataclass(slots=True)
class _Run:
    x0: float
    x1: float
    base: float   # baseline, points from the bottom edge
    size: float
    text: str
    bold: bool
    raised: bool = False
    # The x of each character of ``text``: where a word processor draws a superscript after
    # the rest of its line, the run it belongs inside is cut at that x.
    xs: list[float] = field(default_factory=list)


def read(path: Path, limits: Limits | None = None) -> list[PageLayout]:
    """The pages of the PDF at ``path``, each with its lines in reading order.

    Raises :class:`~cleanup.pdf.PdfError` (one line, without the file name) for a file that is
    not a readable PDF, needs a password, has no pages or no text, or passes a limit.
    """
    limits = limits or Limits()
    _check_header(path)
    with quiet_pypdf():
        reader, count = open_reader(path)
        if count == 0:
            raise PdfError(NO_PAGES)
        if count > limits.max_pages:
            raise PdfError(f"has {count} pages, over the limit of {limits.max_pages} pages "
                           "(--max-pages)")
        for n in range(count):
            size = _content_bytes(reader, n, limits.bytes_per_page)
            if size > limits.bytes_per_page:
                raise PdfError(f"page {n + 1}: its content decompresses to more than "
                               f"{limits.bytes_per_page} bytes, over the limit per page")
    import pdf_oxide

    pdf_oxide.disable_logging()
    try:
        doc = pdf_oxide.PdfDocument(str(path))
        if doc.page_count() != count:
            count = min(count, doc.page_count())
    except Exception as e:  # a file pypdf opens and pdf_oxide does not
        raise PdfError(f"is not a readable PDF (corrupt or cut short: {_one_line(e)})") \
            from None
    pages: list[PageLayout] = []
    for n in range(count):
        started = time.perf_counter()
        try:
            pages.append(_page(doc, n))
        except PdfError:
            raise
        except Exception as e:
            raise PdfError(f"page {n + 1}: cannot read its text ({_one_line(e)})") from None
        took = time.perf_counter() - started
        if took > limits.seconds_per_page:
            raise PdfError(f"page {n + 1}: reading it took {took:.1f} s, over the limit of "
                           f"{limits.seconds_per_page:g} s per page")
    if not any(p.lines for p in pages):
        raise PdfError(f"has no text layer on any of its {len(pages)} pages (a scan?): it "
                       "needs OCR first, e.g. with ocrmypdf, then clean the result")
    return pages


def _content_bytes(reader: Any, n: int, cap: int) -> int:
    """How many bytes page ``n``'s content streams decompress to, counting at most cap + 1."""
    try:
        contents = reader.pages[n].get("/Contents")
        if contents is None:
            return 0
        contents = contents.get_object()
        streams = list(contents) if isinstance(contents, list) else [contents]
        total = 0
        for s in streams:
            s = s.get_object()
            data = getattr(s, "_data", b"") or b""
            filters = s.get("/Filter")
            names = [str(f) for f in filters] if isinstance(filters, list) else \
                [str(filters)] if filters is not None else []
            if names[:1] == ["/FlateDecode"]:
                inflater = zlib.decompressobj()
                total += len(inflater.decompress(data, cap + 1 - total))
            else:
                total += len(data)
            if total > cap:
                break
        return total
    except zlib.error:
        return 0  # a broken stream: the reader reports it, or reads what it can
    except Exception as e:
        raise PdfError(f"page {n + 1}: cannot read its content ({_one_line(e)})") from None


def _page(doc: Any, n: int) -> PageLayout:
    mx0, my0, mx1, my1 = doc.page_media_box(n)
    width, height = mx1 - mx0, my1 - my0
    runs = _runs(doc.extract_chars(n), mx0, my0)
    page = PageLayout(width, height)
    if not runs:
        return page
    rows = _rows(list(runs))
    gutter = _gutter(rows, width, height)
    pools: list[list[_Run]] = [[], [], []]  # spanning the page, left column, right column
    above, below = _spanning_bands(rows, gutter) if gutter is not None else (0.0, 0.0)
    right_edge = max((r.x1 for row in rows for r in row if gutter is not None
                      and r.x0 >= gutter - 0.5), default=width)
    for row in rows:
        base = row[0].base
        edge = base > height * (1 - EDGE_BAND) or base < height * EDGE_BAND
        crossing = gutter is not None and _crosses(row, gutter)
        if gutter is None or edge or not below < base < above:
            pools[0].extend(row)
        elif crossing and min(r.x0 for r in row) < gutter - 2 and (
                max(r.x1 for r in row) < (gutter + right_edge) / 2 or
                any(r.x0 >= gutter - 0.5 and r.x1 - r.x0 > 2 * r.size for r in row)):
            # Between column lines, a left-column line that runs into the gutter (a long
            # URL that cannot break): it stops well short of the right column's measure, or
            # the right column's own line starts beside it.
            for r in row:
                pools[1 if r.x0 < gutter - 2 else 2].append(r)
        elif crossing:
            pools[0].extend(row)
        else:
            for r in row:
                pools[1 if r.x1 <= gutter else 2].append(r)
    # Rows again within each column, so that a superscript joins a line of its own column.
    by_column = [_rows(pool) if pool else [] for pool in pools] if gutter is not None \
        else [rows, [], []]
    _mark_raised([row for col in by_column for row in col])
    lines = [_line(row, height, col) for col, col_rows in enumerate(by_column)
             for row in col_rows]
    lines.sort(key=lambda ln: ln.bottom)
    page.lines = _reading_order(lines)
    return page


def _runs(chars: Any, mx0: float, my0: float) -> list[_Run]:
    """Characters, in the order the page draws them, joined into runs of one size on one
    baseline. (pdf_oxide's own spans put a superscript on its line's baseline and sometimes
    join text from two lines; its characters stand where the page puts them.)"""
    runs: list[_Run] = []
    cur: _Run | None = None
    parts: list[str] = []
    for ch in chars:
        c = ch.char
        x, y, size = ch.origin_x - mx0, ch.origin_y - my0, ch.font_size
        if c.isspace():
            if cur is not None and parts and parts[-1] != " ":
                parts.append(" ")
                cur.xs.append(max(x, cur.x1))
            continue
        if cur is not None and abs(y - cur.base) < 0.01 and abs(size - cur.size) < 0.01 \
                and -0.5 * size < x - cur.x1 < RUN_GAP * size:
            if x - cur.x1 > SPACE_GAP * size and parts[-1] != " ":
                parts.append(" ")
                cur.xs.append(cur.x1)
            parts.append(c)
            cur.xs.append(x)
            cur.x1 = x + ch.advance_width
            continue
        if cur is not None:
            cur.text = "".join(parts).rstrip()
        parts = [c]
        cur = _Run(x, x + ch.advance_width, y, size or 1.0, "",
                   "bold" in (ch.font_weight or "").lower()
                   or "bold" in (ch.font_name or "").lower(), xs=[x])
        runs.append(cur)
    if cur is not None:
        cur.text = "".join(parts).rstrip()
    return [r for r in runs if r.text]


def _cut_around_marks(row: list[_Run]) -> None:
    """A short run that stands inside a longer run's extent cuts that run in two: LibreOffice
    draws a line's superscripts after the rest of it, so a note mark drawn at x=372 inside
    ``Debian. You can also set the`` belongs after ``Debian.``, not at the line's end."""
    for s in sorted((r for r in row if len(r.text) <= 4), key=lambda r: r.x0):
        for k, q in enumerate(row):
            # Smaller type, or set off the baseline (TeX's logo lowers its E): never a second
            # drawing of the same text, which some producers use for bold.
            apart = q.size * RAISED_SIZE >= s.size or abs(q.base - s.base) > 0.05 * q.size
            if q is s or not apart or not q.x0 < s.x0 < q.x1 - 0.5:
                continue
            cut = next((i for i, x in enumerate(q.xs) if x >= s.x0 - 0.1), len(q.xs))
            left, right = q.text[:cut].rstrip(), q.text[cut:].lstrip()
            if not left or not right:
                break
            skip = len(q.text) - len(right)
            row[k:k + 1] = [
                _Run(q.x0, min(q.x1, s.x0), q.base, q.size, left, q.bold, xs=q.xs[:len(left)]),
                _Run(q.xs[skip], q.x1, q.base, q.size, right, q.bold, xs=q.xs[skip:])]
            break


def _rows(runs: list[_Run]) -> list[list[_Run]]:
    """Runs grouped into rows by baseline, top to bottom; a small run a little above a row
    (a superscript that kept its own baseline) joins the row below it."""
    runs.sort(key=lambda r: (-r.base, r.x0))
    rows: list[list[_Run]] = []
    for r in runs:
        if rows:
            row = rows[-1]
            ref = row[0]
            if abs(ref.base - r.base) <= SAME_LINE * min(ref.size, r.size):
                row.append(r)
                continue
        rows.append([r])
    # Attach rows of only small runs to the row just below when they sit within its rise.
    out: list[list[_Run]] = []
    for row in rows:
        if out:
            above = out[-1]
            main = _main_size(row)
            if all(r.size <= RAISED_SIZE * main for r in above) and \
                    0 < above[0].base - row[0].base <= ATTACH_RISE * main and \
                    all(len(r.text.strip()) <= 4 for r in above):
                row.extend(above)
                out[-1] = row
                continue
        out.append(row)
    for row in out:
        if len(row) > 1:
            _cut_around_marks(row)
        row.sort(key=lambda r: r.x0)
    return out


def _main_size(row: list[_Run]) -> float:
    sizes: Counter[float] = Counter()
    for r in row:
        sizes[round(r.size, 1)] += len(r.text)
    return sizes.most_common(1)[0][0]


def _mark_raised(rows: list[list[_Run]]) -> None:
    """Mark the small runs of each row whose baseline stands above the row's."""
    for row in rows:
        if len(row) < 2:
            continue
        main = _main_size(row)
        base = min((x.base for x in row if x.size > RAISED_SIZE * main), default=None)
        if base is None:
            continue
        for k, r in enumerate(row):
            label = r.text.strip()
            if r.size > RAISED_SIZE * main or len(label) > 6:
                continue
            if r.base - base >= RAISED_RISE * main:
                r.raised = True
            elif _MARK.fullmatch(label):
                # pdf_oxide drops a text rise (the Ts operator, how reportlab and some word
                # processors raise superscripts): a note mark in smaller type set against the
                # word before it, or opening the line, is taken as raised.
                r.raised = k == 0 or r.x0 - row[k - 1].x1 <= 2 * SPACE_GAP * main


def _gutter(rows: list[list[_Run]], width: float, height: float) -> float | None:
    """The x where a right column starts, when the page is set in two columns: many runs
    start there (the two columns' baselines need not line up), and few lines cross it. A
    two-column section between full-width text (Writer: a title block above, notes below)
    counts crossing lines only within the stretch the right column fills; that stretch must
    then be tall, and its left column start at the text's margin (a table's column that
    starts mid-page does neither)."""
    starts: Counter[int] = Counter()
    for row in rows:
        for r in row:
            if 0.35 * width < r.x0 < 0.65 * width and not r.raised and r.x1 - r.x0 > r.size:
                starts[round(r.x0)] += 1
    if not starts:
        return None
    x, _ = starts.most_common(1)[0]
    at = [r for row in rows for r in row
          if abs(r.x0 - x) <= 2.5 and not r.raised and r.x1 - r.x0 > r.size]
    near = len(at)
    # A column's lines are long; the cells of a table column that starts mid-page are not.
    widths = sorted(r.x1 - r.x0 for r in at)
    if near < max(MIN_GUTTER_ROWS, 0.15 * len(rows)) or \
            widths[len(widths) // 2] < COLUMN_WIDTH * width:
        return None
    if sum(1 for row in rows for r in row if r.x0 < x - 3 and r.x1 > x + 3) <= 0.25 * near:
        return float(x) - 1
    low, high = min(r.base for r in at), max(r.base for r in at)
    inside = [row for row in rows if low <= row[0].base <= high]
    crossing = sum(1 for row in inside for r in row if r.x0 < x - 3 and r.x1 > x + 3)
    margin = min(r.x0 for row in rows for r in row)
    left = [row for row in inside if any(r.x1 < x for r in row)]
    at_margin = sum(1 for row in left if min(r.x0 for r in row) - margin <= 2 * row[0].size)
    if crossing <= 0.25 * near and high - low >= SECTION_HEIGHT * height and \
            at_margin >= 0.6 * len(left):
        return float(x) - 1
    return None


def _crosses(row: list[_Run], gutter: float) -> bool:
    """Whether a run of ``row`` spans the gutter: the row is set across the page there."""
    return any(r.x0 < gutter - 2 < r.x1 - 2 for r in row)


def _spanning_bands(rows: list[list[_Run]], gutter: float) -> tuple[float, float]:
    """The baselines above and below which the page is set full width again: from the
    first line crossing the gutter above the right column's top line, and from the first
    crossing it below the right column's last line (Writer's two-column section between a
    title block and full-width notes: a short note line, "9 Id. at 2.", spans the page
    with the notes around it, though it does not reach the gutter)."""
    right = [r.base for row in rows for r in row if r.x0 >= gutter - 0.5 and not r.raised]
    if not right:
        return float("inf"), float("-inf")
    high, low = max(right), min(right)
    crossing = [row[0].base for row in rows if _crosses(row, gutter)]
    above = min((b for b in crossing if b > high), default=float("inf"))
    below = max((b for b in crossing if b < low), default=float("-inf"))
    return above, below


def _line(row: list[_Run], height: float, column: int) -> PageLine:
    main = _main_size(row)
    parts: list[str] = []
    raised: list[tuple[int, int]] = []
    length = 0
    prev: _Run | None = None
    for r in row:
        text = r.text
        if prev is not None:
            joined = parts[-1].endswith(" ") or text.startswith(" ")
            gap = r.x0 - prev.x1
            if not joined:
                if r.raised:
                    space = gap > 2 * SPACE_GAP * main
                elif prev.raised and len(parts) == 1:
                    space = True  # a note's label set as a superscript at the line start
                else:
                    space = gap > SPACE_GAP * main
                if space:
                    parts.append(" ")
                    length += 1
        if r.raised:
            lead = len(text) - len(text.lstrip())
            raised.append((length + lead, length + len(text.rstrip())))
        parts.append(text)
        length += len(text)
        prev = r
    text = "".join(parts)
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    raised = [(s - lead, e - lead) for s, e in raised if e - lead <= len(text)]
    base = min(r.base for r in row if not r.raised) if any(not r.raised for r in row) \
        else row[0].base
    bold_chars = sum(len(r.text) for r in row if r.bold)
    return PageLine(text, min(r.x0 for r in row), max(r.x1 for r in row),
                    height - (base + 0.75 * main), height - (base - 0.25 * main), main,
                    bold_chars > 0.5 * sum(len(r.text) for r in row), raised, column)


def _reading_order(lines: list[PageLine]) -> list[PageLine]:
    """Top to bottom; where the page runs in two columns, a stretch of column lines is read
    left column first, then right, between the lines that span the page."""
    out: list[PageLine] = []
    stretch: list[PageLine] = []
    for line in lines:
        if line.column == 0:
            out.extend(sorted(stretch, key=lambda ln: ln.column))  # stable: top to bottom
            stretch = []
            out.append(line)
        else:
            stretch.append(line)
    out.extend(sorted(stretch, key=lambda ln: ln.column))
    return out


def to_document(pages: list[PageLayout], source: str) -> Document:
    """A document of the pages' lines, numbered in reading order, with exact page boundaries
    and each line's geometry as shares of its page."""
    lines: list[Line] = []
    starts: list[int] = []
    for p, page in enumerate(pages):
        if p and lines:
            starts.append(len(lines) + 1)
        for pl in page.lines:
            line = Line(len(lines) + 1, pl.text, page=p)
            line.geo = Geometry(p, pl.x0 / page.width, pl.x1 / page.width,
                                max(0.0, pl.top / page.height), min(1.0, pl.bottom / page.height),
                                round(pl.size, 2), tuple(pl.raised), pl.bold, pl.column)
            lines.append(line)
    doc = Document(source, lines, starts, has_form_feeds=True)
    doc.page_sizes = [(p.width, p.height) for p in pages]
    return doc


def text_of(doc: Document) -> str:
    """The document's lines as text, a form feed before each page's first line: what the
    report's line numbers refer to (``cleanup extract --extractor layout`` writes it)."""
    out: list[str] = []
    page = 0
    for line in doc.lines:
        prefix = "\f" * (line.page - page) if line.page != page else ""
        page = line.page
        out.append(prefix + line.raw)
    return "\n".join(out) + ("\n" if out else "")
