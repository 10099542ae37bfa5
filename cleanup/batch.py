"""Inputs to outputs on disk: folders mirrored, atomic writes, one error line per bad file.

A file that cannot be read or cleaned never stops the batch; its error is reported and the
other files are still written. Input files are only ever read.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cleanup.pipeline import DEFAULT_MAX_REMOVAL, Result, clean_document, clean_text
from cleanup.rules import RuleSet
from cleanup.timedregex import PatternTimeout

if TYPE_CHECKING:
    from cleanup.pdf import Loaded, PdfOptions

TEXT_SUFFIXES = (".txt",)
_UMASK = os.umask(0)
os.umask(_UMASK)
PDF_SUFFIXES = (".pdf",)  # extracted with cleanup.pdf, which loads pypdf only when needed
INPUT_SUFFIXES = TEXT_SUFFIXES + PDF_SUFFIXES


class UsageError(Exception):
    """The command as given cannot run (exit code 2)."""


@dataclass(slots=True, frozen=True)
class Job:
    """One input file and where its outputs go."""

    source: Path
    text_out: Path
    report_out: Path


@dataclass(slots=True)
class Outcome:
    """What happened to one job: its summary line, or its error line."""

    job: Job
    error: str | None = None
    summary: str = ""
    removed: int = 0
    flags: int = 0
    excessive: bool = False


@dataclass(slots=True)
class Plan:
    jobs: list[Job] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def plan(inputs: Sequence[str], out: Path, suffixes: tuple[str, ...] = INPUT_SUFFIXES) -> Plan:
    """Work out every (input, output) pair; missing inputs become error lines, not stops.

    Folders are searched for files ending in ``suffixes`` (case aside for .pdf)."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} is a file, not a folder")
    out_abs = out.resolve()
    result = Plan()
    claimed: dict[Path, Path] = {}
    pairs: list[tuple[Path, Path]] = []
    for arg in inputs:
        path = Path(arg)
        if path.is_dir():
            root = path.resolve()
            if root == out_abs:
                raise UsageError(f"--out {out} is an input folder; choose another folder")
            for f in _text_files(root, out_abs, suffixes):
                rel = f.relative_to(root)
                pairs.append((path / rel, out / rel))
        elif path.exists():
            pairs.append((path, out / path.name))
        else:
            result.errors.append(f"{arg}: no such file or folder")
    # NAME.pdf beside NAME.txt: the text keeps NAME.txt, the PDF is written as NAME.pdf.txt
    # (and NAME.pdf.json), so that both are cleaned and neither overwrites the other.
    texts = {t.with_suffix(".txt") for s, t in pairs if not is_pdf(s)}
    for source, target in pairs:
        if is_pdf(source) and target.with_suffix(".txt") in texts:
            target = target.with_name(target.name + ".pdf")
        _add(result, claimed, source, target)
    return result


def _text_files(root: Path, skip: Path, suffixes: tuple[str, ...] = TEXT_SUFFIXES) \
        -> Iterator[Path]:
    pdfs = tuple(x for x in suffixes if x in PDF_SUFFIXES)
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        # An --out folder inside an input folder holds our own outputs: never clean those.
        dirnames[:] = sorted(d for d in dirnames if (here / d).resolve() != skip
                             and not d.startswith("."))
        for name in sorted(filenames):
            # Text inputs as before; PDFs whatever the case of ".pdf" (scanners write ".PDF").
            if name.endswith(suffixes) or (pdfs and name.lower().endswith(pdfs)):
                yield here / name


def _add(result: Plan, claimed: dict[Path, Path], source: Path, target: Path) -> None:
    # "report.pdf.pdf" (renamed beside report.txt) becomes report.pdf.txt, report.pdf.json.
    text_out = target.with_suffix(".txt")
    if text_out.resolve() == source.resolve():
        result.errors.append(f"{source}: output would overwrite the input; choose another --out")
        return
    if text_out in claimed:
        result.errors.append(f"{source}: output {text_out} is already written for "
                             f"{claimed[text_out]}; clean these files in separate runs")
        return
    claimed[text_out] = source
    result.jobs.append(Job(source, text_out, target.with_suffix(".json")))


def read_text(path: Path) -> str:
    """The file's text; raises ValueError with a one-line reason when it is not usable text."""
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise ValueError("is a folder, not a file") from None
    except OSError as e:
        raise ValueError(f"cannot read: {e.strerror or e}") from None
    if b"\0" in data[:8192]:
        raise ValueError("looks like a binary file, not extracted text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ValueError(f"is not UTF-8 text (byte 0x{data[e.start]:02x} at offset {e.start}); "
                         "convert it to UTF-8 first") from None


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` so that a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        # mkstemp makes the file private (0600); outputs get the usual mode the umask allows.
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def summarise(result: Result) -> tuple[str, int, int, bool]:
    """A one-line summary of a result, and its removed-line and flag counts."""
    report = result.report
    stats = report.stats()
    removed = sum(c.get("lines_removed", 0) for c in stats.values())
    by_stage = ", ".join(f"{s} {c['lines_removed']}" for s, c in stats.items()
                         if c.get("lines_removed"))
    flags = sum(not f.resolved for f in report.flags)
    cuts = sum(1 for f in report.flags if f.kind == "truncated" and not f.resolved)
    excessive = any(f.kind == "excessive_removal" for f in report.flags)
    line = (f"{report.input_lines} lines -> {report.output_lines} lines, {report.pages} pages; "
            f"removed {removed}" + (f" ({by_stage})" if by_stage else "") + f"; {flags} flags"
            + (f" ({cuts} truncated)" if cuts else ""))
    restored = stats.get("restore", {}).get("restore.second-extraction", 0)
    if restored:
        line += f"; restored {restored} lost spans"
    if excessive:
        line += f"; EXCESSIVE REMOVAL ({report.learned.get('removed_share', 0):.0%})"
    return line, removed, flags, excessive


def is_pdf(path: Path) -> bool:
    return path.name.lower().endswith(PDF_SUFFIXES)


def process(job: Job, rules: RuleSet, max_removal: float = DEFAULT_MAX_REMOVAL,
            options: dict[str, str] | None = None,
            pdf_options: PdfOptions | None = None) -> Outcome:
    """Clean one file and write its text and report; errors become the outcome's error."""
    loaded: Loaded | None = None
    try:
        if is_pdf(job.source):
            from cleanup import pdf

            loaded = pdf.load(job.source, pdf_options or pdf.PdfOptions())
            text = loaded.text
        else:
            text = read_text(job.source)
    except ValueError as e:  # PdfError is one
        return Outcome(job, error=f"{job.source}: {e}")
    try:
        if loaded is not None and loaded.document is not None:  # lines with their geometry
            result = clean_document(loaded.document, rules, max_removal, options=options)
        else:
            result = clean_text(text, rules, source=str(job.source), max_removal=max_removal,
                                options=options)
    except PatternTimeout as e:  # a user pattern too slow for this file: name it, go on
        return Outcome(job, error=f"{job.source}: {e}")
    except Exception as e:  # a bug must not stop the batch; the message names the file
        return Outcome(job, error=f"{job.source}: internal error while cleaning: "
                                  f"{type(e).__name__}: {e}")
    if loaded is not None:
        loaded.merge_into(result.report)
    try:
        write_atomic(job.text_out, result.text)
        report = result.report.to_dict()
        report["output"] = str(job.text_out)
        write_atomic(job.report_out, json.dumps(report, ensure_ascii=False, indent=1) + "\n")
    except OSError as e:
        return Outcome(job, error=f"{job.source}: cannot write output: {e.strerror or e}")
    summary, removed, flags, excessive = summarise(result)
    return Outcome(job, None, summary, removed, flags, excessive)


def run(jobs: Sequence[Job], rules: RuleSet, workers: int = 1,
        max_removal: float = DEFAULT_MAX_REMOVAL,
        options: dict[str, str] | None = None,
        pdf_options: PdfOptions | None = None) -> Iterator[Outcome]:
    """Clean every job, yielding outcomes in input order."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield process(job, rules, max_removal, options, pdf_options)
        return
    n = len(jobs)
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(process, jobs, [rules] * n, [max_removal] * n, [options] * n,
                            [pdf_options] * n, chunksize=max(1, n // (workers * 8)))


def extract(job: Job, extractor: str) -> Outcome:
    """Write the raw text of one PDF, a form feed between pages (``cleanup extract``)."""
    from cleanup import pdf

    try:
        pages = pdf.extract(job.source, extractor)
    except ValueError as e:
        return Outcome(job, error=f"{job.source}: {e}")
    text = pdf.join_pages(pages)
    try:
        write_atomic(job.text_out, text)
    except OSError as e:
        return Outcome(job, error=f"{job.source}: cannot write output: {e.strerror or e}")
    return Outcome(job, summary=f"{len(pages)} pages, {text.count(chr(10))} lines ({extractor})")
