"""furniture: running heads learned from repetition, page numbers in step, zones respected."""

from __future__ import annotations

import re

from cleanup.document import Document
from cleanup.rules import RuleSet
from cleanup.stages import furniture, normalize, watermarks
from tests.conftest import SYNTHETIC

PROSE = [ln.strip() for ln in (SYNTHETIC / "plain.txt").read_text(encoding="utf-8").split("\n")
         if len(ln.strip()) > 60]


def body(page: int) -> list[str]:
    """Five lines of real prose, different on every page."""
    return PROSE[page * 5:page * 5 + 5]


BODY = [line for p in range(8) for line in body(p)]


def pages(*tops_and_bottoms: tuple[list[str], list[str]]) -> str:
    out = []
    for p, (top, bottom) in enumerate(tops_and_bottoms):
        out.append("\n".join([*top, "", *body(p), "", *bottom]))
    return "\n\f".join(out) + "\n"


def run(text: str, rules: RuleSet) -> tuple[list[str], Document, dict[int, str]]:
    doc, _ = normalize.run(Document.from_text(text), rules)
    doc, _ = watermarks.run(doc, rules)
    doc, changes = furniture.run(doc, rules)
    return [ln.text for ln in doc.lines], doc, {e.lines[0]: e.rule for e in changes.edits}


def test_alternating_running_heads_with_page_numbers(rules: RuleSet) -> None:
    text = pages(([], ["201"]), (["202        ANNALS OF SOFTWARE GOVERNANCE"], []),
                 (["STANDARDS BODIES            203"], []),
                 (["204        ANNALS OF SOFTWARE GOVERNANCE"], []),
                 (["STANDARDS BODIES            205"], []))
    texts, doc, removed = run(text, rules)
    assert not any("ANNALS" in t or "STANDARDS" in t for t in texts)
    assert "201" not in texts
    assert set(removed.values()) == {"furniture.learned", "furniture.page-number.bare"}
    headers = {h["text"]: h["pages"] for h in doc.learned["headers"]}  # type: ignore[union-attr]
    assert headers == {"202        ANNALS OF SOFTWARE GOVERNANCE": 2,
                       "STANDARDS BODIES            203": 2}
    assert all(line in texts for p in range(5) for line in body(p))


def test_cut_short_and_garbled_heads_are_caught(rules: RuleSet) -> None:
    text = pages(([], []), (["Annual Report on Water Security in the Lower Mekong 2022"], []),
                 (["Annual Reprt on Water Secu"], []),
                 (["Annual Report on Water Security in the Lower Mekong 2022"], []),
                 (["Annual Report on Wa"], []))
    texts, _, removed = run(text, rules)
    assert not any(t.startswith("Annual Rep") for t in texts)
    assert len(removed) == 4


def test_page_number_forms(rules: RuleSet) -> None:
    text = pages(([], ["Page 1 of 4"]), ([], ["- 2 -"]), ([], ["Page 3"]), ([], ["PAGE 4 OF 4"]))
    texts, _, removed = run(text, rules)
    assert [t for t in texts if t and t not in BODY] == []
    assert sorted(set(removed.values())) == ["furniture.page-number.dashes",
                                             "furniture.page-number.word"]


def test_bare_numbers_out_of_step_or_in_the_body_stay(rules: RuleSet) -> None:
    text = pages(([], ["7"]), ([], ["2019"]), (["Results", "", "14"], []))
    texts, _, removed = run(text, rules)
    assert "7" in texts and "2019" in texts and "14" in texts
    assert removed == {}


def test_title_block_on_the_first_page_is_kept(rules: RuleSet) -> None:
    text = pages((["Pakistan: Shoring Up", "", "Crisis Group Asia Briefing N°169"], []),
                 (["Pakistan: Shoring Up Af", "Crisis Group Asia Briefing N°169, 30 June 2021 "
                   "Page 2"], []),
                 (["Pakistan: Shoring Up Af", "Crisis Group Asia Briefing N°169, 30 June 2021 "
                   "Page 3"], []))
    texts, _, removed = run(text, rules)
    assert texts[:3] == ["Pakistan: Shoring Up", "", "Crisis Group Asia Briefing N°169"]
    assert len(removed) == 4


def test_repeated_lines_inside_the_body_are_not_furniture(rules: RuleSet) -> None:
    text = "\n\f".join("\n".join([*body(p), "Dawn, 4 May 2020.", *body(p + 4)])
                     for p in range(4)) + "\n"
    texts, _, removed = run(text, rules)
    assert removed == {} and texts.count("Dawn, 4 May 2020.") == 4


def test_running_footer_once_on_the_first_page(rules: RuleSet) -> None:
    text = pages(([], ["Annals of Software Governance, Vol. 39, No. 4 (2019)"]),
                 (["560        ANNALS OF SOFTWARE GOVERNANCE"], []),
                 (["SHELL ENVIRONMENT        561"], []),
                 (["562        ANNALS OF SOFTWARE GOVERNANCE"], []),
                 (["SHELL ENVIRONMENT        563"], []))
    texts, _, removed = run(text, rules)
    assert not any("Annals" in t or "ANNALS" in t or "SHELL" in t for t in texts)
    assert len(removed) == 5


def test_a_section_head_that_does_not_recur_mirrors_its_heading(rules: RuleSet) -> None:
    """A book sets the section's title over each page ("2.3. Legal Liability"); a section of
    one page gives it once, but the heading it mirrors stands on that page ("2.3" and "Legal
    Liability", pdftotext setting the number apart). Where a document does that on several
    pages, those heads go; a top line that mirrors nothing, and the heading itself, stay."""
    tops = [["1.1. Choosing the Software"], ["2.3. Legal Liability", "2.3", "Legal Liability"],
            ["3.1. Xen"], ["3.2. Kernels", "3.2", "Kernels"], ["4.1. Setting Up"],
            ["5.1. Virtualization", "5.1", "Virtualization"]]
    texts, _, removed = run(pages(*[(t, [str(p + 1)]) for p, t in enumerate(tops)]), rules)
    assert not {"2.3. Legal Liability", "3.2. Kernels", "5.1. Virtualization"} & set(texts)
    assert "furniture.learned" in removed.values()
    assert {"2.3", "Legal Liability", "3.2", "Kernels", "3.1. Xen"} <= set(texts)
    assert all(line in texts for p in range(6) for line in body(p))


def test_a_section_foot_that_mirrors_its_heading_goes(rules: RuleSet) -> None:
    """Sphinx in pdftotext's order ends a page with the section's title, then the number
    ("2.3. Registering as a Debian member" / "7"): at the foot, the same mirror of a heading
    set on the page (or shortly before) is a running foot."""
    sections = ["Choosing the Software", "Legal Liability", "Kernels", "Virtualization",
                "Setting Up", "Networks"]
    out = []
    for p, title in enumerate(sections):
        heading = f"{p + 1}.{p + 2} {title}"
        out.append("\n".join([*body(p)[:2], "", heading, "", *body(p)[2:], "",
                               f"{p + 1}.{p + 2}. {title}", str(p + 1)]))
    texts, _, _ = run("\n\f".join(out) + "\n", rules)
    feet = {f"{p + 1}.{p + 2}. {t}" for p, t in enumerate(sections)}
    assert not feet & set(texts)
    assert {f"{p + 1}.{p + 2} {t}" for p, t in enumerate(sections)} <= set(texts)
    assert all(line in texts for p in range(6) for line in body(p))


def test_sentence_case_section_feet_go_and_a_section_opening_its_page_is_mirrored(
        rules: RuleSet) -> None:
    """Sphinx sets the section's title in the case it was written ("5.10. Porting and being
    ported" / "45" at the foot of each page of section 5.10): the dotted number makes it a
    heading's shape though most words are in lower case. A section that opens its page has its
    heading as the page's first line; at the foot, the same words are the running foot (the
    document's heads stand at the foot, so the top line is body). Sections of two pages in a
    long manual: too few pages each for a learned head. Headings stay."""
    out, titles = [], []
    for p in range(30):
        words = [w for w in re.sub(r"[^\w ]", "", PROSE[3 * p + 1]).split()
                 if w.isalpha()][3:7]
        number, title = f"{p // 8 + 5}.{p % 8 + 1}", " ".join(words).capitalize()
        titles.append((number, title))
        for half in (0, 1):
            page = 2 * p + half
            tag = "".join(chr(97 + int(d)) for d in str(page))  # the page's own word
            lines = [f"{line} {tag}" for line in body(page % 19)]
            head = [f"{number} {title}"] if half == 0 else []
            out.append("\n".join([*head, *lines, "", f"{number}. {title}", "", str(page + 1)]))
    texts, _, _ = run("\n\f".join(out) + "\n", rules)
    for number, title in titles:
        assert f"{number}. {title}" not in texts, title
        assert texts.count(f"{number} {title}") == 1, title
    # List steps at page feet, each once, mirror no heading: body.
    plain = ["1.1 Install the package first", "2.1 Check its signature", "3.1 Run the tests",
             "4.1 Upload it to the archive", "5.1 Close the bugs it fixes"]
    texts, _, _ = run(pages(*[([], [line]) for line in plain]), rules)
    assert set(plain) <= set(texts)


def test_a_blank_versos_head_and_foot_go_with_its_number(rules: RuleSet) -> None:
    """A book's blank verso page holds only its furniture, in pdftotext's order the head, the
    number and the chapter's foot ("Debian Reference" / "8" / "Chapter 2. Applying"): no
    inside tells head from foot, but the chapter's foot stands beside the number on the page
    before (chapters of two pages in a long book: too few for a learned foot). A lone caption
    on a page of its own is no furniture."""
    out, feet = [], []
    for p in range(130):
        chapter = p // 2
        words = re.sub(r"[^\w ]", "", PROSE[chapter + 1]).split()[3:7]
        foot = f"Chapter {chapter + 1}. {' '.join(words).capitalize()}"
        if p == 41:
            out.append("\n".join(["Figure 4. The archive", "", str(p + 1)]))
        elif p % 2 and p % 4 != 1:
            feet.append(foot)
            out.append("\n".join(["Debian Developers Reference", "", str(p + 1), "", foot]))
        else:
            tag = "".join(chr(97 + int(d)) for d in str(p))
            lines = [f"{line} {tag}" for line in body(p % 19)]
            out.append("\n".join(["Debian Developers Reference", "", *lines, "", str(p + 1),
                                   "", foot]))
    texts, _, _ = run("\n\f".join(out) + "\n", rules)
    assert not set(feet) & set(texts)
    # The first page's top is the title block.
    assert not any(t.startswith("Debian Developers") for t in texts[1:])
    assert "Figure 4. The archive" in texts
    assert not any(t.isdigit() for t in texts)


def test_lower_case_module_heads_after_the_page_number_go(rules: RuleSet) -> None:
    """Erlang's reference manuals head each page with the module's name, in lower case, just
    after the page number that ends the page before; a lower-case line elsewhere stays."""
    tops = [[], ["ssh_client_channel"], ["ssh_client_channel"], ["ssh_server_channel"],
            ["ssh_server_channel"], ["ssh_connection"], ["ssh_connection"]]
    texts, _, _ = run(pages(*[(t, [f"{p + 1} | Ericsson AB"]) for p, t in enumerate(tops)]),
                      rules)
    assert not {"ssh_client_channel", "ssh_server_channel", "ssh_connection"} & set(texts)
    assert all(line in texts for p in range(7) for line in body(p))


def test_a_chapter_opening_heading_on_each_chapter_first_page_stays(rules: RuleSet) -> None:
    """DocBook sets "Chapter 3" under the running head on each chapter's first page: digits
    masked it recurs at page tops like a head, but each chapter names itself once. A head
    that repeats one chapter's number page after page ("Chapter 2" on every page of it) is
    running furniture."""
    titles = ["Getting started", "Modifying the source", "Building the package", "Uploading"]
    tops = [["Maintainers Guide", f"Chapter {p + 1}", titles[p // 2]] if p % 2 == 0
            else ["Maintainers Guide"] for p in range(8)]
    texts, _, removed = run(pages(*((t, []) for t in tops)), rules)
    assert [t for t in texts if t.startswith("Chapter")] == \
        ["Chapter 1", "Chapter 3", "Chapter 5", "Chapter 7"]
    # The first page's top is the title block, kept; the running head goes from the others.
    assert texts.count("Maintainers Guide") == 1
    assert set(removed.values()) == {"furniture.learned"}
    running = [["Maintainers Guide", "Chapter 2", "Upstream"] for _ in range(8)]
    texts, _, _ = run(pages(*((t, []) for t in running)), rules)
    assert texts.count("Chapter 2") == 1


def test_a_chapter_opening_title_lines_are_no_running_head(rules: RuleSet) -> None:
    """A chapter opening's title runs over lines under "Chapter 2" ("Getting and installing
    Debian" / "GNU/Linux"); the title's last line can recur under another chapter's number
    ("Getting support for Debian" / "GNU/Linux"), at the same depth from the page top. It
    is the chapters' heading, not a running head."""
    tops = [["Chapter 1", "Definitions and overview"], [], [],
            ["Chapter 2", "Getting and installing Debian", "GNU/Linux"], [], [],
            ["Chapter 3", "Getting support for Debian", "GNU/Linux"], []]
    texts, _, _ = run(pages(*((t, [str(p + 1)]) for p, t in enumerate(tops))), rules)
    assert texts.count("GNU/Linux") == 2
    assert [t for t in texts if t.startswith("Chapter")] == ["Chapter 1", "Chapter 2",
                                                             "Chapter 3"]
    assert all(line in texts for p in range(8) for line in body(p))


def test_a_head_that_mirrors_a_chapter_opening_goes(rules: RuleSet) -> None:
    """memoir heads a chapter's later pages with its number and title ("3. Guided
    partitioning") and opens it with "Chapter 3" / "Guided partitioning": a chapter of two
    pages gives the head once, but it mirrors the opening a page before. The opening stays,
    its "Chapter 3" too (digits aside, it recurs at page tops like a head)."""
    titles = ["Loading Components", "Administrator Password", "Guided partitioning",
              "Tunneling"]
    tops = []
    for n, title in enumerate(titles, start=1):
        tops += [[f"Chapter {n}", title], [f"{n}. {title}"]]
    texts, _, _ = run(pages(*((t, [str(p + 1)]) for p, t in enumerate(tops))), rules)
    assert not {f"{n}. {t}" for n, t in enumerate(titles, start=1)} & set(texts)
    assert {f"Chapter {n}" for n in range(1, 5)} | set(titles) <= set(texts)
    assert all(line in texts for p in range(8) for line in body(p))


def test_two_alike_sentence_lines_on_two_pages_are_no_running_footer(rules: RuleSet) -> None:
    """A manual's parallel paragraphs ("Operators that relate to the ICC Manager are
    contained in the file gsicc_manage.c/h and" / "... the Link Cache ... and") stand at two
    page feet: long lines cut after a lower-case word read as prose and need a third page."""
    a = "Operators that relate to the ICC Manager are contained in the file gsicc_manage.c/h and"
    b = "Operators that relate to the ICC Cache are contained in the file gsicc_cache.c/h and"
    texts, _, _ = run(pages(([], []), ([], [a]), ([], []), ([], [b]), ([], [])), rules)
    assert a in texts and b in texts


def run_flags(text: str, rules: RuleSet) -> tuple[list[str], list[tuple[int, str]]]:
    doc, _ = normalize.run(Document.from_text(text), rules)
    doc, _ = watermarks.run(doc, rules)
    doc, changes = furniture.run(doc, rules)
    return [ln.text for ln in doc.lines], [(f.line, f.kind) for f in changes.flags]


TABLE_HEAD = ["Feature Name Feature ID Feature Setting (top-most",
              "in each section is default)", "Example Implementation"]


def test_a_table_header_repeated_on_the_pages_a_table_runs_over_stays(rules: RuleSet) -> None:
    # pypdf's text of a font manual: the feature table's header opens every page after the
    # second, as a running head would; its text goes on into the next line, which a running
    # head's never does, and its third line has a kept line between it and the page's edge.
    # The real footer, with the page number, goes.
    text = pages(*[(TABLE_HEAD if p >= 2 else [],
                    [f"Font Features for Scheherazade 2.100 August 19, 2015 Page {p + 1}"])
                   for p in range(7)])
    texts, flags = run_flags(text, rules)
    assert texts.count(TABLE_HEAD[0]) == texts.count(TABLE_HEAD[2]) == 5
    assert texts.count(TABLE_HEAD[1]) == 5
    assert not any(t.startswith("Font Features for") for t in texts)
    assert all(line in texts for p in range(7) for line in body(p))
    flagged = {kind for _, kind in flags}
    assert flagged == {"uncertain_furniture"} and len(flags) == 10


def test_a_table_headers_first_column_alone_on_its_line_stays(rules: RuleSet) -> None:
    # pdftotext's text of the same manual sets the header's first column on a line of its own
    # ('Feature Name'), the others under it; the cell that wraps is in the line under it.
    head = ["Feature Name", "Feature ID Feature Setting (top-most", "in each section is default)"]
    text = pages(*[(head if p >= 2 else [],
                    [f"Font Features for Scheherazade 2.100 August 19, 2015 Page {p + 1}"])
                   for p in range(7)])
    texts, flags = run_flags(text, rules)
    assert texts.count("Feature Name") == 5
    assert not any(t.startswith("Font Features for") for t in texts)
    assert "uncertain_furniture" in {kind for _, kind in flags}


def test_a_running_foot_goes_where_the_extractor_drew_a_line_after_it(rules: RuleSet) -> None:
    # pdftotext set a code annotation after Doxygen's footer on one page of six: the footer
    # is outermost on the other five, so it is a running foot on that one too.
    feet = [["Generated by Doxygen"] for _ in range(5)] + [["Generated by Doxygen",
                                                           "[inline] member function"]]
    texts, flags = run_flags(pages(*[([], foot) for foot in feet]), rules)
    assert "Generated by Doxygen" not in texts
    assert "[inline] member function" in texts
    assert flags == []


def test_a_head_that_is_never_outermost_stays(rules: RuleSet) -> None:
    # A caption recurring just inside the page, under a line of the body on every page.
    tops = [[PROSE[-1 - p], "Table of Outcomes"] for p in range(6)]
    texts, flags = run_flags(pages(*[(top, []) for top in tops]), rules)
    assert texts.count("Table of Outcomes") == 6
    assert {kind for _, kind in flags} <= {"uncertain_furniture"}


def test_section_heads_numbered_without_a_point_mirror_their_headings(rules: RuleSet) -> None:
    """KOMA's running head is the section's number and title, "2 Fast Growing IT Needs",
    undotted as LaTeX numbers sections; it changes with the section and equals the section's
    heading in the body of its page (or a few pages before). The heads go; the headings,
    inside their pages, stay."""
    titles = ["Fast Growing IT Needs", "Master Plan", "Integration with Older Machines",
              "Coexistence with Other Systems", "Network and Processes"]
    out = []
    for p, title in enumerate(titles):
        head = [] if p == 0 else [f"{p + 1} {title}"]
        body_lines = body(p)
        out.append("\n".join([*head, *body_lines[:2], f"{p + 1} {title}", *body_lines[2:],
                              str(p + 1)]))
    texts, _, removed = run("\n\f".join(out) + "\n", rules)
    for p, title in enumerate(titles):
        assert texts.count(f"{p + 1} {title}") == 1, title
    assert sum(rule == "furniture.learned" for rule in removed.values()) == 4


def test_a_line_recurring_at_page_feet_with_numbers_that_jump_is_body(rules: RuleSet) -> None:
    """Doxygen ends each member's entry "Definition at line 100 of file area.cpp."; many
    pages end so, digits folded the lines are one, but their numbers jump about from page to
    page: body. A changelog's "22.13 Version 4.1.4" is the same case. A head whose numbers
    rise with the pages goes."""
    feet = ["Definition at line 100 of file area.cpp.", "Definition at line 36 of file area.h.",
            "Definition at line 127 of file area.cpp.", "Definition at line 50 of file area.h.",
            "Definition at line 105 of file area.cpp.", "Definition at line 48 of file area.h."]
    text = pages(*[([f"{p + 1}    SISCone Reference Manual"] if p else [], [foot])
                   for p, foot in enumerate(feet)])
    texts, _, removed = run(text, rules)
    assert all(foot in texts for foot in feet)
    assert not any("SISCone Reference Manual" in t for t in texts)
    assert set(removed.values()) == {"furniture.learned"}


def test_a_head_outermost_on_only_some_pages_stays_where_it_is_inside(rules: RuleSet) -> None:
    """A table's header opens two of its pages and stands under a line of prose on the
    other two: the evidence is mixed, so it goes only where it is outermost and stays,
    flagged, where a kept line stands between it and the page's edges. (Outermost on most
    pages, as a running foot is, it goes everywhere: see the Doxygen case above.)"""
    head = "Feature Name Graphite OpenType"
    tops = [[], [head], [head], [PROSE[-1], head], [PROSE[-2], head]]
    texts, flags = run_flags(pages(*[(top, []) for top in tops]), rules)
    assert texts.count(head) == 2
    assert [kind for _, kind in flags] == ["uncertain_furniture"] * 2


def _long_book(chapter_pages: dict[int, tuple[str, list[str]]], n: int = 100) -> str:
    """``n`` form-fed pages of distinct prose, each numbered at its top; ``chapter_pages``
    gives some of them a head and the lines between the number and it."""
    words = " ".join(PROSE).split()
    pages_ = []
    for p in range(n):
        lines = [" ".join(words[(p * 53 + k * 11 + j) % len(words)] for j in range(10))
                 for k in range(8)]
        head, above = chapter_pages.get(p, ("", []))
        top = [*above, head] if head else []
        pages_.append("\n".join([str(p + 1), *top, *lines]))
    return "\n\f".join(pages_) + "\n"


def test_a_chapters_verso_head_on_a_few_pages_goes_where_the_contents_names_it(
        rules: RuleSet) -> None:
    """reledmac's verso heads name their chapter on three pages of a 100-page manual, fewer
    than the share a running head needs; every other page, and the chapter's title in the
    contents ('6 Apparatus commands'), say it is one. A head on consecutive pages (a long
    table's) or one the contents does not name stays."""
    verso = {p: ("Apparatus commands", []) for p in (40, 42, 44)}
    table = {p: ("Feature name and setting", []) for p in (61, 62, 63)}
    text = _long_book(verso | table)
    text = "Contents\n6 Apparatus commands 41\n7 Apparatus customization 47\n" + text
    texts, _, _ = run(text, rules)
    assert "Apparatus commands" not in texts
    assert texts.count("Feature name and setting") == 3
    assert "6 Apparatus commands 41" in texts
    unnamed = _long_book(verso)
    assert run(unnamed, rules)[0].count("Apparatus commands") == 3


def test_a_learned_head_under_one_word_margin_notes_goes(rules: RuleSet) -> None:
    """pdftotext reads reledmac's margin notes (a code line's number, a macro's name) with
    the page's head: 'Line counting' comes fifth, under '108' and '912' / '913' / '914'. A
    head learned on other pages goes from there; under a line of text it stays."""
    heads = {p: ("Line counting", []) for p in range(20, 60, 2)}
    heads[30] = ("Line counting", ["912", "913", "\\page@num"])
    heads[32] = ("Line counting", ["912", "An ordinary line of text stands above it.", "913",
                                   "914"])
    texts, _, _ = run(_long_book(heads), rules)
    assert texts.count("Line counting") == 1
    assert "912" in texts and "\\page@num" in texts


def test_a_heads_pieces_among_margin_notes_go(rules: RuleSet) -> None:
    """pdftotext sets reledmac's head in pieces among margin notes ('132' / 'VI' / '1736' /
    'Marking text for notes'), each section's on a few pages: the pieces under the page's
    number go where the same label and title recur. A body heading whose title recurs under
    other numbers ('9.18.3' / 'Member Function Documentation'), a title on two pages only,
    and pieces under a line of text stay."""
    sections = ["Marking text for notes", "Line counting", "Critical footnotes",
                "Familiar footnotes"]
    heads = {20 + 8 * k + j: (title, [f"{'VI' if k % 2 else 'XIII.6'}", str(1736 + j)])
             for k, title in enumerate(sections) for j in range(0, 8, 2)}
    heads |= {p: ("Member Function Documentation", [f"9.{p}.3"]) for p in (60, 62, 64)}
    heads |= {p: ("Fragebogen", ["www.energiespargemeinde.at"]) for p in (80, 81)}
    heads[42] = ("Critical footnotes", ["XIII.6", "An ordinary line of text stands above it."])
    texts, _, _ = run(_long_book(heads), rules)
    assert texts.count("Marking text for notes") == texts.count("Line counting") == 0
    assert texts.count("Critical footnotes") == 1
    assert texts.count("Member Function Documentation") == 3
    assert texts.count("Fragebogen") == 2
    assert "1736" in texts and "An ordinary line of text stands above it." in texts


def test_a_page_number_under_the_heads_pieces_goes(rules: RuleSet) -> None:
    """pdftotext may set the page's number under the head's pieces and a section's label
    ('XXI.3' / 'For critical footnotes' / 'XXI.3.2' / '253'), past the page's edge zone: a
    bare number exactly in step with the pages goes from there. A note's label under the
    notes' addresses at the foot ('7' / 'http://...' / 'http://...' / the journal's foot)
    is no page number, even where it equals one."""
    words = " ".join(PROSE).split()
    out = []
    for p in range(40):
        lines = [" ".join(words[(p * 53 + k * 11 + j) % len(words)] for j in range(10))
                 for k in range(8)]
        top = [str(p + 1)]
        if p % 5 == 2:
            top = ["XXI.3", "For critical footnotes", f"XXI.3.{p}", str(p + 1)]
        foot = ["MNRAS 000, 1-10 (2020)"]
        if p == 31:
            top = []
            foot = [str(p + 1), "http://jabref.sourceforge.net/", "http://adsabs.harvard.edu",
                    *foot]
        out.append("\n".join([*top, *lines, *foot]))
    texts, _, _ = run("\n\f".join(out) + "\n", rules)
    assert not any(str(p + 1) in texts for p in range(40) if p != 31)
    assert "32" in texts


def test_a_line_more_often_inside_the_pages_than_at_their_edges_is_body(
        rules: RuleSet) -> None:
    """Doxygen's 'Parameters' opens each member's list: at the top of a page now and then,
    on more pages than a running head needs, but twice as often inside the pages. It stays;
    the running head over every page still goes."""
    words = " ".join(PROSE).split()
    out = []
    for p in range(40):
        lines = [" ".join(words[(p * 53 + k * 11 + j) % len(words)] for j in range(10))
                 for k in range(8)]
        top = ["SISCone Reference Manual"] + (["Parameters"] if p % 4 == 1 else [])
        out.append("\n".join([*top, *lines[:3], "Parameters", *lines[3:6], "Parameters",
                              *lines[6:], str(p + 1)]))
    texts, _, _ = run("\n\f".join(out) + "\n", rules)
    assert texts.count("Parameters") == 90
    assert texts.count("SISCone Reference Manual") == 1  # (the title page's)


def test_a_foot_on_nearly_every_page_goes_where_the_extractor_set_it(rules: RuleSet) -> None:
    """pdftotext reads 'Generated by Doxygen' after a listing's first column, lines from
    the foot, on a few of a manual's pages: learned on nearly every page, it goes from
    inside those too. A page that quotes it twice keeps both."""
    words = " ".join(PROSE).split()
    out = []
    for p in range(30):
        lines = [" ".join(words[(p * 53 + k * 11 + j) % len(words)] for j in range(10))
                 for k in range(8)]
        foot = ["Generated by Doxygen", str(p + 1)]
        if p in (7, 19):
            lines.insert(3, foot.pop(0))
            if p == 19:
                lines.insert(6, "Generated by Doxygen")
        out.append("\n".join(["SISCone Reference Manual", *lines, *foot]))
    texts, _, _ = run("\n\f".join(out) + "\n", rules)
    assert texts.count("Generated by Doxygen") == 2


def test_a_heading_that_reads_as_a_head_set_inside_its_page_stays(rules: RuleSet) -> None:
    """A report's one long chapter: its head '3 Results' stands on most pages, and its
    opening page, which has no head, sets the heading '3 Results' inside the page. A foot
    the extractor set inside a page goes; the heading stays."""
    words = " ".join(PROSE).split()
    out = []
    for p in range(12):
        lines = [" ".join(words[(p * 53 + k * 11 + j) % len(words)] for j in range(10))
                 for k in range(8)]
        top, foot = ["3 Results"], ["Open Infrastructure Report No. 125", str(p + 1)]
        if p == 2:
            top = []
            lines.insert(5, "3 Results")
        if p == 7:
            lines.insert(4, foot.pop(0))
        out.append("\n".join([*top, *lines, *foot]))
    texts, _, _ = run("\n\f".join(out) + "\n", rules)
    assert texts.count("3 Results") == 2  # (the title page's top, and the heading)
    assert texts.count("Open Infrastructure Report No. 125") == 0


def test_a_cut_head_is_cut_inside_a_word_or_at_its_end() -> None:
    """A head the extraction cut short is like its start; a word that runs on where the
    head's word ends is another line (Doxygen's 'Namespaces' list under the head
    'Namespace Documentation')."""
    assert furniture._similar("namespace docum", "namespace documentation", 85)
    assert furniture._similar("narnespace documen", "namespace documentation", 85)
    assert not furniture._similar("namespaces", "namespace documentation", 85)


def test_a_title_at_page_tops_that_fills_the_pages_is_no_section_head(rules: RuleSet) -> None:
    """Doxygen's 'Functions' opens a list at the top of neighbouring pages, as a head that
    changes with the section would, but stands inside the pages many times more: it stays.
    The heads that do change with the section go."""
    words = [w.strip(".,;:()") for w in " ".join(PROSE).split() if len(w) > 6]
    titles = {p: " ".join(words[p * 3:p * 3 + 3]).title() for p in range(10, 30)}
    heads = {p: (titles[p // 2], []) for p in range(20, 60)}
    heads |= {p: ("Functions", []) for p in (30, 32, 34)}
    text = _long_book(heads, n=70)
    pages_ = text.split("\f")
    for p in range(36, 70):
        lines = pages_[p].split("\n")
        pages_[p] = "\n".join([*lines[:4], "Functions", *lines[4:]])
    texts, _, _ = run("\f".join(pages_), rules)
    assert texts.count("Functions") == 37
    assert not any(titles[k] in texts for k in range(10, 30) if k not in (15, 16, 17))


def test_a_running_heads_cut_short_half_on_its_own_line_goes(rules: RuleSet) -> None:
    """The Debian FAQ's head in pdftotext's order: the chapter half, then the section half
    cut short by the typesetter ('CHAPTER 4. COMPATIBILITY ISSUES' / '4.2. WHAT KERNELS
    DOES DEBIAN …'), the section's heading later on the page. Under the half that goes, the
    cut half that mirrors a heading goes too; a line cut short that mirrors nothing stays,
    and so does the heading. A subsection's number left in the margin may stand between the
    halves ('4.2.11'), and a section running on has the same cut half on its next page, with
    no heading there."""
    chapters = ["DEFINITIONS AND OVERVIEW", "GETTING AND INSTALLING", "COMPATIBILITY ISSUES",
                "SOFTWARE AVAILABLE", "THE DEBIAN ARCHIVES"]
    out = ["The Debian GNU/Linux FAQ\n\nAuthors"]  # (a title page's top is never a head)
    for p in range(10):
        n, k = min(p // 2 + 1, 5), p % 2 + 1 if p < 8 else 1
        cut = f"{n}.{k}. WHAT KERNELS DOES DEBIAN …" if p != 5 else f"{n}.{k}. A LINE CUT …"
        heading = [f"{n}.{k} What kernels does Debian GNU/Linux run?", ""] if p != 9 else []
        margin = ["4.2.11", ""] if p == 8 else []
        out.append("\n".join([f"CHAPTER {n}. {chapters[n - 1]}", "", *margin, cut, "",
                              *body(p % 8)[:2], "", *heading, *body(p % 8)[2:], "",
                              str(p + 1)]))
    texts, _, _ = run("\n\f".join(out) + "\n", rules)
    assert not any(t.startswith("CHAPTER") for t in texts)
    assert not any("WHAT KERNELS" in t for t in texts)
    assert "3.2. A LINE CUT …" in texts and "4.2.11" in texts
    assert sum("What kernels does Debian" in t for t in texts) == 9
    assert all(line in texts for p in range(8) for line in body(p))


def test_a_head_whose_number_stands_apart_mirrors_its_heading(rules: RuleSet) -> None:
    """pdftotext sets a head's number on a line of its own ('6.7' / 'Changing series', then
    the section's heading '6.7' / 'Changing series' on the same page): number and title go
    where they mirror a heading, as a head in one line does; the heading stays, and so does
    a numbered title at a page's top that mirrors none."""
    titles = ["Changing series", "Repeating stanza indents", "Footnote formats",
              "Series setting", "User level commands"]
    heads = {20 + 3 * k: (title, [f"6.{k + 1}"]) for k, title in enumerate(titles)}
    heads[40] = ("Lonely title", ["7.1"])
    text = _long_book(heads, n=50)
    pages_ = text.split("\f")
    for k, title in enumerate(titles):
        lines = pages_[20 + 3 * k].split("\n")
        pages_[20 + 3 * k] = "\n".join([*lines[:6], f"6.{k + 1}", title, *lines[6:]])
    texts, _, _ = run("\f".join(pages_), rules)
    assert all(texts.count(title) == 1 and texts.count(f"6.{k + 1}") == 1
               for k, title in enumerate(titles))
    assert "7.1" in texts and "Lonely title" in texts


def test_a_chapter_head_seen_once_mirrors_its_chapters_opening(rules: RuleSet) -> None:
    """The Debian FAQ's short chapter 2 has its head on one page only ('CHAPTER 2. GETTING
    AND INSTALLING …', cut short): it repeats nothing, but it names the chapter that opened
    a page before ('Chapter 2' / 'Getting and installing Debian GNU/Linux'), as the other
    chapters' heads do. The opening stays."""
    titles = ["Definitions and overview of the project", "Getting and installing Debian "
              "GNU/Linux", "Choosing a Debian distribution today", "Compatibility issues "
              "with other systems", "Software available in the Debian system"]
    out, n = ["The Debian GNU/Linux FAQ\n\nAuthors"], 0
    for c, title in enumerate(titles, start=1):
        out.append("\n".join([f"Chapter {c}", "", title, "", *body(n % 8)[:3], "", str(n + 1)]))
        n += 1
        for _ in range(1 if c == 2 else 2):  # (too few pages to learn a head from)
            head = f"CHAPTER {c}. {' '.join(title.upper().split()[:3])} …"
            out.append("\n".join([head, "", *body(n % 8)[:4], "", str(n + 1)]))
            n += 1
    out += [f"{body(p % 8)[0]}\n\n{p + 1}" for p in range(n, 80)]  # an index's pages
    texts, _, _ = run("\n\f".join(out) + "\n", rules)
    assert not any(t.startswith("CHAPTER") for t in texts)
    assert all(f"Chapter {c}" in texts and title in texts
               for c, title in enumerate(titles, start=1))


def test_a_head_that_opens_like_the_learned_heads_goes(rules: RuleSet) -> None:
    """A word processor's header: the report's title, then the section's name, joined on one
    line by pypdf ('Beyond Keeping Everything that 2. July 2014: Peter Miller died'). Heads
    of sections that run over several pages are learned; a section of one page gives its
    head once. It opens with the words the learned heads share, and goes; a line that only
    shares a word or two with them stays."""
    title = "Beyond Keeping Everything that"
    heads = {p: (f"{title} 2. July 2014: Peter Miller died", []) for p in range(10, 15)}
    heads |= {p: (f"{title} 10. Sending fixes upstream", []) for p in range(15, 20)}
    heads[20] = (f"{title} 33. Personal Acknowledgments from Roland", [])
    heads[21] = ("Beyond the Sea and far away from home", [])
    texts, _, _ = run(_long_book(heads), rules)
    assert not any(t.startswith(title) for t in texts)
    assert "Beyond the Sea and far away from home" in texts


def test_a_contents_entry_at_a_page_edge_does_not_make_its_heading_a_head(
        rules: RuleSet) -> None:
    """abnTeX2: the contents' last line 'ANEXO C – FUSCE FACILISIS LACINIA DUI . . . 79'
    ends its page, and the annex opens a page with its heading: two page edges with the same
    words, but leaders mark a contents entry, never a running head. The heading stays."""
    entry = "ANEXO C – FUSCE FACILISIS LACINIA DUI . . . . . . . . . . . . . . . . 79"
    heading = "ANEXO C – Fusce facilisis lacinia dui"
    texts, _, removed = run(pages(([], []), ([], [entry]), ([], []), ([heading], []),
                                  ([], [])), rules)
    assert heading in texts and entry in texts and not removed


def test_a_table_header_that_starts_under_a_pages_text_stays(rules: RuleSet) -> None:
    """pdftotext's Padauk manual: the feature table starts under page 2's first line, its
    header three lines ('Feature Name' / 'Graphite OpenType' / 'Feature ID Feature ID'), and
    opens each page it runs over. The form feeds give the pages: a running head never stands
    in its order under a page's own text. The header stays (flagged); the date and the page
    number at the foot go."""
    head = ["Feature Name", "Graphite OpenType", "Feature ID Feature ID"]
    intro = "The following font features are available in Padauk, with the characters."
    pages_ = ["\n".join([*body(0), "", "17 June 2021", "Page 1"])]
    for p in range(1, 5):
        top = [intro, *head] if p == 1 else head
        rows = [f"Variant {p}{k} of the letters cv0{k} or ss0{k}" for k in range(8)]
        pages_.append("\n".join([*top, "", *rows, "", "17 June 2021", f"Page {p + 1}"]))
    texts, flags = run_flags("\f".join(pages_) + "\f", rules)
    assert all(texts.count(line) == 4 for line in head)
    assert "17 June 2021" not in texts and not any(t.startswith("Page ") for t in texts)
    assert {kind for _, kind in flags} == {"uncertain_furniture"}


def test_a_source_listings_head_names_its_file(rules: RuleSet) -> None:
    """Doxygen heads the pages of a source listing with the file's section: '5.9 area.cpp'
    over the two pages of area.cpp, '5.10 area.h' over the next; a file name, lower case,
    is a head's shape there. The code under them stays."""
    names = ["area.cpp", "area.h", "geom_2d.cpp", "geom_2d.h", "hash.cpp", "hash.h",
             "momentum.cpp", "momentum.h", "quadtree.cpp", "quadtree.h", "ranlux.cpp",
             "ranlux.h", "reference.cpp", "reference.h", "siscone.cpp", "siscone.h"]
    # (Seventy pages: a head on two of them is too rare to be learned as a running head.)
    files = [f"5.{n} {name}" for n, name in enumerate(names, start=8) for _ in range(2)]
    files += [f"5.{len(names) + 8} vicinity.cpp"] * 40
    pages_ = ["\n".join(["SISCone Reference Manual", "", *body(0)])]
    for p, head in enumerate(files):
        code = [f"{p * 10 + k:05d} int value_{p}_{k} = compute({k});" for k in range(10)]
        pages_.append("\n".join([head, "", *code, "", "Generated by Doxygen", str(180 + p)]))
    texts, _, _ = run("\f".join(pages_) + "\f", rules)
    assert not any(t in files for t in texts)
    assert all(f"{p * 10 + k:05d} int value_{p}_{k} = compute({k});" in texts
               for p in range(len(files)) for k in range(10))


def test_a_contents_entry_without_leaders_and_its_heading_are_no_head(rules: RuleSet) -> None:
    """KOMA's contents set a chapter's entry without leaders ('16 Configuring Multidisk
    Devices (Software RAID) 26', its sections' entries under it); at a page's top it and the
    chapter's heading on the chapter's first page are two page edges with the same words.
    An entry followed by another entry is a contents line: neither goes."""
    entry = "16 Configuring Multidisk Devices (Software RAID) 26"
    heading = "16 Configuring Multidisk Devices (Software RAID)"
    contents = ([entry, "16.1 Configuring the Logical Volume Manager . . . . . . 26",
                 "16.2 Setting Up Encrypted Partitions . . . . . . . . 27"], [])
    texts, _, removed = run(pages(([], []), contents, ([], []), ([heading], []), ([], [])),
                            rules)
    assert entry in texts and heading in texts and not removed


def test_a_title_page_that_repeats_the_cover_is_no_running_head(rules: RuleSet) -> None:
    """abnTeX2 and groff's manuals: the cover's title block is set again on the title page
    (title over 'by' over author, the place and year at the foot), and again on an approval
    sheet. Seen at the top of three pages it looks like a running head; it is the title block
    again, and stays. A running head that repeats the title runs on over the later pages."""
    cover = ["Using Automake in the Groff project", "by", "Bertrand Garrigues"]
    foot = ["Brasil", "2018, v-1.9.7"]
    head = "Annals of Build Systems"
    text = pages((cover, foot), ([*cover, "Permission is granted to copy it."], foot),
                 ([*cover, "Approved by the committee."], []),
                 *(([head], []) for _ in range(5)))
    texts, _, removed = run(text, rules)
    assert texts.count("Using Automake in the Groff project") == 3
    assert texts.count("by") == 3 and texts.count("Brasil") == 2
    assert head not in texts and set(removed.values()) == {"furniture.learned"}


def test_a_running_footer_of_several_lines_also_on_the_first_page_goes(rules: RuleSet) -> None:
    """SIL's font documents: a footer of three lines (title, date, page number) stands on
    every page, the first too. It is a block repeated from the first page, but it runs on
    over the later pages: a running footer, not a title page."""
    foot = ["Font Features for Scheherazade 2.100", "August 19, 2015"]
    text = pages(*(([], [*foot, f"Page {p}"]) for p in range(1, 9)))
    texts, _, _ = run(text, rules)
    assert not any(t.startswith(("Font Features", "August 19")) for t in texts)


def test_a_line_signed_with_the_title_is_no_running_head(rules: RuleSet) -> None:
    """A page's foot that repeats the title goes ('The GAP Group'); the preface's signature
    there, its sentence going on ('The GAP Group,' over its date), stays."""
    for foot, kept in ((["The GAP Group"], False), (["The GAP Group,", "2022-10-20"], True)):
        head = ["Computing with Groups: A Tutorial"]
        text = pages((["The GAP Group", "A Tutorial"], []), *[(head, [])] * 4, (head, foot),
                     (head, []))
        texts, _, removed = run(text, rules)
        assert (foot[0] in texts[3:]) is kept, (foot, removed)
        assert not any(t == head[0] for t in texts)
