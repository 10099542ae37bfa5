"""Document metadata from cover pages and mastheads: every field exact, with its line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from cleanup import clean
from cleanup.rules import RuleSet
from tests.conftest import SAMPLE, SYNTHETIC

# A JSTOR cover of the 2013-2019 era (made up, laid out like the real ones): the old fields,
# the "not-for-profit service" blurb, the bare www.jstor.org line, the AM/PM stamp of those years.
COVER_2013 = (Path(__file__).parent / "test_metadata" / "jstor_2013_cover.txt").read_text(
    encoding="utf-8")

EXPECTED: dict[str, dict[str, tuple[Any, int]]] = {
    # field: (value, input line)
    "seed": {
        "title": ("Pakistan: Shoring Up", 1),
        "series": ("Crisis Group Asia Briefing", 3),
        "number": ("169", 3),
        "publisher": ("International Crisis Group", 3),
        "place": ("Islamabad/Washington/Brussels", 4),
        "date": ("30 June 2021", 4),
    },
    "jstor_modern": {
        "title": ("Pakistan: Shoring Up Afghanistan's Peace Process", 1),
        "series": ("Crisis Group Asia Briefing", 3),
        "number": ("169", 3),
        "publisher": ("International Crisis Group", 3),
        "place": ("Islamabad/Washington/Brussels", 4),
        "date": ("30 June 2021", 4),
    },
    # 2020s cover sheet, then the report's own masthead
    "jstor_modern_cover": {
        "title": ("Lake Chad Basin: Fisheries, Displacement and the Return of Trade", 1),
        "authors": (["International Crisis Group"], 2),
        "publisher": ("International Crisis Group", 3),
        "url": ("https://www.jstor.org/stable/resrep31339", 4),
        "accessed": ("08-02-2022 02:22 UTC", 5),
        "series": ("Crisis Group Africa Report", 29),
        "number": ("305", 29),
        "place": ("Nairobi/Brussels", 30),
        # "(2021)" on the cover, refined by the masthead's full date
        "date": ("11 May 2021", 30),
    },
    # 2008-2012 cover sheet
    "jstor_older_cover": {
        "title": ("Standards Bodies and the Governance of Shared Code, 1968-1985", 1),
        "authors": (["Margaret E. Holloway"], 2),
        "source": ("Annals of Software Governance, Vol. 12, No. 3 (Sep., 1987), pp. 201-204",
                   3),
        "journal": ("Annals of Software Governance", 3),
        "volume": ("12", 3),
        "issue": ("3", 3),
        "date": ("Sep., 1987", 3),
        "pages": ("201-204", 3),
        "publisher": ("Northgate University Press", 4),
        "url": ("http://www.jstor.org/stable/2345678", 5),
        "accessed": ("23/12/2012 21:45", 6),
    },
    "cover_2013": {
        "title": ("Bargaining over Borders: Trade Policy in the Andean Community, 1969-1996", 1),
        "authors": (["Lucía Fernández", "Tomás Ruiz", "Ana Beltrán"], 3),
        "source": ("Journal of Regional Economics, Vol. 41, No. 2 (Summer 2012), pp. 145-167",
                   4),
        "journal": ("Journal of Regional Economics", 4),
        "volume": ("41", 4),
        "issue": ("2", 4),
        "date": ("Summer 2012", 4),
        "pages": ("145-167", 4),
        "publisher": ("Westbrook University Press", 5),
        "url": ("http://www.jstor.org/stable/41234567", 6),
        "accessed": ("10/11/2013 23:40", 7),
    },
    # no cover, no masthead: nothing is guessed
    "plain": {},
    "page_of": {},
    "quoted_stamp": {},
    "formfeed": {},
    "footers_dash": {},
}


def _text(name: str) -> str:
    if name == "seed":
        return SAMPLE.read_text(encoding="utf-8")
    if name == "cover_2013":
        return COVER_2013
    return (SYNTHETIC / f"{name}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", list(EXPECTED))
def test_every_cover_field_exact(name: str, rules: RuleSet) -> None:
    result = clean(_text(name), rules=rules)
    got = {k: (v["value"], v["line"]) for k, v in result.report.metadata.items()}
    assert got == EXPECTED[name]


@pytest.mark.parametrize("name", [n for n, f in EXPECTED.items() if f])
def test_each_field_names_a_line_that_holds_it(name: str, rules: RuleSet) -> None:
    text = _text(name)
    lines = text.split("\n")
    result = clean(text, rules=rules)
    for field, f in result.report.metadata.items():
        nos = f.get("lines", [f["line"]])
        source = " ".join(lines[n - 1].strip() for n in nos)
        values = f["value"] if isinstance(f["value"], list) else [f["value"]]
        assert all(v in source or field == "publisher" for v in values), (field, source)
        assert f["rule"] in {r.id for r in rules.rules}


def test_the_cover_is_still_removed_after_its_fields_are_read(rules: RuleSet) -> None:
    result = clean(COVER_2013, rules=rules)
    assert "Author(s)" not in result.text and "Accessed" not in result.text
    assert result.text.startswith("Bargaining over Borders")


def test_a_body_that_quotes_cover_lines_yields_no_fields(rules: RuleSet) -> None:
    text = ("A report on archives.\n\nThe cover said Source: Nowhere, Vol. 1, No. 2 (2001), "
            "and nothing else.\nStable URL: https://www.jstor.org/stable/1 is cited below.\n")
    assert clean(text, rules=rules).report.metadata == {}
