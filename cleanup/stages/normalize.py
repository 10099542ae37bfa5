"""Repair Unicode damage: mojibake and ligatures (ftfy), odd spaces, trailing whitespace.

A TeX font's ligature codes that an extractor passed on as control characters ("de\\x0cned")
become the ligature's letters first, where the document shows them inside words. Then NUL
and control characters (all of C0 and DEL but tab, line feed and form feed; a carriage
return still in a line is a stray glyph, not a line end) go, from every line, by one rule,
so that the output never depends on whether a line also held a non-ASCII character (ftfy
drops them only from lines it runs on) and cleaning a cleaned text changes nothing. How
many went is counted in the report.

Only the current text changes; each line's ``raw`` keeps the input as it was, because later
stages read evidence from it (two trailing spaces end a paragraph in some layouts, one-space
lines separate footnote blocks).
"""

from __future__ import annotations

import re

import ftfy
from ftfy.chardata import LIGATURES

from cleanup.document import Document, has_font_codes
from cleanup.report import Changes
from cleanup.rules import Rule, RuleSet

STAGE = "normalize"

# Quotes stay curly and line breaks are ours to handle: ftfy only repairs what was damaged.
FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_line_breaks=False, explain=False)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0d-\x1f\x7f]+")
# What ftfy can change: a line of printable ASCII and typographic quotes, dashes, ellipses,
# bullets and no-break spaces is none of its business (no mojibake pattern is made of those
# alone: every string of up to three such characters checked against ftfy's badness rules,
# and ftfy's whole fix run on each such string with a no-break space; no ligature, width,
# NFC or C1 fix applies), unless an HTML entity may need unescaping. Most of the non-ASCII
# lines of the corpora are such lines (a no-break space in ~10,000 of 14,000 in 40 real
# texts), and ftfy costs ~80 µs a line.
_FTFY_CAN_CHANGE = re.compile(r"[^\t\x20-\x7e\xa0‘’“”–—…•]|&")
# The Latin ligatures that ftfy spells out in ASCII letters ("ﬁ" -> "fi"), and a line of
# them, printable ASCII and a few typographic characters: there ftfy's whole fix is that
# spelling (its mojibake rules find nothing bad in such a line, no other fix applies; checked
# as above, tests/test_fast_paths_para.py). Not with curly double quotes or bullets: beside a
# ligature ftfy's rules read those as bad ('”ﬁ'), so such a line still goes to ftfy. pypdf
# passes ligatures on in most TeX documents: thousands of the 11,000 lines ftfy was run on
# in 40 real texts.
_LIGATURES = {ord(c): LIGATURES[ord(c)] for c in "ﬀﬁﬂﬃﬄﬆ"}
_MORE_THAN_LIGATURES = re.compile(r"[^\t\x20-\x7e\xa0’–—…ﬀﬁﬂﬃﬄﬆ]|&")


def run(doc: Document, rules: RuleSet) -> tuple[Document, Changes]:
    """Repair each line; record an edit for every line whose text changed beyond whitespace."""
    changes = Changes()
    use_ftfy = [r for r in rules.for_stage(STAGE, "ftfy")]
    replacements = rules.for_stage(STAGE, "replace")
    whole = "\n".join(line.raw for line in doc.lines)
    for rule in rules.for_stage(STAGE, "font_codes"):
        if has_font_codes(whole):
            _restore_font_codes(doc, rule, changes)
            whole = "\n".join(line.text for line in doc.lines)
    control = rules.for_stage(STAGE, "control")
    if control and CONTROL.search(whole):
        _remove_control(doc, control[0].id, changes)
        whole = "\n".join(line.text for line in doc.lines)
    # Decide once per document which rules can apply, so clean ASCII input costs one scan.
    active = [r for r in replacements if r.pattern is not None and r.pattern.search(whole)]
    needs_ftfy = bool(use_ftfy) and not whole.isascii()
    for line in doc.lines:
        text = line.text
        if needs_ftfy and not text.isascii() and _FTFY_CAN_CHANGE.search(text):
            fixed = text.translate(_LIGATURES) if _MORE_THAN_LIGATURES.search(text) is None \
                else ftfy.fix_text(text, FTFY_CONFIG)
            if fixed != text:
                changes.edit(STAGE, use_ftfy[0].id, "replace", line.no, text, fixed)
                text = fixed
        for rule in active:
            assert rule.pattern is not None
            new = rule.pattern.sub(rule.options["replace"], text)
            if new != text and new.rstrip() != text.rstrip():
                changes.edit(STAGE, rule.id, "replace", line.no, text, new)
            text = new
        line.text = text.rstrip()
    return doc, changes


def _remove_control(doc: Document, rule_id: str, changes: Changes) -> None:
    """Take NUL and control characters out of every line; count them in ``doc.learned``."""
    removed = 0
    for line in doc.lines:
        if CONTROL.search(line.text):
            # (A stray carriage return parted what stood either side of it: a space keeps
            # two words apart.)
            new = CONTROL.sub(_controls_out, line.text)
            removed += sum(len(m[0]) for m in CONTROL.finditer(line.text))
            changes.edit(STAGE, rule_id, "replace", line.no, line.text, new,
                         reason="NUL and control characters removed")
            line.text = new
    doc.learned["control_chars_removed"] = removed


def _controls_out(m: re.Match[str]) -> str:
    return " " if "\r" in m[0] else ""


def _restore_font_codes(doc: Document, rule: Rule, changes: Changes) -> None:
    """Font codes that stand for ligatures ("de\\x0cned") become the letters they print,
    where they touch a letter; the document showed such codes inside words (the evidence)."""
    codes: dict[str, str] = rule.options["codes"]
    chars = re.escape("".join(codes))
    touching = re.compile(rf"(?<=[^\W\d_])[{chars}]|[{chars}](?=[^\W\d_])")
    for line in doc.lines:
        if touching.search(line.text):
            new = touching.sub(lambda m: codes[m[0]], line.text)
            changes.edit(STAGE, rule.id, "replace", line.no, line.text, new,
                         reason="TeX ligature codes inside words")
            line.text = new
