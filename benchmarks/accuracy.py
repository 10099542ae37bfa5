"""Accuracy of the pipeline on the fixed generated corpus, beside simple baselines.

    python benchmarks/accuracy.py [--per-doc] [--keep DIR] [--check] [--pin "why"]

Generates the fixed corpus (benchmarks/corpus.py: 47 documents of 1 to 1,000 pages, seeded),
cleans it with `cleanup run`, writes two baselines beside it (the input unchanged; stamp
lines dropped and every "-\\n" joined), scores all three (benchmarks/score.py) and prints
the table. With ../shared/eval-sample present, its three documents are scored too.

--check compares the pipeline's figures with the pinned ones in accuracy_baseline.json and
exits 1 when one is worse. --pin "why" writes the current figures there: a figure may be
raised with a reason, never lowered without one (--pin refuses to lower a figure unless
--allow-worse is given too, and the reason is kept in the file).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import score  # noqa: E402

BASELINE = HERE / "accuracy_baseline.json"
SHARED = Path(os.environ.get("CLEANUP_SHARED", ROOT.parent / "shared"))
EVAL_NAMES = ["sim_07", "sim_11", "sim_22"]
STAMP = re.compile(r"^\s*(?:This content downloaded\b.*|All use subject to .*"
                   r"|[0-9A-Fa-f.:]+ on [A-Z][a-z]{2}, .*\d:\d\d.*)$")


# ---------------------------------------------------------------------------------------------
# Systems: each writes NAME.txt (+ NAME.json) for every input into an output folder.


def run_pipeline(inputs: Path, out: Path, jobs: int = 2) -> None:
    """`cleanup run` itself, as a user runs it."""
    cmd = [sys.executable, "-m", "cleanup", "run", str(inputs), "--out", str(out), "-q",
           "--jobs", str(jobs)]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    if done.returncode not in (0, 1):  # 1: some files failed; they are scored as crashes
        raise SystemExit(f"cleanup run failed ({done.returncode}): {done.stderr.strip()}")


def _write(out: Path, name: str, text: str, dropped: list[int]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.txt").write_text(text, encoding="utf-8")
    report = {"edits": [{"stage": "baseline", "rule": "stamp", "action": "drop",
                         "lines": dropped}] if dropped else [], "flags": []}
    (out / f"{name}.json").write_text(json.dumps(report), encoding="utf-8")


def run_unchanged(inputs: Path, out: Path) -> None:
    """Baseline: the input as it is."""
    for path in sorted(inputs.glob("*.txt")):
        _write(out, path.stem, path.read_text(encoding="utf-8"), [])


def run_naive(inputs: Path, out: Path) -> None:
    """Baseline: drop JSTOR stamp lines, join every line-end hyphen to the next line."""
    for path in sorted(inputs.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").split("\n")
        dropped = [i + 1 for i, line in enumerate(lines) if STAMP.match(line)]
        gone = set(dropped)
        kept = "\n".join(line for i, line in enumerate(lines) if i + 1 not in gone)
        text = re.sub(r"-[ \t]*\n[ \t]*", "", kept)
        _write(out, path.stem, text, dropped)


SYSTEMS = {"cleanup run": run_pipeline, "input unchanged": run_unchanged,
           "drop stamps + join hyphens": run_naive}


# ---------------------------------------------------------------------------------------------


def measure(work: Path, seed: int = corpus.DEFAULT_SEED, jobs: int = 2,
            systems: list[str] | None = None,
            timings: dict[str, float] | None = None) -> dict[str, dict[str, score.Counts]]:
    """Generate the fixed corpus into ``work``, run the systems, score them.

    ``timings``, when given, receives the seconds each step took.
    """
    timings = {} if timings is None else timings
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = timings.get(step, 0.0) + now - clock
        clock = now

    inputs = work / "corpus"
    corpus.write_corpus(inputs, corpus.fixed_corpus(seed))
    lap("generate")
    results: dict[str, dict[str, score.Counts]] = {}
    for label in systems or list(SYSTEMS):
        out = work / re.sub(r"\W+", "-", label)
        run = SYSTEMS[label]
        if run is run_pipeline:
            run_pipeline(inputs, out, jobs)
        else:
            run(inputs, out)
        lap(label)
        results[label] = score.score_folder(inputs, out)
        lap("score")
    return results


def measure_eval_sample(work: Path) -> dict[str, score.Counts] | None:
    """The pipeline on the three shared eval documents, when ../shared is there."""
    folder = SHARED / "eval-sample"
    names = [n for n in EVAL_NAMES if (folder / f"{n}.truth.json").is_file()]
    if not names:
        return None
    out = work / "eval-sample"
    run_pipeline(folder, out, jobs=1)
    return score.score_folder(folder, out, names)


def pinned_figures(counts: score.Counts) -> dict[str, Any]:
    fig = counts.figures()
    return {k: fig[k] for k in (*score.LOWER_BETTER, *score.HIGHER_BETTER)}


def compare(current: dict[str, Any], pinned: dict[str, Any]) -> list[str]:
    """Figures that got worse than pinned, as sentences."""
    worse = []
    for key, old in pinned.items():
        new = current.get(key)
        if old is None:
            continue
        if new is None:
            worse.append(f"{key}: pinned {old}, now not measured")
        elif key in score.LOWER_BETTER and new > old + 1e-9:
            worse.append(f"{key}: pinned {old}, now {new} (lower is better)")
        elif key in score.HIGHER_BETTER and new < old - 1e-9:
            worse.append(f"{key}: pinned {old}, now {new} (higher is better)")
    return worse


def load_baseline() -> dict[str, Any]:
    return json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.is_file() else {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-doc", action="store_true", help="also print one row per document")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the corpus and outputs in DIR (default: a temporary folder)")
    parser.add_argument("--jobs", "-j", type=int, default=2, help="worker processes for cleanup")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a figure is worse than its pinned value")
    parser.add_argument("--pin", metavar="WHY", help="write the current figures as the baseline")
    parser.add_argument("--allow-worse", action="store_true",
                        help="with --pin: allow lowering a figure (say why in WHY)")
    args = parser.parse_args()

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cleanup-accuracy-") as tmp:
        work = args.keep or Path(tmp)
        timings: dict[str, float] = {}
        results = measure(work, jobs=args.jobs, timings=timings)
        eval_scores = measure_eval_sample(work)
    elapsed = time.perf_counter() - started

    sums = {label: score.total(s.values()) for label, s in results.items()}
    print(f"Fixed corpus: {len(corpus.FIXED_PAGES)} documents, seed {corpus.DEFAULT_SEED}, "
          f"{sums['cleanup run'].pages} pages\n")
    print(score.table(list(sums.items()), first="system"))
    if args.per_doc:
        print("\ncleanup run, per document:\n")
        print(score.table(list(results["cleanup run"].items())))
    if eval_scores is not None:
        print("\ncleanup run on ../shared/eval-sample:\n")
        rows = [*eval_scores.items(), ("**sum**", score.total(eval_scores.values()))]
        print(score.table(rows))
    steps = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.items())
    print(f"\nTook {elapsed:.1f} s ({steps}).")

    current = {"corpus": pinned_figures(sums["cleanup run"])}
    if eval_scores is not None:
        current["eval_sample"] = pinned_figures(score.total(eval_scores.values()))
    baseline = load_baseline()
    worse = [f"{part}: {w}" for part, figs in baseline.get("pipeline", {}).items()
             if part in current for w in compare(current[part], figs)]
    if args.pin:
        if worse and not args.allow_worse:
            print("refusing to pin lower figures (use --allow-worse and say why):\n  "
                  + "\n  ".join(worse), file=sys.stderr)
            return 1
        pinned = dict(baseline.get("pipeline", {}))
        pinned.update(current)
        history = [*baseline.get("history", []), args.pin]
        BASELINE.write_text(json.dumps(
            {"generator_version": corpus.VERSION, "seed": corpus.DEFAULT_SEED,
             "documents": len(corpus.FIXED_PAGES), "pipeline": pinned, "history": history},
            indent=1) + "\n", encoding="utf-8")
        print(f"pinned the figures in {BASELINE.relative_to(ROOT)}")
    if args.check:
        if worse:
            print("WORSE than the pinned baseline:\n  " + "\n  ".join(worse), file=sys.stderr)
            return 1
        print("no figure is worse than the pinned baseline")
    return 0


if __name__ == "__main__":
    sys.exit(main())
