"""Speed of PDF input: pages per second for extraction plus cleanup, per extractor.

    python benchmarks/pdf_speed.py [--pages N] [--repeat R]

The target (issue 21): PDF to cleaned text at 30 pages/s or more on one core, with the layout
reader, on a text-heavy 100-page report. Layout tools are timed in the same run as references
when installed (pip install -e '.[bench]'): pdf_oxide's own plain text, pymupdf4llm's Markdown
(PyMuPDF is AGPL: a reference here, never a dependency). Rust and C libraries are held to one
thread (RAYON_NUM_THREADS=1, OMP_NUM_THREADS=1) so that every figure is one core's.

Generates a report of N pages (tests/pdfgen.py: running heads, footnotes, justified hyphenated
text, JSTOR stamps; needs the test extra for reportlab), then for each extractor that is
installed times extraction and the whole pipeline on its text, and extraction plus cleanup with
--restore (both extractions, the alignment, then cleanup). Prints pages per second, best of R
runs.
Machines here are shared and noisy: compare the extractors within one run, not across runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("RAYON_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleanup import pdf  # noqa: E402
from cleanup.pipeline import clean_document, clean_text  # noqa: E402
from cleanup.readers import pdf_layout  # noqa: E402
from cleanup.rules import load_rules  # noqa: E402
from tests import pdfgen  # noqa: E402


def best(fn: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs of ``fn``, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100,
                        help="pages in the report (default 100)")
    parser.add_argument("--repeat", type=int, default=3, help="best of R runs (default 3)")
    args = parser.parse_args()
    rules = load_rules(use_project_config=False)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        pdfgen.report_pdf(path, pages=args.pages)
        pdf.extract(path, "pypdf")  # import pypdf outside the timings
        print(f"generated report: {args.pages} pages, {path.stat().st_size / 1e6:.2f} MB")
        if not pdf.missing("layout"):
            def read() -> object:
                return pdf_layout.to_document(pdf_layout.read(path), str(path))

            def read_and_clean() -> object:
                return clean_document(pdf_layout.to_document(pdf_layout.read(path), str(path)),
                                      rules)

            read_and_clean()
            t_read, t_all = best(read, args.repeat), best(read_and_clean, args.repeat)
            print(f"{'layout':<10} reading {args.pages / t_read:7.1f} pages/s, cleanup "
                  f"{args.pages / (t_all - t_read):7.1f} pages/s, PDF to cleaned text "
                  f"{args.pages / t_all:7.1f} pages/s (target 30)")
        references(path, args.pages, args.repeat)
        for extractor in pdf.TEXT_EXTRACTORS:
            if pdf.missing(extractor):
                print(f"{extractor:<10} not installed; skipped")
                continue

            def extract(extractor: str = extractor) -> list[str]:
                return pdf.extract(path, extractor)

            text = pdf.join_pages(extract())
            t_extract = best(extract, args.repeat)
            t_clean = best(lambda text=text: clean_text(text, rules, source=str(path)),
                           args.repeat)
            line = (f"{extractor:<10} extraction {args.pages / t_extract:7.1f} pages/s, "
                    f"cleanup {args.pages / t_clean:7.1f} pages/s, "
                    f"extraction + cleanup {args.pages / (t_extract + t_clean):7.1f} pages/s")
            if not pdf.missing("pdftotext"):
                def restored(extractor: str = extractor) -> object:
                    loaded = pdf.load(path, pdf.PdfOptions(extractor, restore=True))
                    return clean_text(loaded.text, rules, source=str(path))

                line += f"; with --restore {args.pages / best(restored, args.repeat):7.1f} " \
                        "pages/s"
            print(line)
    if shutil.which("pdftotext") is None:
        print("install poppler-utils for the pdftotext figures and --restore")


def references(path: Path, pages: int, repeat: int) -> None:
    """Layout tools a user might pick instead, timed on the same file."""
    try:
        import pdf_oxide

        pdf_oxide.disable_logging()

        def oxide() -> object:
            return pdf_oxide.PdfDocument(str(path)).to_plain_text_all()

        print(f"{'pdf_oxide':<10} plain text (reference) {pages / best(oxide, repeat):7.1f} "
              "pages/s")
    except ImportError:
        print("pdf_oxide not installed; reference skipped")
    try:
        import pymupdf4llm

        def markdown() -> object:
            return pymupdf4llm.to_markdown(str(path), header=False, footer=False)

        try:
            markdown()
        except TypeError:  # older releases have no header/footer switches
            def markdown() -> object:
                return pymupdf4llm.to_markdown(str(path))
        print(f"{'pymupdf4llm':<10} Markdown (reference) {pages / best(markdown, repeat):7.1f} "
              "pages/s")
    except ImportError:
        print("pymupdf4llm not installed (pip install -e '.[bench]'); reference skipped")


if __name__ == "__main__":
    main()
