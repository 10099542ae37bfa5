"""Speed of the whole pipeline, and each stage's share of it.

    python benchmarks/speed.py [--copies N] [--repeat R]

Two workloads: a batch (every fixture cleaned as its own document, N times over) and one long
report (the real sample's pages repeated N times, as a single document of some 13*N pages).
Prints MB/s for the whole pipeline and the seconds and share of each stage. The project's
target is >= 10 MB/s per core. Machines here are shared and noisy: compare shares and ratios
within one run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleanup.document import Document  # noqa: E402
from cleanup.pipeline import clean_document  # noqa: E402
from cleanup.rules import RuleSet, load_rules  # noqa: E402


def measure(texts: Iterable[str], rules: RuleSet, repeat: int) -> tuple[float, int, dict]:
    """Best-of-``repeat`` seconds to clean all ``texts``, their size, and stage timings."""
    texts = list(texts)
    size = sum(len(t.encode("utf-8")) for t in texts)
    best, best_timings = float("inf"), {}
    for _ in range(repeat):
        timings: dict[str, float] = {}
        started = time.perf_counter()
        for text in texts:
            t0 = time.perf_counter()
            doc = Document.from_text(text, "benchmark")
            timings["split"] = timings.get("split", 0.0) + time.perf_counter() - t0
            clean_document(doc, rules, timings=timings)
        elapsed = time.perf_counter() - started
        if elapsed < best:
            best, best_timings = elapsed, timings
    return best, size, best_timings


def report(name: str, seconds: float, size: int, timings: dict[str, float]) -> None:
    print(f"{name}: {size / 1e6:.1f} MB in {seconds:.2f} s  ->  {size / 1e6 / seconds:.1f} MB/s "
          f"on one core (target >= 10 MB/s)")
    for stage, t in sorted(timings.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:<12} {t:6.2f} s  {t / seconds:6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="workload size (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="best of R runs (default 3)")
    args = parser.parse_args()
    rules = load_rules(use_project_config=False)
    fixtures = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").rglob("*.txt"))]
    report("batch of fixtures", *measure(fixtures * args.copies, rules, args.repeat))
    sample = (ROOT / "fixtures" / "000_ce1fba3cc8f1d7c1.txt").read_text(encoding="utf-8")
    report("one long report", *measure(["\n".join([sample] * args.copies)], rules, args.repeat))


if __name__ == "__main__":
    main()
