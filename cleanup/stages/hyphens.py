"""Resolve words hyphenated at line ends: join soft breaks, keep real hyphens, never glue
across lost text.

Every line ending in a hyphen gets one decision, recorded as an edit with its evidence:

* join  -- a soft break: "pres-" / "sure" -> "pressure";
* keep  -- a hyphen of the word: "Pashtun-" / "majority" -> "Pashtun-majority";
* space -- a suspended hyphen: "pre-" / "and post-war" -> "pre- and post-war";
* flag  -- the continuation was lost ("al-", a blank line, "instability"): nothing is glued, the
  line is flagged truncated.

Evidence, strongest first: a soft hyphen character; the document itself (the word spelt whole
or hyphenated elsewhere); publisher lists in the rule files (infixes such as Urdu/Persian
"-e-", compounds, prefixes); digits and capitals; then word frequencies (cleanup.lexicon).
The continuation is the next line of the same zone (body or footnotes), across page breaks;
blank lines between the two on one page mean text was probably lost there.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from cleanup import lexicon
from cleanup.document import Document, Line
from cleanup.lexicon import WORD, Lexicon
from cleanup.report import Changes
from cleanup.rules import Rule, RuleSet
from cleanup.structure import geometry

STAGE = "hyphens"
DANGLING_TAG = "dangling_hyphen"  # its line is flagged here; the truncation stage skips it
HYPHENS = "-‐\u00ad"
_ENDS_HYPHENATED = re.compile(r"[^\W_][-‐\u00ad]$")
_HYPHENS = ("-", "‐", "\u00ad")
_LEADING_PUNCT = "\"'“‘([{«"
_BARE_MARKER = re.compile(r"\d{1,3}")
# A dot between letters inside a token: a file or host name ("radvd.conf", "lists.debian.org").
_INNER_DOT = re.compile(r"[^\W\d_]\.[^\W\d_]")
DEFAULTS = {"join_zipf": 3.0, "word_zipf": 2.5, "continuation_zipf": 3.0, "fragment_zipf": 3.0,
            "scrap_zipf": 6.0, "known_zipf": 1.0}


@dataclass(slots=True)
class Decision:
    """What to do with one line-end hyphen, and why."""

    action: str      # join, keep, space or flag
    rule: Rule
    reason: str


class Hyphens:
    """The hyphen rules in force, by action."""

    def __init__(self, rules: RuleSet) -> None:
        self.by_action: dict[str, list[Rule]] = {}
        for rule in rules.for_stage(STAGE):
            self.by_action.setdefault(rule.action, []).append(rule)
        lexicon = self.rule("lexicon")
        self.params = {**DEFAULTS, **(lexicon.options if lexicon else {})}
        self.language = str(self.params.get("language", "en"))
        self._words: dict[tuple[str, str], set[str]] = {}

    def rule(self, action: str, word: str = "", key: str = "") -> Rule | None:
        """The rule in force for an action; with ``word``, the one whose list holds it (a
        publisher's list adds to the built-in one)."""
        found = self.by_action.get(action)
        if not found:
            return None
        if word:
            return next((r for r in found if word.casefold() in {
                str(w).casefold() for w in r.options.get(key, [])}), found[0])
        return found[0]

    def words(self, action: str, key: str) -> set[str]:
        """The union of a list over every rule of an action."""
        cached = self._words.get((action, key))
        if cached is None:
            cached = {str(w).casefold() for r in self.by_action.get(action, [])
                      for w in r.options.get(key, [])}
            self._words[(action, key)] = cached
        return cached


def _left_token(text: str) -> str:
    token = text.rstrip().rsplit(None, 1)[-1]
    return token.lstrip(_LEADING_PUNCT)


def _right_word(token: str) -> str:
    m = WORD.match(token)
    return m.group() if m else ""


def decide(left: str, right_token: str, gap: bool, lex: Lexicon, hy: Hyphens,
           following: str = "", fragments: Counter[str] | None = None) -> Decision | None:
    """The decision for ``left`` (ending in a hyphen) continued by ``right_token``: the first
    piece of evidence, strongest first, whose rule is in force.

    ``following`` is the next word after ``right_token``, when known; ``fragments`` counts
    the (case-folded) pieces of every line-end break of the document, so that the pieces do
    not count as the document using them as words.
    """
    stem = left.rstrip(HYPHENS)
    listed = f"{stem}-{_right_word(right_token)}"
    evidence = _evidence(left, right_token, gap, lex, hy, following, fragments or Counter())
    for action, rule_action, reason in evidence:
        rule = hy.rule(rule_action, listed, "words") if rule_action == "compound" \
            else hy.rule(rule_action)
        if rule is not None:
            return Decision(action, rule, reason)
    return None


def _identifier(left: str, right_token: str, hy: Hyphens) -> bool:
    """Whether the broken token is a URL, path, address or code name: typesetters break those
    at their own hyphens and never insert one."""
    marks = hy.words("identifier", "marks")
    return any(m in left or m in right_token for m in marks) \
        or bool(_INNER_DOT.search(right_token.rstrip(".,;:)]}'\"”’")))


def _used_apart(word: str, lex: Lexicon, fragments: Counter[str]) -> bool:
    """Whether the document uses ``word`` as a word (alone or in a compound) other than as a
    piece of a line-end break."""
    return lex.as_part(word) > fragments.get(word.casefold(), 0)


def _evidence(left: str, right_token: str, gap: bool, lex: Lexicon, hy: Hyphens,
              following: str, fragments: Counter[str]) -> Iterator[tuple[str, str, str]]:
    stem = left.rstrip(HYPHENS)
    right = _right_word(right_token)
    joined, hyphenated = stem + right, f"{stem}-{right}"
    p = hy.params
    if not right_token or (_BARE_MARKER.fullmatch(right_token) and not stem[-1:].isdigit()):
        yield "flag", "lost_continuation", "nothing follows but a footnote number"
    if left.endswith("\u00ad") and not gap:
        yield "join", "soft_hyphen", "soft hyphen character (U+00AD)"
    if right_token in hy.words("suspended", "words") and (
            not following or "-" in following.strip(HYPHENS)
            or stem.casefold() in hy.words("prefix", "prefixes")):
        # "pre- and post-war": the conjunction leads to the compound that completes it.
        yield "space", "suspended", f"suspended hyphen before {right_token!r}"
    if "-" in stem and stem.rsplit("-", 1)[1].casefold() in hy.words("infix", "infixes") \
            and right[:1].isupper():
        yield "keep", "infix", f"name joined by the infix '-{stem.rsplit('-', 1)[1]}-'"
    if right:
        whole, split = lex.in_document(joined), lex.in_document(hyphenated)
        if whole != split:
            yield ("join" if whole > split else "keep", "document",
                   f"the document spells it {joined!r} {whole}x, {hyphenated!r} {split}x")
    j = lex.zipf(joined) if right else 0.0
    if gap:
        r = lex.zipf(right)
        if right[:1].islower() and j >= p["join_zipf"] + 0.5 and r < p["fragment_zipf"]:
            yield "join", "lexicon", (f"across a blank line: {joined!r} is a common word "
                                      f"(zipf {j:.2f}) and {right!r} is no word ({r:.2f})")
        yield "flag", "lost_continuation", (f"blank line before {right_token!r}: the "
                                            f"continuation of {left!r} was lost")
        return
    if stem[-1:].isdigit() or right_token[:1].isdigit():
        yield "keep", "digits", "a number on one side of the hyphen"
    if _identifier(left, right_token, hy):
        yield "keep", "identifier", "a URL, path, address or file name keeps its own hyphens"
    if "-" in stem or "-" in right:
        yield "keep", "compound", "part of a longer hyphenated compound"
    if hyphenated.casefold() in hy.words("compound", "words"):
        yield "keep", "compound", f"{hyphenated!r} is a listed compound"
    if right[:1].isupper() and not (right.isupper() and stem.isupper()):
        yield "keep", "capital", f"{right!r} is capitalised"
    if right.isupper() and stem.isupper() and len(right) > 1 and j == 0 and \
            lex.zipf(right) > 0 and lex.zipf(stem) > 0:
        # "UEFI-" / "CSM": two known capitalised words that make no word together.
        yield "keep", "capital", f"{stem!r} and {right!r} are capitalised words of their own"
    if not right:
        yield "keep", "lexicon", f"{right_token!r} is not a word to join"
        return
    l_, r = lex.zipf(stem), lex.zipf(right)
    evidence = f"zipf {joined!r} {j:.2f}, {stem!r} {l_:.2f}, {right!r} {r:.2f}"
    if j == 0 and len(right) <= 3 and l_ >= p["continuation_zipf"] + 0.5 \
            and r < p["scrap_zipf"]:
        # "move-" / "te by several": a whole word, then a scrap that joins to no word. The
        # scrap is the tail of a lost run (short scraps score high in any lexicon), unless it
        # is one of the commonest words ("assigned-" / "to").
        yield "flag", "lost_continuation", (f"{stem!r} is a word and {right!r} a scrap that "
                                            f"joins to none: text was lost; {evidence}")
    if stem.casefold() in hy.words("prefix", "prefixes") and j < p["join_zipf"]:
        yield "keep", "prefix", f"{stem!r}- is a prefix that keeps its hyphen; {evidence}"
    if j >= p["join_zipf"]:
        yield "join", "lexicon", f"{joined!r} is a common word; {evidence}"
    if right.casefold() in hy.words("suffix", "suffixes"):
        # Short suffixes score as words of their own ("ing", "ers"): they never are here.
        yield "join", "suffix", f"{right!r} is a suffix, not a word; {evidence}"
    if l_ >= p["word_zipf"] and r >= p["word_zipf"]:
        yield "keep", "lexicon", f"both parts are words; {evidence}"
    elif j == 0 and _used_apart(stem, lex, fragments) and _used_apart(right, lex, fragments):
        # Names the lexicon does not know ("autopkgtest-" / "testsuite") that the document
        # uses apart: a compound of them, not the pieces of one unknown word.
        yield "keep", "document", (f"the document uses {stem!r} and {right!r} as words, and "
                                   f"{joined!r} is no word; {evidence}")
    elif j > 0:
        yield "join", "lexicon", f"{joined!r} is a word, its parts are not; {evidence}"
    elif r >= p["continuation_zipf"]:
        yield "keep", "lexicon", f"{right!r} is a word of its own; {evidence}"
    elif l_ >= p["continuation_zipf"] + 0.5 and r >= p["known_zipf"]:
        # "hot-" / "swappable": a common word, then a rare one; the pieces of one unknown
        # word are rarely both words.
        yield "keep", "lexicon", f"{stem!r} is a common word and {right!r} a rare one; {evidence}"
    else:
        yield "join", "lexicon", f"fragments of a word the lexicon does not know; {evidence}"


def run(doc: Document, rules: RuleSet) -> tuple[Document, Changes]:
    """Decide every line-end hyphen; the paragraphs stage applies the decisions."""
    changes = Changes()
    hy = Hyphens(rules)
    if not hy.by_action:
        return doc, changes
    lines = doc.lines
    # (The line's end first: the pattern alone is tried at every place in every line.)
    candidates = [i for i, ln in enumerate(lines) if ln.text.endswith(_HYPHENS)
                  and _ENDS_HYPHENATED.search(ln.text)]
    if not candidates:
        return doc, changes
    lex = lexicon.for_document(doc, hy.language)
    doc.learned["language"] = lex.language
    following = _next_in_zone(lines)
    fragments = _fragments(lines, candidates, following)
    for i in candidates:
        line = lines[i]
        j = following.get(i)
        nxt = lines[j] if j is not None else None
        gap = nxt is not None and nxt.page == line.page and any(
            lines[k].blank for k in range(i + 1, j))  # type: ignore[arg-type]
        left = _left_token(line.text)
        words = nxt.text.split(None, 2) if nxt is not None else []
        right_token = words[0] if words else ""
        decision = decide(left, right_token, gap, lex, hy,
                          words[1] if len(words) > 1 else "", fragments)
        if decision is None:
            continue
        _apply(line, nxt, left, right_token, decision, changes, gap)
    return doc, changes


def _fragments(lines: list[Line], candidates: list[int], following: dict[int, int]) \
        -> Counter[str]:
    """The case-folded pieces of every line-end break: the lexicon counted them as words."""
    pieces: Counter[str] = Counter()
    for i in candidates:
        stem = _left_token(lines[i].text).rstrip(HYPHENS)
        pieces.update(p.casefold() for p in re.split(r"[-‐]", stem) if p)
        j = following.get(i)
        if j is not None and lines[j].text.strip():
            right = _right_word(lines[j].text.split(None, 1)[0])
            pieces.update(p.casefold() for p in re.split(r"[-‐]", right) if p)
    return pieces


def _next_in_zone(lines: list[Line]) -> dict[int, int]:
    """For each content line, the index of the next content line of the same zone."""
    following: dict[int, int] = {}
    last: dict[str, int] = {}
    for i, line in enumerate(lines):
        text = line.text
        if not text or text.isspace():  # (Line.blank, spelled out: asked of every line)
            continue
        if line.zone in last:
            following[last[line.zone]] = i
        last[line.zone] = i
    return following


def _apply(line: Line, nxt: Line | None, left: str, right_token: str, decision: Decision,
           changes: Changes, gap: bool = False) -> None:
    stem = left.rstrip(HYPHENS)
    lines = (line.no,) if nxt is None else (line.no, nxt.no)
    before = f"{left} | {right_token}" if nxt is not None else left
    after = {"join": stem + right_token, "keep": f"{stem}-{right_token}",
             "space": f"{stem}- {right_token}", "flag": f"{stem}- {right_token}".rstrip()}
    line.join = "space" if decision.action == "flag" else decision.action
    reason, evidence = decision.reason, ""
    if line.geo is not None:
        # The page shows whether the hyphen ends a full line (the typesetter broke the word
        # there) and which line comes next in reading order; the word decision is the text's.
        full = line.has(geometry.FULL_TAG)
        evidence = "geometry" if full and nxt is not None and nxt.geo is not None else "text"
        if full:
            reason += "; the hyphen ends a line set to the column's full measure"
    changes.edit(STAGE, decision.rule.id, decision.action, lines, before,
                 after[decision.action], reason=reason, evidence=evidence)
    if decision.action == "flag":
        _flag_lost(line, nxt, right_token, gap, decision, changes)


def _flag_lost(line: Line, nxt: Line | None, right_token: str, gap: bool,
               decision: Decision, changes: Changes) -> None:
    """Flag the line that lost text, which is not always the one ending in the hyphen.

    Before a blank line (or at the end) the hyphen's continuation was lost: the hyphen's line
    is cut at its end. A scrap after it ("move-" / "te by several") is what is left of the next
    line's lost start: that line is cut. A footnote number after it is a marker whose text
    before it was lost: the lines are whole, text is missing between them (``lost_text``; the
    footnotes stage places the marker).
    """
    if nxt is not None and _BARE_MARKER.fullmatch(right_token):
        line.tag(DANGLING_TAG)
        changes.flag("lost_text", line.no, line.text, f"dangling hyphen: {decision.reason}: "
                     "text was lost between this line and the next", confidence=0.9,
                     stage=STAGE, rule=decision.rule.id)
    elif nxt is not None and not gap and right_token:
        nxt.tag(DANGLING_TAG)
        changes.flag("truncated", nxt.no, nxt.text, f"cut at the start: after the hyphen of "
                     f"line {line.no}, {decision.reason}", confidence=0.9, stage=STAGE,
                     rule=decision.rule.id)
    else:
        line.tag(DANGLING_TAG)
        changes.flag("truncated", line.no, line.text, f"dangling hyphen: {decision.reason}",
                     confidence=0.9, stage=STAGE, rule=decision.rule.id)
