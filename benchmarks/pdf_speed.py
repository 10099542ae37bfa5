"""Speed of PDF input: pages per second for extraction plus cleanup, per extractor.

    python benchmarks/pdf_speed.py [--pages N] [--repeat R]

Generates a report of N pages (tests/pdfgen.py: running heads, footnotes, justified hyphenated
text, JSTOR stamps; needs the test extra for reportlab), then for each extractor that is
installed times extraction and the whole pipeline on its text, and extraction plus cleanup with
--restore (both extractions, the alignment, then cleanup). Prints pages per second, best of R
runs.
Machines here are shared and noisy: compare the extractors within one run, not across runs.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleanup import pdf  # noqa: E402
from cleanup.pipeline import clean_text  # noqa: E402
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
    parser.add_argument("--pages", type=int, default=40, help="pages in the report (default 40)")
    parser.add_argument("--repeat", type=int, default=3, help="best of R runs (default 3)")
    args = parser.parse_args()
    rules = load_rules(use_project_config=False)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        pdfgen.report_pdf(path, pages=args.pages)
        pdf.extract(path)  # import pypdf outside the timings
        print(f"generated report: {args.pages} pages, {path.stat().st_size / 1e6:.2f} MB")
        for extractor in pdf.EXTRACTORS:
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


if __name__ == "__main__":
    main()
