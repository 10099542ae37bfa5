"""Strip download stamps (JSTOR's per-page notice and the like) and vendor cover pages.

A stamp is removed only where it stands as a line of its own: the rule's pattern must match the
whole line, so the same words quoted inside a body sentence or a citation stay. Lines that
only ever accompany a stamp (``needs_anchor``) go only when a stamp line stands next to them.
Each removed stamp marks a page boundary when the input has no form feeds.
"""

from __future__ import annotations

import re

from cleanup.document import Document, Line
from cleanup.layout import SENTENCE_END
from cleanup.report import Changes
from cleanup.rules import Rule, RuleSet
from cleanup.textscan import LineIndex

STAGE = "watermarks"
COVER_SCAN_LINES = 120  # a cover page is short; never look for one deep in a document
ANCHOR_DISTANCE = 2     # non-blank lines between an anchored line and its stamp


def _next_nonblank(lines: list[Line], i: int, step: int = 1) -> int | None:
    j = i + step
    while 0 <= j < len(lines):
        if not lines[j].blank:
            return j
        j += step
    return None


def find_stamps(lines: list[Line], rules: list[Rule]) -> dict[int, Rule]:
    """Map line index -> the rule that removes it, for every stamp line."""
    index = LineIndex([line.text for line in lines])
    found: dict[int, Rule] = {}
    anchored: dict[int, Rule] = {}
    for rule in rules:
        assert rule.pattern is not None
        for i in index.whole_lines(rule.pattern):
            if i in found or i in anchored:
                continue
            if rule.next_pattern is not None:
                j = _next_nonblank(lines, i)
                if j is None or not rule.next_pattern.fullmatch(lines[j].text.strip()):
                    continue
                found[j] = rule
            (anchored if rule.options.get("needs_anchor") else found)[i] = rule
    for i, rule in anchored.items():
        for step in (-1, 1):
            j, hops = i, 0
            while hops < ANCHOR_DISTANCE:
                nj = _next_nonblank(lines, j, step)
                if nj is None:
                    break
                j, hops = nj, hops + 1
                if j in found:
                    found[i] = rule
                    break
            if i in found:
                break
    return found


_URL_END = re.compile(r"https?://\S+\s*$")
_GOES_ON = re.compile(r"[a-z(]|https?://|www\.")


def find_cover(lines: list[Line], rules: list[Rule], first_stamp: int | None) -> \
        tuple[Rule, int] | None:
    """The cover page as (rule, index of its last line), when enough of a rule's markers occur
    at the start of the document."""
    limit = min(len(lines), COVER_SCAN_LINES)
    if first_stamp is not None:
        limit = min(limit, first_stamp)
    for line in lines[:limit]:
        if line.page > 0:
            limit = min(limit, lines.index(line))
            break
    for rule in rules:
        hit_markers: set[int] = set()
        last = -1
        for i in range(limit):
            text = lines[i].text.strip()
            for k, marker in enumerate(rule.markers):
                if marker.search(text):
                    hit_markers.add(k)
                    last = i
        if len(hit_markers) >= int(rule.options.get("min_markers", 3)):
            # The cover runs on through the wrapped lines of its last notice, up to the end of
            # that notice's sentence: lines that go on with it (in lower case, or its address),
            # not the article's title that follows an address with no full stop.
            while (last + 1 < limit and not lines[last + 1].blank
                   and not SENTENCE_END.search(lines[last].text.rstrip())
                   and not _URL_END.search(lines[last].text)
                   and _GOES_ON.match(lines[last + 1].text.lstrip())):
                last += 1
            return rule, last
    return None


def run(doc: Document, rules: RuleSet) -> tuple[Document, Changes]:
    """Remove stamp lines and the cover page; mark the page boundaries the stamps show."""
    changes = Changes()
    lines = doc.lines
    stamps = find_stamps(lines, rules.for_stage(STAGE, "drop"))
    first_stamp = min(stamps) if stamps else None
    cover = find_cover(lines, rules.for_stage(STAGE, "drop_cover"), first_stamp)

    drop: set[int] = set()
    if cover is not None:
        rule, last = cover
        idx = [i for i in range(last + 1) if not lines[i].blank]
        drop.update(range(last + 1))
        changes.edit(STAGE, rule.id, "drop_cover", tuple(lines[i].no for i in idx),
                     "\n".join(lines[i].text for i in idx), reason="cover page")
        doc.learned["cover_lines"] = len(idx)
    # One edit per stamp: a stamp's lines that follow each other (blank lines between allowed).
    group: list[int] = []
    for i in sorted(stamps):
        if i in drop:
            continue
        if group and (stamps[group[-1]].id != stamps[i].id or
                      any(not lines[k].blank for k in range(group[-1] + 1, i))):
            _record_stamp(changes, lines, group, stamps)
            group = []
        group.append(i)
        drop.add(i)
    if group:
        _record_stamp(changes, lines, group, stamps)

    if drop:
        if not doc.has_form_feeds:
            _mark_page_breaks(lines, drop)
        doc.lines = [line for i, line in enumerate(lines) if i not in drop]
    return doc, changes


def _record_stamp(changes: Changes, lines: list[Line], group: list[int],
                  stamps: dict[int, Rule]) -> None:
    """One edit for a group of stamp lines, all removed by the same rule."""
    changes.edit(STAGE, stamps[group[0]].id, "drop", tuple(lines[i].no for i in group),
                 "\n".join(lines[i].text for i in group))


def _mark_page_breaks(lines: list[Line], drop: set[int]) -> None:
    """The first content line after each run of removed lines starts a new page."""
    pending = False
    for i, line in enumerate(lines):
        if i in drop:
            pending = True
        elif pending and not line.blank:
            line.tag("page_break")
            pending = False
