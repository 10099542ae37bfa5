"""``cleanup rules ...``: list, show, check, test, scaffold and try rules.

Argument parsing and printing only; the work is done in :mod:`cleanup.ruletools`. Exit codes
as for ``cleanup run``: 0 all good, 1 a problem found (a failing example, a bad rule file under
check, an input that could not be cleaned), 2 bad usage or a rule file that does not load.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_rules_parser(sub: Any, rule_options: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the ``rules`` command group to the top-level subparsers ``sub``."""
    from cleanup.rules import STAGES  # light: the package imports it anyway

    rules = sub.add_parser("rules", help="list, check, test, scaffold and try rules",
                           description="Work with rule files: the built-in ones and yours "
                                       "(docs/rules.md describes the format).")
    rsub = rules.add_subparsers(dest="rules_command", metavar="SUBCOMMAND")

    p = rsub.add_parser("list", help="every rule in force: id, stage, source, description")
    rule_options(p)
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = rsub.add_parser("show", help="one rule in full, with its TOML")
    p.add_argument("id", metavar="ID")
    rule_options(p)

    p = rsub.add_parser("check", help="validate rule files and run their examples; problems "
                                      "as FILE:LINE: message",
                        description="Check TOML, fields, patterns, ids and profiles of the rule "
                                    "files in DIR (a folder or file; default: the built-ins and "
                                    "the folders of [tool.cleanup] rules), and run every "
                                    "example. One line per problem.")
    p.add_argument("dirs", nargs="*", metavar="DIR")
    p.add_argument("--no-examples", action="store_true", help="skip running the examples")

    p = rsub.add_parser("test", help="run every rule's examples; failures shown as diffs",
                        description="Run the examples of the rules in DIR (default: every "
                                    "rule in force) through the whole pipeline.")
    p.add_argument("dirs", nargs="*", metavar="DIR")
    p.add_argument("-k", dest="only", metavar="ID", action="append", default=[],
                   help="only this rule (repeatable)")
    p.add_argument("--verbose", "-v", action="store_true", help="list passing rules too")

    p = rsub.add_parser("new", help="write a commented rule file whose examples pass",
                        description="Write DIR/NAME.toml: one rule with id NAME for STAGE, "
                                    "commented, with examples that pass as written; edit its "
                                    "match and examples.")
    p.add_argument("name", metavar="NAME", help="the rule id, e.g. acme.footer")
    p.add_argument("--stage", required=True, choices=STAGES)
    p.add_argument("--action", help="one of the stage's actions (default: the usual one)")
    p.add_argument("--dir", default="cleanup-rules", metavar="DIR",
                   help="folder to write to (default cleanup-rules)")

    p = rsub.add_parser("try", help="what one rule does to one file",
                        description="Clean FILE with and without rule ID: print the rule's "
                                    "edits and the difference it makes to the output.")
    p.add_argument("id", metavar="ID")
    p.add_argument("file", metavar="FILE", type=Path)
    rule_options(p)
    p.add_argument("--context", type=int, default=1, metavar="N",
                   help="lines of context in the diff (default 1)")

    rsub.add_parser("schema", help="print the JSON Schema of rule files (for editors)")
    rules.set_defaults(rules_parser=rules)


def main(args: argparse.Namespace) -> int:
    """Run one ``cleanup rules`` subcommand."""
    from cleanup.rules import RuleError

    command = args.rules_command
    if command is None:
        args.rules_parser.print_help()
        return EXIT_USAGE
    try:
        return int(COMMANDS[command](args))
    except RuleError as e:
        _err(str(e))
        return EXIT_USAGE


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _err(message: str) -> None:
    from cleanup.cli import _err as err  # one way to print errors for every command

    err(message)


def _load(args: argparse.Namespace) -> Any:
    from cleanup.rules import load_rules

    return load_rules(getattr(args, "rules", []), getattr(args, "disable", []),
                      profiles=getattr(args, "profile", None) or ())


def cmd_list(args: argparse.Namespace) -> int:
    from cleanup.ruletools import profile_rows, rule_rows

    ruleset = _load(args)
    rows, profiles = rule_rows(ruleset), profile_rows(ruleset)
    if args.format == "json":
        print(json.dumps({"rules": rows, "profiles": profiles}, ensure_ascii=False, indent=1))
        return EXIT_OK
    cols = ["id", "stage", "action", "profile", "source"]
    widths = {c: max([len(c), *(len(str(r[c]) or "-") for r in rows)]) for c in cols}
    width = shutil.get_terminal_size((10_000, 24)).columns if sys.stdout.isatty() else 10_000
    print("  ".join(c.upper().ljust(widths[c]) for c in cols) + "  DESCRIPTION")
    for r in rows:
        line = "  ".join((str(r[c]) or "-").ljust(widths[c]) for c in cols) + "  " \
            + r["description"]
        print(line if len(line) <= width else line[:max(width - 1, 20)] + "…")
    user = sum(not r["builtin"] for r in rows)
    print(f"{_n(len(rows), 'rule')} ({len(rows) - user} built-in, {user} yours)")
    for p in profiles:
        when = " | ".join(p["applies_when"])
        print(f"profile {p['name']} ({p['source']}, {_n(p['rules'], 'rule')}): applies when the "
              f"document matches {when}" + ("; forced" if p["forced"] else ""))
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from cleanup.ruletools import rule_text, suggest

    ruleset = _load(args)
    rule = ruleset.get(args.id)
    if rule is None:
        _err(f"no rule has id {args.id!r}{suggest(args.id, ruleset)} "
             "(see `cleanup rules list`)")
        return EXIT_USAGE
    print(f"{rule.id}: {rule.stage} stage, action {rule.action}")
    print(f"  {rule.description}")
    print(f"  defined at {rule.where} ({'built-in' if rule.builtin else 'your rule'}"
          + (", replaces a built-in" if rule.id in ruleset.replaced else "") + ")")
    if rule.profile:
        profile = ruleset.profiles.get(rule.profile)
        when = " | ".join(p.pattern for p in profile.applies_when) if profile else "?"
        print(f"  profile {rule.profile}: runs on documents matching {when}")
    print(f"  examples: {len(rule.must_change)} must change, {len(rule.must_keep)} must keep")
    print()
    print(rule_text(rule), end="")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from cleanup.rules import project_config
    from cleanup.ruletools import check_rules

    project = [] if args.dirs else project_config().get("rules", [])
    result = check_rules(args.dirs, project, run_examples=not args.no_examples)
    for problem in result.problems:
        print(problem)
    what = (f"{_n(result.files, 'file')}, {_n(result.rules, 'valid rule')}"
            + (f", {_n(result.examples, 'example')} run" if not args.no_examples else ""))
    if result.problems:
        print(f"{_n(len(result.problems), 'problem')} ({what})")
        return EXIT_FAILED
    print(f"no problems ({what})")
    return EXIT_OK


def cmd_test(args: argparse.Namespace) -> int:
    from cleanup.rules import load_rules
    from cleanup.ruletools import test_rules

    ruleset = load_rules(args.dirs)
    results = test_rules(args.dirs, ruleset, args.only)
    if args.only and not results:
        _err(f"no rule has id {', '.join(map(repr, args.only))} among the rules tested")
        return EXIT_USAGE
    n_examples = failed = 0
    for rule, outcomes in results:
        bad = [o for o in outcomes if o.problem is not None]
        n_examples += len(outcomes)
        failed += len(bad)
        if not bad:
            if args.verbose:
                print(f"{rule.where}: {rule.id}: {len(outcomes)} examples pass")
            continue
        for o in bad:
            assert o.problem is not None
            head, _, diff = o.problem.partition("\n")
            print(f"FAIL {rule.source}:{o.line}: rule {rule.id!r}: example {head}")
            if diff:
                print("  " + diff.replace("\n", "\n  "))
    if failed:
        print(f"{failed} of {_n(n_examples, 'example')} failed ({_n(len(results), 'rule')})")
        return EXIT_FAILED
    print(f"{_n(len(results), 'rule')}, {_n(n_examples, 'example')}: all pass")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from cleanup.ruletools import scaffold

    folder = Path(args.dir)
    target = folder / f"{args.name}.toml"
    try:
        text = scaffold(args.name, args.stage, args.action, str(folder))
    except ValueError as e:
        _err(str(e))
        return EXIT_USAGE
    if target.exists():
        _err(f"{target} exists already; edit it, or choose another NAME or --dir")
        return EXIT_USAGE
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}: rule {args.name!r} ({args.stage}); edit its match and examples, "
          f"then run: cleanup rules test {folder}")
    return EXIT_OK


def cmd_try(args: argparse.Namespace) -> int:
    from cleanup.batch import read_text
    from cleanup.ruletools import suggest, try_rule
    from cleanup.timedregex import PatternTimeout

    ruleset = _load(args)
    rule = ruleset.get(args.id)
    if rule is None:
        _err(f"no rule has id {args.id!r}{suggest(args.id, ruleset)} "
             "(add your folder with --rules DIR)")
        return EXIT_USAGE
    try:
        text = read_text(args.file)
    except ValueError as e:
        _err(f"{args.file}: {e}")
        return EXIT_FAILED
    try:
        trial = try_rule(rule, text, ruleset, str(args.file))
    except PatternTimeout as e:
        _err(f"{args.file}: {e}")
        return EXIT_FAILED
    print(f"{rule.id} ({rule.stage} {rule.action}) on {args.file}: {len(trial.edits)} edits")
    if trial.forced_profile:
        print(f"  (profile {trial.forced_profile} does not apply to this file by its patterns; "
              "forced for this try)")
    for e in trial.edits:
        lines = ",".join(map(str, e.lines)) if len(e.lines) <= 3 else \
            f"{e.lines[0]}-{e.lines[-1]}"
        after = f" -> {e.after!r}" if e.after and e.after != e.before else ""
        print(f"  line {lines}: {e.action} {e.before[:100]!r}{after}")
    diff = trial.diff(args.context)
    if diff:
        print(diff, end="")
    else:
        print("the output is the same without this rule"
              + (f" ({', '.join(trial.others)} would make these edits)" if trial.others
                 else ""))
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from cleanup.ruleschema import shipped_schema

    sys.stdout.write(shipped_schema())
    return EXIT_OK


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "list": cmd_list, "show": cmd_show, "check": cmd_check, "test": cmd_test, "new": cmd_new,
    "try": cmd_try, "schema": cmd_schema,
}
