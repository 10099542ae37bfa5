"""Reconnect footnote reference numbers with their footnote bodies.

Extraction leaves reference numbers glued to words ("territories.2 The"), alone on a line
("12"), at the start of a line whose beginning was lost ("25 Baradar"), or spaced inside a line
("which it in 67 Yet"), among numbers that are no markers at all ("1947,", "12 September 2020",
"$1.4 billion", "the 1 May"). Local patterns find candidates; a global decision picks the
markers: reference numbers run 1, 2, 3 ... through the body, each on the page whose footnote
block holds its body, so the candidates are aligned with the footnote numbers by dynamic
programming (a weighted increasing chain, with a cost for every number skipped and a bonus
for page agreement). "47 A former senior ..." in the body is thereby marker 47, not a body.

Markers become ``[^N]`` right after the character they followed (attached to the preceding
body text when what they followed was lost); bodies become ``[^N]: body`` notes after the body
(the paragraphs stage writes them). Markers without bodies and bodies without markers are
flagged ``footnote_unmatched_marker`` / ``footnote_unmatched_body``.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

from cleanup import layout
from cleanup.document import Document, Line, Note
from cleanup.report import Changes
from cleanup.rules import Rule, RuleSet
from cleanup.textscan import lines_with

STAGE = "footnotes"
ATTACH_TAG = "attach"  # the paragraphs stage glues this line to the text before it, no space
MODES = ("link", "strip", "inline")
# The reason of an edit that drops a note because the user asked (--footnotes strip): the
# pipeline's removal guard does not count what was asked for.
STRIP_REASON = "--footnotes=strip"
# On a note's first surviving line when the line with its number was lost: no label to strip.
LOST_START_TAG = "note_lost_start"

_P = r"[.,;:!?)\]”’\"']"
_C = r"[.,;:!?)\]”’\"'/]"  # what a marker may follow when it follows a closing run
_END = r"(?=[\s\"”’)\]]|$)"
# (kind, pattern): group 1 is the number. Fixed-width look-behinds keep these C-speed scans.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # (A word may end in a trademark sign: "Windows™.62 The".)
    ("glued", re.compile(rf"(?:(?<=[^\W\d_]{_P})|(?<=[^\W\d_]{_P}{_P})|(?<=[™®]{_P}))"
                         rf"(\d{{1,3}})" + _END)),
    ("year", re.compile(rf"(?<=\b[12]\d\d\d{_P})(\d{{1,3}})(?=\s|$)")),
    # A closing run after a word ("HARDDISK”).1", "/home/).29", "etc.),75").
    ("closing", re.compile(rf"(?<=[^\s\d]{_C}{_C})(\d{{1,3}})" + _END)),
    ("letter", re.compile(r"(?<=[a-z]{3})(\d{1,3})(?=[\s.,;:]|$)")),
    # Glued to a short or capitalised word ("is2", "a7", "GNU13"): also how "x86" and "IPv6"
    # look, so it is worth least, and the alignment decides.
    ("word", re.compile(r"(?<=[^\W\d_])(\d{1,3})(?=[\s.,;:)]|$)")),
    # After a number and punctuation ("April 06.4", "(chapters 8 to 10)46"), as a version or
    # a decimal looks ("2.6"), so it is worth least; never a thousands group ("12,000").
    # "(January 1994):15", "(i386).46": after a closing run too.
    ("number", re.compile(rf"(?:(?<=\d{_P})|(?<=\d{_P}{_P}))(?<!\d,(?=\d{{3}}\b))(\d{{1,3}})"
                          + _END)),
    ("alone", re.compile(r"^\s*(\d{1,3})\s*$")),
    # What follows may be a word, a bracket, a quote, an arrow or another number ("85 2017.").
    ("line_start", re.compile(r"^\s*(\d{1,3})\s+(?=[^\s%.,:;])")),
    ("inline", re.compile(r"(?<=[^\W\d_] )(\d{1,3})(?=\s+[A-Z]|\s*$)")),
    # A space after a word's closing marks, as LibreOffice's PDFs read in pdftotext
    # ("survival. 3 It"): also how a list or a sum reads ("Brussels, 2 Rue"), so it is worth
    # least, and the alignment decides.
    # (After a number's closing quote and a point too: 'renamed to “Debian 1.1”. 83 The'.)
    # Two notes on one spot are two such numbers, a space between ("exists. 4 5", FOP).
    ("spaced", re.compile(rf"(?:(?<=[^\W\d_]{_C} )|(?<=[^\W_]{_C}{_C} )"
                          rf"|(?<=[^\W\d_]{_C} \d )|(?<=[^\W\d_]{_C} \d\d ))(\d{{1,3}})"
                          rf"(?=(?:\s+\d{{1,3}})?(?:\s+[A-Z“\"]|\s*$))")),
    # The same before a lower-case word, mid-sentence ("compile all packages, 54 adapting"):
    # how any count reads ("the 9 points"), so it is worth least of all; the note numbered
    # so, on the same page, in order among the others, is what links it.
    ("spaced_lower", re.compile(rf"(?<=[^\W\d_]{_C} )(\d{{1,3}})(?=\s+[a-z])")),
    # And between two words, no mark before it, as pdftotext reads LibreOffice's raised
    # numbers ("an active contributor until 2 his passing"): worth least of all.
    ("spaced_word", re.compile(r"(?<=[^\W\d_]{2} )(\d{1,3})(?=\s+[a-z])")),
]
# The patterns anchored at the line's start; every other one matches a whole run of one to
# three digits (its look-behinds end on no digit, its look-aheads start on none), from the
# run's start: only there need it be tried.
_ANCHORED = {"alone", "line_start"}
_RUN = re.compile(r"(?<!\d)\d{1,3}(?!\d)")
# The character each unanchored pattern's look-behinds end on, as a class of candidates'
# runs: " " a space, "p" one of _P, "c" one of _C, "a" a lower-case ASCII letter, "w" a
# letter (isalnum, a superset of [^\W\d_]: the pattern still decides).
_P_CHARS = frozenset(".,;:!?)]”’\"'")
_C_CHARS = _P_CHARS | {"/"}
_BEFORE = {"glued": "p", "year": "p", "closing": "c", "letter": "a", "word": "w",
           "number": "p", "inline": " ", "spaced": " ", "spaced_lower": " ",
           "spaced_word": " "}
# A space before the marker, which linking removes.
SPACED_KINDS = {"inline", "spaced", "spaced_lower", "spaced_word"}
GLUED_KINDS = {"glued", "year", "closing", "letter", "word", "number"}
DEFAULT_SCORES = {"raised": 4.0,  # raised on the page (geometry): the best evidence
                  "glued": 3.0, "year": 2.5, "closing": 2.5, "alone": 2.5, "line_start": 2.0,
                  "letter": 1.5, "word": 1.0, "number": 0.5, "inline": 1.0, "spaced": 0.5,
                  "spaced_lower": 0.25, "spaced_word": 0.1}
DEFAULT_GAP_PENALTY = 1.5
SAME_PAGE, NEXT_PAGE, FAR_PAGE, NO_BODY = 2.0, 0.5, -1.5, -1.0
_DIGIT = re.compile(r"\d")
_NEXT_WORD = re.compile(r"\s*([^\W\d_][\w.]*)")
_PREV_WORD = re.compile(r"([^\W\d_][\w.°]*)\s*$")


@dataclass(slots=True)
class Candidate:
    """A number in a body line that may be a reference marker."""

    index: int      # line index in the document
    start: int      # span of the number in the line's text
    end: int
    value: int
    kind: str
    score: float = 0.0


class MarkerStyle:
    """The marker rule in force: which kinds of candidate count, and the words that rule a
    number out (months and units after it, 'Section' or 'N°' before it)."""

    def __init__(self, rule: Rule) -> None:
        opts = rule.options
        self.rule = rule
        self.kinds = set(opts.get("styles", list(DEFAULT_SCORES)))
        self.scores = {**DEFAULT_SCORES, **opts.get("scores", {})}
        self.gap_penalty = float(opts.get("gap_penalty", DEFAULT_GAP_PENALTY))
        self.not_before = {str(w).casefold() for w in opts.get("not_before", [])}
        self.not_after = {str(w).casefold() for w in opts.get("not_after", [])}
        self.letter_words = {str(w) for w in opts.get("letter_words", [])}
        self.code_lines = rule.code_lines

    def in_code(self, text: str) -> bool:
        """Is this line code or an equation ('1 * fact(0) =>1', 'E = mc2')? Its numbers are
        its own, never markers (a digit the PDF shows raised aside)."""
        return any(p.search(text) for p in self.code_lines)

    def ruled_out(self, text: str, start: int, end: int, glued: bool) -> bool:
        nxt = _NEXT_WORD.match(text, end)
        # "12 September", "5 km": a unit after a number; a number glued to the word before it
        # ("resolutions.94 Year") is a marker whatever follows.
        if not glued and nxt and nxt.group(1).casefold().rstrip(".") in self.not_before:
            return True
        prev = _PREV_WORD.search(text, 0, start)
        if not prev:
            return False
        word = prev.group(1).casefold().rstrip(".,;:")
        if glued and len(prev.group(1)) == 1 and prev.group(1).isalpha() \
                and prev.group(1) not in self.letter_words \
                and text[prev.start(1) - 1:prev.start(1)] not in ("'", "’"):  # "don't2"
            return True  # a letter's subscript or a name's index: 'z1', 'E2', 'x3'
        # Glued to a word, only an abbreviation with its point rules a number out ("p.14",
        # "No.3"), not a word ending a sentence ("the negotiating table.66") nor a word the
        # superscript fell on ("over13", "page29").
        return word in self.not_after and (
            not glued or (len(word) <= 4 and prev.group(1).endswith((".", "°"))))


_DIGITS = re.compile(r"\d+")
_LINE_NUMBER = re.compile(r"\s*(\d{1,3})\s+\S")
# A heading's section number ("15.2.2 debian/substvars", "15.3 Source packages"): its last
# part reads like a number glued after a point, but it is never a marker.
_SECTION_NUMBER = re.compile(r"\s*\d{1,3}(?:\.\d{1,3})+\.?(?=\s)")
RUN_NEIGHBOURS = 12     # lines either side searched for the numbers next to a line's first
_CHAPTER_NUMBER = re.compile(r"\s*(\d{1,2})(?=\s+[^\W\d_])")


def _chapter_number(lines: list[Line], i: int) -> re.Match[str] | None:
    """A chapter's number before its title, where its first section follows under it ('2
    User interface' / '2.1 Package Options'): a heading's number, never a marker."""
    m = _CHAPTER_NUMBER.match(lines[i].text)
    if m is None:
        return None
    nxt = next((ln.text.lstrip() for ln in lines[i + 1:i + 3] if not ln.blank), "")
    return m if nxt.startswith(f"{m.group(1)}.1 ") or nxt.startswith(f"{m.group(1)}.1. ") \
        else None


def raised_digits(line: Line) -> list[tuple[int, int]]:
    """Spans, in the line's current text, of the digit runs its geometry shows raised.

    The geometry's offsets refer to the text as read; stages before may have changed other
    characters, so a raised run is found again as the same (n-th) run of digits."""
    g = line.geo
    if g is None or not g.raised:
        return []
    raw_runs = [m.span() for m in _DIGITS.finditer(line.raw)]
    now = [m.span() for m in _DIGITS.finditer(line.text)]
    if len(raw_runs) != len(now):
        return []
    out = []
    for k, (a, b) in enumerate(raw_runs):
        if any(s <= a and b <= e for s, e in g.raised) and (a > 0 or line.zone == "body"):
            out.append(now[k])
    return out


def candidates(lines: list[Line], style: MarkerStyle) -> list[Candidate]:
    """Every number in the body that may be a marker, in reading order."""
    found: list[Candidate] = []
    # (Only lines with a digit hold a candidate: found in one scan of the joined text.)
    for i in lines_with(_DIGIT, [line.text for line in lines]):
        line = lines[i]
        text = line.text
        if line.zone != "body" or layout.has_leaders(text) or layout.contents_entry(lines, i):
            continue  # (a contents or index line's numbers are its entries', never markers)
        taken: set[int] = set()
        section = _SECTION_NUMBER.match(text) or _chapter_number(lines, i)
        heading = section.end() if section else 0
        if line.geo is not None:
            # Raised digits the page shows are markers' best evidence; beside them only numbers
            # glued to a word can be markers (run() keeps those matching a note on the page).
            for s, e in raised_digits(line):
                taken.add(s)
                found.append(Candidate(i, s, e, int(text[s:e]), "raised"))
        runs = [m.start() for m in _RUN.finditer(text)]
        if not runs:
            continue  # no number of one to three digits: no pattern below matches
        if style.code_lines and style.in_code(text):
            continue
        # Each unanchored pattern's look-behind ends on one kind of character (a space, a
        # letter, a closing mark): a run after any other cannot match it, and is not tried.
        prev = [(at, text[at - 1]) for at in runs if at]
        before = {" ": [at for at, c in prev if c == " "],
                  "p": [at for at, c in prev if c in _P_CHARS],
                  "c": [at for at, c in prev if c in _C_CHARS],
                  "a": [at for at, c in prev if "a" <= c <= "z"],
                  "w": [at for at, c in prev if c.isalnum()]}
        for kind, pattern in PATTERNS:
            if kind not in style.kinds or (line.geo is not None and kind not in GLUED_KINDS):
                continue
            # (Tried where a run starts rather than at every place of the line: as finditer
            # would find them, in order, several times faster.)
            matches = (pattern.match(text),) if kind in _ANCHORED \
                else (pattern.match(text, at) for at in before[_BEFORE[kind]])
            for m in matches:
                if m is None:
                    continue
                s, e = m.span(1)
                if s in taken or e <= heading \
                        or style.ruled_out(text, s, e, kind in GLUED_KINDS):
                    continue
                if kind == "line_start" and not _continues_above(lines, i, text) \
                        and _in_numbered_run(lines, i, int(m.group(1))):
                    continue
                if kind == "alone" and style.code_lines and any(
                        style.in_code(lines[j].text) for j in (i - 1, i + 1)
                        if 0 <= j < len(lines)):
                    continue  # a listing's line number between its lines of code
                taken.add(s)
                found.append(Candidate(i, s, e, int(m.group(1)), kind))
    found.sort(key=lambda c: (c.index, c.start))
    return found


def _continues_above(lines: list[Line], i: int, text: str) -> bool:
    """May line ``i`` go on from the line above: not after a sentence's end that this line
    opens on a capital ("... in 2001." / "16 The second method")? (After a blank line it may:
    extraction leaves one where it lost the text before a marker.)"""
    if i == 0:
        return False
    rest = text.lstrip().lstrip("0123456789").lstrip()
    return not (rest[:1].isupper() and layout.SENTENCE_END.search(lines[i - 1].text.rstrip()))


def _in_numbered_run(lines: list[Line], i: int, n: int) -> bool:
    """Does a line near line ``i`` on its page open with ``n - 1`` or ``n + 1``? Then the
    number opening line ``i``, where the line does not go on from the one above, counts with
    it: notes (or items) the layout did not find as a block ("15 This command ..." / "16 The
    second method ..."); read as a marker whose text was lost, its note would be glued into
    the paragraph above. A marker whose text was lost, its line going on from the one above,
    stays one: "that their work has been" / "9 is shy and their work is not". (Notes the
    layout found are no such neighbours: a marker near the page's foot stands above them.)"""
    page = lines[i].page
    for k in range(max(0, i - RUN_NEIGHBOURS), min(len(lines), i + RUN_NEIGHBOURS + 1)):
        if k != i and lines[k].page == page and lines[k].zone == "body":
            m = _LINE_NUMBER.match(lines[k].text)
            if m and abs(int(m.group(1)) - n) == 1:
                return True
    return False


class _PrefixMax:
    """Fenwick tree over values: the best (score, candidate) among values <= v."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.tree: list[tuple[float, int]] = [(float("-inf"), -1)] * (size + 1)

    def update(self, v: int, item: tuple[float, int]) -> None:
        v += 1
        while v <= self.size:
            if item > self.tree[v]:
                self.tree[v] = item
            v += v & -v

    def query(self, v: int) -> tuple[float, int]:
        best = (float("-inf"), -1)
        v += 1
        while v > 0:
            if self.tree[v] > best:
                best = self.tree[v]
            v -= v & -v
        return best


def align(cands: list[Candidate], gap_penalty: float, last: int) -> list[Candidate]:
    """The chain of candidates, increasing in position and value, of greatest total score less
    ``gap_penalty`` for every number skipped (a marker lost, or a non-marker chosen) and for
    every number the chain ends short of, or runs past, ``last`` (the last footnote's number).
    """
    if not cands:
        return []
    top = max(max(c.value for c in cands), last) + 1
    best = _PrefixMax(top + 1)
    best.update(0, (0.0, -1))  # the empty chain, before number 1
    back: list[int] = []
    finals: list[float] = []
    for k, c in enumerate(cands):
        prev_score, prev = best.query(c.value - 1)
        # Scores are kept as (chain score + penalty * value), so that predecessors with
        # different values compare directly: skipping numbers is paid when the value is known.
        total = prev_score + c.score + gap_penalty
        back.append(prev)
        finals.append(total - gap_penalty * (c.value + abs(last - c.value)))
        best.update(c.value, (total, k))
    k = max(range(len(cands)), key=lambda j: finals[j])
    if finals[k] <= -gap_penalty * last:  # no better than choosing no marker at all
        return []
    chain: list[Candidate] = []
    while k != -1:
        chain.append(cands[k])
        k = back[k]
    return chain[::-1]


def build_notes(doc: Document, marked: set[tuple[int, int]] | None = None) -> list[Note]:
    """The footnotes, in order: each block's numbered (or symbol) starts with their wrapped
    lines; a block's first lines before any start continue the previous page's last note.

    A line lost whole leaves a blank line. When one sits inside a block after note N (which has
    a body: a number alone is a note whose first line was lost, "13" then its text), no
    footnote N+1 starts anywhere, and the body shows a marker N+1 on this page or the one
    before (``marked``: (page, number) of marker candidates), what follows the blank is the
    rest of N+1, whose first line (with its number) was the one lost: one loss explains that,
    where continuing N would need two (a line of N, and all of N+1)."""
    starts: dict[int, tuple[str, int | None, int]] = {}
    numbered: set[tuple[int, int]] = set()
    segment = 0
    for block in doc.note_blocks:
        if block.restart:
            segment += 1
        for n, no in block.starts:
            starts[no] = (f"{segment + 1}.{n}" if segment else str(n), n, segment)
            numbered.add((segment, n))
        for sym, no in block.symbols:
            starts[no] = (sym, None, segment)
    notes: list[Note] = []
    orphans: list[Line] = []
    segment = 0
    gap = False  # a blank line since the last note line, on the same page
    for line in doc.lines:
        if line.zone != "notes":
            continue
        if any(t.startswith(layout.SEPARATOR_TAG) for t in line.tags or ()):
            gap = False  # a new block: what opens it continues the last page's note
            continue
        if line.has(layout.NUMBER_APART_TAG):
            continue  # the note's label carries it
        if line.blank:
            gap = bool(notes) and notes[-1].lines[-1].page == line.page
            continue
        last = notes[-1] if notes else None
        if line.no in starts:
            label, number, segment = starts[line.no]
            notes.append(Note(label, number, [line]))
        elif last is not None and last.number is not None and gap and marked is not None \
                and last.lines[-1].page == line.page and bool(_body_text(last)) \
                and (segment, last.number + 1) not in numbered \
                and _marked_near(marked, line.page, last.number + 1):
            n = last.number + 1
            numbered.add((segment, n))
            line.tag(LOST_START_TAG)
            notes.append(Note(f"{segment + 1}.{n}" if segment else str(n), n, [line]))
        elif last is not None:
            last.lines.append(line)
        else:
            orphans.append(line)
        gap = False
    if orphans:
        notes.insert(0, Note("", None, orphans))
    return notes


def split_run_together(notes: list[Note], marked: set[tuple[int, int]], changes: Changes,
                       rule: Rule) -> list[Note]:
    """Notes that the extraction ran together on one line (pypdf on Word's notes: "10 Jonathan
    Carter, ..., 2000.11 Tollef Fog Heen, ..., 2006.12 Ibid."), taken apart: note N+1 starts
    inside N's text where its number follows N's last sentence, glued, before a capital, no
    note N+1 was found otherwise, and the body marks N+1 on this page or the one before.
    The pieces are the same input line's; the edit records the cut."""
    taken = {(n.label.rpartition(".")[0], n.number) for n in notes if n.number is not None}
    out: list[Note] = []
    queue = deque(notes)
    while queue:
        note = queue.popleft()
        out.append(note)
        if note.number is None:
            continue
        segment = note.label.rpartition(".")[0]
        n = note.number + 1
        if (segment, n) in taken:
            continue
        for k, line in enumerate(note.lines):
            if line.has(layout.NUMBER_APART_TAG) or not _marked_near(marked, line.page, n):
                continue
            # In the note's first line the search starts after its own label.
            skip = len(note.label.rpartition(".")[2]) if k == 0 else 0
            m = layout.run_on(line.text, n, skip)
            if m is None or not line.text[:m.start()].strip():
                continue
            head, tail = line.text[:m.start()].rstrip(), line.text[m.start():]
            changes.edit(STAGE, rule.id, "split", line.no, line.text, f"{head}\n{tail}",
                         reason=f"notes {note.label} and {n} ran together on one line: {n} "
                                "follows the note's last sentence, glued, and the body marks it",
                         evidence="text")
            label = f"{segment}.{n}" if segment else str(n)
            line.tag(layout.RUN_TOGETHER_TAG)
            rest = Note(label, n, [_piece(line, tail), *note.lines[k + 1:]])
            note.lines[k:] = [_piece(line, head, keep_tags=True)]
            taken.add((segment, n))
            queue.appendleft(rest)
            break
    return out


def _piece(line: Line, text: str, keep_tags: bool = False) -> Line:
    """A part of an input line, standing for it in a note: same number, page and zone (and
    tags, for the part that keeps the line's start)."""
    piece = Line(line.no, line.raw, text, page=line.page)
    piece.zone = line.zone
    piece.geo = line.geo
    if keep_tags:
        piece.tags = set(line.tags) if line.tags else None
    piece.tag(layout.RUN_TOGETHER_TAG)
    return piece


def _split_glued_labels(lines: list[Line], changes: Changes, rule: Rule) -> None:
    """Set a note's number off from its first word where extraction glued them ("1Do not"
    becomes "1 Do not"): the layout found the line a note start by its numbering."""
    for line in lines:
        if line.zone == "notes" and line.has(layout.GLUED_LABEL_TAG):
            m = layout.NOTE_LABEL.match(line.text)
            if m is None:
                continue
            before = line.text
            line.text = f"{before[:m.end()]} {before[m.end():]}"
            changes.edit(STAGE, rule.id, "split", line.no, before, line.text,
                         reason=f"note {m.group(1)}: its number was glued to its first word")


def _numbers_apart(lines: list[Line], changes: Changes, rule: Rule) -> None:
    """Where a page's note numbers stood apart from their texts ("5", "6", then the texts),
    each text's first line starts its note with no number to strip, and the numbers go (the
    notes' labels carry them)."""
    for line in lines:
        if line.zone != "notes":
            continue
        if line.has(layout.LABEL_APART_TAG):
            line.tag(LOST_START_TAG)
        elif line.has(layout.NUMBER_APART_TAG):
            changes.edit(STAGE, rule.id, "drop", line.no, line.text,
                         reason=f"note number {line.text.strip()} set apart from its text: "
                                "the note's label carries it")


def _marked_near(marked: set[tuple[int, int]], page: int, number: int) -> bool:
    """Whether the body shows a marker ``number`` on this page or the one before."""
    return (page, number) in marked or (page - 1, number) in marked


def _body_text(note: Note) -> str:
    first = note.lines[0].text.strip()
    if note.lines[0].has(LOST_START_TAG):
        rest = first
    else:
        rest = first.split(None, 1)[1] if note.label and " " in first else \
            ("" if note.label else first)
    return " ".join([rest, *(ln.text.strip() for ln in note.lines[1:])]).strip()


def run(doc: Document, rules: RuleSet) -> tuple[Document, Changes]:
    """Choose the markers, link them to the notes, and hand the notes to the paragraphs stage."""
    changes = Changes()
    marker_rules = rules.for_stage(STAGE, "markers")
    mode = doc.options.get("footnotes", "link")
    if not marker_rules or not doc.note_blocks:
        return doc, changes
    style = MarkerStyle(marker_rules[0])
    lines = doc.lines
    _split_glued_labels(lines, changes, style.rule)
    _numbers_apart(lines, changes, style.rule)
    cands = candidates(lines, style)
    marked = {(lines[c.index].page, c.value) for c in cands if c.kind not in SPACED_KINDS}
    notes = build_notes(doc, marked)
    for rule in rules.for_stage(STAGE, "run_together"):
        notes = split_run_together(notes, marked, changes, rule)
    chosen: list[tuple[Candidate, Note | None]] = []
    for seg_notes, seg_cands in _segments(doc, notes, cands):
        by_number = {n.number: n for n in seg_notes if n.number is not None}
        if not by_number:
            # No numbered footnote survives here: a number in the body has nothing to be the
            # marker of ("Debconf13", "a 20 MHz machine"), so none is taken for one.
            seg_cands = []
        # On a page read for its geometry, a number not raised is a marker only when it is
        # glued to a word and a note with its number starts on that page.
        seg_cands = [c for c in seg_cands if c.kind == "raised" or lines[c.index].geo is None
                     or (c.value in by_number
                         and by_number[c.value].lines[0].page == lines[c.index].page)]
        for c in seg_cands:
            c.score = style.scores.get(c.kind, DEFAULT_SCORES.get(c.kind, 1.0)) + \
                _page_bonus(c, by_number, lines)
        last = max(by_number, default=max((c.value for c in seg_cands), default=0))
        for c in align(seg_cands, style.gap_penalty, last):
            note = by_number.get(c.value)
            if not _near_its_note(c, note, lines, doc, by_number):
                # Fail safe: a number whose note is missing or pages away is as likely code,
                # a formula or a list as a marker ("z1", 'M.add("z",2)'): it stays.
                changes.flag("footnote_unmatched_marker", lines[c.index].no, lines[c.index].text,
                             f"number {c.value} ({c.kind}) left as it is: its footnote is "
                             + ("missing" if note is None else "pages away"),
                             stage=STAGE, rule=style.rule.id)
                continue
            chosen.append((c, note))
        chosen.extend(_symbol_markers(lines, seg_notes, style))

    for c, note in sorted(chosen, key=lambda cn: (cn[0].index, -cn[0].start)):
        line = lines[c.index]
        label = note.label if note is not None else str(c.value)
        before = line.text
        line.text, attach = _rewrite(line.text, c, label, mode)
        if attach:
            line.tag(ATTACH_TAG)
        if note is not None:
            note.marker_line = line.no
        where = f"; its body starts at line {note.start_line}" if note is not None else ""
        changes.edit(STAGE, style.rule.id, "strip" if mode == "strip" else "link",
                     (line.no, note.start_line) if note is not None else line.no, before,
                     line.text, reason=f"marker {label} ({c.kind}){where}",
                     evidence=("geometry" if c.kind == "raised" else "text")
                     if line.geo is not None else "")
        if note is None or not _body_text(note):
            why = "its footnote body was lost" if note is not None else "no footnote has it"
            changes.flag("footnote_unmatched_marker", line.no, before,
                         f"marker {label}: {why}", stage=STAGE, rule=style.rule.id)
    for note in notes:
        if note.marker_line is None and _body_text(note):
            changes.flag("footnote_unmatched_body", note.start_line, note.lines[0].text,
                         f"footnote {note.label or '(unnumbered)'} has no marker in the body",
                         stage=STAGE, rule=style.rule.id)
    for note in notes:
        if not _body_text(note):  # only its number survives: it goes, and says so
            changes.edit(STAGE, style.rule.id, "drop", tuple(ln.no for ln in note.lines),
                         "\n".join(ln.text for ln in note.lines),
                         reason=f"footnote {note.label or '(unnumbered)'}: its body was lost, "
                                "only its number survives")
    doc.notes = [n for n in notes if _body_text(n)]
    if mode == "strip":
        for note in doc.notes:
            changes.edit(STAGE, style.rule.id, "drop", tuple(ln.no for ln in note.lines),
                         "\n".join(ln.text for ln in note.lines), reason=STRIP_REASON)
        doc.notes = []
    doc.learned["footnotes"] = [
        {"label": n.label, "marker_line": n.marker_line, "body_lines": [ln.no for ln in n.lines]}
        for n in notes]
    return doc, changes


def _segments(doc: Document, notes: list[Note], cands: list[Candidate]) \
        -> list[tuple[list[Note], list[Candidate]]]:
    """Split where footnote numbering restarts (a new chapter): notes and candidates by page."""
    if not doc.lines:
        return [(notes, cands)]
    restarts = [doc.lines[0].page]
    page_of = {ln.no: ln.page for ln in doc.lines}
    for block in doc.note_blocks:
        if block.restart and block.starts:
            # A later stage may have removed a start line (a page number the furniture stage
            # took): the block's first surviving start gives its page.
            page = next((page_of[no] for _, no in block.starts if no in page_of), None)
            if page is not None:
                restarts.append(page)
    out = []
    for k, page in enumerate(restarts):
        end = restarts[k + 1] if k + 1 < len(restarts) else float("inf")
        seg_notes = [n for n in notes if page <= n.lines[0].page < end]
        seg_cands = [c for c in cands if page <= doc.lines[c.index].page < end]
        out.append((seg_notes, seg_cands))
    return out


def _near_its_note(c: Candidate, note: Note | None, lines: list[Line], doc: Document,
                   by_number: dict[int, Note]) -> bool:
    """Whether a chosen marker may be linked: its note starts on its page or the next, or,
    its note lost, a neighbour's (N-1 or N+1) does. Only where the notes were found by their
    numbering alone (no separator line): there a number with no note near it is no evidence
    of one."""
    if not any(not b.separator for b in doc.note_blocks):
        return True
    page = lines[c.index].page
    near = [note] if note is not None else \
        [n for v in (c.value - 1, c.value + 1) if (n := by_number.get(v)) is not None]
    return any(-1 <= n.lines[0].page - page <= 1 for n in near)


def _page_bonus(c: Candidate, by_number: dict[int, Note], lines: list[Line]) -> float:
    note = by_number.get(c.value)
    if note is None:
        return NO_BODY
    gap = note.lines[0].page - lines[c.index].page
    return SAME_PAGE if gap == 0 else NEXT_PAGE if gap == 1 else FAR_PAGE


def _symbol_markers(lines: list[Line], notes: list[Note], style: MarkerStyle) \
        -> list[tuple[Candidate, Note]]:
    """A symbol note (*, †) takes the first glued use of its symbol on its page."""
    out = []
    for note in notes:
        if note.number is not None or not note.label:
            continue
        page = note.lines[0].page
        pattern = re.compile(rf"(?<=[^\W\d_]|{_P})({re.escape(note.label)})(?=\s|$)")
        for i, line in enumerate(lines):
            if line.zone == "body" and line.page == page:
                m = pattern.search(line.text)
                if m:
                    out.append((Candidate(i, m.start(1), m.end(1), 0, "symbol"), note))
                    break
    return out


def _rewrite(text: str, c: Candidate, label: str, mode: str) -> tuple[str, bool]:
    """The line with the marker written as ``[^label]`` (or removed when stripping), and
    whether the line must be glued to the text before it."""
    marker = "" if mode == "strip" else f"[^{label}]"
    if c.kind == "alone":
        return marker, bool(marker)
    if c.kind == "line_start":
        rest = text[c.end:].lstrip()
        return (f"{marker} {rest}" if marker else rest), bool(marker)
    if c.kind in SPACED_KINDS:
        return text[:c.start].rstrip() + marker + text[c.end:], False
    return text[:c.start] + marker + text[c.end:], False
