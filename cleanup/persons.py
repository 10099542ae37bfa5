"""Whether a line of a masthead is a list of person names ("Enrico Zini, Raphaël Hertzog").

A title line can look like one ("Debian Releases": two capitalised words), so shape alone is
no evidence. probablepeople, a conditional random field trained on labelled names and company
names, tags each part as a person or a corporation; a line is a names line only when every part
is a person. Where the tagger is not installed, or fails on a part, no line is a names line: a
field left out is better than an author guessed.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

MAX_NAME_WORDS = 5
# Particles set in lower case inside a name ("Étienne de la Boétie", "Ludwig van Beethoven").
_PARTICLES = frozenset({"de", "la", "le", "du", "des", "da", "di", "van", "von", "der", "den",
                        "ter", "ten", "y", "bin", "al"})
# Note marks and affiliation numbers set after a name ("Ben Trovato∗", "Olivier Pironneau1").
_MARKS = re.compile(r"[\s∗*†‡§¶⋆?,\d]+$")
# Degrees and suffixes set after a name as a part of their own ("Michael J. Vrhel, Ph.D.").
_DEGREES = frozenset({"Ph.D.", "PhD", "M.D.", "MD", "Jr.", "Sr.", "M.A.", "M.Sc.", "D.Phil."})
_NAME_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*", re.UNICODE)
_LONE_NAME_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ'’-]+")


@cache
def _tagger() -> Any:
    try:
        import probablepeople
    except ImportError:
        return None
    return probablepeople


def names(text: str, split: str, tagged: bool = True) -> list[str] | None:
    """The person names ``text`` lists (parts split at ``split``), or None if any part is
    not a person's name. ``tagged=False``: the text around says names follow (a line 'by'
    over them), so their shape is enough and the tagger is not asked."""
    parts = [_MARKS.sub("", p.strip()) for p in re.split(split, text.strip())]
    parts = [p for p in parts if p and p not in _DEGREES]
    if not parts or not all(_name_shaped(p) for p in parts):
        return None
    if not tagged:
        return parts
    # In a list of three names or more, the tagger may not know one ('Tollef Fog Heen, Ian
    # Jackson, Bruce Perens'); the others it knows say what the list is.
    known = sum(is_person(p) for p in parts)
    return parts if known == len(parts) or (len(parts) >= 3 and known >= len(parts) - 1) \
        else None


def _name_shaped(part: str) -> bool:
    words = part.split()
    if not 2 <= len(words) <= MAX_NAME_WORDS or not _NAME_WORD.fullmatch(words[0]) \
            or not _NAME_WORD.fullmatch(words[-1]) \
            or not all(_NAME_WORD.fullmatch(w) or w in _PARTICLES for w in words):
        return False
    # An institution's acronym before a place ("INRIA Rocquencourt"); a name set all in
    # capitals ("BEN TROVATO") is a name.
    caps = [w.isalpha() and w.isupper() and len(w) > 2 for w in words]
    return all(caps) or not caps[0]


@cache
def is_person(part: str) -> bool:
    """Whether the tagger reads ``part`` as one person's name."""
    tagger = _tagger()
    if tagger is None:
        return False
    try:
        _tags, kind = tagger.tag(part)
    except Exception:  # the tagger raises on names it cannot label alone
        return False
    return bool(kind == "Person")


def wrapped(names: list[str], after: str) -> list[str]:
    """A names line that wraps inside its last name ("..., Tollef Fog" / "Heen"): a lone
    capitalised word on the line after it (``after``) ends that name."""
    nxt = after.strip()
    if _LONE_NAME_WORD.fullmatch(nxt):
        return [*names[:-1], f"{names[-1]} {nxt}"]
    return names
