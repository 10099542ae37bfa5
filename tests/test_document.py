"""The document model: line numbers survive, form feeds make pages."""

from __future__ import annotations

from cleanup.document import Document, has_font_codes


def test_lines_keep_their_input_numbers() -> None:
    doc = Document.from_text("a\r\nb\n\nc  \n")
    assert [(ln.no, ln.raw) for ln in doc.lines] == [(1, "a"), (2, "b"), (3, ""), (4, "c  ")]
    assert doc.lines[3].trailing_spaces == 2
    assert doc.lines[2].blank


def test_form_feeds_start_pages_and_leave_no_character_behind() -> None:
    doc = Document.from_text("page one\n\fpage two\nmore\n\f\npage three\n")
    assert [ln.page for ln in doc.lines] == [0, 1, 1, 2, 2]
    assert all("\f" not in ln.raw for ln in doc.lines)
    assert doc.page_starts == [2, 4]
    assert [[ln.no for ln in p] for p in doc.pages()] == [[1], [2, 3], [4, 5]]


def test_byte_order_mark_is_dropped() -> None:
    assert Document.from_text("\ufeffTitle\n").lines[0].raw == "Title"


def test_copy_is_deep() -> None:
    doc = Document.from_text("a\nb\n")
    other = doc.copy()
    other.lines[0].text = "changed"
    assert doc.lines[0].text == "a"


def test_text_renders_lines_until_paragraphs_exist() -> None:
    doc = Document.from_text("a\nb\n")
    assert doc.text() == "a\nb\n"
    assert Document.from_text("").text() == ""


def test_a_stray_form_feed_in_a_long_text_is_not_a_page_break() -> None:
    """One form feed in 400 lines is a character the document printed (a code listing), not
    its page breaks: taking it for them made a 300-page manual two pages."""
    body = [f"line {i}" for i in range(800)]
    body[400] = "\fprinted form feed"
    doc = Document.from_text("\n".join(body))
    assert not doc.has_form_feeds and doc.page_starts == []
    assert doc.lines[400].raw == "printed form feed"


def test_pages_joined_with_a_feed_and_no_newline_are_pages_not_ligatures() -> None:
    """"\f".join(page texts) puts each feed between two pages' words, inside a line: a page
    break, not TeX's "fi" code ("Needs\fa new" must not become "Needsfia new"), and the line
    splits there, both parts keeping its input line number."""
    pages = [f"Body of page {p} runs on\n" + "and on\n" * 4 + "until it ends with Needs"
             for p in range(1, 5)]
    text = "\f".join(pages)
    doc = Document.from_text(text)
    assert doc.has_form_feeds and doc.page_count == 4
    assert [ln.text for ln in doc.lines[5:7]] == ["until it ends with Needs",
                                                   "Body of page 2 runs on"]
    assert doc.lines[5].no == doc.lines[6].no == 6
    assert [ln.page for ln in doc.lines[5:7]] == [0, 1]


def test_ligature_codes_in_words_stay_codes() -> None:
    """TeX's codes for fi inside words ("de\fned", "de\fnition") close together or reading
    as words with "fi" are ligatures, not page breaks."""
    doc = Document.from_text("The term is de\fned here\nand its de\fnition follows.\n")
    assert not doc.has_form_feeds and len(doc.lines) == 2
    far = "Some line\n" * 20
    assert has_font_codes(f"It is de\fned here\n{far}and the de\fnition.")


def test_a_line_split_at_a_feed_is_one_input_line_to_the_report_and_the_diff() -> None:
    from cleanup import clean
    from cleanup.diffing import input_lines

    text = "\f".join(f"Page {p} opens here\n" + "its body goes on\n" * 5 + "and ends"
                     for p in range(1, 4))
    report = clean(text).report
    lines = input_lines(text)
    assert report.input_lines == len(lines) == text.count("\n") + 1
    assert lines[6] == "and ends Page 2 opens here"


def test_a_carriage_return_inside_a_line_is_no_line_end() -> None:
    """pypdf passes a chart's glyph code 13 on inside a line ('3\\t\\r \\xa0'): in a text of
    line feeds it is no line end, so the line numbers stay the ones an editor shows; a text
    whose lines it ends (an old Mac file) still splits at it."""
    doc = Document.from_text("one\n3\t\r x\nthree\n")
    assert [ln.no for ln in doc.lines] == [1, 2, 3]
    assert doc.lines[1].raw == "3\t\r x"
    assert [ln.raw for ln in Document.from_text("a.\rb.\rc.\r").lines] == ["a.", "b.", "c."]
