"""Score cleaned texts of the real-document corpus against labels from the PDFs' geometry.

The figures issue 19 asks for, per document and in total:

* furniture left *anywhere*: the input and output token sequences are aligned; a furniture line
  (a running head, foot, page number or stamp the truth names) is left when at least half of
  its tokens fall in aligned runs of 3 or more tokens, so a head glued into a reflowed
  paragraph still counts as left; unless the output holds its longest aligned run no more
  often than the input's body does (a head that repeats the heading under it, removed, may
  be aligned with the heading's words, which are the body's). Also counted as whole output
  lines, the old way;
* body words lost: the input's words less the furniture's, as a bag, against the output's
  (a word broken by a line-end hyphen is found as its joined or its hyphenated form);
* page boundaries found: the input lines where pages begin, against the lines a system
  says they begin (a start one line off counts, as a glued head moves it by one);
* note markers: precision, recall and F1 of ``[^N]`` markers by number and the word before
  them; notes right when a ``[^N]:`` definition of that number reads as the truth's note; and
  numbers linked as markers where the truth has no such marker (page numbers, TOC, code).

Alignment is banded: the input is cut in chunks of a few pages, each aligned (rapidfuzz's
bit-parallel LCS) against a window of the output that starts where the last chunk's aligned
text ended, so memory and time stay linear in the document.
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

# A word with its combining marks (Python's \w leaves out a Devanagari nukta or vowel sign),
# so that a word and its canonically equivalent form (NFC decomposes "य़", U+095F, into "य"
# and a nukta) are one token, compared in NFC: the same text, however it is encoded.
# (A mark opens no token: pypdf sets a lone grave accent before "foo".)
_LOOSE_MARKS = re.compile(r"[\u0300-\u036f]")
TOKEN = re.compile(r"\w(?:\w|[\u0300-\u036f\u0900-\u0dff\u0f00-\u109f\u1ab0-\u1aff"
                   r"\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])*")
MARKER = re.compile(r"\[\^([^\]\s]+)\]")
NOTE_DEF = re.compile(r"^\[\^([^\]\s]+)\]:\s?(.*)$")
GLUED_NUMBER = re.compile(r"(\d{1,3})([^\W\d_]\w*)|([^\W\d_]\w*?)(\d{1,3})")
HYPHEN_BREAK = re.compile(r"(\w+)-\n\s*(\w+)")
CHUNK = 2500          # input tokens aligned at a time
MIN_RUN = 3           # an aligned run shorter than this is chance, not text that was kept
NOTE_MATCH = 90       # rapidfuzz ratio at which a note's text reads as the truth's note


# TeX's OT1 fonts print ff, fi, fl, ffi, ffl from codes 11-15; a PDF without a ToUnicode map
# passes the codes on ("de\x0cned"). The words the page shows are the ones with the letters.
OT1_LIGATURES = {"\x0b": "ff", "\x0c": "fi", "\r": "fl", "\x0e": "ffi", "\x0f": "ffl"}
_LIGATURE_CODE = re.compile(r"(?<=[^\W\d_])[\x0b\x0c\r\x0e\x0f](?=[^\W\d_])"
                            r"|(?<=[^\W\d_])[\x0b\x0c\r\x0e\x0f]|[\x0b\x0c\r\x0e\x0f](?=[^\W\d_])")


def printed_text(text: str) -> str:
    """``text`` with ligature codes read as the letters the page shows, where the text has
    them inside words (two or more: one could be anything)."""
    inside = re.findall(r"[^\W\d_][\x0b\x0c\r\x0e\x0f][^\W\d_]", text)
    if len(inside) < 2:
        return text
    return _LIGATURE_CODE.sub(lambda m: OT1_LIGATURES[m[0]], text)


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens: what "the words are still there" is judged on."""
    return [_nfc(t) for t in TOKEN.findall(text.casefold())]


def _spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), _nfc(m.group().casefold())) for m in TOKEN.finditer(text)]


def _nfc(token: str) -> str:
    """The token in NFC, less the Latin combining marks NFC could not compose (a stray grave
    accent that pypdf sets before "foo" and the layout labeller after "F")."""
    if token.isascii():
        return token
    return _LOOSE_MARKS.sub("", unicodedata.normalize("NFC", token))


def strip_markup(text: str) -> str:
    """Output text with the markup cleanup adds (``[^N]`` markers, ``[^N]:`` labels) read as
    the numbers they stand for, as the input had them."""
    return MARKER.sub(r" \1 ", text)


def aligned_mask(src: list[str], out: list[str]) -> list[bool]:
    """For each source token, whether it falls in an aligned run of MIN_RUN or more tokens."""
    mask = [False] * len(src)
    cursor = 0
    for lo in range(0, len(src), CHUNK):
        chunk = src[lo:lo + CHUNK]
        window = out[cursor:cursor + 2 * len(chunk) + 2000]
        if not chunk or not window:
            continue
        pairs = _matches(chunk, window)
        last = None
        run: list[tuple[int, int]] = []
        for i, j in [*pairs, (-9, -9)]:
            if run and i == run[-1][0] + 1 and j == run[-1][1] + 1:
                run.append((i, j))
                continue
            if len(run) >= MIN_RUN:
                for a, _ in run:
                    mask[lo + a] = True
                last = run[-1][1]
            run = [(i, j)]
        if last is not None:
            cursor += last + 1
    return mask


def _matches(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """Index pairs of one longest common subsequence of ``a`` and ``b``."""
    ops = LCSseq.editops(a, b)
    pairs: list[tuple[int, int]] = []
    i = j = 0
    for op in ops:
        while i < op.src_pos and j < op.dest_pos:
            pairs.append((i, j))
            i += 1
            j += 1
        if op.tag == "delete":
            i += 1
        elif op.tag == "insert":
            j += 1
        else:  # replace
            i += 1
            j += 1
    while i < len(a) and j < len(b):
        pairs.append((i, j))
        i += 1
        j += 1
    return pairs


def page_ranges(text: str, starts: list[int] | None) -> list[tuple[int, int]]:
    """Character ranges of the pages: from the 1-based page-start lines where given (a stray
    form feed in text without page breaks is a printed character), else from form feeds."""
    if starts is None and "\f" in text:
        out, pos = [], 0
        for part in text.removesuffix("\f").split("\f"):
            out.append((pos, pos + len(part)))
            pos += len(part) + 1
        return out
    if not starts:
        return [(0, len(text))]
    offsets = [0]
    for line in text.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    bounds = [0] + [offsets[s - 1] for s in starts if 1 < s <= len(offsets)] + [len(text)]
    return list(itertools.pairwise(bounds))


def furniture_positions(text: str, truth: dict[str, Any], starts: list[int] | None) \
        -> list[tuple[str, str, list[int]]]:
    """Where each labelled furniture line stands in ``text``: (kind, text, token indexes).

    A line is looked for on its own page, as its token sequence (so an extractor's different
    spacing or line breaks do not hide it), at the occurrence nearest the page's top or foot:
    a bare page number "6" also stands in a TOC line "5.1.6 Reasons ... 123". Where the pages
    are unknown or it is not on its page, a line of three or more words is taken wherever it
    first stands unclaimed; a shorter one is not looked for (a stray "6" proves nothing)."""
    spans = _spans(text)
    starts_at = [s for s, _, _ in spans]
    toks = [t for _, _, t in spans]
    ranges = page_ranges(text, starts)
    paged = len(ranges) == len(truth["page_truth"])
    claimed: set[int] = set()
    found: list[tuple[str, str, list[int]]] = []
    for p, page in enumerate(truth["page_truth"]):
        lo_c, hi_c = ranges[p] if paged else (0, len(text))
        lo = bisect.bisect_left(starts_at, lo_c)
        hi = bisect.bisect_left(starts_at, hi_c)
        for item in page.get("furniture", []):
            want = tokens(item["text"])
            if not want:
                continue
            at = _nearest_edge(toks, want, lo, hi, claimed) if paged else None
            idx = list(range(at, at + len(want))) if at is not None else []
            if paged and at is None:
                # The extractor set the line's words apart on its page (pdftotext puts a
                # head's number on a line of its own, elsewhere in the page): they are
                # looked for, in order, among the page's first or last tokens.
                idx = _scattered(toks, want, lo, hi, claimed) or \
                    _unspaced(toks, want, lo, hi, claimed)
            elif at is None and len(want) >= 3:
                at = next(iter(_occurrences(toks, want, 0, len(toks), claimed)), None)
                idx = list(range(at, at + len(want))) if at is not None else []
            if not idx:
                found.append((item["kind"], item["text"], []))
                continue
            claimed.update(idx)
            found.append((item["kind"], item["text"], idx))
    return found


EDGE_TOKENS = 40      # a page's first and last tokens, where its furniture stands
LEADERS = re.compile(r"(?:\.\s?){4,}")


def _scattered(toks: list[str], want: list[str], lo: int, hi: int,
               claimed: set[int]) -> list[int]:
    """Positions of ``want``'s tokens, in order, within the first or last EDGE_TOKENS
    tokens of the page ``lo:hi``, or its first tokens there and the rest in the last
    (pdftotext sets Doxygen's head '7.1 raptor Namespace Reference 17' at the page's top and
    its number after the foot); empty when they are not all there."""
    head = (lo, min(hi, lo + EDGE_TOKENS))
    foot = (max(lo, hi - EDGE_TOKENS), hi)
    for a, b in (head, foot):
        idx = _in_order(toks, want, a, b, claimed)
        if len(idx) == len(want):
            return idx
    for cut in range(len(want) - 1, 0, -1):
        top = _in_order(toks, want[:cut], *head, claimed)
        if len(top) == cut:
            rest = _in_order(toks, want[cut:], max(foot[0], top[-1] + 1), foot[1], claimed)
            if len(rest) == len(want) - cut:
                return top + rest
    return []


def _in_order(toks: list[str], want: list[str], a: int, b: int, claimed: set[int]) -> list[int]:
    """The first positions of ``want``'s tokens, in order, in ``toks[a:b]`` (as far as found)."""
    idx, k = [], a
    for w in want:
        while k < b and (toks[k] != w or k in claimed):
            k += 1
        if k >= b:
            break
        idx.append(k)
        k += 1
    return idx


def _unspaced(toks: list[str], want: list[str], lo: int, hi: int,
              claimed: set[int]) -> list[int]:
    """Positions of a run of tokens among the page's first or last EDGE_TOKENS that spells
    ``want`` with its spaces lost ("DebianNewMaintainers'Guide 5 / 57": pypdf reads some
    fonts' word gaps as kerning); empty when there is none."""
    goal = "".join(want)
    for a, b in ((lo, min(hi, lo + EDGE_TOKENS)), (max(lo, hi - EDGE_TOKENS), hi)):
        for i in range(a, b):
            if i in claimed or not goal.startswith(toks[i]):
                continue
            run, j = toks[i], i + 1
            while len(run) < len(goal) and j < b and j not in claimed:
                run += toks[j]
                j += 1
            if run == goal and j - i < len(want):
                return list(range(i, j))
    return []


def _nearest_edge(toks: list[str], want: list[str], lo: int, hi: int,
                  claimed: set[int]) -> int | None:
    n = len(want)
    return min(_occurrences(toks, want, lo, hi, claimed),
               key=lambda i: min(i - lo, hi - i - n), default=None)


def _occurrences(toks: list[str], want: list[str], lo: int, hi: int,
                 claimed: set[int]) -> list[int]:
    n = len(want)
    first = want[0]
    return [i for i in range(lo, max(lo, hi - n + 1))
            if toks[i] == first and toks[i:i + n] == want and i not in claimed]


@dataclass
class Figures:
    """Counts for one document (or a total): the scorer's raw numbers."""

    furniture: int = 0          # labelled furniture lines found in the input
    furniture_left: int = 0     # ... whose words are still in the output
    furniture_whole: int = 0    # ... that are still an output line of their own
    body_words: int = 0
    body_lost: int = 0
    starts_true: int = 0
    starts_found: int = 0
    starts_hit_true: int = 0
    starts_hit_found: int = 0
    markers_true: int = 0
    markers_out: int = 0
    markers_hit: int = 0
    notes_true: int = 0
    notes_right: int = 0
    wrong_markers: int = 0
    docs: int = 1
    worst_lost: float = 0.0
    worst_doc: str = ""
    per_kind: Counter[str] = field(default_factory=Counter)

    def add(self, other: Figures, name: str = "") -> None:
        for f in ("furniture", "furniture_left", "furniture_whole", "body_words", "body_lost",
                  "starts_true", "starts_found", "starts_hit_true", "starts_hit_found",
                  "markers_true", "markers_out", "markers_hit", "notes_true", "notes_right",
                  "wrong_markers"):
            setattr(self, f, getattr(self, f) + getattr(other, f))
        self.per_kind.update(other.per_kind)
        lost = other.body_lost / other.body_words if other.body_words else 0.0
        if lost >= self.worst_lost:
            self.worst_lost, self.worst_doc = lost, name or other.worst_doc

    def summary(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        p = ratio(self.markers_hit, self.markers_out)
        r = ratio(self.markers_hit, self.markers_true)
        f1 = round(2 * p * r / (p + r), 4) if p and r else (0.0 if self.markers_true else None)
        return {
            "furniture": self.furniture,
            "furniture_left": ratio(self.furniture_left, self.furniture),
            "furniture_whole": ratio(self.furniture_whole, self.furniture),
            "body_lost": ratio(self.body_lost, self.body_words),
            "worst_lost": round(self.worst_lost, 4),
            "worst_doc": self.worst_doc,
            "page_p": ratio(self.starts_hit_found, self.starts_found),
            "page_r": ratio(self.starts_hit_true, self.starts_true),
            "marker_p": p, "marker_r": r, "marker_f1": f1,
            "notes": ratio(self.notes_right, self.notes_true),
            "wrong_markers": self.wrong_markers,
        }


def score(text: str, output: str, truth: dict[str, Any], true_starts: list[int] | None,
          found_starts: list[int] | None) -> Figures:
    """Score one system's ``output`` for the input ``text`` of one document."""
    fig = Figures()
    text = printed_text(text)
    body_out = strip_markup(output)
    out_toks = tokens(body_out)
    src_spans = _spans(text)
    src = [t for _, _, t in src_spans]
    mask = aligned_mask(src, out_toks)
    furn = furniture_positions(text, truth, true_starts)
    # A contents line with dot leaders is no running head kept whole, though its words are
    # the head's ("5 Text lines and paragraphs numbering . . . 16").
    out_lines = Counter(" ".join(tokens(line)) for line in body_out.split("\n")
                        if not LEADERS.search(line))
    furn_tok = {i for _, _, idx in furn for i in idx}
    counts = _GramCounts(src, out_toks, furn_tok)
    for kind, ftext, idx in furn:
        if not idx:
            continue
        fig.furniture += 1
        if sum(mask[i] for i in idx) * 2 >= len(idx) and not counts.explained(idx, mask):
            fig.furniture_left += 1
            fig.per_kind[kind] += 1
        key = " ".join(tokens(ftext))
        if out_lines.get(key, 0) > 0:
            out_lines[key] -= 1
            fig.furniture_whole += 1
    _body_lost(fig, text, src, furn_tok, out_toks)
    if true_starts is not None and found_starts is not None:
        _boundaries(fig, true_starts, found_starts)
    if truth.get("notes_labelled", True):
        _notes(fig, output, truth, text)
    else:
        fig.wrong_markers = 0
    return fig


class _GramCounts:
    """Whether the output's copy of a furniture line's words is the body's own.

    The alignment picks one of two equal readings where a head repeats a heading under it
    ("CHAPTER 6. THE DEBIAN ARCHIVES 6.7. WHAT ARE ALL THOSE DIRECTORIES AT ..." over "6.7
    What are all those directories at the Debian archives?"): the heading's words, kept, may
    be aligned with the head's. A head's aligned run of words is the body's when the output
    holds it no more often than the input's body (furniture left out) does; a head left
    beside its heading makes one more."""

    def __init__(self, src: list[str], out: list[str], furn: set[int]) -> None:
        self.src, self.out, self.furn = src, out, furn
        self.out_at: dict[str, list[int]] = {}
        for j, t in enumerate(out):
            self.out_at.setdefault(t, []).append(j)
        self.src_at: dict[str, list[int]] = {}
        for i, t in enumerate(src):
            if i not in furn:
                self.src_at.setdefault(t, []).append(i)

    def explained(self, idx: list[int], mask: list[bool]) -> bool:
        runs: list[list[int]] = []
        for i in idx:
            if mask[i] and runs and i == runs[-1][-1] + 1:
                runs[-1].append(i)
            elif mask[i]:
                runs.append([i])
        gram = [self.src[i] for i in max(runs, key=len)] if runs else []
        if len(gram) < MIN_RUN:
            return False
        n = len(gram)
        in_out = sum(1 for j in self.out_at.get(gram[0], []) if self.out[j:j + n] == gram)
        in_body = sum(1 for i in self.src_at.get(gram[0], [])
                      if self.src[i:i + n] == gram
                      and not any(k in self.furn for k in range(i, i + n)))
        return in_out <= in_body


def _body_lost(fig: Figures, text: str, src: list[str], furn: set[int],
               out_toks: list[str]) -> None:
    bag = Counter(out_toks)
    body = Counter(t for i, t in enumerate(src) if i not in furn)
    # A word broken at a line end is found whole or in its two pieces.
    for m in HYPHEN_BREAK.finditer(text.casefold()):
        a, b = m.group(1), m.group(2)
        if bag[a + b] > 0 and (bag[a] < body[a] or bag[b] < body[b]):
            bag[a + b] -= 1
            bag[a] += 1
            bag[b] += 1
    # A marker or a note's number glued to a word ("with5", "1Despite") is found in the two
    # pieces a linked marker leaves ("with", "5").
    for w in [w for w, n in body.items() if bag[w] < n]:
        m = GLUED_NUMBER.fullmatch(w)
        if m is None:
            continue
        a, b = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        while bag[w] < body[w] and bag[a] > body[a] and bag[b] > body[b]:
            bag[w] += 1
            bag[a] -= 1
            bag[b] -= 1
    fig.body_words = sum(body.values())
    fig.body_lost = sum(max(0, n - bag[w]) for w, n in body.items())


def _boundaries(fig: Figures, true_starts: list[int], found: list[int]) -> None:
    t, f = set(true_starts), set(found)
    fig.starts_true, fig.starts_found = len(t), len(f)
    fig.starts_hit_true = sum(1 for s in t if {s - 1, s, s + 1} & f)
    fig.starts_hit_found = sum(1 for s in f if {s - 1, s, s + 1} & t)


def _number(label: str) -> str:
    """The printed number of a label: cleanup writes a note of a numbering that restarted
    (per chapter) as ``[^SEGMENT.N]``, the truth as the page prints it, ``N``."""
    return label.rsplit(".", 1)[-1].strip()


def _notes(fig: Figures, output: str, truth: dict[str, Any], text: str = "") -> None:
    want: Counter[tuple[str, str]] = Counter()
    labels: set[str] = set()
    for page in truth["page_truth"]:
        for m in page.get("markers", []):
            want[(_number(m["label"]), _last_word(m.get("before", "")))] += 1
            labels.add(_number(m["label"]))
    notes: dict[str, list[str]] = {}
    for page in truth["page_truth"]:
        for n in page.get("notes", []):
            notes.setdefault(_number(n["label"]), []).append(n["text"])
    # Continuations belong to the note before them; the truth gives them per page, in order.
    # (The typeset documents' truth gives each note's whole text from its source, and lists
    # on the next page the part set there: that part is already in the text.)
    last = None
    for page in truth["page_truth"]:
        if last is not None and page.get("note_continuations"):
            rest = " ".join(page["note_continuations"])
            if not _squash(notes[last][-1]).endswith(_squash(rest)):
                notes[last][-1] += " " + rest
        if page.get("notes"):
            last = _number(page["notes"][-1]["label"])
    got: Counter[tuple[str, str]] = Counter()
    defs: dict[str, list[str]] = {}
    # What the input already wrote as "[^i]" (PARI's "v[^i]" removes entry i) is no marker
    # that cleanup linked.
    given = Counter((_number(m.group(1)), _last_word(line[:m.start()]))
                    for line in text.split("\n") for m in MARKER.finditer(line))
    for line in output.split("\n"):
        d = NOTE_DEF.match(line)
        if d:
            defs.setdefault(_number(d.group(1)), []).append(d.group(2))
            continue
        for m in MARKER.finditer(line):
            before = _last_word(line[:m.start()])
            got[(_number(m.group(1)), before)] += 1
    got -= given
    hit = matched_markers(want, got)
    fig.markers_true = sum(want.values())
    fig.markers_out = sum(got.values())
    fig.markers_hit = sum(hit.values())
    fig.wrong_markers = sum(n for (label, _), n in (got - hit).items() if label not in labels)
    fig.notes_true = sum(len(v) for v in notes.values())
    for label, texts in notes.items():
        outs = list(defs.get(label, []))
        for t in texts:
            best = max(((fuzz.ratio(_squash(t), _squash(o)), k) for k, o in enumerate(outs)),
                       default=(0, -1))
            if best[0] >= NOTE_MATCH:
                fig.notes_right += 1
                outs.pop(best[1])


def matched_markers(want: Counter[tuple[str, str]], got: Counter[tuple[str, str]]) \
        -> Counter[tuple[str, str]]:
    """The found (label, word before) pairs that the truth has. The truth's word is the one
    printed on the marker's line, so a word hyphenated across lines is only its last piece
    there (``bewährt`` printed ``be-`` / ``währt``): a found word that ends with the truth's
    piece of three or more letters matches too, once the exact pairs are taken."""
    hit = want & got
    rest_want, rest_got = want - hit, got - hit
    for (label, word), n in sorted(rest_got.items()):
        for key in sorted(rest_want):
            if n and key[0] == label and len(key[1]) >= 3 and word != key[1] \
                    and word.endswith(key[1]) and rest_want[key]:
                take = min(n, rest_want[key])
                rest_want[key] -= take
                n -= take
                hit[(label, word)] += take
    return hit


def _last_word(text: str) -> str:
    words = tokens(MARKER.sub(" ", text))
    return words[-1] if words else ""


def _squash(text: str) -> str:
    return " ".join(tokens(text))
