"""Rejoin wrapped lines into paragraphs and set the footnote blocks after the body.

Blank lines are evidence, not verdicts: extraction leaves blank lines where it lost text, so a
blank line ends a paragraph only when the line before it ends a sentence and the line after it
starts one. Other evidence: a first-line indent (in layouts that indent paragraphs), two
trailing spaces (in layouts whose paragraph ends carry them), a short last line, headings.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cleanup import layout
from cleanup.document import Document, Line, Note, Paragraph
from cleanup.report import Changes
from cleanup.rules import Rule, RuleSet
from cleanup.stages.footnotes import ATTACH_TAG, LOST_START_TAG
from cleanup.structure import folios, geometry
from cleanup.textscan import LineIndex

STAGE = "paragraphs"
SHORT_LINE = 0.75        # of the measure: a sentence-ending line this short ends its paragraph
DEFAULT_MAX_WORDS = 12
DEFAULT_MAX_SHARE = 0.7
MAX_TITLE_WORD = 30       # longer is words run together ("Permissionisgrantedtomake...")
# Headings rarely end on a function word; a line cut short by extraction often does.
STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "had", "has", "have",
    "in", "into", "is", "it", "its", "nor", "of", "on", "or", "than", "that", "the", "their",
    "this", "to", "was", "were", "which", "who", "will", "with",
})
_FIRST_ALPHA = re.compile(r"[^\W\d_]")
_LEADER_RUN = re.compile(r"\s*(?:\.\s?){4,}")  # a contents or index line's dot leaders


@dataclass(slots=True)
class Conventions:
    """What this document's layout uses to mark paragraphs."""

    measure: int
    two_space_ends: bool
    indented: bool
    one_per_line: bool  # each paragraph already on one line (text cleaned before, Markdown)


def _conventions(body: list[Line], in_body: list[bool], ends: dict[Line, bool]) -> Conventions:
    """The document's conventions, from its body lines with text (``body``), which of all its
    lines those are (``in_body``) and whether each ends a sentence (``ends``)."""
    lengths = sorted(len(line.text.strip()) for line in body)
    measure = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 80
    # (Two trailing spaces exactly: the raw line ends in two and not three.)
    two = sum(1 for line in body if line.raw.endswith("  ") and not line.raw.endswith("   ")
              and layout.SENTENCE_END.search(line.text))
    indented = sum(1 for line in body if 2 <= line.indent <= 8)
    adjacent = sum(a and b for a, b in itertools.pairwise(in_body))
    # Text cleaned before has one paragraph per line, most of them finished sentences; a
    # double-spaced extraction also has a blank after every line, but its lines break mid-sentence.
    finished = sum(ends.values())
    one_per_line = len(body) >= 5 and adjacent <= 0.02 * len(body) and finished >= len(body) / 2
    return Conventions(max(measure, 20), two >= 3, indented >= max(3, 0.04 * len(body)),
                       one_per_line)


_BARE_NUMBER = re.compile(r"\d{1,3}")
_MARKER_ONLY = re.compile(r"(?:\[\^[^\]\s]+\])+")
_NOTE_DEFINITION = re.compile(r"\[\^[^\]\s]+\]: ")
_MARKER_THEN_LOWER = re.compile(r"(?:\d{1,3}|\[\^[^\]\s]+\])\s+[a-z]")


def _starts_sentence(text: str) -> bool:
    t = text.lstrip()
    if not t:
        return False
    if _MARKER_THEN_LOWER.match(t):  # "20 then, as now": a detached marker, mid-sentence
        return False
    if t[0].isdigit() or t[0] in "\"'“‘([":
        return True
    m = _FIRST_ALPHA.search(t)
    return bool(m) and m.start() == 0 and t[0].isupper()


def _ends_sentence(text: str) -> bool:
    return bool(layout.SENTENCE_END.search(text.rstrip()))


class Headings:
    """Decides which body lines are headings, by rule patterns and by shape."""

    def __init__(self, rules: RuleSet, conv: Conventions, lines: list[Line], blank: list[bool],
                 ends: dict[Line, bool]) -> None:
        # Whether each line is blank, and whether each body line with text ends a sentence
        # (asked of most lines several times: worked out once, by run).
        self.blank = blank
        self.ends = ends
        self.patterns = rules.for_stage(STAGE, "heading")
        shape = rules.for_stage(STAGE, "heading_shape")
        geo = rules.for_stage(STAGE, "geometry_heading")
        contents = rules.for_stage(STAGE, "contents_heading")
        chapter = rules.for_stage(STAGE, "chapter_heading")
        sequence = rules.for_stage("furniture", "page_sequence")
        self.geo_rule: Rule | None = geo[0] if geo else None
        self.shape: Rule | None = shape[0] if shape else None
        self.conv = conv
        # One scan per pattern over the whole text finds the lines each heading rule matches.
        self.index = LineIndex([line.text for line in lines])
        self.by_pattern: dict[int, Rule] = {}
        for rule in reversed(self.patterns):
            assert rule.pattern is not None
            self.by_pattern.update(dict.fromkeys(self.index.whole_lines(rule.pattern), rule))
        self.contents_rule: Rule | None = contents[0] if contents else None
        self.contents = _contents_titles(lines, self.contents_rule) \
            if self.contents_rule is not None else {}
        self.chapter_rule: Rule | None = chapter[0] if chapter and sequence else None
        self.chapters: set[int] = set()
        if self.chapter_rule is not None:
            self.chapters = _chapter_headings(lines, sequence[0], self.chapter_rule, conv)

    def match(self, lines: list[Line], i: int, after_heading: bool = False) -> Rule | None:
        line = lines[i]
        text = line.text.strip()
        if not text or len(text) > self.conv.measure or text[-1] in ",;-" \
                or line.has(layout.NOTE_START_TAG):
            return None
        rule = self.by_pattern.get(i)
        if rule is not None:
            return rule
        if i in self.chapters:
            return self.chapter_rule
        if self.contents and folios.words_key(text) in self.contents:
            return self.contents_rule  # the document's contents list it as a heading
        if line.geo is not None:  # the page shows what a heading is: size and weight
            return self.geo_rule if line.has(geometry.HEADING_TAG) else None
        if self.shape is not None and self._shaped(lines, i, text, after_heading):
            return self.shape
        return None

    def title_block(self, lines: list[Line]) -> list[list[int]]:
        """The title block that opens a document: title (maybe wrapped), authors, affiliation,
        place and date, each a paragraph of its own; title-case lines that are not sentences,
        set off by blank lines or short. Returns groups of line indexes, one per paragraph."""
        if self.shape is None:
            return []
        blank = self.blank
        content = [i for i, ln in enumerate(lines) if ln.zone == "body" and not blank[i]]
        groups: list[list[int]] = []
        k = 0
        while k < len(content):
            i = content[k]
            if not groups and lines[i].text.strip().isdigit():
                # A number over the title (ACM's article number "111", a first page's folio
                # left in the text) stands apart; the title block starts under it.
                groups.append([i])
                k += 1
                continue
            if not self._title_like(lines[i].text):
                break
            group = [i]
            nxt = content[k + 1] if k + 1 < len(content) else None
            # (Not an author line under another: "LARS THORVALD, The Thorvald Group, Iceland".)
            if (nxt == i + 1 and self._long(lines[i].text) and self._title_like(lines[nxt].text)
                    and not self._long(lines[nxt].text) and "," not in lines[nxt].text):
                group.append(nxt)  # a title wrapped over two lines
                k += 1
                nxt = content[k + 1] if k + 1 < len(content) else None
            last = group[-1]
            # (A long line in capitals is the block's too: "BEN TROVATO and G.K.M. TOBIN,
            # Institute for Clarity in Documentation, USA", no paragraph's first line.)
            if nxt is not None and nxt == last + 1 and self._long(lines[nxt].text) \
                    and not self._title_like(lines[nxt].text):
                if self._long(lines[last].text):
                    break  # a paragraph starts right under it: this was its first line
                groups.append(group)  # a short heading ("Summary") right above the text
                break
            groups.append(group)
            k += 1
        return groups

    def _long(self, text: str) -> bool:
        return len(text.strip()) >= DEFAULT_MAX_SHARE * self.conv.measure

    def _title_like(self, text: str) -> bool:
        text = text.strip()
        if not text or text[-1] in ".,;" or len(text) > 1.15 * self.conv.measure \
                or _LEADER_RUN.search(text):
            return False  # (a contents entry's dot leaders: a listing, not the title block)
        content = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) > 3]
        capitals = sum(1 for w in content if w[0].isupper())
        # (A sentence whose spaces the extractor lost is one long "word": no title.)
        return bool(content) and capitals >= 0.6 * len(content) \
            and max(map(len, content)) <= MAX_TITLE_WORD

    def _shaped(self, lines: list[Line], i: int, text: str, after_heading: bool) -> bool:
        assert self.shape is not None
        max_words = int(self.shape.options.get("max_words", DEFAULT_MAX_WORDS))
        max_share = float(self.shape.options.get("max_share", DEFAULT_MAX_SHARE))
        if len(text) > max_share * self.conv.measure:
            return False
        # A heading stands apart: most lines have a neighbour on their page, and are done here
        # before the tests of their words.
        blank = self.blank
        if i > 0 and not blank[i - 1] and lines[i - 1].page == lines[i].page:
            return False
        if i + 1 < len(lines) and not blank[i + 1]:
            return False
        words = text.split()
        if (len(words) > max_words
                or not _starts_sentence(text) or text[0].isdigit()
                or text[-1] in ".:" or words[-1].casefold() in STOPWORDS
                or not _FIRST_ALPHA.search(text)):
            return False
        prev = _neighbour(lines, i, -1, blank)
        nxt = _neighbour(lines, i, 1, blank)
        if prev is not None and not after_heading and not self.ends[prev]:
            return False
        return nxt is None or (_starts_sentence(nxt.text) and not nxt.has(ATTACH_TAG))


def _chapter_headings(lines: list[Line], sequence: Rule, rule: Rule,
                      conv: Conventions) -> set[int]:
    """A chapter's opening ('Chapter 9', 'Parte I'; the words are the page sequence rule's) and
    the title set on the line under it ('Configuring the Clock'): each a heading. pypdf sets
    no blank line around them, so without this they run into the paragraphs on either side
    ('... the requirements. Chapter 2 Managing a Machine as a Whole Most Linux ...'). A title
    is short, opens with a capital and does not end as a sentence or a clause does."""
    max_share = float(rule.options.get("max_share", DEFAULT_MAX_SHARE))
    found: set[int] = set()
    for i in layout.chapter_openings(lines, sequence):
        found.add(i)
        j = next((k for k in range(i + 1, min(i + 3, len(lines))) if not lines[k].blank), None)
        if j is None or lines[j].zone != "body":
            continue
        text = lines[j].text.strip()
        if text[:1].isupper() and len(text) <= max_share * conv.measure \
                and text[-1] not in ".,;:-" and not lines[j].has(ATTACH_TAG):
            found.add(j)
    return found


_ENDS_IN_PAGE = re.compile(r"\S.*\s(?:\d{1,4}|[ivxlc]{1,7})")
# A contents entry: its title, dot leaders, its page ("2.3 Legal Liability . . . . . 17").
# (Found in two linear steps: one pattern with both would backtrack on a long line.)
_PAGE_AT_END = re.compile(r"\s*(?:[ivxlc]{1,7}|\d{1,4})")


def _contents_titles(lines: list[Line], rule: Rule) -> dict[str, str]:
    """The titles a document's contents list (entries with dot leaders and a page number),
    as :func:`folios.words_key` keys: a body line that reads as one of them is that heading,
    its own paragraph, however the extraction set it (pypdf writes no blank line around it).
    Titles of ``min_words`` to ``max_words`` words; a one-word title ("Introduction") is
    also a word of running text."""
    least = int(rule.options.get("min_words", 2))
    most = int(rule.options.get("max_words", DEFAULT_MAX_WORDS))
    out: dict[str, str] = {}
    for line in lines:
        text = line.text.strip()
        m = _LEADER_RUN.search(text) if ". ." in text or "...." in text else None
        if m and _PAGE_AT_END.fullmatch(text, m.end()):
            key = folios.words_key(text[:m.start()])
            if least <= len(key.split()) <= most:
                out[key] = text[:m.start()]
    return out


def _listing_neighbours(lines: list[Line], own: dict[int, Rule]) -> None:
    """Add to ``own`` the lines of a listing that have no dot leaders: a chapter's entry
    ("2 Die Hauptklassen tudscrbook 14") between entries that have them ends in its page
    number too. Taken outwards from the entries, line by line, while lines end so."""
    work = list(own)
    while work:
        i = work.pop()
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and lines[j].blank:
                j += step
            if 0 <= j < len(lines) and j not in own and lines[j].zone == "body" \
                    and _ENDS_IN_PAGE.fullmatch(lines[j].text.strip()):
                own[j] = own[i]
                work.append(j)


def _neighbour(lines: list[Line], i: int, step: int, blank: list[bool]) -> Line | None:
    j = i + step
    while 0 <= j < len(lines):
        if not blank[j] and lines[j].zone == "body":
            return lines[j]
        j += step
    return None


def _breaks(a: Line, b: Line, blank_between: bool, conv: Conventions,
            ends: dict[Line, bool]) -> bool:
    """Whether body line ``b`` starts a new paragraph after body line ``a`` (``ends``: whether
    each body line ends a sentence)."""
    if a.geo is not None and b.geo is not None:
        return b.has(geometry.PARA_TAG)  # indented, or set off by white space, on the page
    if conv.one_per_line or (conv.indented and 2 <= b.indent <= 12):
        return True
    if _BARE_NUMBER.fullmatch(b.text.strip()):
        return False  # a footnote marker left alone on its line belongs to the text before it
    if blank_between and _NOTE_DEFINITION.match(b.text):
        return True  # a note as this tool writes it ("[^3]: ..."): cleaning again keeps it
    if not ends[a] or not _starts_sentence(b.text):
        return False
    if conv.two_space_ends and a.trailing_spaces == 2:
        return True
    if blank_between and a.page == b.page:
        return True
    return len(a.text.strip()) < SHORT_LINE * conv.measure


def _why_continued(a: Line, b: Line, blank_between: bool) -> str:
    across = "a blank line" if blank_between and a.page == b.page else "a page break"
    if b.has(ATTACH_TAG):
        return f"across {across}: a footnote marker belongs to the text before it"
    if not _ends_sentence(a.text):
        return f"across {across}: the sentence before it does not end"
    if not _starts_sentence(b.text):
        return f"across {across}: the line goes on in lower case"
    return f"across {across}: the line before is full, its sentence may go on"


def join(parts: list[tuple[Line, bool]]) -> str:
    """Join a paragraph's lines; ``bool`` says whether a gap (blank or page) preceded a line."""
    return _join([line for line, _ in parts], [gap for _, gap in parts])


def join_prefixes(parts: list[tuple[Line, bool]], ends: Iterable[int]) -> dict[int, str]:
    """``join(parts[:k])`` for each k in ``ends`` (0 < k <= len(parts)), in one pass over
    the lines instead of one join per k (a long paragraph spans many pages)."""
    prefixes = dict.fromkeys(ends, "")
    whole = _join([line for line, _ in parts], [gap for _, gap in parts], prefixes)
    if len(parts) in prefixes:
        prefixes[len(parts)] = whole
    return prefixes


def _join(lines: list[Line], gaps: list[bool], prefixes: dict[int, str] | None = None) -> str:
    """:func:`join` of the lines ``lines`` with their ``gaps``; into ``prefixes``, if given,
    for each of its keys k, the join of the first k lines (filled in the same pass)."""
    if len(lines) == 1 and not prefixes:  # (a heading, a listing entry: nothing to join)
        return lines[0].text.strip()
    out: list[str] = []
    prev: Line | None = None
    for k, (line, gap) in enumerate(zip(lines, gaps, strict=True)):
        if prefixes is not None and k in prefixes:
            prefixes[k] = "".join(out)
        text = line.text.strip()
        if prev is not None and out:
            last = out[-1]
            how = prev.join
            if how == "join" or (how is None and last.endswith("\u00ad")
                                 and len(last) > 1 and last[-2].isalpha()):
                out[-1] = last[:-1]  # the line-end hyphen goes, the word is whole again
            elif not (how == "keep" or (line.tags is not None and ATTACH_TAG in line.tags) or (
                    how is None and last.endswith("-") and not gap
                    and len(last) > 1 and last[-2].isalnum())):
                out.append(" ")
        out.append(text)
        prev = line
    return "".join(out)


def run(doc: Document, rules: RuleSet) -> tuple[Document, Changes]:
    """Group body lines into paragraphs and footnote lines into notes set after the body."""
    changes = Changes()
    lines = doc.lines
    # (Each line's blankness and each body line's sentence end, once: the tests below ask them
    # of most lines several times.)
    blank = [not text or text.isspace() for text in [line.text for line in lines]]
    in_body = [line.zone == "body" and not b for line, b in zip(lines, blank, strict=True)]
    body = list(itertools.compress(lines, in_body))
    ends = {line: _ends_sentence(line.text) for line in body}
    conv = _conventions(body, in_body, ends)
    headings = Headings(rules, conv, lines, blank, ends)
    paragraphs: list[Paragraph] = []
    # The paragraph being built: its lines, and whether a gap came before each.
    current: list[Line] = []
    current_gaps: list[bool] = []
    prev: Line | None = None
    anchor: Line | None = None
    blank_between = False
    empty_between = False  # an empty page stands between: text never runs across one
    prev_heading = False
    # The document's opening lines: title, authors, series, place and date.
    title = {i: (g[0], g[-1]) for g in headings.title_block(lines) for i in g}
    # Lines that are entries of a listing (a contents or index line with its dot leaders and
    # page numbers): each stays a line of its own, neither joined nor joined to.
    own = {i: rule for rule in reversed(rules.for_stage(STAGE, "own_line"))
           if rule.pattern is not None for i in headings.index.whole_lines(rule.pattern)}
    _listing_neighbours(lines, own)
    bridges = rules.for_stage(STAGE, "continue_across")
    bridge = bridges[0] if bridges else None

    def flush(kind: str = "text") -> None:
        nonlocal current, current_gaps
        if current:
            paragraphs.append(Paragraph(kind, current, _join(current, current_gaps),  # type: ignore[arg-type]
                                        current_gaps))
            current, current_gaps = [], []

    def alone(line: Line, kind: str = "text") -> None:
        """``line`` as a paragraph of its own."""
        flush()
        paragraphs.append(Paragraph(kind, [line], line.text.strip(), [False]))  # type: ignore[arg-type]

    for i, line in enumerate(lines):
        if line.zone != "body":
            continue
        if blank[i]:
            blank_between = prev is not None
            empty_between = empty_between or line.has(layout.EMPTY_PAGE_TAG)
            continue
        across_empty, empty_between = empty_between, False
        gap = blank_between or (prev is not None and prev.page != line.page)
        if i in title:
            first, last = title[i]
            if i == first:
                flush()
            current.append(line)
            current_gaps.append(False)
            if i == last:
                assert headings.shape is not None
                flush("heading")
                named = headings.by_pattern.get(first) or headings.shape
                changes.edit(STAGE, named.id, "heading", tuple(
                    ln.no for ln in paragraphs[-1].lines), line.text, paragraphs[-1].text,
                    reason="title block: its own paragraph")
            prev, prev_heading, blank_between, anchor = line, i == last, False, line
            continue
        if i in own:
            alone(line)
            changes.edit(STAGE, own[i].id, "own_line", line.no, line.text, line.text.strip(),
                         reason="listing entry kept as its own line")
            prev, prev_heading, blank_between, anchor = line, True, False, line
            continue
        heading = headings.match(lines, i, prev_heading)
        if heading is not None:
            alone(line, "heading")
            changes.edit(STAGE, heading.id, "heading", line.no, line.text, line.text.strip(),
                         reason="heading kept as its own paragraph",
                         evidence=("geometry" if heading is headings.geo_rule else "text")
                         if line.geo is not None else "")
        elif prev is None or across_empty or (not line.has(ATTACH_TAG) and (
                prev_heading or _breaks(anchor or prev, line, blank_between, conv, ends))):
            flush()
            current.append(line)
            current_gaps.append(False)
        else:
            current.append(line)
            current_gaps.append(gap)
            if gap and bridge is not None and prev is not None:
                changes.edit(STAGE, bridge.id, "continue", (prev.no, line.no),
                             f"{prev.text.strip()} | {line.text.strip()}", "",
                             reason=_why_continued(anchor or prev, line, blank_between))
        # A lone footnote marker is read through: the break after it is judged from the text
        # it follows.
        if not _BARE_NUMBER.fullmatch(line.text.strip()) and not _MARKER_ONLY.fullmatch(
                line.text.strip()):
            anchor = line
        prev, prev_heading, blank_between = line, heading is not None, False
    flush()
    notes = _notes(doc, changes, bridge)
    if doc.options.get("footnotes") == "inline" and doc.notes is not None:
        paragraphs = _inline(paragraphs, notes, lines)
    else:
        paragraphs.extend(notes)
    doc.paragraphs = paragraphs
    doc.learned["measure"] = conv.measure
    return doc, changes


def _notes(doc: Document, changes: Changes, bridge: Rule | None) -> list[Paragraph]:
    """The footnotes as paragraphs: ``[^N]: body`` when the footnotes stage linked them, else
    one paragraph per footnote as found; and the edits that move (or drop) the blocks."""
    lines = doc.lines
    index = {ln.no: i for i, ln in enumerate(lines)}
    _record_blocks(lines, changes, moved=doc.options.get("footnotes") != "strip")
    if doc.notes is not None:
        ordered = sorted(doc.notes, key=_note_order)
        out = []
        for n in ordered:
            parts = _parts(n.lines, index)
            if bridge is not None:
                for (a, _), (b, gap) in itertools.pairwise(parts):
                    if gap:
                        across = "a page break" if a.page != b.page else "a blank line"
                        changes.edit(STAGE, bridge.id, "continue", (a.no, b.no),
                                     f"{a.text.strip()} | {b.text.strip()}", "",
                                     reason=f"across {across}: footnote {n.label or ''} "
                                            "goes on to its next line")
            out.append(Paragraph("note", n.lines, _note_paragraph(n.label, parts),
                                 [gap for _, gap in parts], n.label))
        return out
    grouped: list[list[Line]] = []
    for line in lines:
        if line.zone != "notes" or line.blank or _separator_rule(line):
            continue
        if line.has(layout.NOTE_START_TAG) or not grouped:
            grouped.append([line])
        else:
            grouped[-1].append(line)
    return [Paragraph("note", g, join(parts), [gap for _, gap in parts])
            for g in grouped for parts in [_parts(g, index)]]


def render(para: Paragraph) -> str:
    """A paragraph's text from its lines as they are now (after a later stage changed them)."""
    parts = list(zip(para.lines, para.gaps or [False] * len(para.lines), strict=False))
    return _note_paragraph(para.label, parts) if para.label else join(parts)


def _note_order(note: Note) -> tuple[int, float]:
    segment = note.label.rpartition(".")[0]
    return (int(segment) if segment.isdigit() else 0,
            note.number if note.number is not None else float("inf"))


def _note_paragraph(label: str, parts: list[tuple[Line, bool]]) -> str:
    text = join(parts)
    if not label:
        return text
    if parts and parts[0][0].has(LOST_START_TAG):  # its number was lost with its first line
        return f"[^{label}]: {text}"
    body = text.split(None, 1)[1] if " " in text else ""
    return f"[^{label}]: {body}"


def _parts(group: list[Line], index: dict[int, int]) -> list[tuple[Line, bool]]:
    """Lines with, for each, whether a blank line or a page break came before it."""
    parts: list[tuple[Line, bool]] = []
    for k, line in enumerate(group):
        prev = group[k - 1] if k else None
        gap = prev is not None and (prev.page != line.page or index[line.no] != index[prev.no] + 1)
        parts.append((line, gap))
    return parts


def _separator_rule(line: Line) -> str | None:
    sep = next((t for t in line.tags or () if t.startswith(layout.SEPARATOR_TAG)), None)
    return sep[len(layout.SEPARATOR_TAG):] if sep is not None else None


def _record_blocks(lines: list[Line], changes: Changes, moved: bool) -> None:
    """One edit per footnote block (moved after the body) and per separator line removed."""
    block: list[Line] = []
    block_rule = ""

    def record() -> None:
        if block and moved:
            changes.edit(STAGE, block_rule, "move", tuple(ln.no for ln in block),
                         "\n".join(ln.text for ln in block),
                         reason="footnote block set after the body (page structure)")
        block.clear()

    for line in lines:
        if line.zone != "notes" or (line.blank and not _separator_rule(line)):
            continue
        rule = _separator_rule(line)
        if rule is not None:
            record()
            block_rule = rule
            if not line.blank:
                changes.edit(STAGE, rule, "drop", line.no, line.text, reason="footnote separator")
            continue
        opened = next((t for t in line.tags or () if t.startswith(layout.BLOCK_TAG)), None)
        if opened is not None:
            record()
            block_rule = opened[len(layout.BLOCK_TAG):]
        block.append(line)
    record()


def _inline(body: list[Paragraph], notes: list[Paragraph], lines: list[Line]) -> list[Paragraph]:
    """--footnotes=inline: each note after the body paragraph its page's text ended in."""
    index = {ln.no: i for i, ln in enumerate(lines)}
    out: list[Paragraph] = []
    pending = sorted(notes, key=lambda p: index[p.lines[0].no])
    for para in body:
        out.append(para)
        last = max(index[ln.no] for ln in para.lines)
        while pending and index[pending[0].lines[0].no] < last:
            out.append(pending.pop(0))
    return out + pending
