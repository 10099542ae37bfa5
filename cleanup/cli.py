"""The command line: parses arguments and hands over to the batch layer; no logic of its own."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the CLI imports the core only when a command runs, to start fast
    from cleanup.batch import Plan
    from cleanup.pdf import PdfOptions

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


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

    parser = argparse.ArgumentParser(
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
    run.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                     help="clean N files at once in worker processes (default 1)")
    run.add_argument("--quiet", "-q", action="store_true", help="print only errors and the total")
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
    parser = build_parser()
    args = parser.parse_args(argv)
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
    return {"footnotes": args.footnotes, "mark": "yes" if args.mark else "no"}


def _err(message: str) -> None:
    print(f"cleanup: error: {message}", file=sys.stderr)


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
        from cleanup.timedregex import PatternTimeout

        text = sys.stdin.read()
        try:
            result = clean_text(text, rules, source="<stdin>", max_removal=args.max_removal,
                                options=_options(args))
        except PatternTimeout as e:
            _err(f"<stdin>: {e}")
            return EXIT_FAILED
        sys.stdout.write(result.text)
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
    pdf_options = _pdf_options(args, plan)
    if isinstance(pdf_options, str):
        _err(pdf_options)
        return EXIT_USAGE

    failed = len(plan.errors)
    for message in plan.errors:
        _err(message)
    done = removed = flags = excessive = 0
    for outcome in batch.run(plan.jobs, rules, args.jobs, args.max_removal, _options(args),
                             pdf_options):
        if outcome.error:
            failed += 1
            _err(outcome.error)
            continue
        done += 1
        removed += outcome.removed
        flags += outcome.flags
        excessive += outcome.excessive
        if not args.quiet:
            print(f"{outcome.job.source} -> {outcome.job.text_out}: {outcome.summary}")
    total = (f"cleaned {done} of {done + failed} files into {args.out}: removed {removed} lines, "
             f"{flags} flags" + (f", {excessive} with excessive removal" if excessive else "")
             + (f"; {failed} failed" if failed else ""))
    print(total)
    return EXIT_FAILED if failed else EXIT_OK


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
            print(f"{job.source} -> {job.text_out}: {outcome.summary}")
    print(f"extracted {done} of {done + failed} files into {args.out}"
          + (f"; {failed} failed" if failed else ""))
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
    try:
        loaded = audit.load(first, second, rules, args.max_removal)
    except audit.AuditError as e:
        _err(str(e))
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
