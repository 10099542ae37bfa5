"""Find, load, validate and merge rule files.

Rules are data: a TOML file holds ``[[rule]]`` tables, each naming its stage, one of that stage's
actions, what it matches and the examples that prove it. Built-in rules ship inside the package
(``rules/`` in the source tree, ``cleanup.rules`` once installed); users add folders with
``--rules DIR`` or ``[tool.cleanup] rules = [...]`` in their pyproject.toml. A user rule with a
built-in's id replaces it; ``disable`` switches rules off by id.

Problems in rule files raise :class:`RuleError` before any document is touched: every problem
of every file, one line each, naming the file, the line, the rule and the problem, with "did you
mean" for a misspelt name.

A file may open with a ``[profile]`` table: its rules are a publisher's, and apply only to a
document that matches one of the profile's ``applies_when`` patterns, or when the profile is
forced (``cleanup run --profile NAME``). Patterns from user files run under a time limit per
document (:mod:`cleanup.timedregex`); built-in patterns run on ``re`` unchanged.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleanup.timedregex import DEFAULT_TIME_LIMIT, Budget, TimedPattern

if TYPE_CHECKING:
    from cleanup.document import Document

# Each stage offers a small set of actions; a new action is a code change, a new rule is data.
# For each action: the fields it requires and the fields it may have besides the common ones.
MATCHERS = ("regex", "literal", "template")
ACTIONS: dict[str, dict[str, tuple[set[str], set[str]]]] = {
    "normalize": {
        "ftfy": (set(), set()),
        "control": (set(), set()),
        "font_codes": ({"codes"}, set()),
        "replace": ({"match", "replace"}, {"flags"}),
    },
    "watermarks": {
        "drop": ({"match"}, {"next", "flags", "needs_anchor"}),
        "drop_cover": ({"markers"}, {"min_markers", "flags"}),
    },
    "furniture": {
        "header": ({"match"}, {"flags"}),
        "page_number": ({"match"}, {"flags"}),
        "learn_headers": (set(), {"zone_lines", "min_pages", "min_share", "similarity",
                                  "min_heads"}),
        "page_sequence": (set(), {"chapter_words", "chapter_numbers"}),
        "glued_heads": (set(), set()),
        "geometry_bands": (set(), {"top", "bottom", "min_pages", "min_share"}),
    },
    "hyphens": {
        "soft_hyphen": (set(), set()),
        "lost_continuation": (set(), set()),
        "suspended": ({"words"}, set()),
        "infix": ({"infixes"}, set()),
        "document": (set(), set()),
        "digits": (set(), set()),
        "compound": (set(), {"words"}),
        "capital": (set(), set()),
        "prefix": ({"prefixes"}, set()),
        "identifier": ({"marks"}, set()),
        "suffix": ({"suffixes"}, set()),
        "lexicon": (set(), {"language", "join_zipf", "word_zipf", "continuation_zipf",
                            "fragment_zipf", "scrap_zipf", "known_zipf"}),
    },
    "footnotes": {
        "separator": ({"match"}, {"flags", "repeat", "raw"}),
        "markers": (set(), {"styles", "scores", "gap_penalty", "not_before", "not_after",
                             "letter_words",
                            "code_lines"}),
        "numbered_blocks": (set(), set()),
        "run_together": (set(), set()),
        "geometry_notes": (set(), {"max_size"}),
    },
    "paragraphs": {
        "heading": ({"match"}, {"flags"}),
        "heading_shape": (set(), {"max_words", "max_share"}),
        "contents_heading": (set(), {"min_words", "max_words"}),
        "chapter_heading": (set(), {"max_share"}),
        "own_line": ({"match"}, {"flags"}),
        "continue_across": (set(), set()),
        "geometry_heading": (set(), {"min_size", "max_words"}),
    },
    "metadata": {
        "field": ({"match"}, {"flags", "where", "set", "split", "wraps", "max_lines", "next"}),
        "title": ({"until"}, {"flags", "where", "max_lines"}),
        "masthead": (set(), {"where", "max_lines", "split", "until", "flags", "above",
                             "between", "runs_on", "headings"}),
    },
    "truncation": {
        "flag_cuts": (set(), {"short_line", "word_zipf", "min_confidence", "room", "scores",
                              "words"}),
    },
}
STAGES = tuple(ACTIONS)
COMMON_FIELDS = {"id", "stage", "action", "description", "must_change", "must_keep", "disabled"}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
# The type each field's value must have; the loader checks it and the JSON Schema for editors
# (cleanup.ruleschema) is built from it. Counts are at least 1; shares and scores have bounds.
FIELD_TYPES: dict[str, tuple[type, ...]] = {
    "id": (str,), "stage": (str,), "action": (str,), "description": (str,),
    "disabled": (bool,), "must_change": (list,), "must_keep": (list,),
    "match": (str, dict), "next": (str, dict), "markers": (list,), "code_lines": (list,),
    "replace": (str,),
    "flags": (str,), "needs_anchor": (bool,), "raw": (bool,),
    "min_markers": (int,), "zone_lines": (int,), "min_pages": (int,), "repeat": (int,),
    "max_words": (int,), "min_words": (int,), "similarity": (int, float),
    "max_share": (int, float),
    "min_share": (int, float), "words": (list,), "infixes": (list,), "prefixes": (list,),
    "language": (str,),
    "join_zipf": (int, float), "word_zipf": (int, float), "continuation_zipf": (int, float),
    "fragment_zipf": (int, float), "styles": (list,), "scores": (dict,),
    "gap_penalty": (int, float), "not_before": (list,), "not_after": (list,),
    "letter_words": (list,),
    "short_line": (int, float), "min_confidence": (int, float), "room": (int, float),
    "marks": (list,), "suffixes": (list,), "scrap_zipf": (int, float),
    "known_zipf": (int, float), "min_heads": (int,),
    "where": (str,), "set": (dict,), "split": (str,), "wraps": (bool,), "until": (str, dict),
    "above": (str,), "between": (str,), "runs_on": (str,), "headings": (str,),
    "max_lines": (int,), "codes": (dict,), "chapter_words": (list,), "chapter_numbers": (list,),
    "top": (int, float), "bottom": (int, float),
    "max_size": (int, float), "min_size": (int, float),
}
FIELD_BOUNDS: dict[str, tuple[float, float]] = {
    "min_markers": (1, 1000), "min_heads": (1, 1000), "zone_lines": (1, 1000),
    "min_pages": (1, 1000), "repeat": (1, 1000), "max_lines": (1, 20), "max_words": (1, 1000),
    "min_words": (1, 100),
    "similarity": (0, 100), "max_share": (0, 1),
    "min_share": (0, 1), "join_zipf": (0, 8), "word_zipf": (0, 8), "continuation_zipf": (0, 8),
    "fragment_zipf": (0, 8), "scrap_zipf": (0, 8), "known_zipf": (0, 8),
    "gap_penalty": (0, 100), "short_line": (0, 1), "min_confidence": (0, 1), "room": (0, 1),
    "top": (0, 1), "bottom": (0, 1), "max_size": (0, 1), "min_size": (1, 10),
}
PROFILE_FIELDS = {"name", "description", "applies_when", "flags"}
# The keys `[tool.cleanup]` in pyproject.toml may hold; any other is an error, not ignored.
CONFIG_KEYS = {"rules": "folders of rule files, relative to the pyproject.toml",
               "disable": "rule ids to switch off"}

# Template fields: the named parts of a running header or page-number line.
TEMPLATE_FIELDS = {
    "page": r"(?P<page>\d{1,5})",
    "pages": r"\d{1,5}",
    "num": r"\d+",
    "roman": r"[ivxlcdmIVXLCDM]+",
    "year": r"(?:1[5-9]|20)\d\d",
    "date": (r"(?:\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}"
             r"|\d{4}-\d\d-\d\d)"),
    "text": r".+?",
}
_FIELD_RE = re.compile(r"\{(\w+)\}")


class RuleError(Exception):
    """A rule file that cannot be used; the message is one line naming file, rule and problem.

    ``line``, ``rule`` and ``problem`` hold the parts of the message, for tools that point
    into the file (``cleanup rules check``).
    """

    def __init__(self, message: str, *, line: int = 0, rule: str = "",
                 problem: str = "", problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.line = line
        self.rule = rule
        self.problem = problem or message
        # Every problem of the rule, when there are several (the message has one line each).
        self.problems = list(problems) or [self.problem]


def did_you_mean(name: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the choice closest to a misspelt ``name``, else "".

    >>> did_you_mean("descripton", ["description", "disabled"])
    " (did you mean 'description'?)"
    """
    close = difflib.get_close_matches(name, list(choices), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _joined(errors: Sequence[RuleError]) -> RuleError:
    """One RuleError holding every problem of ``errors``, one line each."""
    if len(errors) == 1:
        return errors[0]
    return RuleError("\n".join(str(e) for e in errors), line=errors[0].line,
                     rule=errors[0].rule, problem=errors[0].problem,
                     problems=[p for e in errors for p in e.problems])


@dataclass(frozen=True, slots=True)
class Profile:
    """A publisher profile: when its file's rules apply."""

    name: str
    description: str
    applies_when: tuple[re.Pattern[str] | TimedPattern, ...]
    source: str
    line: int = 0
    builtin: bool = True

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line else self.source

    def detect(self, text: str, budget: Budget | None = None) -> str | None:
        """Why the profile applies to ``text`` (the line and words that matched), or None."""
        for pattern in self.applies_when:
            if budget is not None and isinstance(pattern, TimedPattern):
                pattern = pattern.bind(budget)
            m = pattern.search(text)
            if m:
                line = text.count("\n", 0, m.start()) + 1
                return f"line {line}: {m.group()[:80]!r}"
        return None


@dataclass(frozen=True, slots=True)
class Rule:
    """One validated rule, with its patterns compiled."""

    id: str
    stage: str
    action: str
    description: str
    source: str
    pattern: re.Pattern[str] | None = None
    next_pattern: re.Pattern[str] | None = None
    markers: tuple[re.Pattern[str], ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    # (input, expected output, input lines that must be flagged)
    must_change: tuple[tuple[str, str, tuple[int, ...]], ...] = ()
    must_keep: tuple[str, ...] = ()
    builtin: bool = True
    line: int = 0
    profile: str = ""       # the publisher profile whose file holds the rule ("" = always on)
    disabled: bool = False  # `disabled = true` in the file: validated, never run
    # metadata rules: for each must_change example, the fields it must yield
    expect_fields: tuple[dict[str, Any], ...] = ()
    # the markers rule: lines of code or equations, whose numbers are no markers
    code_lines: tuple[re.Pattern[str], ...] = ()

    @property
    def where(self) -> str:
        """``file:line`` of the rule's ``[[rule]]`` header, for messages."""
        return f"{self.source}:{self.line}" if self.line else self.source

    def matches(self, text: str) -> re.Match[str] | None:
        """Whether the whole of ``text`` (stripped) is what this rule matches."""
        assert self.pattern is not None
        return self.pattern.fullmatch(text.strip())


@dataclass(slots=True)
class RuleSet:
    """The rules in force for a run, in load order, and where they came from."""

    rules: list[Rule]
    sources: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    disabled: list[str] = field(default_factory=list)
    profiles: dict[str, Profile] = field(default_factory=dict)
    forced: tuple[str, ...] = ()
    # For a document's rule set (for_document): the profiles that apply, and why.
    applied: dict[str, str] = field(default_factory=dict)
    time_limit: float = DEFAULT_TIME_LIMIT

    def for_stage(self, stage: str, action: str | None = None) -> list[Rule]:
        return [r for r in self.rules
                if r.stage == stage and (action is None or r.action == action)]

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def only(self, rule: Rule) -> RuleSet:
        """A rule set holding just ``rule`` (to run its examples in isolation)."""
        profiles = {rule.profile: self.profiles[rule.profile]} \
            if rule.profile in self.profiles else {}
        return RuleSet([rule], [rule.source], profiles=profiles, forced=self.forced,
                       time_limit=self.time_limit)

    def with_profiles(self, names: Sequence[str]) -> RuleSet:
        """This rule set with the profiles ``names`` forced on for every document."""
        for name in names:
            if name not in self.profiles:
                known = ", ".join(sorted(self.profiles)) or "none"
                raise RuleError(f"--profile: no profile is named {name!r} (profiles: {known})")
        forced = tuple(dict.fromkeys([*self.forced, *names]))
        return replace(self, forced=forced)

    def for_document(self, doc: Document | str) -> RuleSet:
        """The rules in force for one document: those of the profiles that apply to it (by
        their patterns, or forced), with user patterns bound to the document's time budget.

        ``applied`` of the result says which profiles apply and why.
        """
        timed = any(not r.builtin for r in self.rules) or any(
            not p.builtin for p in self.profiles.values())
        if not self.profiles and not timed:
            return self
        text = doc if isinstance(doc, str) else "\n".join(line.raw for line in doc.lines)
        budget = Budget(self.time_limit * max(1.0, len(text) / 1e6))
        applied: dict[str, str] = {}
        for name, profile in self.profiles.items():
            if name in self.forced:
                applied[name] = "forced"
                continue
            why = profile.detect(text, budget)
            if why is not None:
                applied[name] = why
        rules = [_bind(r, budget) if not r.builtin else r for r in self.rules
                 if not r.profile or r.profile in applied or r.profile not in self.profiles]
        return replace(self, rules=rules, applied=applied)


def _bind(rule: Rule, budget: Budget) -> Rule:
    """``rule`` with its user patterns drawing on ``budget``."""
    def bound(p: Any) -> Any:
        return p.bind(budget) if isinstance(p, TimedPattern) else p

    return replace(rule, pattern=bound(rule.pattern), next_pattern=bound(rule.next_pattern),
                   markers=tuple(bound(m) for m in rule.markers),
                   code_lines=tuple(bound(c) for c in rule.code_lines))


def _timed(rule: Rule) -> Rule:
    """A user rule with its patterns moved to the time-limited engine."""
    owner = f"rule {rule.id!r} ({rule.where})"

    def timed(p: Any) -> Any:
        return TimedPattern.from_re(p, owner) if isinstance(p, re.Pattern) else p

    return replace(rule, pattern=timed(rule.pattern), next_pattern=timed(rule.next_pattern),
                   markers=tuple(timed(m) for m in rule.markers),
                   code_lines=tuple(timed(c) for c in rule.code_lines))


def compile_template(template: str, flags: int = 0) -> re.Pattern[str]:
    """Turn ``"Report N°{num}, {date} Page {page}"`` into a regex over a whole line.

    Literal text is escaped, runs of spaces match any run of spaces, and ``{field}`` stands for
    one of :data:`TEMPLATE_FIELDS`.
    """
    parts: list[str] = []
    pos = 0
    for m in _FIELD_RE.finditer(template):
        parts.append(_literal_regex(template[pos:m.start()]))
        name = m.group(1)
        if name not in TEMPLATE_FIELDS:
            raise ValueError(f"unknown template field {{{name}}}; known: "
                             + ", ".join("{" + f + "}" for f in TEMPLATE_FIELDS))
        parts.append(TEMPLATE_FIELDS[name])
        pos = m.end()
    parts.append(_literal_regex(template[pos:]))
    if parts and parts[0].startswith(r"\s+"):
        parts[0] = parts[0][3:]
    if parts and parts[-1].endswith(r"\s+"):
        parts[-1] = parts[-1][:-3]
    return re.compile("".join(parts), flags)


def _literal_regex(text: str) -> str:
    """Literal text as a regex in which any run of spaces matches any run of spaces."""
    words = text.split()
    if not words:
        return r"\s+" if text else ""
    inner = r"\s+".join(re.escape(w) for w in words)
    return ((r"\s+" if text[0].isspace() else "") + inner
            + (r"\s+" if text[-1].isspace() else ""))


def _flags(spec: str) -> int:
    flags = 0
    for ch in spec:
        if ch == "i":
            flags |= re.IGNORECASE
        elif ch == "x":
            flags |= re.VERBOSE
        else:
            raise ValueError(f"unknown regex flag {ch!r} (use 'i' or 'x')")
    return flags


def _compile_match(spec: Any, flags: int, name: str = "match") -> re.Pattern[str]:
    """A matcher is a table with exactly one of regex, literal or template."""
    if isinstance(spec, str):
        spec = {"regex": spec}
    if not isinstance(spec, dict):
        raise ValueError(f"'{name}' must be a table with one of: regex, literal, template")
    kinds = [k for k in MATCHERS if k in spec]
    extra = set(spec) - set(MATCHERS)
    if extra:
        raise ValueError(f"unknown field in {name}: {', '.join(sorted(extra))}")
    if len(kinds) != 1:
        raise ValueError(f"'{name}' needs exactly one of: regex, literal, template")
    kind = kinds[0]
    value = spec[kind]
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name}.{kind} must be a non-empty string")
    if kind == "regex":
        try:
            return re.compile(value, flags)
        except re.error as e:
            raise ValueError(f"{name}.regex does not compile: {e}") from None
    if kind == "literal":
        return re.compile(_literal_regex(value.strip()), flags)
    try:
        return compile_template(value, flags)
    except ValueError as e:
        raise ValueError(f"{name}.template: {e}") from None


def parse_rule(raw: dict[str, Any], source: str, builtin: bool = False,
               line: int | None = None, profile: str = "") -> Rule:
    """One validated rule from its ``[[rule]]`` table; user rules get timed patterns."""
    rid = raw.get("id")
    where = f"{source}:{line}" if line else source
    label = f"{where}: rule {rid!r}" if rid else f"{where}: rule without id"
    try:
        rule = replace(_build_rule(raw, source, builtin), line=line or 0, profile=profile,
                       disabled=bool(raw.get("disabled", False)))
    except _Invalid as e:
        raise RuleError("\n".join(f"{label}: {p}" for p in e.problems), line=line or 0,
                        rule=str(rid or ""), problem=e.problems[0],
                        problems=e.problems) from None
    except ValueError as e:
        raise RuleError(f"{label}: {e}", line=line or 0, rule=str(rid or ""),
                        problem=str(e)) from None
    return rule if builtin else _timed(rule)


_parse_rule = parse_rule


class _Invalid(ValueError):
    """Every problem found in one rule table."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0])
        self.problems = problems


def _check_types(raw: dict[str, Any]) -> list[str]:
    """A problem for each field whose value has the wrong type or is out of bounds."""
    problems = []
    for name, value in raw.items():
        types = FIELD_TYPES.get(name)
        if types is None:
            continue
        # TOML booleans are Python ints too: true is not a count.
        if not isinstance(value, types) or (isinstance(value, bool) and bool not in types):
            kind = " or ".join(_TYPE_WORDS[t] for t in types)
            problems.append(f"field '{name}' must be {kind}")
        elif name in FIELD_BOUNDS:
            lo, hi = FIELD_BOUNDS[name]
            if not lo <= value <= hi:
                problems.append(f"field '{name}' must be from {lo:g} to {hi:g}")
    return problems


_TYPE_WORDS = {str: "a string", bool: "true or false", int: "a whole number", float: "a number",
               list: "an array", dict: "a table"}


def _build_rule(raw: dict[str, Any], source: str, builtin: bool) -> Rule:
    """A validated rule; raises :class:`_Invalid` listing every problem of the table."""
    problems: list[str] = []
    rid, stage, action = raw.get("id"), raw.get("stage"), raw.get("action")
    stage_ok = isinstance(stage, str) and stage in ACTIONS
    action_ok = stage_ok and isinstance(action, str) and action in ACTIONS[stage]
    required, optional = ACTIONS[stage][action] if action_ok else (set(), set())
    # Unknown fields first: a misspelt name is reported as such, not as a missing field too.
    allowed = COMMON_FIELDS | required | optional if action_ok else COMMON_FIELDS | set(
        FIELD_TYPES)
    meant: set[str] = set()
    for name in sorted(set(raw) - allowed):
        close = difflib.get_close_matches(name, sorted(allowed), n=1, cutoff=0.75)
        meant.update(close)
        problems.append(f"unknown field '{name}'" + (f" for action {action}" if action_ok else "")
                        + did_you_mean(name, sorted(allowed)))
    for name in ("id", "stage", "action", "description"):
        if name not in raw and name not in meant:
            problems.append(f"missing field '{name}'")
    if "id" in raw and (not isinstance(rid, str) or not ID_RE.match(rid)):
        problems.append("id must be lower-case letters, digits, '.', '-' or '_'")
    if "stage" in raw and not stage_ok:
        problems.append(f"unknown stage {stage!r}{did_you_mean(str(stage), STAGES)}; stages: "
                        + ", ".join(STAGES))
    elif stage_ok and "action" in raw and not action_ok:
        problems.append(f"unknown action {action!r} for stage {stage}"
                        f"{did_you_mean(str(action), ACTIONS[stage])}; actions: "
                        + ", ".join(sorted(ACTIONS[stage])))
    for name in sorted(required - set(raw) - meant):
        problems.append(f"missing field '{name}' (action {action} needs "
                        + ", ".join(sorted(required)) + ")")
    problems.extend(_check_types(raw))
    flags = 0
    try:
        flags = _flags(raw.get("flags", "")) if isinstance(raw.get("flags", ""), str) else 0
    except ValueError as e:
        problems.append(str(e))

    pattern = next_pattern = None
    for name in ("match", "next", "until"):
        if name in raw:
            try:
                compiled = _compile_match(raw[name], flags, name)
            except ValueError as e:
                problems.append(str(e))
                continue
            if name == "match":
                pattern = compiled
            else:  # "until": a title block ends before the line this matches
                next_pattern = compiled
    if stage == "metadata":
        try:
            _check_metadata(raw, pattern, next_pattern)
        except ValueError as e:
            problems.append(str(e))
    compiled_lists: dict[str, tuple[re.Pattern[str], ...]] = {}
    for name in ("markers", "code_lines"):
        if name not in raw:
            continue
        if not isinstance(raw[name], list) or not raw[name]:
            problems.append(f"'{name}' must be a non-empty list of regexes")
            continue
        found = []
        for i, m in enumerate(raw[name], 1):
            try:
                found.append(_compile_match({"regex": m}, flags, f"{name}[{i}]"))
            except ValueError as e:
                problems.append(str(e))
        compiled_lists[name] = tuple(found)
    markers = compiled_lists.get("markers", ())

    must_change = raw.get("must_change", [])
    must_keep = raw.get("must_keep", [])
    if not isinstance(must_change, list) or not must_change:
        problems.append("needs at least one [[rule.must_change]] example (input and output)")
        must_change = []
    if not isinstance(must_keep, list) or not must_keep:
        problems.append("needs at least one must_keep example (input that stays unchanged)")
    changes: list[tuple[str, str, tuple[int, ...]]] = []
    fields: list[dict[str, Any]] = []
    for i, ex in enumerate(must_change, 1):
        if stage == "metadata":
            # A metadata rule changes no text: its example names the fields it must yield.
            if not isinstance(ex, dict) or set(ex) != {"input", "fields"} or not isinstance(
                    ex["fields"], dict) or not ex["fields"]:
                problems.append(f"must_change example {i} of a metadata rule needs 'input' "
                                "and 'fields' (a table of the fields it yields)")
                continue
            changes.append((str(ex["input"]), "", ()))
            fields.append(dict(ex["fields"]))
            continue
        if not isinstance(ex, dict) or not {"input", "output"} <= set(ex) <= {
                "input", "output", "flagged"}:
            extra = sorted(set(ex) - {"input", "output", "flagged"}) if isinstance(ex, dict) \
                else []
            hint = did_you_mean(extra[0], ["input", "output", "flagged"]) if extra else ""
            problems.append(f"must_change example {i} needs 'input' and 'output' (and may "
                            f"list 'flagged' lines){hint}")
            continue
        flagged = ex.get("flagged", [])
        if not isinstance(flagged, list) or not all(isinstance(n, int) for n in flagged):
            problems.append(f"must_change example {i}: 'flagged' must be a list of line "
                            "numbers")
            continue
        changes.append((str(ex["input"]), str(ex["output"]), tuple(flagged)))
    if isinstance(must_keep, list) and not all(isinstance(k, str) for k in must_keep):
        problems.append("must_keep examples must be strings")
    if action == "replace" and pattern is not None and isinstance(raw.get("replace"), str):
        try:
            pattern.sub(raw["replace"], "")
        except (re.error, IndexError) as e:
            problems.append(f"replace: bad replacement: {e}")
    if problems:
        raise _Invalid(problems)

    options = {k: v for k, v in raw.items() if k in optional | required
               and k not in ("flags", "next", "match", "markers", "code_lines", "until")}
    if action == "replace":
        options["replace"] = raw["replace"]
    return Rule(rid, stage, action, str(raw["description"]), source, pattern, next_pattern,
                markers, options, tuple(changes), tuple(must_keep), builtin,
                expect_fields=tuple(fields), code_lines=compiled_lists.get("code_lines", ()))


# The fields a metadata rule may fill: named groups of its pattern, or its `set` table.
METADATA_FIELDS = ("title", "subtitle", "authors", "source", "journal", "volume", "issue",
                   "pages", "publisher", "date", "place", "doi", "url", "accessed", "series",
                   "number", "version")
METADATA_WHERE = ("cover", "first_page", "start")


def _check_metadata(raw: dict[str, Any], pattern: re.Pattern[str] | None,
                    next_pattern: re.Pattern[str] | None = None) -> None:
    """A metadata rule names only known fields and scopes."""
    where = raw.get("where", "start")
    if where not in METADATA_WHERE:
        raise ValueError(f"where must be one of: {', '.join(METADATA_WHERE)}")
    fixed = raw.get("set", {}) if isinstance(raw.get("set", {}), dict) else {}  # else a type
    names = set(pattern.groupindex) if pattern is not None else set()        # problem already
    if "next" in raw and next_pattern is not None:
        names |= set(next_pattern.groupindex)  # a field split over two lines
    names |= set(fixed)
    unknown = sorted(names - set(METADATA_FIELDS))
    if unknown:
        raise ValueError(f"unknown metadata field {unknown[0]!r}; fields: "
                         + ", ".join(METADATA_FIELDS))
    if raw.get("action") == "field" and not names:
        raise ValueError("a field rule needs named groups (?P<title>...) or a 'set' table")
    if not all(isinstance(v, str) for v in fixed.values()):
        raise ValueError("'set' values must be strings")
    for name in ("split", "above", "between", "runs_on", "headings"):
        if isinstance(raw.get(name), str):
            try:
                re.compile(raw[name])
            except re.error as e:
                raise ValueError(f"{name} regex does not compile: {e}") from None


def load_file(path: Path | str, builtin: bool = False, text: str | None = None) -> list[Rule]:
    """Load and validate one rule file."""
    return load_file_and_profile(path, builtin, text)[0]


def load_file_and_profile(path: Path | str, builtin: bool = False, text: str | None = None) \
        -> tuple[list[Rule], Profile | None]:
    """Load and validate one rule file: its rules, and its ``[profile]`` when it has one."""
    source = str(path)
    try:
        if text is None:
            text = Path(path).read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except OSError as e:
        raise RuleError(f"{source}: cannot read rule file: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise RuleError(f"{source}: rule file is not UTF-8") from None
    except tomllib.TOMLDecodeError as e:
        raise RuleError(f"{source}: bad TOML: {e}") from None
    unknown = sorted(set(data) - {"rule", "profile"})
    if unknown:
        raise RuleError(f"{source}: unknown top-level table '{unknown[0]}' (expected [[rule]])"
                        + did_you_mean(unknown[0], ["rule", "profile"]))
    rules = data.get("rule", [])
    if not isinstance(rules, list):
        raise RuleError(f"{source}: 'rule' must be an array of tables: write [[rule]]")
    profile = parse_profile(data["profile"], source, builtin, _profile_line(text)) \
        if "profile" in data else None
    name = profile.name if profile is not None else ""
    starts = _rule_lines(text)
    loaded: list[Rule] = []
    errors: list[RuleError] = []
    for i, r in enumerate(rules):
        try:
            loaded.append(parse_rule(r, source, builtin, starts[i] if i < len(starts) else None,
                                     name))
        except RuleError as e:
            errors.append(e)
    try:
        _check_unique(loaded)
    except RuleError as e:
        errors.append(e)
    if errors:
        raise _joined(errors)
    return loaded, profile


def parse_profile(raw: Any, source: str, builtin: bool = False, line: int = 0) -> Profile:
    """The ``[profile]`` table of a rule file.

    With ``applies_when`` it defines a profile; with only a ``name`` the file's rules join a
    profile defined in another file (``applies_when`` is then empty).
    """
    where = f"{source}:{line}" if line else source
    try:
        if not isinstance(raw, dict):
            raise ValueError("'profile' must be a table: write [profile]")
        unknown = sorted(set(raw) - PROFILE_FIELDS)
        if unknown:
            raise ValueError(f"unknown field '{unknown[0]}'"
                             + did_you_mean(unknown[0], PROFILE_FIELDS) + " (a profile has "
                             + ", ".join(sorted(PROFILE_FIELDS)) + ")")
        name = raw.get("name")
        if not isinstance(name, str) or not ID_RE.match(name):
            raise ValueError("needs a 'name' of lower-case letters, digits, '.', '-' or '_'")
        patterns = raw.get("applies_when", [])
        if isinstance(patterns, str):
            patterns = [patterns]
        if not isinstance(patterns, list) or not all(isinstance(p, str) and p
                                                     for p in patterns):
            raise ValueError("'applies_when' must be a list of regexes")
        if not isinstance(raw.get("description", ""), str):
            raise ValueError("field 'description' must be a string")
        flags = _flags(raw.get("flags", ""))
        compiled: list[Any] = []
        for i, p in enumerate(patterns, 1):
            try:
                c = re.compile(p, flags)
            except re.error as e:
                raise ValueError(f"applies_when[{i}] regex does not compile: {e}") from None
            compiled.append(c if builtin else TimedPattern.from_re(
                c, f"profile {name!r} ({where})"))
    except ValueError as e:
        label = f"{where}: profile {raw.get('name')!r}" if isinstance(raw, dict) \
            and raw.get("name") else f"{where}: profile"
        raise RuleError(f"{label}: {e}", line=line, problem=str(e)) from None
    return Profile(name, str(raw.get("description", "")), tuple(compiled), source, line, builtin)


def _profile_line(text: str) -> int:
    m = re.search(r"^[ \t]*\[[ \t]*profile[ \t]*\]", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else 0


def _rule_lines(text: str) -> list[int]:
    """1-based line of each ``[[rule]]`` header, so errors can point into the file."""
    return [text.count("\n", 0, m.start()) + 1
            for m in re.finditer(r"^[ \t]*\[\[[ \t]*rule[ \t]*\]\]", text, re.M)]


def _check_unique(rules: Iterable[Rule]) -> None:
    seen: dict[str, Rule] = {}
    for r in rules:
        if r.id in seen:
            raise RuleError(f"{r.where}: rule {r.id!r}: duplicate id (also at "
                            f"{seen[r.id].where})")
        seen[r.id] = r


def builtin_rule_files() -> list[tuple[str, str]]:
    """(name, text) of every built-in rule file, from the installed package."""
    root = resources.files("cleanup.builtin_rules")
    out = []
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            out.append((f"rules/{entry.name}", entry.read_text(encoding="utf-8")))
    return out


def user_rule_files(dirs: Sequence[Path | str]) -> list[Path]:
    files: list[Path] = []
    for d in dirs:
        p = Path(d)
        if p.is_file():
            files.append(p)
        elif p.is_dir():
            files.extend(sorted(p.rglob("*.toml")))
        else:
            raise RuleError(f"{p}: rules folder does not exist")
    return files


def project_config(start: Path | None = None) -> dict[str, Any]:
    """The ``[tool.cleanup]`` table of the nearest pyproject.toml, with paths made absolute."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pp = folder / "pyproject.toml"
        if pp.is_file():
            try:
                data = tomllib.loads(pp.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError) as e:
                raise RuleError(f"{pp}: cannot read [tool.cleanup]: {e}") from None
            cfg = dict(data.get("tool", {}).get("cleanup", {}))
            _check_config(pp, cfg)
            if "rules" in cfg:
                cfg["rules"] = [str(folder / r) for r in cfg["rules"]]
            return cfg
    return {}


def _check_config(path: Path, cfg: dict[str, Any]) -> None:
    """Every problem of a ``[tool.cleanup]`` table: unknown keys (a misspelt ``rule`` would
    otherwise load no rules without a word) and values of the wrong type."""
    problems = []
    line = _config_line(path)
    for key in sorted(cfg):
        if key not in CONFIG_KEYS:
            problems.append(f"{path}:{_key_line(path, key) or line}: [tool.cleanup]: unknown "
                            f"key '{key}'{did_you_mean(key, CONFIG_KEYS)} (keys: "
                            + ", ".join(f"{k}: {v}" for k, v in CONFIG_KEYS.items()) + ")")
        elif not isinstance(cfg[key], list) or not all(isinstance(v, str) for v in cfg[key]):
            problems.append(f"{path}:{_key_line(path, key) or line}: [tool.cleanup]: '{key}' "
                            "must be a list of strings")
    if problems:
        raise RuleError("\n".join(problems), line=line, problem=problems[0],
                        problems=problems)


def _config_line(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    m = re.search(r"^[ \t]*\[[ \t]*tool\.cleanup[ \t]*\]", text, re.M)
    return text.count("\n", 0, m.start()) + 1 if m else 0


def _key_line(path: Path, key: str) -> int:
    """The line of ``key = ...`` inside the [tool.cleanup] table, or 0."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = _config_line(path)
    for n in range(start + 1, len(lines) + 1) if start else ():
        text = lines[n - 1].strip()
        if text.startswith("["):
            break
        if re.match(rf"{re.escape(key)}\s*=", text) or re.match(rf'"{re.escape(key)}"\s*=', text):
            return n
    return 0


def load_rules(user_dirs: Sequence[Path | str] = (), disable: Sequence[str] = (),
               use_project_config: bool = True, profiles: Sequence[str] = ()) -> RuleSet:
    """The rule set for a run: built-ins, then user folders, less disabled ids.

    ``profiles`` names publisher profiles to apply to every document, whatever its text.
    """
    cfg = project_config() if use_project_config else {}
    dirs = [*cfg.get("rules", []), *user_dirs]
    disable = [*cfg.get("disable", []), *disable]

    builtin: list[Rule] = []
    defined: dict[str, Profile] = {}
    joined: list[Profile] = []
    for name, text in builtin_rule_files():
        found, profile = load_file_and_profile(name, builtin=True, text=text)
        builtin.extend(found)
        _add_profile(profile, defined, joined)
    _check_unique(builtin)
    user: list[Rule] = []
    errors: list[RuleError] = []
    for path in user_rule_files(dirs):
        try:
            found, profile = load_file_and_profile(path)
        except RuleError as e:
            errors.append(_located(path, e))
            continue
        user.extend(found)
        _add_profile(profile, defined, joined)
    if errors:
        raise _joined(errors)
    _check_unique(user)
    for p in joined:
        if p.name not in defined:
            raise RuleError(f"{p.where}: profile {p.name!r}: no rule file defines this profile "
                            "(give it 'applies_when' patterns)")

    user_ids = {r.id: r for r in user}
    rules = [user_ids.pop(r.id) if r.id in user_ids else r for r in builtin]
    replaced = [r.id for r in builtin if r.id in {u.id for u in user}]
    rules.extend(user_ids.values())
    known = {r.id for r in rules}
    for rid in disable:
        if rid not in known:
            raise RuleError(f"disable: no rule has id {rid!r}{did_you_mean(rid, known)}")
    # `disabled = true` in a file switches its rule off (and a built-in it replaces).
    off = list(dict.fromkeys([*disable, *(r.id for r in rules if r.disabled)]))
    rules = [r for r in rules if r.id not in set(off)]
    sources = sorted({r.source for r in rules})
    ruleset = RuleSet(rules, sources, replaced, off, profiles=defined)
    return ruleset.with_profiles(profiles) if profiles else ruleset


def _located(path: Path, error: RuleError) -> RuleError:
    """``error`` with each problem at the line of the field at fault, as ``cleanup rules
    check`` finds it (the ``[[rule]]`` header when no field can be named)."""
    from cleanup.ruletools import check_file  # the same finder for every command

    try:
        problems = [str(p) for p in check_file(str(path)).problems]
    except Exception:  # the loader's own message is still right
        return error
    if not problems:
        return error
    return RuleError("\n".join(problems), line=error.line, rule=error.rule,
                     problem=error.problem, problems=problems)


def _add_profile(profile: Profile | None, defined: dict[str, Profile],
                 joined: list[Profile]) -> None:
    """Record a file's profile: a definition (a user's replaces a built-in's) or a join."""
    if profile is None:
        return
    if not profile.applies_when:
        joined.append(profile)
        return
    earlier = defined.get(profile.name)
    if earlier is not None and earlier.builtin == profile.builtin:
        raise RuleError(f"{profile.where}: profile {profile.name!r}: defined twice (also at "
                        f"{earlier.where})", line=profile.line, problem="profile defined twice")
    defined[profile.name] = profile
