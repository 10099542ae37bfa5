"""PDFs made for the tests and the PDF benchmark: a report laid out as the real ones are, and
the bad PDFs a batch meets (corrupt, encrypted, image-only, no pages).

The report has what cleanup must see through: a title block, a running header and a footer
with the page number on every page after the first, a JSTOR download stamp at the foot of every
page, justified body text with words hyphenated at line ends, headings, superscript footnote
markers, and a footnote block under a separator at the bottom of the pages that cite notes.
Word-made reports (like the real sample) leave two one-space lines above the footnotes; the
generator draws them too. Everything is seeded, so a given ``seed`` always gives the same PDF,
and :class:`Truth` says what the cleaned text must hold.

``odd_font=True`` sets the runs in single quotes in a font whose encoding names its glyphs
``/g65``-style: pypdf cannot map those names and prints them instead of the text, as it does with
some real fonts; poppler falls back to the character codes and gets the text right. That is a
PDF whose first extraction lost text, for ``--restore``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

TITLE = "Water and Power in the Indus Basin"
SERIES = "Crisis Group Asia Report N°312"
PLACE_DATE = "Islamabad/Brussels, 3 March 2021"
FOOTER = "Crisis Group Asia Report N°312, 3 March 2021"
STAMP = ("This content downloaded from 149.10.125.20 on Tue, 08 Feb 2022 02:22:36 UTC",
         "All use subject to https://about.jstor.org/terms")
ODD_FONT = "Times-Italic"

_VOCABULARY = (
    "the water of the river was shared between the provinces and the federal government "
    "under an accord that set each share by season while the dams upstream held back the "
    "flood and the canals carried it to farms across the plain where wheat and cotton grew "
    "officials argued about the telemetry that measured flows at barrages and engineers "
    "warned that the reservoirs were silting faster than expected so that storage fell each "
    "year the negotiations over the treaty stalled when the commissioners disagreed about "
    "the designs of hydroelectric projects on the western tributaries and the neutral expert "
    "was asked to rule on the pondage of the plants while farmers downstream complained of "
    "shortages during sowing and the provincial assemblies passed resolutions demanding "
    "transparency about allocations groundwater extraction accelerated as tubewells spread "
    "through the districts and the aquifers beneath the irrigated lands declined steadily"
)
_WORDS = _VOCABULARY.split()
_LONG = ("administration", "infrastructure", "environmental", "international", "consultations",
         "implementation", "understanding", "hydroelectricity", "responsibilities",
         "accountability", "misunderstandings", "transboundary", "agricultural")
_QUOTED = ("‘water diplomacy’", "‘the lifeline of the nation’", "‘equitable use’",
           "‘no objection’", "‘run of the river’")
_HEADINGS = ("I. Overview", "II. A Shared River", "III. The Treaty under Strain",
             "IV. Dams and Doubts", "V. Groundwater", "VI. Conclusion")
_SOURCES = ("Crisis Group interview, senior irrigation official, Lahore, January 2021.",
            "Dawn, 4 May 2020.", "The Express Tribune, 12 September 2020.",
            "Crisis Group telephone interview, former Indus commissioner, October 2020.",
            "See the Indus Waters Treaty, annexure D, on the design of run-of-river plants.",
            "Figures from the Water and Power Development Authority, annual report 2019-2020.",
            "Crisis Group interviews, farmers and union leaders, Sindh, November 2020.")


@dataclass(slots=True)
class Truth:
    """What the generated report holds, for the tests to check the cleaned text against."""

    pages: int = 0
    paragraphs: list[str] = field(default_factory=list)   # body paragraphs, as typeset
    headings: list[str] = field(default_factory=list)
    footnotes: dict[int, str] = field(default_factory=dict)  # number -> footnote text
    quoted: list[str] = field(default_factory=list)       # runs set in the odd font
    hyphenated: int = 0                                    # line-end hyphens typeset


def _sentences(rng: random.Random, n: int, quoted: bool) -> list[str]:
    out = []
    for _ in range(n):
        words = [rng.choice(_WORDS) for _ in range(rng.randint(9, 20))]
        for _ in range(rng.randint(0, 2)):
            words.insert(rng.randrange(1, len(words)), rng.choice(_LONG))
        if quoted and rng.random() < 0.3:
            words.insert(rng.randrange(2, len(words)), rng.choice(_QUOTED))
        words[0] = words[0].capitalize()
        out.append(" ".join(words) + ".")
    return out


def _hyphen_point(word: str, room: float, width) -> int:
    """Where to hyphenate ``word`` so that its head and a hyphen fit in ``room``; 0 if nowhere."""
    if len(word) < 8 or not word.isalpha():
        return 0
    for cut in range(len(word) - 4, 3, -1):
        if width(word[:cut] + "-") <= room:
            return cut
    return 0


def _lines(words: list[str], measure: float, width, hyphenate: bool) -> list[tuple[str, bool]]:
    """Break ``words`` into lines of at most ``measure`` points: (text, justified?)."""
    lines: list[tuple[str, bool]] = []
    current: list[str] = []
    queue = list(words)
    while queue:
        word = queue.pop(0)
        trial = " ".join([*current, word])
        if width(trial) <= measure or not current:
            current.append(word)
            continue
        room = measure - width(" ".join(current) + " ")
        cut = _hyphen_point(word, room, width) if hyphenate else 0
        if cut:
            current.append(word[:cut] + "-")
            queue.insert(0, word[cut:])
        else:
            queue.insert(0, word)
        lines.append((" ".join(current), True))
        current = []
    if current:
        lines.append((" ".join(current), False))
    return lines


def report_pdf(path: Path, pages: int = 20, seed: int = 9, odd_font: bool = False) -> Truth:
    """Write a report of ``pages`` pages to ``path``; return what it holds."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    rng = random.Random(seed)
    truth = Truth()
    page_w, page_h = A4
    left, measure = 72.0, page_w - 144.0
    body_size, leading = 10.5, 13.0
    note_size, note_leading = 8.0, 10.0
    footnotes: dict[int, str] = {}

    def width(text: str) -> float:
        return stringWidth(text, "Times-Roman", body_size)

    def note_width(text: str) -> float:
        return stringWidth(text, "Times-Roman", note_size)

    # Typeset the body as a stream of items: ("start", paragraph, lines it takes),
    # ("heading", text), ("line", text, justified) and ("gap",) between paragraphs.
    items: list[tuple] = []
    paragraphs: list[str] = []
    notes_of: list[dict[int, str]] = []
    heading_every = max(3, (pages * 10) // len(_HEADINGS))
    note_no = 0
    for p in range(pages * 12):
        heading = None
        if p % heading_every == 0 and p // heading_every < len(_HEADINGS):
            heading = _HEADINGS[p // heading_every]
        sentences = _sentences(rng, rng.randint(2, 5), odd_font)
        words: list[str] = []
        markers: dict[int, int] = {}  # word index -> footnote number
        notes: dict[int, str] = {}
        for s in sentences:
            words.extend(s.split())
            if rng.random() < 0.22:
                note_no += 1
                markers[len(words) - 1] = note_no
                notes[note_no] = rng.choice(_SOURCES)
        paragraphs.append(" ".join(words))
        notes_of.append(notes)
        # Markers are typeset after their word, so measure the word with its marker.
        marked = [w + (f"\x00{markers[i]}" if i in markers else "") for i, w in enumerate(words)]
        lines = _lines(marked, measure, lambda t: width(t.replace("\x00", "")), hyphenate=True)
        items.append(("start", p, len(lines) + (2 if heading else 0)))
        if heading:
            items.append(("heading", heading))
        items.extend(("line", text, justified) for text, justified in lines)
        items.append(("gap",))

    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, pageCompression=0)
    c.setTitle(TITLE)
    lines_per_page = 44
    k = 0
    for page in range(pages):
        top = page_h - 72
        if page == 0:
            c.setFont("Times-Bold", 20)
            c.drawString(left, top, TITLE)
            c.setFont("Times-Roman", 12)
            c.drawString(left, top - 24, SERIES)
            c.drawString(left, top - 40, PLACE_DATE)
            y = top - 80
        else:
            c.setFont("Helvetica", 8)
            c.drawString(left, page_h - 40, TITLE)
            y = top
        budget = lines_per_page - (6 if page == 0 else 0)
        used = 0.0
        notes: list[int] = []
        while k < len(items):
            item = items[k]
            note_lines = sum(len(_lines(f"{n} {footnotes[n]}".split(), measure, note_width,
                                        False)) for n in notes) if notes else 0
            room = budget - used - (note_lines + 3) * note_leading / leading
            if item[0] == "start":
                # The last page ends with a whole paragraph; others break anywhere.
                if page == pages - 1 and item[2] > room:
                    k = len(items)
                    break
                truth.paragraphs.append(paragraphs[item[1]])
                truth.footnotes.update(notes_of[item[1]])
                footnotes.update(notes_of[item[1]])
            elif item[0] == "heading":
                if room < 4:
                    break
                truth.headings.append(item[1])
                y -= 6
                c.setFont("Times-Bold", 12)
                c.drawString(left, y, item[1])
                y -= leading + 4
                used += 2
            elif item[0] == "gap":
                y -= 6
                used += 0.5
            else:
                text, justified = item[1], item[2]
                if room < 1 + text.count("\x00") * 2:
                    break
                truth.hyphenated += text.endswith("-")
                notes.extend(_draw_line(c, left, y, text, justified, measure, body_size,
                                        odd_font))
                y -= leading
                used += 1
            k += 1
        if notes:
            _draw_notes(c, left, measure, notes, footnotes, note_size, note_leading, note_width)
        if page > 0:
            c.setFont("Helvetica", 8)
            c.drawString(left, 40, f"{FOOTER} Page {page + 1}")
        c.setFont("Helvetica", 6)
        c.drawString(20, 22, STAMP[0])
        c.drawString(20, 14, STAMP[1])
        c.showPage()
    c.save()
    truth.pages = pages
    if odd_font:
        truth.quoted = sorted({q for q in _QUOTED if any(q in p for p in truth.paragraphs)})
        _rename_glyphs(path, ODD_FONT)
    return truth


def _draw_line(c, x: float, y: float, text: str, justified: bool, measure: float,
               size: float, odd_font: bool) -> list[int]:
    """Draw one body line as one text object, as word processors do: justified by word
    spacing, superscript markers after their words, runs in single quotes in the odd font.
    Returns the footnote numbers marked on the line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    words = text.split(" ")
    runs: list[tuple[str, str, bool]] = []  # (text, font, superscript?)
    quoted = False
    marks: list[int] = []
    for i, w in enumerate(words):
        word, *marker = w.split("\x00")
        quoted = quoted or word.startswith("‘")
        runs.append((word, ODD_FONT if quoted and odd_font else "Times-Roman", False))
        if word.endswith("’"):
            quoted = False
        for m in marker:
            runs.append((m, "Times-Roman", True))
            marks.append(int(m))
        if i < len(words) - 1:
            runs.append((" ", "Times-Roman", False))
    natural = sum(stringWidth(t, f, size * (0.6 if sup else 1)) for t, f, sup in runs)
    t = c.beginText(x, y)
    if justified and len(words) > 1:
        t.setWordSpace((measure - natural) / (len(words) - 1))
    for run, font, sup in runs:
        t.setFont(font, size * (0.6 if sup else 1))
        t.setRise(size * 0.4 if sup else 0)
        t.textOut(run)
    c.drawText(t)
    return marks


def _draw_notes(c, x: float, measure: float, notes: list[int], bodies: dict[int, str],
                size: float, leading: float, width) -> None:
    lines = [(n, text) for n in notes
             for text, _ in _lines(f"{n} {bodies[n]}".split(), measure, width, False)]
    y = 60 + leading * len(lines) + 2 * leading
    c.line(x, y + 4, x + 144, y + 4)
    # Word leaves its separator paragraphs as text runs of one space (see the real sample).
    c.setFont("Times-Roman", size)
    c.drawString(x, y, " ")
    c.drawString(x, y - leading, " ")
    y -= 2 * leading
    for _n, text in lines:
        c.drawString(x, y, text)
        y -= leading


def _rename_glyphs(path: Path, font: str) -> None:
    """Give ``font`` an encoding whose glyph names (/g65, /g66 ...) no name table knows."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject
    from reportlab.pdfbase.pdfmetrics import stringWidth

    writer = PdfWriter(clone_from=PdfReader(path))
    differences = ArrayObject([NumberObject(33)])
    differences.extend(NameObject(f"/g{code}") for code in range(33, 256))
    encoding = DictionaryObject({NameObject("/Type"): NameObject("/Encoding"),
                                 NameObject("/Differences"): differences})
    # With the names unknown, a reader can only get widths from the font dictionary.
    widths = ArrayObject(NumberObject(round(stringWidth(bytes([code]).decode("cp1252", "replace"),
                                                        font, 1000)))
                         for code in range(32, 256))
    for page in writer.pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            obj = ref.get_object()
            if obj.get("/BaseFont") == f"/{font}":
                obj[NameObject("/Encoding")] = encoding
                obj[NameObject("/FirstChar")] = NumberObject(32)
                obj[NameObject("/LastChar")] = NumberObject(255)
                obj[NameObject("/Widths")] = widths
    with open(path, "wb") as f:
        writer.write(f)


def corrupt_pdf(path: Path) -> None:
    """A file that starts like a PDF and breaks off: a download cut short."""
    path.write_bytes(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
                     b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /")


def encrypted_pdf(path: Path, password: str = "secret") -> None:
    """A one-page PDF that needs a user password to open."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt=StandardEncryption(password, canPrint=0))
    c.drawString(72, 720, "A report that only its owner may read.")
    c.showPage()
    c.save()


def image_only_pdf(path: Path, pages: int = 2) -> None:
    """A scan: each page one image of text, no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    for n in range(pages):
        img = Image.new("L", (400, 560), 255)
        draw = ImageDraw.Draw(img)
        for row in range(20):
            draw.text((20, 20 + row * 26), f"Scanned page {n + 1}, line {row + 1}", fill=0)
        c.drawImage(ImageReader(img), 72, 72, width=A4[0] - 144, height=A4[1] - 144)
        c.showPage()
    c.save()


def empty_pdf(path: Path) -> None:
    """A well-formed PDF with no pages at all."""
    from pypdf import PdfWriter

    with open(path, "wb") as f:
        PdfWriter().write(f)
