"""The command line: parses arguments and hands over to the batch layer; no logic of its own."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports the core only when a command runs, to start fast
    from cleanup.batch import Plan
    from cleanup.pdf import PdfOptions

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C


class Parser(argparse.ArgumentParser):
    """argparse, with a hint when a file name that starts with '-' was taken for an option."""

    argv: tuple[str, ...] = ()

    def error(self, message: str) -> None:  # type: ignore[override]
        dashed = next((a for a in self.argv if len(a) > 1 and a.startswith("-")
                       and a != "--" and (os.path.lexists(a) or a.lower().endswith(
                           (".txt", ".pdf")))), None)
        if dashed is not None:
            message += (f"; if {dashed!r} is a file, put '--' before file names that start "
                        f"with '-' (cleanup run -o OUT -- {dashed}) or write it ./{dashed}")
        super().error(message)


def _jobs(value: str) -> int:
    """--jobs: a whole number of at least 1."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more (got {n}): the number of files "
                                         "cleaned at once")
    return n


# -- output: progress and errors to stderr, results to stdout ------------------------------

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def one_line(text: str) -> str:
    r"""``text`` with line breaks and control characters escaped, so that a file name holding
    a newline cannot split the line it is printed on.

    >>> one_line("a\nb.txt: ok")
    'a\\nb.txt: ok'
    """
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _write(stream: object, text: str) -> None:
    """Write to stdout or stderr; once the reader has gone (``| head``), write nothing more to
    that stream and carry on: the work is not the reader's to stop."""
    try:
        stream.write(text)  # type: ignore[attr-defined]
        stream.flush()  # type: ignore[attr-defined]
    except BrokenPipeError:
        _silence(stream)


def _silence(stream: object) -> None:
    """Point a stream whose pipe closed at /dev/null, so later writes and the final flush at
    exit raise nothing."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())  # type: ignore[attr-defined]
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def say(line: str) -> None:
    """A line of the command's result, on stdout."""
    _write(sys.stdout, line + "\n")


def progress(line: str) -> None:
    """A progress line (one per file), on stderr, so that stdout holds only the result."""
    _write(sys.stderr, one_line(line) + "\n")


def _rule_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--rules", metavar="DIR", action="append", default=[],
                   help="folder (or file) of extra rule files; repeatable; a rule with a "
                        "built-in's id replaces it")
    p.add_argument("--disable", metavar="ID", action="append", default=[],
                   help="switch a rule off by id; repeatable")
    p.add_argument("--profile", metavar="NAME", action="append", default=[],
                   help="apply this publisher profile's rules to every document, whether or "
                        "not the document matches it; repeatable")


def _extractor_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--extractor", choices=("layout", "pypdf", "pdftotext"), default="layout",
                   help="how to read PDF inputs: layout (the default: each line with its place "
                        "on the page, type size and superscripts, which the stages use as "
                        "evidence), pypdf (plain text) or poppler's pdftotext (where installed)")
    p.add_argument("--max-pages", type=int, default=5000, metavar="N",
                   help="refuse a PDF of more than N pages (layout reader; default 5000)")
    p.add_argument("--max-seconds-per-page", type=float, default=20.0, metavar="S",
                   help="refuse a PDF whose page takes longer than S seconds to read (default 20)")
    p.add_argument("--max-page-bytes", type=int, default=64 * 1024 * 1024, metavar="B",
                   help="refuse a PDF whose page content decompresses to more than B bytes "
                        "(default 64 MiB)")


def build_parser() -> argparse.ArgumentParser:
    from cleanup import __version__

    parser = Parser(
        prog="cleanup",
        description="Restore clean text from PDF/OCR extractions of published reports.")
    parser.add_argument("--version", action="version", version=f"cleanup {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="clean files or folders of extracted text or PDFs",
                         description="Clean each INPUT (a .txt or .pdf file, or a folder "
                                     "searched recursively for *.txt and *.pdf) into --out, "
                                     "mirroring sub-folders: "
                                     "NAME.txt is the cleaned text, NAME.json its report. "
                                     "INPUT '-' reads stdin and writes the text to stdout.")
    run.add_argument("inputs", nargs="+", metavar="INPUT")
    run.add_argument("--out", "-o", metavar="DIR", type=Path,
                     help="output folder (required unless INPUT is '-')")
    run.add_argument("--report", metavar="FILE", type=Path,
                     help="with INPUT '-': write the JSON report here")
    run.add_argument("--max-removal", type=float, default=0.20, metavar="SHARE",
                     help="flag a document whose rules remove more than this share of its "
                          "lines (default 0.20)")
    run.add_argument("--footnotes", choices=["link", "strip", "inline"], default="link",
                     help="link: [^N] markers and [^N]: notes after the body (default); "
                          "strip: drop markers and notes; inline: notes where their page ended")
    run.add_argument("--mark", action="store_true",
                     help="write […] into the text where extraction cut a line (flags are "
                          "always in the report)")
    run.add_argument("--jobs", "-j", type=_jobs, default=None, metavar="N",
                     help="clean N files at once in worker processes (default: the number "
                          "of cores); the outputs are the same whatever N")
    run.add_argument("--scheduler", metavar="ADDRESS",
                     help="clean on a Dask cluster (tcp://host:8786) instead of this machine; "
                          "its workers must see the input and output folders at the same "
                          "paths (needs pip install 'cleanup[dask]')")
    run.add_argument("--quiet", "-q", action="store_true",
                     help="no line per file on stderr: only errors, and the total on stdout")
    run.add_argument("--format", choices=("text", "json"), default="text",
                     help="the summary on stdout: one line (text, the default) or a JSON "
                          "document with every file's outcome (json)")
    # `--to` as in pandoc; `--format` is the machine-readable summary of the run.
    run.add_argument("--to", "--output-format", dest="to", default="text",
                     choices=("text", "markdown", "jsonl"),
                     help="output format: text (default), markdown (NAME.md: YAML front "
                          "matter, [^N] footnotes, page comments) or jsonl (NAME.jsonl: one "
                          "record per paragraph with its page labels)")
    run.add_argument("--page-markers", action="store_true",
                     help="text output: write [page N] where each printed page begins")
    _rule_options(run)
    _extractor_option(run)
    run.add_argument("--restore", action="store_true",
                     help="PDF inputs: extract every page with both extractors and restore the "
                          "text one lost from the other (needs pdftotext)")

    extract = sub.add_parser("extract", help="write the raw text of PDFs, a form feed between "
                                             "pages",
                             description="Extract each PDF (or every *.pdf in a folder, "
                                         "recursively) into --out as NAME.txt: the raw text, a "
                                         "form feed between pages, to keep and diff.")
    extract.add_argument("inputs", nargs="+", metavar="PDF")
    extract.add_argument("--out", "-o", metavar="DIR", type=Path, required=True,
                         help="output folder")
    extract.add_argument("--quiet", "-q", action="store_true",
                         help="print only errors and the total")
    _extractor_option(extract)
    _diff_parsers(sub)

    from cleanup.rules_cli import add_rules_parser

    add_rules_parser(sub, _rule_options)
    return parser


def _diff_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    diff = sub.add_parser(
        "diff", help="show what the cleanup changed, every change labelled by its rule",
        description="INPUT alone: clean it in memory and diff. INPUT CLEANED: diff against a "
                    "cleaned file, reading its report NAME.json beside it. OLD_OUT NEW_OUT (two "
                    "output folders of `cleanup run`): list the documents whose cleanup changed, "
                    "by how many input lines and which rules, and show each one's diff.")
    diff.add_argument("first", metavar="INPUT|OLD_OUT")
    diff.add_argument("second", nargs="?", metavar="CLEANED|NEW_OUT")
    diff.add_argument("--stat", action="store_true", help="print counts per rule only")
    diff.add_argument("--context", "-U", type=int, default=3, metavar="N",
                      help="unchanged lines shown around each change (default 3)")
    diff.add_argument("--html", metavar="FILE", type=Path,
                      help="write one self-contained page: input and output side by side")
    _diff_common(diff)
    explain = sub.add_parser(
        "explain", help="every edit and flag touching one input line, with rule and evidence",
        description="Explain what the cleanup did to input line N of INPUT (cleaned in memory, "
                    "or CLEANED with its report).")
    explain.add_argument("first", metavar="INPUT")
    explain.add_argument("second", nargs="?", metavar="CLEANED")
    explain.add_argument("--line", "-n", type=int, required=True, metavar="N",
                         help="1-based input line number")
    explain.set_defaults(context=3, stat=False, html=None)
    _diff_common(explain)


def _diff_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="text for people (default), json for tools")
    p.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="colour the text: auto (on a terminal, unless NO_COLOR is set)")
    p.add_argument("--max-removal", type=float, default=0.20, metavar="SHARE",
                   help="as for `cleanup run`, when INPUT is cleaned in memory")
    _rule_options(p)


def main(argv: list[str] | None = None) -> int:
    """Run one command. Every failure ends in one line on stderr, never a traceback (set
    CLEANUP_DEBUG=1 to see one); Ctrl-C exits 130; a closed stdout ends printing quietly."""
    Parser.argv = tuple(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        code = _dispatch(parser, args)
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:
        _write(sys.stderr, "cleanup: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _silence(sys.stdout)
        return EXIT_OK
    except Exception as e:  # a bug: say so in one line, unless asked for the traceback
        if os.environ.get("CLEANUP_DEBUG"):
            raise
        _err(f"internal error: {type(e).__name__}: {e} (set CLEANUP_DEBUG=1 for the "
             "traceback, and please report it)")
        return EXIT_FAILED


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "run":
        return cmd_run(args)
    if args.command == "extract":
        return cmd_extract(args)
    if args.command in ("diff", "explain"):
        return cmd_diff(args)
    if args.command == "rules":
        from cleanup.rules_cli import main as rules_main

        return rules_main(args)
    return EXIT_USAGE


def _options(args: argparse.Namespace) -> dict[str, str]:
    return {"footnotes": args.footnotes, "mark": "yes" if args.mark else "no",
            "to": args.to, "page_markers": "yes" if args.page_markers else "no"}


def _err(message: str) -> None:
    """One error line on stderr (a message of several lines, such as every problem of a rule
    file, gives one line each)."""
    for line in str(message).split("\n"):
        _write(sys.stderr, f"cleanup: error: {one_line(line)}\n")


def cmd_run(args: argparse.Namespace) -> int:
    from cleanup import batch
    from cleanup.pipeline import clean_text
    from cleanup.rules import RuleError, load_rules

    try:
        rules = load_rules(args.rules, args.disable, profiles=args.profile)
    except RuleError as e:
        _err(str(e))
        return EXIT_USAGE

    if args.inputs == ["-"]:
        from cleanup.textfile import NotText, decode
        from cleanup.timedregex import PatternTimeout

        try:
            text = decode(sys.stdin.buffer.read()).text
        except NotText as e:
            _err(f"<stdin>: {e}")
            return EXIT_FAILED
        try:
            result = clean_text(text, rules, source="<stdin>", max_removal=args.max_removal,
                                options=_options(args))
        except PatternTimeout as e:
            _err(f"<stdin>: {e}")
            return EXIT_FAILED
        from cleanup import formats

        _write(sys.stdout, formats.render(result, args.to, args.page_markers))
        if args.report:
            batch.write_atomic(args.report, json.dumps(result.report.to_dict(),
                                                       ensure_ascii=False, indent=1) + "\n")
        return EXIT_OK
    if "-" in args.inputs:
        _err("'-' (stdin) cannot be mixed with files")
        return EXIT_USAGE
    if args.out is None:
        _err("--out DIR is required (or use '-' to read stdin)")
        return EXIT_USAGE
    try:
        plan = batch.plan(args.inputs, args.out)
    except batch.UsageError as e:
        _err(str(e))
        return EXIT_USAGE
    if args.to != "text":
        from cleanup.formats import SUFFIXES

        plan.jobs = [replace(j, text_out=j.text_out.with_suffix(SUFFIXES[args.to]))
                     for j in plan.jobs]
    pdf_options = _pdf_options(args, plan)
    if isinstance(pdf_options, str):
        _err(pdf_options)
        return EXIT_USAGE

    failed = len(plan.errors)
    for message in plan.errors:
        _err(message)
    batch.remove_stale_temps(plan.jobs)
    done = removed = flags = excessive = 0
    outcomes: list[batch.Outcome] = []
    if args.scheduler:
        found = _on_cluster(args, plan, rules, pdf_options)
        if isinstance(found, str):
            _err(found)
            return EXIT_USAGE
        stream = found
    else:
        stream = batch.run(plan.jobs, rules, args.jobs or batch.default_jobs(),
                           args.max_removal, _options(args), pdf_options)
    bar = Progress(len(plan.jobs), shown=not args.quiet and _is_terminal(sys.stderr))
    try:
        for outcome in stream:
            outcomes.append(outcome)
            if outcome.error:
                failed += 1
                bar.error(outcome.error)
            else:
                done += 1
                removed += outcome.removed
                flags += outcome.flags
                excessive += outcome.excessive
                if not args.quiet:
                    bar.line(f"{outcome.job.source} -> {outcome.job.text_out}: "
                             f"{outcome.summary}")
            bar.advance(outcome.size, failed)
    except KeyboardInterrupt:
        bar.close()
        _write(sys.stderr, f"cleanup: interrupted after {len(outcomes)} of {len(plan.jobs)} "
                           "files; every output written is complete (run again to finish)\n")
        return EXIT_INTERRUPTED
    bar.close()
    if args.format == "json":
        say(json.dumps({"out": str(args.out), "cleaned": done, "failed": failed,
                        "removed_lines": removed, "flags": flags, "excessive": excessive,
                        "errors": plan.errors, "files": [o.to_dict() for o in outcomes]},
                       ensure_ascii=False, indent=1))
    else:
        say(one_line(f"cleaned {done} of {done + failed} files into {args.out}: removed "
                     f"{removed} lines, {flags} flags"
                     + (f", {excessive} with excessive removal" if excessive else "")
                     + (f"; {failed} failed" if failed else "")))
    return EXIT_FAILED if failed else EXIT_OK


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False


class Progress:
    """A progress bar on stderr (tqdm) when stderr is a terminal: files done, failures, MB/s.
    Silent when stderr is piped or redirected; per-file lines and errors print either way.

    tqdm rather than rich: one small pure-Python package that draws on stderr, leaves room for
    lines printed above the bar (``tqdm.write``), and costs nothing when it is not shown; rich
    would add several packages and import time to every start of the command.
    """

    def __init__(self, total: int, shown: bool) -> None:
        import time

        self.bar = None
        self.started = time.perf_counter()
        self.bytes = 0
        if shown and total > 1:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit="file", file=sys.stderr, dynamic_ncols=True,
                            leave=False, bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} files "
                                                    "[{elapsed}<{remaining}{postfix}]")

    def line(self, text: str) -> None:
        if self.bar is None:
            progress(text)
        else:
            self.bar.write(one_line(text), file=sys.stderr)

    def error(self, message: str) -> None:
        if self.bar is None:
            _err(message)
        else:
            for line in str(message).split("\n"):
                self.bar.write(f"cleanup: error: {one_line(line)}", file=sys.stderr)

    def advance(self, size: int, failed: int) -> None:
        if self.bar is None:
            return
        import time

        self.bytes += size
        rate = self.bytes / 1e6 / max(time.perf_counter() - self.started, 1e-6)
        self.bar.set_postfix_str(f"{failed} failed, {rate:.2f} MB/s", refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.refresh()  # the final count, drawn once before the bar is cleared
            self.bar.close()
            self.bar = None


def _on_cluster(args: argparse.Namespace, plan: Plan, rules: object,
                pdf_options: PdfOptions | None) -> object:
    """The outcomes of cleaning ``plan`` on the Dask cluster at ``--scheduler``, in input order
    as they finish; or the one-line reason the cluster cannot be used."""
    from cleanup import dask_batch

    try:
        from distributed import Client
    except ImportError:
        return dask_batch.MISSING
    try:
        client = Client(args.scheduler, timeout="20s")
    except (OSError, TimeoutError, ValueError) as e:
        return f"--scheduler {args.scheduler}: cannot reach the Dask scheduler ({e})"
    bag = dask_batch.outcomes_bag(plan.jobs, rules, args.max_removal,  # type: ignore[arg-type]
                                  _options(args), pdf_options)

    def stream() -> object:
        try:
            for future in client.compute(bag.to_delayed()):
                yield from future.result()
        finally:
            client.close()

    return stream()


def _pdf_options(args: argparse.Namespace, plan: Plan) -> PdfOptions | str | None:
    """The PdfOptions for this run, or the one-line reason they cannot be had; checked before
    any file is touched, and only when some input is a PDF."""
    from cleanup import batch

    if not any(batch.is_pdf(job.source) for job in plan.jobs):
        return None
    from cleanup.pdf import PdfOptions, missing

    for extractor in ("pdftotext",) if args.restore else (args.extractor,):
        reason = missing(extractor)
        if reason:
            return f"--restore needs a second extractor: {reason}" if args.restore else reason
    from cleanup.readers.pdf_layout import Limits

    return PdfOptions(args.extractor, args.restore,
                      Limits(args.max_pages, args.max_seconds_per_page, args.max_page_bytes))


def cmd_extract(args: argparse.Namespace) -> int:
    from cleanup import batch
    from cleanup.pdf import missing

    reason = missing(args.extractor)
    if reason:
        _err(reason)
        return EXIT_USAGE
    try:
        plan = batch.plan(args.inputs, args.out, suffixes=batch.PDF_SUFFIXES)
    except batch.UsageError as e:
        _err(str(e))
        return EXIT_USAGE
    failed = len(plan.errors)
    for message in plan.errors:
        _err(message)
    done = 0
    for job in plan.jobs:
        outcome = batch.extract(job, args.extractor)
        if outcome.error:
            failed += 1
            _err(outcome.error)
            continue
        done += 1
        if not args.quiet:
            progress(f"{job.source} -> {job.text_out}: {outcome.summary}")
    say(one_line(f"extracted {done} of {done + failed} files into {args.out}"
                 + (f"; {failed} failed" if failed else "")))
    return EXIT_FAILED if failed else EXIT_OK
def _color(when: str) -> bool:
    import os

    if when != "auto":
        return when == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") \
        and os.environ.get("TERM") != "dumb"


def cmd_diff(args: argparse.Namespace) -> int:
    """`cleanup diff` and `cleanup explain`: load, then hand over to diffing and html_report."""
    from cleanup import audit, diffing
    from cleanup.rules import RuleError, load_rules

    first = Path(args.first)
    second = Path(args.second) if args.second else None
    color = _color(args.color)
    if first.is_dir() or (second is not None and second.is_dir()):
        folder = first if first.is_dir() else second
        if args.command == "explain" or second is None or args.html or (
                first.is_file() or second.is_file()):
            _err(f"{folder} is a folder: give INPUT and CLEANED files, or two output folders "
                 "of `cleanup run` to `cleanup diff` (without --html)")
            return EXIT_USAGE
        try:
            docs = list(audit.audit(first, second))
        except audit.UsageError as e:
            _err(str(e))
            return EXIT_USAGE
        failed = [d for d in docs if d.status == "error"]
        for d in failed:
            _err(d.error)
        if args.format == "json":
            print(json.dumps({"old": str(first), "new": str(second),
                              "documents": [d.to_dict() for d in docs]},
                             ensure_ascii=False, indent=1))
        else:
            sys.stdout.write(audit.render_audit(docs, first, second, args.stat, color))
        return EXIT_FAILED if failed else EXIT_OK
    if args.context < 0:
        _err("--context must be 0 or more")
        return EXIT_USAGE
    try:
        rules = load_rules(args.rules, args.disable)
    except RuleError as e:
        _err(str(e))
        return EXIT_USAGE
    from cleanup.timedregex import PatternTimeout

    try:
        loaded = audit.load(first, second, rules, args.max_removal)
    except audit.AuditError as e:
        _err(str(e))
        return EXIT_FAILED
    except PatternTimeout as e:  # a user pattern too slow for this input: as `run` says it
        _err(f"{first}: {e}")
        return EXIT_FAILED
    if loaded.note:
        print(f"cleanup: note: {loaded.note}", file=sys.stderr)
    att = loaded.attribution
    if args.command == "explain":
        if not 1 <= args.line <= len(att.lines):
            _err(f"{first}: no line {args.line} (the input has {len(att.lines)} lines)")
            return EXIT_USAGE
        d = diffing.explain(att, args.line, rules)
        if args.format == "json":
            print(json.dumps(d, ensure_ascii=False, indent=1))
        else:
            sys.stdout.write(diffing.render_explain(d))
        return EXIT_OK
    if args.html:
        from cleanup import batch, html_report

        try:
            batch.write_atomic(args.html, html_report.render(att))
        except OSError as e:
            _err(f"{args.html}: cannot write: {e.strerror or e}")
            return EXIT_FAILED
        print(f"wrote {args.html}: {diffing.summary_line(att)}")
        if not args.stat:
            return EXIT_OK
    if args.format == "json":
        print(json.dumps(diffing.to_json(att, stat_only=args.stat), ensure_ascii=False, indent=1))
    elif args.stat:
        sys.stdout.write(diffing.render_stat(att))
    else:
        sys.stdout.write(diffing.render_text(att, args.context, color))
    return EXIT_OK
