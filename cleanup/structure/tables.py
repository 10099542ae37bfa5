"""Evidence that lines recurring at page tops are a table's header, not a running head.

A long table repeats its header on every page it runs over, so the header recurs at the page
edge exactly as a running head does; repetition and position cannot tell them apart, and a
table header removed as furniture takes the table's column names with it (a font manual's
feature tables lost 3-6% of their words that way). What can is that the header's text goes on
into the next line ("Feature Setting (top-most" / "in each section is default)"): a running
head is a whole line, a header cell wraps. (That the same lines also stand together inside a
page, where the table starts, is no evidence: at a page boundary the text missed, a running
foot and head stand together inside a page too.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from cleanup.document import Line

MIN_SHARE = 0.5        # of a group's occurrences that must go on into the next line
_OPENERS = {")": "(", "]": "["}


def continues_next(lines: list[Line], i: int) -> bool:
    """Line ``i`` leaves a bracket open that the next line, going on in lower case, closes."""
    text = lines[i].text
    nxt = next((ln.text.strip() for ln in lines[i + 1:i + 3] if not ln.blank), "")
    if not nxt or not nxt[0].islower():
        return False
    for close, open_ in _OPENERS.items():
        if text.count(open_) > text.count(close):
            head = re.split(re.escape(open_), nxt, maxsplit=1)[0]
            if close in head:
                return True
    return False


def header_groups(lines: list[Line], groups: Mapping[int, list[int]]) -> dict[int, str]:
    """The recurring groups (id -> the lines it was learned from) that read as a table
    header, with the evidence."""
    found: dict[int, str] = {}
    for gid, idxs in groups.items():
        going_on = sum(continues_next(lines, i) for i in idxs)
        if idxs and going_on >= max(2, MIN_SHARE * len(idxs)):
            found[gid] = (f"its text goes on into the next line on {going_on} of "
                          f"{len(idxs)} pages, as a table header's cells do")
    return found
