"""The evaluation harness: the corpus generator, the scorer, and the pinned accuracy baseline.

The scorer must give perfect figures on the truth itself and the worst on missing output; the
generator must be deterministic and its truth consistent with its input; and the pipeline's
figures on the fixed corpus (and the shared eval samples) must not fall below the pinned ones
in benchmarks/accuracy_baseline.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import accuracy
import corpus
import score

PERFECT = {"body_wer": 0.0, "furniture_left": 0, "wrongly_dropped": 0, "hyphen_soft": 1.0,
           "hyphen_lexical": 1.0, "marker_p": 1.0, "marker_r": 1.0, "marker_f1": 1.0,
           "note_acc": 1.0, "trunc_p": 1.0, "trunc_r": 1.0, "crashes": 0}


@pytest.fixture(scope="module")
def small_corpus() -> list[corpus.Document]:
    """One short document in each publisher style, damaged, with footnotes."""
    return [corpus.make_document(7, i, pages=2 + i % 4) for i in range(2 * len(corpus.STYLES))]


def eval_sample(shared: Path) -> list[tuple[dict[str, Any], str]]:
    folder = shared / "eval-sample"
    out = []
    for name in accuracy.EVAL_NAMES:
        if not (folder / f"{name}.truth.json").is_file():
            pytest.skip(f"{folder / name}.truth.json is absent")
        out.append((json.loads((folder / f"{name}.truth.json").read_text(encoding="utf-8")),
                    (folder / f"{name}.txt").read_text(encoding="utf-8")))
    return out


def assert_figures(counts: score.Counts, want: dict[str, Any]) -> None:
    figures = counts.figures()
    assert {k: figures[k] for k in want if figures[k] is not None} == \
        {k: v for k, v in want.items() if figures[k] is not None}


# ---------------------------------------------------------------------------------------------
# The scorer


def test_the_truth_itself_scores_perfect(small_corpus: list[corpus.Document]) -> None:
    total = score.Counts()
    for doc in small_corpus:
        text, report = score.ideal_output(doc.truth)
        counts = score.score_document(doc.truth, doc.text, text, report)
        assert_figures(counts, PERFECT)
        total = total + counts
    # and every figure was measured somewhere in this corpus
    assert None not in total.figures().values()


def test_the_shared_eval_truths_score_perfect(shared: Path) -> None:
    for truth, text in eval_sample(shared):
        output, report = score.ideal_output(truth)
        assert_figures(score.score_document(truth, text, output, report), PERFECT)


def test_missing_output_scores_worst(small_corpus: list[corpus.Document]) -> None:
    total = score.Counts()
    for doc in small_corpus:
        total = total + score.score_document(doc.truth, doc.text, None, None)
    figures = total.figures()
    assert figures["crashes"] == len(small_corpus)
    assert figures["body_wer"] == 1.0
    assert figures["furniture_left"] == figures["furniture"] > 0
    for key in score.HIGHER_BETTER:
        assert figures[key] == 0.0, key


def test_missing_folder_scores_every_document_as_a_crash(
        tmp_path: Path, small_corpus: list[corpus.Document]) -> None:
    corpus.write_corpus(tmp_path / "in", small_corpus[:3])
    scores = score.score_folder(tmp_path / "in", tmp_path / "nothing-here")
    assert [c.crashes for c in scores.values()] == [1, 1, 1]


def test_each_kind_of_error_costs_what_it_should(small_corpus: list[corpus.Document]) -> None:
    doc = next(d for d in small_corpus if d.truth["footnotes"] and d.truth["hyphens"]
               and d.truth["cut_lines"])
    truth = doc.truth
    text, report = score.ideal_output(truth)
    # Notes left as "N text" (today's output): no [^N] definitions, their words count as body.
    plain = text.split("\n\n[^", 1)[0] + "".join(
        f"\n\n{n} {t}" for n, t in truth["footnotes"].items())
    plain = score.MARKER.sub("", plain)
    f = score.score_document(truth, doc.text, plain, report).figures()
    assert f["note_acc"] == 0.0 and f["marker_f1"] == 0.0 and f["body_wer"] > 0
    assert f["hyphen_soft"] in (None, 1.0) and f["hyphen_lexical"] in (None, 1.0)
    # One furniture line kept, one flag missing.
    report = {"edits": [{"action": "drop", "lines": score.furniture_lines(truth)[1:]}],
              "flags": [{"kind": "truncated", "line": n} for n in truth["cut_lines"][1:]]}
    f = score.score_document(truth, doc.text, text, report).figures()
    assert f["furniture_left"] == 1
    assert f["trunc_p"] == 1.0 and f["trunc_r"] < 1.0


def test_hyphen_left_unjoined_is_wrong(small_corpus: list[corpus.Document]) -> None:
    doc = next(d for d in small_corpus if any(h["kind"] == "soft" and h["part"] == "body"
                                              for h in d.truth["hyphens"]))
    truth = doc.truth
    h = next(h for h in truth["hyphens"] if h["kind"] == "soft" and h["part"] == "body")
    words = truth["body"].split()
    assert words[h["tok_index"]] == h["token"]
    broken = list(words)
    broken[h["tok_index"]] = h["left"] + " " + h["right"]
    text, report = score.ideal_output({**truth, "body": " ".join(broken)})
    f = score.score_document(truth, doc.text, text, report)
    assert f.soft_ok == f.soft - 1


def test_alignment_is_exact_for_small_edits_and_linear_for_long_texts() -> None:
    import random

    rng = random.Random(3)
    a = [rng.randrange(5000) for _ in range(30000)]
    b = list(a)
    for _ in range(400):
        k = rng.randrange(len(b))
        if rng.random() < 0.5:
            del b[k]
        else:
            b.insert(k, rng.randrange(5000))
    ops = score.align(a, b)
    i = j = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))
    assert score.edits(ops) <= 400


# ---------------------------------------------------------------------------------------------
# The generator


def test_same_seed_gives_the_same_bytes() -> None:
    for index, pages in [(0, 1), (5, 3), (9, 6)]:
        a = corpus.make_document(11, index, pages)
        b = corpus.make_document(11, index, pages)
        assert a.text == b.text
        assert json.dumps(a.truth) == json.dumps(b.truth)
    assert corpus.make_document(11, 5, 3).text != corpus.make_document(12, 5, 3).text


def test_every_style_and_page_count(small_corpus: list[corpus.Document]) -> None:
    assert {d.truth["style"] for d in small_corpus} == set(corpus.STYLES)
    assert len(corpus.STYLES) >= 6
    assert len(corpus.FIXED_PAGES) >= 40
    assert min(corpus.FIXED_PAGES) == 1 and max(corpus.FIXED_PAGES) == 1000
    for doc in small_corpus:
        assert doc.truth["layout"]["pages"] == 2 + int(doc.name[-3:]) % 4


def test_truth_agrees_with_the_input(small_corpus: list[corpus.Document]) -> None:
    for doc in small_corpus:
        truth = doc.truth
        lines = doc.text.split("\n")
        assert truth["n_input_lines"] == len(lines) - 1
        for b in truth["boilerplate_lines"]:
            assert lines[b["line"] - 1].strip(), (doc.name, b)
        stream = truth["body"].split()
        for n in sorted(truth["footnotes"], key=int):
            stream += truth["footnotes"][n].split()
        for h in truth["hyphens"]:
            line = lines[h["line"] - 1].rstrip()
            assert line.endswith("-") and h["left"].endswith("-"), (doc.name, h)
            assert stream[h["tok_index"]] == h["token"], (doc.name, h)
            if h["kind"] == "lexical":
                assert "-" in h["token"]
        for c in truth["cut_detail"]:
            assert c["where"] in ("end", "start", "inside")
            assert lines[c["line"] - 1].strip()
        numbers = [m["n"] for m in truth["markers"]]
        assert len(numbers) == len(set(numbers))
        assert set(truth["footnotes"]) <= {str(n) for n in range(1, 1000)}


def test_corpus_is_hostile(small_corpus: list[corpus.Document]) -> None:
    """The damage the real sample shows turns up: cuts of each kind, lost lines, detached
    markers, soft and lexical hyphens, form feeds, stamps and covers."""
    text = "\n".join(d.text for d in small_corpus)
    truths = [d.truth for d in small_corpus]
    wheres = {c["where"] for t in truths for c in t["cut_detail"]}
    assert wheres == {"end", "start", "inside"}
    assert {h["kind"] for t in truths for h in t["hyphens"]} == {"soft", "lexical"}
    assert "\f" in text and any(not t["layout"]["form_feeds"] for t in truths)
    kinds = {b["kind"] for t in truths for b in t["boilerplate_lines"]}
    assert {"cover", "watermark", "header", "pagenum", "rule"} <= kinds
    assert "This content downloaded" in text and "Ã" in text and "\ufb01" in text
    detached = [m for t in truths for m in t["detached_markers"]]
    assert {m["alone"] for m in detached} == {True, False}
    for doc in small_corpus:
        lines = doc.text.split("\n")
        for m in doc.truth["detached_markers"]:
            assert lines[m["line"] - 1].split()[0] == str(m["n"])
            assert f"[^{m['n']}]" in doc.truth["body"]


# ---------------------------------------------------------------------------------------------
# The pinned baseline


@pytest.fixture(scope="module")
def baseline() -> dict[str, Any]:
    data = accuracy.load_baseline()
    assert data, f"{accuracy.BASELINE} is missing"
    return data


def test_baseline_is_for_this_corpus(baseline: dict[str, Any]) -> None:
    assert baseline["generator_version"] == corpus.VERSION
    assert baseline["seed"] == corpus.DEFAULT_SEED
    assert baseline["documents"] == len(corpus.FIXED_PAGES)


@pytest.mark.slow
def test_no_figure_falls_below_the_pinned_baseline(tmp_path: Path,
                                                   baseline: dict[str, Any]) -> None:
    """Runs the fixed corpus through `cleanup run` (about half a minute). To raise a pinned
    figure: python benchmarks/accuracy.py --pin "why", and commit with the reason."""
    results = accuracy.measure(tmp_path, systems=["cleanup run"])
    current = accuracy.pinned_figures(score.total(results["cleanup run"].values()))
    worse = accuracy.compare(current, baseline["pipeline"]["corpus"])
    assert worse == [], "figures worse than pinned in benchmarks/accuracy_baseline.json"


def test_eval_samples_do_not_fall_below_the_pinned_baseline(tmp_path: Path, shared: Path,
                                                            baseline: dict[str, Any]) -> None:
    eval_sample(shared)  # skips when the samples are absent
    scores = accuracy.measure_eval_sample(tmp_path)
    assert scores is not None
    current = accuracy.pinned_figures(score.total(scores.values()))
    assert accuracy.compare(current, baseline["pipeline"]["eval_sample"]) == []


def test_readme_table_shows_the_pinned_figures(baseline: dict[str, Any]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    row = next(line for line in readme.splitlines() if line.startswith("| cleanup run |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    pinned = baseline["pipeline"]["corpus"]
    assert float(cells[2]) == pinned["body_wer"]
    assert int(cells[3].split("/")[0]) == pinned["furniture_left"]
    assert int(cells[4]) == pinned["wrongly_dropped"]
    assert round(float(cells[6]), 3) == round(pinned["hyphen_lexical"], 3)
