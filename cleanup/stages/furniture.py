"""Strip running headers, footers and page numbers.

Furniture is learned from repetition: the lines at the top and bottom of each page are folded
(case, digits, spaces) and grouped with their cut-short and garbled variants (rapidfuzz), and a
group seen on enough pages is a running header or footer. Page numbers are taken from the rule
files' patterns, bare numbers only where they run in step with the pages. Nothing is removed
outside a page's top and bottom zones, and the top of the first page, where the title block
stands, loses no line to a learned header.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from cleanup import layout
from cleanup.document import Document
from cleanup.report import Changes
from cleanup.rules import Rule, RuleSet
from cleanup.structure import folios, geometry, glued, tables
from cleanup.textscan import normalised_keys

STAGE = "furniture"
DEFAULT_ZONE_LINES = 3
DEFAULT_MIN_PAGES = 2
DEFAULT_SIMILARITY = 85.0
DEFAULT_MIN_SHARE = 0.04  # of the pages; running furniture recurs on more than a few
MIN_LETTERS = 4
PREFIX_LEN = 5            # headers cut short still share their first letters
MAX_OFFSET_DRIFT = 2      # pages missed or added by inference shift page numbers this much
_LETTERS = re.compile(r"[^\W\d_]+")
_CUT_HEAD = re.compile(r"(?:…|\.\.\.)$")
_NUMBER = re.compile(r"\d+")
_LEADING_NUMBER = re.compile(r"\s*(\d{1,4})\b")
LONG_LINE_WORDS = 10     # a line longer than this that stops after a lower-case word is prose
OUTERMOST_SHARE = 0.8      # of its pages a head stands outermost on, to go where it does not
MAX_NUMBERS = 4           # numbers of a head's line compared from occurrence to occurrence
MAX_FALLS = 0.2           # share of steps where a head's number may fall (misread, reordered)
MIN_CUT_HEADER = 8        # at a page's very edge, a learned header cut this short still counts
MIN_CUT_WORDS = 3         # words a head cut short with an ellipsis keeps, to match a heading
OPENING_WORDS = 3         # words of a head's opening that several learned heads share, at least
MIN_OPENING_LETTERS = 12  # letters in that opening: not a bare 'Chapter #' (chapter openings)
PUSHED_LINES = 4          # margin lines that may stand between a page's zone and its head
DOMINANT_SHARE = 0.5      # of the pages a head stands on, to be taken anywhere on the rest,
DOMINANT_PAGES = 5        # and this many: a short document's table header is no head
SECTION_INSIDE_SHARE = 3  # so for a head that changes with the section (its heading counts)
INSIDE_SHARE = 2          # times as often inside the pages as at their edges: a line is the body's
MARGIN_WORDS = 1          # a margin note (a line number, a macro name) is one word
MIN_PUSHED_PAGES = 3      # pages a head is learned on before it is looked for further in
TITLE_PAGES = 3           # pages after the cover that may repeat its title block


@dataclass(slots=True)
class Cluster:
    """A running header or footer and its variants."""

    key: str
    text: str
    pages: set[int] = field(default_factory=set)
    positions: Counter[str] = field(default_factory=Counter)
    variants: set[str] = field(default_factory=set)
    # Where it was seen: (line index, "top"|"bottom", page), in the zones' order.
    lines: list[tuple[int, str, int]] = field(default_factory=list)
    # Learned from a chapter's verso heads alone, on fewer pages than the document's share:
    # only its own words count, not lines merely like them.
    sparse: bool = False

    letters: str = ""

    def __post_init__(self) -> None:
        self.letters = " ".join(_LETTERS.findall(self.key))


def _content_by_page(doc: Document, skip: Collection[int] = ()) -> dict[int, list[int]]:
    """Each page's non-blank line indexes, in order, less those in ``skip``."""
    by_page: dict[int, list[int]] = defaultdict(list)
    for i, line in enumerate(doc.lines):
        text = line.text  # (Line.blank inline: this reads every line, twice per document)
        if text and not text.isspace() and i not in skip:
            by_page[line.page].append(i)
    return by_page


def _zones(by_page: dict[int, list[int]], depth: int) -> list[tuple[int, str, int, int]]:
    """(line index, "top"|"bottom", page, rank) for every line in a page's top or bottom zone;
    rank 0 is the page's first (or last) content line."""
    out: list[tuple[int, str, int, int]] = []
    for page, idxs in by_page.items():
        top = idxs[:depth]
        out.extend((i, "top", page, r) for r, i in enumerate(top))
        bottom = idxs[-depth:][::-1]
        out.extend((i, "bottom", page, r) for r, i in enumerate(bottom) if i not in top)
    return out


def _may_be_cut(short: str, long_: str) -> bool:
    """Could ``short`` be ``long_`` cut short? Not where its last word runs on past the end
    of a word the other goes on after ('Namespaces' is no cut 'Namespace Documentation')."""
    parts = short.split()
    if not parts:
        return True
    # A word of the other's that ``last`` runs on past is one of its starts, cut short of it
    # and MIN_LETTERS long at least: a set lookup per word, not a comparison.
    last = parts[-1]
    starts = {last[:k] for k in range(MIN_LETTERS, len(last))}
    return not starts or starts.isdisjoint(long_.split()[:-1])


def _similar(a: str, b: str, threshold: float) -> bool:
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    # Cut short by the extraction (and maybe garbled too): like a long enough start of the other.
    if len(short) >= 6 and len(short) >= 0.4 * len(long_) and (
            long_.startswith(short) or fuzz.ratio(short, long_[:len(short)]) >= threshold) \
            and _may_be_cut(short, long_):
        return True
    return fuzz.ratio(a, b) >= threshold


def learn_headers(doc: Document, zones: list[tuple[int, str, int, int]], rule: Rule,
                  known: set[int], inside: Counter[str] | None = None,
                  entries: Collection[int] = (), cover: TitleBlock | None = None) \
        -> list[Cluster]:
    """Group zone lines into running headers/footers; keep groups seen on enough pages.

    Two pages are enough only where both sit at a page edge that a form feed or stamp showed;
    where page ends were inferred (from footnote blocks), a group needs three, since footnote
    citations ("Dawn, 4 May 2020.") also repeat at page bottoms. ``entries``: contents
    entries, never heads; ``cover``: the title block, whose lines set again on a title page
    are none either.
    """
    threshold = float(rule.options.get("similarity", DEFAULT_SIMILARITY))
    min_pages = int(rule.options.get("min_pages", DEFAULT_MIN_PAGES))
    buckets: dict[str, list[Cluster]] = defaultdict(list)
    strong: dict[int, bool] = {}
    numbers: dict[int, list[tuple[int, int]]] = {}
    for i, where, page, _rank in zones:
        line = doc.lines[i]
        if page == 0 and where == "top":
            continue  # the title block: it may look like the running header, it is not one
        if cover is not None and cover.repeated(doc, i, page):
            continue  # the title page or approval sheet: the cover's title block again
        if line.zone == "notes" and layout.FOOTNOTE_START.match(line.text):
            continue
        if layout.has_leaders(line.text) or i in entries:
            continue  # a contents entry at a page's edge names a heading: no running head
        key = layout.normalise_key(line.text)
        letters = "".join(_LETTERS.findall(key))
        if len(letters) < MIN_LETTERS:
            continue
        # Bucketing by leading letters keeps this linear: no line is compared with all others.
        bucket = buckets[letters[:PREFIX_LEN]]
        for cluster in bucket:
            if _similar(key, cluster.key, threshold):
                break
        else:
            cluster = Cluster(key, line.text.strip())
            bucket.append(cluster)
        cluster.pages.add(page)
        cluster.positions[where] += 1
        cluster.variants.add(key)
        cluster.lines.append((i, where, page))
        lead = _LEADING_NUMBER.match(line.text)
        if lead:
            numbers.setdefault(id(cluster), []).append((int(lead.group(1)), page))
        edge_known = page in known if where == "top" else (page + 1) in known
        strong[id(cluster)] = strong.get(id(cluster), True) and edge_known
    # In a long document a line can recur on a few pages by chance (a citation, a short
    # paragraph end): furniture recurs on a share of the pages.
    min_share = float(rule.options.get("min_share", DEFAULT_MIN_SHARE))
    needed = max(min_pages, round(min_share * (doc.page_count or 1)))
    chapters: set[str] | None = None
    inside = inside if inside is not None else _inside_keys(doc, zones, known)[0]
    out: list[Cluster] = []
    for c in (c for b in buckets.values() for c in b):
        if len(c.pages) < needed and len(c.pages) < 3:
            continue  # (too few pages for either test below: most groups, seen once)
        if not (_numbers_in_step(c, numbers) and _numbers_run_on(doc, c)) \
                or c.text[:1].islower():
            continue
        if strong[id(c)] and sum(inside[k] for k in c.variants) >= INSIDE_SHARE * len(c.lines):
            continue  # more often inside the pages than at their edges: the body's
        if len(c.pages) >= needed + (0 if strong[id(c)] else 1) + _prose_extra(c):
            out.append(c)
        elif strong[id(c)] and _every_other_page(c):
            if chapters is None:
                chapters = _numbered_titles(doc)
            if c.key in chapters:
                c.sparse = True
                out.append(c)
    return out


@dataclass
class TitleBlock:
    """The first page's lines as pairs of neighbours' keys, and the keys of lines at the
    edges of later pages, more than one: what tells a title page that repeats the cover from
    a running line (a footer of three lines is such a block too, but runs on; the preface
    signed with the cover's author line does not)."""

    pairs: set[tuple[str, str]]
    later: set[str]

    @classmethod
    def of(cls, doc: Document, zones: list[tuple[int, str, int, int]],
           number_rules: list[Rule] | None = None) -> TitleBlock:
        """The title block of ``doc``: none where no page was found (the whole text is the
        first page). Lines ``number_rules`` read as page numbers are no part of it."""
        cover = list(itertools.takewhile(lambda ln: ln.page == 0, doc.lines))
        if len(cover) > layout.LONGEST_PAGE:
            return cls(set(), set())
        # (A page number and a head beside it are the page's furniture, not its title block.)
        keys = [layout.normalise_key(ln.text) for ln in cover
                if not ln.blank and not ln.has(layout.FOLIO_TAG)
                and not _page_number(ln.text, number_rules or [])]
        pairs = {(a, b) for a, b in itertools.pairwise(keys)
                 if len("".join(_LETTERS.findall(a + b))) >= MIN_LETTERS}
        later = Counter(layout.normalise_key(doc.lines[i].text)
                        for i, _w, page, _r in zones if page > TITLE_PAGES)
        return cls(pairs, {k for k, n in later.items() if n >= DEFAULT_MIN_PAGES})

    def repeated(self, doc: Document, i: int, page: int) -> bool:
        """Is line ``i`` (on ``page``) the cover's title block set again on a title page, a
        neighbour of its on the cover beside it (title over 'by' over author), and at no
        later page's edge? A running head that repeats the title has the page's text beside
        it and runs on."""
        if not self.pairs or not 0 < page <= TITLE_PAGES:
            return False
        lines = doc.lines
        key = layout.normalise_key(lines[i].text)
        if key in self.later:
            return False
        above = next((ln for ln in reversed(lines[max(0, i - 3):i]) if not ln.blank), None)
        below = next((ln for ln in lines[i + 1:i + 4] if not ln.blank), None)
        return (above is not None and (layout.normalise_key(above.text), key) in self.pairs) \
            or (below is not None and (key, layout.normalise_key(below.text)) in self.pairs)


def _inside_keys(doc: Document, zones: list[tuple[int, str, int, int]],
                 known: set[int]) -> tuple[Counter[str], Counter[str]]:
    """How often each line's key stands inside a page whose both ends a form feed or stamp
    showed: repetition is no furniture where a line recurs inside the pages twice as often as
    at their edges (Doxygen's 'Parameters' and 'Definition at line 37 of file area.h.' under
    each member, at a page's foot now and then). Pages whose ends were inferred give no
    count: a head at an end the inference missed would read as inside. Counted by key
    (digits masked, as heads are learned) and by exact text (a section's head names its
    number: '9.1 Introduction' is not '8.1 Introduction')."""
    edges = {i for i, *_ in zones}
    inner = {page for page in known if page + 1 in known}  # pages with both ends known
    # (The lines picked once, then counted at C speed: this reads every line of the text.)
    picked = [line.text for i, line in enumerate(doc.lines)
              if line.page in inner and i not in edges and line.text and not line.text.isspace()]
    return Counter(normalised_keys(picked)), Counter(map(str.strip, picked))


def _every_other_page(c: Cluster) -> bool:
    """Seen at one edge of pages of one parity close together, three or more: one chapter's
    verso heads (some pushed out of the zone by margin notes: a gap of four)."""
    pages = sorted(c.pages)
    return len(pages) >= 3 and len(c.positions) == 1 and all(
        (b - a) % 2 == 0 and b - a <= 6 for a, b in itertools.pairwise(pages))


_NUMBERED_TITLE = re.compile(r"\s*(?:\d{1,2}|[IVXL]{1,5}|[A-Z])\.?\s+(?=[^\W\d_])")


def _numbered_titles(doc: Document) -> set[str]:
    """The keys of the document's numbered headings' titles ('7 Apparatus customization',
    in its contents or over its chapter): a chapter's verso head names its chapter so. With
    this evidence a head recurring on a few pages, fewer than the document's share, is one;
    a multi-page table's header names no chapter, and stands on every page, not every other."""
    out: set[str] = set()
    for line in doc.lines:
        m = _NUMBERED_TITLE.match(line.text)
        if m and len(line.text) <= 120:
            # (A contents entry: its title before the leaders and the page number.)
            title = layout.LEADERS.split(line.text[m.end():], maxsplit=1)[0]
            out.add(layout.normalise_key(title.rstrip(" .0123456789")))
    return out


def _prose_extra(cluster: Cluster) -> int:
    """One page more of evidence for a line that reads as a wrapped sentence: long, and cut
    after a lower-case word ("Operators that relate to the ICC Manager are contained in the
    file gsicc_manage.c/h and"). Two such lines alike on two pages are a manual's parallel
    paragraphs or captions; a running head is short, or ends in a name or a number."""
    words = cluster.text.split()
    return 1 if len(words) > LONG_LINE_WORDS and words[-1][-1:].islower() else 0


def _numbers_in_step(cluster: Cluster, numbers: dict[int, list[tuple[int, int]]]) -> bool:
    """A group of lines that open with a number ("# crisis group interview, ...") is furniture
    only when the number runs with the page (a page number), not when it jumps (footnotes
    that cite the same source)."""
    if not cluster.key.startswith("#"):
        return True
    pairs = sorted(set(numbers.get(id(cluster), [])), key=lambda np: np[1])
    if len(pairs) < 2:
        return False
    # From one occurrence to the next the number grows as the pages do (give or take a page
    # the layout inferred wrongly); footnote numbers jump.
    steps = [(n2 - n1) - (p2 - p1) for (n1, p1), (n2, p2) in itertools.pairwise(pairs)]
    return sum(abs(d) <= MAX_OFFSET_DRIFT for d in steps) >= 0.75 * len(steps)


def _numbers_run_on(doc: Document, cluster: Cluster) -> bool:
    """Do the numbers in a group's lines keep still or rise with the pages, each in its place
    ("12 CHAPTER 1. INTRODUCTION", "14 CHAPTER 1.", "16 CHAPTER 2.")? A line that recurs at
    page feet with numbers that jump about ("Definition at line 100 of file area.cpp.",
    "... line 36 of file circulator.h.": Doxygen's note under each member) is the body's."""
    if len(cluster.lines) < 2:
        return True  # (one line: no step for a number to fall at)
    rows = [nums for _page, nums in sorted(
        (page, tuple(int(n) for n in _NUMBER.findall(doc.lines[i].text)[:MAX_NUMBERS]))
        for i, _where, page in cluster.lines)]
    width = len(rows[0]) if rows else 0
    if width == 0 or any(len(r) != width for r in rows):
        return True
    for k in range(width):
        column = [r[k] for r in rows]
        falls = sum(b < a for a, b in itertools.pairwise(column))
        if falls > MAX_FALLS * (len(column) - 1):
            return False
    return True


def _page_number(text: str, rules: list[Rule]) -> tuple[Rule, int, bool] | None:
    """(rule, page number, bare?) when ``text`` is a page-number line."""
    for rule in rules:
        m = rule.matches(text)
        if m:
            try:
                value = int(m.group("page"))
            except (IndexError, ValueError):
                value = -1
            return rule, value, rule.matches("7") is not None
    return None


def _contained_variant(key: str, clusters: list[Cluster]) -> Cluster | None:
    """A learned header inside this line, the rest being only numbers and abbreviations
    (a journal footer "Annals of X, Vol. 39, No. 4 (2019)" beside the header "ANNALS OF X")."""
    words = _LETTERS.findall(key)
    for c in clusters:
        head = c.letters.split()
        if len(head) < 2:
            continue
        n = len(head)
        for s in range(len(words) - n + 1):
            if words[s:s + n] == head:
                rest = words[:s] + words[s + n:]
                if all(len(w) <= 3 for w in rest):
                    return c
    return None


def _shared_openings(clusters: list[Cluster]) -> dict[tuple[str, ...], Cluster]:
    """Word openings that several learned heads share before words of their own: a report's
    title with the section's name after it, as a word processor's header field sets them
    and pypdf joins them ('Beyond Keeping Everything that' + '2. July 2014: Peter Miller
    died'). Each maps to the first such head."""
    groups: dict[tuple[str, ...], list[list[str]]] = defaultdict(list)
    first: dict[tuple[str, ...], Cluster] = {}
    for c in clusters:
        words = c.key.split()
        if len(words) > OPENING_WORDS and c.positions["top"] >= c.positions["bottom"]:
            groups[tuple(words[:OPENING_WORDS])].append(words)
            first.setdefault(tuple(words[:OPENING_WORDS]), c)
    out: dict[tuple[str, ...], Cluster] = {}
    for start, members in groups.items():
        if len(members) < 2:
            continue
        common = list(start)
        for k in range(OPENING_WORDS, min(len(w) for w in members)):
            if len({w[k] for w in members}) > 1:
                break
            common.append(members[0][k])
        if all(len(w) > len(common) for w in members) and \
                len("".join(_LETTERS.findall(" ".join(common)))) >= MIN_OPENING_LETTERS:
            out[tuple(common)] = first[start]
    return out


def _opens_like(key: str, prefixes: dict[tuple[str, ...], Cluster]) -> Cluster | None:
    """The learned head whose shared opening this line starts with, words after it."""
    words = tuple(key.split())
    for opening, cluster in prefixes.items():
        if len(words) > len(opening) and words[:len(opening)] == opening:
            return cluster
    return None


def _nearest(key: str, clusters: list[Cluster], keys: list[str], rank: int) -> Cluster | None:
    """The learned header this zone line is a variant of: similar, cut short, or garbled."""
    best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=DEFAULT_SIMILARITY)
    if best is not None:
        return clusters[best[2]]
    if len(key) >= 6:  # cut short, maybe garbled: like the start of a learned header
        starts = [k[:len(key)] if len(key) >= 0.4 * len(k) else "" for k in keys]
        # Whether the line may be that head cut short is asked of the best match only (it
        # runs for every zone line): where it may not, the next best is asked.
        while (best := process.extractOne(key, starts, scorer=fuzz.ratio,
                                          score_cutoff=DEFAULT_SIMILARITY)) is not None:
            if _may_be_cut(key, keys[best[2]]):
                return clusters[best[2]]
            starts[best[2]] = ""
    if rank == 0 and len(key) >= MIN_CUT_HEADER:
        return next((c for c in clusters if any(v.startswith(key) for v in c.variants)), None)
    if rank == 0 and key.startswith("# ") and len(key) >= 5:
        # "495      QUA": a page number and the start of a learned head, cut short.
        return next((c for c in clusters if c.key.startswith(key)), None)
    return None


def _abbreviates(key: str, title: str) -> bool:
    """A running head that shortens the title: its words are some of the title's, in order
    ("STANDARDS BODIES AND SHARED CODE 203" for "Standards Bodies and the Governance of Shared
    Code, 1968-1987")."""
    head = _LETTERS.findall(key)
    words = iter(_LETTERS.findall(title))
    return len(head) >= 3 and all(w in words for w in head)


def _split_glued_heads(doc: Document, rule: Rule, changes: Changes) -> None:
    """Take running heads (and their page numbers) off the ends of the body lines they were
    glued to; the page ends there, so the next line starts one."""
    for g in glued.find(doc.lines):
        line = doc.lines[g.index]
        body = line.text[:g.cut].rstrip()
        changes.edit(STAGE, rule.id, "replace", line.no, line.text, body,
                     reason=f"running head glued to the line's end: {g.head!r}",
                     evidence=f"recurs on {g.occurrences} lines, page number {g.number} "
                              "in sequence")
        line.text = body
        if not doc.has_form_feeds:
            nxt = next((ln for ln in doc.lines[g.index + 1:] if not ln.blank), None)
            if nxt is not None:
                nxt.tag("page_break")


def run(doc: Document, rules: RuleSet) -> tuple[Document, Changes]:
    """Find page structure, learn the running furniture, remove it from page edges."""
    changes = Changes()
    # With geometry, page structure is read off the page; the text-path evidence below still
    # runs, but only over the lines in the page's bands.
    geo = geometry.analyse(doc, rules) if geometry.present(doc) else None
    if geo is None:
        for rule in rules.for_stage(STAGE, "glued_heads"):
            _split_glued_heads(doc, rule, changes)
    found = geo[0] if geo is not None else layout.analyse(doc, rules)
    doc.learned["note_blocks"] = len(found.blocks)
    learn_rules = rules.for_stage(STAGE, "learn_headers")
    depth = int(learn_rules[0].options.get("zone_lines", DEFAULT_ZONE_LINES)) if learn_rules \
        else DEFAULT_ZONE_LINES
    pages = _content_by_page(doc)
    zones = _zones(pages, depth)
    folio_rules = rules.for_stage(STAGE, "page_sequence")
    chapters: dict[int, str] = {}
    if folio_rules:
        # A chapter's opening heading ("Chapter 3", "CHAPTER / THREE") stands where heads do,
        # and digits masked it recurs once per chapter; a running head that names the chapter
        # repeats one chapter's number page after page. Named once, it is the body's heading,
        # and so are the title lines under it ("Chapter 2" / "Getting and installing Debian"
        # / "GNU/Linux": the title's last line recurs under "Chapter 12" too).
        window = {i: _chapter_window(doc, i)
                  for i in layout.chapter_openings(doc.lines, folio_rules[0])}
        openings = {i: " ".join(doc.lines[k].text.strip() for k in ks)
                    for i, ks in window.items()}
        once = Counter(openings.values())
        headings = {k for i, text in openings.items() if once[text] == 1 for k in window[i]}
        chapters = {i: _chapter_key(doc, ks) for i, ks in window.items()
                    if once[openings[i]] == 1}
        zones = [z for z in zones if z[0] not in headings]
    edge_zones = zones
    if geo is not None:
        zones = [z for z in zones if geometry.in_band(doc.lines[z[0]], geo[1])]
        # The pages are exact: the page-number chain runs on their edge lines too, for heads
        # and numbers the bands miss (not set off by white space, or not in one place).
        layout.tag_folios(doc, folios.page_edges(doc.lines), "pages from the PDF")
    number_rules = rules.for_stage(STAGE, "page_number")
    header_rules = rules.for_stage(STAGE, "header")
    inside = _inside_keys(doc, zones, found.known_starts)
    # Contents entries without leaders ('16 Configuring ... 26'): neither learned nor dropped.
    entries = {i for i, *_ in zones if layout.contents_entry(doc.lines, i)}
    cover = TitleBlock.of(doc, zones, number_rules)
    clusters = (learn_headers(doc, zones, learn_rules[0], found.known_starts, inside[0],
                              entries, cover) if learn_rules else [])
    # (Where the pages were inferred, a missed boundary sets the last page's foot and the
    # next page's head under the text: only form feeds make a page's inside evidence.)
    clusters = _without_table_headers(doc, clusters, changes,
                                      found.known_starts if doc.has_form_feeds else set())
    by_key = {v: c for c in clusters for v in c.variants}
    keys = [c.key for c in clusters]
    prefixes = _shared_openings(clusters)

    # Bare numbers count as page numbers only where they keep step with the pages.
    candidates: dict[int, tuple[Rule, int, bool]] = {}
    for i, _where, _page, _rank in zones:
        hit = _page_number(doc.lines[i].text, number_rules)
        if hit:
            candidates[i] = hit
    # Counted once per page: one number twice on a page keeps step with nothing.
    steps = {(v - doc.lines[i].page, doc.lines[i].page)
             for i, (_r, v, bare) in candidates.items() if bare and v >= 0}
    # Running heads often carry the page number too ("202  ANNALS OF ..."): more evidence of
    # how page numbers run.
    for i, _where, page, _rank in zones:
        key = layout.normalise_key(doc.lines[i].text)
        if key in by_key and key.count("#") == 1:
            steps.update((int(n) - page, page) for n in _NUMBER.findall(doc.lines[i].text)[:1])
    offsets = Counter(offset for offset, _page in steps)
    usual = offsets.most_common(1)[0] if offsets else None
    # A page has one number: where one is exactly in step, another near step is not one
    # (a note's number "2" above the page number "1" at the foot of page one).
    exact = {doc.lines[i].page for i, (_r, v, bare) in candidates.items()
             if bare and usual and v - doc.lines[i].page == usual[0]}

    # Journals print the title as a running head: the title block seeds header candidates.
    titles = [layout.normalise_key(doc.lines[i].text) for i, where, page, _r in zones
              if page == 0 and where == "top"]
    titles = [t for t in titles if len("".join(_LETTERS.findall(t))) >= 2 * MIN_LETTERS]
    known_edges = found.known_starts | {p - 1 for p in found.known_starts}
    drop: dict[int, tuple[str, str]] = {}
    via: dict[int, Cluster] = {}   # the learned head each dropped line was taken for
    taken: set[tuple[int, str, int]] = set()
    for i, where, page, rank in zones:
        line = doc.lines[i]
        text = line.text.strip()
        title_zone = page == 0 and where == "top"
        hit = candidates.get(i)
        if hit is not None:
            rule, value, bare = hit
            if not bare:
                drop[i] = (rule.id, "page number")
                continue
            if usual and usual[1] >= 2 and abs(value - page - usual[0]) <= MAX_OFFSET_DRIFT \
                    and (value - page == usual[0] or page not in exact):
                drop[i] = (rule.id, f"page number in step with pages (offset {usual[0]})")
                continue
        for rule in header_rules:
            if rule.matches(text):
                drop[i] = (rule.id, "known running header")
                break
        if i in drop or not learn_rules or i in entries:
            continue
        key = layout.normalise_key(text)
        cluster = by_key.get(key)
        if cluster is None and not title_zone and clusters and \
                len("".join(_LETTERS.findall(key))) >= MIN_LETTERS:
            cluster = _nearest(key, clusters, keys, rank)
            if cluster is None and rank == 0:
                cluster = _contained_variant(key, clusters)
            if cluster is None and rank <= 1:
                cluster = _opens_like(key, prefixes)
            if cluster is not None and cluster.sparse:
                cluster = None
            # A line whose sentence goes on (a letter's 'The GAP Group,' over its date) is
            # signed with the title's words, not headed by them.
            if cluster is None and rank <= 1 and page > 0 and page in known_edges \
                    and not text.endswith((",", ";")) and not cover.repeated(doc, i, page):
                title = next((t for t in titles if _similar(key, t, DEFAULT_SIMILARITY)
                              or _abbreviates(key, t)), None)
                if title is not None:
                    drop[i] = (learn_rules[0].id, f"running head repeats the title {title!r}")
                    continue
        if cluster is not None and not title_zone and (page, where, id(cluster)) not in taken:
            # One head per page edge: the same words again just inside it are the section's
            # heading on its first page ("1.4 Upcoming..." over "1.4 Upcoming...").
            taken.add((page, where, id(cluster)))
            via[i] = cluster
            drop[i] = (learn_rules[0].id,
                       f"running {_where_word(cluster)} seen on {len(cluster.pages)} pages: "
                       f"{cluster.text!r}")
    # What no rule above names but the page-number sequence does: a page number in the
    # document's sequence, or a running head set beside it, so heads that change with the
    # section go too. The sequence and the page edge are the evidence.
    if folio_rules:
        evidence = doc.derived.get("folio_evidence", {})
        for i, where, page, _rank in edge_zones:
            if i not in drop and doc.lines[i].has(layout.FOLIO_TAG) \
                    and not (page == 0 and where == "top"):
                drop[i] = (folio_rules[0].id, "page-number sequence: "
                           + "; ".join(evidence.get(i, ["in step with the pages"])))
    if usual and usual[1] >= 2 and geo is None:
        drop.update(_pushed_in_numbers(doc, pages, depth, drop, usual[0], number_rules))
    if learn_rules and geo is None:
        drop.update(_pushed_in_heads(doc, pages, depth, drop, via, by_key, learn_rules[0]))
        drop.update(_displaced_heads(doc, pages, clusters, drop, chapters, learn_rules[0]))
    _one_edge_per_page(doc, zones, drop, via, changes)
    if learn_rules:
        keyword = layout.chapter_keyword(folio_rules[0]) if folio_rules else None
        drop.update(section_heads(doc, drop, learn_rules[0], chapters, keyword, inside[1],
                                  pages))
        _outermost_only(doc, zones, drop, via, changes)

    evidence = dict.fromkeys(drop, "text") if geo is not None else {}
    if geo is not None and geo[1].band_rule is not None:
        for i, why in geo[1].furniture.items():
            drop[i] = (geo[1].band_rule.id, why)
            evidence[i] = "geometry"
    for i in sorted(drop):
        rule_id, reason = drop[i]
        line = doc.lines[i]
        changes.edit(STAGE, rule_id, "drop", line.no, line.text, reason=reason,
                     evidence=evidence.get(i, ""))
    doc.learned["headers"] = [
        {"text": c.text, "pages": len(c.pages), "position": _where_word(c),
         "variants": len(c.variants)}
        for c in sorted(clusters, key=lambda c: (-len(c.pages), c.text))]
    if drop:
        doc.lines = [line for i, line in enumerate(doc.lines) if i not in drop]
    return doc, changes


_URL = re.compile(r"://|^www\.", re.IGNORECASE)


def _margin_note(text: str) -> bool:
    """A margin note's shape: one word (a code line's number, a macro's name), not an
    address (a footnote's whole text often is one)."""
    return len(text.split()) <= MARGIN_WORDS and not _URL.search(text)


def _pushed_in_heads(doc: Document, by_page: dict[int, list[int]], depth: int,
                     drop: dict[int, tuple[str, str]],
                     via: dict[int, Cluster], by_key: dict[str, Cluster], rule: Rule) \
        -> dict[int, tuple[str, str]]:
    """Learned heads that short margin lines pushed below a page's top zone.

    pdftotext reads a page's margin notes with its head ('7' / '42' / '7.4.2' /
    '\\Xendpagenumberonlyfirst' / 'Apparatus customization'): the chapter title, a running
    head learned on the pages where it stands in the zone, comes fifth. It is taken a few lines
    further in only where the page's own head was not found in the zone, its page number
    was, and every line above it is furniture or a margin note's one word (a code line's
    number, a macro's name): body text, or a contents entry, never stood between."""
    headed = {doc.lines[i].page for i in via}
    out: dict[int, tuple[str, str]] = {}
    for page, idxs in by_page.items():
        top = idxs[:depth + PUSHED_LINES]
        if page in headed or page == 0 or not any(i in drop for i in top[:depth]):
            continue
        for rank, i in _walk_in(doc, top, drop, _margin_note):
            cluster = by_key.get(layout.normalise_key(doc.lines[i].text)) \
                if rank >= depth else None
            if cluster is not None and len(cluster.pages) >= MIN_PUSHED_PAGES \
                    and cluster.positions.most_common(1)[0][0] == "top":
                out[i] = (rule.id, f"running head seen on {len(cluster.pages)} pages, under "
                                   f"margin lines: {cluster.text!r}")
                break
    return out


def _walk_in(doc: Document, seq: Iterable[int], drop: Collection[int],
             passable: Callable[[str], bool]) -> Iterator[tuple[int, int]]:
    """(rank, line index) from a page's edge inward, up to and including the first line
    kept that ``passable`` refuses: the lines a head or a page number that margin notes
    pushed in may stand among."""
    for rank, i in enumerate(seq):
        yield rank, i
        if i not in drop and not passable(doc.lines[i].text):
            return


def _margin_or_title(text: str) -> bool:
    return _margin_note(text.strip()) or _title_like(text.strip())


def _displaced_heads(doc: Document, by_page: dict[int, list[int]], clusters: list[Cluster],
                     drop: dict[int, tuple[str, str]], chapters: Collection[int],
                     rule: Rule) -> dict[int, tuple[str, str]]:
    """A learned head on half the pages or more, set inside a page by the extractor:
    pdftotext reads 'Generated by Doxygen' after a listing's first column, thirty lines from
    the foot, and a two-column paper's foot ('MNRAS 000, 1–10 (2020)') after the left column.
    On a page whose edges lack it, the one line with its very words is it (two such lines are
    the body quoting it), unless that line is a heading: a chapter's opening ('3 Results') may
    read as its head does."""
    out: dict[int, tuple[str, str]] = {}
    pages = [p for p in by_page if p > 0]  # (the title page carries no head)
    for c in clusters:
        if c.sparse or len(c.pages) < max(DOMINANT_SHARE * len(pages), DOMINANT_PAGES):
            continue
        for page in pages:
            if page in c.pages:
                continue
            hits = [i for i in by_page[page] if i not in drop
                    and layout.normalise_key(doc.lines[i].text) in c.variants]
            if len(hits) == 1 and hits[0] not in chapters \
                    and not _numbered_heading(doc.lines[hits[0]].text.strip()):
                out[hits[0]] = (rule.id, f"running {_where_word(c)} seen on {len(c.pages)} of "
                                         f"{len(pages)} pages, set inside this one: "
                                         f"{c.text!r}")
    return out


def _pushed_in_numbers(doc: Document, by_page: dict[int, list[int]], depth: int,
                       drop: dict[int, tuple[str, str]], offset: int, rules: list[Rule]) \
        -> dict[int, tuple[str, str]]:
    """Page numbers that margin lines pushed below a page's edge zone ('XXI.3' / 'For
    critical footnotes' / 'XXI.3.2' / '253'): a bare number exactly in step with the pages, a
    few lines further in, on a page where no furniture gave its number, with nothing above it but
    furniture, titles and lines of one word (a code line's number is one too, but seldom the
    page's)."""
    numbered = {doc.lines[i].page for i in drop
                if str(doc.lines[i].page + offset) in _NUMBER.findall(doc.lines[i].text)}
    out: dict[int, tuple[str, str]] = {}
    for page, idxs in by_page.items():
        if page in numbered:
            continue
        for seq in (idxs, idxs[::-1]):
            for rank, i in _walk_in(doc, seq[:depth + PUSHED_LINES], drop, _margin_or_title):
                hit = _page_number(doc.lines[i].text, rules) if rank >= depth else None
                if hit is not None and hit[2] and hit[1] - page == offset:
                    out[i] = (hit[0].id, f"page number in step with pages (offset {offset}), "
                                         "under margin lines")
                    break
    return out


def _one_edge_per_page(doc: Document, zones: list[tuple[int, str, int, int]],
                       drop: dict[int, tuple[str, str]], via: dict[int, Cluster],
                       changes: Changes) -> None:
    """A running head stands at one edge of a page. Where a learned foot's words also open
    the page, at the edge it is seen at only there, numbered as a heading, that line is the
    section's heading set first on its page ("5.3 Porter tools" ... "5.3. Porter tools" /
    "45"): it stays, flagged."""
    where_of = {i: where for i, where, _page, _rank in zones}
    by_page: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for i, cluster in via.items():
        if i in drop:
            by_page[(doc.lines[i].page, id(cluster))][where_of[i]] = i
    for (_page, _c), edges in by_page.items():
        if len(edges) < 2:
            continue
        cluster = via[edges["top"]]
        top, bottom = cluster.positions["top"], cluster.positions["bottom"]
        i = edges["top"] if top < bottom else edges["bottom"]
        # Seen there this once, and numbered as a section's heading is: a fixed head that an
        # extractor set at both edges of a page (pypdf's order) is seen so on many pages.
        if min(top, bottom) != 1 or not _numbered_heading(doc.lines[i].text.strip()):
            continue
        line = doc.lines[i]
        changes.flag("uncertain_furniture", line.no, line.text,
                     f"kept: {drop[i][1]}, but the page has it at its other edge too, where "
                     "the head stands on more pages: a heading opening its page", stage=STAGE)
        del drop[i]


def _outermost_only(doc: Document, zones: list[tuple[int, str, int, int]],
                    drop: dict[int, tuple[str, str]], via: dict[int, Cluster],
                    changes: Changes) -> None:
    """Furniture runs in from the page's edge. A learned head that on most of its pages has a
    kept line between it and both edges ("Feature Name ..." / "in each section is default)" /
    "Example Implementation") recurs inside the page, as a table's header does, and stays
    (flagged). One that is outermost on most pages is a running head wherever it stands: the
    extractor drew something after it on a few ("Generated by Doxygen" / "[inline]")."""
    pages: dict[int, list[int]] = defaultdict(list)
    for i, _where, page, _rank in zones:
        pages[page].append(i)
    reached: set[int] = set()
    for idxs in pages.values():
        idxs.sort()
        for walk in (idxs, idxs[::-1]):
            for i in walk:
                if i not in drop and len("".join(_LETTERS.findall(doc.lines[i].text))) \
                        >= MIN_LETTERS:
                    break  # a number or a sign left over ("| 1") may be a page number
                reached.add(i)
    outer: Counter[int] = Counter()
    seen: Counter[int] = Counter()
    for i, cluster in via.items():
        seen[id(cluster)] += 1
        outer[id(cluster)] += i in reached
    for i, cluster in via.items():
        if i in drop and i not in reached \
                and outer[id(cluster)] < OUTERMOST_SHARE * seen[id(cluster)]:
            line = doc.lines[i]
            changes.flag("uncertain_furniture", line.no, line.text,
                         f"kept: {drop[i][1]}, but on {seen[id(cluster)] - outer[id(cluster)]} "
                         f"of {seen[id(cluster)]} pages a kept line stands between it and "
                         "the page's edges", stage=STAGE)
            del drop[i]


def _without_table_headers(doc: Document, clusters: list[Cluster],
                           changes: Changes, known: set[int]) -> list[Cluster]:
    """The learned heads less those that read as a table's header repeated on the pages the
    table runs over; their lines stay in the body, each flagged with the evidence."""
    tops = [c for c in clusters if c.positions["top"] > c.positions["bottom"]]
    if not tops:
        return clusters
    members = {id(c): [i for i, where, _page in c.lines if where == "top"] for c in tops}
    found = tables.header_groups(doc.lines, members, known)
    for c in tops:
        why = found.get(id(c))
        if why is None:
            continue
        for i in members[id(c)]:
            line = doc.lines[i]
            changes.flag("uncertain_furniture", line.no, line.text,
                         f"recurs at the top of {len(c.pages)} pages like a running head, "
                         f"kept: {why}", stage=STAGE)
    return [c for c in clusters if id(c) not in found]


def _where_word(c: Cluster) -> str:
    return "header" if c.positions["top"] >= c.positions["bottom"] else "footer"



_BARE_FOLIO = re.compile(r"\d{1,4}|[ivxlc]{1,7}")
_EDGE_NUMBER = re.compile(rf"^\s*(?:{_BARE_FOLIO.pattern})\s+|\s+(?:{_BARE_FOLIO.pattern})\s*$")
_SECTION_WORDS = 12
# A section's number: dotted ("2.3", "2.3.", "4."), which a note's or a list's number is not.
_PLAIN_NUMBER = re.compile(r"\d{1,2}\s+(?=[A-Z])")
# A subsection's dotted number and a capitalised word: a heading in whatever case it is set.
_DOTTED_HEAD = re.compile(r"\d{1,2}(?:\.\d{1,2})+\.?\s+(?=[^\W\d_])")
_SECTION_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.(?=\s|$)|\d{1,2}(?:\.\d{1,2})+(?=\s|$)")


def _head_key(text: str) -> str:
    """A running head's text without the page number at either end, folded."""
    return " ".join(_EDGE_NUMBER.sub(" ", text).casefold().split())


def _head_shaped(text: str) -> bool:
    """A title's shape: short, most words capitalised (or numbers), no sentence end."""
    words = text.split()
    if not 1 <= len(words) <= _SECTION_WORDS or not _LETTERS.search(text) \
            or text.rstrip().endswith((".", ",", ";", ":")) or text[:1].islower():
        return False
    head = _DOTTED_HEAD.match(text)
    if head and (text[head.end()].isupper() or _FILE_NAME.fullmatch(text[head.end():].strip())):
        # "5.10. Porting and being ported": sentence case, but a section's number; Doxygen's
        # "5.9 area.cpp" names the file its section lists.
        return True
    return sum(1 for w in words if not w[:1].islower()) >= 0.6 * len(words)


_FILE_NAME = re.compile(r"[\w-]+(?:\.[a-z0-9]{1,4})+")


_IDENTIFIER = re.compile(r"[a-z][a-z0-9]*(?:[_:.][a-z0-9]+)+|[a-z]{2,}")


def _identifier_after_folio(doc: Document, i: int) -> bool:
    """A reference manual's head names a module in lower case ("ssh_client_channel"): a single
    identifier right after a page number of the document's sequence (which ends the page
    before) stands at the very top of its page."""
    if not _IDENTIFIER.fullmatch(doc.lines[i].text.strip()):
        return False
    before = next((doc.lines[k] for k in range(i - 1, max(-1, i - 3), -1)
                   if not doc.lines[k].blank), None)
    return before is not None and before.has(layout.FOLIO_TAG)


MIRROR_PAGES = 12     # a section's heading stands on its head's page or this many before


def _mirrored_headings(doc: Document, outer: dict[tuple[int, str], int],
                       by_page: dict[int, list[int]], chapters: dict[int, str],
                       head_edges: set[str], keyword: re.Pattern[str] | None = None) -> set[int]:
    """Outermost lines, at either edge, that repeat a numbered section heading of the body:
    the heading set on a line of its own (or its number on the line before) on the same page,
    or on a page shortly before, with body text after it (a contents line has a page number).
    A chapter's opening ("Chapter 3" / "Guided partitioning") is such a heading for the head
    "3. Guided partitioning" over its next pages.

    A heading may open its page: where the document's heads stand at one edge only
    (``head_edges``, learned from their repetition), the other edge's outermost line is body,
    and a section that starts a page has its heading there ("4.3 Documentation" first on the
    page, "4.3. Documentation" / "17" at its foot).
    """
    headings: dict[str, list[int]] = defaultdict(list)
    for i, key in chapters.items():
        headings[key].append(i)
    body_edge = {i for (_page, where), i in outer.items()
                 if where not in head_edges} if len(head_edges) == 1 else set()
    edge = set(outer.values()) - body_edge
    lines = doc.lines
    for idxs in by_page.values():
        for a, b in itertools.pairwise([*idxs, -1]):
            if a in edge:
                continue
            text = lines[a].text.strip()
            if not text[:1].isdigit() and text[:1] not in _LABEL_FIRST:
                continue  # (every heading's shape below opens with its number: most lines)
            after = lines[b].text.strip() if b >= 0 else ""
            # "2.3" then "Legal Liability": pdftotext sets a heading's number apart.
            if (_SECTION_NUMBER.fullmatch(text) or _DOTTED_LABEL.fullmatch(text)) \
                    and after and b not in edge:
                key = folios.words_key(f"{text} {after}")
            elif _numbered_heading(text):
                key = folios.words_key(text)
            else:
                continue
            headings[key].append(a)
    out: set[int] = set()
    for (page, where), i in outer.items():
        text = lines[i].text.strip()
        if keyword is not None:  # 'CHAPTER 2. GETTING AND INSTALLING …': the number leads
            text = keyword.sub("", text, count=1)
        title = _title_under_number(doc, by_page[page], i, where)
        if title is not None:  # the head's number set apart too: '6.7' / 'Changing series'
            text = f"{text} {lines[title].text.strip()}"
        # At the top (LaTeX, Sphinx in pypdf's order) or the foot (Sphinx in pdftotext's:
        # "2.3. Registering as a Debian member" / "7" ends the page).
        if i in body_edge or (title is None and not _numbered_heading(text)):
            continue
        key = folios.words_key(text)
        found = headings.get(key, [])
        if _CUT_HEAD.search(text) and len(key.split()) >= MIN_CUT_WORDS:
            # A head the typesetter cut short ("1.3. OK, NOW I KNOW WHAT DEBIAN IS... …"
            # over "1.3 OK, now I know what Debian is... what else can I learn?"); the same
            # head cut so on the next page is no heading of its own.
            found = [*found, *(k for h, ks in headings.items() if h.startswith(key + " ")
                               for k in ks)]
        for k in found:
            if k != i and 0 <= page - lines[k].page <= MIRROR_PAGES:
                out.update((i,) if title is None else (i, title))
                break
    return out


def _title_under_number(doc: Document, seq: list[int], i: int, where: str) -> int | None:
    """The title line beside a head's number that pdftotext set on a line of its own at the
    page's edge ('6.7' / 'Changing series', 'XIII.9' / 'Critical notes presentation')."""
    if not _DOTTED_LABEL.fullmatch(doc.lines[i].text.strip()):
        return None
    k = seq.index(i) + (1 if where == "top" else -1)
    if not 0 <= k < len(seq) or not _title_like(doc.lines[seq[k]].text.strip()):
        return None
    return seq[k]


TITLE_LINES = 3      # a chapter's keyword line, its number line and title lines, at most
TITLE_CHARS = 60     # a title line is short; pypdf may set a body line's words without spaces


def _chapter_window(doc: Document, i: int) -> list[int]:
    """A chapter opening's lines: "Chapter 4" (or "CHAPTER" / "FOUR") and the title lines
    under it ("Configuring the Logical Volume" / "Manager (LVM)"), up to the first line that
    reads as body text (long, or ending a sentence, or in lower case)."""
    out = [i]
    numbered = len(doc.lines[i].text.split()) > 1
    for k in range(i + 1, min(i + 2 * TITLE_LINES, len(doc.lines))):
        text = doc.lines[k].text.strip()
        if not text:
            continue
        if text.isdigit() and (numbered or len(out) > 1):
            break  # the page's number under a short opening page ("Kapitel 2" / title / "14")
        if len(out) > TITLE_LINES or text[:1].islower() or len(text.split()) > _SECTION_WORDS \
                or len(text) > TITLE_CHARS or text.endswith((".", ",", ";", ":")):
            break
        out.append(k)
    return out


def _chapter_key(doc: Document, window: list[int]) -> str:
    """A chapter opening's number and title as a mirror key: "Chapter 3" / "Guided
    partitioning" -> "3 guided partitioning" (the keyword left out: heads print the number)."""
    first, *rest = (doc.lines[k].text.strip() for k in window)
    number = first.split()[1:]
    title = rest if number else rest[1:]  # "CHAPTER" / "FOUR": the number has its own line
    return folios.words_key(" ".join([*(number or rest[:1]), *title]))


def _numbered_heading(text: str) -> bool:
    """A section heading's shape with its number: dotted ("2.3. Legal Liability") or, as
    LaTeX's article and KOMA classes number sections, plain ("2 Fast Growing IT Needs"). (A
    note or list item that opens so reads as a sentence: "1 Ibid." ends with a point.)"""
    return bool(_SECTION_NUMBER.match(text) or _PLAIN_NUMBER.match(text)) \
        and _head_shaped(text)


# A section's label on a line of its own ('VI', 'XIII.6', '5.5'); dotted, it is no page's
# or note's number.
_SECTION_LABEL = re.compile(r"(?:[IVXL]{1,6}|\d{1,2})(?:\.\d{1,2})*\.?")
_DOTTED_LABEL = re.compile(r"(?:[IVXL]{1,6}|\d{1,2})(?:\.\d{1,2})+\.?")
_LABEL_FIRST = frozenset("IVXL")  # what a section's label opens with, but for a digit
_TITLE_WORD = re.compile(r"[^\W\d_][\w'’&/-]*|\d[\d.]*|[&–—-]")


def _title_like(text: str) -> bool:
    """A title in whatever case: opens with a capital, words of letters (no code's signs),
    short, no sentence end."""
    words = text.split()
    return text[:1].isupper() and len(words) <= _SECTION_WORDS \
        and len("".join(_LETTERS.findall(text))) >= MIN_LETTERS \
        and not text.endswith((".", ",", ";", ":")) \
        and all(_TITLE_WORD.fullmatch(w.strip(",:;()")) for w in words)


def _under_margin_words(doc: Document, full: dict[int, list[int]],
                        drop: dict[int, tuple[str, str]]) -> dict[int, tuple[int, str, str]]:
    """Lines a running head's pieces may stand on under a page's margin notes.

    pdftotext sets a head's parts apart where margin notes run beside it ('132' / 'VI' /
    '1736' / 'Marking text for notes'): section label and title on lines of their own, among
    a code line's number or a macro's name. Walking in over lines of one word from an edge
    where the page's number (gone already) stands among the first lines, a line may be such
    a piece if it opens with a capital and reads as a title, in whatever case ('Marking text
    for notes'); whether it is one, its recurring at that edge of the neighbouring pages
    decides (:func:`section_heads`), as for the outermost line. A table's or a listing's lines
    recur at page tops too, but away from the page number. The section label above a piece
    ('VI', 'XIII.6') is part of its key: a body heading's title recurs from section to section
    ('9.18.3' / 'Member Function Documentation', then '9.19.3' / ...), a head's with its
    label."""
    out: dict[int, tuple[int, str, str]] = {}
    for page, idxs in full.items():
        for where, seq in (("top", idxs), ("bottom", idxs[::-1])):
            if page == 0 and where == "top":
                continue
            if not any(i in drop and _BARE_FOLIO.fullmatch(doc.lines[i].text.strip())
                       for i in seq[:DEFAULT_ZONE_LINES + PUSHED_LINES]):
                continue
            label = ""
            kept = itertools.islice((i for i in seq if i not in drop), 1 + PUSHED_LINES)
            for _rank, i in _walk_in(doc, kept, drop, lambda t: _margin_note(t.strip())):
                text = doc.lines[i].text.strip()
                if _title_like(text):
                    out[i] = (page, where, label)
                if _SECTION_LABEL.fullmatch(text):
                    label = text
    return out


def section_heads(doc: Document, drop: dict[int, tuple[str, str]], rule: Rule,
                  chapters: dict[int, str] | None = None,
                  keyword: re.Pattern[str] | None = None,
                  inside: Counter[str] | None = None,
                  pages: dict[int, list[int]] | None = None) -> dict[int, tuple[str, str]]:
    """Running heads that change with the section ("1.4 Upcoming Incompatibilities" over the
    pages of section 1.4, "Chapter 2: Introduction" beside the number): each repeats at the
    same edge of a few pages only, too few for :func:`learn_headers`.

    A page's outermost line (once other furniture is gone) is one when its text recurs at that
    edge of another page and the document sets several such heads: a pattern, not a table
    header repeated over a page break. (Standing beside the page number is no evidence: so does
    a page's last body line.) Only the outermost line goes: a section heading under the head
    on its first page stays.
    """
    min_heads = int(rule.options.get("min_heads", 3))
    outer: dict[tuple[int, str], int] = {}
    by_page = _content_by_page(doc, drop)
    for page, idxs in by_page.items():
        for where, seq in (("top", idxs), ("bottom", idxs[::-1])):
            if page == 0 and where == "top":
                continue  # the title block
            if seq:
                outer[(page, where)] = seq[0]
    outer_lines = {i: key for key, i in outer.items()}
    # Each page's lines with those that went (a page's number among them): the stage's map.
    full = pages if pages is not None else _content_by_page(doc)
    pieces = _under_margin_words(doc, full, drop)
    pushed = {i: piece for i, piece in pieces.items() if i not in outer_lines}
    edge = {**{i: (page, where) for i, (page, where, _label) in pushed.items()}, **outer_lines}

    def edge_key(i: int, where: str) -> tuple[str, str]:
        label = pushed[i][2] if i in pushed else ""
        return (where, _head_key(f"{label} {doc.lines[i].text.strip()}"))

    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    shaped = {i for i in edge if _head_shaped(doc.lines[i].text.strip())
              or _identifier_after_folio(doc, i)} | set(pieces)
    for i, (page, where) in edge.items():
        if i in shaped:
            seen[edge_key(i, where)].add(page)
    # A section runs over neighbouring pages; a body line that recurs far apart is a quote.
    recurring = {k for k, pages in seen.items()
                 if any(b - a <= 3 for a, b in itertools.pairwise(sorted(pages)))}
    # A head that names its section once (a section of one page) does not recur, but it
    # mirrors the section's numbered heading, set in the body on that page or shortly before
    # ("2.3. Legal Liability" over "2.3" / "Legal Liability" and the text of the section).
    chapters = chapters or {}
    head_edges = {where for where in ("top", "bottom")
                  if sum(1 for w, _ in recurring if w == where) >= min_heads}
    mirrors = _mirrored_headings(doc, outer, by_page, chapters, head_edges, keyword)
    # A number set apart ('6.7' / 'Changing series') goes with its title, not as a key that
    # would take a heading's number at another page's edge.
    split = {i for i in mirrors if _DOTTED_LABEL.fullmatch(doc.lines[i].text.strip())}
    recurring |= {(where, _head_key(doc.lines[i].text.strip()))
                  for (_page, where), i in outer.items() if i in mirrors and i not in split}
    pattern = {where: sum(1 for w, _ in recurring if w == where)
               + sum(1 for (_p, w), i in outer.items() if w == where and i in split) >= min_heads
               for where in ("top", "bottom")}
    out: dict[int, tuple[str, str]] = {}
    for i, (_page, where) in edge.items():
        if i not in shaped or i in chapters:
            continue  # a chapter's opening ("Chapter 2") recurs, digits aside: it is a heading
        key = edge_key(i, where)
        if i in pushed and len(seen[key]) < MIN_PUSHED_PAGES:
            continue  # further in, a piece needs more pages ('Fragebogen' on two forms)
        if inside and inside[doc.lines[i].text.strip()] > SECTION_INSIDE_SHARE * len(seen[key]):
            continue  # Doxygen's 'Functions' opens a list on page after page: the body's
        if key in recurring and pattern[where]:
            out[i] = (rule.id, f"running head at the page {where} on {len(seen[key])} pages, "
                               f"one of {sum(1 for w, _ in recurring if w == where)} that "
                               "change with the section"
                               + (", under margin lines of one word" if i in pushed else ""))
    for (_page, where), i in outer.items():
        title = _title_under_number(doc, by_page[_page], i, where) if i in split else None
        if title is not None and pattern[where]:
            for k in (i, title):
                out[k] = (rule.id, "running head whose number pdftotext set apart, on a line "
                                   "of its own, mirroring a heading")
    # pdftotext sets a head's two halves on two lines ('CHAPTER 4. COMPATIBILITY ISSUES' /
    # '4.2. WHAT KERNELS DOES DEBIAN …'): under a head that went, a line the typesetter cut
    # short that mirrors a heading is the head's other half, not a heading of its own.
    # The head above may have gone as a learned one; a subsection's number that pdftotext
    # left in the margin may stand between ('CHAPTER 3. CHOOSING A DEBIAN …' / '3.1.11' /
    # '3.2. BUT WHAT ABOUT KNOPPIX, LINUX …').
    inner: dict[tuple[int, str], int] = {}
    for (page, where), i in outer.items():
        seq = by_page[page] if where == "top" else by_page[page][::-1]
        first = full[page][0] if where == "top" else full[page][-1]
        went = i in out or (first in drop and not _BARE_FOLIO.fullmatch(
            doc.lines[first].text.strip()))
        half = next((k for k in seq[int(i in out):2 + PUSHED_LINES]
                     if not _margin_note(doc.lines[k].text)), None)
        if went and half is not None and _CUT_HEAD.search(doc.lines[half].text.strip()):
            inner[(page, where)] = half
    if inner:
        for i in _mirrored_headings(doc, inner, by_page, chapters, head_edges, keyword):
            out[i] = (rule.id, "the other half of the running head above it, cut short as "
                               "the heading it mirrors")
    return out
