"""How the pipeline's time grows with its input, and what a second worker buys (issue 22).

    python benchmarks/scaling.py [--repeat R] [--skip-jobs]

Three figures, each a ratio within one run (machines here are shared and noisy):

* time per page for documents of 10, 100 and 1,000 pages (the fixture report's lines, 40 to a
  page under a running head, page numbers rising, joined with form feeds as pdftotext writes
  them): flat within 20% is the target, so no stage may be superlinear in pages;
* time per line for one paragraph of 1,000, 10,000 and 100,000 lines of running prose (no
  blank line, no page break: the worst case for anything quadratic in a paragraph's lines);
* ``cleanup run --jobs 2`` against ``--jobs 1`` on a folder of 48 reports, wall-clock
  (target >= 1.7x on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleanup.document import Document  # noqa: E402
from cleanup.pipeline import clean_document  # noqa: E402
from cleanup.rules import RuleSet, load_rules  # noqa: E402

SAMPLE = ROOT / "fixtures" / "000_ce1fba3cc8f1d7c1.txt"
PROSE = ("the committee met on three occasions during the spring and agreed that the proposal "
         "should go forward while its members noted that funding remained uncertain and that")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$", re.M)


def pages_of(n: int) -> str:
    """A report of ``n`` pages: the sample's body lines in turn, 40 to a page, each page under
    a running head and over its page number, joined with form feeds as pdftotext writes."""
    body = [ln for ln in SAMPLE.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not _PAGE_NUMBER.fullmatch(ln)]
    out = []
    for k in range(n):
        lines = [body[(k * 40 + j) % len(body)] for j in range(40)]
        out.append("\n".join(["Pakistan: Shoring Up Afghanistan's Peace Process", *lines,
                             str(k + 1)]))
    return "\f".join(out) + "\n"


def paragraph_of(n: int) -> str:
    """One paragraph of ``n`` prose lines, each a little different (no line repeats)."""
    words = PROSE.split()
    return "\n".join(" ".join(words[(k * 7 + j) % len(words)] for j in range(12)) + f" {k}"
                     for k in range(n)) + "\n"


def seconds(text: str, rules: RuleSet, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        clean_document(Document.from_text(text, "scaling"), rules)
        best = min(best, time.perf_counter() - started)
    return best


def flatness(name: str, unit: str, sizes: list[int], make, rules: RuleSet,
             repeat: int) -> None:
    per = []
    for n in sizes:
        t = seconds(make(n), rules, repeat if n < max(sizes) else 1)
        per.append(t / n)
        print(f"  {name} {n:>7,} {unit}s: {t:7.2f} s, {1e3 * t / n:8.3f} ms per {unit}")
    print(f"  {name}: largest / smallest time per {unit} = {per[-1] / per[0]:.2f} "
          "(flat within 20%: <= 1.20)")


def jobs(repeat: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        text = pages_of(30)
        for k in range(48):
            (src / f"report{k:02d}.txt").write_text(text, encoding="utf-8")
        walls = {}
        for n in (1, 2):
            best = float("inf")
            for r in range(repeat):
                out = Path(tmp) / f"out{n}-{r}"
                started = time.perf_counter()
                subprocess.run([sys.executable, "-m", "cleanup", "run", str(src), "-o", str(out),
                                "--jobs", str(n), "--quiet"], check=True)
                best = min(best, time.perf_counter() - started)
            walls[n] = best
            print(f"  --jobs {n}: {best:6.2f} s for 48 reports of 30 pages")
        print(f"  --jobs 2 speed-up {walls[1] / walls[2]:.2f}x on {os.cpu_count()} cores "
              "(target >= 1.7x on 2)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="best of R runs (default 2)")
    parser.add_argument("--skip-jobs", action="store_true")
    args = parser.parse_args()
    rules = load_rules(use_project_config=False)
    clean_document(Document.from_text(pages_of(3), "warm-up"), rules)
    print("pages:")
    flatness("document of", "page", [10, 100, 1000], pages_of, rules, args.repeat)
    print("lines of one paragraph:")
    flatness("paragraph of", "line", [1000, 10_000, 100_000], paragraph_of, rules,
             args.repeat)
    if not args.skip_jobs:
        print("workers:")
        jobs(args.repeat)


if __name__ == "__main__":
    main()
