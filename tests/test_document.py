"""The document model: line numbers survive, form feeds make pages."""

from __future__ import annotations

from cleanup.document import Document


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
