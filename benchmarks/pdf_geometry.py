"""Accuracy of the PDF path with geometry: furniture left, markers, notes, body WER.

    python benchmarks/pdf_geometry.py [--extractor layout|pypdf] [--real DIR ...] [--verbose]

Generated PDFs (truth exact, from the generators): pdflatex reports with ``\\footnote``, running
heads that carry the section title and page numbers, in one and in two columns (skipped when
pdflatex is absent), and the reportlab report of tests/pdfgen.py (JSTOR stamps, Word-style
notes). Real PDFs: each DIR holds ``ID.pdf`` beside ``ID.truth.json`` (benchmarks/real/FORMAT.md:
labels from the PDF's geometry or from the typeset source, never from cleanup's code).

Figures, per document and in total:

* furniture left: running heads/feet, page numbers, stamps the truth names that are still in
  the output, anywhere (a head of two or more words: its words found in sequence in the output;
  a page number: a paragraph of the output that is only that number, or the number found where
  the alignment with the true body inserts it);
* marker precision/recall/F1: ``[^N]`` in the body, right when N and the word before it match
  the truth; notes accuracy: ``[^N]: text`` reading as the truth's note (rapidfuzz ratio >= 90);
* body WER (generated PDFs): word error rate of the output's body (markers and notes removed)
  against the true body text, headings included.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks" / "real"))

import build_typeset  # noqa: E402
import real_score  # noqa: E402
from real_score import matched_markers  # noqa: E402

from cleanup import pdf  # noqa: E402
from cleanup.pipeline import clean_document, clean_text  # noqa: E402
from cleanup.rules import load_rules  # noqa: E402
from tests import pdfgen, texgen  # noqa: E402

TOKEN = re.compile(r"\w+")
# Definitions are taken out paragraph by paragraph first, so a marker followed by a colon
# ("the environment[^1]:") is still a marker.
MARKER = re.compile(r"\[\^([^\]\s]+)\]")
NOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:\s?(.*)$", re.S)


@dataclass
class Figures:
    """Counts summed over documents; the rates come from them."""

    furniture: int = 0
    furniture_left: int = 0
    stamps: int = 0
    stamps_left: int = 0
    markers_true: int = 0
    markers_found: int = 0
    markers_right: int = 0
    notes: int = 0
    notes_right: int = 0
    words: int = 0
    word_errors: int = 0
    pages: int = 0
    body_words: int = 0
    body_lost: int = 0
    left: list[str] = field(default_factory=list)

    def add(self, o: Figures) -> None:
        for k, v in vars(o).items():
            if isinstance(v, int):
                setattr(self, k, getattr(self, k) + v)
            else:
                getattr(self, k).extend(v)

    def row(self) -> str:
        p = self.markers_right / self.markers_found if self.markers_found else 1.0
        r = self.markers_right / self.markers_true if self.markers_true else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        furn = self.furniture_left / self.furniture if self.furniture else 0.0
        notes = self.notes_right / self.notes if self.notes else 1.0
        wer = f"{self.word_errors / self.words:.4f}" if self.words else "  -   "
        return (f"furniture left {furn:6.2%} ({self.furniture_left}/{self.furniture}), "
                f"stamps left {self.stamps_left}/{self.stamps}, marker F1 {f1:.3f} "
                f"(P {p:.3f} R {r:.3f}), notes {notes:.3f} ({self.notes_right}/{self.notes}), "
                f"body WER {wer}"
                + (f", words lost {self.body_lost / self.body_words:.2%}" if self.body_words
                   else ""))


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.casefold())


def split_output(text: str) -> tuple[str, dict[str, str], list[tuple[str, str]]]:
    """(body text without markers, notes by label, markers as (label, word before))."""
    body_parts, notes = [], {}
    for para in text.split("\n\n"):
        m = NOTE_DEF.match(para.strip())
        if m:
            notes[m.group(1)] = m.group(2).strip()
        else:
            body_parts.append(para)
    body = "\n\n".join(body_parts)
    markers = []
    for m in MARKER.finditer(body):
        before = tokens(MARKER.sub(" ", body[max(0, m.start() - 80):m.start()]))
        markers.append((m.group(1), before[-1] if before else ""))
    return MARKER.sub("", body), notes, markers


def score_markers(fig: Figures, found: list[tuple[str, str]], truth: list[tuple[str, str]],
                  by_word: bool = True, source: str = "") -> None:
    """Count the found markers against the truth's; markers the extracted ``source`` already
    wrote as ``[^i]`` (PARI's ``v[^i]``) are the document's own text, not cleanup's."""
    given = Counter(label for label in MARKER.findall(source))
    kept = []
    for label, word in found:
        if given[label]:
            given[label] -= 1
            continue
        kept.append((label.rsplit(".", 1)[-1], word if by_word else ""))
    want = Counter(truth if by_word else [(n, "") for n, _ in truth])
    fig.markers_true += len(truth)
    fig.markers_found += len(kept)
    fig.markers_right += sum(matched_markers(want, Counter(kept)).values())


def score_notes(fig: Figures, notes: dict[str, str], truth: dict[str, str]) -> None:
    notes = {k.rsplit(".", 1)[-1]: v for k, v in notes.items()}
    for label, text in truth.items():
        fig.notes += 1
        got = notes.get(label)
        if got is not None and fuzz.ratio(" ".join(tokens(got)), " ".join(tokens(text))) >= 90:
            fig.notes_right += 1


def score_body(fig: Figures, body: str, truth: str) -> None:
    ref, hyp = tokens(truth), tokens(body)
    fig.words += len(ref)
    fig.word_errors += Levenshtein.distance(ref, hyp)


def _count(haystack: str, key: str) -> int:
    """Occurrences of `` key `` (space-padded tokens) in ``haystack``, overlapping ones too:
    a head right above the heading it repeats shares the space between them."""
    n, at = 0, haystack.find(key)
    while at >= 0:
        n += 1
        at = haystack.find(key, at + len(key) - 1)
    return n


def furniture_left(fig: Figures, output: str, lines: list[tuple[str, str]],
                   inserted_numbers: set[str] | None = None, true_body: str = "",
                   source: str = "") -> None:
    """Count the furniture lines (text, kind) still in ``output``: beyond the times the true
    body holds the same words (a title the running head repeats), or, given the ``source``
    text instead, beyond the times the source holds them outside the furniture."""
    out_tokens = tokens(output)
    body_joined = " " + " ".join(tokens(true_body)) + " "
    if source:
        src = " " + " ".join(tokens(source)) + " "
        furn_keys = [" " + " ".join(tokens(t)) + " " for t, _ in lines]
        legit = {k: max(0, _count(src, k) - furn_keys.count(k)) for k in set(furn_keys)}
        body_joined = " ".join(k * n for k, n in legit.items() if n)
    joined = " " + " ".join(out_tokens) + " "
    paragraphs_list = output.split("\n\n")
    paragraphs = {p.strip() for p in paragraphs_list}
    seen: dict[str, int] = {}
    for text, kind in lines:
        toks = tokens(text)
        stamp = kind in ("stamp", "cover")
        fig.furniture += 1
        fig.stamps += stamp
        if not toks:
            continue
        if len(toks) >= 2:
            key = " " + " ".join(toks) + " "
            count = _count(joined, key) - _count(body_joined, key)
            k = seen.get(key, 0)
            left = count > k
            seen[key] = k + 1
        elif source:  # a page number: standalone paragraphs beyond the source's own
            num = text.strip()
            own = sum(1 for ln in source.splitlines() if ln.strip() == num) - \
                sum(1 for t, _ in lines if t.strip() == num)
            k = seen.get(num, 0)
            left = sum(1 for p in paragraphs_list if p.strip() == num) - max(0, own) > k
            seen[num] = k + 1
        else:
            left = text.strip() in paragraphs or (inserted_numbers is not None
                                                  and toks[0] in inserted_numbers)
        if left:
            fig.furniture_left += 1
            fig.stamps_left += stamp
            fig.left.append(text)


def inserted(ref: list[str], hyp: list[str]) -> set[str]:
    """Tokens the alignment of ``hyp`` with ``ref`` finds inserted (page numbers glued in)."""
    out = set()
    for op in Levenshtein.editops(ref, hyp):
        if op.tag == "insert":
            out.add(hyp[op.dest_pos])
    return out


def clean_pdf(path: Path, extractor: str) -> str:
    return clean_pdf_with_source(path, extractor)[0]


def clean_pdf_with_source(path: Path, extractor: str) -> tuple[str, str, list[int] | None]:
    """The cleaned text, the extracted text it was cleaned from (the words a furniture line
    may legitimately share with the body are counted in the same extraction: pypdf's text
    glues words the layout reader keeps apart, "Relateddocuments"), and where the source's
    pages start (1-based line numbers; None when the reader gives no pages)."""
    rules = load_rules(use_project_config=False)
    loaded = pdf.load(path, pdf.PdfOptions(extractor))
    if loaded.document is not None:
        lines = loaded.document.lines
        source = "\n".join(line.raw for line in lines)
        starts = [k + 1 for k in range(1, len(lines)) if lines[k].page != lines[k - 1].page]
        return clean_document(loaded.document, rules).text, source, starts
    return clean_text(loaded.text, rules, source=str(path)).text, loaded.text, None


def generated(extractor: str, verbose: bool) -> Figures:
    total = Figures()
    with tempfile.TemporaryDirectory() as tmp:
        cases: list[tuple[str, Any]] = []
        if texgen.available():
            for columns, seed, sections in ((1, 3, 8), (2, 5, 8), (1, 11, 12), (2, 17, 12)):
                path = Path(tmp) / f"tex-{columns}col-{seed}.pdf"
                cases.append((str(path.name), (path, texgen.report_pdf(path, sections, seed,
                                                                         columns))))
        else:
            print("pdflatex is not installed: the LaTeX cases are skipped")
        path = Path(tmp) / "reportlab.pdf"
        cases.append(("reportlab.pdf", (path, pdfgen.report_pdf(path, pages=20))))
        for name, (path, truth) in cases:
            fig = Figures()
            output = clean_pdf(path, extractor)
            body, notes, markers = split_output(output)
            if isinstance(truth, texgen.TexTruth):
                true_body = "\n\n".join([truth.title, "Research Unit", "March 2021",
                                           *truth.body])
                pages = _page_count(path)
                furn = [("Lower Districts Report", "header")] * (pages - 1) + \
                    [(str(k), "page_number") for k in range(1, pages + 1)]
                score_markers(fig, markers, [(str(n), w.rstrip(".").casefold().split()[-1]
                                              if w else "") for n, w in truth.markers])
                score_notes(fig, notes, {str(k): v for k, v in truth.footnotes.items()})
            else:
                true_body = "\n\n".join([pdfgen.TITLE, pdfgen.SERIES, pdfgen.PLACE_DATE,
                                         *truth.headings, *truth.paragraphs])
                pages = truth.pages
                furn = [(pdfgen.TITLE, "header")] * (pages - 1) + \
                    [(f"{pdfgen.FOOTER} Page {k}", "footer") for k in range(2, pages + 1)] + \
                    [(s, "stamp") for s in pdfgen.STAMP for _ in range(pages)]
                score_markers(fig, markers, [(str(n), "") for n in truth.footnotes],
                              by_word=False)
                score_notes(fig, notes, {str(k): v for k, v in truth.footnotes.items()})
            score_body(fig, body, true_body)
            furniture_left(fig, body, furn, inserted(tokens(true_body), tokens(body)), true_body)
            fig.pages = pages
            print(f"{name:<22} {pages:3d} pages: {fig.row()}")
            if verbose and fig.left:
                print("   left:", fig.left[:5])
            total.add(fig)
    return total


def _debian_pdf(doc_id: str, truth: dict[str, Any], folder: Path) -> Path | None:
    """A Debian document's PDF where build_debian.py left it (its package unpacked in the
    build cache), decompressed to a temporary file when the package ships it gzipped."""
    import gzip

    from add_page_starts import find_pdf

    found = find_pdf(doc_id, truth, folder, Path.home() / ".cache" / "cleanup-real")
    if found is None or found.suffix != ".gz":
        return found
    out = Path(tempfile.gettempdir()) / f"cleanup-bench-{doc_id}.pdf"
    if not out.is_file():
        out.write_bytes(gzip.decompress(found.read_bytes()))
    return out


def _words_lost(fig: Figures, source: str, output: str, truth: dict[str, Any],
                starts: list[int]) -> None:
    """Body words lost (real PDFs, whose body has no ordered truth): the words the layout
    reader read, less the furniture the truth names on their page, that the output no longer
    has; counted as the real-corpus scorer counts them (notes stay: they are kept)."""
    page_truth = {"page_truth": truth["page_truth"][:len(starts) + 1], "notes_labelled": False}
    got = real_score.score(source, output, page_truth, starts, None)
    fig.body_words += got.body_words
    fig.body_lost += got.body_lost


def prose_errors(blocks: list[str], body: str) -> tuple[int, int]:
    """(errors, words) of the output ``body`` against the true prose ``blocks`` in order:
    words lost, changed or out of order, and words inserted inside a block (a head or note
    glued into a paragraph). Words inserted between blocks are free: the truth leaves out
    what stands there (title block, tables, headings' numbers, a table of contents)."""
    ref: list[str] = []
    bounds = {0}
    for b in blocks:
        ref += tokens(b)
        bounds.add(len(ref))
    hyp = tokens(body)
    errors = 0
    for op, i1, i2, j1, j2 in Levenshtein.opcodes(ref, hyp):
        if op in ("replace", "delete"):
            errors += max(i2 - i1, j2 - j1) if op == "replace" else i2 - i1
        elif op == "insert" and i1 not in bounds:
            errors += j2 - j1
    return errors, len(ref)


def _page_count(path: Path) -> int:
    import pypdf

    return len(pypdf.PdfReader(path).pages)


def real(folders: list[Path], extractor: str, verbose: bool,
         pdf_dirs: list[Path] | None = None) -> Figures:
    total = Figures()
    for folder in folders:
        for truth_path in sorted(folder.glob("*.truth.json")):
            doc_id = truth_path.name[:-len(".truth.json")]
            path = next((d / f"{doc_id}.pdf" for d in [folder, *(pdf_dirs or [])]
                         if (d / f"{doc_id}.pdf").is_file()), None)
            truth = json.loads(truth_path.read_text(encoding="utf-8"))
            if path is None:
                path = _debian_pdf(doc_id, truth, folder)
            if path is None:
                continue
            try:
                output, source, starts = clean_pdf_with_source(path, extractor)
            except pdf.PdfError as e:
                print(f"{doc_id}: {e}")
                continue
            fig = Figures()
            body, notes, markers = split_output(output)
            furn = [(f["text"], f["kind"]) for p in truth["page_truth"]
                    for f in p.get("furniture", [])]
            furniture_left(fig, body, furn, source=source)
            if starts is not None:
                _words_lost(fig, source, output, truth, starts)
            prose = build_typeset.prose_blocks(doc_id)
            if prose is not None:
                fig.word_errors, fig.words = prose_errors(prose, body)
            if truth.get("notes_labelled", True):
                true_markers = [(m["label"], (tokens(m.get("before", "")) or [""])[-1])
                                for p in truth["page_truth"] for m in p.get("markers", [])]
                score_markers(fig, markers, true_markers, source=source)
                score_notes(fig, notes, {n["label"]: n["text"] for p in truth["page_truth"]
                                         for n in p.get("notes", [])})
            fig.pages = len(truth["page_truth"])
            print(f"{doc_id:<28} {fig.pages:3d} pages: {fig.row()}")
            if verbose and fig.left:
                print("   left:", fig.left[:5])
            total.add(fig)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--extractor", default="layout", choices=pdf.EXTRACTORS)
    parser.add_argument("--real", type=Path, action="append", default=[], metavar="DIR",
                        help="a folder of ID.pdf + ID.truth.json (repeatable)")
    parser.add_argument("--pdfs", type=Path, action="append", default=[], metavar="DIR",
                        help="where else the real PDFs are (the Debian ones are found in "
                             "build_debian.py's cache, ~/.cache/cleanup-real, by themselves)")
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    if not args.real:
        total = generated(args.extractor, args.verbose)
        print(f"{'generated, total':<22} {total.pages:3d} pages: {total.row()}")
    else:
        total = real(args.real, args.extractor, args.verbose, args.pdfs)
        print(f"{'real, total':<28} {total.pages:3d} pages: {total.row()}")


if __name__ == "__main__":
    main()
