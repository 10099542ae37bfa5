"""Fuzz the pipeline with hostile text and check the properties every input must keep.

    python benchmarks/fuzz.py --count 100000          # a long run (nice it: it uses one core)
    python benchmarks/fuzz.py --count 2000 --seed 7   # another stream of inputs

Inputs come from generators of what extractions from the wild hold: random Unicode, control
characters and NULs, very long lines, 100,000 short lines, header-like repetition over pages,
hyphen- and footnote-like lines, form feeds, and slices of the real fixtures with damage
sprinkled in. Each input is checked for:

* no exception;
* no hang: at most 10 s per 100 KB of input (and 10 s for anything smaller), in CPU seconds of
  this process, so that a machine busy with other work does not make a slow input look hung;
* deterministic output: the same text and report in another process with another hash seed
  (every ``--recheck``-th input, in a second process that runs beside the first);
* idempotence on real documents (prose and fixture slices): clean(clean(x)) == clean(x);
* no output word that is not in the input, once the recorded edits (hyphen joins, Unicode
  fixes, control characters taken out) and words closed up at a line-end hyphen are allowed;
* the removal guard: a document whose edits removed more than the limit of its content lines
  carries the excessive-removal flag.

Prints one line per failure (the input is saved under ``--save`` to replay) and a summary;
exits 1 when any property failed. The hypothesis tests in tests/test_fuzz.py run the same
checks for a bounded time in the test suite.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import random
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleanup.pipeline import DEFAULT_MAX_REMOVAL, Result, clean_text  # noqa: E402
from cleanup.rules import RuleSet, load_rules  # noqa: E402

SECONDS_PER_100KB = 10.0
_WORD = re.compile(r"\w+")
_SEGMENT = re.compile(r"\[\^\d+\.(?=\d+\])")
_HYPHEN_END = re.compile(r"(\w+)[-\u00ad\u2010\u2011]\s*$")
_FIRST_WORD = re.compile(r"^\W*?(\w+)")
_LAST_WORD = re.compile(r"(\w+)\W*$")
FIXTURES = [ROOT / "fixtures" / "000_ce1fba3cc8f1d7c1.txt",
            *sorted((ROOT / "fixtures" / "synthetic").glob("*.txt"))]

# -- generators ------------------------------------------------------------------------------

PROSE = str.split("The committee met eleven times in its first year and reported to the "
                  "minister in the spring, recommending that the agencies adopt common rules "
                  "for the exchange of records between the provinces and the federal "
                  "government, a step the negotiators had resisted since the talks began in "
                  "earnest after the elections.")
HEADERS = ["Crisis Group Asia Briefing N°169, 30 June 2021 Page {n}", "- {n} -", "{n}",
           "Page {n} of 40", "Annual Report 2019", "CHAPTER {n}", "Pakistan: Shoring Up Af",
           "This content downloaded from 149.10.125.20 on Tue, 08 Feb 2022 02:22:36 UTC",
           "All use subject to https://about.jstor.org/terms"]
CONTROLS = [chr(c) for c in (*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F)]
ODD = ["\u00ad", "\u00a0", "\u200b", "\ufeff", "\u2028", "\x85", "\r", "\f", "\t", "ﬁ", "Ã©",
       "â€™", "\ufffd", "e\u0301", "\U0001f600", "[^3]", "¹", "†", "*"]


def _ranges_char(rng: random.Random) -> str:
    lo, hi = rng.choice([(0x20, 0x7E), (0x00, 0x20), (0xA0, 0x17F), (0x370, 0x3FF),
                         (0x400, 0x4FF), (0x590, 0x6FF), (0x2000, 0x206F), (0x3040, 0x30FF),
                         (0x4E00, 0x4FFF), (0xFB00, 0xFB06), (0x1F300, 0x1F64F),
                         (0xE000, 0xE0FF), (0x300, 0x36F)])
    return chr(rng.randint(lo, hi))


def gen_unicode(rng: random.Random) -> str:
    """Random code points from many blocks, controls and NULs among them."""
    return "".join(_ranges_char(rng) if rng.random() < 0.85 else rng.choice("\n\n \f-")
                   for _ in range(rng.randint(0, 400)))


def _sentence(rng: random.Random, words: int) -> str:
    start = rng.randrange(len(PROSE))
    return " ".join(PROSE[(start + k) % len(PROSE)] for k in range(words))


def gen_prose(rng: random.Random, pages: int | None = None) -> str:
    """Paged prose as an extraction gives it: paragraphs of full sentences wrapped at about 70
    characters, line-end hyphens, footnote markers and note blocks, running heads, page
    numbers and form feeds."""
    out: list[str] = []
    note = 1
    for page in range(1, (pages or rng.randint(1, 6)) + 1):
        if rng.random() < 0.7:
            out.append(rng.choice(HEADERS[:4]).format(n=page))
        notes: list[int] = []
        for _ in range(rng.randint(1, 4)):
            words: list[str] = []
            for _ in range(rng.randint(1, 5)):
                sentence = _sentence(rng, rng.randint(4, 25)).rstrip(".,")
                words += (sentence[0].upper() + sentence[1:] + ".").split()
                if rng.random() < 0.2:
                    words[-1] += str(note)
                    notes.append(note)
                    note += 1
            out += _wrap(rng, words)
            out.append("")
        if notes:
            out += [" ", " "]
            out += [f"{n} {_sentence(rng, rng.randint(2, 10)).rstrip('.,')}." for n in notes]
        if rng.random() < 0.5:
            out.append(HEADERS[4].format(n=page))
        out.append("\f" if rng.random() < 0.5 else "")
    return "\n".join(out) + "\n"


def _wrap(rng: random.Random, words: list[str], width: int = 70) -> list[str]:
    """Words as lines of about ``width`` characters, some broken at a hyphen."""
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            if len(word) > 5 and word.isalpha() and rng.random() < 0.3:
                cut = rng.randint(2, len(word) - 2)
                lines.append(f"{line} {word[:cut]}-")
                line = word[cut:]
                continue
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def gen_damaged(rng: random.Random) -> str:
    """Prose or a fixture slice with controls, NULs, odd characters and CR line ends mixed in."""
    text = gen_prose(rng) if rng.random() < 0.5 else gen_slice(rng)
    chars = list(text)
    for _ in range(rng.randint(1, 40)):
        k = rng.randrange(len(chars) + 1)
        chars.insert(k, rng.choice(CONTROLS + ODD) * rng.randint(1, 4))
    return "".join(chars)


def gen_slice(rng: random.Random) -> str:
    """A slice of a real fixture (whole lines)."""
    lines = rng.choice(FIXTURES).read_text(encoding="utf-8").split("\n")
    a = rng.randrange(len(lines))
    b = min(len(lines), a + rng.randint(1, 400))
    return "\n".join(lines[a:b]) + "\n"


def gen_nul_padded(rng: random.Random) -> str:
    """A JSTOR stamp as pypdf extracts it: NUL-padded, split after 'from'."""
    text = gen_prose(rng)
    stamp = ("\0\0\0This content downloaded from\n\0\0\0\0"
             f"{rng.randint(1, 255)}.69.201.98 on Wed, 28 Oct 2020 03:00:17 UTC\0\0\0\n")
    lines = text.split("\n")
    for _ in range(rng.randint(1, 4)):
        lines.insert(rng.randrange(len(lines) + 1), stamp.rstrip("\n"))
    return "\n".join(lines)


def gen_long_line(rng: random.Random) -> str:
    """One very long line (up to 300,000 characters), maybe between ordinary lines."""
    unit = rng.choice(["word ", "a", "-", "1 ", "ab-\u00ad", "\0", "x.1 ", "[^1]"])
    line = unit * (rng.randint(1000, 300_000) // len(unit))
    return rng.choice(["", "Before.\n"]) + line + rng.choice(["", "\n", "\nAfter.\n"])


def gen_short_lines(rng: random.Random) -> str:
    """Up to 100,000 short lines with no blank line (tables, indexes, word lists)."""
    n = rng.choice([1000, 10_000, 100_000])
    return "\n".join(rng.choice(PROSE) if rng.random() < 0.9 else str(rng.randint(1, 500))
                     for _ in range(n)) + "\n"


def gen_repetition(rng: random.Random) -> str:
    """The same few header-like lines over and over, with form feeds."""
    pool = [h.format(n=rng.randint(1, 9)) for h in rng.sample(HEADERS, 3)] + [""]
    return "\n".join(rng.choice(pool) + ("\f" if rng.random() < 0.1 else "")
                     for _ in range(rng.randint(1, 800)))


def gen_markers(rng: random.Random) -> str:
    """Hyphen- and footnote-like lines only: numbers, symbols, dangling hyphens, separators."""
    pool = ["1", "12", "*", "†", "-", "—", "a-", "-b", "1 2 3", "[1]", "(1)", "1.", "__", " ",
            "", "¹²", "x-\u00ad", "1 Ibid.", "2 See p. 4.", "\f", "\0", "word."]
    return "\n".join(rng.choice(pool) for _ in range(rng.randint(0, 200)))


GENERATORS: dict[str, tuple[Callable[[random.Random], str], float, bool]] = {
    # name: (generator, weight, whether the input is a real document: idempotence holds)
    "unicode": (gen_unicode, 20, False),
    "prose": (gen_prose, 20, True),
    "slice": (gen_slice, 10, True),
    "damaged": (gen_damaged, 20, False),
    "nul_padded": (gen_nul_padded, 8, True),
    "markers": (gen_markers, 15, False),
    "repetition": (gen_repetition, 6, False),
    "long_line": (gen_long_line, 0.5, False),
    "short_lines": (gen_short_lines, 0.05, False),
}


def generate(seed: int) -> tuple[str, str]:
    """The ``seed``-th input: (generator name, text); the same seed gives the same text."""
    rng = random.Random(seed)
    names = list(GENERATORS)
    name = rng.choices(names, weights=[GENERATORS[n][1] for n in names])[0]
    return name, GENERATORS[name][0](rng)


# -- properties ------------------------------------------------------------------------------

def digest(result: Result) -> str:
    """A fingerprint of the text and the report, for comparing runs across processes."""
    report = json.dumps(result.report.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256((result.text + "\0" + report).encode()).hexdigest()[:16]


def allowed_words(text: str, result: Result) -> set[str]:
    """Words the output may hold: the input's, those the recorded edits wrote, and words
    closed up across a line-end hyphen (soft hyphens are taken out without an edit)."""
    words = set(_WORD.findall(text))
    for e in result.report.edits:
        words.update(_WORD.findall(e.after))
    lines = [ln for ln in re.split(r"\r\n|[\r\n\f\x0b\x1c-\x1e\x85\u2028\u2029]", text)
             if ln.strip()]
    # Lines closed up without a space (at a hyphen, or where a script needs none): words that
    # meet at line breaks, chained over up to four lines (a one-word line in between).
    edges = [(n, w) for n, ln in enumerate(lines) for w in _WORD.findall(ln)]
    for i in range(len(edges)):
        joined = edges[i][1]
        for j in range(i + 1, min(i + 4, len(edges))):
            if edges[j][0] == edges[j - 1][0]:
                break
            joined += edges[j][1]
            words.add(joined)
    sources = lines + [e.after for e in result.report.edits if e.after]
    for a, b in itertools.pairwise(sources):
        m, n = _LAST_WORD.search(a[-200:]), _FIRST_WORD.search(b[:200])
        if m and n:
            words.add(m.group(1) + n.group(1))
    # Across any two lines, not only neighbours: furniture between them may have gone.
    # (Only each line's ends are searched: a regex anchored at $ is quadratic on a long word.)
    ends = {m.group(1) for s in sources if (m := _HYPHEN_END.search(s[-200:]))}
    starts = {n.group(1) for s in sources if (n := _FIRST_WORD.search(s[:200]))}
    if len(ends) * len(starts) <= 200_000:
        words.update(e + s for e in ends for s in starts)
    return words


def check(text: str, rules: RuleSet, real: bool) -> tuple[list[str], Result | None, float]:
    """The properties ``text`` breaks (as short descriptions), its result and seconds taken."""
    problems: list[str] = []
    started = time.process_time()
    try:
        result = clean_text(text, rules, source="<fuzz>")
    except Exception as e:
        return [f"exception: {type(e).__name__}: {e}"], None, time.process_time() - started
    took = time.process_time() - started
    limit = SECONDS_PER_100KB * max(1.0, len(text.encode("utf-8")) / 100_000)
    if took > limit:
        problems.append(f"hang: {took:.1f} CPU s for {len(text):,} characters (limit "
                        f"{limit:.0f} s)")
    # "[^30.1]" is note 1 of the 30th run of restarted numbering: the 30 is cleanup's own
    # count of segments, the label's syntax, not a word of the text.
    out_words = set(_WORD.findall(_SEGMENT.sub("[^", result.text)))
    extra = out_words - allowed_words(text, result)
    if extra:
        problems.append(f"new words in the output: {sorted(extra)[:5]}")
    removed = _removed_share(result)
    flagged = any(f.kind == "excessive_removal" for f in result.report.flags)
    if removed > DEFAULT_MAX_REMOVAL and not flagged:
        problems.append(f"removal guard: {removed:.0%} removed and no excessive_removal flag")
    if real:
        try:
            again = clean_text(result.text, rules, source="<fuzz>").text
        except Exception as e:
            problems.append(f"exception cleaning the output: {type(e).__name__}: {e}")
        else:
            if again != result.text:
                problems.append("not idempotent: cleaning the output changes it")
    return problems, result, took


def _removed_share(result: Result) -> float:
    """The share of content lines removed, as the pipeline's guard must see it."""
    return float(result.report.learned.get("removed_share", 0.0))


# -- the long run ----------------------------------------------------------------------------

def _digests(seeds: list[int], rules: RuleSet) -> dict[int, str]:
    out = {}
    for seed in seeds:
        _, text = generate(seed)
        try:
            out[seed] = digest(clean_text(text, rules, source="<fuzz>"))
        except Exception as e:
            out[seed] = f"exception {type(e).__name__}"
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=1000, help="inputs to try (default 1000)")
    ap.add_argument("--seed", type=int, default=0, help="first input's seed (default 0)")
    ap.add_argument("--recheck", type=int, default=10, metavar="K",
                    help="check every K-th input's output in a second process with another "
                         "hash seed (default 10; 1 = every input)")
    ap.add_argument("--save", type=Path, default=Path("fuzz-failures"),
                    help="folder for failing inputs (default fuzz-failures/)")
    ap.add_argument("--digests", help=argparse.SUPPRESS)  # internal: the second process
    args = ap.parse_args(argv)
    rules = load_rules(use_project_config=False)
    if args.digests:
        seeds = json.loads(Path(args.digests).read_text())
        json.dump(_digests(seeds, rules), sys.stdout)
        return 0

    seeds = list(range(args.seed, args.seed + args.count))
    recheck = seeds[::max(1, args.recheck)]
    recheck_set = set(recheck)
    seed_file = args.save.with_suffix(".seeds.json")
    seed_file.parent.mkdir(parents=True, exist_ok=True)
    seed_file.write_text(json.dumps(recheck))
    env = dict(os.environ, PYTHONHASHSEED=str(12345))
    # The second process runs beside this one, over its share of the inputs.
    other = subprocess.Popen([sys.executable, __file__, "--digests", str(seed_file)], env=env,
                             stdout=subprocess.PIPE, text=True)
    counts: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    mine: dict[int, str] = {}
    started = time.perf_counter()
    chars = 0
    slowest = (0.0, 0)
    for k, seed in enumerate(seeds):
        kind, text = generate(seed)
        kinds[kind] += 1
        chars += len(text)
        problems, result, took = check(text, rules, GENERATORS[kind][2])
        slowest = max(slowest, (took, seed))
        if seed in recheck_set:
            mine[seed] = digest(result) if result is not None else "exception"
        for p in problems:
            counts[p.split(":")[0]] += 1
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"{seed}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
            print(f"seed {seed} ({kind}): {p}", flush=True)
        if (k + 1) % 1000 == 0:
            print(f"... {k + 1:,} inputs, {time.perf_counter() - started:,.0f} s", flush=True)
    theirs = json.loads(other.communicate()[0] or "{}")
    differ = [s for s, d in mine.items() if not d.startswith("exception")
              and theirs.get(str(s)) != d]
    for s in differ:
        print(f"seed {s} ({generate(s)[0]}): nondeterministic: another process gave another "
              "output or report", flush=True)
    seed_file.unlink(missing_ok=True)
    elapsed = time.perf_counter() - started
    print(f"{args.count:,} inputs ({chars / 1e6:.1f} M characters) in {elapsed:,.0f} s; "
          f"by generator: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    print(f"exceptions {counts['exception']}, hangs {counts['hang']}, nondeterministic "
          f"{len(differ)} of {len(mine)} rechecked, not idempotent {counts['not idempotent']}, "
          f"new words {counts['new words in the output']}, removal guard "
          f"{counts['removal guard']}; slowest {slowest[0]:.2f} CPU s (seed {slowest[1]})")
    return 1 if counts or differ else 0


if __name__ == "__main__":
    sys.exit(main())
