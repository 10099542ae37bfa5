"""Restore text one PDF extraction lost from a second extraction of the same pages.

Extractors lose different things: pypdf drops or garbles runs set in fonts with odd encodings
(printing glyph names such as ``/g145`` instead of the letters), poppler garbles others. Each
page is aligned word by word with the other extraction's page (rapidfuzz's Levenshtein opcodes
over normalised words, so that line breaks, spacing, ligatures and quote styles do not matter).
A span is restored only where the alignment is unambiguous:

* the other extraction has words that this one lacks (or has only glyph-name junk for),
* between at least ``MIN_ANCHOR`` matching words on each side (or the page edge on one side),
* the words do not stand unmatched elsewhere on the page (text that moved was not lost),
* and the page as a whole agrees (extractions that read a page in different orders are left
  alone).

The restored words are the other extraction's, verbatim: nothing is invented. They go where the
other extraction has them: into the line between the matching words, at the end of the line
before or the start of the line after, or into an empty line the loss left behind. The number
of lines never changes, so line numbers still point at the extracted text. Each restored span is
an :class:`~cleanup.report.Edit` (stage ``restore``); words that had no line to go into become a
``lost_text`` flag instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from cleanup.report import Changes, Edit, Flag

STAGE = "restore"
RULE = "restore.second-extraction"
ACTION = "restore"
MIN_ANCHOR = 3           # matching words on each side of a restored span
MAX_SPAN_WORDS = 80      # a longer "loss" is more likely a different reading order
MIN_AGREEMENT = 0.6      # share of this extraction's words the other must match, per page
TRUNCATION_KINDS = frozenset({"truncated"})  # flag kinds a restored span can resolve (#6)

_WORD = re.compile(r"\S+")
# What pypdf prints for a glyph whose name it cannot map ("/g145", "/cid65", "/uniE000").
_GLYPH_NAME = re.compile(r"/[A-Za-z._]{0,10}\d+[0-9A-Za-z]*")
_UNMAPPED = re.compile("[\ufffd\ue000-\uf8ff]")  # replacement character, private use
_FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"',
                       "–": "-", "—": "-", "−": "-", "\u00ad": None})


class Word(NamedTuple):
    """A word of a page: its line (0-based, within the page) and its span in that line."""

    line: int
    start: int
    end: int
    text: str


@dataclass(slots=True)
class Restored:
    """The pages with lost text restored, the edits and flags that say where, and counts."""

    pages: list[str]
    changes: Changes = field(default_factory=Changes)
    stats: dict[str, int] = field(default_factory=dict)


def is_junk(word: str) -> bool:
    """Whether ``word`` is extraction debris rather than text: glyph names, U+FFFD, private-use
    characters.

    >>> is_junk("/g145/g119/g97"), is_junk("/g145/g119/g97,"), is_junk("and/or"), is_junk("/usr")
    (True, True, False, False)
    """
    if _UNMAPPED.search(word):
        return True
    if "/" not in word:
        return False
    names = sum(len(m.group()) for m in _GLYPH_NAME.finditer(word))
    return names > 0 and names * 2 >= len(word)


def key(word: str) -> str:
    """The form in which two extractions of the same word compare equal.

    >>> key("‘ﬁeld’"), key("Field")
    ("'field'", 'field')
    """
    return unicodedata.normalize("NFKC", word).translate(_FOLD).casefold()


def words(page: str) -> list[Word]:
    """The words of a page, with where each stands."""
    return [Word(n, m.start(), m.end(), m.group())
            for n, line in enumerate(page.split("\n")) for m in _WORD.finditer(line)]


def restore_pages(primary: list[str], secondary: list[str], primary_name: str = "pypdf",
                  secondary_name: str = "pdftotext") -> Restored:
    """Fill in, page by page, the text ``primary`` lost from ``secondary``.

    Edits and flags carry 1-based line numbers of ``primary`` joined with form feeds
    (:func:`cleanup.pdf.join_pages`), which restoration does not change.
    """
    result = Restored(list(primary))
    stats = {"pages_compared": 0, "pages_skipped": 0, "pages_lost": 0, "spans": 0, "words": 0,
             "unplaced": 0}
    first = 1
    for n, page in enumerate(primary):
        other = secondary[n] if n < len(secondary) else ""
        restorer = _Page(page, other, first, primary_name, secondary_name)
        if restorer.comparable():
            stats["pages_compared"] += 1
            result.pages[n] = restorer.run(result.changes, stats)
        elif page.strip() and other.strip():
            stats["pages_skipped"] += 1
        elif other.strip():
            # A page this extraction found empty has no lines to restore into: say so.
            lost = other.split()
            result.changes.flag(
                "lost_text", first, " ".join(lost[:12]) + (" ..." if len(lost) > 12 else ""),
                f"{secondary_name} has {len(lost)} words on page {n + 1}, which {primary_name} "
                "extracted as empty; they were not restored", stage=STAGE)
            stats["pages_lost"] += 1
        first += page.count("\n") + (1 if page and not page.endswith("\n") else 0)
    if len(secondary) != len(primary):
        stats["page_count_mismatch"] = len(secondary)
    result.stats = stats
    return result


class _Page:
    """One page of each extraction, aligned."""

    def __init__(self, page: str, other: str, first_line: int, name: str, other_name: str):
        self.lines = page.split("\n")
        # The page's own lines: the "" after its final newline is not one, so not to be filled.
        self.count = len(self.lines) - (1 if page.endswith("\n") else 0)
        self.first_line = first_line
        self.name, self.other_name = name, other_name
        self.mine = words(page)
        self.theirs = words(other)
        # Junk gets a key of its own, so that it matches nothing on the other side.
        self.my_keys = [f"\0{i}" if is_junk(w.text) else key(w.text)
                        for i, w in enumerate(self.mine)]
        self.their_keys = [f"\1{j}" if is_junk(w.text) else key(w.text)
                           for j, w in enumerate(self.theirs)]
        self.ops = _regions(Levenshtein.opcodes(*_as_strings(self.my_keys, self.their_keys))) \
            if self.mine and self.theirs else []
        # How much restoring has lengthened each line so far: spans are restored in reading
        # order, so a later span's positions on a line all lie after the earlier ones.
        self.shift: dict[int, int] = {}

    def comparable(self) -> bool:
        if not self.ops:
            return False
        matched = sum(op.src_end - op.src_start for op in self.ops if op.tag == "equal")
        real = sum(1 for k in self.my_keys if not k.startswith("\0"))
        return real > 0 and matched >= MIN_AGREEMENT * real

    def run(self, changes: Changes, stats: dict[str, int]) -> str:
        ops = list(self.ops)
        # Words of this page the alignment left unmatched: where text that moved now stands.
        unmatched = " " + " ".join(self.my_keys[i] for op in ops if op.tag != "equal"
                                   for i in range(op.src_start, op.src_end)) + " "
        for k, op in enumerate(ops):
            lost = op.tag == "insert" or (op.tag == "replace" and all(
                self.my_keys[i].startswith("\0") for i in range(op.src_start, op.src_end)))
            if not lost:
                continue
            span = self.theirs[op.dest_start:op.dest_end]
            span_keys = self.their_keys[op.dest_start:op.dest_end]
            if not self._anchored(ops, k) or not self._plausible(span, span_keys, unmatched):
                continue
            self._restore(op, span, changes, stats)
        return "\n".join(self.lines)

    def _anchored(self, ops: list, k: int) -> bool:
        before = ops[k - 1] if k > 0 else None
        after = ops[k + 1] if k + 1 < len(ops) else None

        def solid(op) -> bool:
            return op.tag == "equal" and op.src_end - op.src_start >= MIN_ANCHOR

        if before is None and after is None:
            return False
        return (before is None or solid(before)) and (after is None or solid(after))

    def _plausible(self, span: list[Word], span_keys: list[str], unmatched: str) -> bool:
        if not span or len(span) > MAX_SPAN_WORDS:
            return False
        if any(k.startswith("\1") for k in span_keys):
            return False  # never restore the other side's junk
        if not any(c.isalnum() for w in span for c in w.text):
            return False  # punctuation alone is style, not lost text
        # Words that stand unmatched elsewhere on this page moved; they were not lost.
        return f" {' '.join(span_keys)} " not in unmatched

    def _restore(self, op, span: list[Word], changes: Changes, stats: dict[str, int]) -> None:
        i1, i2 = op.src_start, op.src_end
        prev = self.mine[i1 - 1] if i1 > 0 else None
        nxt = self.mine[i2] if i2 < len(self.mine) else None
        their_prev = self.theirs[op.dest_start - 1] if op.dest_start > 0 else None
        their_next = self.theirs[op.dest_end] if op.dest_end < len(self.theirs) else None
        text = " ".join(w.text for w in span)
        # (line, start, end, replacement) in this page's lines
        plan: list[tuple[int, int, int, str]] = []
        if i2 > i1:  # glyph-name junk: replace it where it stands
            junk = self.mine[i1:i2]
            if len({w.line for w in junk}) != 1:
                return self._unplaced(span, prev or nxt, changes, stats)
            plan.append((junk[0].line, junk[0].start, junk[-1].end, text))
        elif prev is not None and nxt is not None and prev.line == nxt.line:
            plan.append((prev.line, prev.end, nxt.start, f" {text} "))
        else:
            # At a line break here: put each part where the other extraction has it.
            head = [w for w in span if their_prev is not None and w.line == their_prev.line]
            tail = [w for w in span if their_next is not None and w.line == their_next.line
                    and w not in head]
            middle = [w for w in span if w not in head and w not in tail]
            if head and prev is not None:
                plan.append((prev.line, prev.end, prev.end, " " + _text(head)))
            elif head:
                middle = head + middle
            if tail and nxt is not None:
                plan.append((nxt.line, nxt.start, nxt.start, _text(tail) + " "))
            elif tail:
                middle = middle + tail
            if middle:
                own = _lines_of(middle)
                lo = prev.line + 1 if prev is not None else 0
                hi = nxt.line if nxt is not None else self.count
                empty = [n for n in range(lo, hi) if self.lines[n] == ""]
                if len(empty) < len(own):
                    return self._unplaced(span, prev or nxt, changes, stats)
                plan.extend((n, 0, 0, _text(part)) for n, part in zip(empty, own, strict=False))
        touched = sorted({p[0] for p in plan})
        before = [self.lines[n] for n in touched]
        for n, start, end, new in plan:  # at most one change per line
            at = self.shift.get(n, 0)
            line = self.lines[n]
            self.lines[n] = line[:start + at] + new + line[end + at:]
            self.shift[n] = at + len(new) - (end - start)
        after = [self.lines[n] for n in touched]
        what = (f"{self.name} printed glyph names for these words" if i2 > i1
                else f"{self.name} lost these words")
        changes.edit(STAGE, RULE, ACTION, tuple(self.first_line + n for n in touched),
                     "\n".join(before), "\n".join(after),
                     reason=f"{what}; restored from {self.other_name}: {text!r}")
        stats["spans"] += 1
        stats["words"] += len(span)

    def _unplaced(self, span: list[Word], near: Word | None, changes: Changes,
                  stats: dict[str, int]) -> None:
        line = self.first_line + (near.line if near is not None else 0)
        changes.flag("lost_text", line, " ".join(w.text for w in span),
                     f"{self.other_name} has these words here, which {self.name} lost; no line "
                     "is left to put them in, so they were not restored", stage=STAGE)
        stats["unplaced"] += 1


def _as_strings(a: list[str], b: list[str]) -> tuple[str, str]:
    """Both word lists as strings with one character per distinct word: rapidfuzz aligns
    strings with bit-parallel algorithms, lists of words only with the quadratic one."""
    codes: dict[str, str] = {}
    for k in (*a, *b):
        if k not in codes:
            codes[k] = chr(0x10000 + len(codes))
    return "".join(codes[k] for k in a), "".join(codes[k] for k in b)


class Region(NamedTuple):
    """A stretch of the alignment: equal on both sides, or different (words of this side
    ``src_start:src_end`` stand where the other has ``dest_start:dest_end``)."""

    tag: str
    src_start: int
    src_end: int
    dest_start: int
    dest_end: int


def _regions(opcodes) -> list[Region]:
    """The opcodes with each run of differences merged into one region, so that a loss next to
    a changed word is judged as one stretch, between two equal ones."""
    out: list[Region] = []
    for op in opcodes:
        start, dest_start = op.src_start, op.dest_start
        if op.tag != "equal" and out and out[-1].tag != "equal":
            last = out.pop()
            start, dest_start = last.src_start, last.dest_start
        tag = "equal" if op.tag == "equal" else "insert" if start == op.src_end else "replace"
        out.append(Region(tag, start, op.src_end, dest_start, op.dest_end))
    return out


def _text(span: list[Word]) -> str:
    return " ".join(w.text for w in span)


def _lines_of(span: list[Word]) -> list[list[Word]]:
    out: list[list[Word]] = []
    for w in span:
        if out and out[-1][-1].line == w.line:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def resolve_flags(flags: list[Flag], edits: list[Edit]) -> list[Flag]:
    """Mark the truncation flags that restored text resolves.

    A flag is resolved when a restore edit changed its line, or filled the empty line just
    before or after it (a line cut at its end continues in the line that was lost after it).
    The flag stays in the report, with ``resolved`` naming the rule that resolved it.
    """
    fixed: dict[int, str] = {}
    for e in edits:
        if e.stage != STAGE:
            continue
        for no, before in zip(e.lines, e.before.split("\n"), strict=False):
            fixed.setdefault(no, e.rule)
            if not before:
                fixed.setdefault(no - 1, e.rule)
                fixed.setdefault(no + 1, e.rule)
    return [replace(f, resolved=fixed[f.line])
            if f.kind in TRUNCATION_KINDS and not f.resolved and f.line in fixed else f
            for f in flags]
