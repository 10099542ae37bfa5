"""The document model every stage reads and writes.

A :class:`Document` is a list of :class:`Line` objects, each carrying the 1-based number of the
input line it came from, so that edits, flags, diffs and ``cleanup explain`` all speak in input
line numbers whatever the stages did before. Pages and footnote zones are annotations on lines;
paragraphs exist once the paragraphs stage has run.
"""

from __future__ import annotations

import copy
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

Zone = Literal["body", "notes"]
ParagraphKind = Literal["text", "heading", "note"]

# Pages longer than this on average mean the form feeds are not the page breaks (the densest
# real pdftotext pages, two columns of small type, run to about 150 lines).
MAX_LINES_PER_FEED_PAGE = 300
# TeX's OT1 fonts put the ligatures ff, fi, fl, ffi, ffl at codes 11-15; a PDF without a
# ToUnicode map for them gives those codes to extractors (pypdf: "de\x0cned", "\x0crst"),
# so a form feed or carriage return there is half a word, not a page or line break. A code
# between two letters is the proof: an extractor's page break never stands inside a word.
FONT_CODE_INSIDE = re.compile(r"(?<=[^\W\d_])[\x0b-\x0f\r](?=[^\W\d_])")
MIN_FONT_CODES = 2
_FONT_CODE = re.compile(r"[\x0b-\x0f\r]")
CLOSE_CODES = 3           # lines: two ligature codes this close are no page breaks
_WORD_END = re.compile(r"[^\W\d_]+$")
_WORD_START = re.compile(r"[^\W\d_]+")
_MID_FEED = re.compile(r"(?<=\S)[ \t]*\f+[ \t]*(?=\S)")


_DIGITS = re.compile(r"\d+")


@lru_cache(maxsize=65_536)  # each line's key is asked by several furniture tests
def normalise_key(text: str) -> str:
    """The form in which running furniture repeats: case and digits folded, spaces collapsed."""
    return " ".join(_DIGITS.sub("#", text.casefold()).split())


def has_font_codes(text: str) -> bool:
    """Whether ``text`` shows TeX ligature codes inside words (at least MIN_FONT_CODES).

    A form feed between two letters is ambiguous: TeX's "fi" (code 12, "de\x0cned") or a page
    break where page texts were joined with a feed and no newline ("Needs\x0ca new", from
    "\f".join(pages)); read as "fi", every page break would invent letters ("Needsfia").
    The feeds are codes where other codes stand inside words too, where two stand within a
    few lines (page breaks are a page apart; "fi" is common), or where most of them read as
    a word with "fi" in their place."""
    # (Each code character is found by a quick scan and tried where it stands: the pattern's
    # lookbehind, tried at every place of a long text, costs far more.)
    feeds: list[int] = []
    found = 0
    for m in _FONT_CODE.finditer(text):
        if FONT_CODE_INSIDE.match(text, m.start()):
            found += 1
            if m[0] == "\f":
                feeds.append(m.start())
            elif found >= MIN_FONT_CODES:
                return True
    if found < MIN_FONT_CODES:
        return False
    if len(feeds) < found:
        return True  # ff, fl, ffi or ffl codes beside the feeds
    rows = [text.count("\n", 0, feeds[0])]
    for a, b in itertools.pairwise(feeds):
        rows.append(rows[-1] + text.count("\n", a, b))
    if any(b - a <= CLOSE_CODES for a, b in itertools.pairwise(rows)):
        return True
    return 2 * sum(_fi_word(text, at) for at in feeds) > len(feeds)


def _fi_word(text: str, at: int) -> bool:
    """Does the word around the feed at ``at`` read as a word with "fi" in its place?"""
    from cleanup.lexicon import common_words

    left = _WORD_END.search(text, max(0, at - 40), at)
    right = _WORD_START.match(text, at + 1)
    word = (left[0] if left else "") + "fi" + (right[0] if right else "")
    return word.casefold() in common_words("en", 2.5)


@dataclass(slots=True, frozen=True)
class Geometry:
    """Where a line stands on its page, when the input was a PDF read for its layout.

    Positions are shares of the page (0 at the left and top edges, 1 at the right and bottom),
    so that bands ("below 0.93 of the page height") mean the same on any page size. ``size`` is
    the line's main type size in points; ``raised`` holds the (start, end) offsets in the line's
    text of raised runs of smaller type (superscripts: note markers, note labels); ``bold`` is
    None where the font does not say.
    """

    page: int
    x0: float
    x1: float
    y0: float
    y1: float
    size: float
    raised: tuple[tuple[int, int], ...] = ()
    bold: bool | None = None
    column: int = 0  # 0: spans the page (or one column); 1, 2: left, right column


class Line:
    """One input line: its number, its original text, and its current text.

    ``raw`` never changes, so later stages can still see evidence that normalisation removes
    from ``text`` (trailing double spaces that end a paragraph, one-space separator lines).
    """

    __slots__ = ("geo", "join", "no", "page", "raw", "tags", "text", "zone")

    def __init__(self, no: int, raw: str, text: str | None = None, page: int = 0) -> None:
        self.no = no
        self.raw = raw
        self.text = raw if text is None else text
        self.page = page
        self.zone: Zone = "body"
        # How this line joins the next one in its paragraph: None lets the paragraph stage
        # decide ("-" kept, no space); the hyphens stage (#4) sets "join", "keep" or "space".
        self.join: str | None = None
        self.tags: set[str] | None = None
        # Set only when the input was read for its layout (cleanup.readers.pdf_layout); stages
        # ask a line for it and use it as evidence when present, never "is this a PDF?".
        self.geo: Geometry | None = None

    @property
    def blank(self) -> bool:
        """Whether the line holds no text (empty, or spaces only)."""
        # (Asked some two million times on 40 real texts: one read of the slot, not two. A
        # value kept beside the text would have to be set by every stage that writes text.)
        text = self.text
        return not text or text.isspace()

    @property
    def trailing_spaces(self) -> int:
        """Number of spaces the input line ended with (a paragraph-end signal in some layouts)."""
        return len(self.raw) - len(self.raw.rstrip(" "))

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))

    def tag(self, name: str) -> None:
        if self.tags is None:
            self.tags = set()
        self.tags.add(name)

    def has(self, name: str) -> bool:
        return self.tags is not None and name in self.tags

    def __repr__(self) -> str:
        return f"Line({self.no}, {self.text!r}, page={self.page}, zone={self.zone})"


@dataclass(slots=True)
class Paragraph:
    """A run of lines that the output renders as one block of text."""

    kind: ParagraphKind
    lines: list[Line]
    text: str = ""
    # For each line, whether a blank line or a page break came before it (how it was joined).
    gaps: list[bool] = field(default_factory=list)
    label: str = ""  # a note's label: the paragraph is written "[^label]: text"

    @property
    def first_line(self) -> int:
        return self.lines[0].no if self.lines else 0


@dataclass(slots=True)
class Note:
    """A footnote: its label ("12", or "2.1" where numbering restarts, or "*"), its number, the
    lines of its body (the first one starts with the label) and the line of its marker."""

    label: str
    number: int | None
    lines: list[Line]
    marker_line: int | None = None

    @property
    def start_line(self) -> int:
        return self.lines[0].no


@dataclass(slots=True)
class Document:
    """A document between stages: its lines, its page structure and (later) its paragraphs.

    ``page_starts`` holds, for each page after the first, the input line number its first line
    had; ``learned`` holds what stages learned about the layout (running headers, page-number
    offsets) for the report.
    """

    source: str
    lines: list[Line]
    page_starts: list[int] = field(default_factory=list)
    paragraphs: list[Paragraph] | None = None
    learned: dict[str, object] = field(default_factory=dict)
    has_form_feeds: bool = False
    # Footnote blocks found by the page structure (cleanup.layout.NoteBlock), and the notes
    # the footnotes stage built from them, in the order they are to be written.
    note_blocks: list[Any] = field(default_factory=list)
    notes: list[Note] | None = None
    # Settings of the run that stages read, e.g. {"footnotes": "link"}.
    options: dict[str, str] = field(default_factory=dict)
    # What stages derive once and share (the document's lexicon); not part of the report.
    derived: dict[str, Any] = field(default_factory=dict)
    # (width, height) in points of each page, when the lines carry geometry: then the page
    # boundaries are exact, read from the file, not inferred.
    page_sizes: list[tuple[float, float]] = field(default_factory=list)

    @property
    def has_geometry(self) -> bool:
        """Whether the lines carry page geometry (the input was a PDF read for its layout)."""
        return bool(self.page_sizes)

    @classmethod
    def from_text(cls, text: str, source: str = "<text>") -> Document:
        """Split ``text`` into numbered lines; form feeds become page boundaries."""
        if text.startswith("\ufeff"):
            text = text[1:]
        codes = has_font_codes(text)
        text = text.replace("\r\n", "\n")
        # A carriage return ends a line only in a text whose lines it ends (an old Mac file).
        # In a text of line feeds it is a glyph an extractor passed on (a chart's tick mark,
        # '3\t\r'): the normalize stage takes it out with the other control characters, and
        # the line numbers stay the ones a user's editor shows.
        cr_lines = text.count("\r") > text.count("\n")
        if codes:
            # Codes touching a letter stay for the normalize stage to restore (and report);
            # a form feed elsewhere is nothing.
            if cr_lines:
                text = re.sub(r"(?<![^\W\d_])\r(?![^\W\d_])", "\n", text)
            text = re.sub(r"(?<![^\W\d_])\f(?![^\W\d_])", "", text)
        elif cr_lines:
            text = text.replace("\r", "\n")
        raw_lines = text.split("\n")
        if raw_lines and raw_lines[-1] == "":
            raw_lines.pop()
        # A form feed or two in a long text is a character the document printed (a code
        # listing, a control character the PDF carried), not its page breaks: trusting it
        # would make a 300-page text two pages, and nothing would be learned from its pages.
        # Pages are counted with text on them: a run of feeds alone (blank pages, or a glyph
        # an extractor printed as a feed) does not make the others shorter.
        has_ff = "\f" in text and not codes and \
            len(raw_lines) / max(1, sum(1 for part in text.split("\f") if part.strip())) \
            <= MAX_LINES_PER_FEED_PAGE
        if codes or "\f" not in text:
            # No feed to read as a page break: every line is one line of page 0.
            return cls(source, [Line(no, raw) for no, raw in enumerate(raw_lines, start=1)],
                       [], has_form_feeds=has_ff)
        lines: list[Line] = []
        page = 0
        page_starts: list[int] = []
        for no, raw in enumerate(raw_lines, start=1):
            if "\f" in raw and not codes:
                if has_ff and _MID_FEED.search(raw):
                    # Page texts joined with a feed and no newline ("\f".join(pages)) put
                    # the feed inside a line: the text before it ends one page, the text after
                    # it starts the next. Both parts keep the input line's number.
                    parts = raw.split("\f")
                    for k, part in enumerate(parts):
                        if k:
                            page += 1
                            page_starts.append(no)
                        if part or k == 0:
                            lines.append(Line(no, part, page=page))
                    continue
                # pdftotext writes the form feed at the start of a page's first line, and
                # one after the last page: that one starts no page.
                if has_ff and not (no == len(raw_lines) and not raw.strip("\f")):
                    page += raw.count("\f")
                    page_starts.append(no)
                # (A feed inside a line of a text whose feeds are no page breaks is a space:
                # the words on its two sides are not one word.)
                raw = _MID_FEED.sub(" ", raw).replace("\f", "")
            lines.append(Line(no, raw, page=page))
        return cls(source, lines, page_starts, has_form_feeds=has_ff)

    def copy(self) -> Document:
        """A deep copy, so that a stage never mutates the document it was given."""
        return copy.deepcopy(self)

    @property
    def page_count(self) -> int:
        return (self.lines[-1].page + 1) if self.lines else 0

    def pages(self) -> list[list[Line]]:
        """The lines grouped by page, in order."""
        pages: list[list[Line]] = [[] for _ in range(self.page_count)]
        for line in self.lines:
            pages[line.page].append(line)
        return pages

    def text(self) -> str:
        """The document as text: paragraphs when they exist, else the current lines."""
        if self.paragraphs is None:
            return "\n".join(line.text for line in self.lines) + ("\n" if self.lines else "")
        return "\n\n".join(p.text for p in self.paragraphs if p.text) + "\n"
