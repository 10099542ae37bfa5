"""How many lines of born-digital documents, where the extraction lost nothing, get a
``truncated`` flag: every such flag is a false alarm.

    python benchmarks/truncation_real.py FOLDER_OR_FILE... [--worst N] [--examples K]

Each ``*.txt`` input is cleaned as text (as ``cleanup run`` cleans it); each ``*.pdf`` input
is cleaned by ``cleanup run x.pdf`` itself (pypdf, and pdftotext too when it is installed).
Prints, per document, its non-blank input lines, the lines flagged ``truncated`` and their
share, then the total, then the worst documents with the kinds of evidence that flagged them
and a few of the flagged lines. Issue 23's target: at most 1% of the lines, in total and in
all but a few documents. The real corpus (benchmarks/real/FORMAT.md) keeps its texts as
``ID.pypdf.txt`` and ``ID.pdftotext.txt``: both are cleaned.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleanup.pipeline import clean_text  # noqa: E402
from cleanup.rules import load_rules  # noqa: E402

TARGET = 0.01


@dataclass
class Outcome:
    """One cleaned document: its size and the lines flagged as cut."""

    name: str
    lines: int
    flags: list[dict] = field(default_factory=list)
    input_lines: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def share(self) -> float:
        return len(self.flags) / self.lines if self.lines else 0.0


def kind_of(reason: str) -> str:
    """The evidence behind a flag, without its particulars ("cut at the end: short")."""
    where, _, why = reason.partition(": ")
    first = why.split("; ")[0]
    first = re.sub(r"'[^']*'|\"[^\"]*\"|\(\d+ of \d+ characters\)|\d+", "", first)
    return f"{where}: {' '.join(first.split()[:6])}"


def from_text(path: Path, rules) -> Outcome:
    text = path.read_text(encoding="utf-8", errors="replace")
    lines = text.split("\n")
    result = clean_text(text, rules, source=str(path))
    flags = [f.to_dict() if hasattr(f, "to_dict") else vars(f) for f in result.report.flags
             if f.kind == "truncated"]
    return Outcome(path.name, sum(1 for ln in lines if ln.strip()), flags, lines)


def from_pdf(path: Path, extractor: str) -> Outcome:
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([sys.executable, "-m", "cleanup", "run", str(path), "--out", tmp,
                               "-q", "--extractor", extractor], capture_output=True, text=True,
                              cwd=ROOT)
        name = f"{path.name} ({extractor})"
        report_path = Path(tmp) / f"{path.stem}.json"
        if done.returncode != 0 or not report_path.exists():
            return Outcome(name, 0, error=(done.stderr or done.stdout).strip()[:200])
        report = json.loads(report_path.read_text(encoding="utf-8"))
        extracted = subprocess.run([sys.executable, "-m", "cleanup", "extract", str(path),
                                    "--out", tmp, "--extractor", extractor],
                                   capture_output=True, text=True, cwd=ROOT)
        raw = Path(tmp) / f"{path.stem}.txt"
        lines = raw.read_text(encoding="utf-8").split("\n") if extracted.returncode == 0 else []
    flags = [f for f in report.get("flags", []) if f.get("kind") == "truncated"]
    return Outcome(name, sum(1 for ln in lines if ln.strip()), flags, lines)


def inputs(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found += sorted(q for q in p.rglob("*") if q.suffix in (".txt", ".pdf")
                            and not q.name.endswith(".truth.json"))
        else:
            found.append(p)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--worst", type=int, default=5, help="documents to explain (default 5)")
    parser.add_argument("--examples", type=int, default=4, help="flagged lines shown per document")
    args = parser.parse_args()
    rules = load_rules(use_project_config=False)
    extractors = ["pypdf"] + (["pdftotext"] if shutil.which("pdftotext") else [])
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    for path in inputs(args.paths):
        if path.suffix == ".pdf":
            outcomes += [from_pdf(path, e) for e in extractors]
        else:
            try:
                outcomes.append(from_text(path, rules))
            except (OSError, UnicodeError) as e:
                outcomes.append(Outcome(path.name, 0, error=str(e)))
    width = max((len(o.name) for o in outcomes), default=10)
    print(f"| {'document':<{width}} | lines | flagged | share |")
    print(f"|{'-' * (width + 2)}|------:|--------:|------:|")
    for o in outcomes:
        if o.error:
            print(f"| {o.name:<{width}} | error: {o.error}")
            continue
        mark = " over" if o.share > TARGET else ""
        print(f"| {o.name:<{width}} | {o.lines:5d} | {len(o.flags):7d} | {o.share:6.2%}{mark} |")
    lines = sum(o.lines for o in outcomes)
    flagged = sum(len(o.flags) for o in outcomes)
    over = [o for o in outcomes if o.share > TARGET]
    print(f"\ntotal: {flagged} of {lines} lines flagged truncated ({flagged / max(lines, 1):.2%});"
          f" {len(over)} of {len(outcomes)} documents over {TARGET:.0%}"
          f" ({time.perf_counter() - started:.1f} s)")
    kinds = Counter(kind_of(f["reason"]) for o in outcomes for f in o.flags)
    if kinds:
        print("evidence behind the flags: " + "; ".join(f"{k} ({n})" for k, n in
                                                        kinds.most_common(8)))
    for o in sorted(outcomes, key=lambda o: -o.share)[:args.worst]:
        if not o.flags:
            break
        why = Counter(kind_of(f["reason"]) for f in o.flags).most_common(3)
        print(f"\n{o.name}: {len(o.flags)} flags ({o.share:.2%}): "
              + "; ".join(f"{k} ({n})" for k, n in why))
        for f in o.flags[:args.examples]:
            text = f.get("text") or (o.input_lines[f["line"] - 1] if o.input_lines else "")
            print(f"  line {f['line']}: {text.strip()[:70]!r}  [{f.get('confidence')}] "
                  f"{f['reason'][:110]}")


if __name__ == "__main__":
    main()
