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
from typing import Any

from cleanup import layout, lexicon
from cleanup.document import Document, Line, Paragraph
from cleanup.lexicon import WORD, Lexicon
from cleanup.report import Changes
from cleanup.rules import Rule, RuleSet
from cleanup.stages import paragraphs as paragraphs_stage
from cleanup.stages.hyphens import DANGLING_TAG

STAGE = "truncation"
MARK = "[…]"
DEFAULTS = {"short_line": 0.8, "word_zipf": 1.8, "min_confidence": 0.6, "room": 0.95,
            "w_short": 0.65, "w_end_scrap": 0.45, "w_stops": 0.2, "w_never_last": 0.3,
            "w_start_scrap": 0.45, "w_short_start": 0.3, "w_lower_start": 0.2,
            "w_lead_space": 0.7, "w_inside": 0.2, "w_inside_scrap": 0.7, "w_inner_scrap": 0.7,
            "w_room": 0.1, "short_word_zipf": 4.5, "short_line_gap": 0.6,
            "lost_line_confidence": 0.7}
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
_EDGE_PUNCT = "\"'“”‘’()[]{},.;:!?…"
_LEADING_MARKER = re.compile(r"\s*\[\^[^\]\s]+\]")
_LETTER_HEADING = re.compile(r"(?:[IVXLC]{1,6}|[A-H]|\d{1,2})\.")


@dataclass(slots=True)
class Evidence:
    """Why a line looks cut, and how sure that is."""

    where: str
    confidence: float
    reasons: list[str]


class Words:
    """Is a token a word? The document's own vocabulary first, then the lexicon."""

    def __init__(self, lex: Lexicon, word_zipf: float, short_word_zipf: float = 4.5) -> None:
        self.lex = lex
        self.word_zipf = word_zipf
        self.short_word_zipf = short_word_zipf
        self._heads: set[str] | None = None
        self._tails: set[str] | None = None

    def is_word(self, token: str, at_cut: bool = False) -> bool:
        """``at_cut``: the token stands where a cut would leave a scrap (a line's edge), and
        scraps of three letters are words in any lexicon ("ion", "ted"): there, such a token
        is a word only if the document uses it elsewhere or the language uses it a lot."""
        t = token.casefold()
        if "-" in t:  # "full-time", "sea-level": a word when its parts are
            return all(self.is_word(part) for part in t.split("-") if part)
        if len(t) <= 2:
            return t in SHORT_WORDS
        if at_cut and len(t) == 3:
            return self.lex.in_document(t) >= 2 or self.lex.zipf(t) >= self.short_word_zipf
        return self.lex.in_document(t) >= 2 or self.lex.zipf(t) >= self.word_zipf

    def _pieces(self) -> tuple[set[str], set[str]]:
        if self._heads is None or self._tails is None:
            heads: set[str] = set()
            tails: set[str] = set()
            for w in self.lex.counts:
                if len(w) >= 4 and "-" not in w:
                    heads.update(w[:i] for i in range(1, len(w) - 1))
                    tails.update(w[i:] for i in range(2, len(w)))
            self._heads, self._tails = heads, tails
        return self._heads, self._tails

    def is_head(self, token: str) -> bool:
        """Is ``token`` the start of a longer word the document uses ("Washin")?"""
        return token.casefold() in self._pieces()[0]

    def is_tail(self, token: str) -> bool:
        """Is ``token`` the end of a longer word the document uses ("ements")?"""
        return token.casefold() in self._pieces()[1]


def _plain(text: str) -> str:
    return _MARKERS.sub("", text).strip()


def _measure(lines: list[Line], share: float = 0.75) -> int:
    """The zone's usual full line length (a few over-long lines do not raise it): the length
    ``share`` of its lines do not exceed."""
    lengths = sorted(len(_plain(ln.text)) for ln in lines if _plain(ln.text))
    return max(lengths[int(share * (len(lengths) - 1))], 20) if lengths else 80


def _prose(token: str) -> bool:
    """Is this whitespace-separated token a word of running text (not a URL, a path, a file
    name or a command option, whose pieces are no words and no scraps either)?"""
    return bool(WORD.fullmatch(token.strip(_EDGE_PUNCT)))


def _heading_like(text: str) -> bool:
    """Capitalised like a heading: it starts with a capital, has no comma, and most words of
    four letters or more start with a capital."""
    content = [w for w in WORD.findall(text) if len(w) > 3]
    return text[:1].isupper() and "," not in text and bool(content) \
        and sum(w[0].isupper() for w in content) >= 0.6 * len(content)


def _fits(text: str, nxt: Line | None, room: int) -> bool:
    """Would the next line's first word have fitted at the end of ``text``?

    A line wraps early when the word after it is too long for the room left (a URL, a path):
    that line is short by typesetting, not by damage.
    """
    if nxt is None:
        return True
    following = _plain(nxt.text).split()
    return not following or len(text) + 1 + len(following[0]) <= room


def next_text(para: Paragraph) -> list[int | None]:
    """For each line of ``para``, the index of the next line with text (``None`` after the
    last): one pass from the end, so that a paragraph of n lines costs n, not n²."""
    found: list[int | None] = [None] * len(para.lines)
    following: int | None = None
    for i in range(len(para.lines) - 1, -1, -1):
        found[i] = following
        if _plain(para.lines[i].text):
            following = i
    return found


def assess(line: Line, k: int, para: Paragraph, measure: int, words: Words,
           params: dict[str, Any], room: int | None = None,
           following: list[int | None] | None = None) -> Evidence | None:
    """The evidence that ``line`` (the k-th of ``para``) was cut, if any.

    ``room``: the longest line the zone's measure allows (a line is short only if the next
    word would have fitted). ``following``: :func:`next_text` of ``para`` (computed here when
    not given; pass it when assessing every line of a paragraph).
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
    if following is None:
        following = next_text(para)
    j = following[k]
    last_line = j is None
    nxt = None if j is None else para.lines[j]
    # The paragraph stage joins across a blank line whatever does not end a sentence; only a
    # next line with no blank before it (or across a page break), or one that goes on in lower
    # case, shows that the paragraph goes on. After a blank line in lower case, a whole line
    # may have vanished there instead: then this line's shortness says nothing of its end.
    after_blank = j is not None and bool(para.gaps) and para.gaps[j] \
        and para.lines[j].page == line.page
    if after_blank and not _plain(para.lines[j].text)[:1].islower():  # type: ignore[index]
        last_line = True
    # A heading the paragraph stage took into the text ("A.12. PureOS", "4.12. The 11.x
    # Releases" before a page break) is set off by a blank line or a page break.
    if j is not None and para.gaps and para.gaps[j] and _heading_like(text):
        last_line = after_blank = True
    fits = _fits(text, nxt, room if room is not None else measure)
    # A first-line indent takes room too.
    length = len(_MARKERS.sub("", line.text).rstrip())
    short = length < params["short_line"] * measure and fits
    # A footnote number left at the line's start: the text before it was lost, which is what
    # made the line short (the footnotes stage reports that marker).
    if _LEADING_MARKER.match(line.text):
        short = False
    ends = bool(layout.SENTENCE_END.search(line.text.rstrip()))
    tally = _Tally(params)
    # Two trailing spaces end a paragraph in layouts that mark it so (ARTIFACTS.md, line 35):
    # a cut takes them with the lost text, so a line that keeps them has its end.
    if not ends and not line.text.rstrip().endswith("-") and line.trailing_spaces != 2:
        scrap = text[-1:].isalpha() and _prose(text.split()[-1]) \
            and not words.is_word(tokens[-1], at_cut=True)
        # Before a blank line where a whole line may have vanished, only a line much shorter
        # than the measure lost its own end (the vanished line does not explain that).
        if short and not last_line and (
                not after_blank or length < params["short_line_gap"] * measure):
            tally.add("end", "w_short", f"short ({len(text)} of {measure} characters) though "
                      "its paragraph goes on")
        if scrap:
            tally.add("end", "w_end_scrap", f"ends on {tokens[-1]!r}, no word")
            if not short and not last_line and fits and words.is_head(tokens[-1]):
                tally.add("end", "w_room", f"the next word would have fitted, and "
                          f"{tokens[-1]!r} starts a word the document uses")
        # Only a short last line: a full one ends where the line would wrap, and the text
        # lost is the line after it (whole).
        if (last_line or (after_blank and not short)) \
                and length < params["short_line"] * measure:
            tally.add("end", "w_stops", "its paragraph stops mid-sentence")
            # (Not in a heading, which may end on any word: "And Then There Were None".)
            if text[-1:].isalpha() and _prose(text.split()[-1]) and not _heading_like(text) \
                    and tokens[-1].casefold() in params["never_last"]:
                tally.add("end", "w_never_last",
                          f"on {tokens[-1]!r}, a word that cannot end a sentence")
    first = text.split()[0]
    # The rest of a word hyphenated on the line before is no scrap.
    continued = k > 0 and para.lines[k - 1].join in ("join", "keep")
    # (A paragraph's first line may be indented by one space: a capital there is no cut.)
    if not continued and line.text[:1] == " " and line.text[1:2] != " " \
            and (k > 0 or first[:1].islower()) and not _LEADING_MARKER.match(line.text):
        tally.add("start", "w_lead_space", "one space before it, where a lost run of text "
                  "stood")
    if first[:1].isalpha() and first[:1].islower() and not continued:
        if _prose(first) and not words.is_word(tokens[0], at_cut=True):
            tally.add("start", "w_start_scrap", f"starts with {tokens[0]!r}, a scrap of a word")
            if short and not last_line:
                tally.add("start", "w_short_start", f"short ({len(text)} of {measure} "
                          "characters) though its paragraph goes on")
        elif k == 0 and para.kind == "text":
            tally.add("start", "w_lower_start", "a paragraph that starts in lower case")
    for m in _GAP_INSIDE.finditer(line.text):
        if m.group(1).casefold() not in ABBREVIATIONS:
            # A command or a name may start a sentence in lower case; a scrap may not.
            scrap_after = not words.is_word(m.group(2).rstrip(".,;:!?)"), at_cut=True)
            tally.add("inside", "w_inside_scrap" if scrap_after else "w_inside",
                      f"{m.group(1)!r} ends a sentence, then {m.group(2)!r} in lower case"
                      + (", a scrap of a word" if scrap_after else "")
                      + ": text lost inside the line")
            break
    for a in text.split()[1:-1]:
        # A lost run inside a line leaves the two ends of what it cut: the start of one word
        # and, after a space, the end of another ("informa on", "th ase").
        a = a.strip(_EDGE_PUNCT)
        if len(a) >= 3 and a.islower() and _prose(a) and not words.is_word(a) and (
                words.is_head(a) or words.is_tail(a)):
            tally.add("inside", "w_inner_scrap", f"{a!r} inside the line is a piece of a word")
            break
    if tally.score["inside"] > 0 and short and not last_line:
        # Text lost inside the line is what made it short.
        tally.add("inside", "w_short", f"short ({len(text)} of {measure} characters) though "
                  "its paragraph goes on")
    return tally.best()


class _Tally:
    """Evidence for each place a line may have been cut, weighed by the rule's scores."""

    def __init__(self, params: dict[str, Any]) -> None:
        self.params = params
        self.score = {"end": 0.0, "start": 0.0, "inside": 0.0}
        self.why: dict[str, list[str]] = {"end": [], "start": [], "inside": []}

    def add(self, where: str, weight: str, reason: str) -> None:
        if self.params[weight] > 0:  # evidence switched off counts for nothing, not even 0.1
            self.score[where] += self.params[weight]
            self.why[where].append(reason)

    def best(self) -> Evidence | None:
        """The likeliest place, its confidence (0.1 more for each further piece of evidence,
        at most 0.95) and its reasons."""
        where = max(self.score, key=lambda w: self.score[w])
        if self.score[where] <= 0:
            return None
        why = self.why[where]
        return Evidence(where, min(0.95, self.score[where] + 0.1 * (len(why) - 1)), why)


def run(doc: Document, rules: RuleSet) -> tuple[Document, Changes]:
    """Flag each cut line (kind ``truncated``); with ``--mark``, show the cuts in the text."""
    changes = Changes()
    rule_list = rules.for_stage(STAGE, "flag_cuts")
    if not rule_list or not doc.paragraphs:
        return doc, changes
    rule: Rule = rule_list[0]
    params: dict[str, Any] = {**DEFAULTS, **{k: float(v) for k, v in rule.options.items()
                                             if isinstance(v, (int, float))}}
    params.update({k: float(v) for k, v in rule.options.get("scores", {}).items()})
    params["never_last"] = frozenset(w.casefold() for w in rule.options.get("words", ()))
    already = {ln.no for ln in doc.lines if ln.has(DANGLING_TAG)}
    lex = lexicon.for_document(doc, str(doc.learned.get("language", "en")))
    words = Words(lex, params["word_zipf"], params["short_word_zipf"])
    measures = {zone: _measure([ln for ln in doc.lines if ln.zone == zone])
                for zone in ("body", "notes")}
    rooms = {zone: _measure([ln for ln in doc.lines if ln.zone == zone], params["room"])
             for zone in ("body", "notes")}
    marked: set[int] = set()
    marked_lines: set[int] = set()
    flagged = set(already)
    for p_index, para in enumerate(doc.paragraphs):
        following = next_text(para)
        for k, line in enumerate(para.lines):
            if line.no in already:
                continue
            prev = para.lines[k - 1] if k else None
            after_loss = (prev is not None and bool(para.gaps) and para.gaps[k]
                          and prev.page == line.page and prev.no not in flagged)
            ev = assess(line, k, para, measures[line.zone], words, params, rooms[line.zone],
                        following)
            if ev is None or ev.confidence < params["min_confidence"]:
                if after_loss and _plain(line.text)[:1].islower():
                    # The line is whole; the one before it vanished and left a blank line.
                    changes.flag("lost_text", line.no, line.text, "a line was lost before "
                                 "this one: its sentence breaks at a blank line and goes on in "
                                 "lower case", params["lost_line_confidence"], STAGE, rule.id)
                continue
            flagged.add(line.no)
            changes.flag("truncated", line.no, line.text, f"cut at the {ev.where}: "
                         + "; ".join(ev.reasons), round(ev.confidence, 2), STAGE, rule.id)
            # One mark for a run lost across a line break: the end of the line before is it.
            start_marked = ev.where == "start" and (prev is None or prev.no not in marked_lines)
            if doc.options.get("mark") == "yes" and (ev.where == "end" or start_marked):
                before = line.text
                line.text = f"{line.text.rstrip()} {MARK}" if ev.where == "end" \
                    else f"{MARK} {line.text.lstrip()}"
                changes.edit(STAGE, rule.id, "mark", line.no, before, line.text,
                             reason=f"--mark: cut at the {ev.where}")
                marked.add(p_index)
                if ev.where == "end":
                    marked_lines.add(line.no)
    for p_index in marked:
        para = doc.paragraphs[p_index]
        para.text = paragraphs_stage.render(para)
    return doc, changes

