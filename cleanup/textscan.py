"""Find the lines a pattern matches whole with one regex scan of the joined text.

Running a compiled pattern over the whole document at C speed, then mapping match offsets to
line indexes, is many times faster than calling the pattern once per line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

from cleanup.document import normalise_key

_DIGITS = re.compile(r"\d+")  # as normalise_key folds them
_ANCHORED: dict[re.Pattern[str], re.Pattern[str]] = {}
# The same scans with the line's start spelled as the newline before it (see _scan).
_AFTER_NEWLINE: dict[tuple[re.Pattern[str], bool], tuple[re.Pattern[str], re.Pattern[str]]] = {}


def anchored(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` made to match whole lines (surrounding spaces allowed) in a joined text."""
    derive = getattr(pattern, "derive", None)
    if derive is not None:  # a user pattern (cleanup.timedregex) keeps its time limit
        return derive(r"^[ \t]*(?:", r")[ \t]*$", re.MULTILINE)  # type: ignore[no-any-return]
    found = _ANCHORED.get(pattern)
    if found is None:
        found = re.compile(r"^[ \t]*(?:" + pattern.pattern + r")[ \t]*$",
                           pattern.flags | re.MULTILINE)
        _ANCHORED[pattern] = found
    return found


def _scans(pattern: re.Pattern[str], strip: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The whole-line scan of ``pattern`` (``^`` for a line's start), and the same with the
    newline before the line in place of ``^``."""
    found = _AFTER_NEWLINE.get((pattern, strip))
    if found is None:
        inner = r"[ \t]*(?:" + pattern.pattern + r")[ \t]*$" if strip \
            else r"(?:" + pattern.pattern + r")$"
        flags = pattern.flags | re.MULTILINE
        found = (re.compile("^" + inner, flags), re.compile(r"\n" + inner, flags))
        _AFTER_NEWLINE[(pattern, strip)] = found
    return found


class LineIndex:
    """Lines joined once, with the offset of each line's start."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.text = "\n".join(texts) + "\n"
        self.offsets = [0, *accumulate(len(t) + 1 for t in texts)]

    def whole_lines(self, pattern: re.Pattern[str], strip: bool = True) -> list[int]:
        """Indexes of the lines that ``pattern`` matches whole (after stripping, if asked)."""
        derive = getattr(pattern, "derive", None)
        matches = self._scan(pattern, strip) if derive is None else None
        if matches is None:
            scan = anchored(pattern) if strip else derive(r"^(?:", r")$", re.MULTILINE) \
                if derive is not None else re.compile(
                r"^(?:" + pattern.pattern + r")$", pattern.flags | re.MULTILINE)
            matches = [(m.start(), m.end(), m.group()) for m in scan.finditer(self.text)]
        hits: list[int] = []
        for start, end, group in matches:
            i = bisect_right(self.offsets, start) - 1
            if "\n" in group:  # \s in a pattern crossed a line end: check the lines singly
                j = bisect_right(self.offsets, end) - 1
                hits.extend(k for k in range(i, min(j + 1, len(self.texts)))
                            if pattern.fullmatch(self.texts[k].strip() if strip
                                                 else self.texts[k]))
            elif i < len(self.texts):
                hits.append(i)
        return sorted(set(hits))

    def _scan(self, pattern: re.Pattern[str], strip: bool) \
            -> list[tuple[int, int, str]] | None:
        """(start, end, text) of each whole-line match, as the ``^``-anchored scan finds them;
        None where this shortcut cannot tell (the caller then runs that scan).

        The anchored scan tries the pattern at every place of the text, and ``^`` fails at
        all but the lines' starts: the engine's cost is the places. Spelled as the newline
        before a line, the start is a literal the engine jumps to at C speed. Both try the
        same lines' starts in order, in the same text (look-behinds see the same characters),
        so they find the same matches; only a line start with no newline left before it
        (the text's first, or one right after a match that took the newline) is tried with
        ``^``. An empty match (finditer would try again at the same place) gives None."""
        first, after = _scans(pattern, strip)
        text = self.text
        out: list[tuple[int, int, str]] = []
        pos, at_start = 0, True
        while True:
            if at_start and (m := first.match(text, pos)) is not None:
                start, end, body = m.start(), m.end(), m.group()
            elif (m := after.search(text, pos)) is not None:
                start, end, body = m.start() + 1, m.end(), m.group()[1:]
            else:
                return out
            if not body:
                return None
            out.append((start, end, body))
            pos, at_start = end, body.endswith("\n")


def normalised_keys(texts: Sequence[str]) -> list[str]:
    """``normalise_key`` of each of ``texts``, folded in one pass over their joined text.

    Case folding maps each character alone and no run of digits crosses a newline, so each
    line of the folded text is its line folded alone; only the spaces are collapsed line by
    line. Many times faster than asking each line's key where most lines are asked once
    (the body's lines: the key's cache is for the page edges' lines, asked again and again).
    A text that holds a newline itself is keyed alone."""
    parts = _DIGITS.sub("#", "\n".join(texts).casefold()).split("\n")
    if len(parts) != len(texts):
        return [normalise_key(t) for t in texts]
    return list(map(" ".join, map(str.split, parts)))


def lines_with(pattern: re.Pattern[str], texts: Sequence[str]) -> list[int]:
    """Indexes, in order, of the texts in which ``pattern`` finds a match: one scan of their
    joined text, each line left at its first match. ``pattern`` must match no newline (a
    character class such as ``\\d``); a text that holds a newline itself has each text
    searched alone."""
    joined = "\n".join(texts)
    if joined.count("\n") != max(len(texts) - 1, 0):
        return [i for i, t in enumerate(texts) if pattern.search(t)]
    offsets = [0, *accumulate(len(t) + 1 for t in texts)]
    out: list[int] = []
    pos = 0
    while (m := pattern.search(joined, pos)) is not None:
        i = bisect_right(offsets, m.start()) - 1
        out.append(i)
        pos = offsets[i + 1]
    return out
