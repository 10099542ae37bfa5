"""Tools for rule authors: list, show, check, test, scaffold and try rules.

The logic behind ``cleanup rules ...``; it returns data and text and never prints, so the
command line (:mod:`cleanup.rules_cli`) decides what goes where. Problems are reported as
``FILE:LINE: message``, the line being the field at fault where it can be found, else the
rule's ``[[rule]]`` header.
"""

from __future__ import annotations

import contextlib
import difflib
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from cleanup.examples import Example, check, examples
from cleanup.rules import (
    ACTIONS,
    ID_RE,
    STAGES,
    Profile,
    Rule,
    RuleError,
    RuleSet,
    builtin_rule_files,
    load_rules,
    parse_profile,
    parse_rule,
    user_rule_files,
)
from cleanup.timedregex import PatternTimeout

DEFAULT_RULES_DIR = "cleanup-rules"


@dataclass(slots=True, frozen=True)
class Problem:
    """One problem in a rule file, at a line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(slots=True)
class FileCheck:
    """What checking one rule file found: its valid rules, its profile, its problems."""

    path: str
    text: str
    builtin: bool
    rules: list[Rule] = field(default_factory=list)
    profile: Profile | None = None
    problems: list[Problem] = field(default_factory=list)
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # rule id -> lines


# -- reading rule files ----------------------------------------------------------------------

def _rule_starts(text: str) -> list[int]:
    return [text.count("\n", 0, m.start()) + 1
            for m in re.finditer(r"^[ \t]*\[\[[ \t]*rule[ \t]*\]\]", text, re.M)]


def _line_of(text: str, pattern: str, lo: int = 1, hi: int | None = None) -> int | None:
    """First line from ``lo`` to ``hi`` (1-based, exclusive) that ``pattern`` matches."""
    lines = text.split("\n")
    hi = len(lines) + 1 if hi is None else hi
    rx = re.compile(pattern)
    return next((n for n in range(lo, min(hi, len(lines) + 1)) if rx.search(lines[n - 1])),
                None)


# The field a loader message is about, so that the error points at that field's line.
_FIELD_OF = [
    (re.compile(r"^(?:unknown field|field) '(\w+)'"), None),
    (re.compile(r"^(match|next|markers|replace|applies_when)\b"), None),
    (re.compile(r"^unknown field in (match|next)\b"), None),
    (re.compile(r"^'(match|next|markers|applies_when)'"), None),
    (re.compile(r"^unknown stage"), "stage"),
    (re.compile(r"^unknown action"), "action"),
    (re.compile(r"^id must be"), "id"),
    (re.compile(r"^unknown regex flag"), "flags"),
    (re.compile(r"^bad replacement"), "replace"),
    (re.compile(r"^must_keep examples"), "must_keep"),
]


def _field_line(text: str, problem: str, lo: int, hi: int | None) -> int | None:
    for rx, name in _FIELD_OF:
        m = rx.search(problem)
        if m:
            name = name or m.group(1)
            return _line_of(text, rf"^\s*(?:\[\s*rule\.)?{re.escape(name)}\s*(?:[=.\]])", lo, hi)
    m = re.match(r"^must_change example (\d+)", problem)
    if m:
        return _nth_change_line(text, int(m.group(1)), lo, hi)
    return None


def _nth_change_line(text: str, n: int, lo: int, hi: int | None) -> int | None:
    lines = text.split("\n")
    hi = len(lines) + 1 if hi is None else hi
    found = [k for k in range(lo, min(hi, len(lines) + 1))
             if re.match(r"^\s*\[\[\s*rule\.must_change\s*\]\]", lines[k - 1])]
    if len(found) >= n:
        return found[n - 1]
    return _line_of(text, r"^\s*must_change\s*=", lo, hi)


def example_line(text: str, span: tuple[int, int], example: Example) -> int:
    """The line of ``example`` in its rule file (its ``[[rule.must_change]]`` header, or the
    line where a must_keep text starts), else the rule's header."""
    lo, hi = span
    if example.kind == "change":
        return _nth_change_line(text, example.index, lo, hi) or lo
    first = example.input.strip("\n").split("\n")[0].strip()[:40]
    lines = text.split("\n")
    if first:
        escaped = first.encode("unicode_escape").decode("ascii")
        for n in range(lo, min(hi, len(lines) + 1)):
            if first in lines[n - 1] or escaped in lines[n - 1]:
                return n
    return _line_of(text, r"^\s*must_keep\s*=", lo, hi) or lo


def check_file(path: str, text: str | None = None, builtin: bool = False) -> FileCheck:
    """Validate one rule file, collecting every problem rather than stopping at the first."""
    fc = FileCheck(path, "", builtin)
    try:
        fc.text = text if text is not None else Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        data = Path(path).read_bytes()
        fc.problems.append(Problem(path, data.count(b"\n", 0, e.start) + 1,
                                   "rule file is not UTF-8"))
        return fc
    except OSError as e:
        fc.problems.append(Problem(path, 1, f"cannot read rule file: {e.strerror or e}"))
        return fc
    try:
        data = tomllib.loads(fc.text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"\(at line (\d+), column \d+\)", str(e))
        fc.problems.append(Problem(path, int(m.group(1)) if m else 1, f"bad TOML: {e}"))
        return fc
    for key in sorted(set(data) - {"rule", "profile"}):
        line = _line_of(fc.text, rf"^\s*\[*\s*{re.escape(key)}\b") or 1
        fc.problems.append(Problem(path, line, f"unknown top-level table '{key}' (expected "
                                               "[[rule]] or [profile])"))
    profile_name = ""
    if "profile" in data:
        line = _line_of(fc.text, r"^\s*\[\s*profile\s*\]") or 1
        try:
            fc.profile = parse_profile(data["profile"], path, builtin, line)
            profile_name = fc.profile.name
        except RuleError as e:
            at = _field_line(fc.text, e.problem, line, _next_table(fc.text, line)) or line
            fc.problems.append(Problem(path, at, _after_where(str(e))))
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        fc.problems.append(Problem(path, _line_of(fc.text, r"^\s*\[?\s*rule\b") or 1,
                                   "'rule' must be an array of tables: write [[rule]]"))
        return fc
    starts = _rule_starts(fc.text)
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_rules):
        lo = starts[i] if i < len(starts) else 1
        hi = starts[i + 1] if i + 1 < len(starts) else len(fc.text.split("\n")) + 1
        try:
            rule = parse_rule(raw, path, builtin, lo, profile_name)
        except RuleError as e:
            label = f"rule {e.rule!r}" if e.rule else "rule without id"
            for problem in e.problems:  # every problem of the rule, each at its field's line
                at = _field_line(fc.text, problem, lo, hi) or lo
                fc.problems.append(Problem(path, at, f"{label}: {problem}"))
            continue
        if rule.id in seen:
            fc.problems.append(Problem(path, lo, f"rule {rule.id!r}: duplicate id (also at "
                                                 f"{path}:{seen[rule.id]})"))
            continue
        seen[rule.id] = lo
        fc.rules.append(rule)
        fc.spans[rule.id] = (lo, hi)
    return fc


def _next_table(text: str, line: int) -> int | None:
    return _line_of(text, r"^\s*\[", line + 1)


def _after_where(message: str) -> str:
    """A loader message without its leading ``file:line: ``."""
    m = re.match(r"^.*?:\d+: (.*)$", message)
    return m.group(1) if m else message


# -- checking and testing --------------------------------------------------------------------

@dataclass(slots=True)
class CheckResult:
    """Every problem found in the checked files, and how much was checked."""

    problems: list[Problem]
    files: int
    rules: int
    examples: int


def _targets(paths: Sequence[Path | str], project_dirs: Sequence[str]) -> list[FileCheck]:
    """The files to check: those under ``paths``; with none, built-ins and project folders."""
    if paths:
        return [check_file(str(p)) for p in user_rule_files(paths)]
    checks = [check_file(name, text, builtin=True) for name, text in builtin_rule_files()]
    checks.extend(check_file(str(p)) for p in user_rule_files(project_dirs))
    return checks


def _ruleset(checks: list[FileCheck]) -> RuleSet:
    """Built-ins plus the checked files' valid rules, merged as a run merges them."""
    base = load_rules(use_project_config=False)
    profiles = dict(base.profiles)
    rules = list(base.rules)
    for fc in checks:
        if fc.builtin:
            continue
        if fc.profile is not None and fc.profile.applies_when:
            profiles[fc.profile.name] = fc.profile
        for rule in fc.rules:
            at = next((i for i, r in enumerate(rules) if r.id == rule.id), None)
            if at is None:
                rules.append(rule)
            else:
                rules[at] = rule
    return replace(base, rules=[r for r in rules if not r.disabled], profiles=profiles)


def check_rules(paths: Sequence[Path | str] = (), project_dirs: Sequence[str] = (),
                run_examples: bool = True) -> CheckResult:
    """Check rule files: TOML, fields, patterns, ids, profiles, and (unless told not to) that
    every example holds. Raises RuleError when a given path does not exist."""
    checks = _targets(paths, project_dirs)
    problems = [p for fc in checks for p in fc.problems]
    # Ids must be unique among built-ins, and among user files (where one may replace a
    # built-in).
    for group in (True, False):
        seen: dict[str, str] = {}
        for fc in checks:
            if fc.builtin != group:
                continue
            for rule in fc.rules:
                if rule.id in seen:
                    problems.append(Problem(fc.path, rule.line, f"rule {rule.id!r}: duplicate "
                                                                f"id (also at {seen[rule.id]})"))
                else:
                    seen[rule.id] = rule.where
    problems.extend(_profile_problems(checks))
    n_examples = 0
    if run_examples:
        ruleset = _ruleset(checks)
        for fc in checks:
            for rule in fc.rules:
                if rule.disabled:
                    continue
                for outcome in run_rule_examples(rule, ruleset, fc):
                    n_examples += 1
                    if outcome.problem is not None:
                        head = outcome.problem.split("\n", 1)[0]
                        problems.append(Problem(fc.path, outcome.line,
                                                f"rule {rule.id!r}: example {head}"))
    problems.sort(key=lambda p: (p.path, p.line))
    return CheckResult(problems, len(checks), sum(len(fc.rules) for fc in checks), n_examples)


def _profile_problems(checks: list[FileCheck]) -> list[Problem]:
    defined: dict[str, Profile] = {}
    out: list[Problem] = []
    with contextlib.suppress(RuleError):  # a broken built-in is reported by its file check
        defined.update(load_rules(use_project_config=False).profiles)
    user_defined: dict[str, Profile] = {}
    for fc in checks:
        p = fc.profile
        if p is None or fc.builtin or not p.applies_when:
            continue
        if p.name in user_defined:
            out.append(Problem(fc.path, p.line, f"profile {p.name!r}: defined twice (also at "
                                                f"{user_defined[p.name].where})"))
        user_defined[p.name] = p
    for fc in checks:
        p = fc.profile
        if p is not None and not p.applies_when and p.name not in defined | user_defined:
            out.append(Problem(fc.path, p.line, f"profile {p.name!r}: no rule file defines "
                                                "this profile (give it 'applies_when' patterns)"))
    return out


@dataclass(slots=True)
class ExampleOutcome:
    """One example run: None as problem when it holds."""

    example: Example
    line: int
    problem: str | None


def run_rule_examples(rule: Rule, ruleset: RuleSet, fc: FileCheck | None = None) \
        -> list[ExampleOutcome]:
    """Run every example of ``rule`` through the pipeline with ``ruleset`` in force."""
    if fc is None:
        fc = _file_of(rule)
    span = fc.spans.get(rule.id, (rule.line or 1, rule.line + 1 if rule.line else 2))
    out = []
    for ex in examples(RuleSet([rule])):
        try:
            problem = check(ex, ruleset)
        except PatternTimeout as e:
            problem = (f"{ex.id}: pattern ran longer than the {e.limit:g} s limit "
                       "(catastrophic backtracking?)")
        out.append(ExampleOutcome(ex, example_line(fc.text, span, ex), problem))
    return out


def _file_of(rule: Rule) -> FileCheck:
    if rule.builtin:
        text = dict(builtin_rule_files()).get(rule.source, "")
        return check_file(rule.source, text, builtin=True)
    return check_file(rule.source)


def test_rules(paths: Sequence[Path | str], ruleset: RuleSet, only: Sequence[str] = ()) \
        -> list[tuple[Rule, list[ExampleOutcome]]]:
    """Run the examples of the rules from ``paths`` (all rules in force when empty)."""
    wanted = set(only)
    if paths:
        sources = {str(p) for p in user_rule_files(paths)}
        chosen = [r for r in ruleset.rules if r.source in sources]
    else:
        chosen = list(ruleset.rules)
    if wanted:
        chosen = [r for r in chosen if r.id in wanted]
    files: dict[str, FileCheck] = {}
    out = []
    for rule in chosen:
        fc = files.get(rule.source)
        if fc is None:
            fc = files[rule.source] = _file_of(rule)
        out.append((rule, run_rule_examples(rule, ruleset, fc)))
    return out


# -- list and show ---------------------------------------------------------------------------

def rule_rows(ruleset: RuleSet) -> list[dict[str, Any]]:
    """One row per rule in force: id, stage, action, profile, source, description."""
    return [{"id": r.id, "stage": r.stage, "action": r.action, "profile": r.profile,
             "source": r.where, "builtin": r.builtin, "description": r.description}
            for r in ruleset.rules]


def profile_rows(ruleset: RuleSet) -> list[dict[str, Any]]:
    """One row per profile: name, source, patterns, description, number of rules."""
    return [{"name": p.name, "source": p.where, "builtin": p.builtin,
             "applies_when": [q.pattern for q in p.applies_when],
             "description": p.description,
             "rules": sum(1 for r in ruleset.rules if r.profile == p.name),
             "forced": p.name in ruleset.forced}
            for p in ruleset.profiles.values()]


def rule_text(rule: Rule) -> str:
    """The rule's own lines in its file, from its ``[[rule]]`` header to the next rule."""
    fc = _file_of(rule)
    lines = fc.text.split("\n")
    lo, hi = fc.spans.get(rule.id, (rule.line, rule.line + 1))
    body = lines[lo - 1:hi - 1]
    while body and not body[-1].strip():
        body.pop()
    # Comments just above the next rule's header belong to that rule.
    while body and body[-1].lstrip().startswith("#") and hi <= len(lines):
        body.pop()
    while body and not body[-1].strip():
        body.pop()
    return "\n".join(body) + "\n"


def suggest(rule_id: str, ruleset: RuleSet) -> str:
    """``"; did you mean X?"`` for a mistyped id, or ""."""
    close = difflib.get_close_matches(rule_id, [r.id for r in ruleset.rules], n=1)
    return f"; did you mean {close[0]!r}?" if close else ""


# -- try -------------------------------------------------------------------------------------

@dataclass(slots=True)
class Trial:
    """What one rule did to one document: its edits, and the output with and without it."""

    rule: Rule
    edits: list[Any]
    with_rule: str
    without_rule: str
    forced_profile: str = ""
    profiles: list[str] = field(default_factory=list)
    # Rules that edit the same input lines when this one is off: they would do its work.
    others: list[str] = field(default_factory=list)

    def diff(self, context: int = 1) -> str:
        return "".join(difflib.unified_diff(
            self.without_rule.splitlines(keepends=True), self.with_rule.splitlines(keepends=True),
            f"without {self.rule.id}", f"with {self.rule.id}", n=context))


def try_rule(rule: Rule, text: str, ruleset: RuleSet, source: str) -> Trial:
    """Clean ``text`` with and without ``rule``; its profile is forced when it would not apply
    (the trial says so). Raises PatternTimeout from a user pattern too slow for the text."""
    from cleanup.pipeline import clean_text

    forced = ""
    if rule.profile and rule.profile in ruleset.profiles and \
            rule.profile not in ruleset.for_document(text).applied:
        ruleset = ruleset.with_profiles([rule.profile])
        forced = rule.profile
    with_it = clean_text(text, ruleset, source=source)
    without = clean_text(text, replace(ruleset, rules=[r for r in ruleset.rules
                                                       if r.id != rule.id]), source=source)
    edits = [e for e in with_it.report.edits if e.rule == rule.id]
    mine = {n for e in edits for n in e.lines}
    others = sorted({e.rule for e in without.report.edits if mine & set(e.lines)})
    return Trial(rule, edits, with_it.text, without.text, forced, with_it.report.profiles,
                 others)


# -- new -------------------------------------------------------------------------------------

DEFAULT_ACTION = {"normalize": "replace", "watermarks": "drop", "furniture": "header",
                  "footnotes": "separator", "paragraphs": "heading"}

_HEADER = '''\
# {id}: a cleanup rule file (the format: docs/rules.md; any rule in force: cleanup rules show ID).
# Edit `match`, the description and the examples, then check, test and try the rule:
#   cleanup rules check {dir}
#   cleanup rules test {dir}
#   cleanup rules try {id} YOUR-FILE.txt --rules {dir}
#   cleanup run INPUT --out OUT --rules {dir}
#
# To make this file a publisher profile (its rules then run only on documents that match one
# of the patterns, or with `cleanup run --profile NAME`), uncomment these lines:
# [profile]
# name = "example-publisher"
# description = "Reports published by Example Publisher"
# applies_when = ['Example\\s+Publisher', 'example\\.org']

[[rule]]
id = "{id}"
stage = "{stage}"
action = "{action}"
'''

# One working example per action a user is likely to write; `rules new` fills in the id.
TEMPLATES: dict[tuple[str, str], str] = {
    ("normalize", "replace"): '''\
description = "The long s (ſ) of old typefaces becomes s."
# What to find, anywhere in a line: match.regex, match.literal or match.template.
match.literal = "ſ"
# What to put in its place (in a regex, \\1 or \\g<name> insert a group).
replace = "s"
# Inputs the rule must leave alone.
must_keep = ["A line with nothing to repair."]

  # An input the rule must change, and what the whole pipeline must make of it.
  [[rule.must_change]]
  input = "The Congreſs met in the ſpring."
  output = "The Congress met in the spring."
''',
    ("watermarks", "drop"): '''\
description = "Example Archive download stamp: 'Downloaded from Example Archive on 2024-01-02'."
# What the whole line must be (spaces around it do not count): match.regex, match.literal,
# or match.template with fields such as {{num}}, {{page}}, {{date}}, {{year}}, {{text}}.
# The line goes wherever it stands, and a page break is marked there.
match.regex = 'Downloaded from Example Archive on \\d{{4}}-\\d\\d-\\d\\d'
# Inputs the rule must leave alone: the same words inside a sentence stay.
must_keep = ["We downloaded from Example Archive on a whim."]

  # An input the rule must change, and what the whole pipeline must make of it: the stamp
  # goes and the sentence it cut is joined again.
  [[rule.must_change]]
  input = """
A sentence broken at the foot of
Downloaded from Example Archive on 2024-01-02
the page."""
  output = """
A sentence broken at the foot of the page."""
''',
    ("watermarks", "drop_cover"): '''\
description = "Example Archive cover page: dropped whole when two of its notices open the document."
# Regexes searched in the document's first lines; min_markers of them make a cover page.
markers = [
  '^Example Archive$',
  '^Downloaded on \\d{{4}}-\\d\\d-\\d\\d',
  '^Terms of use: ',
]
min_markers = 2
must_keep = ["Terms of use: see the licence at the end of this report.\\nThe body begins here."]

  [[rule.must_change]]
  input = """
Example Archive
Downloaded on 2024-01-02
Terms of use: personal research only.

The body begins here."""
  output = """
The body begins here."""
''',
    ("furniture", "header"): '''\
description = "Example Institute running header: 'Example Institute Annual Report 2024'."
# What the whole line must be. Furniture rules act only in a page's top and bottom lines;
# running headers that repeat on two or more pages are learned anyway (furniture.learned):
# name one here when your documents are too short to learn it from.
match.template = "Example Institute Annual Report {{year}}"
must_keep = ["The Example Institute Annual Report 2024 was published in May."]

  # In examples, a form feed (\\f) starts a new page.
  [[rule.must_change]]
  input = """
The first page ends in the middle of a
\\fExample Institute Annual Report 2024
sentence that the page break cut."""
  output = """
The first page ends in the middle of a sentence that the page break cut."""
''',
    ("furniture", "page_number"): '''\
description = "Page numbers in square brackets: '[12]'."
# What the whole line must be; name the page number's group `page`.
match.regex = '\\[(?P<page>\\d{{1,4}})\\]'
must_keep = ["See note [7] for the details."]

  [[rule.must_change]]
  input = "Body text of the page.\\n[7]\\n"
  output = "Body text of the page.\\n"
''',
    ("footnotes", "separator"): '''\
description = "A rule line of equals signs above a page's footnotes."
# What the whole separator line must be; the footnotes follow it to the end of the page.
match.regex = '={{8,}}'
must_keep = ["Name: ======== (signature)\\n"]

  [[rule.must_change]]
  input = "Body text ends with a claim.1\\n==========\\n1 First footnote.\\n"
  output = "Body text ends with a claim.[^1]\\n\\n[^1]: First footnote."
''',
    ("hyphens", "compound"): '''\
description = "A publisher's compounds that keep their hyphen when a line breaks at it."
# Hyphenated words, as they should stand; at a line end their hyphen stays.
words = ["run-off"]
must_keep = ["Islamabad faces renewed pres-\\nsure from Kabul and Washington to act."]

  [[rule.must_change]]
  input = "After the monsoon the run-\\noff from the northern catchments rose sharply."
  output = "After the monsoon the run-off from the northern catchments rose sharply."
''',
    ("paragraphs", "heading"): '''\
description = "Box headings: 'Box 2: Water Rights' stays a paragraph of its own."
# What the whole heading line must be.
match.regex = 'Box \\d+: [A-Z].{{2,80}}'
must_keep = ["the figures in\\nBox 2: water rights were\\nrevised."]

  [[rule.must_change]]
  input = "Box 2: Water Rights\\nThe council agreed\\nto share the water."
  output = "Box 2: Water Rights\\n\\nThe council agreed to share the water."
''',
}


def scaffold(rule_id: str, stage: str, action: str | None = None,
             folder: str = DEFAULT_RULES_DIR) -> str:
    """The text of a new, commented rule file whose examples pass as written.

    Raises ValueError with a one-line reason for a bad id, stage or action.
    """
    if not ID_RE.match(rule_id):
        raise ValueError(f"{rule_id!r} is not a rule id: use lower-case letters, digits, '.', "
                         "'-' or '_' (e.g. 'acme.footer')")
    if stage not in ACTIONS:
        raise ValueError(f"unknown stage {stage!r}; stages: {', '.join(STAGES)}")
    action = action or DEFAULT_ACTION[stage]
    if action not in ACTIONS[stage]:
        raise ValueError(f"unknown action {action!r} for stage {stage}; actions: "
                         + ", ".join(sorted(ACTIONS[stage])))
    if (stage, action) not in TEMPLATES:
        offered = [a for s, a in TEMPLATES if s == stage]
        raise ValueError(f"action {action!r} is tuned in its built-in rule (see `cleanup rules "
                         f"list`); new {stage} rules can be: {', '.join(offered)}")
    return (_HEADER.format(id=rule_id, stage=stage, action=action, dir=folder)
            + TEMPLATES[(stage, action)].format())
