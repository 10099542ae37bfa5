"""What the time limit on user patterns costs, and how fast it stops a catastrophic one.

    python benchmarks/user_rules.py [--copies N] [--repeat R]

1. Throughput: the built-in rules as shipped (patterns on `re`) against the very same rule files
   loaded as user rules (patterns on `regex`, each call time-limited), on benchmarks/speed.py's
   two workloads. Compare the ratio, not the seconds: machines here are shared and noisy.
2. A user rule whose pattern backtracks catastrophically on a row of dashes: seconds (wall and
   CPU) until each of a few documents is stopped with its error, and that the others are cleaned.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from speed import measure  # noqa: E402

from cleanup import batch  # noqa: E402
from cleanup.rules import load_rules  # noqa: E402

CATASTROPHIC = r'''
[[rule]]
id = "acme.dashes"
stage = "watermarks"
action = "drop"
description = "page number between dashes, written so that a row of dashes backtracks"
match.regex = '(?:-|--)+\s*\d+'
must_keep = ["a - 1 b"]

  [[rule.must_change]]
  input = "A sentence cut at the\n-- 12\nfoot of the page."
  output = "A sentence cut at the foot of the page."
'''


def throughput(copies: int, repeat: int) -> None:
    builtin = load_rules(use_project_config=False)
    with tempfile.TemporaryDirectory() as tmp:
        for f in (ROOT / "rules").glob("*.toml"):
            shutil.copy(f, tmp)
        as_user = load_rules([tmp], use_project_config=False)
    assert len(as_user.replaced) == len(builtin.rules)
    fixtures = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "fixtures").rglob("*.txt"))]
    sample = (ROOT / "fixtures" / "000_ce1fba3cc8f1d7c1.txt").read_text(encoding="utf-8")
    for name, texts in (("batch of fixtures", fixtures * copies),
                        ("one long report", ["\n".join([sample] * copies)])):
        b_sec, size, _ = measure(texts, builtin, repeat)
        u_sec, _, _ = measure(texts, as_user, repeat)
        print(f"{name}: built-in rules {size / 1e6 / b_sec:.1f} MB/s; the same rules as user "
              f"rules (timed regex) {size / 1e6 / u_sec:.1f} MB/s; ratio {u_sec / b_sec:.2f}")


def catastrophic() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "rules"
        folder.mkdir()
        (folder / "dashes.toml").write_text(CATASTROPHIC, encoding="utf-8")
        rules = load_rules([folder], use_project_config=False)
        docs = Path(tmp) / "in"
        docs.mkdir()
        sample = (ROOT / "fixtures" / "000_ce1fba3cc8f1d7c1.txt").read_text(encoding="utf-8")
        (docs / "bad1.txt").write_text(sample + "-" * 60 + "\n", encoding="utf-8")
        (docs / "good.txt").write_text(sample, encoding="utf-8")
        (docs / "bad2.txt").write_text("-" * 80 + "\n" + sample, encoding="utf-8")
        plan = batch.plan([str(docs)], Path(tmp) / "out")
        for job in plan.jobs:
            wall, cpu = time.perf_counter(), time.process_time()
            outcome = batch.process(job, rules)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            what = "stopped: " + (outcome.error or "")[len(str(job.source)) + 2:][:60] \
                if outcome.error else "cleaned"
            print(f"catastrophic user pattern, {job.source.name}: {wall:.2f} s "
                  f"({cpu:.2f} s CPU), {what}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="workload size (default 20)")
    parser.add_argument("--repeat", type=int, default=3, help="best of R runs (default 3)")
    args = parser.parse_args()
    throughput(args.copies, args.repeat)
    catastrophic()


if __name__ == "__main__":
    main()
