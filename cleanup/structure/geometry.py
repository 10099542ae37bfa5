"""Page structure from geometry: what each line is, read off the page rather than guessed.

Used when the lines carry :class:`~cleanup.document.Geometry` (a PDF read for its layout).
Page boundaries are exact. Then, per page:

* furniture: the lines in the top and bottom bands (``furniture`` rule ``geometry_bands``;
  publisher profiles can name their own) that are set off from the page's text by white space
  and recur at the same place, in the same type size, across pages;
* footnotes: the block of smaller type at the foot of the page (or of each column), its notes
  numbered by the labels that open their first lines; a block that opens without a label
  continues the last note of the page before;
* headings: body lines in larger type, or bold throughout, short, standing alone;
* paragraph starts: a first line indented against its column, or set off by white space.

Every label goes on the line as a tag with the evidence it rests on, for the stages to use and
their edits to cite.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from cleanup import layout
from cleanup.document import Document, Line
from cleanup.rules import Rule, RuleSet

FURNITURE_TAG = "geo_furniture"
HEADING_TAG = "geo_heading"
PARA_TAG = "geo_para_start"
FULL_TAG = "geo_full_measure"  # the line reaches its column's right edge (a typesetter's break)
DEFAULT_TOP, DEFAULT_BOTTOM = 0.12, 0.90
DEFAULT_MIN_PAGES, DEFAULT_MIN_SHARE = 2, 0.15
SET_OFF = 1.5          # white space of this many line heights sets a band's lines off the text
SAME_PLACE = 0.012     # share of the page height: the same place on another page
SAME_SIZE = 0.6        # points
NOTE_SIZE = 0.92       # notes are set in type at most this share of the body size
HEADING_SIZE = 1.15    # headings at least this share of the body size
FULL_MEASURE = 0.02     # share of the page width: a line this close to the edge is full
INDENT = 0.8           # a paragraph's first line indented by this many type sizes
FOOTNOTE_GAP = layout.FOOTNOTE_GAP
RECUR_SHARE = 0.6      # of a slot's lines that must repeat their text or be page numbers
_END_NUMBER = re.compile(r"\s(\d{1,4})\s*$")
_START_NUMBER = re.compile(r"^\s*(\d{1,4})\s")
# A note's number set close against its text ("100Xen has ..."): taken only in sequence.
_GLUED_LABEL = re.compile(r"(\d{1,3})(?=[^\s\d.,:;%/])")
_WORD = re.compile(r"[^\W\d_]{2,}")
_PAGE_NUMBER = re.compile(r"(?i)[-–—(\[]*\s*(?:page|p\.)?\s*(?:\d{1,4}|[ivxlcdm]{1,7})"
                          r"(?:\s*(?:of|/)\s*\d{1,4})?\s*[-–—)\]]*")


@dataclass(slots=True)
class Labels:
    """What the geometry pass found, for the furniture stage and the report."""

    furniture: dict[int, str]          # line index -> why it is furniture
    edges: set[int]                    # input numbers of the lines set off in a band
    band_rule: Rule | None
    body_size: float


def present(doc: Document) -> bool:
    """Whether the document's lines carry geometry."""
    return doc.has_geometry and bool(doc.lines) and doc.lines[0].geo is not None


def body_size(lines: list[Line]) -> float:
    """The type size most of the text is set in."""
    sizes: Counter[float] = Counter()
    for line in lines:
        if line.geo is not None:
            sizes[round(line.geo.size * 2) / 2] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def analyse(doc: Document, rules: RuleSet) -> tuple[layout.Layout, Labels]:
    """Label every line from its geometry; return the page structure for the stages."""
    lines = doc.lines
    size = body_size(lines)
    bands = rules.for_stage("furniture", "geometry_bands")
    band = bands[-1] if bands else None
    furniture, edges = _furniture(doc, band)
    for i, why in furniture.items():
        lines[i].tag(FURNITURE_TAG)
        del why
    note_rules = rules.for_stage("footnotes", "geometry_notes")
    blocks = _note_blocks(doc, size, set(furniture), note_rules[0]) if note_rules else []
    doc.note_blocks = blocks
    heading_rules = rules.for_stage("paragraphs", "geometry_heading")
    if heading_rules:
        _headings(doc, size, set(furniture), heading_rules[0])
    _paragraph_starts(doc, size, set(furniture))
    doc.page_starts = [ln.no for a, ln in itertools.pairwise(lines) if ln.page != a.page]
    known = set(range(len(doc.page_sizes) + 1))
    return layout.Layout(blocks, known), Labels(furniture, edges, band, size)


def _bands(band: Rule | None) -> tuple[float, float, int, float]:
    opts = band.options if band is not None else {}
    return (float(opts.get("top", DEFAULT_TOP)), float(opts.get("bottom", DEFAULT_BOTTOM)),
            int(opts.get("min_pages", DEFAULT_MIN_PAGES)),
            float(opts.get("min_share", DEFAULT_MIN_SHARE)))


def _edge_lines(page: list[int], lines: list[Line], top: float, bottom: float) \
        -> list[tuple[int, str]]:
    """(index, "top"|"bottom") of the lines of one page in a band and set off from the rest
    of the page by white space."""
    order = sorted(page, key=lambda i: lines[i].geo.y0)  # type: ignore[union-attr]
    out: list[tuple[int, str]] = []
    for where, seq in (("top", order), ("bottom", order[::-1])):
        cut = 0
        for k in range(1, len(seq) + 1):
            a = lines[seq[k - 1]].geo
            assert a is not None
            inside = a.y1 <= top if where == "top" else a.y0 >= bottom
            if not inside:
                break
            if k == len(seq):  # nothing else on the page (a verso with only its head)
                cut = k
                break
            b = lines[seq[k]].geo
            assert b is not None
            space = (b.y0 - a.y1) if where == "top" else (a.y0 - b.y1)
            height = max(a.y1 - a.y0, 1e-6)  # the line's type size, as a share of the page
            if space >= SET_OFF * height:
                cut = k
        out.extend((i, where) for i in seq[:cut])
    return out


def _furniture(doc: Document, band: Rule | None) -> tuple[dict[int, str], set[int]]:
    """Lines set off in a band that recur at the same place, in the same size, on enough
    pages; each with the evidence."""
    top, bottom, min_pages, min_share = _bands(band)
    lines = doc.lines
    by_page: dict[int, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        if line.geo is not None and not line.blank:
            by_page[line.page].append(i)
    edges = [e for page in by_page.values() for e in _edge_lines(page, lines, top, bottom)]
    edge_nos = {lines[i].no for i, _ in edges}
    slots: list[list[tuple[int, str]]] = []
    for i, where in edges:
        g = lines[i].geo
        assert g is not None
        for slot in slots:
            h = lines[slot[0][0]].geo
            assert h is not None
            if slot[0][1] == where and abs(h.y0 - g.y0) <= SAME_PLACE and \
                    abs(h.size - g.size) <= SAME_SIZE:
                slot.append((i, where))
                break
        else:
            slots.append([(i, where)])
    pages = len(doc.page_sizes) or doc.page_count
    needed = max(min_pages, math.ceil(min_share * pages)) if pages > 2 else min_pages
    doc_keys = Counter(_words_key(ln.text) for ln in lines if 3 <= len(ln.text) <= 120)
    out: dict[int, str] = {}
    for slot in slots:
        on = {lines[i].page for i, _ in slot}
        if len(on) < needed:
            continue
        # The place alone is not enough (the first line of the text stands at the same place
        # on every page): the slot's lines must repeat their text, or be page numbers.
        texts = [lines[i].text for i, _ in slot]
        recurring = _recurring(texts, [lines[i].page for i, _ in slot])
        # A running head that repeats a heading of the text (the section's title).
        recurring = [ok or (len(_words_key(t)) >= 2 and doc_keys[_words_key(t)] >= 2)
                     for ok, t in zip(recurring, texts, strict=True)]
        if sum(recurring) < RECUR_SHARE * len(slot):
            continue
        slot = [(i, w) for (i, w), ok in zip(slot, recurring, strict=True)
                if ok or len(lines[i].text.split()) <= 12]
        where = slot[0][1]
        g = lines[slot[0][0]].geo
        assert g is not None
        limit = f"above {top:g}" if where == "top" else f"below {bottom:g}"
        for i, _ in slot:
            out[i] = (f"{'header' if where == 'top' else 'footer'} band ({limit} of the page "
                      f"height), set off by white space; the same place ({g.y0:.3f}) and "
                      f"type size ({g.size:g} pt) on {len(on)} of {pages} pages")
    return out, edge_nos


def _words_key(text: str) -> tuple[str, ...]:
    """A line's words, case and numbers aside: how a head repeats a heading of the text
    ("3.1. Xen" over the heading "3.1 Xen")."""
    return tuple(_WORD.findall(text.casefold()))


def _recurring(texts: list[str], pages: list[int]) -> list[bool]:
    """For each line of a slot: is it a page number, or does it carry one at either end in
    step with the pages ("2 CHAPTER 1. INSTALLATION", "1.2. BACKUP 3"), or does its text
    recur in the slot (the whole line, digits aside, or the words most of the slot's lines
    share, beside a title that changes with the section)?"""
    keys = Counter(layout.normalise_key(t) for t in texts)
    ends = [_END_NUMBER.search(t) or _START_NUMBER.match(t) for t in texts]
    offsets = Counter(int(m.group(1)) - p for m, p in zip(ends, pages, strict=True) if m)
    usual = offsets.most_common(1)[0] if offsets else None
    in_step = [bool(m) and usual is not None and usual[1] >= 2
               and abs(int(m.group(1)) - p - usual[0]) <= 2
               for m, p in zip(ends, pages, strict=True)]
    words = [set(_WORD.findall(t.casefold())) for t in texts]
    counts: Counter[str] = Counter(w for ws in words for w in ws)
    # Words of four letters or more on most of the slot's lines: a head's constant part.
    common = {w for w, c in counts.items() if c >= 0.6 * len(texts) and len(w) >= 4} \
        if len(texts) >= 3 else set()
    out = []
    for t, ws, step in zip(texts, words, in_step, strict=True):
        out.append(bool(_PAGE_NUMBER.fullmatch(t.strip())) or keys[layout.normalise_key(t)] >= 2
                   or (len(common) >= 2 and common <= ws) or step)
    return out


def _label(line: Line) -> tuple[str, int] | None:
    """(label, end offset) of a note's label opening ``line``: a raised run, a number or a
    symbol."""
    g = line.geo
    text = line.text
    if g is not None and g.raised and g.raised[0][0] == 0:
        s, e = g.raised[0]
        label = line.raw[s:e].strip()
        if label and text.startswith(label):
            return label, len(label)
    m = layout.FOOTNOTE_START.match(text) or layout.SYMBOL_START.match(text) or \
        _GLUED_LABEL.match(text)
    return (m.group(1), m.end(1)) if m else None


LISTING_LINES = 6   # numbered small-type lines, one per number, that make a code listing
# A line of code: a comment, a preprocessor line, a brace, or a statement's end.
_CODE_LINE = re.compile(r"^(?://|#|/\*|\*|[{}])|[;{}]$|^$")


def _numbered_listing(lines: list[Line], block: list[int], page: list[int]) -> bool:
    """Whether a small-type block at a page's foot is a code listing with line numbers
    (doxygen: "14 15 namespace raptor::hibf 16 {"), not footnotes: six or more lines, each
    opening with a rising number, by one mostly (most of the block's lines), and no raised
    number in the text above naming one of them.
    Footnotes that short and that many on one page, all unmarked, are not seen."""
    numbers = []
    code = 0
    for i in block:
        text = lines[i].text.strip()
        m = layout.FOOTNOTE_START.match(text)
        if m is not None:
            numbers.append(int(m.group(1)))
            code += bool(_CODE_LINE.search(text[m.end():].strip()))
    # A long code line wraps without a number of its own; a note's wrapped lines are many.
    # Three numbered lines are enough where most of them read as code.
    least = LISTING_LINES if code < 0.6 * len(numbers) else 3
    # Rising, by one mostly (a listing may leave lines out: "20" then "76").
    steps = [b - a for a, b in itertools.pairwise(numbers)]
    if len(numbers) < least or len(numbers) < 0.6 * len(block) or \
            any(d <= 0 for d in steps) or sum(d == 1 for d in steps) < 0.7 * len(steps):
        return False
    return not _raised_elsewhere(lines, page, block, {str(n) for n in numbers})


def _raised_elsewhere(lines: list[Line], page: list[int], block: list[int],
                      labels: set[str]) -> bool:
    """Whether a line of ``page`` outside ``block`` has one of ``labels`` raised: a marker."""
    inside = set(block)
    return any(lines[i].raw[s:e].strip() in labels for i in page if i not in inside
               and (g := lines[i].geo) is not None for s, e in g.raised)


def _next_note(line: Line, last: int | None) -> bool:
    """Whether ``line`` opens with a label that can be the next note's number."""
    hit = _label(line)
    if hit is None or not hit[0].isdigit():
        return False
    n = int(hit[0])
    return n == 1 or (last is not None and last < n <= last + FOOTNOTE_GAP)


def _unmarked(lines: list[Line], block: list[int], page: list[int]) -> bool:
    """Whether a small-type block opens numbered lines that nothing raises: no label of
    its own set raised, and no raised number on the page above naming one (GAP's examples
    end in small type at the foot: "gap> 17 mod 3;" / "2"). A note has one or the other."""
    labels = set()
    for i in block:
        hit = _label(lines[i])
        if hit is None:
            continue
        g = lines[i].geo
        if g is not None and g.raised and g.raised[0][0] == 0:
            return False
        labels.add(hit[0])
    if not labels:
        return False  # a continued note: judged by the page before
    return not _raised_elsewhere(lines, page, block, labels)


def _small_number(line: Line, small: float) -> int | None:
    m = layout.FOOTNOTE_START.match(line.text.strip())
    if m is None or line.geo is None or line.geo.size > small:
        return None
    return int(m.group(1))


def _listing_runs_on(lines: list[Line], block: list[int],
                     groups: dict[tuple[int, int], list[int]], key: tuple[int, int],
                     small: float) -> bool:
    """Whether a small-type block at a page's foot is the end of a numbered code listing
    that also runs where notes never stand: its numbering goes on from small numbered lines
    above body type on the same page, or into the first lines of the next page, above body
    type there (docstrip's listings: "1 h*dramatisti" / "2 \\ProvidesPackage" at the foot,
    "3 \\NeedsTeXFormat" at the next page's top). Notes continue at the next page's foot."""
    numbers = [n for i in block if (n := _small_number(lines[i], small)) is not None]
    if not numbers:
        return False
    inside = set(block)
    top = min(lines[i].geo.y0 for i in block)  # type: ignore[union-attr]
    above = [i for i in groups[key] if i not in inside
             and lines[i].geo.y0 < top]  # type: ignore[union-attr]
    before = [n for i in above if (n := _small_number(lines[i], small)) is not None]
    body_between = any(lines[i].geo.size > small for i in above)  # type: ignore[union-attr]
    if before and before[-1] + 1 == numbers[0] and body_between:
        return True
    page, column = key
    following = sorted(groups.get((page + 1, column), []) or groups.get((page + 1, 0), []),
                       key=lambda i: lines[i].geo.y0)  # type: ignore[union-attr]
    top_small = list(itertools.takewhile(
        lambda i: lines[i].geo.size <= small, following))  # type: ignore[union-attr]
    if len(top_small) == len(following):
        return False  # no body type below them: a page of notes, or of small type
    first = next((n for i in top_small[:3] if (n := _small_number(lines[i], small)) is not None),
                 None)
    return first == numbers[-1] + 1


def _note_blocks(doc: Document, size: float, furniture: set[int], rule: Rule) \
        -> list[layout.NoteBlock]:
    """The block of smaller type at the foot of each page (or of each column)."""
    share = float(rule.options.get("max_size", NOTE_SIZE))
    lines = doc.lines
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        if line.geo is not None and i not in furniture and not line.blank:
            groups[(line.page, line.geo.column)].append(i)
    by_page: dict[int, list[int]] = defaultdict(list)
    for (page, _), ids in groups.items():
        by_page[page].extend(ids)
    blocks: list[layout.NoteBlock] = []
    last_number: int | None = None
    last_page: int | None = None   # the page of the last block
    for key in sorted(groups):
        idx = sorted(groups[key], key=lambda i: lines[i].geo.y0)  # type: ignore[union-attr]
        # A page number under the notes, in body type, standing higher than the bands reach
        # (jmlr: 0.85 of the page): no reason to see no notes above it.
        end = len(idx)
        while end > max(0, len(idx) - 2) and \
                lines[idx[end - 1]].geo.size > share * size and \
                _PAGE_NUMBER.fullmatch(lines[idx[end - 1]].text.strip()):
            end -= 1
        k = end
        while k > 0 and lines[idx[k - 1]].geo.size <= share * size:  # type: ignore[union-attr]
            k -= 1
        block_idx = sorted(idx[k:end])
        if end < len(idx) and not any(_next_note(lines[i], last_number) for i in block_idx):
            block_idx = []  # the number ends a page of small type (code, an index): no notes
        if k == 0 and block_idx:
            # Notes spanning a page whose text is set in columns: a block only when there is
            # text above it on the page, in body type.
            page = key[0]
            top = lines[block_idx[0]].geo.y0  # type: ignore[union-attr]
            above = [i for (p, c), ids in groups.items() if p == page and c != key[1]
                     for i in ids if lines[i].geo.y1 <= top + 0.005  # type: ignore[union-attr]
                     and lines[i].geo.size > share * size]  # type: ignore[union-attr]
            if not above:
                continue
        if not block_idx:
            continue  # nothing small at the foot, or the whole page is small: no block
        # Without a label the block can only be a note continued from the page before.
        if not any(_label(lines[i]) for i in block_idx) and \
                (last_page is None or key[0] - last_page > 1):
            continue
        if _numbered_listing(lines, block_idx, groups[key]) or \
                _listing_runs_on(lines, block_idx, groups, key, share * size) or \
                _unmarked(lines, block_idx, by_page[key[0]]):
            continue
        block = layout.NoteBlock([], rule.id)
        lines[block_idx[0]].tag(layout.BLOCK_TAG + rule.id)
        for i in block_idx:
            line = lines[i]
            line.zone = "notes"
            block.lines.append(line.no)
            hit = _label(line)
            if hit is not None:
                label, end = hit
                if label.isdigit():
                    n = int(label)
                    restart = n == 1 and (last_number or 0) >= 2 and not block.starts
                    glued = line.text[end:end + 1] not in (" ", "")
                    if glued and n != (last_number or 0) + 1:
                        pass  # glued to its text, a number is a label only in sequence
                    elif last_number is None or restart or \
                            last_number < n <= last_number + FOOTNOTE_GAP:
                        if line.text[end:end + 1] not in (" ", ""):
                            line.text = line.text[:end] + " " + line.text[end:]
                        block.starts.append((n, line.no))
                        block.restart = block.restart or restart
                        line.tag(layout.NOTE_START_TAG)
                        last_number = n
                        continue
                else:
                    block.symbols.append((label, line.no))
                    line.tag(layout.NOTE_START_TAG)
                    continue
            if not block.starts and not block.symbols:
                block.lines_before_start = True
        blocks.append(block)
        last_page = key[0]
    return blocks


def _headings(doc: Document, size: float, furniture: set[int], rule: Rule) -> None:
    share = float(rule.options.get("min_size", HEADING_SIZE))
    max_words = int(rule.options.get("max_words", 14))
    for i, line in enumerate(doc.lines):
        g = line.geo
        if g is None or i in furniture or line.zone != "body" or line.blank:
            continue
        words = len(line.text.split())
        if words > max_words or line.text.rstrip()[-1:] in ",;-":
            continue
        if g.size >= share * size or (g.bold and abs(g.size - size) <= 0.6 and words <= 10):
            line.tag(HEADING_TAG)


def _paragraph_starts(doc: Document, size: float, furniture: set[int]) -> None:
    """Tag body lines that open a paragraph: indented against their column's left edge, or
    after white space larger than the line spacing."""
    lines = doc.lines
    lefts: dict[tuple[int, int], float] = {}
    for i, line in enumerate(lines):
        g = line.geo
        if g is not None and i not in furniture and line.zone == "body":
            key = (line.page, g.column)
            lefts[key] = min(lefts.get(key, g.x0), g.x0)
    rights: dict[tuple[int, int], float] = {}
    for i, line in enumerate(lines):
        g = line.geo
        if g is not None and i not in furniture:
            key = (line.page, g.column)
            rights[key] = max(rights.get(key, g.x1), g.x1)
    for i, line in enumerate(lines):
        g = line.geo
        if g is not None and i not in furniture and \
                g.x1 >= rights[(line.page, g.column)] - FULL_MEASURE:
            line.tag(FULL_TAG)
    prev: Line | None = None
    hang: float | None = None   # the x of a list item's text, where its next lines stand
    for i, line in enumerate(lines):
        g = line.geo
        if g is None or i in furniture or line.zone != "body" or line.blank:
            continue
        width = doc.page_sizes[line.page][0] if line.page < len(doc.page_sizes) else 600.0
        indent = (g.x0 - lefts[(line.page, g.column)]) * width
        gap = None
        same_column = prev is not None and prev.geo is not None and \
            prev.page == line.page and prev.geo.column == g.column
        if same_column:
            gap = g.y0 - prev.geo.y1  # type: ignore[union-attr]
        spaced = gap is not None and gap > 0.9 * (g.y1 - g.y0)
        # A list item's wrapped lines hang under its text, indented against the bullet:
        # they go on with the item ("• Right from the start, we started off col-" /
        # "lecting up sources"), also at the top of the next column or page when the line
        # before did not end a sentence.
        hanging = not spaced and (
            (hang is not None and abs(indent - hang) <= 1.5 and
             (same_column or (prev is not None and not layout.SENTENCE_END.search(prev.text))))
            or (same_column and prev is not None and layout.LIST_ITEM.match(prev.text) is not None
                and g.x0 > prev.geo.x0))  # type: ignore[union-attr]
        hang = indent if hanging else None
        if (INDENT * g.size <= indent <= 6 * g.size and not hanging) or spaced:
            line.tag(PARA_TAG)
        prev = line


def in_band(line: Line, labels: Labels) -> bool:
    """Whether the text-path evidence for furniture may judge ``line``: on a page with
    geometry, only a line set off by white space in the top or bottom band (a line of the
    text or of the footnotes at the page's edge is never furniture, whatever it repeats)."""
    return line.geo is None or line.no in labels.edges
