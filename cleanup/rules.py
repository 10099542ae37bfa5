"""Find, load, validate and merge rule files.

Rules are data: a TOML file holds ``[[rule]]`` tables, each naming its stage, one of that stage's
actions, what it matches and the examples that prove it. Built-in rules ship inside the package
(``rules/`` in the source tree, ``cleanup.rules`` once installed); users add folders with
``--rules DIR`` or ``[tool.cleanup] rules = [...]`` in their pyproject.toml. A user rule with a
built-in's id replaces it; ``disable`` switches rules off by id.

Any problem in a rule file raises :class:`RuleError` with one line naming the file, the rule and
the problem, before any document is touched.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

# Each stage offers a small set of actions; a new action is a code change, a new rule is data.
# For each action: the fields it requires and the fields it may have besides the common ones.
MATCHERS = ("regex", "literal", "template")
ACTIONS: dict[str, dict[str, tuple[set[str], set[str]]]] = {
    "normalize": {
        "ftfy": (set(), set()),
        "replace": ({"match", "replace"}, {"flags"}),
    },
    "watermarks": {
        "drop": ({"match"}, {"next", "flags", "needs_anchor"}),
        "drop_cover": ({"markers"}, {"min_markers", "flags"}),
    },
    "furniture": {
        "header": ({"match"}, {"flags"}),
        "page_number": ({"match"}, {"flags"}),
        "learn_headers": (set(), {"zone_lines", "min_pages", "similarity"}),
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
        "lexicon": (set(), {"language", "join_zipf", "word_zipf", "continuation_zipf",
                            "fragment_zipf"}),
    },
    "footnotes": {
        "separator": ({"match"}, {"flags", "repeat", "raw"}),
        "markers": (set(), {"styles", "scores", "gap_penalty", "not_before", "not_after"}),
        "numbered_blocks": (set(), set()),
    },
    "paragraphs": {
        "heading": ({"match"}, {"flags"}),
        "heading_shape": (set(), {"max_words", "max_share"}),
        "continue_across": (set(), set()),
    },
    "truncation": {
        "flag_cuts": (set(), {"short_line", "word_zipf", "min_confidence"}),
    },
}
STAGES = tuple(ACTIONS)
COMMON_FIELDS = {"id", "stage", "action", "description", "must_change", "must_keep", "disabled"}
ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")

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
    """A rule file that cannot be used; the message is one line naming file, rule and problem."""


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

    def for_stage(self, stage: str, action: str | None = None) -> list[Rule]:
        return [r for r in self.rules
                if r.stage == stage and (action is None or r.action == action)]

    def get(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)

    def only(self, rule: Rule) -> RuleSet:
        """A rule set holding just ``rule`` (to run its examples in isolation)."""
        return RuleSet([rule], [rule.source])


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


def _compile_match(spec: Any, flags: int) -> re.Pattern[str]:
    """A matcher is a table with exactly one of regex, literal or template."""
    if isinstance(spec, str):
        spec = {"regex": spec}
    if not isinstance(spec, dict):
        raise ValueError("'match' must be a table with one of: regex, literal, template")
    kinds = [k for k in MATCHERS if k in spec]
    extra = set(spec) - set(MATCHERS)
    if extra:
        raise ValueError(f"unknown field in match: {', '.join(sorted(extra))}")
    if len(kinds) != 1:
        raise ValueError("'match' needs exactly one of: regex, literal, template")
    kind = kinds[0]
    value = spec[kind]
    if not isinstance(value, str) or not value:
        raise ValueError(f"match.{kind} must be a non-empty string")
    if kind == "regex":
        try:
            return re.compile(value, flags)
        except re.error as e:
            raise ValueError(f"regex does not compile: {e}") from None
    if kind == "literal":
        return re.compile(_literal_regex(value.strip()), flags)
    return compile_template(value, flags)


def _parse_rule(raw: dict[str, Any], source: str, builtin: bool, line: int | None) -> Rule:
    rid = raw.get("id")
    where = f"{source}:{line}" if line else source
    label = f"{where}: rule {rid!r}" if rid else f"{where}: rule without id"
    try:
        return replace(_build_rule(raw, source, builtin), line=line or 0)
    except ValueError as e:
        raise RuleError(f"{label}: {e}") from None


def _build_rule(raw: dict[str, Any], source: str, builtin: bool) -> Rule:
    for required in ("id", "stage", "action", "description"):
        if required not in raw:
            raise ValueError(f"missing field '{required}'")
    rid, stage, action = raw["id"], raw["stage"], raw["action"]
    if not isinstance(rid, str) or not ID_RE.match(rid):
        raise ValueError("id must be lower-case letters, digits, '.', '-' or '_'")
    if stage not in ACTIONS:
        raise ValueError(f"unknown stage {stage!r}; stages: {', '.join(STAGES)}")
    if action not in ACTIONS[stage]:
        raise ValueError(f"unknown action {action!r} for stage {stage}; actions: "
                         + ", ".join(sorted(ACTIONS[stage])))
    required, optional = ACTIONS[stage][action]
    missing = sorted(required - set(raw))
    if missing:
        raise ValueError(f"missing field '{missing[0]}' (action {action} needs "
                         + ", ".join(sorted(required)) + ")")
    unknown = sorted(set(raw) - COMMON_FIELDS - required - optional)
    if unknown:
        raise ValueError(f"unknown field '{unknown[0]}' for action {action}")
    flags = _flags(raw.get("flags", ""))

    pattern = next_pattern = None
    markers: tuple[re.Pattern[str], ...] = ()
    if "match" in raw:
        pattern = _compile_match(raw["match"], flags)
    if "next" in raw:
        next_pattern = _compile_match(raw["next"], flags)
    if "markers" in raw:
        if not isinstance(raw["markers"], list) or not raw["markers"]:
            raise ValueError("'markers' must be a non-empty list of regexes")
        markers = tuple(_compile_match({"regex": m}, flags) for m in raw["markers"])

    must_change = raw.get("must_change", [])
    must_keep = raw.get("must_keep", [])
    if not isinstance(must_change, list) or not must_change:
        raise ValueError("needs at least one [[rule.must_change]] example (input and output)")
    if not isinstance(must_keep, list) or not must_keep:
        raise ValueError("needs at least one must_keep example (input that stays unchanged)")
    changes: list[tuple[str, str, tuple[int, ...]]] = []
    for i, ex in enumerate(must_change, 1):
        if not isinstance(ex, dict) or not {"input", "output"} <= set(ex) <= {
                "input", "output", "flagged"}:
            raise ValueError(f"must_change example {i} needs 'input' and 'output' (and may "
                             "list 'flagged' lines)")
        flagged = ex.get("flagged", [])
        if not isinstance(flagged, list) or not all(isinstance(n, int) for n in flagged):
            raise ValueError(f"must_change example {i}: 'flagged' must be a list of line numbers")
        changes.append((str(ex["input"]), str(ex["output"]), tuple(flagged)))
    if not all(isinstance(k, str) for k in must_keep):
        raise ValueError("must_keep examples must be strings")

    options = {k: v for k, v in raw.items() if k in optional | required
               and k not in ("flags", "next", "match", "markers")}
    if action == "replace":
        options["replace"] = raw["replace"]
        try:
            assert pattern is not None
            pattern.sub(raw["replace"], "")
        except (re.error, IndexError) as e:
            raise ValueError(f"bad replacement: {e}") from None
    return Rule(rid, stage, action, str(raw["description"]), source, pattern, next_pattern,
                markers, options, tuple(changes), tuple(must_keep), builtin)


def load_file(path: Path | str, builtin: bool = False, text: str | None = None) -> list[Rule]:
    """Load and validate one rule file."""
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
        raise RuleError(f"{source}: unknown top-level table '{unknown[0]}' (expected [[rule]])")
    rules = data.get("rule", [])
    if not isinstance(rules, list):
        raise RuleError(f"{source}: 'rule' must be an array of tables: write [[rule]]")
    starts = _rule_lines(text)
    loaded = [_parse_rule(r, source, builtin, starts[i] if i < len(starts) else None)
              for i, r in enumerate(rules)]
    _check_unique(loaded)
    return loaded


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
            if "rules" in cfg:
                cfg["rules"] = [str(folder / r) for r in cfg["rules"]]
            return cfg
    return {}


def load_rules(user_dirs: Sequence[Path | str] = (), disable: Sequence[str] = (),
               use_project_config: bool = True) -> RuleSet:
    """The rule set for a run: built-ins, then user folders, less disabled ids."""
    cfg = project_config() if use_project_config else {}
    dirs = [*cfg.get("rules", []), *user_dirs]
    disable = [*cfg.get("disable", []), *disable]

    builtin: list[Rule] = []
    for name, text in builtin_rule_files():
        builtin.extend(load_file(name, builtin=True, text=text))
    _check_unique(builtin)
    user: list[Rule] = []
    for path in user_rule_files(dirs):
        user.extend(load_file(path))
    _check_unique(user)

    user_ids = {r.id: r for r in user}
    rules = [user_ids.pop(r.id) if r.id in user_ids else r for r in builtin]
    replaced = [r.id for r in builtin if r.id in {u.id for u in user}]
    rules.extend(user_ids.values())
    known = {r.id for r in rules}
    for rid in disable:
        if rid not in known:
            raise RuleError(f"disable: no rule has id {rid!r}")
    rules = [r for r in rules if r.id not in set(disable)]
    sources = sorted({r.source for r in rules})
    return RuleSet(rules, sources, replaced, list(disable))
