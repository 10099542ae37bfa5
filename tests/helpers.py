"""Helpers shared by tests: accounting for every input line in the output or the report."""

from __future__ import annotations

import re
from collections import Counter

from cleanup.document import Document
from cleanup.pipeline import Result
from cleanup.rules import RuleSet
from cleanup.stages import normalize

_SPACES = re.compile(r"\s+")
_NOT_LETTER = re.compile(r"[\W\d_]+")
_NOTE = re.compile(r"\[\^[^\]\s]+\]: ")


def squash(text: str) -> str:
    return _SPACES.sub(" ", text)


def letters(text: str) -> str:
    """Only the letters: what no stage may lose, whatever it does to spaces, hyphens, digits."""
    return _NOT_LETTER.sub("", text)


def unaccounted_lines(text: str, result: Result, rules: RuleSet) -> list[tuple[int, str]]:
    """Input lines whose letters are neither in the output nor removed by a recorded edit.

    Body lines must come out in order (their letters, concatenated, are the output body's);
    footnote lines (those a "move" edit set after the body) must all be among the notes.
    Returns the first lines where the body goes wrong, and any note line not found.
    """
    doc, _ = normalize.run(Document.from_text(text), rules)
    removed = result.report.removed_lines()
    notes = {n for e in result.report.edits if e.action == "move" for n in e.lines}
    paragraphs = result.text.split("\n\n")
    first_note = next((k for k, p in enumerate(paragraphs) if _NOTE.match(p)), len(paragraphs))
    out_body = letters("".join(paragraphs[:first_note]))
    # Notes are checked as a multiset: they are sorted by number, and a block's unnumbered
    # lines may be written at the end.
    out_notes = Counter(letters(result.text))

    missing: list[tuple[int, str]] = []
    pos = 0
    for line in doc.lines:
        if line.no in removed or not line.text.strip():
            continue
        want = letters(line.text)
        if line.no in notes:
            have = Counter(want)
            if have - out_notes:
                missing.append((line.no, line.text))
            out_notes -= have
            continue
        found = out_body.find(want, pos) if want else pos
        if found != pos:  # the body must go on exactly where the last line stopped
            missing.append((line.no, line.text))
            if len(missing) > 5:
                break
            pos = found if found >= 0 else pos
            continue
        out_notes -= Counter(want)
        pos += len(want)
    if pos != len(out_body) and not missing and not notes:
        missing.append((0, f"output body has letters no input line accounts for: "
                           f"{out_body[pos:pos + 60]!r}"))
    return missing
