"""Score an output folder of ``cleanup run`` against ground truth.

    python benchmarks/score.py TRUTH_DIR OUTPUT_DIR [--quiet]

TRUTH_DIR holds ``NAME.txt`` (the input) and ``NAME.truth.json`` (made by corpus.py, or the
shared eval samples, which use the same schema); OUTPUT_DIR holds ``NAME.txt`` (the cleaned
text) and, when there is one, ``NAME.json`` (its report). Prints one row per document and the
sum. The output is scored in the target format (see README, "Accuracy"): body paragraphs, each
footnote reference ``[^N]`` right after the character it followed, then one ``[^N]: text``
paragraph per footnote.

Figures (summed over documents by adding counts, never by averaging ratios):

* body WER: word edits (substitutions, deletions, insertions) between the truth's body and the
  output's body, per truth word; markers are left out of the words (they are scored apart),
  and a footnote that is not a ``[^N]:`` paragraph is body text to this measure.
* furniture left: truth furniture lines (stamps, cover, headers, footers, page numbers, rule
  separators) that the report does not remove; wrongly dropped: other non-blank input lines
  that it removes. Without a report, furniture left is estimated from the text.
* hyphens soft / lexical: the share of line-end hyphens whose word comes out as the truth has
  it ("escalates", "four-point"); judged on the whole text, footnotes included, whatever
  format the footnotes take.
* markers P/R/F1: ``[^N]`` in the body, right when it follows the truth's word for N.
* notes: 1 - word error rate of the ``[^N]:`` footnote bodies against the truth's footnotes.
* trunc P/R: ``truncated`` flags in the report against the truth's cut lines.
* crashes: documents with no output.

Alignment is windowed (a fixed span of words at a time, with C++ Levenshtein), so a document of
1,000 pages costs time in proportion to its length.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

MARKER = re.compile(r"\[\^(\d+)\]")
DEFINITION = re.compile(r"\[\^(\d+)\]:\s*")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
WINDOW = 2000          # words aligned at once; half of each window is committed
REMOVING = ("drop", "drop_cover")
FURNITURE_KINDS = ("cover", "watermark", "header", "footer", "pagenum", "rule")

Op = tuple[str, int, int, int, int]


# ---------------------------------------------------------------------------------------------
# Words and alignment


@dataclass(slots=True)
class Words:
    """A text's words (markers removed) and its markers as (word index, number)."""

    words: list[str]
    markers: list[tuple[int, int]]
    split_index: list[int]     # for each whitespace token of the text, its word index


def words_of(text: str) -> Words:
    """Split on whitespace; ``[^N]`` goes with the word it is glued to (or the word before)."""
    words: list[str] = []
    markers: list[tuple[int, int]] = []
    split_index: list[int] = []
    for raw in text.split():
        found = MARKER.findall(raw)
        word = MARKER.sub("", raw) if found else raw
        if word:
            words.append(word)
        at = max(len(words) - 1, 0)
        split_index.append(at)
        markers.extend((at, int(n)) for n in found)
    return Words(words, markers, split_index)


class Vocabulary:
    """Interns words as ints: Levenshtein over ints is fastest."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __call__(self, words: list[str]) -> list[int]:
        ids = self.ids
        return [ids.setdefault(w, len(ids)) for w in words]


def align(a: list[int], b: list[int], window: int = WINDOW) -> list[Op]:
    """Opcodes turning ``a`` into ``b``: minimal within each window, linear in length.

    Each step aligns the next ``window`` words of both sides and commits the ops that end in
    the first half of both, so what is inserted or lost (up to half a window at a stretch)
    never pulls the alignment off course.
    """
    ops: list[Op] = []
    i = j = 0
    half = window // 2
    while i < len(a) or j < len(b):
        ea, eb = min(len(a), i + window), min(len(b), j + window)
        chunk = [(o.tag, o.src_start + i, o.src_end + i, o.dest_start + j, o.dest_end + j)
                 for o in Levenshtein.opcodes(a[i:ea], b[j:eb])]
        if ea == len(a) and eb == len(b):
            ops.extend(op for op in chunk if op[1] != op[2] or op[3] != op[4])
            break
        ha, hb = i + half, j + half
        for tag, i1, i2, j1, j2 in chunk:
            if i2 <= ha and j2 <= hb:
                if i1 != i2 or j1 != j2:
                    ops.append((tag, i1, i2, j1, j2))
                i, j = i2, j2
                continue
            # The op that crosses the half: commit its part inside (this always moves on, as
            # the first op starts at the window's start).
            ci, cj = min(i2, ha), min(j2, hb)
            if tag == "equal":
                k = min(ci - i1, cj - j1)
                ci, cj = i1 + k, j1 + k
            if ci > i1 or cj > j1:
                if tag == "replace" and (ci == i1 or cj == j1):
                    tag = "delete" if cj == j1 else "insert"
                ops.append((tag, i1, ci, j1, cj))
                i, j = ci, cj
            break
    return ops


def edits(ops: Iterable[Op]) -> int:
    """Word edits: a replaced span counts its longer side."""
    n = 0
    for tag, i1, i2, j1, j2 in ops:
        if tag != "equal":
            n += max(i2 - i1, j2 - j1)
    return n


def equal_mask(ops: Iterable[Op], n: int) -> bytearray:
    """For each word of the first side: 1 where it came through unchanged."""
    mask = bytearray(n)
    for tag, i1, i2, _j1, _j2 in ops:
        if tag == "equal":
            mask[i1:i2] = b"\x01" * (i2 - i1)
    return mask


def to_first(ops: Iterable[Op], m: int) -> list[int]:
    """For each word of the second side: the word of the first it stands for (-1: none)."""
    where = [-1] * m
    for tag, i1, i2, j1, j2 in ops:
        if tag in ("equal", "replace"):
            for k in range(min(i2 - i1, j2 - j1)):
                where[j1 + k] = i1 + k
    return where


# ---------------------------------------------------------------------------------------------
# Output and truth


@dataclass(slots=True)
class Output:
    """A cleaned text split into body paragraphs and ``[^N]:`` footnote definitions."""

    body: str
    notes: dict[int, str]
    extra_notes: list[str]
    all_text: str              # every paragraph, definitions without their label, in order


def parse_output(text: str) -> Output:
    body: list[str] = []
    notes: dict[int, str] = {}
    extra: list[str] = []
    every: list[str] = []
    for para in PARAGRAPH_BREAK.split(text.strip()):
        m = DEFINITION.match(para.lstrip())
        if m:
            note = para.lstrip()[m.end():]
            every.append(note)
            n = int(m.group(1))
            if n in notes:
                extra.append(note)
            else:
                notes[n] = note
        else:
            body.append(para)
            every.append(para)
    return Output("\n\n".join(body), notes, extra, "\n\n".join(every))


def furniture_lines(truth: dict[str, Any]) -> list[int]:
    return sorted({b["line"] for b in truth["boilerplate_lines"]
                   if b.get("kind", "furniture") in FURNITURE_KINDS or "kind" not in b})


def ideal_output(truth: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The text and report an ideal cleaner writes for this truth (scores perfect)."""
    parts = [truth["body"]] if truth["body"] else []
    parts += [f"[^{n}]: {text}" for n, text in sorted(truth["footnotes"].items(),
                                                     key=lambda kv: int(kv[0]))]
    report = {
        "edits": [{"stage": "ideal", "rule": "truth", "action": "drop",
                   "lines": furniture_lines(truth)}],
        "flags": [{"kind": "truncated", "line": n} for n in truth["cut_lines"]],
    }
    return "\n\n".join(parts) + "\n", report


# ---------------------------------------------------------------------------------------------
# Counts and figures


@dataclass(slots=True)
class Counts:
    """Everything the figures are made of; counts add up across documents."""

    docs: int = 0
    pages: int = 0
    crashes: int = 0
    body_words: int = 0
    body_errors: int = 0
    furniture: int = 0
    furniture_left: int = 0
    wrongly_dropped: int = 0
    soft: int = 0
    soft_ok: int = 0
    lexical: int = 0
    lexical_ok: int = 0
    markers: int = 0
    markers_out: int = 0
    markers_ok: int = 0
    note_words: int = 0
    note_errors: int = 0
    cuts: int = 0
    flags: int = 0
    flags_ok: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    def figures(self) -> dict[str, float | int | None]:
        """The table's figures; None where a figure has nothing to measure."""
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        p = self.markers_ok / self.markers_out if self.markers_out else 0.0
        r = self.markers_ok / self.markers if self.markers else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "docs": self.docs,
            "pages": self.pages,
            "body_wer": ratio(self.body_errors, self.body_words),
            "furniture_left": self.furniture_left,
            "furniture": self.furniture,
            "wrongly_dropped": self.wrongly_dropped,
            "hyphen_soft": ratio(self.soft_ok, self.soft),
            "hyphen_lexical": ratio(self.lexical_ok, self.lexical),
            "marker_p": round(p, 4) if self.markers else None,
            "marker_r": round(r, 4) if self.markers else None,
            "marker_f1": round(f1, 4) if self.markers else None,
            "note_acc": (round(max(0.0, 1 - self.note_errors / self.note_words), 4)
                         if self.note_words else None),
            # No flags at all is precision 0, not "n/a": a figure that only rises.
            "trunc_p": (round(self.flags_ok / self.flags, 4) if self.flags else 0.0)
            if self.cuts else None,
            "trunc_r": ratio(self.flags_ok, self.cuts),
            "crashes": self.crashes,
        }


# Which way each pinned figure is better.
HIGHER_BETTER = ("hyphen_soft", "hyphen_lexical", "marker_p", "marker_r", "marker_f1",
                 "note_acc", "trunc_p", "trunc_r")
LOWER_BETTER = ("body_wer", "furniture_left", "wrongly_dropped", "crashes")


def score_document(truth: dict[str, Any], input_text: str, output: str | None,
                   report: dict[str, Any] | None) -> Counts:
    """Score one document's output (None: missing) against its truth."""
    c = Counts(docs=1, pages=int(truth.get("layout", {}).get("pages", 0)))
    vocab = Vocabulary()
    ref_body = words_of(truth["body"])
    notes_ref = {int(n): words_of(t) for n, t in truth["footnotes"].items()}
    furniture = furniture_lines(truth)
    c.body_words = len(ref_body.words)
    c.furniture = len(furniture)
    c.markers = len(ref_body.markers)
    c.note_words = sum(len(w.words) for w in notes_ref.values())
    c.cuts = len(set(truth["cut_lines"]))
    for h in truth["hyphens"]:
        if h["kind"] == "soft":
            c.soft += 1
        else:
            c.lexical += 1
    if output is None:
        c.crashes = 1
        c.body_errors = c.body_words
        c.furniture_left = c.furniture
        c.note_errors = c.note_words
        return c

    out = parse_output(output)
    hyp_body = words_of(out.body)
    ref_ids, hyp_ids = vocab(ref_body.words), vocab(hyp_body.words)
    body_ops = align(ref_ids, hyp_ids)
    c.body_errors = edits(body_ops)

    # Markers: [^N] on the word that stands for the truth's word for N.
    where = to_first(body_ops, len(hyp_ids))
    wanted = {(i, n) for i, n in ref_body.markers}
    found = {(where[k], n) for k, n in hyp_body.markers}
    c.markers_out = len(found)
    c.markers_ok = len(found & wanted)

    # Footnote bodies, by number.
    for n, ref in notes_ref.items():
        hyp = out.notes.get(n)
        hyp_words = words_of(hyp).words if hyp is not None else []
        c.note_errors += Levenshtein.distance(vocab(ref.words), vocab(hyp_words))
    for n, text in out.notes.items():
        if n not in notes_ref:
            c.note_errors += len(words_of(text).words)
    c.note_errors += sum(len(words_of(t).words) for t in out.extra_notes)

    # Hyphens: on the whole text (body, then footnotes by number) against all the output. A
    # hyphen's tok_index counts whitespace tokens over that whole text (the eval samples'
    # convention).
    stream = list(ref_body.words)
    split_index = list(ref_body.split_index)
    for n in sorted(notes_ref):
        split_index += [len(stream) + k for k in notes_ref[n].split_index]
        stream += notes_ref[n].words
    if truth["hyphens"]:
        all_ops = align(vocab(stream), vocab(words_of(out.all_text).words))
        ok = equal_mask(all_ops, len(stream))
        for h in truth["hyphens"]:
            if h["tok_index"] >= len(split_index):
                continue
            right = ok[split_index[h["tok_index"]]]
            if h["kind"] == "soft":
                c.soft_ok += right
            else:
                c.lexical_ok += right

    # Furniture and truncation, from the report.
    lines = input_text.split("\n")
    if report is not None:
        removed = {n for e in report.get("edits", []) if e.get("action") in REMOVING
                   for n in e.get("lines", [])}
        c.furniture_left = sum(1 for n in furniture if n not in removed)
        fset = set(furniture)
        c.wrongly_dropped = sum(1 for n in removed if n not in fset
                                and 0 < n <= len(lines) and lines[n - 1].strip())
        flagged = {f["line"] for f in report.get("flags", []) if f.get("kind") == "truncated"}
        c.flags = len(flagged)
        c.flags_ok = len(flagged & set(truth["cut_lines"]))
    else:
        c.furniture_left = furniture_in_text(truth, lines, output)
    return c


def furniture_in_text(truth: dict[str, Any], lines: list[str], output: str) -> int:
    """Without a report: furniture lines whose text the output holds more often than the truth
    does (an estimate; a report says exactly)."""
    flat = " ".join(output.split())
    reference = " ".join((truth["body"] + " " + " ".join(truth["footnotes"].values())).split())
    by_text: dict[str, int] = {}
    for n in furniture_lines(truth):
        text = " ".join(lines[n - 1].replace("\f", "").split()) if n <= len(lines) else ""
        if text:
            by_text[text] = by_text.get(text, 0) + 1
    left = 0
    for text, count in by_text.items():
        pattern = re.compile(rf"(?<!\S){re.escape(text)}(?!\S)")
        extra = len(pattern.findall(flat)) - len(pattern.findall(reference))
        left += min(count, max(0, extra))
    return left


# ---------------------------------------------------------------------------------------------
# Folders


def score_folder(truth_dir: Path, output_dir: Path,
                 names: list[str] | None = None) -> dict[str, Counts]:
    """Score every document of ``truth_dir`` (or ``names``) against ``output_dir``."""
    if names is None:
        names = sorted(p.name[:-len(".truth.json")] for p in truth_dir.glob("*.truth.json"))
    scores: dict[str, Counts] = {}
    for name in names:
        truth = json.loads((truth_dir / f"{name}.truth.json").read_text(encoding="utf-8"))
        input_text = (truth_dir / f"{name}.txt").read_text(encoding="utf-8")
        out_path = output_dir / f"{name}.txt"
        report_path = output_dir / f"{name}.json"
        output = out_path.read_text(encoding="utf-8") if out_path.is_file() else None
        report = (json.loads(report_path.read_text(encoding="utf-8"))
                  if output is not None and report_path.is_file() else None)
        scores[name] = score_document(truth, input_text, output, report)
    return scores


def total(scores: Iterable[Counts]) -> Counts:
    out = Counts()
    for c in scores:
        out = out + c
    return out


COLUMNS = [("body_wer", "body WER", "{:.4f}"), ("furniture_left", "furn left", "{}"),
           ("wrongly_dropped", "wrong drop", "{}"), ("hyphen_soft", "hyph soft", "{:.3f}"),
           ("hyphen_lexical", "hyph lex", "{:.3f}"), ("marker_f1", "marker F1", "{:.3f}"),
           ("note_acc", "notes", "{:.3f}"), ("trunc_p", "trunc P", "{:.3f}"),
           ("trunc_r", "trunc R", "{:.3f}"), ("crashes", "crashes", "{}")]


def table(rows: list[tuple[str, Counts]], first: str = "document") -> str:
    """A Markdown table, one row per (label, counts)."""
    head = [first, "pages", *(title for _k, title, _f in COLUMNS)]
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, counts in rows:
        fig = counts.figures()
        cells = [label, str(fig["pages"])]
        for key, _title, fmt in COLUMNS:
            value = fig[key]
            text = "–" if value is None else fmt.format(value)
            if key == "furniture_left":
                text += f"/{fig['furniture']}"
            cells.append(text)
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def figures_dict(counts: Counts) -> dict[str, Any]:
    return {"figures": counts.figures(), "counts": asdict(counts)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("truth", type=Path, help="folder of NAME.txt + NAME.truth.json")
    parser.add_argument("output", type=Path, help="output folder of `cleanup run`")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only the sum")
    args = parser.parse_args()
    scores = score_folder(args.truth, args.output)
    rows = [] if args.quiet else list(scores.items())
    rows.append(("**sum**", total(scores.values())))
    print(table(rows))


if __name__ == "__main__":
    main()
