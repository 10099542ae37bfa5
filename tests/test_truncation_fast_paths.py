"""The truncation stage's shortcuts answer what the slower tests they stand for answer."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleanup import lexicon
from cleanup.lexicon import WORD, Lexicon
from cleanup.stages import truncation
from cleanup.stages.truncation import _EDGE_PUNCT, GLUED_PART_ZIPF, SHORT_WORDS, Words

# Letters (one with an accent), both hyphens, a digit, an underscore, spaces and the edge
# punctuation the stage strips: the characters WORD and the shortcuts tell apart.
_ALPHABET = list("abZé-‐1_ ") + list("\"'“(),.;:!?…")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), max_size=20))
def test_two_letters_in_a_row_is_a_word_of_two_letters_or_more(text: str) -> None:
    assert bool(truncation._WORD_OF_TWO.search(text)) == (
        max(map(len, WORD.findall(text)), default=0) >= 2)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(_ALPHABET), min_size=1, max_size=20))
def test_edge_words_from_the_split_are_words_first_and_last_matches(text: str) -> None:
    """assess reads the last (first) WORD of a line off its last (first) whitespace token
    where that token ends (starts) on a letter and has a word's shape."""
    text = text.strip()
    if not text:
        return
    parts = text.split()
    if text[-1:].isalpha() and truncation._prose(parts[-1]):
        assert WORD.findall(text)[-1] == parts[-1].lstrip(_EDGE_PUNCT)
    first = parts[0]
    if first[:1].isalpha() and truncation._prose(first):
        assert WORD.findall(text)[0] == first.rstrip(_EDGE_PUNCT)


def _glued_everywhere(t: str, language: str) -> bool:
    """Words._glued as it was, trying every piece from every reachable place."""
    common = lexicon.common_words(language, GLUED_PART_ZIPF)
    very = lexicon.common_words(language, GLUED_PART_ZIPF + 1)
    n = len(t)
    fewest = [0] + [n + 1] * n
    for j in range(n - 1):
        if fewest[j] > n:
            continue
        for i in range(j + 2, min(n, j + 24) + 1):
            part = t[j:i]
            if fewest[j] + 1 < fewest[i] and (
                    part in SHORT_WORDS if len(part) == 2
                    else part in (very if len(part) <= 5 else common)):
                fewest[i] = fewest[j] + 1
    return 2 <= fewest[n] <= n


def test_glued_words_stop_where_no_common_word_starts() -> None:
    words = Words(Lexicon(["x"], "en"), 1.8)
    rng = random.Random(7)
    top = lexicon.common_words("en", GLUED_PART_ZIPF)
    pool = sorted(w for w in top if len(w) >= 2)
    tokens = ["israrelyused", "informationis", "informati", "thecountryof", "rchitecture"]
    for _ in range(400):  # runs of common words, some with a letter lost or added
        t = "".join(rng.choice(pool) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.5:
            k = rng.randrange(len(t))
            t = t[:k] + t[k + 1:] if rng.random() < 0.5 else t[:k] + "q" + t[k:]
        tokens.append(t)
    tokens += ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(8, 30)))
               for _ in range(200)]
    answers = [words._glued(t) for t in tokens]
    assert answers == [_glued_everywhere(t, "en") for t in tokens]
    assert any(answers) and not all(answers)


@pytest.mark.parametrize("language", ["en", "fr", "de"])
def test_zipf_by_frequency_band_is_wordfreqs(language: str) -> None:
    from wordfreq import top_n_list, zipf_frequency

    rng = random.Random(3)
    listed = top_n_list(language, 300_000)
    sample = rng.sample(listed, 3000) + listed[:300]
    sample += [w[:-1] for w in sample[:1000]] + [w + "s" for w in sample[:1000]]
    sample += ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(1, 9)))
               for _ in range(1000)]
    sample += ["naïve", "co-operate", "don't", "l’homme", "x2", "Word", "ß", ""]
    lexicon._zipf.cache_clear()
    assert [lexicon._zipf(w, language) for w in sample] \
        == [zipf_frequency(w, language) for w in sample]
