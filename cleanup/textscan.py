"""Find the lines a pattern matches whole with one regex scan of the joined text.

Running a compiled pattern over the whole document at C speed, then mapping match offsets to
line indexes, is many times faster than calling the pattern once per line.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

_ANCHORED: dict[re.Pattern[str], re.Pattern[str]] = {}


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


class LineIndex:
    """Lines joined once, with the offset of each line's start."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.texts = texts
        self.text = "\n".join(texts) + "\n"
        self.offsets = [0, *accumulate(len(t) + 1 for t in texts)]

    def whole_lines(self, pattern: re.Pattern[str], strip: bool = True) -> list[int]:
        """Indexes of the lines that ``pattern`` matches whole (after stripping, if asked)."""
        derive = getattr(pattern, "derive", None)
        scan = anchored(pattern) if strip else derive(r"^(?:", r")$", re.MULTILINE) \
            if derive is not None else re.compile(
            r"^(?:" + pattern.pattern + r")$", pattern.flags | re.MULTILINE)
        hits: list[int] = []
        for m in scan.finditer(self.text):
            i = bisect_right(self.offsets, m.start()) - 1
            if "\n" in m.group():  # \s in a pattern crossed a line end: check the lines singly
                j = bisect_right(self.offsets, m.end()) - 1
                hits.extend(k for k in range(i, min(j + 1, len(self.texts)))
                            if pattern.fullmatch(self.texts[k].strip() if strip
                                                 else self.texts[k]))
            elif i < len(self.texts):
                hits.append(i)
        return sorted(set(hits))
