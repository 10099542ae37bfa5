"""watermarks: stamps in every known wording, split stamps, cover pages; quotes survive."""

from __future__ import annotations

import pytest

from cleanup.document import Document
from cleanup.rules import RuleSet
from cleanup.stages import normalize, watermarks

STAMPS = [
    "This content downloaded from 149.10.125.20 on Tue, 08 Feb 2022 02:22:36 UTC",
    "This content downloaded  on Tue, 8 Jan 2013 10:24:56 AM",
    "This content downloaded from 128.112.200.107 on Sun, 10 Nov 2013 11:40:02 PM",
    "This content downloaded by the authorized user from 192.168.52.67 on Thu, 29 Nov 2012 "
    "07:04:37 AM",
    "This content downloaded from 2001:db8::1 on Mon, 3 Feb 2020 14:05 UTC",
]


def run(text: str, rules: RuleSet) -> tuple[list[str], Document, list[tuple[str, tuple[int, ...]]]]:
    doc, _ = normalize.run(Document.from_text(text), rules)
    doc, changes = watermarks.run(doc, rules)
    return [ln.text for ln in doc.lines], doc, [(e.rule, e.lines) for e in changes.edits]


@pytest.mark.parametrize("stamp", STAMPS)
@pytest.mark.parametrize("terms", ["All use subject to https://about.jstor.org/terms",
                                   "All use subject to JSTOR Terms and Conditions"])
def test_stamp_pairs_in_every_wording(stamp: str, terms: str, rules: RuleSet) -> None:
    texts, doc, edits = run(f"end of a page\n{stamp}\n{terms}\nnext page\n", rules)
    assert texts == ["end of a page", "next page"]
    assert edits == [("jstor.stamp", (2,)), ("jstor.terms", (3,))]
    assert doc.lines[1].has("page_break")


def test_stamp_split_after_from(rules: RuleSet) -> None:
    texts, _, edits = run("a\nThis content downloaded from\n149.10.125.20 on Tue, 08 Feb 2022 "
                          "02:22:36 UTC\nAll use subject to https://about.jstor.org/terms\nb\n",
                          rules)
    assert texts == ["a", "b"]
    assert edits == [("jstor.stamp-split", (2, 3)), ("jstor.terms", (4,))]


@pytest.mark.parametrize("body", [
    'each page carries the notice "This content downloaded from 10.0.0.1 on Mon, 01 Jan 2024 '
    '10:00:00 UTC", which',
    "This content downloaded from 149.10.125.20 on Tue, 08 Feb 2022 02:22:36 UTC was cited.",
    "All use subject to https://about.jstor.org/terms",  # alone, with no stamp beside it
    "Smith, J. (2019). Title. Stable URL: https://www.jstor.org/stable/123456.",
    "JSTOR is a not-for-profit service, the authors note, that",
])
def test_stamp_words_in_a_sentence_or_citation_survive(body: str, rules: RuleSet) -> None:
    texts, _, edits = run(f"Before.\n{body}\nAfter.\n", rules)
    assert body in texts and edits == []


def test_cover_page_goes_and_the_article_stays(rules: RuleSet) -> None:
    text = (
        "Shell Environment\nAuthor(s): Raphaël Hertzog\nSource: Annals, Vol. 39 (2019)\n"
        "Published by: Northgate University Press\nStable URL: http://www.jstor.org/stable/2968\n"
        "Accessed: 23/12/2012 21:45\n\n"
        "Your use of the JSTOR archive indicates your acceptance of JSTOR's Terms and Conditions\n"
        "of Use, available at http://www.jstor.org/page/info/about/policies/terms.jsp.\n\n"
        "This content downloaded from 96.1.2.3 on Sun, 23 Dec 2012 21:45:23 PM\n"
        "All use subject to JSTOR Terms and Conditions\n\nShell Environment\n\nThe article.\n")
    texts, doc, edits = run(text, rules)
    assert [t for t in texts if t] == ["Shell Environment", "The article."]
    assert edits[0][0] == "jstor.cover" and edits[0][1] == (1, 2, 3, 4, 5, 6, 8, 9)
    assert doc.learned["cover_lines"] == 8


def test_too_few_cover_markers_is_not_a_cover(rules: RuleSet) -> None:
    text = "References\nStable URL: https://www.jstor.org/stable/1\nAccessed: 3 March 2021\nText\n"
    texts, _, edits = run(text, rules)
    assert texts[0] == "References" and edits == []


def test_another_vendors_stamp_is_a_short_rule_file(tmp_path, rules: RuleSet) -> None:
    from cleanup.rules import load_rules

    (tmp_path / "proquest.toml").write_text(
        "[[rule]]\nid = \"proquest.stamp\"\nstage = \"watermarks\"\naction = \"drop\"\n"
        "description = \"ProQuest footer\"\n"
        "match.regex = 'Reproduced with permission of the copyright owner\\. Further "
        "reproduction prohibited without permission\\.'\nmust_keep = [\"x\"]\n"
        "[[rule.must_change]]\ninput = \"a\"\noutput = \"a\"\n")
    mine = load_rules([tmp_path], use_project_config=False)
    texts, _, edits = run("text\nReproduced with permission of the copyright owner. Further "
                          "reproduction prohibited without permission.\nmore\n", mine)
    assert texts == ["text", "more"] and edits == [("proquest.stamp", (2,))]
