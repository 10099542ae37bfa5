"""The PDF-path benchmark's furniture count (benchmarks/pdf_geometry.py)."""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import pdf_geometry


def test_a_head_over_the_heading_it_repeats_is_not_left_when_removed() -> None:
    """memoir sets "2.3. Legal Liability" over the heading "2.3 Legal Liability": in the
    source their words stand side by side, sharing the space between them. Removing the head
    and keeping the heading leaves nothing; keeping both leaves one."""
    source = "text of page six\n2.3. Legal Liability\n2.3 Legal Liability\nAn administrator is"
    furniture = [("2.3. Legal Liability", "header")]
    fig = pdf_geometry.Figures()
    pdf_geometry.furniture_left(fig, "text of page six\n\n2.3 Legal Liability\n\nAn "
                                "administrator is", furniture, source=source)
    assert fig.furniture_left == 0
    fig = pdf_geometry.Figures()
    pdf_geometry.furniture_left(fig, source, furniture, source=source)
    assert fig.furniture_left == 1


def test_markers_the_extraction_already_wrote_are_not_counted() -> None:
    """PARI prints ``v[^i]`` (v without entry i): the output keeps it, and it is neither a
    found marker nor a wrong one; a marker cleanup linked is still counted."""
    fig = pdf_geometry.Figures()
    pdf_geometry.score_markers(fig, [("i", "v"), ("1", "forward")], [("1", "forward")],
                               source="assign to v[^i] here\nforward.1 next")
    assert (fig.markers_found, fig.markers_right, fig.markers_true) == (1, 1, 1)


def test_a_marker_before_a_colon_is_a_marker_not_a_definition() -> None:
    """``the environment[^1]:`` ends a sentence that introduces a list; only a paragraph
    that opens with ``[^1]:`` is the note."""
    _body, notes, markers = pdf_geometry.split_output(
        "the look of the environment[^1]:\n\n[^1]: For this parametrization.")
    assert markers == [("1", "environment")] and notes == {"1": "For this parametrization."}
