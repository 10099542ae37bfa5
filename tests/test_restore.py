"""Restoring text one extraction lost from a second extraction (--restore)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleanup import pdf, restore
from cleanup.pdf import Loaded
from cleanup.report import Changes, Flag, Report
from tests import pdfgen
from tests.test_cli import cleanup
from tests.test_pdf import needs_pdftotext


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """A generated report's pages as pypdf extracts them: the undamaged extraction."""
    path = tmp_path_factory.mktemp("restore") / "report.pdf"
    pdfgen.report_pdf(path, pages=3, seed=4)
    return pdf.extract(path, "pypdf")


def long_lines(page: str, words: int = 12) -> list[int]:
    return [n for n, line in enumerate(page.split("\n")) if len(line.split()) >= words]


def damage(pages: list[str]) -> tuple[list[str], list[tuple[int, str]]]:
    """Cut text from page 2 as extractors lose it: inside a line (leaving two spaces), the end
    of a line, the start of a line, and a whole line (leaving it empty). Returns the damaged
    pages and (0-based line in page 2, the words cut)."""
    lines = pages[1].split("\n")
    a, b, c, d = long_lines(pages[1])[1:8:2]
    cuts = []

    def split(n: int) -> tuple[str, list[str]]:
        return lines[n][:len(lines[n]) - len(lines[n].lstrip())], lines[n].split()

    indent, w = split(a)
    cuts.append((a, " ".join(w[4:7])))
    lines[a] = indent + " ".join(w[:4]) + "  " + " ".join(w[7:])
    indent, w = split(b)
    cuts.append((b, " ".join(w[-3:])))
    lines[b] = indent + " ".join(w[:-3])
    indent, w = split(c)
    cuts.append((c, " ".join(w[:2])))
    lines[c] = indent + " ".join(w[2:])
    cuts.append((d, lines[d].strip()))
    lines[d] = ""
    return [pages[0], "\n".join(lines), *pages[2:]], cuts


def test_a_damaged_extraction_is_restored_exactly_and_every_span_recorded(
        pages: list[str]) -> None:
    damaged, cuts = damage(pages)
    assert damaged != pages
    result = restore.restore_pages(damaged, pages, "pypdf", "pdftotext")
    assert result.pages == pages
    first = pdf.page_line_numbers(damaged)[1]
    edits = result.changes.edits
    assert [(e.lines, e.stage, e.rule, e.action) for e in edits] == [
        ((first + n,), "restore", "restore.second-extraction", "restore") for n, _ in cuts]
    for e, (n, words) in zip(edits, cuts, strict=True):
        assert e.before == damaged[1].split("\n")[n]
        assert e.after == pages[1].split("\n")[n]
        assert repr(words) in e.reason
    assert result.changes.flags == []
    assert result.stats["spans"] == 4 and result.stats["pages_compared"] == 3


def test_the_same_extraction_twice_changes_nothing(pages: list[str]) -> None:
    result = restore.restore_pages(pages, pages)
    assert result.pages == pages and not result.changes.edits


@needs_pdftotext
def test_two_good_extractions_of_one_pdf_restore_nothing(tmp_path: Path) -> None:
    """pypdf and pdftotext lay the same page out differently (spacing, margins, the separator
    lines); none of that is lost text."""
    path = tmp_path / "report.pdf"
    pdfgen.report_pdf(path, pages=6, seed=2)
    for a, b in (("pypdf", "pdftotext"), ("pdftotext", "pypdf")):
        result = restore.restore_pages(pdf.extract(path, a), pdf.extract(path, b), a, b)
        assert not result.changes.edits, (a, result.changes.edits[:2])
        assert result.stats["pages_compared"] == 6


def test_glyph_names_are_replaced_by_the_words_they_stand_for() -> None:
    mine = ["They call the river /g145/g108/g105/g102/g101 /g108/g105/g110/g101/g146 of the "
            "nation, as before.\n"]
    theirs = ["They call the river ‘lifeline’ of the nation, as before.\n"]
    result = restore.restore_pages(mine, theirs)
    assert result.pages == theirs
    (edit,) = result.changes.edits
    assert "pypdf printed glyph names" in edit.reason


@pytest.mark.parametrize(("mine", "theirs"), [
    # punctuation and quote styles are style, not lost text
    ("talks on the Taliban were slow to start\n", "talks on the ‘Taliban’ were slow to start\n"),
    ("talks on the water were slow to start\n", "talks on the water — were slow to start\n"),
    # a word with another spelling is a difference, not a loss
    ("the talks on the colour were slow to start\n", "the talks on the color were slow to start\n"),
    # too little context: the loss is not anchored
    ("talks started\n", "talks had started\n"),
], ids=["quotes", "dash", "spelling", "no-anchor"])
def test_nothing_is_restored_without_clear_evidence(mine: str, theirs: str) -> None:
    result = restore.restore_pages([mine], [theirs])
    assert result.pages == [mine] and not result.changes.edits


def test_text_that_moved_is_not_restored_twice() -> None:
    a = "The first paragraph has words of its own and runs on here.\n"
    b = "A second paragraph stands apart with other words in it.\n"
    c = "The last paragraph closes the page with yet more words.\n"
    result = restore.restore_pages([a + b + c], [b + a + c])
    assert result.pages == [a + b + c] and not result.changes.edits


def test_pages_read_in_another_order_are_left_alone() -> None:
    mine = "one two three four five six seven eight nine ten\n"
    theirs = "ten nine eight seven six five four three two one and more\n"
    result = restore.restore_pages([mine], [theirs])
    assert result.pages == [mine] and result.stats["pages_skipped"] == 1


def test_lost_words_with_no_line_to_go_into_are_flagged_not_forced() -> None:
    mine = "The first line of the page runs on\nthe third line ends the page here.\n"
    theirs = ("The first line of the page runs on\na whole second line that was lost\n"
              "the third line ends the page here.\n")
    result = restore.restore_pages([mine], [theirs])
    assert result.pages == [mine] and not result.changes.edits
    (flag,) = result.changes.flags
    assert (flag.kind, flag.text, flag.stage) == ("lost_text", "a whole second line that was lost",
                                                 "restore")


def test_a_line_lost_at_the_foot_of_a_page_needs_an_empty_line_of_its_own() -> None:
    theirs = "The last lines of the page run on as usual\nthen a line that one lost\n"
    filled = restore.restore_pages(["The last lines of the page run on as usual\n\n"], [theirs])
    assert filled.pages == [theirs] and len(filled.changes.edits) == 1
    # No empty line to fill: the newline that ends the page is not one.
    unfilled = restore.restore_pages(["The last lines of the page run on as usual\n"], [theirs])
    assert unfilled.pages == ["The last lines of the page run on as usual\n"]
    assert [f.kind for f in unfilled.changes.flags] == ["lost_text"]


def test_a_page_one_extraction_found_empty_is_flagged() -> None:
    result = restore.restore_pages(["page one\n", "", "page three\n"],
                                   ["page one\n", "all the words of page two\n", "page three\n"])
    assert result.pages == ["page one\n", "", "page three\n"]
    (flag,) = result.changes.flags
    assert (flag.kind, flag.line, flag.text) == ("lost_text", 2, "all the words of page two")
    assert "page 2" in flag.reason and result.stats["pages_lost"] == 1


def test_truncation_flags_on_restored_lines_are_marked_resolved(pages: list[str]) -> None:
    """Truncation flags come from issue #6; these are made by hand as that stage will make
    them: one on a line restoration completed, one on the line before a lost line it filled."""
    damaged, cuts = damage(pages)
    result = restore.restore_pages(damaged, pages)
    first = pdf.page_line_numbers(damaged)[1]
    cut_end, _cut_start, lost_line = cuts[1][0], cuts[2][0], cuts[3][0]
    flags = [Flag("truncated", first + cut_end, "...", "line cut at its end", stage="truncation"),
             Flag("truncated", first + lost_line - 1, "...", "a line lost after this one",
                  stage="truncation"),
             Flag("truncated", 1, "...", "not restored", stage="truncation"),
             Flag("excessive_removal", first + cut_end, "", "another kind", stage="pipeline")]
    report = Report("x.pdf", 10, flags=list(flags))
    Loaded("", 3, result.changes, {}).merge_into(report)
    resolved = {(f.kind, f.line): f.resolved for f in report.flags}
    assert resolved == {("truncated", first + cut_end): "restore.second-extraction",
                        ("truncated", first + lost_line - 1): "restore.second-extraction",
                        ("truncated", 1): "",
                        ("excessive_removal", first + cut_end): ""}
    assert report.edits[:4] == result.changes.edits
    data = report.to_dict()
    assert [f.get("resolved") for f in data["flags"]] == \
        ["restore.second-extraction", "restore.second-extraction", None, None]
    assert Report.from_dict(data).flags == report.flags


def test_resolve_flags_leaves_reports_without_restoration_alone() -> None:
    flags = [Flag("truncated", 3, "x", "cut")]
    assert restore.resolve_flags(flags, Changes().edits) == flags


@needs_pdftotext
def test_run_restore_fills_in_what_pypdf_lost(tmp_path: Path) -> None:
    """A generated PDF whose quoted phrases pypdf cannot decode (it prints glyph names):
    --restore takes them from pdftotext, and the report has an edit for each."""
    src = tmp_path / "in"
    src.mkdir()
    truth = pdfgen.report_pdf(src / "odd.pdf", pages=4, odd_font=True)
    assert truth.quoted, "the report sets some phrases in the odd font"
    plain, restored = tmp_path / "plain", tmp_path / "restored"
    assert cleanup("run", src, "--out", plain, "--extractor", "pypdf").returncode == 0
    lost = (plain / "odd.txt").read_text(encoding="utf-8")
    assert "/g1" in lost, "pypdf is expected to print glyph names for the odd font"
    assert not any(q.strip("‘’") in lost for q in truth.quoted)

    proc = cleanup("run", src, "--out", restored, "--restore")
    assert proc.returncode == 0, proc.stderr
    assert "restored" in proc.stdout
    text = (restored / "odd.txt").read_text(encoding="utf-8")
    assert "/g1" not in text
    for phrase in truth.quoted:
        assert phrase in text, phrase  # the quotes too, once normalize has repaired them
    report = json.loads((restored / "odd.json").read_text(encoding="utf-8"))
    edits = [e for e in report["edits"] if e["stage"] == "restore"]
    assert edits and all(e["rule"] == "restore.second-extraction" for e in edits)
    assert report["stats"]["restore"]["restore.second-extraction"] == len(edits)
    assert report["learned"]["pdf"]["restore"]["spans"] == len(edits)
    assert report["learned"]["pdf"]["restore"]["from"] == "pdftotext"
    extracted = pdf.join_pages(pdf.extract(src / "odd.pdf", "pypdf")).split("\n")
    for e in edits:  # line numbers point at the raw extraction (cleanup extract's output)
        assert e["before"].split("\n") == [extracted[n - 1].replace("\f", "") for n in e["lines"]]


@needs_pdftotext
def test_restore_works_the_other_way_round(tmp_path: Path) -> None:
    """With --extractor pdftotext, pypdf is the second extraction."""
    path = tmp_path / "report.pdf"
    pdfgen.report_pdf(path, pages=3, seed=4)
    good = pdf.extract(path, "pdftotext")
    damaged, cuts = damage(good)
    result = restore.restore_pages(damaged, pdf.extract(path, "pypdf"), "pdftotext", "pypdf")
    # A restored line comes without the indentation pdftotext -layout gave the lost one.
    assert [ln.strip() for p in result.pages for ln in p.split("\n")] == \
        [ln.strip() for p in good for ln in p.split("\n")]
    assert len(result.changes.edits) == len(cuts)
    assert all("pdftotext lost these words; restored from pypdf" in e.reason
               for e in result.changes.edits)


def test_run_restore_reports_a_bad_second_extraction(tmp_path: Path) -> None:
    """A PDF pypdf reads but that --restore cannot extract a second time is an error line."""
    path = tmp_path / "not-a-pdf.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"x" * 100)
    with pytest.raises(pdf.PdfError):
        pdf.load(path, pdf.PdfOptions("pypdf", restore=True))
