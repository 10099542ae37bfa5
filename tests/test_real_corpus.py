"""A small slice of the real-document corpus, gated against its pinned figures.

The whole corpus (benchmarks/real/evaluate.py) takes minutes; these few short documents, from
different producers, run in seconds and fail the suite when a change makes cleanup leave more
furniture, lose more words, find fewer page boundaries or link fewer notes on real extractions
than pinned in benchmarks/real/baseline.json (`evaluate.py --slice --pin "why"`).
"""

from __future__ import annotations

import json
import sys

import pytest

from tests.conftest import ROOT

REAL = ROOT / "benchmarks" / "real"
sys.path.insert(0, str(REAL))

import evaluate  # noqa: E402


def _baseline() -> dict:
    return json.loads((REAL / "baseline.json").read_text(encoding="utf-8"))


def test_the_slice_is_in_the_corpus() -> None:
    ids = _baseline()["slice"]
    assert len(ids) >= 4
    assert len(evaluate.documents([evaluate.DOCS], set(ids))) == len(ids)


def test_no_slice_figure_is_worse_than_pinned() -> None:
    baseline = _baseline()
    if "slice" not in baseline.get("pinned", {}):
        pytest.skip("no figures pinned for the slice yet")
    paths = evaluate.documents([evaluate.DOCS], set(baseline["slice"]))
    results = [evaluate.score_document(p) for p in paths]
    worse = evaluate.compare(evaluate.summaries(results), baseline["pinned"]["slice"])
    assert worse == [], "real-corpus slice worse than pinned in benchmarks/real/baseline.json"


def test_the_naive_rule_is_what_the_issue_describes() -> None:
    """Lines recurring at the first/last two lines of >= 30% of the true pages go."""
    words = ["alpha", "beta", "gamma", "delta", "epsilon"]
    pages = [["Report Title", f"{w} opens the page", "a middle line", f"{w} closes it",
              f"- {p} -"] for p, w in enumerate(words, 1)]
    text = "\n".join("\n".join(p) for p in pages)
    starts = [1 + 5 * k for k in range(1, 5)]
    out = evaluate.naive(text, starts, feeds=False)
    assert "Report Title" not in out and "- 3 -" not in out
    assert out.count("opens the page") == 5 and out.count("closes it") == 5
