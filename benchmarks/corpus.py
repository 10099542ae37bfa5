"""Typeset real prose into hostile extracted-text documents, with exact ground truth.

    python benchmarks/corpus.py OUT_DIR [--seed S] [--count N] [--pages P]

Each document is what a PDF text extractor makes of a typeset report: a title block,
headings and paragraphs wrapped to a measure, soft hyphens at line ends (pyphen) mixed with
compounds and names that break at their own hyphen, footnote markers glued to words and
punctuation with their bodies at the foot of the page (wrapped, sometimes continued on the
next page), running headers and footers in one of several publisher styles, JSTOR stamps and
cover pages, form feeds in some documents, and the damage the real sample shows: lines cut at
the end, the start or inside, lines lost whole (a blank line is left), markers left at a
line's start or alone on a line, mojibake and ligatures.

Beside each ``NAME.txt`` goes ``NAME.truth.json``, in the schema of the shared eval samples:
the ``body`` and ``footnotes`` an ideal cleaner outputs from the damaged input (``[^N]``
right after the character the marker followed; lost text stays lost, cut words stay cut),
the ``markers``, the input lines that are furniture (``boilerplate_lines``), every line-end
hyphen with its resolution (``hyphens``: kind soft or lexical, the resolved token and its
index in ``body.split()`` or in the footnote's tokens), and the lines the extraction cut
(``cut_lines``, ``cut_detail``).

The prose is real (``benchmarks/prose/``, see its README); everything is drawn from one
seeded generator per document, so the same seed gives byte-identical documents.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PROSE = HERE / "prose"
GENERATOR = "benchmarks/corpus.py"
VERSION = 1
DEFAULT_SEED = 20240603

# Publisher styles: how running heads, feet and page numbers look.
STYLES = ["journal", "briefing", "pageword", "dashes", "pageof", "barenum", "workingpaper"]

JOURNALS = ["Annals of Software Governance", "Journal of Free Software History",
            "Review of Open Systems", "Quarterly of Digital Commons",
            "Northern Review of Computing Policy"]
PRESSES = ["Northgate University Press", "Lakeside Academic Press", "Meridian Institute",
           "Harbour University Press"]
SERIES = ["Debian Project Field Report", "Commons Policy Briefing", "Open Systems Asia Report",
          "Free Software Europe Briefing"]
ORGS = ["Meridian Policy Institute", "Centre for Open Infrastructure",
        "Institute for Software Commons", "Harbour Research Group"]
PLACES = ["Paris/Vienna/Geneva", "Brussels/Washington", "Oslo/Nairobi", "Lisbon/Montreal/Dakar"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")
_HYPHENABLE = re.compile(r"^([\"'“‘(\[]*)([^\W\d_]{5,})([^\w]*)$")
_LIGATURES = [("ffi", "\ufb03"), ("ffl", "\ufb04"), ("ff", "\ufb00"), ("fi", "\ufb01"),
              ("fl", "\ufb02")]


# ---------------------------------------------------------------------------------------------
# Prose


@dataclass(slots=True)
class Section:
    """A heading and its paragraphs, from one source page."""

    source: str
    page: str
    title: str
    paras: list[str]


@dataclass(slots=True)
class Prose:
    sections: list[Section]
    notes: list[str]
    versions: dict[str, str]
    sentences: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def load_prose() -> Prose:
    """Read every excerpt file: ``= title``, ``~ note``, ``@ page``, ``# comment``, paragraphs."""
    sections: list[Section] = []
    notes: list[str] = []
    versions: dict[str, str] = {}
    for path in sorted(PROSE.glob("*.txt")):
        source = path.stem
        page = ""
        current: Section | None = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            if line.startswith("#"):
                m = re.search(r"package \S+ ([\d.]+)|\b(\d+\.\d{6,})\b|\b(\d\.\d\d)\b", line)
                if m and source not in versions:
                    versions[source] = next(g for g in m.groups() if g)
                continue
            if line.startswith("@ "):
                page = line[2:]
                current = None
                continue
            if line.startswith("= "):
                current = Section(source, page, line[2:], [])
                sections.append(current)
                continue
            if line.startswith("~ "):
                notes.append(line[2:])
                continue
            if current is None:
                current = Section(source, page, "", [])
                sections.append(current)
            current.paras.append(line)
    sections = [s for s in sections if s.paras]
    sentences = [t for s in sections for p in s.paras for t in _SENTENCE.split(p)
                 if len(t) >= 40]
    return Prose(sections, notes, versions, sentences)


# ---------------------------------------------------------------------------------------------
# Typesetting: every character keeps where it came from, so truth survives any damage.

# A line is a list of cells (text, prov): prov is ("t", part, key, ci) for the characters of a
# token from its character ci on, ("m", part, n) for a footnote marker's digits, ("h",) for an
# added soft hyphen, ("d", n) for a footnote's own number, None for layout (spaces, indents).
# BREAK stands where damage removed text.
Cell = tuple[str, Any]
BREAK: Cell = ("", "break")


@dataclass(slots=True)
class Token:
    text: str
    marker: int | None = None


@dataclass(slots=True)
class Para:
    kind: str                 # "title", "heading", "text"
    tokens: list[Token]


@dataclass(slots=True)
class TLine:
    """One typeset line: its cells, what it is, and the line-end hyphen it may carry."""

    cells: list[Cell]
    kind: str                          # body, note, blank, sep, furniture kinds, cover
    part: str = ""                     # "body" or "fn:N" for text lines
    hyphen: tuple[str, Any] | None = None   # (kind, token key) when a word breaks here
    notes: list[int] = field(default_factory=list)   # markers on this line
    damage: str = ""                   # end, start, inside, drop, detach, alone
    text: str = ""                     # the final text (set when rendered)
    no: int = 0

    @property
    def string(self) -> str:
        return "".join(c for c, _p in self.cells)


def _plain(text: str, kind: str) -> TLine:
    return TLine([(text, None)] if text else [], kind)


@lru_cache(maxsize=1)
def _hyphenator() -> Any:
    import pyphen

    return pyphen.Pyphen(lang="en_US")


def _soft_break(word: str, room: int) -> int | None:
    """Where to break ``word`` with a soft hyphen so that its head and the hyphen fit ``room``."""
    m = _HYPHENABLE.match(word)
    if not m:
        return None
    lead, core = m.group(1), m.group(2)
    best = None
    for pos in _hyphenator().positions(core):
        cut = len(lead) + pos
        if pos >= 2 and len(core) - pos >= 3 and cut + 1 <= room:
            best = cut
    return best


def _lexical_break(word: str, room: int) -> int | None:
    """Where to break a compound after one of its own hyphens (the hyphen stays on the line)."""
    best = None
    for m in re.finditer(r"(?<=[^\W_])-(?=[^\W_])", word):
        if m.end() <= room:
            best = m.end()
    return best


def typeset(tokens: list[Token], part: str, width: int, rng: random.Random, p_soft: float,
            p_lexical: float, indent: int = 0, label: str = "", hang: int = 0,
            para: int | None = None) -> list[TLine]:
    """Wrap ``tokens`` into lines of at most ``width`` characters.

    A token's key is its index, or (paragraph, index) when ``para`` is given.
    """
    lines: list[TLine] = []
    cells: list[Cell] = [(" " * indent, None)] if indent else []
    if label:
        cells += [(label, ("d", int(label))), (" ", None)]
    length = indent + (len(label) + 1 if label else 0)
    fresh = True
    notes: list[int] = []

    def newline(hyphen: tuple[str, Any] | None = None) -> None:
        nonlocal cells, length, notes, fresh
        lines.append(TLine(cells, "body" if part == "body" else "note", part, hyphen, notes))
        cells = [(" " * hang, None)] if hang else []
        length, fresh, notes = hang, True, []

    def put(tok: Token, key: Any, lo: int, hi: int) -> None:
        cells.append((tok.text[lo:hi], ("t", part, key, lo)))
        if hi == len(tok.text) and tok.marker is not None:
            cells.append((str(tok.marker), ("m", part, tok.marker)))

    for k, tok in enumerate(tokens):
        key = (para, k) if para is not None else k
        printed = len(tok.text) + (len(str(tok.marker)) if tok.marker is not None else 0)
        sep = 0 if fresh else 1
        if fresh or length + sep + printed <= width:
            if sep:
                cells.append((" ", None))
            put(tok, key, 0, len(tok.text))
            length += sep + printed
        else:
            room = width - length - sep
            cut = None
            kind = ""
            if room >= 4 and rng.random() < p_lexical:
                cut = _lexical_break(tok.text, room)
                kind = "lexical"
            if cut is None and room >= 4 and rng.random() < p_soft:
                cut = _soft_break(tok.text, room)
                kind = "soft"
            if cut is not None:
                cells.append((" ", None))
                put(tok, key, 0, cut)
                if kind == "soft":
                    cells.append(("-", ("h",)))
                newline((kind, key))
                put(tok, key, cut, len(tok.text))
                length += printed - cut
            else:
                newline()
                put(tok, key, 0, len(tok.text))
                length += printed
        fresh = False
        if tok.marker is not None:
            notes.append(tok.marker)
    if not fresh:
        newline()
    return lines


# ---------------------------------------------------------------------------------------------
# A document's design


@dataclass(slots=True)
class Design:
    """Everything drawn for one document before its text is set."""

    name: str
    style: str
    pages: int
    width: int
    fn_width: int
    lines_per_page: int
    form_feeds: bool
    watermark: str | None      # modern, older, noip, authorized, split, ipv6
    watermark_pos: str
    watermark_every: bool
    cover: str | None          # modern, older, chapter
    para_sep: str              # blank, indent
    trailing: str              # none, one, two
    fn_sep: str                # spaces, rule
    fn_hang: bool
    p_soft: float
    p_lexical: float
    marker_rate: float         # markers per word
    damage: dict[str, float]
    header_damage: float
    mojibake: float
    ligatures: float
    meta: dict[str, Any]


def _date(rng: random.Random, lo: int = 1995, hi: int = 2022) -> tuple[int, int, int]:
    return rng.randint(lo, hi), rng.randint(1, 12), rng.randint(1, 28)


def design(seed: int, index: int, pages: int | None = None, style: str | None = None) -> Design:
    """Draw the design of document ``index`` of the corpus with ``seed``."""
    rng = random.Random(f"cleanup-corpus/{seed}/{index}")
    style = style or STYLES[index % len(STYLES)]
    if pages is None:
        pages = rng.choice([1, 2, 3, 4, 6, 8, 10, 12, 15, 20, 25, 30, 40, 60])
    width = rng.randint(60, 92)
    level = rng.choice([0.0, 0.5, 1.0, 1.0, 1.5, 2.5])
    watermark = rng.choice([None, "modern", "modern", "older", "noip", "authorized", "split",
                            "ipv6"])
    year, month, day = _date(rng)
    meta = {
        "journal": rng.choice(JOURNALS), "press": rng.choice(PRESSES),
        "series": rng.choice(SERIES), "org": rng.choice(ORGS), "place": rng.choice(PLACES),
        "number": rng.randint(12, 340), "volume": rng.randint(3, 60),
        "issue": rng.randint(1, 4), "first_page": rng.choice([1, 1, 1, rng.randint(20, 700)]),
        "date": f"{day} {MONTHS[month - 1]} {year}", "year": year,
        "ip": f"{rng.randint(11, 220)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}."
              f"{rng.randint(1, 254)}",
        "stamp_date": _stamp_date(rng),
        "number_word": rng.choice(["N°", "No.", "Number"]),
        "stable": rng.randint(10_000_000, 99_999_999),
    }
    return Design(
        name=f"doc_{index:03d}", style=style, pages=pages, width=width,
        fn_width=width + rng.randint(0, 12), lines_per_page=rng.randint(38, 54),
        form_feeds=rng.random() < 0.35, watermark=watermark,
        watermark_pos=rng.choice(["top", "bottom", "bottom"]),
        watermark_every=rng.random() < 0.8,
        cover=(rng.choice([None, "modern", "older", "chapter"]) if watermark else None),
        para_sep=rng.choice(["blank", "blank", "blank", "indent"]),
        trailing=rng.choice(["none", "one", "two", "two"]),
        fn_sep=rng.choice(["spaces", "spaces", "rule"]), fn_hang=rng.random() < 0.2,
        # Compounds that reach a line end mostly break at their own hyphen, and soft breaks are
        # rarer than in running prose, so that a quarter of line-end hyphens are lexical (the
        # hyphens issue measures both kinds on at least 2,000 hyphens, 25% lexical).
        p_soft=rng.choice([0.0, 0.04, 0.08, 0.16]), p_lexical=rng.choice([0.95, 1.0]),
        marker_rate=rng.choice([0.0, 0.004, 0.008, 0.012]),
        damage={"p_end": 0.02 * level, "p_start": 0.012 * level, "p_inside": 0.006 * level,
                "p_drop": 0.012 * level, "p_span": 0.008 * level, "p_detach": 0.25 * level},
        header_damage=rng.choice([0.0, 0.0, 0.2, 0.5]),
        mojibake=rng.choice([0.0, 0.0, 0.3, 1.0]), ligatures=rng.choice([0.0, 0.0, 0.3]),
        meta=meta)


def _stamp_date(rng: random.Random) -> str:
    year, month, day = _date(rng, 2009, 2023)
    return (f"{DAYS[rng.randint(0, 6)]}, {day:02d} {MONTHS[month - 1][:3]} {year} "
            f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}")


# ---------------------------------------------------------------------------------------------
# Furniture


def stamp_lines(d: Design) -> list[str]:
    ip, when = d.meta["ip"], d.meta["stamp_date"]
    hour = int(when.split()[4][:2])
    ampm = f"{when} {'AM' if hour < 12 else 'PM'}"
    kind = d.watermark
    if kind == "modern":
        return [f"This content downloaded from {ip} on {when} UTC",
                "All use subject to https://about.jstor.org/terms"]
    if kind == "older":
        return [f"This content downloaded from {ip} on {ampm}",
                "All use subject to JSTOR Terms and Conditions"]
    if kind == "noip":
        return [f"This content downloaded  on {ampm}", "",
                "All use subject to JSTOR Terms and Conditions"]
    if kind == "authorized":
        return [f"This content downloaded by the authorized user from {ip} on {ampm}",
                "All use subject to JSTOR Terms and Conditions"]
    if kind == "split":
        return ["This content downloaded from", f"{ip} on {when} UTC",
                "All use subject to https://about.jstor.org/terms"]
    if kind == "ipv6":
        return [f"This content downloaded from 2001:db8::{ip.split('.')[-1]} on {when} UTC",
                "All use subject to https://about.jstor.org/terms"]
    return []


def cover_lines(d: Design, title: str, author: str) -> list[str]:
    m = d.meta
    if d.cover == "modern":
        return [title, f"Published by: {m['org']}",
                f"Stable URL: https://www.jstor.org/stable/resrep{m['stable'] % 100000}",
                f"Accessed: {m['stamp_date'][5:16].replace(' ', '-')} UTC", "",
                "JSTOR is a not-for-profit service that helps scholars, researchers, and "
                "students discover, use, and build upon a wide",
                "range of content in a trusted digital archive. We use information technology "
                "and tools to increase productivity and",
                "facilitate new forms of scholarship. For more information about JSTOR, please "
                "contact support@jstor.org.", "",
                "Your use of the JSTOR archive indicates your acceptance of the Terms & "
                "Conditions of Use, available at",
                "https://about.jstor.org/terms", "",
                f"{m['org']} is collaborating with JSTOR to digitize, preserve and extend "
                "access to this content."]
    if d.cover == "chapter":
        return [f"Chapter Title: {title}", f"Book Title: {m['series']}",
                f"Published by: {m['press']}",
                f"Stable URL: https://www.jstor.org/stable/j.ctv{m['stable']}.{m['issue']}", "",
                "JSTOR is a not-for-profit service that helps scholars, researchers, and "
                "students discover, use, and build upon a wide",
                "range of content in a trusted digital archive.", "",
                "Your use of the JSTOR archive indicates your acceptance of the Terms & "
                "Conditions of Use, available at",
                "https://about.jstor.org/terms"]
    return [title, f"Author(s): {author}",
            f"Source: {m['journal']}, Vol. {m['volume']}, No. {m['issue']} "
            f"({MONTHS[m['issue'] * 3 - 1][:3]}., {m['year']}), pp. {m['first_page']}-"
            f"{m['first_page'] + d.pages}",
            f"Published by: {m['press']}",
            f"Stable URL: http://www.jstor.org/stable/{m['stable']}",
            f"Accessed: {m['stamp_date'][5:7]}/{MONTHS.index(_month(m)) + 1:02d}/"
            f"{m['stamp_date'][12:16]} {m['stamp_date'][17:22]}", "",
            "Your use of the JSTOR archive indicates your acceptance of JSTOR's Terms and "
            "Conditions of Use, available at",
            "http://www.jstor.org/page/info/about/policies/terms.jsp. JSTOR's Terms and "
            "Conditions of Use provides, in part, that unless",
            "you have obtained prior permission, you may not download an entire issue of a "
            "journal or multiple copies of articles, and you",
            "may use content in the JSTOR archive only for your personal, non-commercial use.",
            "", "Please contact the publisher regarding any further use of this work.", "",
            "Each copy of any part of a JSTOR transmission must contain the same copyright "
            "notice that appears on the screen or printed",
            "page of such transmission.", "",
            f"{m['press']} is collaborating with JSTOR to digitize, preserve and extend access "
            f"to {m['journal']}."]


def _month(m: dict[str, Any]) -> str:
    abbr = m["stamp_date"][8:11]
    return next(x for x in MONTHS if x.startswith(abbr))


def furniture(d: Design, page: int, total: int, short: str,
              author: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(header, footer) lines of page ``page`` (0-based) as (text, kind); '' text is blank."""
    m = d.meta
    num = m["first_page"] + page
    w = d.width
    head: list[tuple[str, str]] = []
    foot: list[tuple[str, str]] = []
    if d.style == "journal":
        if page == 0:
            foot = [(f"{m['journal']}, Vol. {m['volume']}, No. {m['issue']} ({m['year']})",
                     "footer")]
        elif page % 2:
            head = [(f"{num}{' ' * 6}{m['journal'].upper()}", "header"), ("", "")]
        else:
            text = short.upper()
            head = [(f"{text}{' ' * max(2, w - len(text) - len(str(num)))}{num}", "header"),
                    ("", "")]
    elif d.style == "briefing":
        if page > 0:
            head = [(short, "header"), ("", ""),
                    (f"{m['series']} {m['number_word']}{m['number']}, {m['date']} Page {num}",
                     "header"), ("", ""), (" ", ""), ("", "")]
    elif d.style == "pageword":
        if page > 0:
            head = [(m["org"], "header"), ("", "")]
        foot = [("", ""), (f"{'PAGE' if m['number'] % 2 else 'Page'} {num}", "pagenum")]
    elif d.style == "dashes":
        label = f"- {num} -" if m["number"] % 3 else f"– {num} –"
        foot = [("", ""), (f"{' ' * ((w - len(label)) // 2)}{label}", "pagenum")]
    elif d.style == "pageof":
        if page > 0:
            head = [(f"{short} | {m['date']}", "header"), ("", "")]
        foot = [("", ""), (f"Page {num} of {m['first_page'] + total - 1}", "pagenum")]
    elif d.style == "barenum":
        foot = [("", ""), (f"{' ' * (w // 2 - 2)}{num}", "pagenum")]
    elif d.style == "workingpaper":
        if page > 0:
            text = author if page % 2 else f"{m['org']} Working Paper No. {m['number']}/{m['year']}"
            head = [(text, "header"), ("", "")]
        label = str(num)
        foot = [("", ""), ((label if page % 2 else " " * (w - len(label)) + label), "pagenum")]
    return head, foot


def damage_header(text: str, rng: random.Random, level: float) -> str:
    """A running head cut short or garbled, as extraction leaves some of them."""
    if not text.strip() or rng.random() >= level:
        return text
    if rng.random() < 0.6 and len(text.strip()) > 14:
        keep = rng.randint(max(9, len(text) // 3), len(text) - 3)
        return text[:keep]
    chars = list(text)
    letters = [i for i, c in enumerate(chars) if c.isalpha()]
    for i in rng.sample(letters, min(len(letters), rng.randint(1, 2))):
        chars[i] = rng.choice("rnmilcoe")
    return "".join(chars)


# ---------------------------------------------------------------------------------------------
# Content


def _tokens(text: str) -> list[Token]:
    return [Token(t) for t in text.split()]


class Deck:
    """The excerpts' sentences dealt in random order, each once before any comes again."""

    def __init__(self, sentences: list[str], rng: random.Random) -> None:
        self.sentences, self.rng, self.cards = sentences, rng, []  # type: list[str]
        self.openers: set[str] = set()

    def deal(self) -> str:
        if not self.cards:
            self.cards = list(self.sentences)
            self.rng.shuffle(self.cards)
        return self.cards.pop()

    def paragraph(self, length: int) -> str:
        """About ``length`` characters of sentences, opening with one that opened none."""
        first = self.deal()
        for _try in range(20):
            if first not in self.openers:
                break
            first = self.deal()
        self.openers.add(first)
        out = [first]
        size = len(first)
        while size < length:
            out.append(self.deal())
            size += len(out[-1]) + 1
        return " ".join(out)


def _short_title(title: str) -> str:
    return re.sub(r"^(?:Chapter\s+)?[\dA-Z]+(?:\.\d+)*\.?\s+", "", title).strip() or title


def content(d: Design, rng: random.Random, scale: float = 1.0) \
        -> tuple[list[Para], dict[int, list[Token]], str, str, list[str]]:
    """Paragraphs (title block first), footnote bodies by number, title, author, sources."""
    prose = load_prose()
    secs = prose.sections
    start = rng.randrange(len(secs))
    # Enough text to fill the pages, with room to spare: the pages past the last are cut off.
    need = int(d.pages * d.lines_per_page * d.width / 6.0 * 0.55 * scale) + 40
    first = secs[start]
    title = _short_title(first.title) if first.title else first.paras[0].split(".")[0][:60]
    author = rng.choice(["Raphaël Hertzog and Roland Mas", "Bdale Garbee",
                         "Debian Documentation Team", "Javier Fernández-Sanguino",
                         "Martin Schulze and Craig Small", "Ian Murdock"])
    m = d.meta
    paras = [Para("title", _tokens(title))]
    if d.style in ("briefing", "pageof"):
        paras.append(Para("title", _tokens(f"{m['series']} {m['number_word']}{m['number']}")))
        paras.append(Para("title", _tokens(f"{m['place']}, {m['date']}")))
    else:
        paras.append(Para("title", _tokens(author)))
    words = 0
    sources: list[str] = []
    k = start
    deck = Deck(prose.sentences, rng)
    while words < need or len(paras) < 3:
        sec = secs[k % len(secs)]
        repeat = k >= start + len(secs)
        k += 1
        sources.append(f"{sec.source}:{sec.page}")
        if sec.title and k - 1 != start and not repeat:
            paras.append(Para("heading", _tokens(sec.title)))
        for text in sec.paras:
            if repeat:
                # The excerpts are shorter than the longest documents, but a real report does
                # not repeat itself, and a line that recurs at a steady interval reads as page
                # furniture: passes after the first leave out headings and short paragraphs
                # and rebuild each paragraph from the excerpts' sentences, never opening two
                # with the same one, so that no line recurs verbatim.
                if len(text) < 2 * d.width:
                    continue
                text = deck.paragraph(len(text))
            else:
                deck.openers.add(_SENTENCE.split(text, 1)[0])
            paras.append(Para("text", _tokens(text)))
            words += len(paras[-1].tokens)
            if words >= need and len(paras) >= 3:
                break
    notes: dict[int, list[Token]] = {}
    # Each note of the excerpts once, in a random order; then notes of one to three
    # sentences, none opening with a sentence that opened another (a footnote's first line
    # that recurs at page feet reads as a running footer).
    pool = list(prose.notes)
    rng.shuffle(pool)
    n = 0
    for para in paras:
        if para.kind != "text":
            continue
        for i, tok in enumerate(para.tokens):
            if i == 0 or d.marker_rate == 0:
                continue
            glued = tok.text[-1] in ".,;:)”\""
            rate = d.marker_rate * (4 if glued else 0.4)
            if rng.random() < rate:
                n += 1
                tok.marker = n
                text = pool.pop() if pool else deck.paragraph(rng.randint(40, 400))
                notes[n] = _tokens(text)
    return paras, notes, title, author, list(dict.fromkeys(sources))


# ---------------------------------------------------------------------------------------------
# Pages


@dataclass(slots=True)
class Page:
    body: list[TLine]
    notes: list[TLine]


def body_lines(d: Design, paras: list[Para], rng: random.Random) -> list[TLine]:
    """All body lines in order, with the blank lines that separate paragraphs.

    A body token's key is (paragraph, token), so the truth knows its paragraph.
    """
    out: list[TLine] = []
    for p_index, para in enumerate(paras):
        text = para.kind == "text"
        if text:
            lines = typeset(para.tokens, "body", d.width, rng, d.p_soft, d.p_lexical,
                            indent=3 if d.para_sep == "indent" else 0, para=p_index)
        else:
            lines = typeset(para.tokens, "body", d.width, rng, 0.0, 0.0, para=p_index)
        if (not text or d.para_sep == "blank") and out and out[-1].kind != "blank":
            out.append(_plain("", "blank"))
        for line in lines:
            if not text:
                line.kind = "heading"
        if text and lines:
            lines[-1].kind = "body_end"
        out.extend(lines)
        if not text or d.para_sep == "blank":
            out.append(_plain("", "blank"))
    while out and out[-1].kind == "blank":
        out.pop()
    return out


def note_lines(d: Design, n: int, tokens: list[Token], rng: random.Random) -> list[TLine]:
    hang = len(str(n)) + 1 if d.fn_hang else 0
    return typeset(tokens, f"fn:{n}", d.fn_width, rng, d.p_soft, d.p_lexical,
                   label=str(n), hang=hang)


def paginate(d: Design, body: list[TLine], notes: dict[int, list[TLine]],
             capacity: int) -> list[Page]:
    """Fill pages: a line's footnotes go to the foot of its page, continued when too long."""
    sep_n = 3 if d.fn_sep == "spaces" else 2
    pages: list[Page] = []
    i = 0
    carry: list[TLine] = []
    while i < len(body) or carry:
        page = Page([], carry)
        carry = []
        while i < len(body) and not page.body and body[i].kind == "blank":
            i += 1
        while i < len(body):
            line = body[i]
            new = [ln for n in line.notes for ln in notes.get(n, [])]
            sep = sep_n if (page.notes or new) else 0
            used = len(page.body) + 1 + len(page.notes) + sep
            if used + len(new) <= capacity:
                page.body.append(line)
                page.notes += new
                i += 1
            elif new and used + 2 <= capacity:
                room = capacity - used
                page.body.append(line)
                page.notes += new[:room]
                carry += new[room:]
                i += 1
                break
            elif not page.body:
                page.body.append(line)
                page.notes += new
                i += 1
            else:
                break
        while page.body and page.body[-1].kind == "blank":
            page.body.pop()
        pages.append(page)
    return pages


# ---------------------------------------------------------------------------------------------
# Damage


def _split(cells: list[Cell], k: int) -> tuple[list[Cell], list[Cell]]:
    """The cells before and after character position ``k`` (a token's cell is split)."""
    pos = 0
    for i, (text, prov) in enumerate(cells):
        if pos + len(text) > k:
            off = k - pos
            if off == 0:
                return cells[:i], cells[i:]
            right = ("t", prov[1], prov[2], prov[3] + off) if prov and prov[0] == "t" else prov
            return [*cells[:i], (text[:off], prov)], [(text[off:], right), *cells[i + 1:]]
        pos += len(text)
    return list(cells), []


def _allowed(cells: list[Cell], lo: int, hi: int) -> list[int]:
    """Cut positions in [lo, hi) that split no marker and no footnote number."""
    bad: set[int] = set()
    pos = 0
    for text, prov in cells:
        if prov and prov != "break" and prov[0] in "md":
            bad.update(range(pos + 1, pos + len(text)))
        pos += len(text)
    return [k for k in range(lo, hi) if k not in bad]


def damage_line(line: TLine, rng: random.Random, where: str) -> None:
    """Cut ``line`` at its end, start or inside, or drop it (leaving a blank line)."""
    cells = line.cells
    s = line.string
    hi = len(s)
    lo = len(s) - len(s.lstrip(" "))
    if hi - lo < 6:
        return
    label_end = lo
    first = next((c for c in cells if c[0].strip()), None)
    if first is not None and first[1] and first[1][0] == "d":
        label_end = lo + len(first[0])
    if where == "drop":
        line.cells = [BREAK] + ([(" ", None)] if rng.random() < 0.3 else [])
        line.damage = "drop"
        return
    if where == "end":
        choices = _allowed(cells, max(lo + 2, label_end + 2), hi - 1)
        if not choices:
            return
        line.cells = _split(cells, rng.choice(choices))[0] + [BREAK]
    elif where == "start":
        choices = _allowed(cells, max(lo + 1, label_end + 2), hi - 3)
        if not choices:
            return
        right = _split(cells, rng.choice(choices))[1]
        if label_end > lo:  # a footnote's number survived: the text after it was lost
            line.cells = _split(cells, label_end)[0] + [(" ", None), BREAK] + right
            where = "inside"
        else:
            lead = [(" ", None)] if rng.random() < 0.3 else []
            line.cells = [*lead, BREAK, *right]
    elif where == "inside":
        a_choices = _allowed(cells, max(lo + 3, label_end + 3), hi - 8)
        if not a_choices:
            return
        a = rng.choice(a_choices)
        b_choices = _allowed(cells, a + 2, min(hi - 3, a + 40))
        if not b_choices:
            return
        b = rng.choice(b_choices)
        mid: list[Cell] = [BREAK]
        # Extraction leaves a space where a lost run of text stood between two words.
        if s[a - 1] != " " and s[b] != " ":
            mid = [(" ", None), BREAK]
        line.cells = _split(cells, a)[0] + mid + _split(cells, b)[1]
    line.damage = where


def detach_marker(line: TLine, rng: random.Random) -> bool:
    """Lose the text before a marker, leaving the marker at the line's start or alone."""
    cells = line.cells
    spots = [k for k in range(1, len(cells)) if cells[k][1] and cells[k][1][0] == "m"
             and cells[k - 1][1] and cells[k - 1][1][0] == "t"]
    if not spots:
        return False
    k = rng.choice(spots)
    alone = rng.random() < 0.4 or k + 1 >= len(cells)
    line.cells = [BREAK, cells[k]] + ([BREAK] if alone else cells[k + 1:])
    line.damage = "alone" if alone else "detach"
    return True


def apply_damage(d: Design, lines: list[TLine], rng: random.Random) -> None:
    """Damage body and footnote lines as the real sample's extraction did."""
    p = d.damage
    text_lines = [ln for ln in lines if ln.kind in ("body", "body_end", "note")]
    for idx, line in enumerate(text_lines):
        if line.damage:
            continue
        r = rng.random()
        if line.notes and rng.random() < p["p_detach"] and line.kind != "note":
            detach_marker(line, rng)
            continue
        if r < p["p_end"]:
            damage_line(line, rng, "end")
        elif r < p["p_end"] + p["p_start"]:
            damage_line(line, rng, "start")
        elif r < p["p_end"] + p["p_start"] + p["p_inside"]:
            damage_line(line, rng, "inside")
        elif r < p["p_end"] + p["p_start"] + p["p_inside"] + p["p_drop"]:
            damage_line(line, rng, "drop")
        elif r < sum(p[k] for k in ("p_end", "p_start", "p_inside", "p_drop", "p_span")) \
                and idx + 1 < len(text_lines) and not text_lines[idx + 1].damage:
            damage_line(line, rng, "end")
            damage_line(text_lines[idx + 1], rng, "start")


# ---------------------------------------------------------------------------------------------
# Truth


@dataclass(slots=True)
class TruthTok:
    text: str
    key: Any
    markers: list[int] = field(default_factory=list)
    hy_open: bool = False

    def render(self) -> str:
        return self.text + "".join(f"[^{n}]" for n in self.markers)


def build_truth(parts: dict[str, list[TLine]]) -> tuple[dict[str, list[TruthTok]],
                                                        dict[tuple[int, int], tuple[str, int]]]:
    """Tokens of each part from the surviving characters, and where each cell went.

    A token's characters join while they follow each other in the token with no damage
    between them, across a line end too (the hyphen that broke them is then resolved). A soft
    hyphen whose continuation was lost stays ("al-"). A marker goes with the surviving text
    before it. Returns the tokens per part, and for each cell (id of its line, position) the
    index of the token it landed in.
    """
    out: dict[str, list[TruthTok]] = {}
    placed: dict[tuple[int, int], tuple[str, int]] = {}
    for part, lines in parts.items():
        toks: list[TruthTok] = []
        last_key: Any = None
        last_end = -1
        broken = True
        hy: TruthTok | None = None
        for line in lines:
            lid = id(line)
            for pos, (text, prov) in enumerate(line.cells):
                if prov is None:
                    continue
                if prov == "break":
                    broken = True
                    if hy is not None:
                        hy.text += "-"
                        hy = None
                    continue
                tag = prov[0]
                if tag == "d":
                    continue
                if tag == "h":
                    hy = toks[-1] if toks else None
                    continue
                if tag == "m":
                    n = prov[2]
                    if toks:
                        toks[-1].markers.append(n)
                    else:
                        toks.append(TruthTok("", None, [n]))
                    placed[(lid, pos)] = (part, len(toks) - 1)
                    continue
                key, ci = prov[2], prov[3]
                if not broken and toks and key == last_key and ci == last_end:
                    toks[-1].text += text
                    hy = None
                else:
                    if hy is not None:
                        hy.text += "-"
                        hy = None
                    toks.append(TruthTok(text, key))
                last_key, last_end, broken = key, ci + len(text), False
                placed[(lid, pos)] = (part, len(toks) - 1)
        if hy is not None:
            hy.text += "-"
        out[part] = [t for t in toks if t.text or t.markers]
    return out, placed


# ---------------------------------------------------------------------------------------------
# The whole document


@dataclass(slots=True)
class Document:
    name: str
    text: str
    truth: dict[str, Any]


def make_document(seed: int, index: int, pages: int | None = None,
                  style: str | None = None) -> Document:
    """Generate document ``index`` of the corpus with ``seed`` (deterministic)."""
    d = design(seed, index, pages, style)
    stamp = stamp_lines(d)
    scale = 1.0
    for _attempt in range(4):
        # Text for a little more than the pages asked for; the pages past them are cut off.
        rng = random.Random(f"cleanup-corpus/{seed}/{index}/text")
        paras, note_tokens, title, author, sources = content(d, rng, scale)
        body = body_lines(d, paras, rng)
        notes = {n: note_lines(d, n, toks, rng) for n, toks in note_tokens.items()}
        short = title if len(title) <= 48 else title[:48].rsplit(" ", 1)[0]
        probe_head, probe_foot = furniture(d, 1, 2, short, author)
        reserve = len(probe_head) + len(probe_foot) + (len(stamp) + 1 if stamp else 0)
        capacity = max(12, d.lines_per_page - reserve)
        pages = paginate(d, body, notes, capacity)
        if len(pages) >= d.pages:
            break
        scale *= 1.2 * d.pages / len(pages)
    pages = pages[:d.pages]

    # Assemble the input: cover, then each page's stamp, head, body, notes, foot.
    out: list[TLine] = []
    page_starts: list[int] = []
    if d.cover:
        for text in cover_lines(d, title, author):
            out.append(_plain(text, "cover" if text else "blank"))
        out.append(_plain("", "blank"))
        for text in stamp:
            out.append(_plain(text, "watermark" if text else "blank"))
        out.append(_plain("", "blank"))
    frng = random.Random(f"cleanup-corpus/{seed}/{index}/furniture")
    for p, page in enumerate(pages):
        page_starts.append(len(out))
        head, foot = furniture(d, p, len(pages), short, author)
        stamped = bool(stamp) and (d.watermark_every or frng.random() < 0.3 or
                                   p == len(pages) - 1)
        if stamped and d.watermark_pos == "top":
            out += [_plain(t, "watermark" if t else "blank") for t in stamp]
            out += [_plain("", "blank")] * frng.randint(1, 3)
        for text, kind in head:
            if kind:
                text = damage_header(text, frng, d.header_damage)
            out.append(_plain(text, kind or "blank"))
        out.extend(page.body)
        if page.notes:
            if d.fn_sep == "spaces":
                out += [_plain("", "blank"), _plain(" ", "sep"), _plain(" ", "sep")]
            else:
                out += [_plain("", "blank"),
                        _plain("_" * frng.choice([22, 30, 40]), "rule")]
            out.extend(page.notes)
        for text, kind in foot:
            out.append(_plain(text, kind or "blank"))
        if stamped and d.watermark_pos == "bottom":
            out += [_plain("", "blank")] * frng.randint(1, 2)
            out += [_plain(t, "watermark" if t else "blank") for t in stamp]
        out += [_plain("", "blank")] * frng.randint(0, 2)
    while out and out[-1].kind == "blank" and not out[-1].string:
        out.pop()

    drng = random.Random(f"cleanup-corpus/{seed}/{index}/damage")
    apply_damage(d, out, drng)

    # Parts in reading order: body lines page by page; each footnote's lines in order.
    parts: dict[str, list[TLine]] = {"body": []}
    for line in out:
        if line.part:
            parts.setdefault(line.part, []).append(line)
    truth_tokens, placed = build_truth(parts)

    # Render the text lines, number them, and record what the truth needs.
    texts: list[str] = []
    mrng = random.Random(f"cleanup-corpus/{seed}/{index}/glyphs")
    boiler: list[dict[str, Any]] = []
    starts = set(page_starts[1:]) if d.form_feeds else set()
    if d.form_feeds and d.cover and page_starts:
        starts.add(page_starts[0])
    for i, line in enumerate(out):
        line.no = i + 1
        text = line.string
        # Some extractors end each line with a space and a paragraph's last with two, but
        # not a line that ends in a hyphen or lost its end.
        if line.kind in ("body", "body_end", "heading", "note") and d.trailing != "none" \
                and text.strip() and not text.endswith("-") and line.cells[-1] != BREAK:
            end = line.kind in ("body_end", "heading") and d.trailing == "two"
            text += "  " if end else " "
        line.text = text
        shown = _glyphs(text, d, mrng)
        if i in starts:
            shown = "\f" + shown
        texts.append(shown)
        if line.kind in ("cover", "watermark", "header", "footer", "pagenum", "rule") \
                and text.strip():
            boiler.append({"line": line.no, "kind": line.kind})

    body_toks = truth_tokens.get("body", [])
    body_paras: list[list[str]] = []
    last_para: Any = object()
    for t in body_toks:
        para = t.key[0] if t.key is not None else last_para
        if para != last_para or not body_paras:
            body_paras.append([])
            last_para = para
        body_paras[-1].append(t.render())
    footnotes = {}
    for part, toks in truth_tokens.items():
        if part.startswith("fn:") and toks:
            footnotes[part[3:]] = " ".join(t.render() for t in toks)
    footnotes = dict(sorted(footnotes.items(), key=lambda kv: int(kv[0])))
    markers = [{"n": n, "after": t.text} for t in body_toks for n in t.markers]

    # A footnote hyphen's tok_index counts on through the footnotes, in number order, after
    # the body (as in the shared eval samples).
    offsets = {"body": 0}
    count = len(body_toks)
    for key in footnotes:
        offsets[f"fn:{key}"] = count
        count += len(footnotes[key].split())
    hyphens = _hyphens(out, placed, truth_tokens, offsets)
    cut_detail = _cuts(parts)
    truth = {
        "name": d.name, "set": "corpus", "style": d.style,
        "source": "+".join(sorted({s.split(":")[0] for s in sources})),
        "source_ids": sources[:50],
        "generator": {"script": GENERATOR, "version": VERSION, "master_seed": seed,
                      "index": index, "packages": load_prose().versions},
        "layout": {"width": d.width, "fn_width": d.fn_width,
                   "lines_per_page": d.lines_per_page, "pages": len(pages),
                   "form_feeds": d.form_feeds, "watermark": d.watermark,
                   "watermark_pos": d.watermark_pos if d.watermark else None,
                   "watermark_every": d.watermark_every, "cover": d.cover,
                   "para_sep": d.para_sep, "fn_sep": d.fn_sep, "fn_hang": d.fn_hang,
                   "trailing_spaces": d.trailing, "p_soft": d.p_soft,
                   "header_damage": d.header_damage, "mojibake": d.mojibake,
                   "ligatures": d.ligatures},
        "damage": {k: round(v, 4) for k, v in d.damage.items()},
        "n_input_lines": len(texts),
        "body": "\n\n".join(" ".join(p) for p in body_paras),
        "footnotes": footnotes,
        "markers": markers,
        "cut_lines": [c["line"] for c in cut_detail],
        "cut_detail": cut_detail,
        "boilerplate_lines": boiler,
        "hyphens": hyphens,
        # Markers whose text before was lost: left at a line's start ("4 the maintainer") or
        # alone on a line ("4"); the truth attaches them to the text before.
        "detached_markers": [
            {"line": line.no, "n": next(p[2] for _c, p in line.cells
                                        if p and p != "break" and p[0] == "m"),
             "alone": line.damage == "alone"}
            for line in out if line.damage in ("detach", "alone")],
    }
    return Document(d.name, "\n".join(texts) + "\n", truth)


def _glyphs(text: str, d: Design, rng: random.Random) -> str:
    """Ligatures and mojibake, as some extractors and encodings leave them."""
    if d.ligatures and rng.random() < d.ligatures:
        for plain, lig in _LIGATURES:
            if plain in text and rng.random() < 0.7:
                text = text.replace(plain, lig)
    if d.mojibake and not text.isascii() and rng.random() < d.mojibake:
        import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

        text = text.encode("utf-8").decode("sloppy-windows-1252")
    return text


def _hyphens(lines: list[TLine], placed: dict[tuple[int, int], tuple[str, int]],
             tokens: dict[str, list[TruthTok]], offsets: dict[str, int]) -> list[dict[str, Any]]:
    """Every line-end break inside a word whose two halves both survived, with its truth."""
    out = []
    by_part: dict[str, list[TLine]] = {}
    for line in lines:
        if line.part:
            by_part.setdefault(line.part, []).append(line)
    for part, plines in by_part.items():
        for a, b in itertools.pairwise(plines):
            if a.hyphen is None:
                continue
            left = _last_token_cell(a)
            right = _first_token_cell(b)
            if left is None or right is None:
                continue
            ta = placed.get((id(a), left))
            tb = placed.get((id(b), right))
            if ta is None or ta != tb:
                continue
            tok = tokens[part][ta[1]]
            words = a.text.split()
            nexts = b.text.split()
            out.append({"line": a.no, "kind": a.hyphen[0], "left": words[-1] if words else "",
                        "right": nexts[0] if nexts else "", "part": part,
                        "token": tok.render(), "word": tok.text.strip("\"'“”‘’()[],.;:!?"),
                        "tok_index": offsets[part] + ta[1]})
    out.sort(key=lambda h: h["line"])
    return out


def _last_token_cell(line: TLine) -> int | None:
    cells = line.cells
    k = len(cells) - 1
    if k >= 0 and cells[k][1] == ("h",):
        k -= 1
    return k if k >= 0 and cells[k][1] and cells[k][1] != "break" and cells[k][1][0] == "t" \
        else None


def _first_token_cell(line: TLine) -> int | None:
    for k, (_c, prov) in enumerate(line.cells):
        if prov is None:
            continue
        return k if prov != "break" and prov[0] == "t" else None
    return None


def _cuts(parts: dict[str, list[TLine]]) -> list[dict[str, Any]]:
    """Lines whose text the extraction cut, and lines ending in a hyphen whose continuation
    was lost whole (ARTIFACTS.md: such a line is flagged too)."""
    out: dict[int, str] = {}
    for lines in parts.values():
        for i, line in enumerate(lines):
            if line.damage in ("end", "start", "inside"):
                out[line.no] = line.damage
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if line.hyphen and not line.damage and nxt is not None and nxt.damage == "drop":
                out[line.no] = "end"
    return [{"line": n, "where": w} for n, w in sorted(out.items())]


# ---------------------------------------------------------------------------------------------
# Corpora


# The fixed corpus of the accuracy benchmark: page counts from 1 to 1,000.
FIXED_PAGES = [1, 1, 1, 2, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
               18, 20, 22, 24, 26, 28, 30, 33, 36, 40, 45, 50, 55, 60, 70, 80, 90, 100, 120,
               150, 200, 300, 1000]


def fixed_corpus(seed: int = DEFAULT_SEED) -> Iterator[Document]:
    """The accuracy benchmark's documents, one per entry of FIXED_PAGES."""
    for index, pages in enumerate(FIXED_PAGES):
        yield make_document(seed, index, pages)


def write_corpus(folder: Path, docs: Iterator[Document] | list[Document]) -> list[str]:
    """Write NAME.txt and NAME.truth.json for each document; return the names."""
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for doc in docs:
        (folder / f"{doc.name}.txt").write_bytes(doc.text.encode("utf-8"))
        (folder / f"{doc.name}.truth.json").write_bytes(
            (json.dumps(doc.truth, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        names.append(doc.name)
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write NAME.txt + NAME.truth.json")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--count", type=int, help="this many documents of random length "
                        "(default: the fixed corpus of the accuracy benchmark)")
    parser.add_argument("--pages", type=int, help="with --count: pages per document")
    args = parser.parse_args()
    if args.count:
        docs: Iterator[Document] = (make_document(args.seed, i, args.pages)
                                    for i in range(args.count))
    else:
        docs = fixed_corpus(args.seed)
    names = write_corpus(args.out, docs)
    print(f"wrote {len(names)} documents to {args.out}")


if __name__ == "__main__":
    main()
