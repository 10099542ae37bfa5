"""Flag the lines an extraction cut short, and never invent what it lost.

Extractors drop runs of text silently (in the sample, every run that held a curly quote). A
line that lost its end is short although its paragraph goes on ("country. Washin"), or ends on
a scrap of a word; a line that lost its start begins with a scrap ("l through", "te by
several") or in lower case where a sentence should start; a gap inside a line shows as a
sentence end followed by lower case ("faction.[^16] unger brother"); a heading whose text is
gone is a bare "A.". Evidence is weighed into a confidence per flag: scraps against the
lexicon and the document's own vocabulary (a real word can still be cut: "handpick" is a word,
yet its sentence does not go on), the line's length against its zone's measure, whether the
paragraph continues, capitals, position in the paragraph. Headings, list items, table rows and
ordinary paragraph ends are not flagged. ``--mark`` writes "[…]" at each cut.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleanup import layout, lexicon
from cleanup.document import Document, Line, Paragraph
from cleanup.lexicon import WORD, Lexicon
from cleanup.report import Changes
from cleanup.rules import Rule, RuleSet
from cleanup.stages import paragraphs as paragraphs_stage
from cleanup.stages.hyphens import DANGLING_TAG

STAGE = "truncation"
MARK = "[…]"
DEFAULTS = {"short_line": 0.8, "word_zipf": 1.8, "min_confidence": 0.6}
# Words of one or two letters (scraps of longer words are not words).
SHORT_WORDS = frozenset({
    "a", "i", "o", "an", "am", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it",
    "me", "my", "no", "of", "oh", "ok", "on", "or", "so", "to", "up", "us", "we",
    "de", "la", "le", "et", "en", "el", "y", "e", "à",
})
_MARKERS = re.compile(r"\[\^[^\]\s]+\]")
_LIST_ITEM = re.compile(r"^\s*(?:[-•*–·]|\(?[a-z0-9]{1,3}[.)])\s")
_TABLE_ROW = re.compile(r"\S\s{3,}\S|\t|\|")
# A word of two or more lower-case letters ends a sentence, then lower case goes on.
_GAP_INSIDE = re.compile(r"\b([a-z]{2,})[.?!](?:\[\^[^\]\s]+\])*\s+([a-z][\w'’-]*)")
ABBREVIATIONS = frozenset({
    "etc", "cf", "al", "vs", "approx", "incl", "fig", "figs", "no", "nos", "vol", "vols", "pp",
    "ed", "eds", "ch", "sec", "para", "paras", "op", "ibid", "viz", "resp", "esp",
})
_LETTER_HEADING = re.compile(r"(?:[IVXLC]{1,6}|[A-H]|\d{1,2})\.")


@dataclass(slots=True)
class Evidence:
    """Why a line looks cut, and how sure that is."""

    where: str
    confidence: float
    reasons: list[str]


class Words:
    """Is a token a word? The document's own vocabulary first, then the lexicon."""

    def __init__(self, lex: Lexicon, word_zipf: float) -> None:
        self.lex = lex
        self.word_zipf = word_zipf

    def is_word(self, token: str) -> bool:
        t = token.casefold()
        if "-" in t:  # "full-time", "sea-level": a word when its parts are
            return all(self.is_word(part) for part in t.split("-") if part)
        if len(t) <= 2:
            return t in SHORT_WORDS
        return self.lex.in_document(t) >= 2 or self.lex.zipf(t) >= self.word_zipf


def _plain(text: str) -> str:
    return _MARKERS.sub("", text).strip()


def _measure(lines: list[Line]) -> int:
    """The zone's usual full line length (a few over-long lines do not raise it)."""
    lengths = sorted(len(_plain(ln.text)) for ln in lines if _plain(ln.text))
    return max(lengths[int(0.75 * (len(lengths) - 1))], 20) if lengths else 80


def assess(line: Line, k: int, para: Paragraph, measure: int, words: Words,
           params: dict[str, float], after_loss: bool) -> Evidence | None:
    """The evidence that ``line`` (the k-th of ``para``) was cut, if any.

    ``after_loss``: a blank line inside the paragraph comes before this line on its page, and
    the line before the blank was not flagged: the text lost there is this line's start.
    """
    text = _plain(line.text)
    if not text or (para.kind == "heading" and not _LETTER_HEADING.fullmatch(text)):
        return None
    if para.kind == "heading":
        return Evidence("heading", 0.9, ["a numbered heading whose text is gone"])
    if _LIST_ITEM.match(line.text) or _TABLE_ROW.search(text):
        return None
    tokens = WORD.findall(text)
    if not tokens:
        return None  # numbers and symbols only: a figure's or a table's data
    last_line = k == len(para.lines) - 1 or all(
        not _plain(ln.text) for ln in para.lines[k + 1:])
    short = len(text) < params["short_line"] * measure
    ends = bool(layout.SENTENCE_END.search(line.text.rstrip()))
    reasons: list[str] = []
    end_score = 0.0
    if not ends and not line.text.rstrip().endswith("-"):
        last = text.split()[-1]
        scrap = bool(tokens) and last[-1:].isalpha() and not words.is_word(tokens[-1])
        if short and not last_line:
            end_score += 0.65
            reasons.append(f"short ({len(text)} of {measure} characters) though its "
                           "paragraph goes on")
        if scrap:
            end_score += 0.45
            reasons.append(f"ends on {tokens[-1]!r}, no word")
        if last_line and short and not scrap:
            end_score += 0.35
            reasons.append("its paragraph stops mid-sentence")
    start_score = 0.0
    first = text.split()[0]
    # The rest of a word hyphenated on the line before is no scrap.
    continued = k > 0 and para.lines[k - 1].join in ("join", "keep")
    if tokens and first[:1].isalpha() and first[:1].islower() and not continued:
        if not words.is_word(tokens[0]):
            start_score += 0.75
            reasons.append(f"starts with {tokens[0]!r}, a scrap of a word")
        elif k == 0 and para.kind == "text":
            start_score += 0.6
            reasons.append("a paragraph that starts in lower case")
        elif after_loss:
            start_score += 0.65
            reasons.append("goes on, in lower case, after a blank line left by lost text")
    inside_score = 0.0
    for m in _GAP_INSIDE.finditer(line.text):
        if m.group(1).casefold() not in ABBREVIATIONS:
            inside_score = 0.7
            reasons.append(f"{m.group(1)!r} ends a sentence, then {m.group(2)!r} in lower "
                           "case: text lost inside the line")
            break
    best = max((end_score, "end"), (start_score, "start"), (inside_score, "inside"))
    if best[0] <= 0:
        return None
    return Evidence(best[1], min(0.95, best[0] + 0.1 * (len(reasons) - 1)), reasons)


def run(doc: Document, rules: RuleSet) -> tuple[Document, Changes]:
    """Flag each cut line (kind ``truncated``); with ``--mark``, show the cuts in the text."""
    changes = Changes()
    rule_list = rules.for_stage(STAGE, "flag_cuts")
    if not rule_list or not doc.paragraphs:
        return doc, changes
    rule: Rule = rule_list[0]
    params = {**DEFAULTS, **{k: float(v) for k, v in rule.options.items()}}
    already = {ln.no for ln in doc.lines if ln.has(DANGLING_TAG)}
    lex = lexicon.for_document(doc, str(doc.learned.get("language", "en")))
    words = Words(lex, params["word_zipf"])
    measures = {zone: _measure([ln for ln in doc.lines if ln.zone == zone])
                for zone in ("body", "notes")}
    marked: set[int] = set()
    flagged = set(already)
    for p_index, para in enumerate(doc.paragraphs):
        for k, line in enumerate(para.lines):
            if line.no in already:
                continue
            prev = para.lines[k - 1] if k else None
            after_loss = (prev is not None and bool(para.gaps) and para.gaps[k]
                          and prev.page == line.page and prev.no not in flagged)
            ev = assess(line, k, para, measures[line.zone], words, params, after_loss)
            if ev is None or ev.confidence < params["min_confidence"]:
                continue
            flagged.add(line.no)
            changes.flag("truncated", line.no, line.text, f"cut at the {ev.where}: "
                         + "; ".join(ev.reasons), round(ev.confidence, 2), STAGE, rule.id)
            if doc.options.get("mark") == "yes" and ev.where in ("end", "start"):
                before = line.text
                line.text = f"{line.text.rstrip()} {MARK}" if ev.where == "end" \
                    else f"{MARK} {line.text.lstrip()}"
                changes.edit(STAGE, rule.id, "mark", line.no, before, line.text,
                             reason=f"--mark: cut at the {ev.where}")
                marked.add(p_index)
    for p_index in marked:
        para = doc.paragraphs[p_index]
        para.text = paragraphs_stage.render(para)
    return doc, changes

