"""The PDF path with geometry: the layout reader, the structure it labels, and the stages that
use it (issue 21).

PDFs typeset by pdflatex (tests/texgen.py; skipped without pdflatex) carry ``\\footnote``s,
running heads with the section title, page numbers, one or two columns; the reportlab report
(tests/pdfgen.py) carries JSTOR stamps and Word-style notes. Truth comes from the generators.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cleanup import batch, pdf
from cleanup.document import Document
from cleanup.pipeline import clean_document, clean_text
from cleanup.readers import geotext, pdf_layout
from cleanup.structure import geometry
from tests import pdfgen, texgen
from tests.test_cli import cleanup

needs_pdflatex = pytest.mark.skipif(not texgen.available(), reason="pdflatex is not installed")
MARKER = re.compile(r"\[\^(\d+)\](?!:)")
NOTE = re.compile(r"^\[\^(\d+)\]: (.*)$", re.M)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", MARKER.sub("", text).casefold())


@pytest.fixture(scope="module", params=[1, 2], ids=["one-column", "two-columns"])
def typeset(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) \
        -> tuple[Path, texgen.TexTruth]:
    if not texgen.available():
        pytest.skip("pdflatex is not installed")
    path = tmp_path_factory.mktemp("tex") / f"report{request.param}.pdf"
    return path, texgen.report_pdf(path, sections=6, seed=5 + request.param,
                                   columns=request.param)


@needs_pdflatex
def test_latex_report_comes_out_whole_with_every_footnote_linked(
        typeset: tuple[Path, texgen.TexTruth], tmp_path: Path) -> None:
    path, truth = typeset
    proc = cleanup("run", path, "--out", tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = (tmp_path / path.with_suffix(".txt").name).read_text(encoding="utf-8")
    body = "\n\n".join(p for p in out.split("\n\n") if not p.startswith("[^"))
    # The body word for word, in reading order (columns read one after the other).
    want = words("\n\n".join([truth.title, "Research Unit", "March 2021", *truth.body]))
    assert words(body) == want
    # No running head, no page number left.
    assert "Lower Districts Report" not in out
    # Each marker after its word, each note whole.
    found = [(int(m.group(1)), re.findall(r"\w+", body[:m.start()])[-1].casefold())
             for m in MARKER.finditer(body)]
    assert found == [(n, re.findall(r"\w+", w)[-1].casefold()) for n, w in truth.markers]
    notes = {int(n): t for n, t in NOTE.findall(out)}
    assert notes == truth.footnotes
    # The report says which decisions rested on the page's geometry.
    report = json.loads((tmp_path / path.with_suffix(".json").name).read_text("utf-8"))
    evidence = {(e["stage"], e.get("evidence")) for e in report["edits"]}
    assert ("furniture", "geometry") in evidence and ("footnotes", "geometry") in evidence
    assert report["learned"]["pdf"]["extractor"] == "layout"


@needs_pdflatex
def test_reader_gives_boxes_sizes_and_raised_markers(
        typeset: tuple[Path, texgen.TexTruth]) -> None:
    path, truth = typeset
    pages = pdf_layout.read(path)
    lines = [ln for p in pages for ln in p.lines]
    assert all(0 <= ln.x0 < ln.x1 <= p.width and 0 <= ln.top < ln.bottom <= p.height
               for p in pages for ln in p.lines)
    raised = [ln.text[s:e] for ln in lines for s, e in ln.raised]
    # Every marker in the body and every note's label is a raised run.
    assert sorted(int(r) for r in raised if r.isdigit()) == sorted(
        [n for n, _ in truth.markers] + list(truth.footnotes))
    sizes = {round(ln.size) for ln in lines}
    assert {11, 9} <= sizes  # body and footnote type
    assert any(ln.bold for ln in lines if ln.text in truth.headings)
    if "report2" in path.name:
        assert {1, 2} <= {ln.column for ln in lines}


def test_reportlab_report_keeps_body_and_drops_stamps_heads_and_feet(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    truth = pdfgen.report_pdf(path, pages=8)
    doc = pdf.load(path).document
    assert doc is not None and doc.has_geometry and len(doc.page_sizes) == 8
    out = clean_document(doc, _rules()).text
    for stamp in pdfgen.STAMP:
        assert stamp not in out
    assert pdfgen.FOOTER not in out
    assert out.count(pdfgen.TITLE) == 1  # the title block, not the running heads
    linked = sorted(int(n) for n in MARKER.findall(out))
    assert linked == sorted(truth.footnotes)


def _rules():
    from cleanup.rules import load_rules

    return load_rules(use_project_config=False)


def test_band_furniture_needs_place_size_and_repeated_text() -> None:
    """The first line of the text stands at the same place on every page: not furniture."""
    first = ["The river rose", "Farmers waited long", "Engineers surveyed canals",
             "Budgets fell short"]
    pages = "\f".join(f"[geo y=0.04 s=8] Water Report {k}\n[geo y=0.10] {first[k - 1]}\n"
                      "[geo y=0.13] and the text goes on." for k in range(1, 5))
    doc = geotext.parse(pages)
    layout_, labels = geometry.analyse(doc, _rules())
    heads = sorted(doc.lines[i].text for i in labels.furniture)
    assert heads == [f"Water Report {k}" for k in range(1, 5)]
    assert labels.edges == {ln.no for ln in doc.lines if ln.text.startswith("Water")}
    assert layout_.blocks == []


def test_publisher_profile_can_name_its_footer_band(tmp_path: Path) -> None:
    rules_dir = tmp_path / "rules"
    rules_dir.mkdir()
    (rules_dir / "acme.toml").write_text('''
[[rule]]
id = "acme.bands"
stage = "furniture"
action = "geometry_bands"
description = "Acme: footer band below 0.93 of the page height."
bottom = 0.93
must_keep = ["[geo y=0.91 s=8] A line above the band\\f[geo y=0.91 s=8] A line above the band"]

  [[rule.must_change]]
  input = """
[geo y=0.1] The text of the first page runs on to
[geo y=0.95 s=8] Acme Footer
\\f[geo y=0.1] the second page, where it ends.
[geo y=0.95 s=8] Acme Footer"""
  output = "The text of the first page runs on to the second page, where it ends."
''', encoding="utf-8")
    from cleanup.examples import check, examples
    from cleanup.rules import load_rules

    rules = load_rules([str(rules_dir)], use_project_config=False)
    mine = [e for e in examples(rules) if e.rule.id == "acme.bands"]
    assert len(mine) == 2 and all(check(e, rules) is None for e in mine)


def test_without_geometry_the_text_path_is_unchanged() -> None:
    text = "Body text.\n\fMore body text.\n"
    result = clean_text(text, _rules())
    assert all(e.evidence == "" for e in result.report.edits)
    # Edits of a text input carry no evidence field (page labels have their own).
    assert all("evidence" not in e for e in result.report.to_dict()["edits"])


def test_raised_digits_are_found_again_after_the_text_changed() -> None:
    from cleanup.stages.footnotes import raised_digits

    doc = geotext.parse("[geo r=19-20] ﬁnal words, 12 and.3 more")
    line = doc.lines[0]
    line.text = line.text.replace("ﬁ", "fi")  # normalisation shifts offsets
    spans = raised_digits(line)
    assert [line.text[s:e] for s, e in spans] == ["3"]


@pytest.mark.parametrize("limit, message", [
    (pdf_layout.Limits(max_pages=2), "over the limit of 2 pages"),
    (pdf_layout.Limits(bytes_per_page=100), "bytes, over the limit per page"),
    (pdf_layout.Limits(seconds_per_page=0.0), "over the limit of 0 s per page"),
])
def test_limits_stop_a_file_with_one_line(tmp_path: Path, limit: pdf_layout.Limits,
                                          message: str) -> None:
    path = tmp_path / "big.pdf"
    pdfgen.report_pdf(path, pages=3)
    with pytest.raises(pdf.PdfError, match=message) as e:
        pdf.load(path, pdf.PdfOptions(limits=limit))
    assert "\n" not in str(e.value)


def test_limits_from_the_command_line_name_the_file(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    pdfgen.report_pdf(src / "big.pdf", pages=3)
    (src / "ok.txt").write_text("Some text.\n", encoding="utf-8")
    proc = cleanup("run", src, "--out", tmp_path / "out", "--max-pages", "2")
    assert proc.returncode != 0
    # Per-file progress lines go to stderr too: the error is the one line that says so.
    err = [ln for ln in proc.stderr.splitlines() if "error" in ln]
    assert len(err) == 1 and "big.pdf" in err[0] and "limit of 2 pages" in err[0]
    assert (tmp_path / "out" / "ok.txt").exists()


def test_pdf_and_text_of_one_name_are_both_cleaned(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    pdfgen.report_pdf(src / "report.pdf", pages=2)
    (src / "report.txt").write_text("The text file.\n", encoding="utf-8")
    plan = batch.plan([str(src)], tmp_path / "out")
    assert not plan.errors
    assert sorted(j.text_out.name for j in plan.jobs) == ["report.pdf.txt", "report.txt"]
    assert sorted(j.report_out.name for j in plan.jobs) == ["report.json", "report.pdf.json"]
    proc = cleanup("run", src, "--out", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "report.txt").read_text(encoding="utf-8") == "The text file.\n"
    assert pdfgen.TITLE in (tmp_path / "out" / "report.pdf.txt").read_text(encoding="utf-8")


def test_geotext_document_is_a_document() -> None:
    doc = geotext.parse("[geo y=0.5 s=12 b] Heading\nText")
    assert isinstance(doc, Document) and doc.lines[0].geo is not None
    assert doc.lines[0].geo.bold and doc.lines[1].geo.size == geotext.BODY_SIZE


def _body(subject: str, size: float = 10) -> str:
    """Twenty body lines down a page, in geotext notation."""
    return "\n".join(f"[geo y={0.10 + 0.02 * k:.2f} s={size:g}] Body line {k} of the {subject} "
                     "goes on here." for k in range(20))


def _mark(body: str, k: int, label: str) -> str:
    """``body`` with ``label`` raised at the end of its line ``k`` (a note's marker)."""
    lines = body.split("\n")
    head, text = lines[k].split("] ", 1)
    lines[k] = f"{head} r={len(text)}-{len(text) + len(label)}] {text}{label}"
    return "\n".join(lines)


def test_a_numbered_code_listing_in_small_type_is_no_footnote_block() -> None:
    """Doxygen sets listings in small type with line numbers, often at a page's foot: "1 //
    Copyright", "2 #include <seqan3/...>". They are no notes (no raised number above names
    them); real notes in the same place, with their raised markers, still are."""
    body = _body("reference")
    code = ["// Copyright (c) 2016-2022", "#include <seqan3/core.hpp>", "namespace raptor",
            "{", "int x = 3;", "}"]
    listing = "\n".join(f"[geo y={0.60 + 0.02 * k:.2f} s=7] {k + 1} {c}"
                        for k, c in enumerate(code))
    doc = geotext.parse(f"{body}\n{listing}")
    layout_, _ = geometry.analyse(doc, _rules())
    assert layout_.blocks == []
    marked = _mark(body, 3, "1")
    notes = "\n".join(f"[geo y={0.80 + 0.02 * k:.2f} s=7] {k + 1} Note {k + 1}, an interview, "
                      "2021." for k in range(6))
    doc = geotext.parse(f"{marked}\n{notes}")
    layout_, _ = geometry.analyse(doc, _rules())
    assert [n for n, _ in layout_.blocks[0].starts] == [1, 2, 3, 4, 5, 6]


def test_a_listing_that_runs_on_past_the_foot_is_no_footnote_block() -> None:
    """docstrip prints numbered code in small type between paragraphs: two lines of it at a
    page's foot ("1 h*dramatisti", "2 \\ProvidesPackage") read like notes, but the numbering
    goes on at the next page's top, above its body type, where notes never stand."""
    body = _body("package documentation")
    foot = ("[geo y=0.80 s=7 r=0-1] 1 h*dramatisti\n"
            "[geo y=0.82 s=7 r=0-1] 2 \\ProvidesPackage{dramatist}")
    top = "[geo y=0.10 s=7] 3 \\NeedsTeXFormat{LaTeX2e}\n[geo y=0.12 s=7] 4 \\RequirePackage"
    doc = geotext.parse(f"{body}\n{foot}\f{top}\n{body}")
    layout_, _ = geometry.analyse(doc, _rules())
    assert layout_.blocks == []
    # Notes 1 and 2 with a body page after them are notes.
    doc = geotext.parse(f"{body}\n{foot}\f{body}")
    layout_, _ = geometry.analyse(doc, _rules())
    assert [n for n, _ in layout_.blocks[0].starts] == [1, 2]


def test_numbered_small_lines_that_nothing_raises_are_no_notes() -> None:
    """GAP ends a page with an example in smaller type: "gap> 17 mod 3;" then its result,
    "2". A note has a raised label, or a raised marker on its page; this has neither."""
    body = _body("tutorial", size=11)
    example = ("[geo y=0.80 s=10] Example\n[geo y=0.82 s=10] gap> 17 mod 3;\n"
               "[geo y=0.84 s=10] 2 is the remainder")
    doc = geotext.parse(f"{body}\n{example}")
    layout_, _ = geometry.analyse(doc, _rules())
    assert layout_.blocks == []
    marked = _mark(body, 3, "2")
    doc = geotext.parse(f"{marked}\n[geo y=0.84 s=10] 2 See the reference manual.")
    layout_, _ = geometry.analyse(doc, _rules())
    assert [n for n, _ in layout_.blocks[0].starts] == [2]


def test_a_page_number_under_the_notes_in_body_type_does_not_hide_them() -> None:
    """jmlr sets its page number at 0.85 of the page, higher than the foot band: the small
    type just above it is the page's notes all the same."""
    body = _mark(_body("class documentation"), 4, "1")
    doc = geotext.parse(f"{body}\n[geo y=0.80 s=9 r=0-1] 1 http://ctan.org/pkg/natbib\n"
                        "[geo y=0.85 s=10] 12")
    layout_, _ = geometry.analyse(doc, _rules())
    assert [n for n, _ in layout_.blocks[0].starts] == [1]


def test_heads_the_bands_miss_go_by_the_page_number_sequence() -> None:
    """A head set right above a table, with no white space between, is no band line; its page
    number, in sequence on every page the PDF gives, still marks it."""
    pages = []
    for n in range(5, 11):
        pages.append("\n".join([f"[geo y=0.050 s=10] {n} CHAPTER 3. RESTORING MACHINES",
                                f"[geo y=0.066 s=10] Table {n}. Summary of outcomes",
                                *(f"[geo y={0.09 + 0.02 * k:.3f} s=10] Row {k} of table {n} "
                                  "holds 2009 2012 2014 figures" for k in range(12))]))
    out = clean_document(geotext.parse("\f".join(pages)), _rules()).text
    # (The first page's top is its title block: kept.) A row or caption that recurs just
    # inside each page, digits aside, is body all the same.
    assert not any(f"{n} CHAPTER 3" in out for n in range(6, 11))
    assert all(f"Table {n}. Summary of outcomes" in out for n in range(5, 11))
    assert all(f"Row {k} of table {n} " in out for n in range(5, 11) for k in range(12))


def _chars(text: str, x: float, y: float, size: float) -> list[object]:
    from types import SimpleNamespace

    out = []
    for c in text:
        out.append(SimpleNamespace(char=c, origin_x=x, origin_y=y, font_size=size,
                                   advance_width=0.5 * size, font_weight="", font_name="Serif"))
        x += 0.5 * size
    return out


def test_a_superscript_drawn_after_its_line_stands_where_it_is_printed() -> None:
    """LibreOffice draws a line's superscripts after the rest of the line: the mark printed
    after "Debian." comes last in the page's drawing order, inside the line's one run."""
    line = _chars("Debian. You can also set the", 10, 100, 12)
    mark_x = line[6].origin_x + 6   # just after the full stop
    for ch in line[7:]:             # the space and the rest make room for the mark
        ch.origin_x += 1
    chars = line + _chars("1", mark_x, 103.6, 7)
    rows = pdf_layout._rows(pdf_layout._runs(chars, 0, 0))
    pdf_layout._mark_raised(rows)
    (row,) = rows
    got = pdf_layout._line(row, 800, 0)
    assert got.text == "Debian.1 You can also set the"
    assert [got.text[s:e] for s, e in got.raised] == ["1"]


def test_a_second_drawing_of_the_same_text_does_not_cut_a_line() -> None:
    """Some producers draw bold twice, a little apart: a short run of the same size on the
    same baseline is no mark set inside the line."""
    chars = _chars("set in bold type", 10, 100, 12) + _chars("set", 10.4, 100, 12)
    rows = pdf_layout._rows(pdf_layout._runs(chars, 0, 0))
    pdf_layout._mark_raised(rows)
    assert pdf_layout._line(rows[0], 800, 0).text.startswith("set in bold type")


def _row(base: float, *spans: tuple[float, float], size: float = 11.0) -> list[object]:
    return [pdf_layout._Run(x0, x1, base, size, "text " * 3, False) for x0, x1 in spans]


def _writer_section_page() -> list[list[object]]:
    """A title block across the page, a two-column section, notes across the foot."""
    rows = [_row(780 - 15 * k, (60, 540)) for k in range(8)]              # title, summary
    rows += [_row(640 - 15 * k, (60, 290), (315, 540)) for k in range(20)]  # two columns
    rows += [_row(320 - 12 * k, (60, 540), size=9) for k in range(4)]       # notes
    rows.append(_row(284, (60, 120), size=9))                               # "9 Id. at 2."
    return rows


def test_a_two_column_section_between_full_width_text_has_its_gutter() -> None:
    """Writer sets a two-column section under a full-width title block, with full-width
    notes below it: the lines that cross the gutter above and below the section do not hide
    it, and the short note line at the foot spans the page with the notes around it."""
    rows = _writer_section_page()
    gutter = pdf_layout._gutter(rows, 600, 800)
    assert gutter is not None and 310 <= gutter <= 315
    above, below = pdf_layout._spanning_bands(rows, gutter)
    assert below < 640 - 15 * 19 and below >= 284 and above > 640 and above <= 780 - 15 * 7


def test_a_table_column_that_starts_mid_page_is_no_gutter() -> None:
    """Table cells starting at the page's middle row after row are short: no column."""
    rows = [_row(780 - 15 * k, (60, 540)) for k in range(10)]
    rows += [_row(600 - 15 * k, (60, 110), (320, 350), (400, 430)) for k in range(12)]
    rows += [_row(400 - 15 * k, (60, 540)) for k in range(10)]
    assert pdf_layout._gutter(rows, 600, 800) is None


def test_a_table_with_long_cells_set_in_from_the_margin_is_no_gutter() -> None:
    """MetaPost's tables start their second column mid-page with long cells; the first
    column stands in from the text's margin, and the table is short: one column of text."""
    rows = [_row(780 - 12 * k, (90, 522)) for k in range(12)]
    rows += [_row(540 - 12 * k, (156, 230), (244, 450)) for k in range(7)]
    rows += [_row(440 - 12 * k, (90, 522)) for k in range(20)]
    assert pdf_layout._gutter(rows, 612, 792) is None


def test_a_url_that_runs_into_the_gutter_stays_in_its_column() -> None:
    """A long URL in the left column cannot break and runs into the gutter: it is read in
    the left column, not as a line across the page that cuts the columns' order."""
    chars = []
    for k in range(12):
        y = 700 - 14 * k
        left = "https://www.debian.org/releases/bullseye/amd64/release-" if k == 5 else \
            f"left column line {k} of the page text here"
        chars += _chars(left, 60, y, 10)[:60]
        if k != 5:
            chars += _chars(f"right column line {k} of text", 320, y, 10)
    rows = pdf_layout._rows(pdf_layout._runs(chars, 0, 0))
    assert pdf_layout._gutter(rows, 612, 792) is not None
    texts = [ln.text for ln in _page_lines(chars)]
    assert texts.index("https://www.debian.org/releases/bullseye/amd64/release-") < \
        texts.index("right column line 0 of text")


def _page_lines(chars: list[object]) -> list[pdf_layout.PageLine]:
    class _Doc:
        def page_media_box(self, n: int) -> tuple[float, float, float, float]:
            return (0, 0, 612, 792)

        def extract_chars(self, n: int) -> list[object]:
            return chars

    return pdf_layout._page(_Doc(), 0).lines
