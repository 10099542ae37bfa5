"""The real-document benchmark: cleanup beside the input unchanged and a naive rule.

    python benchmarks/real/evaluate.py [--docs DIR ...] [--per-doc] [--slice]
                                       [--check] [--pin "why"] [--jobs N]

For every document of the real corpus (benchmarks/real/docs: ID.pypdf.txt, ID.pdftotext.txt,
ID.truth.json; the format is in FORMAT.md) and both text variants, three systems are scored
(real_score.py): `cleanup` (the pipeline with the built-in rules), `unchanged` (the input as it
is) and `naive` (drop the lines that, digits masked, recur among the first or last two lines
of >= 30% of the pages; given the true page breaks, which cleanup is not). Printed: one table
per variant, in total, on producers held out of the labeller's training (HELD_OUT) and, with
--per-doc, per document.

--check compares cleanup's totals with benchmarks/real/baseline.json and exits 1 when one is
worse; --pin "why" writes them (refusing to lower a figure without --allow-worse). --slice
scores only the few documents the baseline names as the CI slice.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import real_score as score  # noqa: E402

DOCS = HERE / "docs"
BASELINE = HERE / "baseline.json"
VARIANTS = ("pypdf", "pdftotext")
SYSTEMS = ("cleanup", "unchanged", "naive")
# Producer families set aside to judge whether the evidence generalises. There is no trained
# labeller yet (the page-structure evidence is weighted by hand); its constants were set on
# other producers, though one Sphinx manual (deb-debian-policy) was read while developing
# the page-number chain. A trained labeller must keep these out of its training set.
HELD_OUT = ("sphinx", "libreoffice", "latex-memoir", "texinfo")
NAIVE_SHARE = 0.30
NAIVE_EDGE = 2
_DIGITS = re.compile(r"\d+")
# Figures where higher is better; all others (shares left or lost, wrong markers) lower is.
HIGHER = {"page_p", "page_r", "marker_p", "marker_r", "marker_f1", "notes"}


def documents(folders: list[Path], only: set[str] | None = None) -> list[Path]:
    """The truth files of the corpus, sorted by id."""
    found = sorted(p for f in folders for p in f.glob("*.truth.json"))
    return [p for p in found if only is None or p.name.removesuffix(".truth.json") in only]


def true_starts(text: str, truth: dict[str, Any], variant: str) -> list[int] | None:
    """1-based input lines where pages 2.. begin, as the extraction made them: recorded from
    the PDF for text without page breaks (a stray form feed in it is a printed character),
    else from the form feeds."""
    given = truth.get("page_starts", {}).get(variant)
    if given is not None:
        return list(given)
    if "\f" in text:
        starts, line = [], 1
        # pdftotext ends every page with a form feed, the last one too: no page follows it.
        for part in text.removesuffix("\f").split("\f")[:-1]:
            line += part.count("\n")
            starts.append(line)
        return starts
    return None


def naive(text: str, starts: list[int] | None, feeds: bool) -> str:
    """Drop lines that, digits masked, recur at the page edges of >= 30% of pages."""
    if feeds:
        pages = [p.split("\n") for p in text.removesuffix("\f").split("\f")]
    else:
        lines = text.split("\n")
        bounds = [0] + [s - 1 for s in (starts or [])] + [len(lines)]
        pages = [lines[a:b] for a, b in itertools.pairwise(bounds)]
    edges: list[list[int]] = []
    seen: Counter[str] = Counter()
    for page in pages:
        content = [i for i, ln in enumerate(page) if ln.strip()]
        edge = content[:NAIVE_EDGE] + content[-NAIVE_EDGE:]
        edges.append(sorted(set(edge)))
        seen.update({_key(page[i]) for i in set(edge)})
    common = {k for k, n in seen.items() if n >= max(2, NAIVE_SHARE * len(pages)) and k}
    kept: list[str] = []
    for page, edge in zip(pages, edges, strict=True):
        drop = {i for i in edge if _key(page[i]) in common}
        kept.extend(ln for i, ln in enumerate(page) if i not in drop)
    return "\n".join(kept)


def _key(line: str) -> str:
    return " ".join(_DIGITS.sub("#", line.casefold()).split())


def run_cleanup(text: str, name: str) -> tuple[str, list[int]]:
    """The pipeline in-process, with the page starts it found."""
    from cleanup.pipeline import clean_text
    from cleanup.rules import load_rules

    result = clean_text(text, load_rules(), source=name)
    return result.text, result.report.page_starts


def score_document(path: Path) -> dict[str, Any]:
    """All systems on both variants of one document: {variant: {system: Figures}}."""
    truth = json.loads(path.read_text(encoding="utf-8"))
    name = path.name.removesuffix(".truth.json")
    out: dict[str, Any] = {"id": name, "producer": truth.get("producer", "?"),
                           "pages": truth.get("pages", len(truth["page_truth"]))}
    for variant in VARIANTS:
        src = path.with_name(f"{name}.{variant}.txt")
        if not src.is_file():
            continue
        # newline="": a carriage return inside a line (a TeX font's fl code) is text, as a
        # user's program reading the file's bytes would see it; the page starts count "\n".
        with src.open(encoding="utf-8", newline="") as f:
            text = f.read()
        starts = true_starts(text, truth, variant)
        # Page boundaries are scored where the system had to find them: text without form feeds.
        feeds = "\f" in text and variant not in truth.get("page_starts", {})
        score_pages = not feeds and starts is not None
        started = time.perf_counter()
        try:
            cleaned, found = run_cleanup(text, src.name)
        except Exception as e:  # scored as a crash: nothing cleaned, nothing found
            print(f"{src.name}: cleanup crashed: {e!r}", file=sys.stderr)
            cleaned, found = "", []
            out.setdefault("crashes", []).append(variant)
        seconds = time.perf_counter() - started
        systems = {
            "cleanup": score.score(text, cleaned, truth, starts,
                                   found if score_pages else None),
            "unchanged": score.score(text, text, truth, starts, None),
            "naive": score.score(text, naive(text, starts, feeds), truth, starts, None),
        }
        out[variant] = {"systems": systems, "seconds": seconds, "bytes": len(text.encode())}
    return out


def total(results: list[dict[str, Any]], variant: str, system: str,
          keep: set[str] | None = None) -> score.Figures:
    fig = score.Figures(docs=0)
    for r in results:
        if variant in r and (keep is None or r["producer"] in keep):
            fig.add(r[variant]["systems"][system], r["id"])
            fig.docs += 1
    return fig


COLUMNS = [("furniture", "furn lines", "{}"), ("furniture_left", "left anywhere", "{:.1%}"),
           ("furniture_whole", "left whole", "{:.1%}"), ("body_lost", "words lost", "{:.2%}"),
           ("worst_lost", "worst doc lost", "{:.2%}"), ("page_p", "page P", "{:.3f}"),
           ("page_r", "page R", "{:.3f}"), ("marker_f1", "marker F1", "{:.3f}"),
           ("notes", "notes", "{:.3f}"), ("wrong_markers", "wrong markers", "{}")]


def table(rows: list[tuple[str, dict[str, Any]]]) -> str:
    head = "| system | docs | " + " | ".join(c[1] for c in COLUMNS) + " |"
    lines = [head, "|" + "---|" * (len(COLUMNS) + 2)]
    for label, s in rows:
        cells = [("-" if s[k] is None else fmt.format(s[k])) for k, _, fmt in COLUMNS]
        lines.append(f"| {label} | {s['docs']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def summaries(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals per variant and system, and on held-out producers: what is printed and pinned."""
    out: dict[str, Any] = {}
    for variant in VARIANTS:
        for scope, keep in (("all", None), ("held_out", set(HELD_OUT))):
            for system in SYSTEMS:
                fig = total(results, variant, system, keep)
                s = fig.summary()
                s["docs"] = fig.docs
                out[f"{variant}/{scope}/{system}"] = s
    return out


def compare(current: dict[str, Any], pinned: dict[str, Any]) -> list[str]:
    """Figures of cleanup that got worse than pinned."""
    worse = []
    for key, figs in pinned.items():
        if not key.endswith("/cleanup") or key not in current:
            continue
        for name, want in figs.items():
            got = current[key].get(name)
            if not isinstance(want, (int, float)) or not isinstance(got, (int, float)):
                continue
            if name in ("docs", "furniture", "worst_doc"):
                continue
            bad = got < want - 1e-9 if name in HIGHER else got > want + 1e-9
            if bad:
                worse.append(f"{key} {name}: {got} (pinned {want})")
    return worse


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=Path, action="append", help="corpus folder(s)")
    parser.add_argument("--per-doc", action="store_true", help="one row per document too")
    parser.add_argument("--slice", action="store_true", help="only the baseline's CI slice")
    parser.add_argument("--only", nargs="*", help="only these document ids")
    parser.add_argument("--jobs", "-j", type=int, default=2)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--pin", metavar="WHY")
    parser.add_argument("--allow-worse", action="store_true")
    parser.add_argument("--json", type=Path, help="write all figures to this file")
    args = parser.parse_args()
    baseline = json.loads(BASELINE.read_text()) if BASELINE.is_file() else {}
    only = set(args.only) if args.only else None
    if args.slice:
        only = set(baseline.get("slice", []))
    paths = documents(args.docs or [DOCS], only)
    if not paths:
        print("no documents found", file=sys.stderr)
        return 2
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(score_document, paths))
    sums = summaries(results)
    pages = sum(r["pages"] for r in results)
    producers = sorted({r["producer"] for r in results})
    print(f"{len(results)} documents, {pages} pages, {len(producers)} producers "
          f"({', '.join(producers)}); {time.perf_counter() - started:.0f} s")
    for variant in VARIANTS:
        for scope in ("all", "held_out"):
            rows = [(s, sums[f"{variant}/{scope}/{s}"]) for s in SYSTEMS]
            print(f"\n### {variant}, {'all documents' if scope == 'all' else 'held-out producers'}"
                  f" ({', '.join(HELD_OUT) if scope == 'held_out' else len(results)})\n")
            print(table(rows))
    if args.per_doc:
        for variant in VARIANTS:
            print(f"\n### per document, {variant}, cleanup\n")
            rows = []
            for r in results:
                if variant in r:
                    s = r[variant]["systems"]["cleanup"].summary()
                    s["docs"] = r["producer"]
                    rows.append((r["id"], s))
            print(table(rows))
    if args.json:
        args.json.write_text(json.dumps({"totals": sums, "docs": [
            {"id": r["id"], "producer": r["producer"], "pages": r["pages"],
             **{v: {s: r[v]["systems"][s].summary() for s in SYSTEMS} for v in VARIANTS
                if v in r}} for r in results]}, indent=1))
    scope_key = "slice" if args.slice else ("only" if only else "full")
    pinned = baseline.setdefault("pinned", {})
    if args.check:
        worse = compare(sums, pinned.get(scope_key, {}))
        for w in worse:
            print("worse than pinned:", w, file=sys.stderr)
        return 1 if worse else 0
    if args.pin:
        worse = compare(sums, pinned.get(scope_key, {}))
        if worse and not args.allow_worse:
            print("refusing to pin lower figures (use --allow-worse):", *worse, sep="\n  ",
                  file=sys.stderr)
            return 1
        pinned[scope_key] = {k: v for k, v in sums.items() if k.endswith("/cleanup")}
        baseline.setdefault("why", []).append(f"{scope_key}: {args.pin}")
        BASELINE.write_text(json.dumps(baseline, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
