"""Build the Debian half of the real corpus: texts and geometry labels of real PDFs.

    nice python benchmarks/real/build_debian.py [--only ID ...] [--jobs N] [--cache DIR]

For each document in ``debian_docs.toml`` (next to this script): fetch its package with
``apt-get download`` and unpack it with ``dpkg -x`` into the cache (default
``~/.cache/cleanup-real``; nothing is installed, the repository never holds a PDF), take the
PDF (gunzipped when shipped as ``.pdf.gz``), and write into ``benchmarks/real/docs/``:

* ``ID.pypdf.txt``: pypdf ``extract_text()`` of pages 1-300, joined with "\\n";
* ``ID.pdftotext.txt``: ``pdftotext -enc UTF-8 -f 1 -l 300 PDF -`` (form feeds between pages);
* ``ID.truth.json``: labels from the PDF's geometry (``label.py``), plus id, producer family,
  raw /Producer, origin, licence, page count (format: ``FORMAT.md``).

Run ``apt-get update`` once before (the script does when a download fails). Needs
poppler-utils, dpkg, apt and the ``bench`` extra (pdfplumber).
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import shutil
import subprocess
import sys
import tomllib
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DOCS = HERE / "docs"
MAX_PAGES = 300
EXCLUDED = {  # kept for independent evaluation (issue #19): never in this corpus
    "r-doc-pdf", "gri-pdf-doc", "gnuplot-doc", "texlive-latex-recommended-doc",
    "texlive-latex-base-doc", "why3-doc-pdf", "ubuntu-packaging-guide-pdf", "maxima-doc",
    "auto-multiple-choice-doc-pdf", "docbook-xsl-doc-pdf", "python-reportlab-doc",
    "c++-annotations-pdf",
}


def load_list(path: Path = HERE / "debian_docs.toml") -> list[dict[str, str]]:
    """The documents to build, checked against the excluded packages."""
    docs = tomllib.loads(path.read_text(encoding="utf-8"))["doc"]
    for doc in docs:
        if doc["package"] in EXCLUDED:
            raise SystemExit(f"{path}: {doc['id']}: package {doc['package']} is excluded")
        if not doc["id"].startswith("deb-"):
            raise SystemExit(f"{path}: {doc['id']}: ids of Debian documents start with deb-")
    return docs


def fetch_package(package: str, cache: Path) -> Path:
    """Download and unpack a package into the cache (once); return the unpacked root."""
    root = cache / "x" / package
    if root.is_dir():
        return root
    debs = cache / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    found = list(debs.glob(f"{package}_*.deb"))
    if not found:
        cmd = ["apt-get", "download", package]
        if subprocess.run(cmd, cwd=debs, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-qq"], check=False)
            subprocess.run(cmd, cwd=debs, check=True, capture_output=True)
        found = list(debs.glob(f"{package}_*.deb"))
    tmp = root.with_name(package + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    subprocess.run(["dpkg", "-x", str(found[0]), str(tmp)], check=True)
    tmp.rename(root)
    return root


def local_pdf(doc: dict[str, str], cache: Path) -> Path:
    """The document's PDF in the cache (unpacked from .gz when needed)."""
    src = fetch_package(doc["package"], cache) / doc["path"]
    if src.suffix != ".gz":
        return src
    out = cache / "pdf" / (doc["id"] + ".pdf")
    if not out.exists():
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(gzip.decompress(src.read_bytes()))
    return out


def pypdf_text(pdf: Path) -> tuple[str, int, str]:
    """pypdf text of the first pages joined with "\\n", the page count, the raw /Producer."""
    import pypdf

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = pypdf.PdfReader(str(pdf))
    pages = reader.pages[:MAX_PAGES]
    text = "\n".join(page.extract_text() or "" for page in pages)
    meta = reader.metadata or {}
    producer = str(meta.get("/Producer", "") or "")
    creator = str(meta.get("/Creator", "") or "")
    return text, len(pages), f"{producer}" + (f" / {creator}" if creator else "")


def pdftotext_text(pdf: Path) -> str:
    """poppler's plain text of pages 1-300."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", "1", "-l", str(MAX_PAGES),
                          str(pdf), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8", errors="replace")


def extracted_texts(doc_id: str, pdf: Path, cache: Path) -> tuple[str, int, str, str]:
    """Both extractions, kept in the cache between runs (they do not change with labels)."""
    key = cache / f"{doc_id}-{pdf.stat().st_size}.json"
    if key.exists():
        data = json.loads(key.read_text(encoding="utf-8"))
        return data["pypdf"], data["pages"], data["producer"], data["pdftotext"]
    text, npages, producer = pypdf_text(pdf)
    ptext = pdftotext_text(pdf)
    cache.mkdir(parents=True, exist_ok=True)
    write_atomic(key, json.dumps({"pypdf": text, "pages": npages, "producer": producer,
                                  "pdftotext": ptext}))
    return text, npages, producer, ptext


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file and rename, so a killed build leaves no half file."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def build_one(doc: dict[str, str], cache: Path) -> tuple[str, str]:
    """Build one document's three files; (id, one-line summary or error)."""
    sys.path.insert(0, str(HERE))
    from label import label_pdf

    try:
        pdf = local_pdf(doc, cache)
        text, npages, raw_producer, ptext = extracted_texts(doc["id"], pdf, cache / "text")
        labels = label_pdf(pdf, MAX_PAGES, cache / "pages")
    except Exception as exc:  # one bad document must not stop the build
        return doc["id"], f"FAILED: {type(exc).__name__}: {exc}"
    if labels["pages"] != npages:
        return doc["id"], f"FAILED: pdfplumber saw {labels['pages']} pages, pypdf {npages}"
    truth: dict[str, Any] = {
        "id": doc["id"],
        "producer": doc["producer"],
        "pdf_producer": raw_producer,
        "origin": f"debian:{doc['package']}/{doc['path']} (pages 1-{npages})",
        "license": doc["license"],
        "pages": npages,
        "columns": labels["columns"],
        "notes_labelled": labels["notes_labelled"],
        "page_truth": labels["page_truth"],
        "labelling": labels["labelling"],
    }
    DOCS.mkdir(exist_ok=True)
    write_atomic(DOCS / f"{doc['id']}.pypdf.txt", text)
    write_atomic(DOCS / f"{doc['id']}.pdftotext.txt", ptext)
    write_atomic(DOCS / f"{doc['id']}.truth.json",
                 json.dumps(truth, ensure_ascii=False, indent=1) + "\n")
    furn = sum(len(p["furniture"]) for p in truth["page_truth"])
    notes = sum(len(p["notes"]) for p in truth["page_truth"])
    marks = sum(len(p["markers"]) for p in truth["page_truth"])
    return doc["id"], (f"{npages} pages, {furn} furniture lines, {notes} notes, {marks} markers,"
                       f" columns {labels['columns']}, notes_labelled {labels['notes_labelled']}")


def markdown_table(docs: list[dict[str, str]]) -> str:
    """The README's document table, read from the truth files, with totals."""
    rows = ["| id | producer | pages | licence | columns | notes (labelled) | furniture lines |",
            "|---|---|---|---|---|---|---|"]
    pages = notes = furniture = 0
    producers = set()
    for doc in docs:
        path = DOCS / f"{doc['id']}.truth.json"
        if not path.exists():
            continue
        t = json.loads(path.read_text(encoding="utf-8"))
        n = sum(len(p["notes"]) for p in t["page_truth"])
        f = sum(len(p["furniture"]) for p in t["page_truth"])
        labelled = "yes" if t["notes_labelled"] else "no"
        rows.append(f"| {t['id']} | {t['producer']} | {t['pages']} | {t['license']} | "
                    f"{t['columns']} | {n} ({labelled}) | {f} |")
        pages += t["pages"]
        notes += n
        furniture += f
        producers.add(t["producer"])
    rows.append(f"| **{len(rows) - 2} documents** | **{len(producers)} producers** | "
                f"**{pages}** | | | **{notes}** | **{furniture}** |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Build the listed documents (all, or --only some), printing one line per document."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", default=[], help="ids to build")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "cleanup-real")
    ap.add_argument("--table", action="store_true",
                    help="print the Markdown table of the built documents and stop")
    args = ap.parse_args(argv)
    docs = [d for d in load_list() if not args.only or d["id"] in args.only]
    if args.table:
        print(markdown_table(docs))
        return 0
    failed = 0
    # packages are fetched first, one at a time (apt-get and dpkg do not like company)
    for package in dict.fromkeys(d["package"] for d in docs):
        fetch_package(package, args.cache)
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for doc_id, summary in pool.map(build_one, docs, [args.cache] * len(docs)):
            failed += summary.startswith("FAILED")
            print(f"{doc_id}: {summary}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
