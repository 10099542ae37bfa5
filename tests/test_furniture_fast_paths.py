"""Shortcuts the furniture, layout and footnotes stages take for speed give the answers of the
plain per-line computation they replace (no output change is the rule of issue 22).

Each test holds a shortcut against the straightforward version, on text built to reach its
edges: newlines inside a text, other scripts' digits and spaces, case folds that change a
word's length, runs of points.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleanup import layout
from cleanup.document import Line, normalise_key
from cleanup.stages import footnotes, furniture
from cleanup.textscan import lines_with, normalised_keys

# Characters that reach the edges: ASCII and Arabic-Indic digits, a superscript two, spaces
# of several kinds, a newline, case folds (ß, Σ, İ), points and ellipses, marks and letters.
CHARS = st.sampled_from(list("aZ 19٣²\u00a0\u2003\t\nßΣİ.…,;:)]”’\"'/-(™_x"))
TEXT = st.text(CHARS, max_size=30)
TEXTS = st.lists(TEXT, max_size=25)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
@example(["Chapter 2", "  ΣΟΦΊΑ  12 ", "ß\nx", ""])
def test_normalised_keys_are_each_texts_key(texts: list[str]) -> None:
    assert normalised_keys(texts) == [normalise_key(t) for t in texts]


@settings(max_examples=300, deadline=None)
@given(TEXTS)
@example(["", "a1", "\n2", "b"])
def test_lines_with_finds_the_texts_a_search_finds(texts: list[str]) -> None:
    for pattern in (re.compile(r"\d"), re.compile(r"[0-9]"), re.compile(r"…")):
        assert lines_with(pattern, texts) == [i for i, t in enumerate(texts)
                                               if pattern.search(t)]


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(list(". …a\t")), max_size=20))
@example(". . . . . 12")
@example("……")
def test_has_leaders_is_the_leaders_search(text: str) -> None:
    assert layout.has_leaders(text) == (layout.LEADERS.search(text) is not None)


WORDS = st.sampled_from(["Name", "Namespace", "Namespaces", "Doc", "Documentation", "Docu",
                         "a", "", "Release", "Rel", "1.5.1", "ß", "Straße"])


def _may_be_cut_plain(short: str, long_: str) -> bool:
    if not short.split():
        return True
    last, words = short.split()[-1], long_.split()
    return not any(len(w) >= furniture.MIN_LETTERS and len(last) > len(w) and last.startswith(w)
                   for w in words[:-1])


@settings(max_examples=400, deadline=None)
@given(st.lists(WORDS, max_size=4).map(" ".join), st.lists(WORDS, max_size=6).map(" ".join))
@example("Namespaces", "Namespace Documentation")
def test_may_be_cut_is_the_word_by_word_test(short: str, long_: str) -> None:
    assert furniture._may_be_cut(short, long_) == _may_be_cut_plain(short, long_)


def _candidates_plain(lines: list[Line], style: footnotes.MarkerStyle) \
        -> list[tuple[int, int, int, int, str]]:
    """footnotes.candidates as it read before its shortcuts: every line, every pattern at
    every run of digits."""
    found = []
    for i, line in enumerate(lines):
        text = line.text
        if line.zone != "body" or not text or not footnotes._DIGIT.search(text) \
                or layout.LEADERS.search(text) or layout.contents_entry(lines, i):
            continue
        taken: set[int] = set()
        section = footnotes._SECTION_NUMBER.match(text) or footnotes._chapter_number(lines, i)
        heading = section.end() if section else 0
        runs = [m.start() for m in footnotes._RUN.finditer(text)]
        if not runs or (style.code_lines and style.in_code(text)):
            continue
        for kind, pattern in footnotes.PATTERNS:
            if kind not in style.kinds:
                continue
            matches = (pattern.match(text),) if kind in footnotes._ANCHORED \
                else (pattern.match(text, at) for at in runs)
            for m in matches:
                if m is None:
                    continue
                s, e = m.span(1)
                if s in taken or e <= heading \
                        or style.ruled_out(text, s, e, kind in footnotes.GLUED_KINDS):
                    continue
                if kind == "line_start" and not footnotes._continues_above(lines, i, text) \
                        and footnotes._in_numbered_run(lines, i, int(m.group(1))):
                    continue
                if kind == "alone" and style.code_lines and any(
                        style.in_code(lines[j].text) for j in (i - 1, i + 1)
                        if 0 <= j < len(lines)):
                    continue
                taken.add(s)
                found.append((i, s, e, int(m.group(1)), kind))
    return sorted(found, key=lambda c: (c[0], c[1]))


MARKER_CHARS = st.sampled_from([*"ab Zé1234 .,;:!?)]”’\"'/(-²_™®\t", "1994.", "x86"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(MARKER_CHARS, max_size=16).map("".join), min_size=1, max_size=12))
@example(["the table.66 The", "GNU13 and x86", "exists. 4 5", "1947, 2,500 and (i386).46"])
def test_marker_candidates_are_the_plain_scans(texts: list[str]) -> None:
    from cleanup.rules import load_rules

    style = footnotes.MarkerStyle(load_rules(use_project_config=False)
                                  .for_stage("footnotes", "markers")[0])
    lines = [Line(i + 1, t) for i, t in enumerate(texts)]
    got = [(c.index, c.start, c.end, c.value, c.kind)
           for c in footnotes.candidates(lines, style)]
    assert got == _candidates_plain(lines, style)
