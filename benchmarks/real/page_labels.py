"""Page-label accuracy on the real-document corpus (issue #24): how often the label cleanup gives
a page is the number printed on it.

Truth: ``page_truth[i].furniture`` entries of kind ``page_number`` in ``ID.truth.json`` (found by
geometry, never by cleanup; see FORMAT.md). A page whose number the geometry did not label is
not scored. For the pdftotext variant a page of cleanup's output is tied to its PDF page by the
form feeds before its first input line; the pypdf variant has no form feeds, so each PDF page is
found in it by a line of its own text (the longest line of that page, in the pdftotext variant,
that occurs once in the document): pages with no such anchor are counted as unaligned and left
out of the share.

    python benchmarks/real/page_labels.py DOCS_DIR [DOCS_DIR ...] [--variant pdftotext|pypdf]
                                          [--show N]

Prints, per variant: pages scored, right (printed / inferred), wrong, unlabelled, and the share
right; then the documents with the most wrong pages. A label read as printed but wrong is also
counted on its own ("wrong printed"): that is the error the tool must never make.
"""

from __future__ import annotations

import argparse
import bisect
import json
import multiprocessing
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from cleanup.pagelabels import PageLabel, page_of  # noqa: E402
from cleanup.pipeline import clean_text  # noqa: E402
from cleanup.rules import load_rules  # noqa: E402

_SPACES = re.compile(r"\s+")
_TRUTH_NUMBER = re.compile(r"(?i)^(?:page|p\.|pg\.?)?\s*[-–—]?\s*(.+?)\s*[-–—]?"
                           r"(?:\s*(?:of|/)\s*\d+)?$")


def truth_label(text: str) -> str:
    """The label a page-number line prints: 'Page 3 of 20' -> '3', '- 6 -' -> '6'."""
    m = _TRUTH_NUMBER.match(text.strip())
    label = m.group(1) if m else text.strip()
    return label.lstrip("0") if label.isdigit() and label != "0" else label


def squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@dataclass
class Score:
    scored: int = 0
    printed_right: int = 0
    inferred_right: int = 0
    wrong_printed: int = 0
    wrong_inferred: int = 0
    unlabelled: int = 0
    unaligned: int = 0
    documents: int = 0
    errors: list[str] = field(default_factory=list)
    per_doc: Counter[str] = field(default_factory=Counter)
    wrong_printed_at: list[str] = field(default_factory=list)

    @property
    def right(self) -> int:
        return self.printed_right + self.inferred_right

    def add(self, doc: str, want: str, got: PageLabel | None, page: int = -1) -> None:
        self.scored += 1
        if got is None or got.label is None:
            self.unlabelled += 1
            self.per_doc[doc] += 1
        elif got.label == want or got.label.lower() == want.lower():
            if got.inferred:
                self.inferred_right += 1
            else:
                self.printed_right += 1
        else:
            if got.inferred:
                self.wrong_inferred += 1
            else:
                self.wrong_printed += 1
                self.wrong_printed_at.append(f"{doc} page {page + 1}: printed {want!r}, "
                                             f"read {got.label!r} ({got.evidence})")
            self.per_doc[doc] += 1


def pdf_pages_pdftotext(text: str) -> list[int]:
    """For each input line (1-based index - 1), the PDF page it is on (form feeds)."""
    out = []
    page = 0
    for line in text.replace("\r\n", "\n").split("\n"):
        page += line.count("\f")
        out.append(page)
    return out


def anchors(pdftotext: str) -> dict[int, list[str]]:
    """PDF page -> its longest lines (white space taken out), longest first; the caller keeps
    the first that occurs exactly once in the other variant."""
    out = {}
    for i, p in enumerate(pdftotext.split("\f")):
        lines = sorted({_SPACES.sub("", ln) for ln in p.split("\n")}, key=len, reverse=True)
        out[i] = [ln for ln in lines if len(ln) >= 20][:6]
    return out


def score_document(truth: dict, text: str, variant: str, pdftotext: str | None,
                   rules, score: Score) -> None:
    result = clean_text(text, rules, source=truth["id"])
    labels = result.report.page_labels
    starts = [lab.first_line for lab in labels]
    wanted = {}
    for i, page in enumerate(truth.get("page_truth", [])):
        numbers = [f["text"] for f in page.get("furniture", []) if f.get("kind") == "page_number"]
        if numbers:
            wanted[i] = truth_label(numbers[0])
    if not wanted:
        return
    score.documents += 1
    if variant == "pdftotext":
        line_page = pdf_pages_pdftotext(text)
        # PDF page -> our page: the page whose first line stands on it (the first such).
        ours: dict[int, PageLabel] = {}
        for lab in labels:
            pdf = line_page[min(lab.first_line, len(line_page)) - 1]
            ours.setdefault(pdf, lab)
        for i, want in wanted.items():
            lab = ours.get(i)
            if lab is None:
                # a PDF page that does not start a page of ours: the page holding its lines
                nos = [n for n, p in enumerate(line_page, 1) if p == i]
                lab = labels[page_of(nos[0], starts)] if nos and labels else None
            score.add(truth["id"], want, lab, i)
        return
    assert pdftotext is not None
    # Where each input line starts in the text with all white space taken out.
    flat, line_at = [], []
    pos = 0
    for ln in text.split("\n"):
        f = _SPACES.sub("", ln)
        flat.append(f)
        line_at.append(pos)
        pos += len(f)
    joined = "".join(flat)
    # Pages follow each other in the text: an anchor found before the last page's is a
    # contents line that repeats a heading the body set in two lines ("5.1 What types of
    # ... are avail-" / "able"), not this page.
    last = -1
    for i, want in sorted(wanted.items()):
        no = None
        for anchor in anchors_cache(truth["id"], pdftotext).get(i, []):
            at = joined.find(anchor)
            if at > last and joined.find(anchor, at + 1) < 0:
                no = bisect.bisect_right(line_at, at)
                last = at
                break
        if no is None:
            score.unaligned += 1
            continue
        score.add(truth["id"], want, labels[page_of(no, starts)] if labels else None, i)


_ANCHORS: dict[str, dict[int, list[str]]] = {}


def anchors_cache(doc: str, pdftotext: str) -> dict[int, list[str]]:
    if doc not in _ANCHORS:
        _ANCHORS[doc] = anchors(pdftotext)
    return _ANCHORS[doc]


def _child(conn, truth, text, variant, pdftotext, rules) -> None:  # type: ignore[no-untyped-def]
    part = Score()
    try:
        score_document(truth, text, variant, pdftotext, rules, part)
    except Exception as e:  # reported, never stops the measurement
        part.errors.append(f"{truth['id']}.{variant}: {type(e).__name__}: {e}")
    conn.send(part)
    conn.close()


def score_with_timeout(truth: dict, text: str, variant: str, pdftotext: str | None, rules,
                       score: Score, timeout: float) -> None:
    """Score one document in a child process, so that one that makes the pipeline hang is
    reported as timed out instead of stopping the measurement."""
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, truth, text, variant, pdftotext, rules))
    proc.start()
    child.close()
    if parent.poll(timeout):
        part = parent.recv()
        proc.join()
    else:
        proc.kill()
        proc.join()
        score.errors.append(f"{truth['id']}.{variant}: no result within {timeout:g} s "
                            "(left out)")
        return
    for name in ("scored", "printed_right", "inferred_right", "wrong_printed",
                 "wrong_inferred", "unlabelled", "unaligned", "documents"):
        setattr(score, name, getattr(score, name) + getattr(part, name))
    score.errors.extend(part.errors)
    score.per_doc.update(part.per_doc)
    score.wrong_printed_at.extend(part.wrong_printed_at)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="*", type=Path, default=[ROOT / "benchmarks/real/docs"])
    ap.add_argument("--variant", choices=("pdftotext", "pypdf"), action="append")
    ap.add_argument("--show", type=int, default=10, help="documents with most errors shown")
    ap.add_argument("--timeout", type=float, default=300,
                    help="seconds one document may take (default 300)")
    args = ap.parse_args(argv)
    variants = args.variant or ["pdftotext", "pypdf"]
    rules = load_rules(use_project_config=False)
    truths = sorted(p for d in args.dirs for p in d.glob("*.truth.json"))
    if not truths:
        print(f"no *.truth.json in {', '.join(map(str, args.dirs))}")
        return 1
    for variant in variants:
        score = Score()
        for tp in truths:
            try:
                truth = json.loads(tp.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:  # a corpus being rebuilt: name it, go on
                score.errors.append(f"{tp.name}: cannot read: {e}")
                continue
            base = tp.with_name(tp.name[:-len(".truth.json")])
            path = base.with_name(base.name + f".{variant}.txt")
            ptt = base.with_name(base.name + ".pdftotext.txt")
            if not path.is_file() or (variant == "pypdf" and not ptt.is_file()):
                continue
            score_with_timeout(truth, path.read_bytes().decode("utf-8"), variant,
                               ptt.read_text(encoding="utf-8") if ptt.is_file() else None,
                               rules, score, args.timeout)
        share = score.right / score.scored if score.scored else 0.0
        print(f"{variant}: {score.documents} documents, {score.scored} pages with a printed "
              f"number scored: {score.right} right ({share:.1%}; {score.printed_right} read as "
              f"printed, {score.inferred_right} inferred), {score.wrong_printed} wrong printed, "
              f"{score.wrong_inferred} wrong inferred, {score.unlabelled} unlabelled"
              + (f"; {score.unaligned} pages not aligned (left out)" if score.unaligned else ""))
        for doc, n in score.per_doc.most_common(args.show):
            print(f"  {doc}: {n} pages wrong")
        for w in score.wrong_printed_at:
            print(f"  wrong printed: {w}")
        for e in score.errors:
            print(f"  error: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
