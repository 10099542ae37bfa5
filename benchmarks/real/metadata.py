"""First-page metadata accuracy on the real-document corpus (issue #24).

    python benchmarks/real/metadata.py [DOCS_DIR] [--show N]

Truth: ``metadata_labels_typeset.json`` (from the typesetting source, label_metadata.py) and
``metadata_labels_debian.json`` (read by hand off each real PDF's printed first page). For each
document and text variant (pypdf, pdftotext) cleanup's report names fields; each field the
truth names is *exact* (same text, white space and letter case aside: pypdf drops spaces,
small capitals come out in capitals; a title with or without the subtitle a labeller set
apart; a version by its number), *wrong* (a different value) or *missed* (none given).
A field of a kind the truth covers that cleanup gives where the truth has none (a title
read off a court opinion, which prints none) counts as wrong too: a guess is worse than a gap.

Prints, per variant: the share of named fields exact, the fields wrong and missed, per kind,
and each kind's share of documents where it is wrong (the issue allows at most 2%).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from cleanup.pipeline import clean_text  # noqa: E402
from cleanup.rules import load_rules  # noqa: E402

TRUTH_FILES = ("metadata_labels_typeset.json", "metadata_labels_debian.json")
KINDS = ("title", "authors", "date", "series", "number", "publisher", "version")


def norm(value: Any) -> Any:
    """A field's value with white space and letter case taken out."""
    if isinstance(value, list):
        return [norm(v) for v in value]
    text = unicodedata.normalize("NFKC", str(value))
    return "".join(text.split()).casefold()


def _version_number(value: Any) -> str:
    m = re.search(r"\d+(?:\.\w+)*", str(value))
    return m.group(0) if m else norm(value)


def _readings(want: dict[str, Any], kind: str) -> list[Any]:
    """The values that read the field right: a title with or without the subtitle the
    labeller set apart (where a title block ends is a judgement call)."""
    out = [norm(want[kind])]
    if kind == "version":  # "for GLPK Version 5.0" or "Version 5.0": the number names it
        return [_version_number(want[kind])]
    if kind == "title" and "subtitle" in want:
        out.append(norm(f"{want['title']} {want['subtitle']}"))
    return out


def load_truth() -> dict[str, dict[str, Any]]:
    """Each labelled document's fields, with the truth file it came from under "_set"."""
    truth: dict[str, dict[str, Any]] = {}
    for name in TRUTH_FILES:
        path = HERE / name
        if path.exists():
            part = name.removeprefix("metadata_labels_").removesuffix(".json")
            truth |= {k: {**v, "_set": part}
                      for k, v in json.loads(path.read_text(encoding="utf-8")).items()}
    return truth


def score(docs: Path, show: int) -> int:
    rules = load_rules(use_project_config=False)
    truth = load_truth()
    for variant in ("pdftotext", "pypdf"):
        named = exact = 0
        wrong: Counter[str] = Counter()
        missed: Counter[str] = Counter()
        right: Counter[str] = Counter()
        docs_scored = 0
        examples: list[str] = []
        by_set: dict[str, list[int]] = {}
        for doc_id, want in sorted(truth.items()):
            path = docs / f"{doc_id}.{variant}.txt"
            if not path.exists():
                continue
            docs_scored += 1
            text = path.read_text(encoding="utf-8")
            got = {k: v["value"] for k, v in
                   clean_text(text, rules, source=doc_id).report.metadata.items()}
            tally = by_set.setdefault(want["_set"], [0, 0])
            for kind in KINDS:
                if kind in want:
                    named += 1
                    tally[1] += 1
                    if kind not in got:
                        missed[kind] += 1
                    elif (_version_number(got[kind]) if kind == "version"
                          else norm(got[kind])) in _readings(want, kind):
                        exact += 1
                        tally[0] += 1
                        right[kind] += 1
                    else:
                        wrong[kind] += 1
                        examples.append(f"{doc_id} {kind}: {got[kind]!r} (printed "
                                        f"{want[kind]!r})")
                elif kind in got:
                    wrong[kind] += 1
                    examples.append(f"{doc_id} {kind}: {got[kind]!r} (none printed)")
        share = exact / named if named else 0.0
        print(f"{variant}: {docs_scored} documents, {named} fields named: {exact} exact "
              f"({share:.1%}), {sum(wrong.values())} wrong, {sum(missed.values())} missed; "
              + ", ".join(f"{name} {n}/{of} exact" for name, (n, of) in sorted(by_set.items())))
        for kind in KINDS:
            n = right[kind] + wrong[kind] + missed[kind]
            if n or wrong[kind]:
                print(f"  {kind:9} exact {right[kind]:3}  wrong {wrong[kind]:2} "
                      f"({wrong[kind] / max(docs_scored, 1):.1%} of documents)  "
                      f"missed {missed[kind]:3}")
        for line in examples[:show]:
            print(f"  wrong: {line}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("docs", nargs="?", type=Path, default=HERE / "docs")
    ap.add_argument("--show", type=int, default=20, help="wrong fields shown")
    args = ap.parse_args(argv)
    return score(args.docs, args.show)


if __name__ == "__main__":
    sys.exit(main())
