"""The ordered stages: one document in, one cleaned text and its report out.

Pure and picklable: no printing, no file system, so the batch layer can run it in worker
processes. Stages still to come (hyphens #4, footnotes #5, truncation #6) slot in by name.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cleanup import formats, pagelabels
from cleanup.document import Document
from cleanup.report import Changes, Report
from cleanup.rules import RuleSet, load_rules
from cleanup.stages import (
    footnotes,
    furniture,
    hyphens,
    metadata,
    normalize,
    paragraphs,
    truncation,
    watermarks,
)

Stage = Callable[[Document, RuleSet], tuple[Document, Changes]]

STAGES: list[tuple[str, Stage]] = [
    ("normalize", normalize.run),
    ("metadata", metadata.run),
    ("watermarks", watermarks.run),
    ("furniture", furniture.run),
    ("hyphens", hyphens.run),
    ("footnotes", footnotes.run),
    ("paragraphs", paragraphs.run),
    ("truncation", truncation.run),
]
DEFAULT_MAX_REMOVAL = 0.20


@dataclass(slots=True)
class Result:
    """The cleaned text and the report of how it was made."""

    text: str
    report: Report
    # The output paragraphs with their kind and pages (cleanup.formats.Block), in output order,
    # for the markdown and jsonl writers and page markers.
    blocks: list[Any] = field(default_factory=list)


def clean_document(doc: Document, rules: RuleSet,
                   max_removal: float = DEFAULT_MAX_REMOVAL,
                   timings: dict[str, float] | None = None,
                   options: dict[str, str] | None = None) -> Result:
    """Run every stage over ``doc`` (which the pipeline consumes) and build the report.

    ``options`` are settings stages read (``{"footnotes": "link" | "strip" | "inline"}``);
    ``timings``, when given, accumulates the seconds each stage took (for the benchmark).
    """
    doc.options.update(options or {})
    # A line split at a form feed inside it is still one input line.
    report = Report(doc.source, doc.lines[-1].no if doc.lines else 0)
    # Publisher profiles that apply to this document; user patterns get its time budget.
    rules = rules.for_document(doc)
    report.profiles = sorted(rules.applied)
    content = {line.no for line in doc.lines if line.raw.strip()}
    # The pages as extracted (form feeds), blank ones too, for printed page numbers' steps.
    physical = [(ln.no, ln.page) for i, ln in enumerate(doc.lines)
                if not i or ln.page != doc.lines[i - 1].page] if doc.has_form_feeds else []
    for name, stage in STAGES:
        started = time.perf_counter()
        doc, changes = stage(doc, rules)
        if timings is not None:
            timings[name] = timings.get(name, 0.0) + time.perf_counter() - started
        for edit in changes.edits:
            assert edit.stage == name, f"stage {name} recorded an edit as {edit.stage}"
        report.edits.extend(changes.edits)
        report.flags.extend(changes.flags)
    text = doc.text() if doc.lines else ""
    report.output_lines = text.count("\n")
    report.pages = doc.page_count
    report.page_starts = list(doc.page_starts)
    report.learned = {k: v for k, v in doc.learned.items()}
    if doc.paragraphs is not None:
        # The same paragraphs, in the same order, that doc.text() writes.
        report.paragraphs = [tuple([line.no for line in p.lines]) for p in doc.paragraphs
                             if p.text]
    if rules.applied:
        report.learned["profiles"] = dict(sorted(rules.applied.items()))
    _check_removal(report, content, max_removal)
    report.metadata = {k: v.to_dict() for k, v in doc.derived.get("metadata", {}).items()}
    report.page_labels = pagelabels.for_document(doc, report, physical)
    return Result(text, report, formats.blocks(doc))


def _check_removal(report: Report, content: set[int], max_removal: float) -> None:
    """Flag a document that lost more than ``max_removal`` of its content lines.

    A cover page is one page, not a share of the text, so it counts on neither side; nor do
    notes the user asked to drop (``--footnotes strip``): the guard is about what rules took.
    """
    cover = {n for e in report.edits if e.action == "drop_cover"
             or (e.stage == "footnotes" and e.reason == footnotes.STRIP_REASON) for n in e.lines}
    removed = report.removed_lines() - cover
    total = len(content - cover)
    share = len(removed) / total if total else 0.0
    report.learned["removed_share"] = round(share, 4)
    if share > max_removal:
        first = min(removed) if removed else 0
        report.flags.append(_excessive(first, share, max_removal))


def _excessive(line: int, share: float, limit: float):
    from cleanup.report import Flag

    return Flag("excessive_removal", line, "",
                f"rules removed {share:.0%} of the content lines (limit {limit:.0%}); "
                "check the rules before trusting this output", stage="pipeline")


def clean_text(text: str, rules: RuleSet | None = None, source: str = "<text>",
               max_removal: float = DEFAULT_MAX_REMOVAL,
               options: dict[str, str] | None = None) -> Result:
    """Clean one document given as text."""
    if rules is None:
        rules = load_rules()
    return clean_document(Document.from_text(text, source), rules, max_removal,
                          options=options)
