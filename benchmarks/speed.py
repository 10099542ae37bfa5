"""Speed of the whole pipeline, each stage's share of it, and the peers in the same run.

    python benchmarks/speed.py [--copies N] [--repeat R] [--mb MB]

Four workloads, one core: the generated corpus (benchmarks/corpus.py's fixed documents of up
to 60 pages, about MB megabytes, as issue #22 measures), a batch (every fixture cleaned as its
own document, N times over) and one long report (the real sample's pages repeated N times, as
a single document of some 13*N pages); then the real corpus's first 40 pypdf texts, each
cleaned once, as a batch meets them. Prints MB/s for the whole pipeline and the seconds and
share of each stage; on the generated corpus also the peers a user would pick instead, on the
same texts: unstructured's cleaner chain and textacy's preprocessing pipeline (the bench
extra; left out with a note when not installed), a naive line regex, and a bare regex pass;
and the ratio of the pipeline to the fastest structured peer. The project's target is >= 3
MB/s per core (issue #22; aim 10). Machines here are shared and noisy: compare shares and
ratios within one run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from cleanup.document import Document  # noqa: E402
from cleanup.pipeline import clean_document  # noqa: E402
from cleanup.rules import RuleSet, load_rules  # noqa: E402

REAL_DOCS = 40


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
          f"on one core (target >= 3 MB/s, aim 10)")
    for stage, t in sorted(timings.items(), key=lambda kv: -kv[1]):
        print(f"  {stage:<12} {t:6.2f} s  {t / seconds:6.1%}")


def generated(mb: float) -> list[str]:
    """The generated corpus's documents of up to 60 pages, in order, until ``mb`` MB."""
    import corpus

    texts: list[str] = []
    size = 0
    for index, pages in enumerate(corpus.FIXED_PAGES):
        if pages > 60:
            continue
        text = corpus.make_document(corpus.DEFAULT_SEED, index, pages).text
        texts.append(text)
        size += len(text.encode("utf-8"))
        if size >= mb * 1e6:
            break
    return texts


_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?[-–]?\s*\d{1,4}\s*[-–]?\s*$", re.IGNORECASE | re.M)
_LINE_HYPHEN = re.compile(r"(\w)-\n(\w)")


def naive_regex(text: str) -> str:
    """What a user writes in five minutes: drop lines that are only a page number, rejoin
    words hyphenated at line ends."""
    return _LINE_HYPHEN.sub(r"\1\2", _PAGE_NUMBER.sub("", text))


def bare_regex(text: str) -> str:
    """One compiled regex pass over the bytes: the floor any cleaner pays."""
    return _LINE_HYPHEN.sub(r"\1\2", text)


def peers() -> dict[str, Callable[[str], object]]:
    """The cleaners a user would pick instead, those that are installed."""
    out: dict[str, Callable[[str], object]] = {}
    try:
        from unstructured.cleaners import core as uc

        def unstructured_chain(text: str) -> str:
            text = uc.clean_ligatures(uc.replace_unicode_quotes(text))
            paras = uc.group_broken_paragraphs(text).split("\n\n")
            return "\n\n".join(uc.clean(p, extra_whitespace=True, dashes=True, bullets=True)
                                for p in paras)
        out["unstructured cleaners"] = unstructured_chain
    except ImportError:
        print("  (unstructured not installed: pip install -e '.[bench]' to time it)")
    try:
        from textacy import preprocessing as tp

        out["textacy preprocessing"] = tp.make_pipeline(
            tp.normalize.unicode, tp.normalize.hyphenated_words, tp.normalize.quotation_marks,
            tp.normalize.bullet_points, tp.normalize.whitespace)
    except ImportError:
        print("  (textacy not installed: pip install -e '.[bench]' to time it)")
    out["naive line regex"] = naive_regex
    out["bare regex pass"] = bare_regex
    return out


def time_peer(fn: Callable[[str], object], texts: list[str], repeat: int) -> float:
    """Best-of-``repeat`` seconds for ``fn`` over all ``texts``."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            fn(text)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="workload size (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="best of R runs (default 3)")
    parser.add_argument("--mb", type=float, default=1.1,
                        help="size of the generated-corpus workload in MB (default 1.1)")
    args = parser.parse_args()
    rules = load_rules(use_project_config=False)
    texts = generated(args.mb)
    seconds, size, timings = measure(texts, rules, args.repeat)
    report(f"generated corpus ({len(texts)} documents)", seconds, size, timings)
    structured = {}
    for name, fn in peers().items():
        t = time_peer(fn, texts, args.repeat)
        print(f"  peer {name:<24} {size / 1e6 / t:8.1f} MB/s")
        if name.startswith(("unstructured", "textacy")):
            structured[name] = t
    if structured:
        name, fastest = min(structured.items(), key=lambda kv: kv[1])
        print(f"  pipeline / fastest structured peer ({name}): {fastest / seconds:.2f} "
              f"(>= 1 means cleanup is ahead)")
    fixtures = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").rglob("*.txt"))]
    report("batch of fixtures", *measure(fixtures * args.copies, rules, args.repeat))
    sample = (ROOT / "fixtures" / "000_ce1fba3cc8f1d7c1.txt").read_text(encoding="utf-8")
    report("one long report", *measure(["\n".join([sample] * args.copies)], rules, args.repeat))
    # Real extractions, each cleaned once: their words are new to the process, as in a batch
    # (best-of-R above looks each word up once and reuses the answer).
    real = sorted((ROOT / "benchmarks" / "real" / "docs").glob("*.pypdf.txt"))[:REAL_DOCS]
    if real:
        texts = [p.read_text(encoding="utf-8") for p in real]
        report(f"real texts ({len(texts)} pypdf extractions, each once)",
               *measure(texts, rules, 1))


if __name__ == "__main__":
    main()
