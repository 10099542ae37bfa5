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
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from cleanup import lexicon, persons
from cleanup.document import Document, Line
from cleanup.report import Changes
from cleanup.rules import Rule, RuleSet
from cleanup.stages import watermarks

STAGE = "metadata"
FIRST_PAGE_LINES = 60     # the masthead stands at the top of the first page
DEFAULT_TITLE_LINES = 4
MASTHEAD_SKIP = 3         # field lines (a series line, a journal's dated line) over a
                          # masthead's title, or between it and the names, at most
TITLE_WORDS = 20          # a title line is no sentence of body text
MAX_NAME_LINES = 8        # authors set one to a line, after the first
AUTHOR_BLOCK_LINES = 10   # an author's affiliation and address lines before the next name
LOWER_WORD_TIMES = 2      # a word the document sets in lower case this often is no name
PLAIN_ZIPF = 4.5          # words this common ("user", "guide") name no one together
_WORDISH = re.compile(r"[^\W\d_]{3}")
# A note's mark set after a title ("The dramatist package∗").
_TITLE_MARK = re.compile(r"[∗*†‡]+$")
# Words in lower case, not parts of an address ("keith.d.marshall@ntlworld.com" names Keith).
_LOWER_WORD = re.compile(r"(?<![\w.@/])[a-zß-öø-ÿ][a-zß-öø-ÿ'’-]+(?![\w@/]|\.\w)")
_IDENTIFIER = re.compile(r"[a-z][\w.+-]*")  # a package's or program's name, one token
PARAGRAPH_WORDS = 10
WRAPPED_TITLE_WIDTH = 25  # characters: a title line this long or more may be a wrapped one
# A line in lower case that names what kind of document it is, under its title ('METAPOST' /
# 'a user's manual'): no title words going on. (In capitals, 'User Guide' under 'The
# dramatist package' is the title's, 'Reference Manual' under 'GNU Linear Programming Kit'
# may be either: the title keeps it.)
_DOC_TYPE = re.compile(r"(?:(?:an?|the)\s+)?(?:[\w’'-]+\s+){0,2}"
                       r"(?:manual|guide|reference|handbook|tutorial|documentation)")
# A version stated as a token ('TUD-Script v2.06o basierend auf KOMA-Script'): a masthead's
# line, not a title's. (A product's number in a title has no 'v': 'Ghostscript 9.54 Color
# Management'.)
_VERSION_TOKEN = re.compile(r"\bv\d+(?:\.\d+)+[a-z]?\b")
# A full date: a masthead's line ('Preprint 27 June 2020 Compiled using ...'), not a title's.
_FULL_DATE = re.compile(r"\b\d{1,2}\s+[A-Z][a-z]+\s+\d{4}\b|\b[A-Z][a-z]+\s+\d{1,2},\s+\d{4}\b")
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

    @cache
    def words() -> set[str]:
        # Twice at least: a name spelt once in lower case is an address's ('mailto:arthur
        # ogawa at sbcglobal.net'), a word of the language recurs.
        counts = Counter(_LOWER_WORD.findall("\n".join(ln.text for ln in doc.lines)))
        return {w for w, n in counts.items() if n >= LOWER_WORD_TIMES}

    for rule in metadata:
        scope = where[str(rule.options.get("where", "start"))]
        if rule.action == "title":
            found = _title(scope, rule)
            if found is not None:
                hits.append((found.lines[0], "title", found))
            continue
        if rule.action == "masthead":
            hits.extend((found.lines[0], name, found)
                        for name, found in _masthead(scope, rule, metadata, words).items())
            continue
        if "max_lines" in rule.options:  # a masthead stands in the scope's first lines
            scope = scope[:int(rule.options["max_lines"])]
        for k, line in enumerate(scope):
            assert rule.pattern is not None
            m = rule.pattern.fullmatch(line.text.strip())
            if not m:
                continue
            groups = m.groupdict()
            if rule.next_pattern is not None:
                # A field split over two lines: the next line must hold the rest
                # ('Northgate Centre for Digital Governance' / 'July 2020').
                nxt = scope[k + 1] if k + 1 < len(scope) else None
                m2 = rule.next_pattern.fullmatch(nxt.text.strip()) if nxt is not None else None
                if m2 is None:
                    continue
                assert nxt is not None
                hits.extend((nxt.no, name, Found(_value(name, value), [nxt.no], rule.id))
                            for name, value in m2.groupdict().items() if value)
            extra = _wrapped(scope, k, metadata) if rule.options.get("wraps") else []
            for name, value in groups.items():
                if value is None or not value.strip():
                    continue
                text = " ".join([value.strip(), *(ln.text.strip() for ln in extra)]) \
                    if extra and name == list(m.groupdict())[-1] else value.strip()
                nos = [line.no, *(ln.no for ln in extra)] if text != value.strip() \
                    else [line.no]
                hits.append((line.no, name, Found(_split(_value(name, text), rule), nos,
                                                  rule.id)))
            for name, value in rule.options.get("set", {}).items():
                hits.append((line.no, name, Found(value, [line.no], rule.id)))
            break  # a field rule reads the first line it matches
    fields: dict[str, Found] = {}
    for _no, name, found in sorted(hits, key=lambda h: h[0]):
        old = fields.get(name)
        if old is None or _refines(found.value, old.value):
            fields[name] = found
    return fields


# Where pypdf lost a date's spaces ('May31,2022'): between a month and its day, after a comma.
_LOST_SPACE = re.compile(r"(?<=[a-z])(?=\d)|(?<=,)(?=\d)")


def _value(name: str, text: str) -> str:
    """A field's value as printed: a date with the spaces the extraction lost put back
    ('May31,2022' is 'May 31, 2022')."""
    text = text.strip()
    return _LOST_SPACE.sub(" ", text) if name == "date" else text


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


def _masthead(scope: list[Line], rule: Rule, metadata: list[Rule],
              words: Callable[[], set[str]]) -> dict[str, Found]:
    """A masthead's title and authors: up to ``max_lines`` title lines, under at most a few
    lines other field rules read (a series line, the first page's running head), then a line
    that lists person names ("by" may stand before it). A line a field rule reads right under
    the title ("Version 1.04", "May 31, 2022"), or one the rule's ``until`` matches (a
    copyright line, an address), ends it too, names or not. Without either the title's end is
    unknown, and nothing is read.

    ``words`` gives the words the document sets in lower case: a part whose every word is one
    ("Language Reference", "User Guide") is no person, whatever a name tagger says."""
    limit = int(rule.options.get("max_lines", DEFAULT_TITLE_LINES))
    split = str(rule.options.get("split", r",\s+"))
    above, between, runs_on_at, headings = (_option(rule, name) for name in
                                            ("above", "between", "runs_on", "headings"))
    fields = [r for r in metadata if r.action == "field" and r.pattern is not None]
    title: list[Line] = []
    skipped = 0
    closed = False  # a field line ended the title
    after_by = False  # a line 'by' stood over this one: names follow
    for k, line in enumerate(scope[:2 * limit + MASTHEAD_SKIP + 2]):
        text = line.text.strip()
        field = any(r.pattern.fullmatch(text) for r in fields)  # type: ignore[union-attr]
        # Over the title: the rule's ``above`` (a running head), or glyphs the extraction
        # could not name ("M", "/x4D /x4C"); between title and names: ``between`` ("by").
        by = bool(title) and between is not None and between.fullmatch(text) is not None
        after = scope[k + 1].text.strip() if k + 1 < len(scope) else ""
        # (pdftotext sets the running head's page number on a line of its own:
        # 'SAMPLE DOCUMENT' / '1'.)
        head = above is not None and (above.fullmatch(text) is not None
                                      or above.fullmatch(f"{text} {after}") is not None)
        # Over the title, ``until``'s lines (a production note: 'Compiled using MNRAS LaTeX
        # style file v3.0') and a dated line (a journal's: 'Preprint 27 June 2020') are
        # skipped too; under it, they end it.
        production = rule.next_pattern is not None and rule.next_pattern.match(text) is not None
        if field or by or (not title and (head or production or not _WORDISH.search(text)
                                          or _FULL_DATE.search(text))):
            after_by = by
            closed = closed or ((field or by) and bool(title))
            skipped += 1
            if skipped > MASTHEAD_SKIP:
                break
            continue
        # A title line may open in lower case where the line before runs on into it
        # ("Guided partitioning: Governance of" / "a Volunteer Distribution").
        runs_on = bool(title) and runs_on_at is not None \
            and runs_on_at.search(title[-1].text.strip()) is not None
        if title and not runs_on:
            authors = _person_line(text, split, words, tagged=not after_by)
            if authors is not None:
                nos = [line.no]
                # One name a line ("Olivier Pironneau" / "Christophe Prud'homme"), or a list
                # wrapped inside its last name ("..., Tollef Fog" / "Heen").
                for nxt in scope[k + 1:k + 1 + MAX_NAME_LINES]:
                    more = _person_line(nxt.text.strip(), split, words)
                    if more is None:
                        break
                    authors += more
                    nos.append(nxt.no)
                else:
                    nxt = None
                found = {"title": _title_found(title, rule)}
                # More names after an affiliation or an address (ACM's author blocks): the
                # list read so far is part of it, and no list is better than half of one.
                # (The same names again, in an author note, are no more names.)
                rest = scope[k + len(nos):k + len(nos) + AUTHOR_BLOCK_LINES]
                if not any(set(more) - set(authors) for ln in rest[1:]
                           if (more := _person_line(ln.text.strip(), split, words))):
                    whole = persons.wrapped(authors, nxt.text if nxt else "")
                    if whole != authors and nxt is not None:
                        nos.append(nxt.no)
                    found["authors"] = Found(whole, nos, rule.id)
                return found
        if title and production:
            closed = True  # a copyright line, an address: no title line, so the title ended
        if not closed and len(title) == 1 and not runs_on:
            if _paragraph_line(text) or _FULL_DATE.search(text):
                # A paragraph opens right under a one-line title, or a dated line ('Gentium -
                # Version History' / '9 Feb 2022 (SIL WSTech Team) Gentium Plus version 6.101').
                closed = True
                break
            if (_subtitle(text) or (text[:1].islower() and _DOC_TYPE.fullmatch(text))) \
                    and skipped < MASTHEAD_SKIP:
                # 'FreeFEM User Manual' / 'A language for the finite element method': the
                # title ended; its authors may stand under the subtitle.
                closed = True
                skipped += 1
                continue
        # A line that opens on a joining word goes on with the title ('User's Guide' / 'to' /
        # 'PARI / GP'; 'Prawn' / 'by example').
        joins = bool(title) and runs_on_at is not None \
            and runs_on_at.search(text.split()[0]) is not None
        if any(text == ln.text.strip() for ln in title):
            # The title block again (a cover, then the title page, in one text): a title of
            # one line is that line; of more, where it ends is not known.
            closed = len(title) == 1
            break
        full = len(title) >= 2 * limit or (len(title) >= limit and not _wrapped_title(title))
        if closed or full or not _title_line(text, runs_on or joins, not title) \
                or (not title and headings is not None and headings.fullmatch(text)):
            break
        title.append(line)
    return {"title": _title_found(title, rule)} if closed and title else {}


def _wrapped_title(title: list[Line]) -> bool:
    """A long title set over full lines of one measure ('Articles for Proceedings of Machine'
    / 'Learning Research (PMLR) formerly' / ...): it may run past the rule's ``max_lines``."""
    widths = [len(ln.text.strip()) for ln in title]
    return min(widths) >= WRAPPED_TITLE_WIDTH and max(widths) <= 1.3 * min(widths)


def _option(rule: Rule, name: str) -> re.Pattern[str] | None:
    """A rule option that holds a regex (checked when the rule file was loaded), compiled."""
    value = rule.options.get(name)
    return _compiled(value) if isinstance(value, str) else None


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _title_found(title: list[Line], rule: Rule) -> Found:
    return Found(" ".join(_TITLE_MARK.sub("", ln.text.strip()) for ln in title),
                 [ln.no for ln in title], rule.id)


def _person_line(text: str, split: str, words: Callable[[], set[str]],
                 tagged: bool = True) -> list[str] | None:
    """The person names a line lists, if it lists only names (``tagged``: each judged a
    person by the name tagger, else by its shape where 'by' stands over the line)."""
    names = persons.names(text, split, tagged)
    return None if names is None or any(_plain_words(a, words) for a in names) else names


def _plain_words(part: str, words: Callable[[], set[str]]) -> bool:
    """Whether a would-be name is words of the language: each set in lower case elsewhere in
    the document ("Language Reference" in a manual), or each among the commonest English words
    ("User Guide"; a person's name has a rarer word, or an initial)."""
    folded = [w.casefold() for w in part.split()]
    common = lexicon.common_words("en", PLAIN_ZIPF)
    return all(w in words() for w in folded) or all(w in common for w in folded)


def _title_line(text: str, runs_on: bool = False, first: bool = False) -> bool:
    """A line a title can hold: no sentence end, not a paragraph's line, and not in lower case
    unless the title's line before runs on into it, or it opens the title with a name set in
    lower case ('reledmac', 'fastq_to_fasta')."""
    text = _TITLE_MARK.sub("", text)
    lower_ok = runs_on or (first and _IDENTIFIER.fullmatch(text) is not None)
    return bool(text) and (lower_ok or not text[:1].islower()) \
        and len(text.split()) <= TITLE_WORDS and not _paragraph_line(text) \
        and not _FULL_DATE.search(text) and not _VERSION_TOKEN.search(text) \
        and not text.endswith((".", ",", ";")) and any(ch.isalpha() for ch in text)


def _capitalised_share(words: list[str]) -> float:
    content = [w for w in words if len(w) > 3 and w[:1].isalpha()]
    return sum(w[0].isupper() for w in content) / len(content) if content else 1.0


def _paragraph_line(text: str) -> bool:
    """A paragraph's line: ten words or more, most of them in lower case."""
    words = text.split()
    return len(words) >= PARAGRAPH_WORDS and _capitalised_share(words[1:]) < 0.5


def _subtitle(text: str) -> bool:
    """A subtitle under a title: a phrase in sentence case ('The music typesetter', 'Typeset
    scholarly editions with LaTeX'), not a title's second line, which keeps the title's
    capitals. (One in lower case may be the title's own words going on: 'Communauté' /
    'd'Universités et Établissements'.)"""
    words = _TITLE_MARK.sub("", text).split()
    return 2 <= len(words) <= TITLE_WORDS and not text.endswith((".", ",", ";", ":")) \
        and text[:1].isupper() and _capitalised_share(words[1:]) < 0.5


def run(doc: Document, rules: RuleSet) -> tuple[Document, Changes]:
    """Record the metadata fields in ``doc.derived["metadata"]``; change nothing."""
    doc.derived["metadata"] = extract(doc, rules)
    return doc, Changes()
