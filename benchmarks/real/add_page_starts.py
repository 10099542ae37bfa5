"""Record in each truth file where the pages of its pypdf text begin.

    python benchmarks/real/add_page_starts.py [--docs DIR] [--cache DIR]

The pypdf variant is the pages' texts joined by a newline, as users concatenate them, so
nothing in the text marks a page's start: the truth has to. This re-extracts each page with
pypdf from the document's PDF (the typeset documents' PDFs beside them, the Debian ones in the
build cache), checks that joining the pages gives the committed text byte for byte, and writes
``page_starts.pypdf``: the 1-based line each page after the first begins on. A document whose
PDF is not at hand, or whose re-extraction differs, is left as it was and named.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def starts_of(pages: list[str]) -> list[int]:
    """1-based lines where pages 2.. begin in ``"\\n".join(pages)``."""
    starts, line = [], 1
    for text in pages[:-1]:
        line += text.count("\n") + 1
        starts.append(line)
    return starts


def find_pdf(doc_id: str, truth: dict, docs: Path, cache: Path) -> Path | None:
    for candidate in (docs / f"{doc_id}.pdf", cache / "pdf" / f"{doc_id}.pdf"):
        if candidate.is_file():
            return candidate
    origin = truth.get("origin", "")
    if origin.startswith("debian:"):
        package, _, rest = origin[len("debian:"):].partition("/")
        path = rest.split(" (")[0]
        found = cache / "x" / package / path
        if found.is_file():
            return found
    return None


def pypdf_pages(pdf: Path, count: int) -> list[str]:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    if pdf.suffix == ".gz":
        import io

        reader = PdfReader(io.BytesIO(gzip.decompress(pdf.read_bytes())))
    else:
        reader = PdfReader(pdf)
    return [reader.pages[i].extract_text() for i in range(min(count, len(reader.pages)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, default=HERE / "docs")
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "cleanup-real")
    args = parser.parse_args()
    missing = 0
    for path in sorted(args.docs.glob("*.truth.json")):
        doc_id = path.name.removesuffix(".truth.json")
        truth = json.loads(path.read_text(encoding="utf-8"))
        if "pypdf" in truth.get("page_starts", {}):
            continue
        pdf = find_pdf(doc_id, truth, args.docs, args.cache)
        text_path = path.with_name(f"{doc_id}.pypdf.txt")
        if pdf is None or not text_path.is_file():
            print(f"{doc_id}: no PDF at hand; left as it was", file=sys.stderr)
            missing += 1
            continue
        pages = pypdf_pages(pdf, truth["pages"])
        # newline="": a carriage return in a page (a TeX font code) is text, not a line end.
        with text_path.open(encoding="utf-8", newline="") as f:
            committed = f.read()
        if "\n".join(pages) != committed:
            print(f"{doc_id}: re-extraction differs from the committed text; left as it was",
                  file=sys.stderr)
            missing += 1
            continue
        truth.setdefault("page_starts", {})["pypdf"] = starts_of(pages)
        path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{doc_id}: {len(pages)} pages")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
