"""Inputs to outputs on disk: folders mirrored, atomic writes, one error line per bad file.

A file that cannot be read or cleaned never stops the batch; its error is reported and the
other files are still written. Input files are only ever read.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from cleanup.pipeline import DEFAULT_MAX_REMOVAL, Result, clean_document, clean_text
from cleanup.rules import RuleSet
from cleanup.textfile import Decoded, NotText, decode
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
    size: int = 0  # bytes of input read

    def to_dict(self) -> dict[str, object]:
        """The outcome as JSON (``cleanup run --format json``)."""
        d: dict[str, object] = {"source": str(self.job.source), "text": str(self.job.text_out),
                                "report": str(self.job.report_out)}
        if self.error:
            d["error"] = self.error
        else:
            d.update(summary=self.summary, removed=self.removed, flags=self.flags,
                     excessive=self.excessive)
        return d


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
        elif path.is_symlink():
            result.errors.append(f"{arg}: {_broken_link(path)}")
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


def _broken_link(path: Path) -> str:
    """Why a symbolic link cannot be followed: a loop, or a missing target."""
    try:
        path.stat()
    except OSError as e:
        if e.errno == 40:  # ELOOP
            return "symbolic link loop (it leads back to itself); skipped"
    return "symbolic link to a file that does not exist; skipped"


def natural_key(name: str) -> tuple[object, ...]:
    """Sort key that orders numbers by value: r1, r2, r10 (not r1, r10, r2).

    >>> sorted(["r10.txt", "r2.txt", "R1.txt"], key=natural_key)
    ['R1.txt', 'r2.txt', 'r10.txt']
    """
    parts = re.split(r"(\d+)", name)
    return (tuple(int(p) if i % 2 else p.casefold() for i, p in enumerate(parts)), name)


def _text_files(root: Path, skip: Path, suffixes: tuple[str, ...] = TEXT_SUFFIXES) \
        -> Iterator[Path]:
    pdfs = tuple(x for x in suffixes if x in PDF_SUFFIXES)
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        # An --out folder inside an input folder holds our own outputs: never clean those.
        dirnames[:] = sorted((d for d in dirnames if not d.startswith(".")
                              and _resolved(here / d) != skip), key=natural_key)
        for name in sorted(filenames, key=natural_key):
            # Text inputs as before; PDFs whatever the case of ".pdf" (scanners write ".PDF").
            if name.endswith(suffixes) or (pdfs and name.lower().endswith(pdfs)):
                yield here / name


def _resolved(path: Path) -> Path | None:
    """``path`` resolved, or None when it is a symbolic link loop."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: Python 3.11's "Symlink loop from ..."
        return None


def _add(result: Plan, claimed: dict[Path, Path], source: Path, target: Path) -> None:
    # "report.pdf.pdf" (renamed beside report.txt) becomes report.pdf.txt, report.pdf.json.
    text_out = target.with_suffix(".txt")
    real = _resolved(source)
    if real is None or (source.is_symlink() and not source.exists()):
        result.errors.append(f"{source}: {_broken_link(source)}")
        return
    if _resolved(text_out) == real:
        result.errors.append(f"{source}: output would overwrite the input; choose another --out")
        return
    if text_out in claimed:
        result.errors.append(f"{source}: output {text_out} is already written for "
                             f"{claimed[text_out]}; clean these files in separate runs")
        return
    claimed[text_out] = source
    result.jobs.append(Job(source, text_out, target.with_suffix(".json")))


def read_file(path: Path) -> Decoded:
    """The file's text and encoding (:mod:`cleanup.textfile`); raises ValueError with a
    one-line reason when it is not usable text."""
    try:
        if not path.is_dir() and not stat.S_ISREG(path.stat().st_mode):
            # A named pipe would block the batch for ever, a device could be endless.
            raise ValueError("is not a regular file (a pipe, socket or device)")
        data = path.read_bytes()
    except IsADirectoryError:
        raise ValueError("is a folder, not a file") from None
    except OSError as e:
        raise ValueError(f"cannot read: {e.strerror or e}") from None
    try:
        return decode(data)
    except NotText as e:
        raise ValueError(str(e)) from None


def read_text(path: Path) -> str:
    """The file's text; raises ValueError with a one-line reason when it is not usable text."""
    return read_file(path).text


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` so that a reader never sees half a file."""
    write_all([(path, text)])


def write_all(files: Sequence[tuple[Path, str]]) -> None:
    """Write several files so that each is complete or absent: every text goes to a temporary
    file first, and the renames happen together with Ctrl-C held off until they are done."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, text in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                       suffix=TMP_SUFFIX)
            temps.append((tmp, path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            # mkstemp makes the file private (0600); outputs get the usual mode the umask allows.
            os.chmod(tmp, 0o666 & ~_UMASK)
        with _interrupts_held():
            for tmp, path in temps:
                os.replace(tmp, path)
    except BaseException:
        for tmp, _ in temps:
            Path(tmp).unlink(missing_ok=True)
        raise


TMP_SUFFIX = ".tmp"


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold a Ctrl-C (SIGINT) until the block is done, then deliver it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    got: list[int] = []
    old = signal.signal(signal.SIGINT, lambda signum, frame: got.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)
        if got and callable(old):
            old(signal.SIGINT, None)


def default_jobs() -> int:
    """Worker processes by default: the cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def remove_stale_temps(jobs: Sequence[Job]) -> int:
    """Remove temporary files a killed run left beside these jobs' outputs (a run killed with
    SIGKILL cannot clean up after itself); returns how many were removed."""
    removed = 0
    for job in jobs:
        for out in (job.text_out, job.report_out):
            if not out.parent.is_dir():
                continue
            for tmp in out.parent.glob(f".{_glob_escape(out.name)}.*{TMP_SUFFIX}"):
                tmp.unlink(missing_ok=True)
                removed += 1
    return removed


def _glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


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
    decoded: Decoded | None = None
    try:
        if is_pdf(job.source):
            from cleanup import pdf

            loaded = pdf.load(job.source, pdf_options or pdf.PdfOptions())
            text = loaded.text
        else:
            decoded = read_file(job.source)
            text = decoded.text
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
    if decoded is not None:
        result.report.learned["encoding"] = decoded.to_dict()
    from cleanup import formats

    opts = options or {}
    try:
        report = result.report.to_dict()
        report["output"] = str(job.text_out)
        # Text, report and metadata are written together: all of them or none.
        write_all([(job.text_out, formats.render(result, opts.get("to", "text"),
                                                 opts.get("page_markers") == "yes")),
                   (job.report_out, json.dumps(report, ensure_ascii=False, indent=1) + "\n"),
                   (job.report_out.with_suffix(".meta.json"), formats.meta_json(result))])
    except OSError as e:
        return Outcome(job, error=f"{job.source}: cannot write output: {e.strerror or e}")
    summary, removed, flags, excessive = summarise(result)
    if decoded is not None and decoded.note:
        summary += f"; {decoded.note}"
    try:
        size = job.source.stat().st_size
    except OSError:
        size = len(text)
    return Outcome(job, None, summary, removed, flags, excessive, size)


def run(jobs: Sequence[Job], rules: RuleSet, workers: int = 1,
        max_removal: float = DEFAULT_MAX_REMOVAL,
        options: dict[str, str] | None = None,
        pdf_options: PdfOptions | None = None) -> Iterator[Outcome]:
    """Clean every job, yielding outcomes in input order.

    On Ctrl-C (or when the caller stops iterating) no new file is started; the files being
    cleaned in worker processes are finished, so that every output is complete or absent."""
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            yield process(job, rules, max_removal, options, pdf_options)
        return
    pool = ProcessPoolExecutor(max_workers=min(workers, len(jobs)), initializer=_init_worker,
                               initargs=(rules, max_removal, options, pdf_options))
    try:
        futures: list[Future[Outcome]] = [pool.submit(_process_in_worker, job) for job in jobs]
        for job, future in zip(jobs, futures, strict=True):
            try:
                yield future.result()
            except BrokenProcessPool:
                yield Outcome(job, error=f"{job.source}: the worker process cleaning it died "
                                         "(out of memory, or killed)")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_WORKER: dict[str, object] = {}


def _init_worker(rules: RuleSet, max_removal: float, options: dict[str, str] | None,
                 pdf_options: PdfOptions | None) -> None:
    """Set up a worker process: the run's settings once, and Ctrl-C left to the parent, which
    lets the files in progress finish."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER.update(rules=rules, max_removal=max_removal, options=options,
                   pdf_options=pdf_options)


def _process_in_worker(job: Job) -> Outcome:
    return process(job, _WORKER["rules"], _WORKER["max_removal"],  # type: ignore[arg-type]
                   _WORKER["options"], _WORKER["pdf_options"])  # type: ignore[arg-type]


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
