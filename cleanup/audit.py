"""Files and folders for `cleanup diff` and `cleanup explain`: load, pair, compare corpora.

This is the file-system side of :mod:`cleanup.diffing`. One document: read the input and
either clean it in memory or read the cleaned text with the report beside it. Two output
folders of `cleanup run` (before and after a rules change): pair their documents and say, per
document, which input lines were treated differently, by which rules. Errors are one line,
naming the file and the problem.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleanup.diffing import Attribution, MismatchError, Style, attribute
from cleanup.report import Report, encode_lines


class AuditError(Exception):
    """A document cannot be compared; the message is one line naming the file."""


class UsageError(Exception):
    """The arguments cannot work together (exit code 2)."""


def _read(path: Path) -> str:
    from cleanup.batch import read_text

    if not path.exists():
        raise AuditError(f"{path}: no such file")
    try:
        return read_text(path)
    except ValueError as e:
        raise AuditError(f"{path}: {e}") from None


def read_report(path: Path) -> Report:
    """A report written by `cleanup run`; AuditError with one line when it is not one."""
    text = _read(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise AuditError(f"{path}: not a cleanup report: bad JSON at line {e.lineno}") from None
    try:
        return Report.from_dict(data)
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        raise AuditError(f"{path}: not a cleanup report: bad or missing field {e}") from None


@dataclass(slots=True)
class Loaded:
    """One document ready to diff, and how its attribution was obtained."""

    attribution: Attribution
    note: str = ""


def load(input_path: Path, cleaned: Path | None, rules: Any,
         max_removal: float) -> Loaded:
    """Attribute the changes of one document: cleaned in memory, or CLEANED with its report.

    Without a report beside CLEANED (or with one from before reports named each paragraph's
    input lines), INPUT is cleaned again; that attributes CLEANED only when it gives the same
    text, and otherwise the mismatch is the error.
    """
    from cleanup.pipeline import clean_document, clean_text

    document = None
    if input_path.name.lower().endswith(".pdf"):
        # A PDF is diffed against the text its layout reader gives (the lines the report's
        # numbers refer to); cleaning it in memory uses the page geometry as `cleanup run` does.
        from cleanup import pdf

        try:
            loaded_pdf = pdf.load(input_path)
        except pdf.PdfError as e:
            raise AuditError(f"{input_path}: {e}") from None
        text, document = loaded_pdf.text, loaded_pdf.document
    else:
        text = _read(input_path)
    if cleaned is None:
        result = clean_document(document, rules, max_removal) if document is not None else \
            clean_text(text, rules, source=str(input_path), max_removal=max_removal)
        return Loaded(attribute(text, result.text, result.report, str(input_path),
                                "cleaned in memory"))
    out = _read(cleaned)
    report_path = cleaned.with_suffix(".json")
    why = f"no report beside it ({report_path.name})"
    if report_path.is_file():
        report = read_report(report_path)
        if report.paragraphs or not out.strip():
            try:
                return Loaded(attribute(text, out, report, str(input_path), str(cleaned)))
            except MismatchError as e:
                raise AuditError(f"{report_path}: {e}") from None
        why = f"its report {report_path.name} does not name each paragraph's input lines"
    result = clean_document(document, rules, max_removal) if document is not None else \
        clean_text(text, rules, source=str(input_path), max_removal=max_removal)
    if result.text != out:
        raise AuditError(f"{cleaned}: {why}, and cleaning {input_path} again with these rules "
                         "gives a different text, so its changes cannot be attributed")
    return Loaded(attribute(text, out, result.report, str(input_path), str(cleaned)),
                  note=f"{cleaned}: {why}; attributed by cleaning {input_path} again, which "
                       "gives the same text")


# ---------------------------------------------------------------------------------------------
# Corpus audit: two output folders of `cleanup run`


@dataclass(slots=True)
class Side:
    """One document's output on one side of the audit."""

    text: str
    report: Report


@dataclass
class DocAudit:
    """How one document's cleanup differs between the two folders."""

    name: str
    status: str  # changed | unchanged | only_old | only_new | error
    error: str = ""
    lines: list[int] = field(default_factory=list)
    rules: dict[str, tuple[int, int]] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    old_paragraphs: list[tuple[int, str, str]] = field(default_factory=list)
    new_paragraphs: list[tuple[int, str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The document's audit as JSON (``--format json``)."""
        d: dict[str, Any] = {"document": self.name, "status": self.status}
        if self.error:
            d["error"] = self.error
        if self.status == "changed":
            d["lines_changed"] = len(self.lines)
            d["rules"] = {k: {"old": a, "new": b} for k, (a, b) in self.rules.items()}
            d["lines"] = self.rows
            d["paragraphs"] = {
                "removed": [{"number": n, "lines": r, "text": t} for n, r, t in
                            self.old_paragraphs],
                "added": [{"number": n, "lines": r, "text": t} for n, r, t in
                          self.new_paragraphs]}
        return d


def _reports(folder: Path) -> dict[str, Path]:
    """Document name (relative path without suffix) -> its report, for every NAME.json."""
    out: dict[str, Path] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(".json") and not name.startswith(".") \
                    and not name.endswith(".meta.json"):  # metadata beside the output
                path = Path(dirpath) / name
                out[path.relative_to(folder).with_suffix("").as_posix()] = path
    return out


def audit(old: Path, new: Path) -> Iterator[DocAudit]:
    """Compare two output folders document by document, in name order."""
    for folder in (old, new):
        if not folder.is_dir():
            raise UsageError(f"{folder}: not a folder" if folder.exists()
                             else f"{folder}: no such folder")
    old_docs, new_docs = _reports(old), _reports(new)
    if not old_docs and not new_docs:
        raise UsageError(f"{old} and {new} hold no cleanup reports (NAME.json); give two output "
                         "folders of `cleanup run`")
    for folder, docs in ((old, old_docs), (new, new_docs)):
        if not docs:
            raise UsageError(f"{folder} holds no cleanup reports (NAME.json); it is not an output "
                             "folder of `cleanup run`")
    for name in sorted(old_docs.keys() | new_docs.keys()):
        if name not in new_docs:
            yield DocAudit(name, "only_old")
        elif name not in old_docs:
            yield DocAudit(name, "only_new")
        else:
            try:
                yield compare(name, _side(old_docs[name]), _side(new_docs[name]))
            except AuditError as e:
                yield DocAudit(name, "error", str(e))


def _side(report_path: Path) -> Side:
    report = read_report(report_path)
    text = _read(report_path.with_suffix(".txt"))
    from cleanup.diffing import output_paragraphs

    paragraphs = output_paragraphs(text)
    if len(paragraphs) != len(report.paragraphs) and report.paragraphs:
        raise AuditError(f"{report_path}: lists {len(report.paragraphs)} paragraphs, but "
                         f"{report_path.with_suffix('.txt').name} has {len(paragraphs)}")
    return Side(text, report)


def _fates(side: Side) -> tuple[dict[int, tuple[Any, ...]], dict[int, str]]:
    """Per input line: (first line of its paragraph, the edits on it); and a description."""
    from cleanup.diffing import output_paragraphs

    paragraphs = output_paragraphs(side.text)
    para_of: dict[int, tuple[int, int]] = {}
    for p, nos in enumerate(side.report.paragraphs, start=1):
        for n in nos:
            para_of[n] = (p, nos[0])
    edits: dict[int, list[tuple[str, str, str]]] = {}
    for e in side.report.edits:
        for n in e.lines:
            edits.setdefault(n, []).append((e.stage, e.rule, e.action))
    fate: dict[int, tuple[Any, ...]] = {}
    desc: dict[int, str] = {}
    for n in para_of.keys() | edits.keys():
        p, first = para_of.get(n, (0, 0))
        mine = tuple(sorted(set(edits.get(n, ()))))
        text = paragraphs[p - 1] if p and p <= len(paragraphs) else ""
        # The paragraph's text is part of a line's fate: a join or a text rule that changed it.
        fate[n] = (first, mine, text)
        removing = [f"{s} {r}" for s, r, a in mine if a in ("drop", "drop_cover")]
        others = [f"{a} by {s} {r}" for s, r, a in mine if a not in ("drop", "drop_cover")]
        if removing:
            desc[n] = "removed [" + ", ".join(removing) + "]"
        elif p:
            desc[n] = f"¶{p}" + (" (" + "; ".join(others) + ")" if others else "")
        else:
            desc[n] = "not in the output" + (" (" + "; ".join(others) + ")" if others else "")
    return fate, desc


def _line_texts(old: Side, new: Side) -> dict[int, str]:
    """Input line texts: from the input itself when the report's source is at hand."""
    source = Path(new.report.source)
    if source.is_file():
        try:
            from cleanup.diffing import input_lines

            lines = input_lines(_read(source))
            if len(lines) == new.report.input_lines:
                return {i + 1: t for i, t in enumerate(lines)}
        except AuditError:
            pass
    texts: dict[int, str] = {}
    for side in (old, new):
        for e in side.report.edits:
            parts = e.before.split("\n")
            if len(parts) == len(e.lines):
                texts.update(zip(e.lines, parts, strict=True))
    return texts


def compare(name: str, old: Side, new: Side) -> DocAudit:
    """One document's audit: the input lines treated differently, and by which rules."""
    if old.text == new.text and [e.to_dict() for e in old.report.edits] == \
            [e.to_dict() for e in new.report.edits]:
        return DocAudit(name, "unchanged")
    if old.report.input_lines != new.report.input_lines:
        raise AuditError(f"{name}: the two reports describe different inputs "
                         f"({old.report.input_lines} and {new.report.input_lines} lines)")
    old_fate, old_desc = _fates(old)
    new_fate, new_desc = _fates(new)
    changed = sorted(n for n in old_fate.keys() | new_fate.keys()
                     if old_fate.get(n) != new_fate.get(n))
    doc = DocAudit(name, "changed", lines=changed)
    old_counts = Counter(f"{e.stage} {e.rule}" for e in old.report.edits)
    new_counts = Counter(f"{e.stage} {e.rule}" for e in new.report.edits)
    old_at = {(f"{e.stage} {e.rule}", n) for e in old.report.edits for n in e.lines}
    new_at = {(f"{e.stage} {e.rule}", n) for e in new.report.edits for n in e.lines}
    touched = {r for r, _ in old_at ^ new_at}
    for rule in sorted(touched | {r for r in old_counts.keys() | new_counts.keys()
                                  if old_counts[r] != new_counts[r]}):
        doc.rules[rule] = (old_counts[rule], new_counts[rule])
    texts = _line_texts(old, new)
    for n in changed:
        doc.rows.append({"line": n, "old": old_desc.get(n, "not in the output"),
                         "new": new_desc.get(n, "not in the output"), "text": texts.get(n, "")})
    old_paras = dict(_paragraphs(old))
    new_paras = dict(_paragraphs(new))
    # A paragraph made of the same lines with the same text on both sides is no change.
    doc.old_paragraphs = [(p, encode_lines(k[0]), k[1]) for k, p in old_paras.items()
                          if k not in new_paras]
    doc.new_paragraphs = [(p, encode_lines(k[0]), k[1]) for k, p in new_paras.items()
                          if k not in old_paras]
    if not changed and not doc.old_paragraphs and not doc.new_paragraphs and not doc.rules:
        return DocAudit(name, "unchanged")
    return doc


def _paragraphs(side: Side) -> Iterator[tuple[tuple[tuple[int, ...], str], int]]:
    from cleanup.diffing import output_paragraphs

    for p, (nos, text) in enumerate(zip(side.report.paragraphs, output_paragraphs(side.text),
                                        strict=False), start=1):
        yield (nos, text), p


def render_audit(docs: list[DocAudit], old: Path, new: Path, stat: bool = False,
                 color: bool = False) -> str:
    """The corpus audit for people: the changed documents, then each one's diff."""
    s = Style(color)
    changed = [d for d in docs if d.status == "changed"]
    out = [s("head", f"--- {old}"), s("head", f"+++ {new}")]
    for d in docs:
        if d.status == "changed":
            rules = ", ".join(f"{r} {a}→{b}" for r, (a, b) in d.rules.items())
            out.append(f"changed   {d.name}: {_lines(len(d.lines))}"
                       + (f"; rules: {rules}" if rules else "; no rule's edits changed"))
        elif d.status == "only_old":
            out.append(s("remove", f"only old  {d.name}"))
        elif d.status == "only_new":
            out.append(s("join", f"only new  {d.name}"))
    unchanged = sum(1 for d in docs if d.status == "unchanged")
    errors = [d for d in docs if d.status == "error"]
    out.append(f"{len(changed)} changed, {unchanged} unchanged, "
               f"{sum(1 for d in docs if d.status == 'only_old')} only in old, "
               f"{sum(1 for d in docs if d.status == 'only_new')} only in new"
               + (f", {len(errors)} could not be compared" if errors else ""))
    if stat:
        return "\n".join(out) + "\n"
    for d in changed:
        out.append("")
        out.append(s("hunk", f"@@ {d.name}: {_lines(len(d.lines))} treated differently @@"))
        width = len(str(max(d.lines))) if d.lines else 1
        for row in d.rows:
            kind = "remove" if row["new"].startswith("removed") else \
                "join" if row["old"].startswith("removed") else "change"
            what = f"{row['old']}  →  {row['new']}" if row["old"] != row["new"] else \
                f"{row['old']}, whose text changed"
            out.append(s(kind, f"~ {row['line']:>{width}}  {what}")
                       + (f"  │ {row['text'].strip()}" if row["text"].strip() else ""))
        for p, lines, text in d.old_paragraphs:
            out.append(s("remove", f"- old ¶{p} (input {lines}): {text}"))
        for p, lines, text in d.new_paragraphs:
            out.append(s("join", f"+ new ¶{p} (input {lines}): {text}"))
    return "\n".join(out) + "\n"


def _lines(n: int) -> str:
    return f"{n} input line{'s' if n != 1 else ''}"
