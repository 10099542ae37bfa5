"""cleanup: restore clean text from text that a PDF extractor or OCR produced from reports.

>>> from cleanup import clean
>>> result = clean("The stamp sat at the foot of\\nThis content downloaded from 10.1.2.3 on "
...                "Tue, 08 Feb 2022 02:22:36 UTC\\nthe page.\\n")
>>> result.text
'The stamp sat at the foot of the page.\\n'
>>> [(e.rule, e.lines) for e in result.report.edits]
[('jstor.stamp', (2,)), ('paragraphs.continue-across', (1, 3))]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleanup.report import Edit, Flag, Report
from cleanup.rules import RuleError, RuleSet, load_rules

if TYPE_CHECKING:
    from cleanup.pipeline import Result

__all__ = ["Edit", "Flag", "Report", "Result", "RuleError", "RuleSet", "clean", "load_rules"]
__version__ = "0.1.0"


def clean(text: str, *, rules: RuleSet | None = None, rule_dirs: Sequence[Path | str] = (),
          disable: Sequence[str] = (), source: str = "<text>",
          max_removal: float = 0.20, footnotes: str = "link") -> Result:
    """Clean one document's text; returns the cleaned text and the report.

    ``rules`` is a loaded :class:`RuleSet` (load once with :func:`load_rules` when cleaning
    many texts); otherwise the built-in rules plus ``rule_dirs``, less ``disable``, are used.
    ``footnotes``: "link" (``[^N]`` markers, ``[^N]: body`` notes after the body), "strip"
    (markers and bodies dropped) or "inline" (bodies kept where their page ended).
    """
    from cleanup.pipeline import clean_text

    if rules is None:
        rules = load_rules(rule_dirs, disable)
    return clean_text(text, rules, source, max_removal, options={"footnotes": footnotes})


def __getattr__(name: str) -> Any:
    # The pipeline pulls in ftfy and rapidfuzz; load it only when asked, so that
    # `cleanup --version` and `cleanup --help` start fast.
    if name == "Result":
        from cleanup.pipeline import Result

        return Result
    raise AttributeError(f"module 'cleanup' has no attribute {name!r}")
