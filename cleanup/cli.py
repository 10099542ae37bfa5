"""The command line: parses arguments and hands over to the batch layer; no logic of its own."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

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


def build_parser() -> argparse.ArgumentParser:
    from cleanup import __version__

    parser = argparse.ArgumentParser(
        prog="cleanup",
        description="Restore clean text from PDF/OCR extractions of published reports.")
    parser.add_argument("--version", action="version", version=f"cleanup {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="clean files or folders of extracted text",
                         description="Clean each INPUT (a .txt file, or a folder searched "
                                     "recursively for *.txt) into --out, mirroring sub-folders: "
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
    run.add_argument("--jobs", "-j", type=int, default=1, metavar="N",
                     help="clean N files at once in worker processes (default 1)")
    run.add_argument("--quiet", "-q", action="store_true", help="print only errors and the total")
    _rule_options(run)

    from cleanup.rules_cli import add_rules_parser

    add_rules_parser(sub, _rule_options)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "run":
        return cmd_run(args)
    if args.command == "rules":
        from cleanup.rules_cli import main as rules_main

        return rules_main(args)
    return EXIT_USAGE


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
            result = clean_text(text, rules, source="<stdin>", max_removal=args.max_removal)
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

    failed = len(plan.errors)
    for message in plan.errors:
        _err(message)
    done = removed = flags = excessive = 0
    for outcome in batch.run(plan.jobs, rules, args.jobs, args.max_removal):
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
