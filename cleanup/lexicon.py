"""Word evidence: the document's own vocabulary first, then a word-frequency lexicon.

The document is the best dictionary for itself: a word it spells whole ("pressure") or with its
hyphen ("Pashtun-majority") elsewhere settles how a line-end break of that word is resolved.
Where the document is silent, wordfreq's Zipf frequencies (log10 of uses per billion words,
about 1 for rare words, 7 for "the") say whether a form is a word of the language.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cleanup.document import Document
    from cleanup.rules import RuleSet

# A word: a run of letters (any script), runs joined by single inner hyphens. (Written as
# runs, not letter by letter with a lookahead at each hyphen: a third faster, same matches.)
WORD = re.compile(r"[^\W\d_]+(?:[-‐][^\W\d_]+)*")
DETECT_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl")
DETECT_SAMPLE = 400
# On the real corpus (146 texts) and the generated one, English texts have 51-100% of their
# frequent words common in English, the French, German and Portuguese ones at most 41%.
ENGLISH_SURE = 0.8
# A document asked about more pairs than this has its pairs counted all at once: each walk
# scans the token list, a count of every pair costs about twenty walks.
MAX_PAIR_WALKS = 20


# A word of plain lower-case ASCII letters, which wordfreq's regex tokenizer keeps whole and
# unchanged in every language it tokenizes so (no case, marks or digits to normalise).
_PLAIN_ASCII = re.compile(r"[a-z]+")


@lru_cache(maxsize=200_000)
def _zipf(word: str, language: str) -> float:
    from wordfreq import zipf_frequency  # loads the word list on first use (~0.3 s)

    # A word wordfreq reads as one token, unchanged, has the Zipf frequency of its entry in
    # the word list (its frequency band, or none): the same as any other such word with that
    # entry. So each band asks wordfreq once, and the rest are a dictionary look-up (wordfreq
    # tokenizes every word it is asked, ~13 µs; most words a document asks about are plain).
    bands = _bands(language)
    if bands is not None and _PLAIN_ASCII.fullmatch(word):
        freqs, zipfs = bands
        band = freqs.get(word)  # (None: not in the list)
        found = zipfs.get(band)
        if found is None:
            found = zipfs[band] = zipf_frequency(word, language)
        return found
    return zipf_frequency(word, language)


@lru_cache(maxsize=32)
def _bands(language: str) -> tuple[dict[str, float], dict[float | None, float]] | None:
    """wordfreq's word list of ``language`` (word -> frequency) and, filled in as words are
    asked, the Zipf frequency of each frequency band; ``None`` for a language that wordfreq
    does not split into words by its regex tokenizer (there a word may be several tokens)."""
    from wordfreq import get_frequency_dict, get_language_info

    if get_language_info(language)["tokenizer"] != "regex":
        return None
    return get_frequency_dict(language, "best"), {}  # (as wordfreq asks: one copy loaded)


@lru_cache(maxsize=32)
def common_words(language: str, zipf: float) -> frozenset[str]:
    """The words of ``language`` at least this common (Zipf), for membership tests that must
    be cheap: wordfreq's list is ordered by frequency, so a binary search finds where the
    words fall below ``zipf`` (about 29,000 English words from 3.0; ~0.2 s, once)."""
    from wordfreq import top_n_list

    words = top_n_list(language, 300_000)
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi) // 2
        if _zipf(words[mid], language) >= zipf:
            lo = mid + 1
        else:
            hi = mid
    return frozenset(words[:lo])


class Lexicon:
    """How often a form occurs in this document, and how common it is in the language."""

    def __init__(self, texts: Iterable[str], language: str = "en") -> None:
        # One scan of the whole text, case-folded once: far cheaper than word by word.
        self._tokens = WORD.findall("\n".join(texts).casefold())
        self.counts: Counter[str] = Counter(self._tokens)
        self.language = detect_language(self.counts) if language == "auto" else language
        self._parts: Counter[str] | None = None
        self._pairs: Counter[tuple[str, str]] | None = None
        self._walks = 0  # pairs answered by walking the tokens (pair_recurs)

    def in_document(self, form: str) -> int:
        """How many times ``form`` (case-folded) occurs as a whole word in the document."""
        return self.counts.get(form.casefold(), 0)

    def as_part(self, form: str) -> int:
        """How many times ``form`` (case-folded) occurs as a word or as one part of a
        hyphenated compound ("dpkg" in "dpkg-source")."""
        if self._parts is None:
            parts: Counter[str] = Counter()
            for word, n in self.counts.items():
                if "-" in word or "‐" in word:
                    for piece in re.split(r"[-‐]", word):
                        parts[piece] += n
            self._parts = parts
        form = form.casefold()
        return self.counts.get(form, 0) + self._parts.get(form, 0)

    def pair_count(self, first: str, second: str) -> int:
        """How many times the document writes ``first`` then ``second`` (case-folded, words
        next to each other in its text): its own usage of a pair, however rare elsewhere."""
        if self._pairs is None:
            self._pairs = Counter(pairwise(self._tokens))
        return self._pairs.get((first.casefold(), second.casefold()), 0)

    def pair_recurs(self, first: str, second: str) -> bool:
        """Does the document write ``first`` then ``second`` more than once?

        Asked of pairs English rarely writes, a few dozen per document: each is answered by
        walking the occurrences of its rarer word (found in C by ``list.index``), far cheaper
        than counting every pair of the document.
        """
        a, b = first.casefold(), second.casefold()
        na, nb = self.counts.get(a, 0), self.counts.get(b, 0)
        if min(na, nb) < 2:
            return False
        if self._pairs is None and self._walks >= MAX_PAIR_WALKS:
            self._pairs = Counter(pairwise(self._tokens))  # (many asked: count them all once)
        if self._pairs is not None:
            return self._pairs.get((a, b), 0) > 1
        self._walks += 1
        tokens = self._tokens
        anchor, step, other = (a, 1, b) if na <= nb else (b, -1, a)
        found, i, last = 0, -1, len(tokens) - 1
        for _ in range(min(na, nb)):
            i = tokens.index(anchor, i + 1)
            if 0 <= i + step <= last and tokens[i + step] == other:
                found += 1
                if found > 1:
                    return True
        return False

    def zipf(self, word: str) -> float:
        """The word's Zipf frequency in the language (0 when unknown)."""
        word = word.casefold()
        if not word or "-" in word:
            return 0.0
        return _zipf(word, self.language)


def for_document(doc: Document, language: str = "en") -> Lexicon:
    """The document's lexicon, built once and shared by the stages that weigh words."""
    found = doc.derived.get("lexicon")
    if not isinstance(found, Lexicon) or (language != "auto" and found.language != language):
        found = Lexicon((ln.text for ln in doc.lines), language)
        doc.derived["lexicon"] = found
    return found


def configured_language(rules: RuleSet) -> str:
    """The language the hyphens stage's lexicon rule names ("en", "fr" or "auto")."""
    found = rules.for_stage("hyphens", "lexicon")
    return str(found[0].options.get("language", "en")) if found else "en"


def detect_language(counts: Counter[str]) -> str:
    """The language whose lexicon knows most of the document's frequent words.

    A text whose frequent words are common English words (ENGLISH_SURE of them) is English
    without asking the other lexicons: reading their six word lists costs each process 0.65
    s, more than a small report's whole cleaning.
    """
    sample = [w for w, _ in counts.most_common(DETECT_SAMPLE) if "-" not in w]
    english = sum(_zipf(w, "en") >= 3.0 for w in sample)
    if sample and english >= ENGLISH_SURE * len(sample):
        return "en"
    best, best_score = "en", english
    for language in DETECT_LANGUAGES[1:]:
        # A language stops being counted once it can no longer beat the best so far: an
        # English text asks the other lexicons a few dozen words, not all (each word a
        # lexicon has not been asked before costs a look-up in wordfreq).
        score, left = 0, len(sample)
        for w in sample:
            if score + left <= best_score:
                break
            left -= 1
            score += _zipf(w, language) >= 3.0
        else:
            if score > best_score:
                best, best_score = language, score
    return best
