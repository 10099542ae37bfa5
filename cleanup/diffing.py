"""Attribute every difference between an input and its cleaned text to the rule that made it.

An :class:`Attribution` joins three things: the input's lines, the cleaned text's paragraphs,
and the report (its edits, its flags, and the provenance that names the input lines of each
output paragraph). From them it says, for every input line, what became of it (kept in which
paragraph, removed, moved, or blank), and it lists every labelled change:

* each edit of the report, as the stage recorded it (remove, move, change, heading);
* every place a paragraph continues across blank lines or removed lines (a join);
* every token-level difference between a paragraph's input lines and its output text, credited
  to the edits recorded on those lines; a difference no edit accounts for is listed as
  ``unrecorded``, and so is a non-blank input line that is neither in the output nor removed by
  an edit, so that nothing the cleanup did can leave without a trace.

Renderers for the terminal (unified hunks, ``--stat``), JSON and ``cleanup explain`` live here;
the HTML page is :mod:`cleanup.html_report`. Nothing here prints or touches the file system.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from cleanup.pagelabels import PageLabel, describe, labels_of_lines
from cleanup.report import Flag, Report

# How each recorded action shows: what kind of change it is.
ACTION_KINDS = {"drop": "remove", "drop_cover": "remove", "move": "move", "heading": "heading",
                "continue": "join"}
KINDS = ("remove", "move", "change", "heading", "join", "unrecorded")
MARKS = {"remove": "-", "move": ">", "change": "~", "heading": "#", "join": "+",
         "unrecorded": "?", "flag": "!"}
# Which mark a line shows when several changes touch it: the most serious first.
PRIORITY = ("unrecorded", "remove", "move", "change", "join", "heading")
_TOKEN = re.compile(r"\S+")
_SOFT = str.maketrans("", "", "\u00ad \t")


class MismatchError(ValueError):
    """The report does not describe this input and output (one-line message)."""


@dataclass(slots=True)
class Change:
    """One labelled change: a recorded edit, or something the diff found no edit for."""

    kind: str
    stage: str
    rule: str
    action: str
    lines: tuple[int, ...]
    before: str = ""
    after: str = ""
    reason: str = ""
    paragraphs: tuple[int, ...] = ()
    edit: int | None = None  # index of the report edit this change shows, when there is one
    evidence: str = ""       # "geometry" or "text" where the input had page geometry

    @property
    def label(self) -> str:
        """``stage rule``, or what stands in for the rule when none made the change; with the
        evidence it rested on (geometry, text) where the input was read for its layout."""
        if self.rule:
            return f"{self.stage} {self.rule}" + (f" [{self.evidence}]" if self.evidence else "")
        return f"{self.stage} (no rule)" if self.stage else "no edit recorded"

    @property
    def anchor(self) -> int:
        """The input line the change shows at: a paragraph continues at its later line."""
        if self.kind == "join" and self.edit is None and self.reason.startswith("paragraph"):
            return self.lines[-1]
        return self.lines[0] if self.lines else 0

    @property
    def key(self) -> str:
        """What the change is counted and filtered under: its rule, or what it is."""
        if self.edit is not None:
            return f"{self.stage} {self.rule}"
        if self.action == "lost":
            return "no edit: line lost"
        if self.kind == "unrecorded":
            return "no edit: text changed"
        if self.anchor == self.lines[-1]:
            return f"{self.stage}: paragraph continues across a gap"
        return f"{self.stage}: closed up at a line-end hyphen"

    def to_dict(self) -> dict[str, Any]:
        """The change as JSON (``cleanup diff --format json``)."""
        d: dict[str, Any] = {"kind": self.kind, "stage": self.stage, "rule": self.rule,
                             "action": self.action, "lines": list(self.lines),
                             "paragraphs": list(self.paragraphs), "before": self.before,
                             "after": self.after}
        if self.reason:
            d["reason"] = self.reason
        if self.evidence:
            d["evidence"] = self.evidence
        return d


@dataclass(slots=True)
class Span:
    """A token-level difference inside one output paragraph, and the change it belongs to."""

    paragraph: int
    lines: tuple[int, ...]
    before: str
    after: str
    change: int


@dataclass(slots=True)
class LineInfo:
    """What became of one input line."""

    no: int
    text: str
    status: str = "blank"  # kept | moved | removed | blank | lost
    paragraph: int = 0     # 1-based output paragraph holding it; 0 when none
    starts: bool = False   # the first line of its paragraph
    changes: list[int] = field(default_factory=list)
    flags: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the diff shows this line as a change (not as context)."""
        return bool(self.changes or self.flags or self.status == "lost")


@dataclass(slots=True)
class Segment:
    """A run of a paragraph's text that came from one input line (and maybe one change)."""

    start: int
    end: int
    line: int
    change: int  # -1: unchanged text


@dataclass
class Attribution:
    """The input, the output and the report, joined line by line."""

    source: str
    target: str
    report: Report
    lines: list[LineInfo]
    paragraphs: list[str]
    provenance: list[tuple[int, ...]]
    changes: list[Change] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)
    segments: list[list[Segment]] = field(default_factory=list)

    def line(self, no: int) -> LineInfo:
        """Input line ``no`` (1-based)."""
        return self.lines[no - 1]

    def stats(self) -> dict[str, dict[str, int]]:
        """The report's stats: edits per stage and rule, lines removed, flags per kind."""
        return self.report.stats()

    def unrecorded(self) -> Counter[str]:
        """Changes no rule records, counted by what they are (see :attr:`Change.key`)."""
        return Counter(ch.key for ch in self.changes if ch.edit is None)

    def lines_by_rule(self) -> dict[tuple[str, str], set[int]]:
        """Input lines each (stage, rule) touched through its edits."""
        out: dict[tuple[str, str], set[int]] = {}
        for ch in self.changes:
            if ch.edit is not None:
                out.setdefault((ch.stage, ch.rule), set()).update(ch.lines)
        return out


def input_lines(text: str) -> list[str]:
    """The input's lines exactly as the pipeline numbers them (form feeds taken out)."""
    from cleanup.document import Document

    out: list[str] = []
    last = 0
    for line in Document.from_text(text).lines:
        if line.no == last:  # the rest of a line split at a form feed inside it
            out[-1] = f"{out[-1]} {line.raw}"
        else:
            out.append(line.raw)
        last = line.no
    return out


def output_paragraphs(text: str) -> list[str]:
    """The cleaned text's paragraphs, in the order the report's provenance lists them."""
    body = text.rstrip("\n")
    return body.split("\n\n") if body.strip() else []


def attribute(input_text: str, output_text: str, report: Report, source: str = "input",
              target: str = "output") -> Attribution:
    """Join ``input_text``, ``output_text`` and the ``report`` that cleaning made of them.

    Raises :class:`MismatchError` when the report cannot describe this pair (another input,
    another output, or a report without paragraph provenance).
    """
    raw = input_lines(input_text)
    paragraphs = output_paragraphs(output_text)
    provenance = report.paragraphs
    if report.input_lines != len(raw):
        raise MismatchError(f"the report describes a {report.input_lines}-line input, but "
                            f"{source} has {len(raw)} lines")
    if len(provenance) != len(paragraphs):
        if not provenance and paragraphs:
            raise MismatchError("the report has no paragraph provenance (it was written by an "
                                "older cleanup)")
        raise MismatchError(f"the report lists {len(provenance)} output paragraphs, but "
                            f"{target} has {len(paragraphs)}")
    att = Attribution(source, target, report, [LineInfo(i + 1, t) for i, t in enumerate(raw)],
                      paragraphs, provenance)
    for p, nos in enumerate(provenance, start=1):
        for k, n in enumerate(nos):
            if not 1 <= n <= len(raw):
                raise MismatchError(f"the report puts input line {n} in paragraph {p}, but "
                                    f"{source} has {len(raw)} lines")
            info = att.lines[n - 1]
            info.status, info.paragraph, info.starts = "kept", p, k == 0
    _edit_changes(att)
    _line_status(att)
    _joins(att)
    for p, nos in enumerate(provenance, start=1):
        att.segments.append(_align(att, p, nos))
    for i, flag in enumerate(report.flags):
        if 1 <= flag.line <= len(raw):
            att.lines[flag.line - 1].flags.append(i)
    return att


def _add(att: Attribution, change: Change) -> int:
    att.changes.append(change)
    idx = len(att.changes) - 1
    for n in change.lines:
        if 1 <= n <= len(att.lines):
            att.lines[n - 1].changes.append(idx)
    return idx


def _edit_changes(att: Attribution) -> None:
    for i, e in enumerate(att.report.edits):
        paras = sorted({att.lines[n - 1].paragraph for n in e.lines
                        if 1 <= n <= len(att.lines) and att.lines[n - 1].paragraph})
        _add(att, Change(ACTION_KINDS.get(e.action, "change"), e.stage, e.rule, e.action,
                         e.lines, e.before, e.after, e.reason, tuple(paras), i, e.evidence))


def _normalized_blank(att: Attribution) -> set[int]:
    """Lines that are blank once normalised (one-space separators, odd spaces)."""
    blank = {info.no for info in att.lines if not info.text.strip()}
    for e in att.report.edits:
        if e.stage == "normalize" and len(e.lines) == 1 and not e.after.strip():
            blank.add(e.lines[0])
    return blank


def _line_status(att: Attribution) -> None:
    blank = _normalized_blank(att)
    for info in att.lines:
        kinds = {att.changes[c].kind for c in info.changes}
        if info.status == "kept":
            if "move" in kinds:
                info.status = "moved"
        elif "remove" in kinds:
            info.status = "removed"
        elif info.no not in blank:
            info.status = "lost"
            _add(att, Change("unrecorded", "", "", "lost", (info.no,), info.text,
                             reason="not in the output, and no edit accounts for it"))


def _joins(att: Attribution) -> None:
    """A paragraph that continues across blank or removed lines: the paragraphs stage's call."""
    recorded = {e.lines for e in att.report.edits if e.action == "continue"}
    for p, nos in enumerate(att.provenance, start=1):
        for a, b in itertools.pairwise(nos):
            if b - a <= 1 or (a, b) in recorded:
                continue
            gap = att.lines[a:b - 1]
            removed = sum(1 for g in gap if g.status == "removed")
            moved = sum(1 for g in gap if g.status == "moved")
            others = sum(1 for g in gap if g.status == "kept")
            blanks = len(gap) - removed - moved - others
            parts = [f"{n} {one if n == 1 else many}" for n, one, many in (
                (removed, "removed line", "removed lines"),
                (moved, "line moved to the notes", "lines moved to the notes"),
                (others, "line of another paragraph", "lines of other paragraphs"),
                (blanks, "blank line", "blank lines")) if n]
            where = f"across {parts[0]}" if len(parts) == 1 and blanks else \
                f"across lines {a + 1}-{b - 1} ({', '.join(parts)})"
            if removed or moved or others:
                where += ": a page break"
            _add(att, Change("join", "paragraphs", "", "join", (a, b),
                             att.lines[a - 1].text.strip(), att.lines[b - 1].text.strip(),
                             f"paragraph continues {where}", (p,)))


_TEXT_KINDS = ("change", "unrecorded")


def _align(att: Attribution, p: int, nos: tuple[int, ...]) -> list[Segment]:
    """Align one paragraph's input words with its output words; credit each difference."""
    para = att.paragraphs[p - 1]
    in_toks: list[str] = []
    in_line: list[int] = []
    for n in nos:
        words = att.lines[n - 1].text.split()
        in_toks.extend(words)
        in_line.extend([n] * len(words))
    found = list(_TOKEN.finditer(para))
    out_toks = [m.group() for m in found]
    owner = [nos[0]] * len(out_toks)
    change_of = [-1] * len(out_toks)
    if in_toks == out_toks:
        owner = in_line
    else:
        for op, i1, i2, j1, j2 in _opcodes(in_toks, out_toks):
            if op == "equal":
                owner[j1:j2] = in_line[i1:i2]
                continue
            if i2 > i1:
                lines = tuple(dict.fromkeys(in_line[i1:i2]))
            else:
                lines = (in_line[i1 - 1] if i1 else (in_line[0] if in_line else nos[0]),)
            before, after = " ".join(in_toks[i1:i2]), " ".join(out_toks[j1:j2])
            idx = _credit(att, p, lines, before, after)
            att.spans.append(Span(p, lines, before, after, idx))
            owner[j1:j2] = [lines[0]] * (j2 - j1)
            change_of[j1:j2] = [idx] * (j2 - j1)
    segments: list[Segment] = []
    for k, m in enumerate(found):
        if segments and segments[-1].line == owner[k] and segments[-1].change == change_of[k]:
            segments[-1].end = m.end()
        else:
            segments.append(Segment(m.start(), m.end(), owner[k], change_of[k]))
    return segments


def _opcodes(a: list[str], b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Word alignment (longest common subsequence, rapidfuzz's C++), as difflib-style opcodes;
    neighbouring differences are merged into one, so that a closed-up word is one change."""
    from rapidfuzz.distance import Indel

    out: list[tuple[str, int, int, int, int]] = []
    for op in Indel.opcodes(a, b):
        if op.tag != "equal" and out and out[-1][0] != "equal":
            _, i1, _, j1, _ = out[-1]
            out[-1] = ("replace", i1, op.src_end, j1, op.dest_end)
        else:
            out.append((op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end))
    return out


def _confirms(changes: list[Change], before: str, after: str) -> bool:
    """Whether the edits recorded on a difference's lines can account for input words
    ``before`` becoming ``after``. A word that appears must be one an edit wrote, or input
    words closed up (a line-end hyphen); a word that goes must be one an edit took out, or
    closed up into an output word. A hand edit on a line a rule touched fails this, and is not
    credited to the rule.

    >>> ch = Change("change", "normalize", "normalize.ftfy", "replace", (1,), "ﬁrst", "first")
    >>> _confirms([ch], "ﬁrst", "first"), _confirms([ch], "ﬁrst", "firsts")
    (True, False)
    """
    old, new = _words(before), _words(after)
    wrote: set[str] = set()
    took: set[str] = set()
    for ch in changes:
        written = set(_words(ch.after))
        wrote |= written
        took |= set(_words(ch.before)) - written
    closed = {"".join(old[i:j]) for i in range(len(old))
              for j in range(i + 2, min(len(old), i + 4) + 1)}
    joined = "\0".join(new)
    return all(w in old or w in wrote or w in closed for w in new) and all(
        w in new or w in took or w in joined for w in old)


_WORDS = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.replace("\u00ad", ""))


def _credit(att: Attribution, p: int, lines: tuple[int, ...], before: str, after: str) -> int:
    """The change a token difference belongs to: an edit on its lines, else a new one."""
    candidates = [c for n in lines for c in att.lines[n - 1].changes
                  if att.changes[c].edit is not None and att.changes[c].kind in _TEXT_KINDS]
    # A line can carry several edits (a hyphen decided on the line before, its own): credit
    # the one that wrote these words. An edit that cannot have written them (a hand edit on a
    # line a rule touched) is not credited: the difference is listed as unrecorded.
    confirmed = candidates if _confirms([att.changes[c] for c in candidates], before,
                                        after) else []
    if confirmed:
        words = after.translate(_SOFT)
        return next((c for c in confirmed if words and words in att.changes[c].after.translate(
            _SOFT)), confirmed[0])
    if len(lines) > 1 and before.translate(_SOFT) == after.translate(_SOFT):
        what = "soft hyphen taken out and lines" if "\u00ad" in before else "lines"
        return _add(att, Change("join", "paragraphs", "", "join", lines, before, after,
                                f"{what} closed up at a line-end hyphen", (p,)))
    return _add(att, Change("unrecorded", "", "", "change", lines, before, after,
                            "the text changed, and no edit on these lines accounts for it", (p,)))


# ---------------------------------------------------------------------------------------------
# Terminal


class Style:
    """ANSI colours for the terminal; all empty when the output is not a terminal."""

    CODES: ClassVar[dict[str, str]] = {
        "remove": "31", "move": "36", "change": "33", "heading": "34", "join": "35",
        "unrecorded": "1;31", "flag": "1;33", "hunk": "36", "label": "2", "head": "1"}

    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, what: str, text: str) -> str:
        if not self.color or not text:
            return text
        return f"\x1b[{self.CODES[what]}m{text}\x1b[0m"


def _line_kind(att: Attribution, info: LineInfo, changes: list[int]) -> str | None:
    kinds = {att.changes[c].kind for c in changes}
    if info.status == "lost":
        return "unrecorded"
    for kind in PRIORITY:
        if kind in kinds:
            return kind
    return "flag" if info.flags else None


def row_labels(att: Attribution, info: LineInfo, shown: set[int], in_spans: set[int]) \
        -> tuple[str | None, list[tuple[int, str]], set[int]]:
    """A line's mark kind and labels, given the changes labelled on the row before.

    A change that runs over several rows (a moved block) is labelled on its first row, and
    again where a moved paragraph starts; a join shows at the line that continues the
    paragraph; a change shown on a span row below the line is not repeated on it.
    Returns the kind, the labels (change index, text), and the changes to pass to the next row.
    """
    own = [c for c in info.changes if att.changes[c].kind != "join"
           or att.changes[c].anchor == info.no]
    kind = _line_kind(att, info, own)
    labels: list[tuple[int, str]] = []
    for c in own:
        ch = att.changes[c]
        if c in in_spans or (c in shown and not (ch.kind == "move" and info.starts)):
            continue
        extra = f" → ¶{info.paragraph}" if ch.kind == "move" and info.starts else ""
        if ch.edit is None and ch.kind == "join":
            extra = f": {ch.reason}"
        labels.append((c, f"{ch.label}{extra}"))
    if info.status == "lost":
        labels.append((-1, "not in the output"))
    return kind, labels, set(own)


def _hunks(att: Attribution, context: int) -> list[tuple[int, int]]:
    """(first, last) input line numbers of each hunk: changed lines and their context."""
    out: list[tuple[int, int]] = []
    total = len(att.lines)
    for info in att.lines:
        if not info.changed:
            continue
        a, b = max(1, info.no - context), min(total, info.no + context)
        if out and a <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _flag_text(flag: Flag) -> str:
    conf = f" ({flag.confidence:.2f})" if flag.confidence is not None else ""
    return f"flag {flag.kind}{conf}: {flag.reason}"


def render_text(att: Attribution, context: int = 3, color: bool = False) -> str:
    """The diff as unified hunks over the input's lines, every change labelled by its rule."""
    s = Style(color)
    out: list[str] = [
        s("head", f"--- {att.source}  ({len(att.lines)} input lines)"),
        s("head", f"+++ {att.target}  ({len(att.paragraphs)} output paragraphs)"),
    ]
    for flag in att.report.flags:
        if not 1 <= flag.line <= len(att.lines):
            out.append(s("flag", f"! {_flag_text(flag)}"))
    spans_at: dict[int, list[Span]] = {}
    for span in att.spans:
        spans_at.setdefault(span.lines[0], []).append(span)
    width = len(str(len(att.lines)))
    pwidth = len(str(len(att.paragraphs))) + 1
    indent = " " * (width + pwidth + 3)
    for first, last in _hunks(att, context):
        paras = [att.lines[n - 1].paragraph for n in range(first, last + 1)
                 if att.lines[n - 1].paragraph]
        where = ("nothing in the output" if not paras else f"output ¶{paras[0]}"
                 if min(paras) == max(paras) else f"output ¶{min(paras)}-{max(paras)}")
        out.append(s("hunk", f"@@ input {first}-{last} · {where} @@"))
        shown: set[int] = set()  # changes labelled on the row before: a run is labelled once
        for n in range(first, last + 1):
            info = att.lines[n - 1]
            spans = spans_at.get(n, [])
            kind, labels, shown = row_labels(att, info, shown, {sp.change for sp in spans})
            para = f"¶{info.paragraph}" if info.starts else ""
            mark = MARKS[kind] if kind else " "
            row = f"{mark} {n:>{width}} {para:>{pwidth}} │ {info.text.rstrip()}"
            if kind:
                row = s(kind, row)
            if labels:
                row += "  " + s("label", " ".join(f"[{t}]" for _, t in labels))
            out.append(row)
            for span in spans:
                ch = att.changes[span.change]
                extra = f": {ch.reason}" if ch.edit is None else ""
                out.append(s(ch.kind, f"{indent}↳ {span.before!r} → {span.after!r}") + "  "
                           + s("label", f"[{ch.label}{extra}]"))
            for f in info.flags:
                out.append(s("flag", f"{indent}⚑ {_flag_text(att.report.flags[f])}"))
    out.append(summary_line(att))
    return "\n".join(out) + "\n"


def summary_line(att: Attribution) -> str:
    """One line: edits, lines removed and moved, flags, and what no rule records."""
    stats = att.stats()
    edits = sum(v for st, c in stats.items() if st != "flags" for k, v in c.items()
                if k != "lines_removed")
    removed = sum(c.get("lines_removed", 0) for c in stats.values())
    moved = sum(1 for info in att.lines if info.status == "moved")
    extra = att.unrecorded()
    rest = (f"{sum(extra.values())} (" + ", ".join(
        f"{v} {k.split(': ', 1)[-1]}" for k, v in sorted(extra.items())) + ")") if extra else ""
    return (f"{len(att.lines)} input lines -> {len(att.paragraphs)} paragraphs: {edits} edits, "
            f"{removed} lines removed, {moved} moved, {len(att.report.flags)} flags"
            + (f"; not recorded by any rule: {rest}" if rest else ""))


def render_stat(att: Attribution) -> str:
    """Counts per stage and rule: exactly the report's stats, then what no rule records."""
    stats = att.stats()
    by_rule = att.lines_by_rule()
    rows = [("stage", "rule", "edits", "lines", "")]
    total_edits = 0
    for stage, counts in stats.items():
        if stage == "flags":
            continue
        for rule, n in counts.items():
            if rule == "lines_removed":
                continue
            total_edits += n
            lines = by_rule.get((stage, rule), set())
            kinds = {att.changes[c].kind for c in range(len(att.changes))
                     if att.changes[c].rule == rule and att.changes[c].stage == stage}
            what = "removed" if "remove" in kinds else "moved" if "move" in kinds else \
                "headings" if kinds == {"heading"} else "changed"
            rows.append((stage, rule, str(n), str(len(lines)), what))
        if "lines_removed" in counts:
            rows.append((stage, "(lines removed)", "", str(counts["lines_removed"]), ""))
    for kind, n in stats.get("flags", {}).items():
        rows.append(("flags", kind, str(n), "", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    out = [f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  "
           f"{r[3]:>{widths[3]}}  {r[4]}".rstrip() for r in rows]
    removed = sum(c.get("lines_removed", 0) for c in stats.values())
    flags = sum(stats.get("flags", {}).values())
    out.append(f"total: {total_edits} edits, {removed} lines removed, {flags} flags")
    extra = att.unrecorded()
    if extra:
        out.append("not recorded by any rule (rows labelled 'no rule' in the diff):")
        out.extend(f"  {k}: {v}" for k, v in sorted(extra.items()))
    return "\n".join(out) + "\n"


def to_json(att: Attribution, stat_only: bool = False) -> dict[str, Any]:
    """The diff for tools: stats (the report's), and every change with its input lines."""
    d: dict[str, Any] = {
        "input": att.source,
        "output": att.target,
        "input_lines": len(att.lines),
        "output_paragraphs": len(att.paragraphs),
        "stats": att.stats(),
        "not_recorded": dict(sorted(att.unrecorded().items())),
    }
    if not stat_only:
        d["changes"] = [c.to_dict() for c in att.changes]
        d["spans"] = [{"paragraph": s.paragraph, "lines": list(s.lines), "before": s.before,
                       "after": s.after, "change": s.change} for s in att.spans]
        d["flags"] = [f.to_dict() for f in att.report.flags]
    return d


# ---------------------------------------------------------------------------------------------
# Explain


def explain(att: Attribution, no: int, rules: Any = None) -> dict[str, Any]:
    """Every edit, change and flag touching input line ``no``, with rule, reason and evidence.

    ``rules`` (a RuleSet), when given, adds each rule's description, source and pattern.
    """
    info = att.line(no)
    d: dict[str, Any] = {"input": att.source, "line": no, "text": info.text,
                         "status": info.status}
    if info.paragraph:
        nos = att.provenance[info.paragraph - 1]
        d["paragraph"] = {"number": info.paragraph, "lines": _runs(nos),
                          "text": att.paragraphs[info.paragraph - 1],
                          "from_this_line": " ".join(
                              att.paragraphs[info.paragraph - 1][s.start:s.end]
                              for s in att.segments[info.paragraph - 1] if s.line == no)}
        d["paragraph"]["pages"] = [p.display for p in labels_of_lines(nos, att.report.page_labels)]
    page = labels_of_lines([no], att.report.page_labels)
    if page:
        d["page"] = page[0].to_dict()
    items = []
    for c in info.changes:
        ch = att.changes[c]
        item = ch.to_dict()
        item["label"] = ch.label
        item["evidence"] = _evidence(att, ch, rules, no)
        items.append(item)
    d["changes"] = items
    d["spans"] = [{"before": s.before, "after": s.after, "label": att.changes[s.change].label}
                  for s in att.spans if no in s.lines]
    d["flags"] = [att.report.flags[f].to_dict() for f in info.flags]
    return d


def _evidence(att: Attribution, ch: Change, rules: Any, no: int) -> list[str]:
    out: list[str] = []
    if ch.evidence == "geometry":
        out.append("decided from the page's geometry (place, type size, raised text) as the "
                   "PDF draws it")
    elif ch.evidence == "text":
        out.append("decided from the extracted text alone, on a page read for its geometry")
    rule = rules.get(ch.rule) if rules is not None and ch.rule else None
    if rule is not None:
        out.append(f"rule {rule.id} ({rule.where}): {rule.description}")
        if rule.pattern is not None:
            pattern = rule.pattern.pattern
            shown = repr(pattern) if pattern.strip() != pattern else pattern
            out.append(f"its pattern, which must match the whole line: {shown}")
    elif ch.rule:
        out.append(f"rule {ch.rule} is not among the loaded rules")
    if ch.rule == "furniture.learned" or ch.action == "learn_headers":
        headers = [h for h in att.report.learned.get("headers", []) if isinstance(h, dict)]
        named = [h for h in headers if repr(h.get("text")) in ch.reason]
        for h in named or headers:
            out.append(f"learned {h.get('position', 'header')} {h.get('text')!r}, seen on "
                       f"{h.get('pages')} pages")
    if ch.kind == "join" and ch.edit is None:
        out.append("the paragraphs stage weighs blank lines and page breaks as evidence; no rule "
                   "file records this decision" if ch.anchor == ch.lines[-1] else
                   "the paragraphs stage closes up a word broken at a line-end hyphen when no "
                   "hyphen rule decided; no rule file records this decision")
    if ch.kind == "join" and ch.edit is None and ch.anchor == ch.lines[-1]:
        a, b = ch.lines[0], ch.lines[-1]
        out.append(f"line {a} ends the text before the gap: {ch.before!r}")
        out.append(f"line {b} continues it: {ch.after!r}")
        return out
    before = ch.before
    parts = before.split("\n")
    if len(ch.lines) > 1:
        out.append(f"{'edit' if ch.edit is not None else 'change'} covers input lines "
                   f"{_runs(ch.lines)}")
        if len(parts) == len(ch.lines) and no in ch.lines:
            before = parts[ch.lines.index(no)]
            out.append(f"this line's part: {before!r}")
            return out
    if ch.before and ch.before != ch.after:
        out.append(f"before: {ch.before!r}")
        if ch.after:
            out.append(f"after: {ch.after!r}")
    return out


def _runs(nos: Iterable[int]) -> str:
    from cleanup.report import encode_lines

    return encode_lines(sorted(set(nos)))


def render_explain(d: dict[str, Any]) -> str:
    """``cleanup explain`` for people."""
    status = {"kept": "kept", "moved": "moved", "removed": "removed: not in the output",
              "blank": "blank: paragraph spacing, not in the output",
              "lost": "NOT IN THE OUTPUT, and no edit accounts for it"}[d["status"]]
    out = [f"{d['input']}, input line {d['line']}: {d['text']!r}", f"  {status}"]
    if "paragraph" in d:
        p = d["paragraph"]
        out.append(f"  in output paragraph ¶{p['number']} (input lines {p['lines']}); this "
                   f"line became: {p['from_this_line']!r}")
    if "page" in d:
        out.append(f"  on {describe(PageLabel.from_dict(d['page']))}")
    if d.get("paragraph", {}).get("pages"):
        out.append(f"  the paragraph spans pages {', '.join(d['paragraph']['pages'])} "
                   "(? = inferred)")
    if not d["changes"] and not d["flags"]:
        out.append("  no edit and no flag touches this line")
    verbs = {"remove": "removed", "move": "moved", "change": "changed", "heading":
             "kept as a heading", "join": "joined", "unrecorded": "changed, no edit recorded"}
    for ch in d["changes"]:
        out.append(f"  {MARKS[ch['kind']]} {verbs[ch['kind']]} by {ch['label']} (action "
                   f"{ch['action']}, lines {_runs(ch['lines'])})")
        if ch.get("reason"):
            out.append(f"      reason: {ch['reason']}")
        out.extend(f"      evidence: {e}" for e in ch["evidence"])
    for s in d["spans"]:
        out.append(f"  ↳ {s['before']!r} → {s['after']!r}  [{s['label']}]")
    for f in d["flags"]:
        conf = f" (confidence {f['confidence']:.2f})" if f.get("confidence") is not None else ""
        out.append(f"  ⚑ flag {f['kind']}{conf}: {f['reason']}")
    return "\n".join(out) + "\n"
