"""Helpers shared by tests: word accounting between input and output."""

from __future__ import annotations

import re

from cleanup.document import Document
from cleanup.pipeline import Result
from cleanup.rules import RuleSet
from cleanup.stages import normalize

_SPACES = re.compile(r"\s+")


def squash(text: str) -> str:
    return _SPACES.sub(" ", text)


def unaccounted_lines(text: str, result: Result, rules: RuleSet) -> list[tuple[int, str]]:
    """Input lines that are neither in the output nor removed by a recorded edit."""
    doc, _ = normalize.run(Document.from_text(text), rules)
    removed = result.report.removed_lines()
    out = squash(result.text)
    missing = []
    for line in doc.lines:
        # a line-end hyphen may be resolved by joining the word: compare without it
        t = squash(line.text).strip().rstrip("-\u00ad")
        if t and line.no not in removed and t not in out:
            missing.append((line.no, t))
    return missing
