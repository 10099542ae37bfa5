"""Does one word follow another in English? A word-pair score from tables a package ships.

A cut that leaves whole words still leaves a seam: the two words it brought together ("live
any") are a pair English almost never writes. wordsegment ships the word-pair counts of Google's
web corpus (the 258,000 most frequent pairs, each seen at least 100,000 times in about a trillion
words) and the unigram counts of the same corpus. Words the unigram table lacks back off to
wordfreq's Zipf frequencies. The score of a pair is how many times more (or less) often it
occurs than its two words would meet by chance, on a log10 scale; a pair the table lacks
occurred fewer than 100,000 times, which bounds its score from above. Only that bound is
evidence: a pair that is absent although both words are so common that it should have been
counted is improbable. (symspellpy also ships a pair list, of Google Books pairs counted from
6.4 million on: its bound is 64 times weaker, so it rules out far fewer pairs; measured in
issue 23.)

Tables cover English only; :func:`for_language` returns ``None`` for other languages, and the
stages using it fall back to their one-line evidence.

Loaded once per process, on first use (the truncation stage calls it only when it runs):
about 0.6 s and 45 MB (measured with tracemalloc; see the README).
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources

from cleanup.lexicon import _zipf

LANGUAGES = ("en",)
# Unigrams rarer than this can never make an absent pair improbable (see ``score``), so the
# table keeps only the words above it: a third of the memory.
_MIN_UNIGRAM = 1_000_000


class WordPairs:
    """Which word pairs a corpus has counted, its word counts, and the bound on a pair's score
    against chance."""

    def __init__(self, pairs: dict[str, int], words: dict[str, int], total: int,
                 floor: int, language: str = "en") -> None:
        self.pairs = pairs          # "first second" (lower case) -> count, for counts >= floor
        self.words = words          # word (lower case) -> count, for words >= _MIN_UNIGRAM
        self.total = total          # tokens in the corpus the counts come from
        self.floor = floor          # the smallest pair count the table keeps
        self.language = language

    def count(self, word: str) -> float:
        """How often ``word`` occurs in the corpus (from wordfreq when the table lacks it)."""
        found = self.words.get(word)
        if found is not None:
            return found
        zipf = _zipf(word, self.language)
        return 10 ** zipf * self.total / 1e9 if zipf > 0 else 0.0

    def has(self, first: str, second: str) -> bool:
        """Does the table count the pair (English writes it often)?"""
        return f"{first.casefold()} {second.casefold()}" in self.pairs

    def improbable(self, first: str, second: str, threshold: float) -> float | None:
        """When the pair occurs ``10**-threshold`` times less often than its words would meet
        by chance (or the table lacks it although its words are common enough for that to be
        sure), log10(observed / expected), an upper bound for an uncounted pair: English
        almost never writes the pair. Else ``None``."""
        a, b = first.casefold(), second.casefold()
        ca = self.count(a)
        if ca <= 0:
            return None
        cb = self.count(b)
        if cb <= 0:
            return None
        # (Web text counts junk pairs too, "the of" 1.3 million times: but that is still 400
        # times fewer than chance, so a counted pair is weighed by its count, not its presence.)
        seen = self.pairs.get(f"{a} {b}", self.floor)
        bound = math.log10(seen * self.total / (ca * cb))
        return bound if bound < threshold else None


def _package_text(name: str) -> str:
    return resources.files("wordsegment").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def english() -> WordPairs | None:
    """The English tables, loaded once per process; ``None`` when wordsegment is missing."""
    try:
        pair_text = _package_text("bigrams.txt")
        word_text = _package_text("unigrams.txt")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return None
    pairs: dict[str, int] = {}
    for row in pair_text.lower().splitlines():
        key, _, count = row.partition("\t")
        pairs[key] = pairs.get(key, 0) + int(count)
    floor = min(pairs.values())
    words: dict[str, int] = {}
    total = 0
    for row in word_text.splitlines():  # sorted by count, most frequent first
        word, _, count = row.partition("\t")
        n = int(count)
        total += n
        if n >= _MIN_UNIGRAM:
            words[word] = n
    return WordPairs(pairs, words, total, floor)


def for_language(language: str) -> WordPairs | None:
    """The pair tables of ``language``, or ``None`` where no table covers it."""
    return english() if language in LANGUAGES else None
