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
    # a working paper's masthead: its series line and its date; the authors (Hanne Sørensen,
    # Pieter de Wit and Alastair Greaves) are not all read as persons by the name tagger, so
    # neither they nor the title (whose end the names line would show) are given
    "footers_dash": {
        "series": ("Working Paper", 1),
        "number": ("2019/04", 1),
        "date": ("April 2019", 9),
    },
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


def _masthead(text: str, rules: RuleSet) -> dict[str, Any]:
    return {k: v["value"] for k, v in clean(text, rules=rules).report.metadata.items()}


BODY = "\n".join(f"The body of the report runs on in line {k} and ends here." for k in range(8))


def test_a_masthead_gives_title_and_authors_only_with_a_line_of_person_names(
        rules: RuleSet) -> None:
    """A title's end shows where a line of person names starts; two capitalised words that
    name no one ("Language Reference", "User Guide": words the document also sets in lower
    case, or among the commonest words) are a subtitle, and give no authors."""
    got = _masthead(f"Policy Paper No. 39\nBeyond Managing a Machine as a Whole in\n"
                    f"Open Infrastructure\nMartin Michlmayr and Ian Jackson\n{BODY}", rules)
    assert got["title"] == "Beyond Managing a Machine as a Whole in Open Infrastructure"
    assert got["authors"] == ["Martin Michlmayr", "Ian Jackson"]
    for subtitle in ("Language Reference", "User Guide"):
        got = _masthead(f"Modeling Language GNU MathProg\n{subtitle}\n{BODY}\n"
                        "the language reference and the user guide", rules)
        assert "authors" not in got and "title" not in got


def test_a_masthead_title_ends_at_a_version_or_date_line(rules: RuleSet) -> None:
    got = _masthead(f"Debian Policy Manual\nRelease 4.6.2.0\nThe Debian Policy Mailing List\n"
                    f"Dec 17, 2022\n{BODY}", rules)
    assert (got["title"], got["version"], got["date"]) == ("Debian Policy Manual",
                                                          "Release 4.6.2.0", "Dec 17, 2022")
    got = _masthead(f"Portable Document Format\nby\nKeith Marshall\n{BODY}", rules)
    assert got["authors"] == ["Keith Marshall"]


def test_authors_one_to_a_line_and_half_an_author_block_is_none(rules: RuleSet) -> None:
    """Names one to a line are read together; an institution's acronym before a place is no
    name; where more names follow after affiliation lines (ACM's author blocks), the names
    read so far are part of the list, and no list is given."""
    got = _masthead(f"FreeFEM User Manual\nOlivier Pironneau1\nChristophe Prudhomme 2\n"
                    f"Revised: 10/20/01\n{BODY}", rules)
    assert got["authors"] == ["Olivier Pironneau", "Christophe Prudhomme"]
    got = _masthead(f"Camlidl user manual\nVersion 1.04\nXavier Leroy\nINRIA Rocquencourt\n"
                    f"{BODY}", rules)
    assert got["authors"] == ["Xavier Leroy"]
    got = _masthead("The Name of the Title Is Hope\nBen Trovato∗\nG.K.M. Tobin∗\n"
                    "trovato@corporation.com\nInstitute for Clarity in Documentation\n"
                    f"Dublin, Ohio, USA\nValerie Béranger\nInria Paris-Rocquencourt\n{BODY}",
                    rules)
    assert got["title"] == "The Name of the Title Is Hope" and "authors" not in got


def test_a_title_ends_at_by_a_copyright_line_or_an_address(rules: RuleSet) -> None:
    """"by" ends a title, and says a name follows though the tagger does not know it; a
    copyright line is no title line; a title line opens in lower case only where the line
    before runs on into it."""
    got = _masthead(f"Using Automake in the Groff project\nby\nBertrand Garrigues\n"
                    f"©2014, 2017 Free Software Foundation\n{BODY}", rules)
    assert got == {"title": "Using Automake in the Groff project",
                   "authors": ["Bertrand Garrigues"]}
    got = _masthead(f"SSH\nCopyright © 2005-2026 Ericsson AB. All Rights Reserved.\n{BODY}",
                    rules)
    assert got["title"] == "SSH"
    got = _masthead(f"Guided partitioning: Governance of\na Volunteer Distribution\n"
                    f"Ian Jackson, Ana Guerrero López\n{BODY}", rules)
    assert got["title"] == "Guided partitioning: Governance of a Volunteer Distribution"
    assert "title" not in _masthead(f"A Title of a Report\nand then a sentence\n{BODY}", rules)


def test_a_names_line_that_wraps_inside_its_last_name(rules: RuleSet) -> None:
    text = (f"Policy Paper No. 212\nAfter Upcoming\nDevelopments\nRoland Mas, Wichert Akkerman, "
            f"Tollef Fog\nHeen\nCentre for Open Infrastructure\nJanuary 2015\n{BODY}")
    found = clean(text, rules=rules).report.metadata["authors"]
    assert found["value"] == ["Roland Mas", "Wichert Akkerman", "Tollef Fog Heen"]
    assert found["lines"] == [4, 5]


def test_a_name_spelt_once_in_lower_case_in_an_address_is_still_a_name(rules: RuleSet) -> None:
    """REVTeX's guide spells its author once more in an obfuscated address ('mailto:arthur
    ogawa at sbcglobal.net'): a word of the language recurs in lower case, a name does not."""
    got = _masthead(f"The aip substyle for REVTeX∗\nArthur Ogawa†\nVersion 4.2e, dated "
                    f"2020/10/03\n{BODY}\n†mailto:arthur ogawa at sbcglobal.net", rules)
    assert (got["title"], got["authors"], got["version"], got["date"]) == (
        "The aip substyle for REVTeX", ["Arthur Ogawa"], "Version 4.2e", "2020/10/03")


PARAGRAPH = ("The Ethiopic script does not require much rendering except for some combining "
             "marks for gemination and vowel length, and so")


@pytest.mark.parametrize(("text", "want"), [
    # a joining word alone on its line, or opening one, goes on with the title
    ("User’s Guide\nto\nPARI / GP\n(version 2.15.2)\nThe PARI Group",
     {"title": "User’s Guide to PARI / GP", "version": "version 2.15.2"}),
    ("Prawn\nby example\nLast Update: 2021-11-22\nPrawn Version: 2.4.0",
     {"title": "Prawn by example", "date": "2021-11-22", "version": "Prawn Version: 2.4.0"}),
    # a subtitle in sentence case ends the title; the names may stand under it
    ("FreeFEM User Manual\nA language for the finite element method\nOlivier Pironneau\n"
     "Christophe Prud’homme\nRevised: 10/20/01",
     {"title": "FreeFEM User Manual", "authors": ["Olivier Pironneau", "Christophe Prud’homme"],
      "date": "10/20/01"}),
    # a package's name in lower case opens a title; 'a user's manual' names the kind
    ("reledmac\nTypeset scholarly editions with LaTeX∗\nAbstract", {"title": "reledmac"}),
    ("METAPOST\na user’s manual\nJohn D. Hobby\nand the MetaPost development team",
     {"title": "METAPOST", "authors": ["John D. Hobby"]}),
    # a paragraph, or a dated line, right under a one-line title
    (f"Abyssinica SIL Features\n{PARAGRAPH}", {"title": "Abyssinica SIL Features"}),
    ("Gentium - Version History\n9 Feb 2022 (SIL WSTech Team) Gentium Plus version 6.101\n"
     "This is a maintenance release.", {"title": "Gentium - Version History"}),
    # ... but a section's heading is no title
    (f"Abstract\n{PARAGRAPH}", {}),
    # the title block set again (cover, then title page): one line is the title, more unknown
    ("Filesystem Hierarchy Standard\nFilesystem Hierarchy Standard\nVersion 3.0",
     {"title": "Filesystem Hierarchy Standard", "version": "Version 3.0"}),
    ("Filesystem Hierarchy Standard\nLSB Workgroup, The Linux Foundation\n"
     "Filesystem Hierarchy Standard\nLSB Workgroup, The Linux Foundation\nVersion 3.0",
     {"version": "Version 3.0"}),
    # one name of three the tagger does not know; the same name again in an author note
    ("After Inherent Risks of Web Applications\nTollef Fog Heen, Ian Jackson, Bruce Perens\n"
     "Executive Summary",
     {"title": "After Inherent Risks of Web Applications",
      "authors": ["Tollef Fog Heen", "Ian Jackson", "Bruce Perens"]}),
    ("SAMPLE DOCUMENT\n1\nSample APA-Style Document Using the apa7 Package\nDaniel A. Weiss\n"
     "A University Somewhere\nAuthor Note\nDaniel A. Weiss",
     {"title": "Sample APA-Style Document Using the apa7 Package",
      "authors": ["Daniel A. Weiss"]}),
    # a long title wrapped over full lines runs past three lines
    ("Articles for Proceedings of Machine\nLearning Research (PMLR) formerly\n"
     "Journal of Machine Learning Research\nWorkshop and Conference Proceedings\n(JMLR W&CP)\n"
     "Nicola L. C. Talbot\n2022-02-09 (version 1.30)",
     {"title": "Articles for Proceedings of Machine Learning Research (PMLR) formerly Journal "
               "of Machine Learning Research Workshop and Conference Proceedings (JMLR W&CP)",
      "authors": ["Nicola L. C. Talbot"], "date": "2022-02-09", "version": "version 1.30"}),
    # a journal's dated line and a production note over the title; a version line is none
    ("MNRAS 000, 1–10 (2020)\nPreprint 27 June 2020\nCompiled using MNRAS LaTeX style file "
     "v3.0\nMonthly Notices of the Royal Astronomical Society: LaTeX guide for authors\n"
     "Keith T. Smith1⋆ †\nRoyal Astronomical Society, Burlington House",
     {"title": "Monthly Notices of the Royal Astronomical Society: LaTeX guide for authors",
      "authors": ["Keith T. Smith"], "journal": "MNRAS", "volume": "000", "pages": "1–10",
      "date": "2020"}),
    ("TUD-Script v2.06o basierend auf KOMA-Script\nEin Bundle für Dokumente\nFalk Hanisch",
     {}),
])
def test_title_pages_as_real_manuals_set_them(text: str, want: dict[str, Any],
                                             rules: RuleSet) -> None:
    got = _masthead(f"{text}\n{BODY}", rules)
    assert {k: v for k, v in got.items() if k in {*want, "title", "authors"}} == want
