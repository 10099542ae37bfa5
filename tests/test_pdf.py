"""PDF input: extraction page by page, bad PDFs, a generated 20-page report cleaned end to end.

The PDFs are made by tests/pdfgen.py (reportlab); pdftotext tests skip where poppler-utils is
not installed (.ci/run installs it).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleanup import pdf
from cleanup.document import Document
from tests import pdfgen
from tests.conftest import SYNTHETIC
from tests.test_cli import cleanup, digest

needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None,
    reason="pdftotext is not installed (Debian package poppler-utils; .ci/run installs it)")
EXTRACTORS = ["layout", "pypdf", pytest.param("pdftotext", marks=needs_pdftotext)]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pdfgen.Truth]:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    return path, pdfgen.report_pdf(path, pages=20)


@pytest.fixture(scope="module")
def bad(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    pdfgen.corrupt_pdf(folder / "corrupt.pdf")
    pdfgen.encrypted_pdf(folder / "locked.pdf")
    pdfgen.image_only_pdf(folder / "scan.pdf")
    pdfgen.empty_pdf(folder / "empty.pdf")
    return folder


def letters(text: str) -> str:
    """Only the words, lower-cased: line-end hyphens, footnote markers and spacing aside.
    (Until the hyphens stage, #4, a word hyphenated across a page break comes out "disa- greed".)
    """
    return " ".join(re.sub(r"[^a-z\s]", "", re.sub(r"-\s+", "", text.lower())).split())


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_pages_come_out_one_by_one_and_become_page_boundaries(
        report: tuple[Path, pdfgen.Truth], extractor: str) -> None:
    path, truth = report
    pages = pdf.extract(path, extractor)
    assert len(pages) == truth.pages == 20
    assert all(p.endswith("\n") for p in pages)
    doc = Document.from_text(pdf.join_pages(pages))
    assert doc.has_form_feeds and doc.page_count == 20
    assert doc.page_starts == pdf.page_line_numbers(pages)[1:]
    # Every page carries its stamp, and the stamp is on that page in the document.
    for n, lines in enumerate(doc.pages()):
        assert any(line.text.startswith("This content downloaded") for line in lines), n


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_generated_report_is_cleaned_of_every_header_footer_and_stamp(
        report: tuple[Path, pdfgen.Truth], tmp_path: Path, extractor: str) -> None:
    path, _ = report
    before = digest(path.parent)
    proc = cleanup("run", path, "--out", tmp_path, "--extractor", extractor)
    assert proc.returncode == 0, proc.stderr
    assert digest(path.parent) == before, "input files must never change"
    text = (tmp_path / "report.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert not [ln for ln in lines if "downloaded from" in ln or "All use subject" in ln]
    assert not [ln for ln in lines if pdfgen.FOOTER in ln or re.search(r"\bPage \d+\b", ln)]
    # The running header repeats the title word for word; at most the title block keeps it.
    assert sum(pdfgen.TITLE in ln for ln in lines) <= 1
    report_json = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report_json["pages"] == 20
    assert report_json["learned"]["pdf"] == {"extractor": extractor, "pages": 20}
    assert report_json["stats"]["watermarks"]["lines_removed"] == 40


def test_generated_report_keeps_its_body_and_sets_every_footnote_after_it(
        report: tuple[Path, pdfgen.Truth], tmp_path: Path) -> None:
    """The issue's 20-page test: the body whole and in order, every footnote linked: one
    [^N] marker in the body and one [^N]: definition after it, for every N."""
    path, truth = report
    assert cleanup("run", path, "--out", tmp_path).returncode == 0
    paragraphs = (tmp_path / "report.txt").read_text(encoding="utf-8").split("\n\n")
    n = len(truth.footnotes)
    assert n >= 60, "the report cites enough notes to be a real test"
    body, notes = paragraphs[:-n], [p.strip() for p in paragraphs[-n:]]
    assert notes == [f"[^{k}]: {truth.footnotes[k]}" for k in sorted(truth.footnotes)]
    markers = re.findall(r"\[\^(\d+)\]", "\n\n".join(body))
    assert sorted(map(int, markers)) == sorted(truth.footnotes), "each footnote marked once"
    sources = {letters(s) for s in truth.footnotes.values()}
    assert not [p for p in body if any(s in letters(p) for s in sources)], \
        "footnote text left inside the body"
    # Every body paragraph is there, whole and in order, with nothing (a running header cut
    # into a paragraph that crosses a page) inside it.
    flat = letters(" ".join(body))
    at = 0
    for para in truth.paragraphs:
        found = flat.find(letters(para), at)
        assert found >= 0, para[:80]
        at = found
    assert [h for h in truth.headings if f"\n\n{h}\n\n" not in "\n\n".join(paragraphs)] == []


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_each_bad_pdf_gets_one_line_and_the_batch_goes_on(
        bad: Path, report: tuple[Path, pdfgen.Truth], tmp_path: Path, extractor: str) -> None:
    src = tmp_path / "in"
    shutil.copytree(bad, src)
    shutil.copy(report[0], src / "report.pdf")
    shutil.copy(SYNTHETIC / "plain.txt", src / "plain.txt")
    out = tmp_path / "out"
    proc = cleanup("run", src, "--out", out, "--extractor", extractor)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    errors = dict(line.removeprefix("cleanup: error: ").split(": ", 1)
                  for line in proc.stderr.strip().splitlines()
                  if line.startswith("cleanup: error: "))  # the others are progress lines
    name = str(src) + "/"
    assert errors.keys() == {f"{name}{f}" for f in
                             ("corrupt.pdf", "locked.pdf", "scan.pdf", "empty.pdf")}, proc.stderr
    assert "not a readable PDF" in errors[f"{name}corrupt.pdf"]
    assert "encrypted with a password" in errors[f"{name}locked.pdf"]
    assert "no text layer" in errors[f"{name}scan.pdf"] and "OCR" in errors[f"{name}scan.pdf"]
    assert "has no pages" in errors[f"{name}empty.pdf"]
    assert (out / "report.txt").is_file() and (out / "plain.txt").is_file()
    assert "cleaned 2 of 6 files" in proc.stdout and "4 failed" in proc.stdout
    assert not list(out.glob("corrupt*")), "a failed file leaves no output"


def test_pdf_encrypted_with_an_owner_password_only_opens(tmp_path: Path) -> None:
    path = tmp_path / "owner.pdf"
    pdfgen.encrypted_pdf(path, password="")
    assert "A report that only its owner may read." in pdf.extract(path)[0]


def test_a_text_file_named_pdf_is_not_taken_for_one(tmp_path: Path) -> None:
    path = tmp_path / "notes.pdf"
    path.write_text("plain text\n", encoding="utf-8")
    with pytest.raises(pdf.PdfError, match="not a PDF"):
        pdf.extract(path)


@pytest.mark.parametrize("extractor", EXTRACTORS)
def test_extract_writes_raw_text_with_form_feeds(report: tuple[Path, pdfgen.Truth], bad: Path,
                                                 tmp_path: Path, extractor: str) -> None:
    path, _ = report
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(path, src / "sub" / "Report.PDF")
    shutil.copy(bad / "scan.pdf", src / "scan.pdf")
    (src / "notes.txt").write_text("not a PDF\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = cleanup("extract", src, "--out", out, "--extractor", extractor)
    assert proc.returncode == 1, proc.stderr
    (line,) = [ln for ln in proc.stderr.splitlines() if ln.startswith("cleanup: error: ")]
    assert "scan.pdf" in line and "OCR" in line
    text = (out / "sub" / "Report.txt").read_text(encoding="utf-8")
    assert text == pdf.join_pages(pdf.extract(path, extractor))
    assert text.count("\f") == 19 and "\f" not in text.splitlines()[0]
    assert not (out / "notes.txt").exists(), "extract reads PDFs only"
    assert "extracted 1 of 2 files" in proc.stdout


def test_pdftotext_missing_is_one_line_and_touches_nothing(
        report: tuple[Path, pdfgen.Truth], tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    for args in (["--extractor", "pdftotext"], ["--restore"]):
        proc = subprocess.run([sys.executable, "-m", "cleanup", "run", str(report[0]),
                               "--out", str(tmp_path / "out"), *args],
                              capture_output=True, text=True, timeout=120,
                              env={"PATH": str(empty)})
        assert proc.returncode == 2, proc.stderr
        (line,) = proc.stderr.strip().splitlines()
        assert "pdftotext is not installed" in line and "poppler-utils" in line
        assert not (tmp_path / "out").exists()


def test_text_inputs_need_no_pdf_options(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "cleanup", "run", str(SYNTHETIC / "plain.txt"),
                           "--out", str(tmp_path), "--restore"],
                          capture_output=True, text=True, timeout=120, env={"PATH": ""})
    assert proc.returncode == 0, proc.stderr


def test_pdf_jobs_run_in_worker_processes(report: tuple[Path, pdfgen.Truth],
                                          tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(report[0], src / "a.pdf")
    shutil.copy(report[0], src / "b.pdf")
    proc = cleanup("run", src, "--out", tmp_path / "out", "--jobs", "2")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "a.txt").read_text() == (tmp_path / "out" / "b.txt").read_text()


def test_cleaning_the_extracted_text_equals_cleaning_the_pdf(
        report: tuple[Path, pdfgen.Truth], tmp_path: Path) -> None:
    """What the README promises of `cleanup extract` with a plain-text extractor: its text is
    what run cleans (the layout reader's run has the page geometry besides)."""
    path, _ = report
    assert cleanup("extract", path, "--out", tmp_path / "raw", "--extractor", "pypdf"
                   ).returncode == 0
    assert cleanup("run", tmp_path / "raw" / "report.txt", "--out", tmp_path / "a").returncode == 0
    assert cleanup("run", path, "--out", tmp_path / "b", "--extractor", "pypdf").returncode == 0
    a_text, b_text = ((tmp_path / d / "report.txt").read_bytes() for d in "ab")
    assert a_text == b_text
    a, b = (json.loads((tmp_path / d / "report.json").read_text("utf-8")) for d in "ab")
    assert a["edits"] == b["edits"]
