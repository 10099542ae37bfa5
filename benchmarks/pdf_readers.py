"""Which library reads PDF layout for cleanup: speed, superscripts found, agreement of
baselines, licence. The measurement behind the choice in cleanup/readers/pdf_layout.py.

    python benchmarks/pdf_readers.py          # needs the bench extra: pip install -e '.[bench]'

For each reader that is installed, on PDFs made for the tests (pdflatex reports in one and two
columns when pdflatex is installed, and the reportlab report): pages per second to get every
character with its baseline and type size; how many raised note numbers it shows raised (a
digit in smaller type whose baseline stands above the text before it; truth from the
generators: LaTeX raises markers and note labels, reportlab raises markers with a text rise);
and the median distance, in points, of its baselines from pdfminer's (pdfplumber), matched by
character and position. One core, best of 3 runs.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import pdfgen, texgen  # noqa: E402

Char = tuple[str, float, float, float]  # (char, x, baseline from the bottom, size)
LICENCES = {"pdf_oxide": "MIT/Apache-2.0", "pypdfium2": "Apache-2.0/BSD-3 (PDFium)",
            "pdfplumber": "MIT (pdfminer.six: MIT)", "pypdf": "BSD-3",
            "pdf_oxide spans": "MIT/Apache-2.0"}


def oxide(path: Path) -> list[list[Char]]:
    import pdf_oxide

    pdf_oxide.disable_logging()
    doc = pdf_oxide.PdfDocument(str(path))
    return [[(c.char, c.origin_x, c.origin_y, c.font_size) for c in doc.extract_chars(n)]
            for n in range(doc.page_count())]


def oxide_spans(path: Path) -> list[list[Char]]:
    import pdf_oxide

    pdf_oxide.disable_logging()
    doc = pdf_oxide.PdfDocument(str(path))
    return [[(s.text[:1], s.bbox[0], s.bbox[1], s.font_size) for s in doc.extract_spans(n)
             if s.text.strip()] for n in range(doc.page_count())]


def pdfium(path: Path) -> list[list[Char]]:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument(str(path))
    x, y = ctypes.c_double(), ctypes.c_double()
    px, py = ctypes.byref(x), ctypes.byref(y)
    out = []
    for n in range(len(doc)):
        tp = doc[n].get_textpage()
        h = tp.raw
        text = tp.get_text_range()
        chars = []
        for i in range(tp.count_chars()):
            raw.FPDFText_GetCharOrigin(h, i, px, py)
            chars.append((text[i] if i < len(text) else "", x.value, y.value,
                          raw.FPDFText_GetFontSize(h, i)))
        out.append(chars)
    return out


def plumber(path: Path) -> list[list[Char]]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [[(c["text"], c["x0"], c["matrix"][5], c["size"]) for c in p.chars]
                for p in pdf.pages]


def pypdf_visitor(path: Path) -> list[list[Char]]:
    import pypdf

    out = []
    for page in pypdf.PdfReader(path).pages:
        runs: list[Char] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float,
                  runs: list[Char] = runs) -> None:
            if text.strip():
                m = pypdf.mult(tm, cm) if hasattr(pypdf, "mult") else _mult(tm, cm)
                runs.append((text.strip()[0], m[4], m[5], size * abs(m[3] or 1)))

        page.extract_text(visitor_text=visit)
        out.append(runs)
    return out


def _mult(a: list[float], b: list[float]) -> list[float]:
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


READERS: dict[str, Callable[[Path], list[list[Char]]]] = {
    "pdf_oxide": oxide, "pdf_oxide spans": oxide_spans, "pypdfium2": pdfium,
    "pdfplumber": plumber, "pypdf": pypdf_visitor}


def raised(pages: list[list[Char]]) -> int:
    """Digits in smaller type whose baseline stands 1 pt or more above the characters of body
    type just to their left: raised note numbers (a run's first digit counts once)."""
    count = 0
    for chars in pages:
        sizes = Counter(round(s) for c, _, _, s in chars if c.strip())
        body = sizes.most_common(1)[0][0] if sizes else 10
        rows: dict[int, list[tuple[float, float]]] = defaultdict(list)
        for c, x, y, s in chars:
            if c.strip() and s > 0.85 * body:
                rows[int(y)].append((x, y))
        seen: set[tuple[int, int]] = set()
        for c, x, y, s in chars:
            if not c.isdigit() or s > 0.85 * body:
                continue
            near = [by for r in range(int(y - body), int(y + 2)) for bx, by in rows.get(r, ())
                    if 0 <= x - bx < 2 * body]
            if near and min(y - by for by in near) >= 1.0:
                key = (round(y), round(x / body))
                if key not in seen:
                    seen.add(key)
                    count += 1
    return count


def agreement(pages: list[list[Char]], ref: list[list[Char]]) -> float:
    """Median |baseline difference| in points against the reference, matched by char and x."""
    diffs = []
    for chars, rchars in zip(pages, ref, strict=False):
        index: dict[tuple[str, int], float] = {}
        for c, x, y, _ in rchars:
            index.setdefault((c, round(x)), y)
        for c, x, y, _ in chars:
            r = index.get((c, round(x)))
            if r is not None:
                diffs.append(abs(y - r))
    return statistics.median(diffs) if diffs else float("nan")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cases: list[tuple[Path, int]] = []
        if texgen.available():
            for columns in (1, 2):
                path = Path(tmp) / f"tex{columns}.pdf"
                truth = texgen.report_pdf(path, sections=8, seed=3 + columns, columns=columns)
                cases.append((path, len(truth.footnotes)))  # the markers (labels open lines)
        path = Path(tmp) / "reportlab.pdf"
        truth = pdfgen.report_pdf(path, pages=20)
        cases.append((path, len(truth.footnotes)))
        for path, want in cases:
            ref = plumber(path)
            pages = len(ref)
            print(f"{path.name}: {pages} pages, {want} raised numbers")
            for name, reader in READERS.items():
                try:
                    reader(path)
                except ImportError:
                    print(f"  {name:<16} not installed (pip install -e '.[bench]')")
                    continue
                times = []
                for _ in range(3):
                    started = time.perf_counter()
                    got = reader(path)
                    times.append(time.perf_counter() - started)
                print(f"  {name:<16} {pages / min(times):7.1f} pages/s, raised "
                      f"{raised(got):4d}/{want}, baseline vs pdfminer "
                      f"{agreement(got, ref):.2f} pt, licence {LICENCES[name]}")


if __name__ == "__main__":
    main()
