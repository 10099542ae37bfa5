"""The real corpus's geometry labeller (benchmarks/real/label.py) on a PDF drawn here.

The PDF has what the labeller must tell apart: running heads that change with the section and
carry the page number, a page number alone at the foot of chapter-opening pages, a table row
that recurs on every page in the body (not furniture), a raised footnote marker glued to a
word, a small number on the baseline (not a marker), and a footnote in smaller type under a short
rule at the foot of the page.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytest.importorskip("pdfplumber")
pytest.importorskip("reportlab")

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("real_label", ROOT / "benchmarks/real/label.py")
assert spec and spec.loader
label = importlib.util.module_from_spec(spec)
sys.modules["real_label"] = label
spec.loader.exec_module(label)

FILLER_TEXT = ("the committee met again in the spring and agreed that the archive would keep "
               "every version of the rules while the maintainers reviewed the changes")
FILLER = FILLER_TEXT.split()
SECTIONS = ["1. INTRODUCTION", "1. INTRODUCTION", "2. THE ARCHIVE", "2. THE ARCHIVE",
            "3. MAINTAINERS", "3. MAINTAINERS", "4. RULES", "4. RULES"]
NOTE = "The Debian Long Term Support project keeps old releases alive."


def make_pdf(path: Path) -> None:
    """Eight pages: heads, page numbers, a recurring table row, one footnote on page 4."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    width, height = A4
    c = canvas.Canvas(str(path), pagesize=A4)
    for index in range(8):
        number = index + 1
        if index in (0, 4):         # chapter openings: no head, a lone number at the foot
            c.setFont("Helvetica", 10)
            c.drawCentredString(width / 2, 40, str(number))
        elif number % 2 == 0:
            c.setFont("Helvetica", 9)
            c.drawString(72, height - 50, f"{number}    {SECTIONS[index]}")
        else:                       # odd pages: the section alone on top, the number below
            c.setFont("Helvetica", 9)
            c.drawString(72, height - 50, SECTIONS[index])
            c.setFont("Helvetica", 10)
            c.drawRightString(width - 72, 40, str(number))
        y = height - 90
        for row in range(40):
            c.setFont("Helvetica", 10)
            if row == 12:           # a table row recurring on every page: body, not furniture
                c.drawString(72, y, "Personal Exemption: $0")
            elif index == 3 and row == 10:  # small type on the baseline: not a marker
                c.drawString(72, y, "the figures are in table")
                c.setFont("Helvetica", 6)
                c.drawString(72 + c.stringWidth("the figures are in table ", "Helvetica", 10),
                             y, "3")
            elif index == 3 and row == 20:
                text = "so the teams could manage,"
                c.drawString(72, y, text)
                x = 72 + c.stringWidth(text, "Helvetica", 10)
                c.setFont("Helvetica", 6)
                c.drawString(x, y + 4, "3")           # raised marker glued to the comma
                c.setFont("Helvetica", 10)
                c.drawString(x + 8, y, "and the release went out on time")
            else:
                words = [FILLER[(index * 7 + row * 3 + k) % len(FILLER)] for k in range(11)]
                c.drawString(72, y, " ".join(words))
            y -= 12
            if index == 3 and row == 35:
                break
        if index == 3:              # the footnote under a short rule
            c.line(72, 110, 72 + 120, 110)
            c.setFont("Helvetica", 5)
            c.drawString(72, 98 + 3, "3")
            c.setFont("Helvetica", 8)
            c.drawString(76, 98, NOTE)
        c.showPage()
    c.save()


@pytest.fixture(scope="module")
def truth(tmp_path_factory: pytest.TempPathFactory) -> dict:
    path = tmp_path_factory.mktemp("real") / "labels.pdf"
    make_pdf(path)
    return label.label_pdf(path)


def test_running_heads_and_page_numbers(truth: dict) -> None:
    pages = truth["page_truth"]
    assert len(pages) == 8
    assert pages[0]["furniture"] == [{"text": "1", "kind": "page_number"}]
    assert pages[4]["furniture"] == [{"text": "5", "kind": "page_number"}]
    # a head that changes with the section, holding the page number: one header entry
    assert pages[1]["furniture"] == [{"text": "2 1. INTRODUCTION", "kind": "header"}]
    assert pages[5]["furniture"] == [{"text": "6 3. MAINTAINERS", "kind": "header"}]
    # a head that is only the section title, its number at the foot
    assert pages[2]["furniture"] == [{"text": "2. THE ARCHIVE", "kind": "header"},
                                     {"text": "3", "kind": "page_number"}]
    assert pages[6]["furniture"] == [{"text": "4. RULES", "kind": "header"},
                                     {"text": "7", "kind": "page_number"}]


def test_recurring_body_row_is_not_furniture(truth: dict) -> None:
    for page in truth["page_truth"]:
        assert all("Exemption" not in f["text"] for f in page["furniture"])


def test_footnote_and_raised_marker(truth: dict) -> None:
    page = truth["page_truth"][3]
    assert page["notes"] == [{"label": "3", "text": NOTE}]
    assert page["markers"] == [{"label": "3", "before": "manage,"}]
    others = [p for i, p in enumerate(truth["page_truth"]) if i != 3]
    # page numbers are never notes or markers
    assert all(not p["notes"] and not p["markers"] for p in others)
    assert truth["notes_labelled"] is True
    assert truth["columns"] == 1
