"""Typeset report-shaped documents with real engines; extract them with real extractors.

    python benchmarks/real/build_typeset.py [--only ID ...] [--keep-pdf] [--jobs N]

The typeset half of the real-document corpus (``benchmarks/real/FORMAT.md``). Each document is
drawn from one seeded generator: real prose (``benchmarks/prose/``, GPL-2+) shaped as a policy
briefing, a journal article or a court opinion, written as LaTeX (``ID.tex``, rendered by
pdflatex with one of several classes) or as Flat ODT (``ID.fodt``, rendered by LibreOffice
headless, some through a ``.docx`` round trip). The PDF is read as users read it: pypdf
``extract_text()`` per page joined with "\\n" and plain ``pdftotext -enc UTF-8``.

Truth comes from the source we wrote, never from cleanup: every running head, page-number
format, stamp and cover line is a pattern built from the strings the writer put in the source;
every note's label and text and every marker's preceding token are known. pdfplumber is used
only to *locate* them: which page a known note starts on (and where the page cuts it), which
page a marker landed on, which header/footer band lines a known furniture pattern explains.
Pages where a known label cannot be located leave it out and say so in ``labelling``.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import shutil
import string
import subprocess
import sys
import tempfile
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from corpus import load_prose  # noqa: E402  (benchmarks/corpus.py: the shared prose reader)

DOCS = HERE / "docs"
GENERATOR = "benchmarks/real/build_typeset.py"
BASE_SEED = 19_2026

# ---------------------------------------------------------------------------------------------
# Names and places the front matter draws from (invented organisations, real Debian people and
# URLs, the prose's own subject).

ORGS = ["Meridian Policy Institute", "Centre for Open Infrastructure",
        "Institute for Software Commons", "Harbour Research Group",
        "Northgate Centre for Digital Governance", "Lakeside Forum on Public Technology"]
SERIES = ["Commons Policy Briefing", "Open Infrastructure Report", "Digital Governance Brief",
          "Policy Paper", "Working Paper", "Occasional Paper", "Asia Report"]
JOURNALS = [("Journal of Free Software History", "J. Free Softw. Hist."),
            ("Annals of Software Governance", "Ann. Softw. Gov."),
            ("Review of Open Systems", "Rev. Open Syst."),
            ("Quarterly of Digital Commons", "Q. Digit. Commons"),
            ("Biometrics of Software Communities", "Biom. Softw. Commun.")]
PRESSES = ["Northgate University Press", "Lakeside Academic Press", "Meridian Institute",
           "Harbour University Press", "Wiley on behalf of the Society for Open Systems"]
PEOPLE = ["Ian Murdock", "Bruce Perens", "Ian Jackson", "Bdale Garbee", "Martin Michlmayr",
          "Branden Robinson", "Anthony Towns", "Steve McIntyre", "Sam Hocevar",
          "Stefano Zacchiroli", "Lucas Nussbaum", "Mehdi Dogguy", "Chris Lamb", "Raphaël Hertzog",
          "Roland Mas", "Jonathan Carter", "Wichert Akkerman", "Ana Guerrero López",
          "Enrico Zini", "Holger Levsen", "Margarita Manterola", "Tollef Fog Heen"]
AFFILS = ["Department of Computer Science, Northgate University, Leeds, UK",
          "Centre for Open Infrastructure, Brussels, Belgium",
          "School of Public Policy, Harbour University, Halifax, Canada",
          "Institute for Software Commons, Oslo, Norway",
          "Faculty of Law, Lakeside University, Geneva, Switzerland",
          "Department of Statistics, Meridian University, Dunedin, New Zealand"]
URLS = ["https://www.debian.org/social_contract", "https://www.debian.org/devel/constitution",
        "https://www.debian.org/releases/", "https://lists.debian.org/debian-devel/",
        "https://wiki.debian.org/LTS", "https://bugs.debian.org/", "https://www.spi-inc.org/",
        "https://www.debian.org/vote/", "https://www.debian.org/doc/manuals/project-history/",
        "https://www.debian.org/News/", "https://ftp-master.debian.org/",
        "https://release.debian.org/", "https://www.gnu.org/philosophy/free-sw.html",
        "https://opensource.org/osd", "https://debian-handbook.info/"]
COURTS = [("UNITED STATES DISTRICT COURT", "FOR THE DISTRICT OF COLUMBIA"),
          ("UNITED STATES DISTRICT COURT", "SOUTHERN DISTRICT OF NEW YORK"),
          ("IN THE UNITED STATES COURT OF APPEALS", "FOR THE NINTH CIRCUIT"),
          ("SUPERIOR COURT OF THE STATE OF CALIFORNIA", "COUNTY OF SAN FRANCISCO")]
PARTIES = ["Falcot Corp.", "Software in the Public Interest, Inc.", "Debian Users Association",
           "Harbour Networks LLC", "Meridian Software Ltd.", "Open Archive Foundation"]
JUDGES = ["ROSEMARY M. COLLYER", "AMY BERMAN JACKSON", "JAMES E. BOASBERG", "LUCY H. KOH",
          "WILLIAM ALSUP", "JED S. RAKOFF"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
ROW_LABELS = [["Developers", "Packages", "Architectures", "Release date"],
              ["Personal Exemption:", "Standard Deduction:", "Tax Credit:", "Net Liability:"],
              ["Source packages", "Binary packages", "Lines of code (millions)", "Maintainers"],
              ["Votes cast", "Quorum", "Turnout (%)", "Winning option"]]
SHORT_NOTES = ["Ibid.", "Ibid., p. {p}.", "See note {n} above.", "Id. at {p}.",
               "See above, section {s}.", "Ibid., pp. {p}–{q}."]

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"(])")


# ---------------------------------------------------------------------------------------------
# The content model: what a writer puts in the source, and hence the truth.


@dataclass
class Block:
    """A body block: a paragraph (``p``) with note calls, a bullet list, a table, a subhead."""

    kind: str                                        # p, ul, table, h2
    words: list[str] = field(default_factory=list)   # p, h2
    calls: dict[int, int] = field(default_factory=dict)   # token index -> note number
    items: list[str] = field(default_factory=list)   # ul
    caption: str = ""                                # table
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Sec:
    title: str
    blocks: list[Block]


@dataclass
class Content:
    shape: str                    # policy, journal, court
    title: str
    short_title: str
    authors: list[str]
    affils: list[str]
    date: str
    series: str                   # "Commons Policy Briefing No. 263" / journal line / case no.
    org: str
    summary_title: str
    summary: list[Block]
    sections: list[Sec]
    notes: list[str]              # note n is notes[n-1]
    references: list[str]
    extra: dict[str, Any] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)   # the printed label of note n

    def label(self, n: int) -> str:
        return self.labels[n - 1] if self.labels else str(n)

    def per_chapter_labels(self) -> None:
        """Books and reports restart note numbers in every chapter."""
        self.labels = []
        for s in self.sections:
            k = 0
            for b in s.blocks:
                for _i, _n in sorted(b.calls.items()):
                    k += 1
                    self.labels.append(str(k))

    def paragraphs(self) -> list[Block]:
        """Every block that can carry note calls, in reading order."""
        out = [b for b in self.summary if b.kind == "p"]
        for s in self.sections:
            out += [b for b in s.blocks if b.kind == "p"]
        return out


def smarten(text: str) -> str:
    """Typographic quotes and dashes, so the source says what the PDF will draw."""
    text = text.replace(" -- ", " – ")        # a spaced dash; "--hostname" stays an option
    text = re.sub(r'(^|[\s(\[])"', r"\1“", text)
    text = text.replace('"', "”")
    text = re.sub(r"(^|[\s(\[])'", r"\1‘", text)
    return text.replace("'", "’")


def clean_title(title: str) -> str:
    title = re.sub(r"^(Chapter|Appendix)\s+[\dA-Z]+\.\s*", "", title)
    title = re.sub(r"^(\d+|[A-Z])(\.\d+)*\.\s+", "", title)
    return smarten(title.strip())


def _sentences(paras: list[str]) -> list[str]:
    return [smarten(t) for p in paras for t in _SENTENCE.split(p) if 30 <= len(t) <= 400]


def _date(rng: random.Random, lo: int = 2004, hi: int = 2021) -> tuple[int, int, int]:
    return rng.randint(lo, hi), rng.randint(1, 12), rng.randint(1, 28)


def make_content(rng: random.Random, shape: str, words: int, n_notes: int,
                 table_every: int = 3) -> Content:
    """Draw a document's content: a contiguous run of real prose sections, its notes, front
    matter. Notes come from sidebars and sentences of sections *outside* the body's run, so a
    note's text never also occurs in the body."""
    prose = load_prose()
    secs = [s for s in prose.sections if sum(len(p.split()) for p in s.paras) >= 40]
    start = rng.randrange(len(secs))
    run: list[Any] = []
    total = 0
    k = start
    while total < words and len(run) < len(secs) - 10:
        s = secs[k % len(secs)]
        run.append(s)
        total += sum(len(p.split()) for p in s.paras)
        k += 1
    used = {id(s) for s in run}
    note_pool = _sentences([p for s in secs if id(s) not in used for p in s.paras])
    sidebars = [smarten(n) for n in prose.notes]
    rng.shuffle(note_pool)

    # group the run into top-level sections of 1-4 prose sections each (later ones: subheads)
    sections: list[Sec] = []
    i = 0
    n_table = 0
    while i < len(run):
        g = run[i:i + rng.randint(1, 4)]
        i += len(g)
        blocks: list[Block] = []
        for j, s in enumerate(g):
            if j and s.title:
                blocks.append(Block("h2", words=clean_title(s.title).split()))
            for p in s.paras:
                blocks.append(Block("p", words=smarten(p).split()))
            if rng.random() < 0.25:
                blocks.insert(rng.randint(1, len(blocks)), _bullets(rng, note_pool))
        n_table += 1
        if table_every and n_table % table_every == 0:
            blocks.insert(rng.randint(1, len(blocks)), _table(rng, n_table // table_every))
        title = clean_title(g[0].title) or "Background"
        sections.append(Sec(title, blocks))
    # the first prose paragraph(s) become the summary
    summary: list[Block] = []
    first = sections[0].blocks
    while first and first[0].kind == "p" and len(summary) < rng.randint(1, 2):
        summary.append(first.pop(0))
    if not any(b.kind == "p" for b in first):
        first.append(Block("p", words=note_pool.pop().split()))

    title_sec = rng.choice(sections)
    title = title_sec.title
    if shape == "policy":
        title = rng.choice(["", "Beyond ", "Rethinking ", "After "]) + title
        title = title + rng.choice([": Lessons from the Debian Project",
                                    ": Governance of a Volunteer Distribution",
                                    " in Open Infrastructure", ""])
    elif shape == "journal":
        title = rng.choice(["On ", "A Study of ", "Measuring ", "The Politics of "]) + title \
            + rng.choice([" in a Volunteer Distribution", " and the Debian Project", ""])
    short = title.split(":")[0] if ":" in title else title
    if len(short) > 36:
        short = short[:short.rfind(" ", 0, 34)]

    content = Content(
        shape=shape, title=title, short_title=short,
        authors=rng.sample(PEOPLE, rng.randint(1, 3)), affils=[],
        date="", series="", org=rng.choice(ORGS),
        summary_title=rng.choice(["Executive Summary", "Summary", "Key Findings", "Overview"]),
        summary=summary, sections=sections, notes=[], references=[])
    content.affils = rng.sample(AFFILS, len(content.authors))
    y, m, _d = _date(rng)
    content.date = f"{MONTHS[m - 1]} {y}"
    content.extra["year"] = y
    place_calls(rng, content, n_notes, note_pool, sidebars)
    if shape == "journal":
        content.references = _references(rng, content, rng.randint(12, 30))
    return content


def _bullets(rng: random.Random, pool: list[str]) -> Block:
    items = [pool.pop() for _ in range(rng.randint(3, 6))]
    return Block("ul", items=items)


def _table(rng: random.Random, no: int) -> Block:
    labels = rng.choice(ROW_LABELS)
    years = sorted(rng.sample(range(1996, 2022), rng.randint(3, 5)))
    rows = []
    for _rep in range(rng.randint(1, 3)):   # row labels repeat within and across tables
        for lab in labels:
            rows.append([lab] + [_cell(rng, lab) for _ in years])
    caption = f"Table {no}. " + rng.choice(["Debian releases compared", "Project figures by year",
                                           "Summary of outcomes", "Figures reported, by year"])
    return Block("table", caption=caption, header=[""] + [str(y) for y in years], rows=rows)


def _cell(rng: random.Random, label: str) -> str:
    if "date" in label.lower():
        return f"{rng.randint(1, 28)} {MONTHS[rng.randrange(12)][:3]}"
    if "$" in label or ":" in label:
        return f"${rng.randint(0, 12):d},{rng.randint(0, 999):03d}"
    if "%" in label:
        return f"{rng.uniform(20, 80):.1f}"
    if "option" in label.lower():
        return rng.choice(["A", "B", "FD", "1"])
    return f"{rng.randint(3, 60000):,}"


def _note_text(rng: random.Random, content: Content, n: int, pool: list[str],
               sidebars: list[str]) -> str:
    r = rng.random()
    if r < 0.22:
        who = rng.choice(PEOPLE)
        sec = rng.choice(content.sections).title
        venue = rng.choice([j for j, _ in JOURNALS] + PRESSES + ORGS)
        y = rng.randint(1994, 2021)
        url = rng.choice(URLS) if rng.random() < 0.6 else ""
        text = f"{who}, “{sec}”, {venue}, {y}"
        text += f", pp. {rng.randint(1, 300)}–{rng.randint(301, 420)}" if rng.random() < 0.4 else ""
        return text + (f", {url}." if url else ".")
    if r < 0.30 and n > 3:
        return rng.choice(SHORT_NOTES).format(p=rng.randint(2, 300), q=rng.randint(301, 330),
                                              n=rng.randint(1, n - 1),
                                              s=rng.randint(1, len(content.sections)))
    if r < 0.42 and sidebars:
        return sidebars.pop(rng.randrange(len(sidebars)))      # long: may continue overleaf
    # mostly one sentence; some discursive notes long enough to run onto the next page
    k = 1 if r < 0.72 else rng.randint(2, 3) if r < 0.9 else rng.randint(4, 8)
    text = " ".join(pool.pop() for _ in range(k) if pool)
    if rng.random() < 0.25:
        text += f" See {rng.choice(URLS)}."
    return text or "Ibid."


def place_calls(rng: random.Random, content: Content, n_notes: int, pool: list[str],
                sidebars: list[str]) -> None:
    """Put ``n_notes`` note calls after tokens of body paragraphs (mostly at a sentence or
    clause end), number them in reading order and draw their texts."""
    paras = [b for s in content.sections for b in s.blocks if b.kind == "p"]
    spots: list[tuple[int, int]] = []
    for _ in range(n_notes * 3):
        if len(spots) >= n_notes:
            break
        pi = rng.randrange(len(paras))
        toks = paras[pi].words
        ends = [i for i, t in enumerate(toks) if i >= 3 and re.search(r"[.,;:)”]$", t)]
        pick = rng.choice(ends) if ends and rng.random() < 0.85 else rng.randrange(3, len(toks)) \
            if len(toks) > 4 else None
        if pick is None or (pi, pick) in spots or not re.search(r"\w", toks[pick]):
            continue
        if any(q == pi and abs(i - pick) < 3 for q, i in spots):
            continue
        spots.append((pi, pick))
    spots.sort()
    for n, (pi, i) in enumerate(spots, 1):
        paras[pi].calls[i] = n
    content.notes = [_note_text(rng, content, n, pool, sidebars)
                     for n in range(1, len(spots) + 1)]


def _references(rng: random.Random, content: Content, k: int) -> list[str]:
    refs = []
    for _ in range(k):
        who = rng.choice(PEOPLE).split()
        jname, _abbr = rng.choice(JOURNALS)
        title = rng.choice(content.sections).title
        refs.append(f"{who[-1]}, {who[0][0]}. ({rng.randint(1994, 2020)}). {title}. {jname} "
                    f"{rng.randint(1, 80)}, {rng.randint(1, 400)}–{rng.randint(401, 900)}.")
    return sorted(refs)


def markers_of(content: Content) -> list[dict[str, Any]]:
    """Each note call: its label, the token it follows, and a few tokens of context."""
    out = []
    for b in content.paragraphs():
        for i, n in sorted(b.calls.items()):
            out.append({"n": n, "label": content.label(n), "before": b.words[i],
                        "context": b.words[max(0, i - 3):i + 1]})
    out.sort(key=lambda m: m["n"])
    return out


# ---------------------------------------------------------------------------------------------
# Furniture: each writer returns the patterns its source draws in the head/foot bands.


@dataclass
class Furniture:
    """What the source puts outside the text block, as patterns over normalised lines."""

    patterns: list[tuple[str, str]] = field(default_factory=list)   # (kind, regex)
    cover_pages: int = 0          # leading pages that are a cover sheet (every line: cover)
    cover_text: str = ""
    top: float = 0.0              # band limits in PDF points: lines above ``top`` ...
    bottom: float = 0.0           # ... or below ``page_height - bottom`` are candidates
    first_head: bool = True       # False: the first content page has no head (body starts high)

    def add(self, kind: str, regex: str) -> None:
        self.patterns.append((kind, regex))


def rx(text: str) -> str:
    """A literal source string as a pattern over normalised (casefolded, spaced) text."""
    return r"\s*".join(re.escape(w) for w in norm_line(text).split())


PN = r"(?:\d{1,4}|[ivxlc]{1,7})"
PN_ONLY = re.compile(rf"(?:page\s+)?(?:[–-]\s*)?{PN}(?:\s*[–-])?(?:\s+of\s+\d+)?")


def alt(strings: list[str]) -> str:
    return "(?:" + "|".join(sorted({rx(s) for s in strings if s.strip()}, key=len,
                                   reverse=True)) + ")"


def norm_line(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return " ".join(text.split()).casefold()


def stamp_lines(rng: random.Random, form: str) -> list[str]:
    """JSTOR's download stamp in its real wordings."""
    y, m, d = _date(rng, 2012, 2023)
    day = DAYS[rng.randrange(7)]
    hh, mm, ss = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    if form == "jstor2020":
        ip = ".".join(str(rng.randint(1, 254)) for _ in range(4))
        return ["This content downloaded from",
                f"{ip} on {day}, {d} {MONTHS[m - 1][:3]} {y} {hh:02d}:{mm:02d}:{ss:02d} UTC",
                "All use subject to https://about.jstor.org/terms"]
    return [f"This content downloaded on {day}, {d} {MONTHS[m - 1][:3]} {y} "
            f"{(hh % 12) or 12}:{mm:02d}:{ss:02d} {'PM' if hh >= 12 else 'AM'}",
            "All use subject to JSTOR Terms and Conditions"]


def cover_lines(rng: random.Random, c: Content, form: str) -> list[tuple[str, str]]:
    """A JSTOR cover sheet: (style, text) lines."""
    stable = rng.randint(1_000_000, 99_999_999)
    y, m, d = _date(rng, 2012, 2023)
    src = c.extra.get("source") or f"{c.series} ({c.date})"
    if form == "jstor2020":
        terms = ("Your use of the JSTOR archive indicates your acceptance of the Terms & "
                 "Conditions of Use, available at https://about.jstor.org/terms")
        url = f"https://www.jstor.org/stable/{stable}"
        acc = f"Accessed: {d:02d}-{m:02d}-{y} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} UTC"
    else:
        terms = ("Your use of the JSTOR archive indicates your acceptance of the Terms & "
                 "Conditions of Use, available at . "
                 "http://www.jstor.org/page/info/about/policies/terms.jsp")
        url = f"http://www.jstor.org/stable/{stable}"
        acc = f"Accessed: {d:02d}/{m:02d}/{y} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
    return [("title", c.title),
            ("line", "Author(s): " + " and ".join(c.authors)),
            ("line", "Source: " + src),
            ("line", "Published by: " + c.extra.get("publisher", c.org)),
            ("line", "Stable URL: " + url),
            ("line", acc),
            ("para", "JSTOR is a not-for-profit service that helps scholars, researchers, and "
                     "students discover, use, and build upon a wide range of content in a "
                     "trusted digital archive. We use information technology and tools to "
                     "increase productivity and facilitate new forms of scholarship. For more "
                     "information about JSTOR, please contact support@jstor.org."),
            ("para", terms)]


# ---------------------------------------------------------------------------------------------
# Recipes: one per document. Everything else is drawn from the recipe's own seeded generator.


@dataclass
class Recipe:
    id: str
    producer: str                 # family for leave-one-producer-out
    engine: str                   # tex, lo, lo-docx
    cls: str                      # LaTeX class, or "writer"
    shape: str                    # policy, journal, court
    words: int                    # body words drawn from the prose
    notes: int                    # note calls placed
    stamp: str = ""               # "", jstor2020, jstor2013
    cover: bool = False
    toc: bool = False
    columns: int = 1
    heads: str = ""               # head design (see writers)
    opts: dict[str, Any] = field(default_factory=dict)


def _x(text: str) -> str:
    """Escape prose for LaTeX (the text is UTF-8; only TeX's specials need care)."""
    out = []
    for ch in text:
        out.append({"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
                    "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
                    "^": r"\textasciicircum{}", "<": r"\textless{}", ">": r"\textgreater{}",
                    "|": r"\textbar{}"}.get(ch, ch))
    # TeX would set "--" as an en dash and "``" as a quote: keep what the source says
    return "".join(out).replace("--", "-{}-").replace("``", "`{}`").replace("''", "'{}'")


def _xurl(text: str) -> str:
    """Escape a note text, setting its URLs with \\url so they break like real ones."""
    parts = re.split(r"(https?://\S+?)(?=[.,;)]?(?:\s|$))", text)
    return "".join(rf"\url{{{p}}}" if i % 2 else _x(p) for i, p in enumerate(parts))


def _tex_par(b: Block, notes: list[str]) -> str:
    out = []
    for i, w in enumerate(b.words):
        out.append(_x(w))
        if i in b.calls:
            out[-1] += r"\footnote{" + _xurl(notes[b.calls[i] - 1]) + "}"
    return " ".join(out)


TEX_FONTS = {
    "cm": "",
    "lmodern": "\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n",
    "times": "\\usepackage[T1]{fontenc}\n\\usepackage{mathptmx}\n",
    "termes": "\\usepackage[T1]{fontenc}\n\\usepackage{tgtermes}\n",
    "palatino": "\\usepackage[T1]{fontenc}\n\\usepackage{mathpazo}\n",
    "pagella": "\\usepackage[T1]{fontenc}\n\\usepackage{tgpagella}\n",
    "charter": "\\usepackage[T1]{fontenc}\n\\usepackage{charter}\n",
    "helvet": "\\usepackage[T1]{fontenc}\n\\usepackage[scaled]{helvet}\n"
              "\\renewcommand{\\familydefault}{\\sfdefault}\n",
}


def page_number_format(rng: random.Random, c: Content) -> tuple[str, str]:
    """A page-number format: (LaTeX, pattern)."""
    fmt = rng.choice(["plain", "dashes", "pageof", "page", "org"])
    if fmt == "dashes":
        return r"-- \thepage{} --", r"[–-]\s*" + PN + r"\s*[–-]"
    if fmt == "pageof":
        return r"Page \thepage{} of \pageref{LastPage}", r"page\s+" + PN + r"\s+of\s+\d+"
    if fmt == "page":
        return r"Page \thepage", r"page\s+" + PN
    if fmt == "org":
        return _x(c.org) + r" \quad\textbar\quad \thepage", rx(c.org) + r"\s*\|?\s*" + PN
    return r"\thepage", PN


def write_tex(r: Recipe, c: Content, rng: random.Random) -> tuple[str, Furniture]:
    """The LaTeX source of a document and the furniture it draws."""
    fur = Furniture()
    cls = r.cls
    chaptered = cls in ("book", "report", "memoir", "scrreprt")
    twoside = cls in ("book", "memoir") or r.opts.get("twoside", False)
    size = r.opts.get("size") or rng.choice(["10pt", "11pt", "12pt"])
    paper = rng.choice(["a4paper", "letterpaper"])
    copts = [size, paper] + (["twocolumn"] if r.columns == 2 else []) \
        + (["twoside"] if twoside and cls not in ("book", "memoir") else []) \
        + (["oneside"] if cls in ("book", "memoir") and not twoside else [])
    if cls == "memoir":
        copts.append("openany")
    font = r.opts.get("font") or rng.choice(list(TEX_FONTS))
    top, bottom = rng.randint(24, 32), rng.randint(24, 34)
    side = rng.randint(20, 32) if r.columns == 1 else rng.randint(15, 20)
    # bands: the head's baseline is headsep (20pt) above the text block, the foot's footskip
    # (34pt) below it; 6pt of slack keeps the block's first and last lines out
    fur.top, fur.bottom = top * 72 / 25.4 - 6, bottom * 72 / 25.4 - 6
    L: list[str] = [rf"\documentclass[{','.join(copts)}]{{{cls}}}", TEX_FONTS[font]]
    if r.shape == "court":
        L.append(r"\linespread{1.5}")
    L += [rf"\usepackage[top={top}mm,bottom={bottom}mm,left={side}mm,right={side}mm,"
          r"headheight=15pt,headsep=7mm,footskip=12mm]{geometry}",
          r"\usepackage{url}", r"\usepackage{lastpage}", r"\usepackage{eso-pic}",
          r"\usepackage{array}", r"\usepackage{longtable}", r"\usepackage{booktabs}",
          r"\urlstyle{same}", r"\setlength{\LTcapwidth}{\linewidth}"]
    titles = [s.title for s in c.sections] + [" ".join(b.words) for s in c.sections
                                              for b in s.blocks if b.kind == "h2"]
    heads = [*titles, c.short_title, c.title, "Contents", "References", "Bibliography",
             c.summary_title, "Notes", "Abstract"]
    num = r"(?:(?:chapter|section|part)\s*)?(?:[\divx]+(?:\.\d+)*\.?\s*)?"
    head_rx = num + alt(heads)
    pn_tex, pn_rx = page_number_format(rng, c)
    fixed: list[str] = []
    plain_foot = pn_tex

    if r.heads == "native":
        # the class's own running heads: book/report `headings`, memoir `ruled`, KOMA scrheadings
        if cls == "memoir":
            L.append(r"\pagestyle{ruled}")
        elif cls.startswith("scr"):
            L += [r"\usepackage[automark,headsepline]{scrlayer-scrpage}",
                  r"\pagestyle{scrheadings}"]
        else:
            L.append(r"\pagestyle{headings}")
        pn_rx = PN
    else:
        L += [r"\usepackage{fancyhdr}", r"\pagestyle{fancy}", r"\fancyhf{}"]
        if r.heads == "journal":
            jline = c.extra["journal_line"]
            fixed += [jline, c.extra["running_authors"]]
            L += [rf"\fancyhead[LE]{{\thepage\hfill {_x(c.extra['running_authors'])}}}",
                  rf"\fancyhead[RO]{{{_x(jline)}\hfill \thepage}}",
                  r"\fancyhead[LO,RE]{}"] if twoside else \
                [rf"\fancyhead[L]{{{_x(jline)}}}", r"\fancyhead[R]{\thepage}"]
            plain_foot = _x(c.extra["first_foot"]) + r"\hfill \thepage"
            fixed.append(c.extra["first_foot"])
        elif r.heads == "court":
            case = c.extra["case_head"]
            L += [rf"\fancyhead[C]{{\small {_x(case)} Page \thepage{{}} of \pageref{{LastPage}}}}",
                  rf"\fancyfoot[C]{{{pn_tex}}}"]
            fixed.append(case)
            head_rx = rx(case) + r"\s+page\s+\d+\s+of\s+\d+"
            plain_foot = pn_tex
        elif r.heads == "marks":
            side_l, side_r = ("LE", "RO") if twoside else ("L", "R")
            L += [rf"\fancyhead[{side_l}]{{\small {_x(c.short_title)}}}",
                  rf"\fancyhead[{side_r}]{{\small\nouppercase{{\rightmark}}}}",
                  rf"\fancyfoot[C]{{{pn_tex}}}"]
            fixed.append(c.short_title)
        else:                                                  # fixed series/title heads
            L += [rf"\fancyhead[L]{{\small {_x(c.series)}}}",
                  rf"\fancyhead[R]{{\small {_x(c.short_title)}}}",
                  rf"\fancyfoot[C]{{{pn_tex}}}"]
            fixed += [c.series, c.short_title]
        L += [r"\fancypagestyle{plain}{\fancyhf{}\renewcommand{\headrulewidth}{0pt}"
              rf"\fancyfoot[C]{{{plain_foot}}}}}"]
        if rng.random() < 0.5:
            L.append(r"\renewcommand{\headrulewidth}{0pt}")
    if r.shape == "court":
        L += [r"\renewcommand{\thesection}{\Roman{section}}",
              r"\renewcommand{\thesubsection}{\Alph{subsection}}"]
    pieces = [PN, head_rx] + [rx(f) for f in fixed]
    elem = "(?:" + "|".join(pieces) + ")"
    fur.add("page_number", pn_rx)
    fur.add("header", rf"{elem}(?:\s*{elem}){{0,3}}")

    stamp = stamp_lines(rng, r.stamp) if r.stamp else []
    for s in stamp:
        fur.add("stamp", rx(s))
    L.append(r"\begin{document}")
    if r.cover:
        cov = cover_lines(rng, c, r.stamp or "jstor2020")
        fur.cover_pages = 1
        fur.cover_text = " ".join(t for _s, t in cov)
        L.append(r"\begin{titlepage}\raggedright\small")
        for style, text in cov:
            if style == "title":
                L.append(rf"{{\Large\bfseries {_x(text)}\par}}\bigskip")
            elif style == "line":
                L.append(_xurl(text) + r"\par")
            else:
                L.append(r"\bigskip " + _xurl(text) + r"\par")
        L += [r"\end{titlepage}", r"\setcounter{page}{1}"]
    if stamp:
        L.append(r"\AddToShipoutPictureFG{\AtPageLowerLeft{\put(0,10)"
                 r"{\makebox[\paperwidth]{\parbox{12cm}{\centering\fontsize{7}{8.5}\selectfont "
                 + r"\\ ".join(_xurl(s) for s in stamp) + "}}}}}")
    if c.extra.get("first_page"):
        L.append(rf"\setcounter{{page}}{{{c.extra['first_page']}}}")
    front = r.toc and rng.random() < 0.6
    if front:
        L.append(r"\frontmatter" if cls in ("book", "memoir") else r"\pagenumbering{roman}")

    L += title_block_tex(r, c)
    if r.toc:
        L += [r"\tableofcontents", r"\clearpage"]
    if front:
        L.append(r"\mainmatter" if cls in ("book", "memoir") else r"\pagenumbering{arabic}")
    sect, sub = (r"\chapter", r"\section") if chaptered else (r"\section", r"\subsection")
    for s in c.sections:
        L.append(rf"{sect}{{{_x(s.title)}}}")
        for b in s.blocks:
            if b.kind == "p":
                L.append(_tex_par(b, c.notes) + "\n")
            elif b.kind == "h2":
                L.append(rf"{sub}{{{_x(' '.join(b.words))}}}")
            elif b.kind == "ul":
                L.append(r"\begin{itemize}" + "".join(rf"\item {_x(t)} " for t in b.items)
                         + r"\end{itemize}")
            elif b.kind == "table":
                L += _tex_table(b, r.columns)
    if c.references:
        L.append(r"\section*{References}" if not chaptered else r"\chapter*{References}")
        L.append(r"\begin{list}{}{\leftmargin=1.5em\itemindent=-1.5em\small}")
        L += [rf"\item {_x(ref)}" for ref in c.references]
        L.append(r"\end{list}")
    if r.shape == "court":
        L += [r"\bigskip", r"\begin{flushright}" + _x(c.extra["judge"]) + r"\\"
              r"United States District Judge\end{flushright}"]
    L.append(r"\end{document}")
    return "\n".join(L) + "\n", fur


def _tex_table(b: Block, columns: int) -> list[str]:
    n = len(b.header)
    spec = "l" + "r" * (n - 1)
    if columns == 2:
        return [r"\begin{center}\small " + _x(b.caption) + r"\\[2pt]",
                rf"\begin{{tabular}}{{{spec}}}\toprule",
                " & ".join(_x(h) for h in b.header) + r"\\\midrule",
                *[" & ".join(_x(x) for x in row) + r"\\" for row in b.rows],
                r"\bottomrule\end{tabular}\end{center}"]
    return [rf"\begin{{longtable}}{{{spec}}}", r"\caption*{" + _x(b.caption) + r"}\\\toprule",
            " & ".join(_x(h) for h in b.header) + r"\\\midrule\endhead",
            *[" & ".join(_x(x) for x in row) + r"\\" for row in b.rows],
            r"\bottomrule\end{longtable}"]


def title_block_tex(r: Recipe, c: Content) -> list[str]:
    """Title, authors, summary/abstract (all body text, as the page draws it)."""
    L: list[str] = []
    summary = "\n\n".join(_tex_par(b, c.notes) for b in c.summary)
    if r.shape == "court":
        court, dist = c.extra["court"]
        L += [r"\thispagestyle{plain}", r"\begin{center}" + _x(court) + r"\\" + _x(dist)
              + r"\end{center}", r"\begin{tabular}{p{0.45\linewidth}|p{0.4\linewidth}}",
              _x(c.extra["plaintiff"].upper()) + r", & \\",
              r"\qquad Plaintiff, & \\ \qquad v. & " + _x(c.extra["case_no"]) + r"\\",
              _x(c.extra["defendant"].upper()) + r", & \\",
              r"\qquad Defendant. & \\ \hline", r"\end{tabular}",
              r"\begin{center}\textbf{MEMORANDUM OPINION}\end{center}", summary]
        return L
    if r.shape == "journal":
        L += [r"\thispagestyle{plain}"]
        if r.columns == 2:
            L.append(r"\twocolumn[")
        L += [r"\begin{center}{\Large\bfseries " + _x(c.title) + r"\par}\medskip",
              " \\and ".join(_x(a) for a in c.authors).replace(r"\and", ", ") + r"\par\smallskip",
              r"{\small " + r"\\".join(_x(a) for a in c.affils) + r"\par}\end{center}",
              r"\begin{quote}\small\textbf{Abstract.} " + " ".join(
                  _x(" ".join(b.words)) for b in c.summary) + r"\end{quote}",
              r"{\small\noindent\textbf{Key words:} " + _x(c.extra["keywords"]) + r"}\bigskip"]
        if r.columns == 2:
            L.append("]")
        return L
    L += [r"\thispagestyle{plain}", r"\begin{flushleft}",
          r"{\small\scshape " + _x(c.series) + r"\par}\bigskip",
          r"{\huge\bfseries " + _x(c.title) + r"\par}\bigskip",
          r"{\large " + _x(", ".join(c.authors)) + r"\par}\smallskip",
          r"{\small " + _x(c.org) + r" \quad " + _x(c.date) + r"\par}",
          r"\end{flushleft}\bigskip"]
    L += [r"\section*{" + _x(c.summary_title) + "}", summary]
    return L


# ---------------------------------------------------------------------------------------------
# LibreOffice: Flat ODT with real text:note footnotes, header/footer master pages, fields.

LO_FONTS = [("Liberation Serif", "roman"), ("Liberation Sans", "swiss"), ("DejaVu Serif", "roman"),
            ("TeX Gyre Termes", "roman"), ("TeX Gyre Pagella", "roman"), ("Lato", "swiss"),
            ("P052", "roman"), ("C059", "roman"), ("Nimbus Sans", "swiss")]
NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"')


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _lo_par(b: Block, notes: list[str], style: str = "Text_20_body") -> str:
    out = []
    for i, w in enumerate(b.words):
        out.append(_e(w))
        if i in b.calls:
            n = b.calls[i]
            out[-1] += (f'<text:note text:id="ftn{n}" text:note-class="footnote">'
                        f"<text:note-citation>{n}</text:note-citation><text:note-body>"
                        f'<text:p text:style-name="Footnote">{_e(notes[n - 1])}</text:p>'
                        "</text:note-body></text:note>")
    return f'<text:p text:style-name="{style}">' + " ".join(out) + "</text:p>"


def _pn() -> str:
    return '<text:page-number text:select-page="current">1</text:page-number>'


def write_fodt(r: Recipe, c: Content, rng: random.Random) -> tuple[str, Furniture]:
    """The Flat ODT source of a document and the furniture it draws."""
    fur = Furniture()
    font, generic = r.opts.get("font") or rng.choice(LO_FONTS)
    size = r.opts.get("size") or rng.choice([10, 10.5, 11, 11, 12])
    if r.shape == "court":
        size = 12
    letter = rng.random() < 0.4
    pw, ph = (21.59, 27.94) if letter else (21.0, 29.7)
    mt, mb = rng.uniform(1.2, 2.0), rng.uniform(1.2, 2.0)
    ml = rng.uniform(2.0, 3.0) if r.columns == 1 else rng.uniform(1.5, 2.0)
    width = pw - 2 * ml
    hsize = rng.choice([8, 8.5, 9])
    stamp = stamp_lines(rng, r.stamp) if r.stamp else []
    fsize = 7
    foot_lines = 1 + len(stamp)
    cm = 72 / 2.54
    # bands: the header's one line starts at the top margin, the footer's lines end at the
    # bottom one; the body keeps the header/footer spacing (0.5cm) away from them
    fur.top = mt * cm + 1.3 * hsize + 2
    fur.bottom = mb * cm + foot_lines * 1.25 * max(hsize, fsize) + 2
    fur.first_head = False        # the "First Page" master has no header
    pn_kind = rng.choice(["plain", "pageof", "page", "dashes"])
    if r.shape == "court":
        pn_kind = "plain"
    pn_xml, pn_rx = {
        "plain": (_pn(), PN),
        "pageof": ("Page " + _pn() + " of <text:page-count>1</text:page-count>",
                   r"page\s+\d+\s+of\s+\d+"),
        "page": ("Page " + _pn(), r"page\s+\d+"),
        "dashes": ("– " + _pn() + " –", r"[–-]\s*\d+\s*[–-]"),
    }[pn_kind]
    fixed: list[str] = []
    # a chapter field shows the last Heading 1 paragraph: a section, or Contents / the summary
    titles = [f"{k}. {s.title}" for k, s in enumerate(c.sections, 1)] + [
        "Contents", c.summary_title, "References"]
    mirrored = r.heads == "journal"
    chapter_field = '<text:chapter text:display="name" text:outline-level="1">x</text:chapter>'
    if r.heads == "journal":
        jline, ra = c.extra["journal_line"], c.extra["running_authors"]
        head_r = f"{_e(c.short_title)}<text:tab/><text:tab/>{_pn()}"
        head_l = f"{_pn()}<text:tab/><text:tab/>{_e(ra)}"
        fixed += [c.short_title, ra, jline, c.extra["first_foot"]]
        foot = ""
        first_foot = f"{_e(c.extra['first_foot'])}<text:tab/><text:tab/>{_pn()}"
    elif r.heads == "court":
        case = c.extra["case_head"]
        head_r = head_l = (f"{_e(case)} Page {_pn()} of <text:page-count>1</text:page-count>")
        fixed.append(case)
        foot = first_foot = f"<text:tab/>{pn_xml}"
    elif r.heads == "marks":
        head_r = head_l = f"{_e(c.short_title)}<text:tab/><text:tab/>{chapter_field}"
        fixed += [c.short_title]
        foot = first_foot = f"<text:tab/>{pn_xml}"
    else:
        head_r = head_l = f"{_e(c.series)}<text:tab/><text:tab/>{_e(c.short_title)}"
        fixed += [c.series, c.short_title]
        foot = first_foot = rng.choice([f"<text:tab/>{pn_xml}",
                                        f"{_e(c.org)}<text:tab/><text:tab/>{pn_xml}"])
        fixed.append(c.org)
    if r.heads == "court":
        case_rx = rx(c.extra["case_head"]) + r"\s+page\s+\d+\s+of\s+\d+"
    else:
        case_rx = "(?!x)x"
    elem = "(?:" + "|".join([PN, pn_rx, case_rx, alt(titles + fixed)]) + ")"
    fur.add("page_number", pn_rx)
    fur.add("header", rf"{elem}(?:\s*{elem}){{0,3}}")
    for s in stamp:
        fur.add("stamp", rx(s))
    stamp_xml = "".join(f'<text:p text:style-name="Stamp">{_e(s)}</text:p>' for s in stamp)

    def hf(tag: str, body: str, style: str) -> str:
        return f'<style:{tag}><text:p text:style-name="{style}">{body}</text:p></style:{tag}>'

    def footer(body: str) -> str:
        return (f'<style:footer><text:p text:style-name="Footer">{body}</text:p>{stamp_xml}'
                "</style:footer>") if body or stamp_xml else ""

    masters = [
        '<style:master-page style:name="Standard" style:page-layout-name="pm1">'
        + hf("header", head_r, "Header") + (hf("header-left", head_l, "Header") if mirrored
                                            else "")
        + footer(foot) + "</style:master-page>",
        '<style:master-page style:name="First_20_Page" style:display-name="First Page" '
        'style:page-layout-name="pm1" style:next-style-name="Standard">'
        + footer(first_foot) + "</style:master-page>",
        '<style:master-page style:name="Cover" style:page-layout-name="pm1" '
        'style:next-style-name="Standard"></style:master-page>']
    cols = ""       # two columns are a section (the title block stays full width)
    tabs = (f'<style:tab-stops><style:tab-stop style:position="{width / 2:.2f}cm" '
            f'style:type="center"/><style:tab-stop style:position="{width:.2f}cm" '
            'style:type="right"/></style:tab-stops>')
    lh = "200%" if r.shape == "court" else rng.choice(["100%", "115%", "125%"])
    align = rng.choice(["justify", "start"])
    first = c.extra.get("first_page") or (1 if r.cover else None)   # the cover is not counted
    head = string.Template((HERE / "fodt_template.xml").read_text(encoding="utf-8"))
    fields = {
        "ns": NS, "font": font, "generic": generic, "size": size, "lh": lh, "align": align,
        "size_title": size + 10, "size_sub": size + 1, "size_h1": size + 4,
        "size_note": size - 2, "size_small": size - 1, "size_table": size - 1.5,
        "hsize": hsize, "fsize": fsize, "tabs": tabs, "width": f"{width:.2f}",
        "usage": "mirrored" if mirrored else "all", "pw": pw, "ph": ph, "mt": f"{mt:.2f}",
        "mb": f"{mb:.2f}", "ml": f"{ml:.2f}", "cols": cols, "masters": "".join(masters),
        "first_props": f'<style:paragraph-properties style:page-number="{first}"/>'
        if first else "",
        # (a table wider than its column makes Writer 7.4 abort while laying the page out)
        "table_width": f"{(width if r.columns == 1 else width / 2 - 0.3) * 0.9:.2f}"}
    body: list[str] = []
    if r.cover:
        cov = cover_lines(rng, c, r.stamp or "jstor2020")
        fur.cover_pages = 1
        fur.cover_text = " ".join(t for _s, t in cov)
        for k, (style, text) in enumerate(cov):
            st = "PCover" if k == 0 else ("Standard" if style == "line" else "Text_20_body")
            body.append(f'<text:p text:style-name="{st}">{_e(text)}</text:p>')
    body += title_block_lo(r, c, "PFirst")
    if r.toc:
        body.append('<text:p text:style-name="Heading_20_1">Contents</text:p>')
        for k, s in enumerate(c.sections, 1):
            # page numbers come from a first rendering (see build); "00" holds their place
            num = c.extra["toc_pages"][k - 1] if "toc_pages" in c.extra else "00"
            body.append(f'<text:p text:style-name="Contents_20_1">{k}. {_e(s.title)}'
                        f"<text:tab/>{num}</text:p>")
        body.append('<text:p text:style-name="PBreak"/>')
    if r.columns == 2:
        body.append('<text:section text:style-name="Sect2" text:name="Body">')
    for k, s in enumerate(c.sections, 1):
        body.append(f'<text:h text:style-name="Heading_20_1" text:outline-level="1">'
                    f"{k}. {_e(s.title)}</text:h>")
        sub = 0
        for b in s.blocks:
            if b.kind == "p":
                body.append(_lo_par(b, c.notes))
            elif b.kind == "h2":
                sub += 1
                body.append(f'<text:h text:style-name="Heading_20_2" text:outline-level="2">'
                            f"{k}.{sub} {_e(' '.join(b.words))}</text:h>")
            elif b.kind == "ul":
                body.append('<text:list text:style-name="LB">' + "".join(
                    f'<text:list-item><text:p text:style-name="List_20_Bullet">{_e(t)}'
                    "</text:p></text:list-item>" for t in b.items) + "</text:list>")
            elif b.kind == "table":
                body.append(_lo_table(b))
    if c.references:
        body.append('<text:h text:style-name="Heading_20_1" text:outline-level="1">'
                    "References</text:h>")
        body += [f'<text:p text:style-name="Reference">{_e(x)}</text:p>' for x in c.references]
    if r.shape == "court":
        body += [f'<text:p text:style-name="Standard">{_e(c.extra["judge"])}</text:p>',
                 '<text:p text:style-name="Standard">United States District Judge</text:p>']
    if r.columns == 2:
        body.append("</text:section>")
    doc = head.substitute(fields, body="\n".join(body))
    return doc, fur


def _lo_table(b: Block) -> str:
    n = len(b.header)

    def row(cells: list[str]) -> str:
        return "<table:table-row>" + "".join(
            f'<table:table-cell office:value-type="string"><text:p text:style-name='
            f'"Table_20_Contents">{_e(x)}</text:p></table:table-cell>' for x in cells) \
            + "</table:table-row>"

    return (f'<text:p text:style-name="Caption">{_e(b.caption)}</text:p>'
            f'<table:table table:name="T{zlib.crc32(b.caption.encode()) ^ len(b.rows)}" '
            f'table:style-name="Tab1"><table:table-column table:number-columns-repeated="{n}"/>'
            f"<table:table-header-rows>{row(b.header)}</table:table-header-rows>"
            + "".join(row(x) for x in b.rows) + "</table:table>")


def title_block_lo(r: Recipe, c: Content, first_style: str) -> list[str]:
    P = '<text:p text:style-name="{}">{}</text:p>'.format
    out: list[str] = []
    summary = [_lo_par(b, c.notes) for b in c.summary]
    if r.shape == "court":
        court, dist = c.extra["court"]
        out += [P(first_style, _e(court)), P("Centered", _e(dist)),
                P("Standard", _e(c.extra["plaintiff"].upper()) + ","),
                P("Standard", "Plaintiff,"), P("Standard", "v."),
                P("Standard", _e(c.extra["case_no"])),
                P("Standard", _e(c.extra["defendant"].upper()) + ","),
                P("Standard", "Defendant."), P("Centered", "MEMORANDUM OPINION")]
        return out + summary
    if r.shape == "journal":
        out += [P(first_style + "Title", _e(c.title)), P("Subtitle", _e(", ".join(c.authors)))]
        out += [P("Standard", _e(a)) for a in c.affils]
        out += [P("Text_20_body", "Abstract. " + _e(" ".join(" ".join(b.words)
                                                           for b in c.summary))),
                P("Text_20_body", "Key words: " + _e(c.extra["keywords"]))]
        return out
    out += [P(first_style, _e(c.series)), P("Title", _e(c.title)),
            P("Subtitle", _e(", ".join(c.authors))),
            P("Standard", _e(f"{c.org}, {c.date}")),
            P("Heading_20_1", _e(c.summary_title))]
    return out + summary


# ---------------------------------------------------------------------------------------------
# Front matter per shape (drawn after the body so the body's draws do not depend on it).


def front_matter(r: Recipe, c: Content, rng: random.Random) -> None:
    y = c.extra["year"]
    c.series = f"{rng.choice(SERIES)} No. {rng.randint(12, 340)}"
    c.extra["publisher"] = rng.choice(PRESSES) if r.shape == "journal" else c.org
    if r.shape == "journal":
        jname, _abbr = rng.choice(JOURNALS)
        vol = y - 1944
        first = rng.randint(3, 900)
        c.extra["first_page"] = first
        c.extra["journal_line"] = f"{jname} {vol}, {first}–LAST"      # LAST: set after render
        last = c.extra["authors_last"] = [a.split()[-1] for a in c.authors]
        c.extra["running_authors"] = (last[0] + " et al." if len(last) > 2 else
                                      " and ".join(last))
        c.extra["first_foot"] = f"© {y} {c.extra['publisher']}"
        c.extra["keywords"] = "; ".join(rng.sample([s.title for s in c.sections],
                                                   min(4, len(c.sections))))
        c.extra["source"] = (f"{jname}, Vol. {vol}, No. {rng.randint(1, 4)} ({c.date}), "
                             f"pp. {first}-LAST")
    if r.shape == "court":
        c.extra["court"] = rng.choice(COURTS)
        c.extra["plaintiff"], c.extra["defendant"] = rng.sample(PARTIES, 2)
        judge = rng.choice(JUDGES)
        initials = "".join(w[0] for w in judge.split() if len(w) > 2)
        no = f"{y % 100:02d}-cv-{rng.randint(100, 9999):04d}"
        c.extra["case_no"] = f"Civil Action No. {no} ({initials})"
        c.extra["case_head"] = (f"Case 1:{no}-{initials} Document {rng.randint(12, 140)} "
                                f"Filed {rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/"
                                f"{(y + 1) % 100:02d}")
        c.extra["judge"] = judge


def fill_last_page(text: str, c: Content, pages: int, cover: int) -> str:
    """Journal lines name the article's last page; it is known once the PDF exists."""
    if "first_page" not in c.extra:
        return text
    last = str(c.extra["first_page"] + pages - cover - 1)
    for key in ("journal_line", "source"):
        if key in c.extra:
            c.extra[key] = c.extra[key].replace("LAST", last)
    return text.replace("LAST", last)


# ---------------------------------------------------------------------------------------------
# Rendering and extraction


def run(cmd: list[str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["nice", "-n", "10", *cmd], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, errors="replace")


def render_tex(src: str, work: Path, name: str, passes: int) -> Path:
    (work / f"{name}.tex").write_text(src, encoding="utf-8")
    for _ in range(passes):
        p = run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"], work)
        if p.returncode:
            log = (work / f"{name}.log").read_text(errors="replace")
            err = [ln for ln in log.splitlines() if ln.startswith("!")]
            raise RuntimeError(f"{name}.tex: pdflatex failed: {err[:3]}")
    return work / f"{name}.pdf"


LO_PROFILE = Path(tempfile.gettempdir()) / "build_typeset_lo_profile"


def soffice(args: list[str], work: Path) -> None:
    p = run(["soffice", f"-env:UserInstallation=file://{LO_PROFILE}", "--headless",
             "--norestore", *args], work)
    if p.returncode:
        raise RuntimeError(f"soffice {' '.join(args)}: {p.stderr.strip()[:300]}")


def render_lo(src: str, work: Path, name: str, docx: bool) -> Path:
    (work / f"{name}.fodt").write_text(src, encoding="utf-8")
    target = f"{name}.fodt"
    if docx:
        soffice(["--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work), target], work)
        target = f"{name}.docx"
        if not (work / target).exists():
            raise RuntimeError(f"{name}: soffice made no .docx")
    soffice(["--convert-to", "pdf", "--outdir", str(work), target], work)
    pdf = work / f"{name}.pdf"
    if not pdf.exists():
        raise RuntimeError(f"{name}: soffice made no PDF")
    return pdf


def extract(pdf: Path) -> tuple[str, str, str]:
    """(pypdf text, pdftotext text, PDF /Producer) as users make them."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    pypdf_text = "\n".join(page.extract_text() for page in reader.pages)
    producer = str((reader.metadata or {}).get("/Producer", ""))
    p = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                       check=True)
    return pypdf_text, p.stdout.decode("utf-8"), producer


# ---------------------------------------------------------------------------------------------
# Locating the known labels in the PDF (pdfplumber geometry; labels only)


def _a(text: str) -> str:
    """Letters and digits only, casefolded: what survives any extractor's spacing,
    hyphenation and ligature choices, so a known string can be found on a page."""
    text = unicodedata.normalize("NFKD", text.replace("™", "")).casefold()   # ™ has no letters
    # accents go too: OT1 fonts draw "ó" as "o" plus a separate accent glyph
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch))


def _lcp(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def label_pdf(pdf: Path, c: Content, fur: Furniture) -> tuple[list[dict[str, Any]], dict]:
    """Per-page truth: furniture lines the source's patterns explain in the head/foot bands,
    notes located by their known label and text, markers by their known preceding tokens."""
    import pdfplumber

    stats: dict[str, Any] = {"unexplained": [], "notes_missing": [], "markers_missing": [],
                             "markers_fallback": 0, "split_in_word": 0, "split_on_page": 0}
    pats = [(k, re.compile(p)) for k, p in fur.patterns]
    truth: list[dict[str, Any]] = []
    streams: list[str] = []
    with pdfplumber.open(pdf) as doc:
        for pno, page in enumerate(doc.pages):
            h = page.height
            entry: dict[str, Any] = {"furniture": [], "notes": [], "note_continuations": [],
                                     "markers": []}
            lines = page.extract_text_lines(return_chars=False, x_tolerance_ratio=0.15)
            if pno < fur.cover_pages:
                got = _a(" ".join(ln["text"] for ln in lines))
                if got != _a(fur.cover_text):
                    stats["unexplained"].append((pno + 1, "cover text differs"))
                entry["furniture"] = [{"text": norm_text(ln["text"]), "kind": "cover"}
                                      for ln in lines]
            else:
                for ln in lines:
                    upper, lower = ln["top"] < fur.top, ln["top"] > h - fur.bottom
                    if upper and pno == fur.cover_pages and not fur.first_head:
                        continue
                    if not (upper or lower):
                        continue
                    t = norm_line(ln["text"])
                    kind = next((k for k, p in pats if p.fullmatch(t)), None)
                    if kind is None:
                        stats["unexplained"].append((pno + 1, ln["text"]))
                        continue
                    # a line that holds only the number is page_number; with a title, a head
                    if kind != "stamp":
                        kind = ("page_number" if PN_ONLY.fullmatch(t) else
                                "footer" if lower else "header")
                    entry["furniture"].append({"text": norm_text(ln["text"]), "kind": kind})
            # glyphs without a Unicode mapping (pdfplumber's "(cid:N)") carry no letters
            streams.append(_a("".join(ch["text"] for ch in page.chars
                                      if not ch["text"].startswith("(cid:"))))
            truth.append(entry)

    # notes, in order: the label glued to the start of the known text
    note_page: dict[int, int] = {}
    cursor = (0, 0)
    for n, text in enumerate(c.notes, 1):
        label = c.label(n)
        key_text = _a(text)
        found = None
        # pages in order; within a page anywhere (two columns interleave their notes)
        for pno in range(cursor[0], len(streams)):
            for key in (label + key_text[:30],):
                at = streams[pno].find(key)
                if at >= 0:
                    found = (pno, at + len(label))
                    break
            if found:
                break
        if not found:
            stats["notes_missing"].append(n)
            continue
        pno, at = found
        cursor = (pno, at)
        note_page[n] = pno
        got = _lcp(key_text, streams[pno][at:])
        entry = {"label": label, "text": text}
        truth[pno]["notes"].append(entry)
        rest_key = key_text[got:got + 30]
        if got < len(key_text) and rest_key in streams[pno][at + got:]:
            stats["split_on_page"] += 1     # the next column of the same page: not continued
        elif got < len(key_text):
            # the continuation starts with the word the page cut (whole, when a hyphen cut it)
            words = text.split()
            cum, split = 0, None
            for i, w in enumerate(words):
                if cum + len(_a(w)) > got:
                    split = i
                    if cum != got:
                        stats["split_in_word"] += 1
                    break
                cum += len(_a(w))
            rest = " ".join(words[split:]) if split is not None else ""
            nxt = pno + 1
            if rest and nxt < len(streams) and rest_key in streams[nxt]:
                truth[nxt]["note_continuations"].append(rest)
            else:
                stats["notes_missing"].append(f"{n} (continuation)")
    # markers: the known tokens before the call, then the label, in the body's page order
    cur_p = 0
    for m in markers_of(c):
        n = m["n"]
        hit = None
        for ctx in (m["context"], m["context"][-2:], m["context"][-1:]):
            key = _a(" ".join(ctx)) + m["label"]
            # the call sits on its note's page or the one before (LaTeX may push a note on)
            lo = max(cur_p, note_page[n] - 1) if n in note_page else cur_p
            hi = note_page[n] + 1 if n in note_page else cur_p + 4
            for pno in range(lo, min(len(streams), hi)):
                at = streams[pno].find(key)
                if at >= 0:
                    hit = (pno, at + len(key))
                    break
            if hit:
                if ctx is not m["context"]:
                    stats["markers_fallback"] += 1
                break
        if not hit:
            stats["markers_missing"].append(n)
            continue
        cur_p = hit[0]
        truth[hit[0]]["markers"].append({"label": m["label"], "before": m["before"]})
    return truth, stats


def heading_pages(pdf: Path, c: Content) -> list[int]:
    """The page index of each top-level heading "k. Title" of a Writer document: the second
    occurrence in reading order (the first is its table-of-contents line)."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        streams = [_a("".join(ch["text"] for ch in page.chars)) for page in doc.pages]
    keys = [_a(f"{k}. {s.title}") for k, s in enumerate(c.sections, 1)]
    pages: list[int] = []
    p, at = 0, 0
    for rnd in range(2):
        for key in keys:
            while p < len(streams) and streams[p].find(key, at) < 0:
                p, at = p + 1, 0
            if p == len(streams):
                raise RuntimeError(f"heading {key[:30]} not found in {pdf.name}")
            at = streams[p].find(key, at) + len(key)
            if rnd:
                pages.append(p)
    return pages


def norm_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


# ---------------------------------------------------------------------------------------------
# The documents

WPP = 430     # body words per page drawn, before notes take their share


def R(id: str, producer: str, engine: str, cls: str, shape: str, pages: int, notes: int,
      **kw: Any) -> Recipe:
    return Recipe(id, producer, engine, cls, shape, pages * WPP, notes, **kw)


RECIPES = [
    # pdflatex: article (fancyhdr heads), book/report (class heads), memoir, KOMA, twocolumn,
    # journal-style article (volume/pages heads, first page number > 1)
    R("tex-article-policy-01", "latex-article", "tex", "article", "policy", 12, 45,
      stamp="jstor2020", cover=True, heads="fixed"),
    R("tex-article-policy-02", "latex-article", "tex", "article", "policy", 24, 90,
      toc=True, heads="marks", opts={"twoside": True}),
    R("tex-article-brief-03", "latex-article", "tex", "article", "policy", 3, 30,
      heads="fixed", stamp="jstor2020", opts={"size": "11pt"}),
    R("tex-court-01", "latex-article", "tex", "article", "court", 12, 45, heads="court",
      opts={"size": "12pt", "font": "times"}),
    R("tex-court-02", "latex-article", "tex", "article", "court", 5, 30, heads="court",
      opts={"size": "12pt", "font": "cm"}),
    R("tex-book-01", "latex-book", "tex", "book", "policy", 34, 150, toc=True, heads="native"),
    R("tex-report-01", "latex-book", "tex", "report", "policy", 24, 100, toc=True,
      heads="native"),
    R("tex-memoir-01", "latex-memoir", "tex", "memoir", "policy", 40, 120, heads="native"),
    R("tex-memoir-02", "latex-memoir", "tex", "memoir", "policy", 14, 50, heads="native",
      stamp="jstor2013", opts={"twoside": True}),
    R("tex-koma-01", "latex-koma", "tex", "scrartcl", "policy", 18, 60, heads="native"),
    R("tex-koma-02", "latex-koma", "tex", "scrreprt", "policy", 24, 110, toc=True,
      heads="native"),
    R("tex-twocol-01", "latex-twocolumn", "tex", "article", "journal", 8, 20, columns=2,
      stamp="jstor2020", cover=True, heads="journal", opts={"twoside": True, "size": "10pt"}),
    R("tex-twocol-02", "latex-twocolumn", "tex", "article", "policy", 14, 50, columns=2,
      stamp="jstor2013", heads="fixed", opts={"size": "10pt"}),
    R("tex-journal-01", "latex-journal", "tex", "article", "journal", 12, 25, stamp="jstor2013",
      cover=True, heads="journal", opts={"twoside": True}),
    R("tex-journal-02", "latex-journal", "tex", "article", "journal", 4, 10, stamp="jstor2020",
      heads="journal", opts={"twoside": True}),
    # LibreOffice Writer from Flat ODT
    R("lo-policy-01", "libreoffice", "lo", "writer", "policy", 15, 60, stamp="jstor2020",
      cover=True, heads="fixed"),
    R("lo-policy-02", "libreoffice", "lo", "writer", "policy", 24, 120, toc=True,
      heads="marks"),
    R("lo-policy-03", "libreoffice", "lo", "writer", "policy", 8, 35, columns=2,
      heads="fixed"),
    R("lo-brief-04", "libreoffice", "lo", "writer", "policy", 3, 30, heads="fixed",
      stamp="jstor2020"),
    R("lo-policy-05", "libreoffice", "lo", "writer", "policy", 52, 200, heads="marks",
      toc=True),
    R("lo-court-01", "libreoffice", "lo", "writer", "court", 14, 50, heads="court"),
    R("lo-court-02", "libreoffice", "lo", "writer", "court", 3, 12, heads="court"),
    R("lo-journal-01", "libreoffice", "lo", "writer", "journal", 10, 20, stamp="jstor2013",
      cover=True, heads="journal"),
    # LibreOffice Writer through a .docx round trip (Word's document model)
    R("lo-docx-policy-01", "libreoffice-docx", "lo-docx", "writer", "policy", 20, 80,
      stamp="jstor2020", heads="marks"),
    R("lo-docx-policy-02", "libreoffice-docx", "lo-docx", "writer", "policy", 28, 160,
      toc=True, heads="fixed"),
    R("lo-docx-court-01", "libreoffice-docx", "lo-docx", "writer", "court", 8, 40,
      heads="court"),
    R("lo-docx-journal-01", "libreoffice-docx", "lo-docx", "writer", "journal", 6, 15,
      stamp="jstor2020", cover=True, heads="journal"),
]


def build(r: Recipe, keep_pdf: bool = False) -> dict[str, Any]:
    """Write, render, extract and label one document into DOCS; return its table row."""
    rng = random.Random(f"{BASE_SEED}:{r.id}")
    c = make_content(rng, r.shape, r.words, r.notes)
    if r.engine == "tex" and r.cls in ("book", "report", "memoir", "scrreprt"):
        c.per_chapter_labels()
    front_matter(r, c, rng)
    writer = write_tex if r.engine == "tex" else write_fodt
    with tempfile.TemporaryDirectory(prefix="typeset-") as tmp:
        work = Path(tmp)
        state = rng.getstate()
        src, fur = writer(r, c, rng)
        pdf = _render(r, src, work)
        lo_toc = r.toc and r.engine != "tex"
        if "LAST" in src or lo_toc:
            # what only the rendering knows: the journal line's last page, the page numbers a
            # Writer table of contents shows (LaTeX does both itself); set them, render again
            from pypdf import PdfReader

            n = len(PdfReader(pdf).pages)
            fill_last_page("", c, n, 1 if r.cover else 0)
            if lo_toc:
                c.extra["toc_pages"] = [str(p + 1 - fur.cover_pages)
                                        for p in heading_pages(pdf, c)]
            rng.setstate(state)
            src, fur = writer(r, c, rng)
            pdf = _render(r, src, work)
        truth_pages, stats = label_pdf(pdf, c, fur)
        pypdf_text, pdftotext_text, producer = extract(pdf)
        ext = ".tex" if r.engine == "tex" else ".fodt"
        DOCS.mkdir(parents=True, exist_ok=True)
        (DOCS / f"{r.id}{ext}").write_text(src, encoding="utf-8")
        if r.engine == "lo-docx":
            shutil.copy(work / f"{r.id}.docx", DOCS / f"{r.id}.docx")
        if keep_pdf:
            shutil.copy(pdf, DOCS / f"{r.id}.pdf")
    (DOCS / f"{r.id}.pypdf.txt").write_text(pypdf_text, encoding="utf-8")
    (DOCS / f"{r.id}.pdftotext.txt").write_text(pdftotext_text, encoding="utf-8")
    n_notes = sum(len(p["notes"]) for p in truth_pages)
    labelled = not stats["notes_missing"] and not stats["markers_missing"]
    truth = {
        "id": r.id, "producer": r.producer, "pdf_producer": producer,
        "origin": f"{GENERATOR}: {r.shape} typeset by "
                  + ("pdflatex, class " + r.cls if r.engine == "tex" else
                     "LibreOffice Writer headless" + (" via .docx" if r.engine == "lo-docx"
                                                      else " from Flat ODT")),
        "license": "GPL-2+ (prose from benchmarks/prose/, see its README)",
        "pages": len(truth_pages), "columns": r.columns,
        "notes_labelled": labelled,
        "page_truth": truth_pages,
        "labelling": {
            "method": "truth from the source the generator wrote: furniture patterns built "
                      "from the running heads, page-number formats, stamps and cover lines it "
                      "set; note labels and texts; the token before each note call. pdfplumber "
                      "only locates them: band lines (above the text block / below it) that a "
                      "pattern explains; a note's label glued to its known text in the page's "
                      "characters (content-stream order, letters and digits only), cut where "
                      "the page ends it; a marker's known preceding tokens plus its label.",
            "checked": "see benchmarks/real/TYPESET.md",
            "stats": {k: (len(v) if isinstance(v, list) else v) for k, v in stats.items()},
        },
        "shape": r.shape, "engine": r.engine, "class": r.cls,
    }
    (DOCS / f"{r.id}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1)
                                             + "\n", encoding="utf-8")
    row = {"id": r.id, "producer": r.producer, "pages": len(truth_pages), "notes": n_notes,
           "calls": len(c.notes),
           "furniture": sum(len(p["furniture"]) for p in truth_pages),
           "no_furniture_pages": [i + 1 for i, p in enumerate(truth_pages) if not p["furniture"]],
           **{k: v for k, v in stats.items() if v}}
    return row


def prose_blocks(doc_id: str) -> list[str] | None:
    """The body prose of a typeset document, block by block in reading order (summary and
    section paragraphs, subheads, list items; not the title block, tables or references),
    drawn again from its seed as :func:`build` draws it: the ordered truth a body WER is
    measured against. None for an id this script does not build."""
    r = next((x for x in RECIPES if x.id == doc_id), None)
    if r is None:
        return None
    rng = random.Random(f"{BASE_SEED}:{r.id}")
    c = make_content(rng, r.shape, r.words, r.notes)
    out = [" ".join(b.words) for b in c.summary if b.kind == "p"]
    for sec in c.sections:
        for b in sec.blocks:
            if b.kind in ("p", "h2"):
                out.append(" ".join(b.words))
            elif b.kind == "ul":
                out.extend(b.items)
    return out


def _render(r: Recipe, src: str, work: Path) -> Path:
    if r.engine == "tex":
        return render_tex(src, work, r.id, 3 if r.toc else 2)
    return render_lo(src, work, r.id, docx=r.engine == "lo-docx")


def print_table() -> None:
    """The document table of TYPESET.md, from the truth files on disk."""
    print("| id | producer | class | shape | pages | cols | notes | continued | furniture "
          "lines (kinds) | stamp / cover |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    tot = [0, 0, 0, 0]
    for r in RECIPES:
        path = DOCS / f"{r.id}.truth.json"
        if not path.exists():
            continue
        t = json.loads(path.read_text(encoding="utf-8"))
        pages = t["page_truth"]
        kinds: dict[str, int] = {}
        for p in pages:
            for f in p["furniture"]:
                kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
        notes = sum(len(p["notes"]) for p in pages)
        cont = sum(len(p["note_continuations"]) for p in pages)
        fur = sum(kinds.values())
        tot = [tot[0] + 1, tot[1] + len(pages), tot[2] + notes, tot[3] + fur]
        detail = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
        print(f"| {r.id} | {r.producer} | {r.cls} | {r.shape} | {len(pages)} | {r.columns} | "
              f"{notes} | {cont} | {fur} ({detail}) | {r.stamp or '-'}"
              f"{' + cover' if r.cover else ''} |")
    print(f"| **{tot[0]} documents** | | | | **{tot[1]}** | | **{tot[2]}** | | **{tot[3]}** | |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="build only these ids")
    ap.add_argument("--keep-pdf", action="store_true", help="also copy the PDFs into docs/")
    ap.add_argument("--list", action="store_true", help="list the recipes and stop")
    ap.add_argument("--show", nargs=2, metavar=("ID", "PAGE"),
                    help="print one page's truth (to compare with the rendered page by eye)")
    ap.add_argument("--table", action="store_true",
                    help="print the markdown table of the built documents and stop")
    args = ap.parse_args(argv)
    if args.table:
        print_table()
        return 0
    if args.show:
        truth = json.loads((DOCS / f"{args.show[0]}.truth.json").read_text(encoding="utf-8"))
        page = truth["page_truth"][int(args.show[1]) - 1]
        for f in page["furniture"]:
            print(f"{f['kind']:12} {f['text']}")
        for n in page["notes"]:
            print(f"note {n['label']:>6} {n['text'][:90]}")
        for t in page["note_continuations"]:
            print(f"continued   {t[:90]}")
        print("markers     " + "  ".join(f"{m['before']}[{m['label']}]" for m in page["markers"]))
        return 0
    recipes = [r for r in RECIPES if not args.only or r.id in args.only]
    if args.list:
        for r in recipes:
            print(r.id, r.producer, r.shape, r.words // WPP, r.notes)
        return 0
    bad = 0
    for r in recipes:
        try:
            row = build(r, args.keep_pdf)
        except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
            print(f"{r.id}: FAILED: {exc}", file=sys.stderr)
            bad += 1
            continue
        print(json.dumps(row, ensure_ascii=False), flush=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
