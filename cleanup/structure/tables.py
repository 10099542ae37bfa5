"""Evidence that lines recurring at page tops are a table's header, not a running head.

A long table repeats its header on every page it runs over, so the header recurs at the page
edge exactly as a running head does; repetition and position cannot tell them apart, and a
table header removed as furniture takes the table's column names with it (a font manual's
feature tables lost 3-6% of their words that way). What can is that the header's text goes on
into the next line ("Feature Setting (top-most" / "in each section is default)"): a running
head is a whole line, a header cell wraps. (That the same lines also stand together inside a
page, where the table starts, is no evidence: at a page boundary the text missed, a running
foot and head stand together inside a page too.) Where form feeds give the pages, it is: the
header's lines stand there in the order they open the pages, below the page's own text,
where the table starts; a running head does not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from cleanup.document import Line, normalise_key

MIN_SHARE = 0.5        # of a group's occurrences that must go on into the next line
MIN_PAIRED = 2         # pages that open with the same two header lines, one under the other
TEXT_WORDS = 6         # words of a line of a page's own text (not a margin note)
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


def header_groups(lines: list[Line], groups: Mapping[int, list[int]],
                  known: set[int] | None = None) -> dict[int, str]:
    """The recurring groups (id -> the lines it was learned from) that read as a table
    header, with the evidence; ``known``: the pages whose first line is known."""
    found: dict[int, str] = {}
    for gid, idxs in groups.items():
        # The header's cell may wrap in the line under it ('Feature Name' / 'Feature ID
        # Feature Setting (top-most' / 'in each section is default)'), where pdftotext sets
        # the header's columns apart.
        going_on = sum(continues_next(lines, i) or (
            (j := _next_line(lines, i)) is not None and lines[j].page == lines[i].page
            and continues_next(lines, j)) for i in idxs)
        if idxs and going_on >= max(2, MIN_SHARE * len(idxs)):
            found[gid] = (f"its text goes on into the next line on {going_on} of "
                          f"{len(idxs)} pages, as a table header's cells do")
    if known:
        for gid, why in _started_inside(lines, groups, known).items():
            found.setdefault(gid, why)
    return found


def _started_inside(lines: list[Line], groups: Mapping[int, list[int]],
                    known: set[int]) -> dict[int, str]:
    """Groups whose lines open pages one under the other ('Feature Name' / 'Graphite
    OpenType' / 'Feature ID Feature ID') and stand so, in that order, under a line of the
    page's own text (a sentence's worth of words, no margin note) on a page whose ends are
    known: where the table starts, before it runs over. A running head opens its pages."""
    member = {i: gid for gid, idxs in groups.items() for i in idxs}
    pairs: Counter[tuple[int, int]] = Counter()
    for i, gid in member.items():
        j = _next_line(lines, i)
        if j is not None and member.get(j, gid) != gid:
            pairs[(gid, member[j])] += 1
    keys = {gid: {normalise_key(lines[i].text) for i in idxs} for gid, idxs in groups.items()}
    paired = [(g, h, n) for (g, h), n in pairs.items() if n >= MIN_PAIRED]
    wanted = {key for g, _h, _n in paired for key in keys[g]}
    where: dict[str, list[int]] = {}
    for i, line in enumerate(lines):  # (one pass: each line's key once)
        if not line.blank and line.page in known and line.page + 1 in known \
                and (key := normalise_key(line.text)) in wanted:
            where.setdefault(key, []).append(i)
    found: dict[int, str] = {}
    for g, h, n in paired:
        for i in sorted(i for key in keys[g] for i in where.get(key, ())):
            j = _next_line(lines, i)
            if j is None or lines[j].page != lines[i].page \
                    or normalise_key(lines[j].text) not in keys[h]:
                continue
            k = next((k for k in range(i - 1, max(-1, i - 4), -1) if not lines[k].blank), None)
            if k is not None and k not in member and lines[k].page == lines[i].page \
                    and len(lines[k].text.split()) >= TEXT_WORDS:
                why = (f"opens {n} pages over the next header line, and stands so under the "
                       f"text of page {lines[i].page + 1} (input line {lines[i].no}), where a "
                       "table starts")
                found.setdefault(g, why)
                found.setdefault(h, why)
                break
    # The header's further lines, each under the last on the same pages, go with it.
    grown = True
    while grown:
        grown = False
        for g, h, _n in paired:
            if g in found and h not in found:
                found[h] = found[g]
                grown = True
    return found


def _next_line(lines: list[Line], i: int) -> int | None:
    """The next non-blank line after line ``i``, within two."""
    return next((j for j in range(i + 1, min(i + 3, len(lines))) if not lines[j].blank), None)
