"""`cleanup diff OLD_OUT NEW_OUT`: audit a corpus after a rules change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, SYNTHETIC
from tests.test_diff import cleanup


@pytest.fixture(scope="module")
def outs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same corpus cleaned before (jstor.terms switched off) and after a rules change."""
    root = tmp_path_factory.mktemp("audit")
    corpus = root / "in"
    (corpus / "sub").mkdir(parents=True)
    shutil.copy(SAMPLE, corpus / SAMPLE.name)
    shutil.copy(SYNTHETIC / "jstor_modern.txt", corpus / "sub" / "jstor_modern.txt")
    shutil.copy(SYNTHETIC / "plain.txt", corpus / "plain.txt")
    old, new = root / "old", root / "new"
    assert cleanup("run", corpus, "--out", old, "--disable", "jstor.terms").returncode == 0
    assert cleanup("run", corpus, "--out", new).returncode == 0
    return old, new


def copy(outs: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(outs[0], old)
    shutil.copytree(outs[1], new)
    return old, new


def test_lists_changed_documents_with_lines_and_rules(outs: tuple[Path, Path]) -> None:
    proc = cleanup("diff", *outs)
    assert proc.returncode == 0, proc.stderr
    listing = [ln for ln in proc.stdout.splitlines() if ln.startswith("changed ")]
    assert len(listing) == 2
    sample = next(ln for ln in listing if SAMPLE.stem in ln)
    assert "2 input lines" in sample and "watermarks jstor.terms 0→2" in sample
    assert "1 changed" not in proc.stdout and "2 changed, 1 unchanged" in proc.stdout
    # Each changed document's diff: the lines, what the old and new runs did with them.
    hunk = proc.stdout.split(f"@@ {SAMPLE.stem}:", 1)[1].split("\n@@", 1)[0]
    rows = [ln for ln in hunk.splitlines() if ln.startswith("~")]
    assert [int(r.split()[1]) for r in rows] == [257, 654]
    assert all("→  removed [watermarks jstor.terms]" in r for r in rows)
    assert "All use subject to https://about.jstor.org/terms" in rows[0]


def test_stat_lists_only(outs: tuple[Path, Path]) -> None:
    proc = cleanup("diff", *outs, "--stat")
    assert proc.returncode == 0
    assert "@@" not in proc.stdout and "2 changed" in proc.stdout


def test_json(outs: tuple[Path, Path]) -> None:
    d = json.loads(cleanup("diff", *outs, "--format", "json").stdout)
    docs = {doc["document"]: doc for doc in d["documents"]}
    assert docs["plain"]["status"] == "unchanged"
    sample = docs[SAMPLE.stem]
    assert sample["lines_changed"] == 2
    assert sample["rules"]["watermarks jstor.terms"] == {"old": 0, "new": 2}
    assert docs["sub/jstor_modern"]["status"] == "changed"


def test_same_folder_twice_has_no_changes(outs: tuple[Path, Path]) -> None:
    proc = cleanup("diff", outs[1], outs[1])
    assert proc.returncode == 0 and "0 changed, 3 unchanged" in proc.stdout


def test_documents_on_one_side_only(outs: tuple[Path, Path], tmp_path: Path) -> None:
    old, new = copy(outs, tmp_path)
    (new / "plain.txt").unlink()
    (new / "plain.json").unlink()
    proc = cleanup("diff", old, new)
    assert proc.returncode == 0 and "only old  plain" in proc.stdout


def test_a_broken_report_is_one_line_and_the_rest_go_on(outs: tuple[Path, Path],
                                                        tmp_path: Path) -> None:
    old, new = copy(outs, tmp_path)
    (new / "plain.json").write_text("{not json", encoding="utf-8")
    proc = cleanup("diff", old, new)
    assert proc.returncode == 1
    (line,) = proc.stderr.strip().splitlines()
    assert "plain.json" in line and "bad JSON" in line
    assert "2 changed" in proc.stdout and "1 could not be compared" in proc.stdout


def test_folders_that_are_not_outputs_are_usage_errors(outs: tuple[Path, Path],
                                                       tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    proc = cleanup("diff", outs[0], empty)
    assert proc.returncode == 2 and "not an output folder" in proc.stderr
    missing = cleanup("diff", outs[0], tmp_path / "missing")
    assert missing.returncode == 2 and "no such folder" in missing.stderr
    html = cleanup("diff", *outs, "--html", tmp_path / "x.html")
    assert html.returncode == 2 and "--html" in html.stderr
