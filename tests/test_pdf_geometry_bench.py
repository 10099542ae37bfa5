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
