"""Edit and flag records, and the per-document report written beside each cleaned file."""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True, frozen=True)
class Edit:
    """One change a stage made, named by the rule that made it.

    ``lines`` are 1-based input line numbers; ``before``/``after`` are the text of those lines
    before and after the change ("" after a removal).
    """

    stage: str
    rule: str
    action: str
    lines: tuple[int, ...]
    before: str
    after: str = ""
    reason: str = ""
    # What the decision rested on: "geometry" (the page as the PDF draws it) or "text" (the
    # extracted text alone). Empty on documents without geometry, where it can only be text.
    evidence: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["lines"] = list(self.lines)
        for key in ("reason", "evidence"):
            if not d[key]:
                del d[key]
        return d


@dataclass(slots=True, frozen=True)
class Flag:
    """Something the user should look at that the cleanup did not (or could not) fix.

    ``resolved`` names the rule of a later step that fixed what the flag points at (restoring
    text from a second PDF extraction resolves a ``truncated`` flag); the flag stays, for audit.
    """

    kind: str
    line: int
    text: str
    reason: str
    confidence: float | None = None
    stage: str = ""
    rule: str = ""
    resolved: str = ""  # set when a later step (PDF --restore) made the flag moot: how

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("confidence", "rule", "resolved"):
            if d[key] in (None, ""):
                del d[key]
        return d


@dataclass(slots=True)
class Changes:
    """What one stage recorded while it ran."""

    edits: list[Edit] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)

    def edit(self, stage: str, rule: str, action: str, lines: tuple[int, ...] | int,
             before: str, after: str = "", reason: str = "", evidence: str = "") -> None:
        if isinstance(lines, int):
            lines = (lines,)
        self.edits.append(Edit(stage, rule, action, lines, before, after, reason, evidence))

    def flag(self, kind: str, line: int, text: str, reason: str,
             confidence: float | None = None, stage: str = "", rule: str = "") -> None:
        self.flags.append(Flag(kind, line, text, reason, confidence, stage, rule))


@dataclass(slots=True)
class Report:
    """Everything the pipeline did to one document."""

    source: str
    input_lines: int
    output_lines: int = 0
    edits: list[Edit] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    learned: dict[str, Any] = field(default_factory=dict)
    pages: int = 0
    # The input line each page after the first begins on, as the page structure found it.
    page_starts: list[int] = field(default_factory=list)
    profiles: list[str] = field(default_factory=list)
    # Provenance: for each output paragraph, in output order, the input lines it was made from,
    # so that a saved report can attribute every output span to its input (`cleanup diff`).
    paragraphs: list[tuple[int, ...]] = field(default_factory=list)
    # The printed label of every page (cleanup.pagelabels.PageLabel), and the metadata fields
    # read from the cover and first page: {field: {"value", "line", "rule"}}.
    page_labels: list[Any] = field(default_factory=list)
    metadata: dict[str, dict[str, Any]] = field(default_factory=dict)

    def removed_lines(self) -> set[int]:
        """Input lines that some edit removed from the output."""
        out: set[int] = set()
        for e in self.edits:
            if e.action in ("drop", "drop_cover"):
                out.update(e.lines)
        return out

    def stats(self) -> dict[str, dict[str, int]]:
        """Per stage: how many edits each rule made (and lines each removed)."""
        stats: dict[str, Counter[str]] = {}
        for e in self.edits:
            c = stats.setdefault(e.stage, Counter())
            c[e.rule] += 1
            if e.action in ("drop", "drop_cover"):
                c["lines_removed"] += len(e.lines)
        for f in self.flags:
            stats.setdefault("flags", Counter())[f.kind] += 1
        return {stage: dict(sorted(c.items())) for stage, c in stats.items()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "input_lines": self.input_lines,
            "output_lines": self.output_lines,
            "pages": self.pages,
            "page_starts": self.page_starts,
            "profiles": self.profiles,
            "stats": self.stats(),
            "learned": self.learned,
            "flags": [f.to_dict() for f in self.flags],
            "edits": [e.to_dict() for e in self.edits],
            "paragraphs": [encode_lines(p) for p in self.paragraphs],
            "metadata": self.metadata,
            "page_labels": [p.to_dict() for p in self.page_labels],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Report:
        r = cls(d["source"], d["input_lines"], d.get("output_lines", 0))
        r.pages = d.get("pages", 0)
        r.page_starts = list(d.get("page_starts", []))
        r.profiles = list(d.get("profiles", []))
        r.learned = dict(d.get("learned", {}))
        r.edits = [Edit(e["stage"], e["rule"], e["action"], tuple(e["lines"]), e["before"],
                        e.get("after", ""), e.get("reason", ""), e.get("evidence", ""))
                   for e in d.get("edits", [])]
        r.flags = [Flag(f["kind"], f["line"], f["text"], f["reason"], f.get("confidence"),
                        f.get("stage", ""), f.get("rule", ""), f.get("resolved", ""))
                   for f in d.get("flags", [])]
        r.paragraphs = [decode_lines(p) for p in d.get("paragraphs", [])]
        r.metadata = dict(d.get("metadata", {}))
        if d.get("page_labels"):
            from cleanup.pagelabels import PageLabel

            r.page_labels = [PageLabel.from_dict(p) for p in d["page_labels"]]
        return r


def encode_lines(lines: tuple[int, ...] | list[int]) -> str:
    """Input line numbers as compact runs, one string per paragraph in the report.

    >>> encode_lines((6, 7, 8, 10, 12, 13))
    '6-8,10,12-13'
    """
    runs: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j + 1 < len(lines) and lines[j + 1] == lines[j] + 1:
            j += 1
        runs.append(str(lines[i]) if i == j else f"{lines[i]}-{lines[j]}")
        i = j + 1
    return ",".join(runs)


def decode_lines(runs: str) -> tuple[int, ...]:
    """The inverse of :func:`encode_lines`; raises ValueError on a malformed string.

    >>> decode_lines('6-8,10')
    (6, 7, 8, 10)
    """
    out: list[int] = []
    for run in runs.split(","):
        first, _, last = run.partition("-")
        a = int(first)
        b = int(last) if last else a
        if b < a:
            raise ValueError(f"bad line run {run!r}")
        out.extend(range(a, b + 1))
    return tuple(out)
