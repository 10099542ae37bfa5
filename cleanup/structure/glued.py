"""Running heads an extractor glued onto the end of a body line.

pypdf reads a page in the order its content stream draws it. Where the page number and the
next page's running head are drawn right after the last body line, with no line change it
can see, the three come out as one line: "... as follows: why3 config 5 Why3 Documentation,
Release 1.5.1". Whole-line furniture rules never match such a line, and the page boundary in
it is lost.

What gives the glued head away is repetition: the same words (digits folded) end several
lines, or stand as whole lines elsewhere, and where a page number stands beside them the
numbers rise through the document as pages do. Only such a tail is split off; the body part
stays where it was. A single line ending in words that recur nowhere else is left alone.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from cleanup.document import Line, normalise_key
from cleanup.structure import folios
from cleanup.structure.folios import MAX_HEAD_WORDS

_ASCII_DIGIT = re.compile(r"[0-9]")
MIN_OCCURRENCES = 3   # glued or whole, a head must recur this often
# Words a line must keep before its glued tail: a body line's worth. A shorter front is a
# head's own ("Review of Open Systems 63, 865-876 867") or a code line's ("x = 3 digits").
MIN_BODY_WORDS = 4
MIN_PAGE_LINES = 8    # lines a page holds at the least, between two glued heads


@dataclass(slots=True, frozen=True)
class Glued:
    """A line whose tail is a page number and a running head (or a head and a number)."""

    index: int          # into the document's lines
    cut: int            # offset in the line's text where the tail begins
    head: str           # the running head's words as printed
    number: int         # the page number beside it
    occurrences: int    # how often the head recurs, glued or whole


def find(lines: list[Line]) -> list[Glued]:
    """Every line whose tail is a recurring running head beside a page number in sequence."""
    tails: dict[str, list[tuple[int, int, str, int]]] = defaultdict(list)
    for i, line in enumerate(lines):
        # (A line without a digit has no page number: most lines, done before any split.)
        if not _ASCII_DIGIT.search(line.text):
            continue
        text = line.text.strip()
        words = text.split()
        if len(words) < MIN_BODY_WORDS + 2:
            continue
        top = min(MAX_HEAD_WORDS + 1, len(words) - MIN_BODY_WORDS)
        last = _number(words[-1])
        if last is None and not any(map(str.isdigit, words[-top:-1])):
            continue  # no page number (all digits) where a tail may start
        # A running head is no glued line ("CHAPTER 3. INHERENT RISKS 9" is one head).
        if folios.is_candidate(line):
            continue
        starts: list[int] | None = None
        for k in range(2, top + 1):
            # "... body 5 Why3 Documentation, Release 1.5.1": the number, then the head;
            # "... body Chapter 2. Methods 12": the head, then the number.
            number, head = _number(words[-k]), words[1 - k:]
            if number is None:
                if last is None:
                    continue
                number, head = last, words[-k:-1]
            if not _head_words(head):
                continue
            starts = starts or _word_starts(line.text)
            tails[normalise_key(" ".join(head))].append((i, starts[-k], " ".join(head), number))
    # Two glued lines at least, a page or more apart, numbers rising: one line that ends in
    # words recurring elsewhere (a contents entry naming a running head) is not enough.
    # (Few tails pass, and only theirs are worth counting among the whole lines.)
    rising = {key: (glued, hits) for key, hits in tails.items()
              if (glued := len({i for i, *_ in hits})) >= 2 and _rising(hits)}
    # The words of each line short enough to be a head whole, read only where a tail rises.
    whole = Counter(_head_key(words) for words in _short_lines(lines)) if rising \
        else Counter()
    found: dict[int, Glued] = {}
    for key, (glued, hits) in rising.items():
        total = glued + whole[key]
        if total < MIN_OCCURRENCES:
            continue
        for i, cut, head, number in hits:
            # The longest recurring tail of a line wins: "5 Release 1.5.1" recurs too.
            if i not in found or cut < found[i].cut:
                found[i] = Glued(i, cut, head, number, total)
    return sorted(found.values(), key=lambda g: g.index)


def _short_lines(lines: list[Line]) -> Iterator[list[str]]:
    """The words of each non-blank line short enough to be a running head whole."""
    for line in lines:
        words = line.text.split()
        if words and len(words) <= MAX_HEAD_WORDS + 1:
            yield words


def _head_key(words: list[str]) -> str:
    """A whole line's head key, with a page number at either end taken off."""
    if len(words) > 1 and _number(words[0]) is not None:
        words = words[1:]
    elif len(words) > 1 and _number(words[-1]) is not None:
        words = words[:-1]
    return normalise_key(" ".join(words))


def _head_words(words: list[str]) -> bool:
    """Words that can be a running head: two or more, with letters, not a sentence's end."""
    last = words[-1] if words else ""
    # A sentence's end, not a release number ("1.5." is one).
    if len(words) < 2 or (last.endswith((".", ",", ";", ":"))
                          and not last[:-1].replace(".", "").isdigit()):
        return False
    return sum(1 for w in words if any(map(str.isalpha, w))) >= 2


def _number(word: str) -> int | None:
    return int(word) if word.isascii() and word.isdigit() and len(word) <= 4 else None


def _rising(hits: list[tuple[int, int, str, int]]) -> bool:
    """The page numbers of one head's glued lines rise, in line order, by a page's worth of
    lines or more per page (a list or a table has its numbers on consecutive lines)."""
    firsts = sorted({i: (i, n) for i, _, _, n in hits}.values())
    steps = list(itertools.pairwise(firsts))
    good = sum(1 for (i, a), (j, b) in steps if b > a and j - i >= MIN_PAGE_LINES * (b - a))
    return good >= 0.8 * len(steps)


def _word_starts(text: str) -> list[int]:
    starts, prev = [], " "
    for k, ch in enumerate(text):
        if not ch.isspace() and prev.isspace():
            starts.append(k)
        prev = ch
    return starts
