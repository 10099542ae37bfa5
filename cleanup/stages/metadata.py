"""Read the document's metadata from its cover page and first page, before they are removed.

A vendor's cover page (JSTOR's: title, ``Author(s):``, ``Source:``, ``Published by:``,
``Stable URL:``, ``Accessed:``) and a publisher's masthead on the first page (``Crisis Group
Asia Briefing N°169`` / ``Islamabad/Washington/Brussels, 30 June 2021``; ``Biometrics 70,
823-834 DOI: ...``) name the document. The watermarks stage drops the cover; this stage runs
first and records each field with the input line it was read from.

Fields come only from rule files (``stage = "metadata"``): a ``field`` rule's named groups are
the fields a whole line yields; a ``title`` rule takes the lines that open the cover or the
first page up to the line its ``until`` pattern matches. A field no rule finds is left out,
never guessed. The stage changes no text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cleanup.document import Document, Line
from cleanup.report import Changes
from cleanup.rules import Rule, RuleSet
from cleanup.stages import watermarks

STAGE = "metadata"
FIRST_PAGE_LINES = 60     # the masthead stands at the top of the first page
DEFAULT_TITLE_LINES = 4
_LABEL_LINE = re.compile(r"^[A-Z][\w()' ]{1,30}:\s")   # "Source: ...", "Stable URL: ..."


@dataclass(slots=True)
class Found:
    """One field's value and where it came from."""

    value: str | list[str]
    lines: list[int]
    rule: str

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "line": self.lines[0], "lines": self.lines,
                "rule": self.rule} if len(self.lines) > 1 else \
            {"value": self.value, "line": self.lines[0], "rule": self.rule}


def scopes(doc: Document, rules: RuleSet) -> dict[str, list[Line]]:
    """The non-blank lines of the cover page and of the first page after it."""
    lines = doc.lines
    stamps = watermarks.find_stamps(lines[:FIRST_PAGE_LINES * 3],
                                    rules.for_stage("watermarks", "drop"))
    first_stamp = min(stamps) if stamps else None
    cover = watermarks.find_cover(lines, rules.for_stage("watermarks", "drop_cover"),
                                  first_stamp)
    end_cover = cover[1] + 1 if cover is not None else 0
    cover_lines = [ln for ln in lines[:end_cover] if not ln.blank]
    first: list[Line] = []
    start_page: int | None = None
    for i in range(end_cover, min(len(lines), end_cover + FIRST_PAGE_LINES * 2)):
        line = lines[i]
        if i in stamps:
            if first:
                break  # the stamp at the foot of the first page
            continue
        if line.blank:
            continue
        if start_page is None:
            start_page = line.page
        if line.page != start_page or len(first) >= FIRST_PAGE_LINES:
            break
        first.append(line)
    return {"cover": cover_lines, "first_page": first, "start": cover_lines + first}


def extract(doc: Document, rules: RuleSet) -> dict[str, Found]:
    """Every field the metadata rules find, with its line; earlier lines win, except that a
    later value that holds an earlier one refines it ("2021" -> "30 June 2021")."""
    metadata = rules.for_stage(STAGE)
    if not metadata or not doc.lines:
        return {}
    where = scopes(doc, rules)
    hits: list[tuple[int, str, Found]] = []
    for rule in metadata:
        scope = where[str(rule.options.get("where", "start"))]
        if rule.action == "title":
            found = _title(scope, rule)
            if found is not None:
                hits.append((found.lines[0], "title", found))
            continue
        if "max_lines" in rule.options:  # a masthead stands in the scope's first lines
            scope = scope[:int(rule.options["max_lines"])]
        for k, line in enumerate(scope):
            assert rule.pattern is not None
            m = rule.pattern.fullmatch(line.text.strip())
            if not m:
                continue
            extra = _wrapped(scope, k, metadata) if rule.options.get("wraps") else []
            for name, value in m.groupdict().items():
                if value is None or not value.strip():
                    continue
                text = " ".join([value.strip(), *(ln.text.strip() for ln in extra)]) \
                    if extra and name == list(m.groupdict())[-1] else value.strip()
                nos = [line.no, *(ln.no for ln in extra)] if text != value.strip() \
                    else [line.no]
                hits.append((line.no, name, Found(_split(text, rule), nos, rule.id)))
            for name, value in rule.options.get("set", {}).items():
                hits.append((line.no, name, Found(value, [line.no], rule.id)))
            break  # a field rule reads the first line it matches
    fields: dict[str, Found] = {}
    for _no, name, found in sorted(hits, key=lambda h: h[0]):
        old = fields.get(name)
        if old is None or _refines(found.value, old.value):
            fields[name] = found
    return fields


def _split(text: str, rule: Rule) -> str | list[str]:
    pattern = rule.options.get("split")
    if not pattern:
        return text
    return [p.strip() for p in re.split(pattern, text) if p.strip()]


def _refines(new: str | list[str], old: str | list[str]) -> bool:
    return isinstance(new, str) and isinstance(old, str) and old != new and old in new


def _wrapped(scope: list[Line], k: int, metadata: list[Rule]) -> list[Line]:
    """The lines a field's value wraps onto: the next lines, with no blank line between, that
    no metadata rule reads and that do not open with a label of their own."""
    out: list[Line] = []
    for line in scope[k + 1:]:
        prev = out[-1] if out else scope[k]
        text = line.text.strip()
        if line.no != prev.no + 1 or _LABEL_LINE.match(text) or any(
                r.pattern is not None and r.pattern.fullmatch(text) for r in metadata):
            break
        out.append(line)
    return out


def _title(scope: list[Line], rule: Rule) -> Found | None:
    """The opening lines of the scope, up to the line ``until`` matches."""
    assert rule.next_pattern is not None
    limit = int(rule.options.get("max_lines", DEFAULT_TITLE_LINES))
    for k, line in enumerate(scope[:limit + 1]):
        if rule.next_pattern.fullmatch(line.text.strip()):
            if k == 0:
                return None
            parts = scope[:k]
            return Found(" ".join(ln.text.strip() for ln in parts), [ln.no for ln in parts],
                         rule.id)
    return None


def run(doc: Document, rules: RuleSet) -> tuple[Document, Changes]:
    """Record the metadata fields in ``doc.derived["metadata"]``; change nothing."""
    doc.derived["metadata"] = extract(doc, rules)
    return doc, Changes()
