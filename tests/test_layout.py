"""layout: pages from form feeds, stamps and steady furniture; footnote blocks and their ends."""

from __future__ import annotations

from cleanup import layout
from cleanup.document import Document
from cleanup.rules import RuleSet
from cleanup.stages import normalize, watermarks


def analyse(text: str, rules: RuleSet) -> tuple[Document, layout.Layout]:
    doc, _ = normalize.run(Document.from_text(text), rules)
    doc, _ = watermarks.run(doc, rules)
    return doc, layout.analyse(doc, rules)


def zones(doc: Document) -> dict[int, tuple[int, str]]:
    return {ln.no: (ln.page, ln.zone) for ln in doc.lines if not ln.blank}


def test_block_ends_where_the_next_pages_text_run_starts(rules: RuleSet) -> None:
    text = ("Afghan ruler agreed to the line.2 The dispute has marred relations.\n"
            " \n \n"
            "1 Crisis Group telephone interviews, former Pakistan ambassador, January 2021.\n"
            "2 The 1893 agreement between Mortimer Durand and the Emir demarcated the border\n"
            "between colonial India and Afghanistan.\n"
            " particularly close ties to Taliban founder Mullah Mohammad Omar.3\n"
            "Deobandi madrasa networks were a source of recruits.4\n")
    doc, found = analyse(text, rules)
    assert zones(doc) == {1: (0, "body"), 4: (0, "notes"), 5: (0, "notes"), 6: (0, "notes"),
                          7: (1, "body"), 8: (1, "body")}
    (block,) = found.blocks
    assert block.starts == [(1, 4), (2, 5)] and block.inferred_end


def test_a_lost_start_inside_a_block_does_not_end_it(rules: RuleSet) -> None:
    text = ("body text.53\n \n \n53 A footnote that runs on and\n"
            " and Sanctions Monitoring Team submitted pur-\n"
            "54 Crisis Group Report, op. cit.\n55 Crisis Group interview.\n")
    doc, found = analyse(text, rules)
    assert [z for _, z in zones(doc).values()] == ["body"] + ["notes"] * 4
    assert [n for n, _ in found.blocks[0].starts] == [53, 54, 55]


def test_numbers_out_of_sequence_continue_the_footnote(rules: RuleSet) -> None:
    text = "body.16\n \n \n16\n\n14 March 2020.\n30 July 2015.\n17 Next note.\n"
    _, found = analyse(text, rules)
    assert [n for n, _ in found.blocks[0].starts] == [16, 17]


def test_rule_separator_and_page_end_at_stamp(rules: RuleSet) -> None:
    text = ("text ends\n______________________\n1 Changed in version 3.8.\n\n        108\n\n"
            "This content downloaded from 80.8.205.169 on Thu, 12 Dec 2013 03:09:15 AM\n"
            "All use subject to JSTOR Terms and Conditions\n\nnext page text\n")
    doc, found = analyse(text, rules)
    z = zones(doc)
    assert z[3] == (0, "notes") and z[5] == (0, "notes") and z[10] == (1, "body")
    assert not found.blocks[0].inferred_end


def test_pages_from_steady_running_furniture(rules: RuleSet) -> None:
    body = "\n".join(f"line {i} of the body text of this report" for i in range(20))
    text = "\n".join(f"{body}\n\n- {p} -\n\nWorking Paper 2019/04\n" for p in range(1, 6))
    doc, found = analyse(text, rules)
    assert doc.page_count == 5
    assert found.known_starts >= {1, 2, 3, 4}


def test_a_table_header_recurring_at_unsteady_intervals_marks_no_pages(rules: RuleSet) -> None:
    # A font manual with no page numbers: one table's header recurs 12, 24 and 99 lines
    # apart (the tables are of different lengths). That is no page length; "the last page may
    # be short" must not discount the long last gap either.
    def table(rows: int) -> str:
        return "Feature Sample Feature\n" + "\n".join(
            f"Standard glyph row {r} of the feature table" for r in range(rows))
    prose = "\n".join(f"line {i} of the prose between the tables" for i in range(30))
    text = "\n".join([prose, table(11), table(23), table(98), table(5), prose]) + "\n"
    doc, _ = analyse(text, rules)
    assert doc.page_count == 1
    assert doc.learned["structure"]["page_evidence"] == {}


def test_numbering_that_restarts_per_chapter(rules: RuleSet) -> None:
    text = ("chapter one ends.2\n \n \n1 First note.\n2 Second note.\n\n"
            "This content downloaded from 1.2.3.4 on Tue, 08 Feb 2022 02:22:36 UTC\n\n"
            "Chapter two starts.1\n \n \n1 A new first note.\n")
    _, found = analyse(text, rules)
    assert [[n for n, _ in b.starts] for b in found.blocks] == [[1, 2], [1]]


def test_sentence_end_does_not_backtrack_on_long_digit_runs() -> None:
    """A full stop followed by a long run of digits (a pypdf table row, a hash) once took
    seconds per line: the digit groups are possessive now."""
    import time

    from cleanup.layout import SENTENCE_END

    started = time.perf_counter()
    assert SENTENCE_END.search("total. " + "1" * 26 + " x") is None
    assert time.perf_counter() - started < 0.5
    assert SENTENCE_END.search("ends here. 12") and SENTENCE_END.search("ends.[^1][^2]")


def test_folio_candidates_take_only_plain_digits() -> None:
    """'2⁴' is a digit string to str.isdigit but no page number (it crashed int())."""
    from cleanup.document import Document
    from cleanup.structure import folios

    doc = Document.from_text("Power of two 2⁴\nIntroduction 7\n12 Chapter One\n- 9 -\nxii\n")
    found = [(f.value, f.form) for f in folios.candidates(doc.lines)]
    assert found == [(7, "end"), (12, "start"), (9, "alone"), (12, "alone")]


def test_pages_from_page_numbers_despite_a_stray_form_feed(rules: RuleSet) -> None:
    page = "\n".join(f"line {i} of the body text of this manual goes on" for i in range(60))
    pages = [f"Chapter Title {p}\n{page}" for p in range(1, 13)]
    pages[5] = pages[5].replace("line 7 of", "\fline 7 of")
    doc, _ = analyse("\n".join(pages), rules)
    assert doc.page_count == 12


def test_sentence_case_heads_beside_page_numbers_only_where_they_recur() -> None:
    """Sphinx sets "32 Chapter 5. Control files and their fields"; a note opens the same way
    ("7 In an interview with officials"), but its words do not come back page after page."""
    from cleanup.structure import folios

    body = "\n".join(f"body line {k} of the page goes on." for k in range(12))
    doc = Document.from_text(f"32 Chapter 5. Control files and their fields\n{body}\n"
                             f"7 In an interview with officials\n{body}\n"
                             f"34 Chapter 5. Control files and their fields\n{body}\n"
                             "5.3. Binary package control files 33\n")
    found = [(f.value, f.form, f.sentence) for f in folios.candidates(doc.lines)]
    assert found == [(32, "start", True), (34, "start", True), (33, "end", True)]


def test_a_chain_is_searched_between_roman_front_matter_and_the_back_matter() -> None:
    """The best chain may be roman front matter plus the arabic pages after a gap in the
    numbers (20 to 55): the arabic run between them is a chain too."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on." for k in range(30)]
    pages = [[*body, r] for r in ("i", "ii", "iii", "iv", "v", "vi")]
    pages += [[*body, str(n)] for n in range(1, 21)]
    pages += [[*body, str(n)] for n in range(55, 101)]
    doc = Document.from_text("\n".join("\n".join(p) for p in pages))
    found = folios.chain(folios.candidates(doc.lines), len(doc.lines))
    assert [f.value for f in found if f.family == "arabic"][:3] == [1, 2, 3]
    assert len(found) == 6 + 20 + 46


def test_heads_ending_in_a_release_number_stand_beside_page_numbers() -> None:
    from cleanup.structure import folios

    doc = Document.from_text("Why3 Documentation, Release 1.5.1 5\n22.6. Version 4.5.0 149\n"
                             "Total 2019 2020 45\nInput size 64 256 1K\n")
    assert [(f.value, f.form) for f in folios.candidates(doc.lines)] == \
        [(5, "end"), (149, "end")]


def test_heads_with_the_page_count_and_chapter_numbered_heads_stand_beside_page_numbers() \
        -> None:
    """DocBook's "Guide 5 / 57" (the page of how many) and LaTeX's even-page head "12 1
    Introduction" (page number, then the chapter's number and title) are folios; a table row
    opening with two numbers, or a count past its total, is not."""
    from cleanup.structure import folios

    doc = Document.from_text("DebianNewMaintainers’Guide 5 / 57\n12 1 Introduction\n"
                             "Annual Report Page 3 of 20\n14 2.3 Package options\n"
                             "Guide 58 / 57\n12 14 apples and pears\n")
    assert [(f.value, f.form, f.head) for f in folios.candidates(doc.lines)] == \
        [(5, "end", "DebianNewMaintainers’Guide"), (12, "start", "1 Introduction"),
         (3, "end", "Annual Report"), (14, "start", "2.3 Package options")]


def test_a_section_head_named_again_in_the_contents_does_not_recur_as_a_running_head() \
        -> None:
    """mnras: the contents list "2 Obtaining the package", the text heads its section "2
    OBTAINING THE PACKAGE". Case folded they match, but a listing is no page edge: only the
    head that comes back page after page ("4 K. T. Smith") is weighed as a running head,
    and the chain is the page numbers, not the section numbers."""
    from cleanup.structure import folios

    sections = ["Introduction", "Obtaining the package", "Class options", "Title page",
                "Sections and lists", "Mathematics", "Figures and tables", "References"]
    lines = [f"{n} {t}" for n, t in enumerate(sections, 1)]
    body = [f"body line {k} of this page goes on." for k in range(40)]
    for n in range(1, 9):
        folio = f"{n} K. T. Smith" if n % 2 == 0 else f"Guide for authors {n}"
        lines += [folio, *body[:15], f"{n} {sections[n - 1].upper()}", *body[15:]]
    doc = Document.from_text("\n".join(lines))
    weights = {f.head: f.weight for f in folios.candidates(doc.lines)}
    # (A capitalised head that no other page repeats weighs least: it reads as a section's.)
    assert weights["OBTAINING THE PACKAGE"] == folios.SECTION_WEIGHT < 0.6
    assert weights["K. T. Smith"] == 0.9
    found = folios.chain(folios.candidates(doc.lines), len(doc.lines))
    # (Page 1's number, a few lines into the text, is taken for a list item: by design.)
    assert [f.head for f in found] == \
        [("K. T. Smith" if n % 2 == 0 else "Guide for authors") for n in range(2, 9)]


def test_author_heads_and_acm_article_pages_stand_beside_page_numbers() -> None:
    """ACM journals head even pages "111:2 Trovato et al." (article 111, page 2): the page
    is the number after the colon, and "et al." ends no sentence."""
    from cleanup.structure import folios

    body = "\n".join(f"body line {k} of the page goes on." for k in range(12))
    doc = Document.from_text(f"111:2 Trovato et al.\n{body}\nThe Name of the Title Is Hope "
                             f"111:5\n{body}\n111:6 Trovato et al.\n{body}\nSmith et al. 7\n"
                             f"{body}\nAs shown by Smith et al.\n")
    assert [(f.value, f.form, f.head) for f in folios.candidates(doc.lines)] == \
        [(2, "start", "Trovato et al."), (5, "end", "The Name of the Title Is Hope"),
         (6, "start", "Trovato et al."), (7, "end", "Smith et al.")]


def test_an_acm_papers_capitalised_section_headings_do_not_outrun_its_page_numbers() -> None:
    """An ACM paper (acmart's acmsmall in pypdf, line for line) numbers its sections "3
    MODIFICATIONS", "4 TYPEFACES", some a few lines apart and more of them than its pages;
    its pages are "111:N" beside a head that recurs. A number before a capitalised head that
    no other page repeats is as likely a section's, and weighs less: the chain is the pages',
    and the headings stay body."""
    from cleanup.structure import folios

    sections = {22: "INTRODUCTION", 85: "MODIFICATIONS", 92: "TYPEFACES", 103: "AUTHORS",
                123: "RIGHTS INFORMATION", 146: "CCS CONCEPTS", 157: "SECTIONING COMMANDS",
                189: "MATH EQUATIONS", 224: "FIGURES", 255: "CITATIONS", 283: "ACKNOWLEDGMENTS",
                297: "APPENDICES", 304: "MULTI-LANGUAGE PAPERS", 317: "SIGCHI ABSTRACTS"}
    # (The numbers are the 1-based lines of the paper's text; the indices below are 0-based.)
    sections = {line - 1: title for line, title in sections.items()}
    numbers = dict(zip(sections, [1, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17],
                       strict=True))
    pages = {46 + 44 * (k - 2): k for k in range(2, 10)}
    lines = []
    for i in range(420):
        if i in sections:
            lines.append(f"{numbers[i]} {sections[i]}")
        elif i in pages:
            k = pages[i]
            lines.append(f"111:{k} Trovato et al." if k % 2 == 0
                         else f"The Name of the Title Is Hope 111:{k}")
        else:
            lines.append(f"body line {i} of the paper goes on with its text.")
    doc = Document.from_text("\n".join(lines) + "\n")
    chained = folios.chain(folios.candidates(doc.lines), len(doc.lines))
    assert [f.value for f in chained] == list(range(2, 10))


def test_a_shortened_head_ending_in_etc_stands_beside_its_page_number() -> None:
    """hagenberg's running head shortens its chapter's title: "5. Mathem. Formeln etc. 36".
    The point of "etc." ends no sentence, as "et al." does not; a note ending so ("3 Ibid.")
    is still no head."""
    from cleanup.structure import folios

    doc = Document.from_text("5. Mathem. Formeln etc. 36\n3 Ibid.\n12 See the report, p. 4.\n")
    assert [(f.value, f.form, f.head) for f in folios.candidates(doc.lines)] == \
        [(36, "end", "5. Mathem. Formeln etc.")]


def test_pages_of_figures_short_in_text_keep_their_running_head_in_the_chain() -> None:
    """Texinfo's "Chapter 1: Installing 3": pages of screenshots have a few lines of text
    each, far less than the document's page; the same head beside numbers one apart still
    makes each a page."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on." for k in range(40)]
    lines: list[str] = []
    for n in range(1, 13):
        short = n in (4, 5, 6)
        lines += [*(body[:4] if short else body), f"Chapter 1: Installing {n}"]
    doc = Document.from_text("\n".join(lines))
    found = folios.chain(folios.candidates(doc.lines), len(doc.lines))
    assert [f.value for f in found] == list(range(1, 13))


def test_a_blank_page_between_two_numbered_pages_is_a_page() -> None:
    """Sphinx in pypdf's order: body, the foot number, the next page's constant head. A blank
    verso page is only its head and its number, two lines: too short for a link of the
    chain, but its number stands where a page would, and the chapter opening after it is a
    page of its own."""
    body = [f"body line {k} of this page goes on and on." for k in range(35)]
    pages = []
    for n in range(1, 13):
        if n == 6:
            pages.append(["Manual, Release 4.6", f"{n} Chapter 1. Scope"])
        elif n == 7:
            pages.append(["CHAPTER", "TWO", *body, str(n)])
        else:
            pages.append(["Manual, Release 4.6", *body, f"{n} Chapter 1. Scope"])
    text = "\n".join("\n".join(p) for p in pages)
    true_starts = [1 + sum(len(p) for p in pages[:k]) for k in range(1, 12)]
    from cleanup.pipeline import clean_text
    from cleanup.rules import load_rules

    found = clean_text(text, load_rules()).report.page_starts
    assert all({s - 1, s, s + 1} & set(found) for s in true_starts), (true_starts, found)


def test_chapter_openings_start_pages(rules: RuleSet) -> None:
    """A book's chapter opens a page ("Chapter 2", Sphinx's "CHAPTER" / "TWO"); a line that
    only names a chapter inside a sentence does not."""
    body = "\n".join(f"line {i} of the body text of this chapter" for i in range(20))
    text = (f"Chapter 1\nBeginnings\n{body}\nas said in\nChapter 2\nof the book.\n{body}\n"
            f"Chapter 2\nMiddles\n{body}\nCHAPTER\nTHREE\nENDINGS\n{body}\n")
    doc, _ = analyse(text, rules)
    starts = [ln.no for i, ln in enumerate(doc.lines) if i and ln.page != doc.lines[i - 1].page]
    assert [doc.lines[0].text] + [doc.lines[n - 1].text for n in starts] == \
        ["Chapter 1", "Chapter 2", "CHAPTER"]


def test_a_rule_file_names_a_languages_chapter_words(rules: RuleSet) -> None:
    """The chapter words are the page sequence rule's: a Dutch manual's "Hoofdstuk 2" opens a
    page once the rule lists "hoofdstuk" (the shipped rule knows German's "Kapitel")."""
    body = "\n".join(f"Regel {i} van de tekst in dit hoofdstuk" for i in range(20))
    text = (f"Hoofdstuk 1\nBegin\n{body}\nHoofdstuk 2\nMidden\n{body}\nHoofdstuk 3\nEinde\n"
            f"{body}\n")
    doc, _ = analyse(text, rules)
    assert len({ln.page for ln in doc.lines}) == 1
    german, _ = analyse(text.replace("Hoofdstuk", "Kapitel"), rules)
    assert len({ln.page for ln in german.lines}) == 3
    rule = rules.for_stage("furniture", "page_sequence")[0]
    words = rule.options["chapter_words"]
    rule.options["chapter_words"] = [*words, "hoofdstuk"]
    try:
        doc, _ = analyse(text, rules)
    finally:
        rule.options["chapter_words"] = words
    assert len({ln.page for ln in doc.lines}) == 3


def test_the_report_gives_the_page_structure_a_confidence(rules: RuleSet) -> None:
    """Pages from the page-number sequence are trusted less than form feeds; a long text in
    which no page was found has confidence 0; pages missed lower it."""
    body = [f"body line {k} of this page goes on and on." for k in range(35)]
    numbered = "\n".join("\n".join([*body, str(n)]) for n in range(1, 11))
    doc, _ = analyse(numbered, rules)
    s = doc.learned["structure"]
    assert s["page_evidence"] == {"page-number sequence": 9} and s["pages_implied_by_numbers"] == 10
    assert 0.9 <= s["confidence"] < 1.0
    fed, _ = analyse("\f".join("\n".join([*body, str(n)]) for n in range(1, 11)), rules)
    assert fed.learned["structure"]["confidence"] == 1.0
    doc, _ = analyse("\n".join(body * 10), rules)
    assert doc.learned["structure"]["confidence"] == 0.0
    gaps = "\n".join("\n".join([*body, str(n)]) for n in [*range(1, 6), *range(15, 21)])
    doc, _ = analyse(gaps, rules)
    assert doc.learned["structure"]["confidence"] < 0.75


def test_a_capitalised_head_whose_end_changes_goes_with_its_page_number() -> None:
    """pypdf sets DocBook's head beside the number, mid-page: "1" / "CHAPTER 1. DEFINITIONS
    AND OVERVIEW 1.3. OK, NOW I KNOW …". Its first words recur beside the numbers; the rest
    changes with the section."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on and on." for k in range(30)]
    heads = ["CHAPTER 1. DEFINITIONS 1.3. OK, NOW I KNOW …", "CHAPTER 1. DEFINITIONS 1.6. HOW",
             "CHAPTER 2. GETTING IT 2.3. WHERE CAN I …", "CHAPTER 3. CHOOSING 3.1. WHICH …",
             "CHAPTER 3. CHOOSING 3.2. BUT WHAT ABOUT …"]
    lines = []
    for n, head in enumerate(heads, start=1):
        lines += [*body[:25], str(n), head, *body[25:]]
    doc = Document.from_text("\n".join(lines))
    found = folios.boundaries(doc.lines, folios.chain(folios.candidates(doc.lines),
                                                      len(doc.lines)))
    assert [len(b.furniture) for b in found] == [2] * 5


def test_a_head_split_by_pdftotext_goes_with_its_page_number(rules: RuleSet) -> None:
    """pdftotext sets a LaTeX head's parts apart where a wide gap parts them: "5.4" /
    "Changing the line numbers" / "21" above the page's text. Where form feeds give the
    pages, what stands between a number and its page's edge goes with it, up to a line that
    does not look like a head's part (a definition line that a gap set beside the number)."""
    from cleanup.pipeline import clean_text
    from tests.conftest import SYNTHETIC

    prose = [ln.strip() for ln in (SYNTHETIC / "plain.txt").read_text(encoding="utf-8")
             .split("\n") if len(ln.strip()) > 60]
    pages = []
    for n in range(21, 27):
        body = prose[(n - 21) * 12:(n - 20) * 12]
        head = [f"5.{n - 20}", "Changing the line numbers", str(n)] if n % 2 else \
            [str(n), "5 Text lines and paragraphs numbering"]
        pages.append("\n".join([*head, *body]))
    pages[3] = pages[3].replace("24\n", "sb-ext:generation-bytes generation\n24\n", 1)
    out = clean_text("\n\f".join(pages) + "\n\f", rules).text
    words = out.split()
    assert "5.3" not in words and "5.5" not in words
    assert "sb-ext:generation-bytes generation" in out
    assert all(" ".join(line.split()[:6]) in out for line in prose[:72])


def test_numbering_that_restarts_a_thousand_times_is_no_crash() -> None:
    """A collection of short reports joined into one text, each numbered from 1: every run
    of page numbers is a stretch to search, and searching them by recursion went past
    Python's recursion limit (found by benchmarks/scaling.py)."""
    from cleanup.structure import folios

    page = [f"Line {k} of a page of text in a report of the collection." for k in range(6)]
    lines = []
    for _ in range(1100):
        for n in range(1, 6):
            lines += [*page, str(n)]
    doc = Document.from_text("\n".join(lines) + "\n")
    found = folios.chain(folios.candidates(doc.lines), len(doc.lines))
    assert len(found) > 1000 and all(1 <= f.value <= 5 for f in found)


def test_a_number_before_the_running_head_on_every_page_ends_its_page() -> None:
    """DocBook in pypdf's order: "... body / 12 / CHAPTER 1. SCOPE ... / body". The number
    comes before the head on every page: it is the foot of the page before, though the text
    after the last number (an index without numbers) is a page long, which alone says
    "head"."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on and on." for k in range(30)]
    lines = ["Title page", *body]
    for n in range(1, 9):
        lines += [str(n), f"CHAPTER 1. SCOPE 1.{n}. PART", *body]
    doc = Document.from_text("\n".join(lines))
    found = folios.boundaries(doc.lines, folios.chain(folios.candidates(doc.lines),
                                                      len(doc.lines)))
    assert {b.position for b in found} == {"foot"}
    assert [doc.lines[b.index].text for b in found][:2] == ["CHAPTER 1. SCOPE 1.1. PART",
                                                           "CHAPTER 1. SCOPE 1.2. PART"]


def test_bare_numbers_take_their_edge_from_the_headed_numbers_beside_them() -> None:
    """Texinfo sets the number in the head: "Chapter 1: Support 2" over most pages, the bare
    number over a chapter's first page. A bare number a page away from the headed numbers on
    both sides stands at their edge (the head); one right before the next page's head number
    (LaTeX's chapter opening, numbered at its foot) stands at the other."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on and on." for k in range(30)]

    def pages(bare_at_foot: bool) -> list[folios.Boundary]:
        lines = ["Title page", *body]
        for n in range(1, 13):
            if n % 4 == 1:  # a chapter's first page: a bare number
                lines += [*body, str(n)] if bare_at_foot else [str(n), *body]
            else:
                lines += [f"Chapter {n // 4 + 1}: Support {n}", *body]
        doc = Document.from_text("\n".join(lines + body))
        return folios.boundaries(doc.lines, folios.chain(folios.candidates(doc.lines),
                                                         len(doc.lines)))

    head = {b.folio.value: b.position for b in pages(bare_at_foot=False)}
    foot = {b.folio.value: b.position for b in pages(bare_at_foot=True)}
    assert head[5] == head[6] == "head"
    assert (foot[5], foot[6]) == ("foot", "head")


def test_an_article_numbered_at_the_first_page_foot_and_then_at_the_head() -> None:
    """LaTeX's article sets page 1's number at its foot and the others at the head: pypdf
    reads "... / 1 / 2 / programs, either ...". The chain's first number right after the
    first page's heads its page, so the others do too, though unnumbered pages (an index)
    follow the last."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on and on." for k in range(30)]
    lines = ["Camlidl user's manual", *body, "1"]
    for n in range(2, 9):
        lines += [str(n), *body]
    doc = Document.from_text("\n".join([*lines, *body, *body, *body]))
    found = folios.boundaries(doc.lines, folios.chain(folios.candidates(doc.lines),
                                                      len(doc.lines)))
    assert {b.position for b in found if b.folio.value > 1} == {"head"}
    assert all(doc.lines[b.index].text == str(b.folio.value) for b in found if b.folio.value > 1)


def test_pages_of_an_index_far_longer_in_text_go_on_with_the_chain() -> None:
    """pypdf reads a three-column index page as 140 lines against a body page's 40: too long
    for a link of the chain. Numbers that go on from the chain's last (119, then 120, 121,
    ... a page of index apart) are pages of their own length; a run of numbers that does
    not continue the chain is not taken for one."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on and on." for k in range(40)]
    index = [f"entry{k} . . . . . . {k % 90 + 3}" for k in range(140)]

    def chained(first_index_page: int, index_pages: int) -> list[int]:
        lines = ["Title page", *body]
        for n in range(1, 21):
            lines += [*body, str(n)]
        for n in range(first_index_page, first_index_page + index_pages):
            lines += [*index, str(n)]
        doc = Document.from_text("\n".join(lines))
        return [f.value for f in folios.chain(folios.candidates(doc.lines), len(doc.lines))]

    assert chained(21, 8) == list(range(1, 29))
    assert chained(60, 6) == list(range(1, 21))


def test_a_charts_column_of_numbers_is_no_page_evidence() -> None:
    """A chart's labels in pypdf's text are bare numbers a line or two apart ('3' / '2 2' /
    '7' / ...): chained, they were taken for page numbers and removed as furniture (a
    report lost 1% of its words), and they measured a page as a few lines long. A column
    of them is no page evidence; the page numbers around it still are."""
    from cleanup.structure import folios

    labels = [3, 2, 3, 2, 3, 2, 7, 4, 7, 5, 12, 14, 3, 11, 5, 6, 14, 9, 8, 7, 6, 7, 3, 0, 2, 4]
    body = [f"body line {k} of this page goes on and on." for k in range(40)]
    lines: list[str] = []
    numbers: set[int] = set()
    for n in range(1, 13):
        lines += body
        numbers.add(len(lines))
        lines.append(str(n))
        if n % 2 == 0 and n < 12:
            lines += [row for v in labels for row in (str(v), "2 2")]
    doc = Document.from_text("\n".join(lines))
    found = folios.chain(folios.candidates(doc.lines), len(doc.lines))
    assert {f.index for f in found} <= numbers
    assert [f.value for f in found] == list(range(1, 13))


def test_pages_too_uneven_for_one_length_chain_on_strong_numbers() -> None:
    """A template whose chapters are a page each, with blank pages and a 200-line chart page
    between: no page length fits, but heads that recur beside rising numbers are pages; a
    few numbered lines spread over a text are not."""
    from cleanup.structure import folios

    lines: list[str] = []
    sizes = [30, 8, 200, 25, 6, 220, 30, 12, 28, 30]
    for n, size in enumerate(sizes, start=40):
        lines += [f"{n} Chapter 2. Results" if n % 2 == 0 else f"2.{n - 38}. Figures {n}",
                  *(f"text of page {n} line {k} goes on." for k in range(size))]
    doc = Document.from_text("\n".join(lines))
    found = folios.chain(folios.candidates(doc.lines), len(doc.lines))
    assert [f.value for f in found] == list(range(40, 50))
    words = ["Scope", "Terms", "Method", "Data", "Results", "Costs", "Risks", "Review",
             "Annex", "Index"]
    steps = "\n".join(f"{n} {words[n - 1]}\n" + "\n".join(
        f"a line of prose {k} about it." for k in range(size))
        for n, size in enumerate(sizes, start=1))
    doc = Document.from_text(steps)
    assert folios.chain(folios.candidates(doc.lines), len(doc.lines)) == []


def test_a_running_head_set_out_of_place_still_fills_its_gap_in_the_chain() -> None:
    """pypdf set one of Texinfo's heads ('Chapter 6: Efficiency 41') eleven lines before the
    next page's number, too close for a page: beside the same head as the page before, with
    the one number missing between its neighbours, it is that page's head."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on and on." for k in range(45)]
    lines: list[str] = ["Title page", *body]
    for n in range(1, 13):
        if n == 8:
            lines += [*body[:34], f"Chapter 6: Efficiency {n}", *body[34:]]
        elif n == 9:
            lines += [str(n), *body]
        else:
            lines += [f"Chapter 6: Efficiency {n}", *body]
    doc = Document.from_text("\n".join(lines))
    found = folios.chain(folios.candidates(doc.lines), len(doc.lines))
    assert [f.value for f in found] == list(range(1, 13))


def test_a_run_of_figure_pages_fills_the_chain_however_short() -> None:
    """Sphinx's flowchart pages in pypdf's text: a caption and the page number, three lines
    each ('141' / head / 'Fig.2: ...' / '142 Chapter 21. Flowcharts'), too short for links
    of the chain. Numbers that fill a gap exactly, once each and in order, are its pages;
    a gap only partly filled keeps its own checks."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on and on." for k in range(40)]
    lines: list[str] = ["Title page", *body]
    for n in range(1, 15):
        if 6 <= n <= 9:
            lines += ["Manual, Release 4.6", f"Fig.{n}: Installing a package",
                      str(n) if n % 2 else f"{n} Chapter 21. Flowcharts"]
        else:
            lines += ["Manual, Release 4.6", *body,
                      str(n) if n % 2 else f"{n} Chapter {n}. Scope"]
    doc = Document.from_text("\n".join(lines))
    found = folios.chain(folios.candidates(doc.lines), len(doc.lines))
    assert [f.value for f in found] == list(range(1, 15))


def test_numbered_capitals_headings_alone_are_no_page_chain() -> None:
    """An ACM paper's camera-ready pages print no number; its sections ('1 INTRODUCTION',
    '2 TEMPLATE OVERVIEW', ... '17 SIGCHI EXTENDED ABSTRACTS') rise a few dozen lines apart
    like page numbers. Taken for them, every heading went as furniture (1% of the words);
    with nothing else in the chain (no bare number, no head that recurs) they stay."""
    from cleanup.structure import folios

    titles = ["INTRODUCTION", "TEMPLATE OVERVIEW", "MODIFICATIONS", "TYPEFACES",
              "TITLE INFORMATION", "AUTHORS AND AFFILIATIONS", "RIGHTS INFORMATION",
              "SECTIONING COMMANDS", "TABLES", "MATH EQUATIONS", "FIGURES", "APPENDICES"]
    lines = ["A Paper Title", *(f"abstract line {k} reads on." for k in range(20))]
    for n, title in enumerate(titles, start=1):
        lines += [f"{n} {title}", *(f"text of section {n} line {k} goes on." for k in range(25))]
    doc = Document.from_text("\n".join(lines))
    assert folios.chain(folios.candidates(doc.lines), len(doc.lines)) == []


def test_a_head_set_out_of_place_says_nothing_of_where_bare_numbers_stand() -> None:
    """Bare numbers stand at the heads' edge where they are a page from the heads beside
    them. A head pypdf set a few lines before the next page's bare number is chained for
    its value, not its place: counted, it voted the bare numbers to the other edge, and
    every page of sbcl's manual was labelled one too many."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on and on." for k in range(45)]
    lines = ["Title page", *body]
    for n in range(1, 17):
        if n in (6, 9, 12):
            lines += [*body[:40], f"Chapter 6: Efficiency {n}", *body[40:]]
        elif n in (3, 7, 10, 13):
            lines += [str(n), *body]
        else:
            lines += [f"Chapter 6: Efficiency {n}", *body]
    doc = Document.from_text("\n".join(lines))
    found = folios.boundaries(doc.lines, folios.chain(folios.candidates(doc.lines),
                                                      len(doc.lines)))
    assert [b.folio.value for b in found] == list(range(1, 17))
    assert {b.position for b in found if b.folio.form == "alone"} == {"head"}


def test_a_long_subsection_head_with_commas_stands_beside_its_page_number() -> None:
    """Sphinx's odd-page head names the subsection, however long, commas and all ('5.9.
    Moving, removing, renaming, orphaning, adopting, and reintroducing packages 43'): its
    dotted number says head, where a sentence-case line with commas is a note's or the
    body's."""
    from cleanup.structure import folios

    head = "5.9. Moving, removing, renaming, orphaning, adopting, and reintroducing packages"
    assert folios.is_candidate(Document.from_text(f"{head} 43").lines[0])
    note = "7 In an interview, Musharraf claimed that the army was ready 12"
    assert not folios.is_candidate(Document.from_text(note).lines[0])


def test_the_chain_goes_on_over_a_documents_last_short_pages() -> None:
    """A manual's last pages are short in text (a one-page chapter, a blank verso, an index
    page: '181' / '182 Chapter 23. License' / '183' within a few lines): too short for links,
    and no later link closes a gap. Numbers going on from the chain's last one by one are
    its pages; a number that jumps is not."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on and on." for k in range(40)]
    lines = ["Title page", *body]
    for n in range(1, 11):
        lines += [*body, str(n)]
    lines += ["License text.", "11", "12 Chapter 23. License", "INDEX", "reboot", "13", "x",
              "40"]
    doc = Document.from_text("\n".join(lines))
    found = folios.chain(folios.candidates(doc.lines), len(doc.lines))
    assert [f.value for f in found] == list(range(1, 14))


def test_page_numbers_a_font_shifted_to_letters_are_a_chain_of_their_own() -> None:
    """pypdf, missing a font's encoding, reads emisa's page numbers as letters: 'QQ', 'QR',
    'QS' for 11, 12, 13 (codes 0x20 on). The shift that reads most short capitals lines as
    numbers offers them as a family of their own; the chain takes them where they run a
    page apart, and the section numbers set in another font ('4 Preliminary remarks')
    inside that run are no pages. Capitals lines that rise by chance ('OK', 'US') are none."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on and on." for k in range(40)]
    shifted = ["".join(chr(ord(d) + 0x20) for d in str(n)) for n in range(1, 25)]
    assert shifted[10:13] == ["QQ", "QR", "QS"]
    lines = ["Title page", *body]
    for n, code in enumerate(shifted, start=1):
        lines += [*body[:20], f"{n} Section {n}", *body[20:], code]
    doc = Document.from_text("\n".join(lines))
    found = folios.chain(folios.candidates(doc.lines), len(doc.lines))
    assert [(f.family, f.value) for f in found] == [("shifted", n) for n in range(1, 25)]
    assert folios.digit_shift(shifted) == 0x20

    noise = ["Title page", *body]
    for word in ["OK", "US", "UK", "AI", "ID", "EU", "OK", "US"] * 3:
        noise += [*body, word]
    doc = Document.from_text("\n".join(noise))
    assert folios.chain(folios.candidates(doc.lines), len(doc.lines)) == []


def test_a_shifted_page_number_reads_as_its_label() -> None:
    from cleanup import pagelabels

    printed = pagelabels.parse("QQ", 0x20)
    assert printed is not None and (printed.label, printed.value) == ("11", 11)
    assert pagelabels.parse("QQ") is None
    assert pagelabels.parse("OK", 0x20) is None


def test_a_page_foot_beside_the_next_page_head_is_no_listing() -> None:
    """pypdf joins a page's last line to the next page's first: a plain footer '47' stands
    right above '48 CHAPITRE 4. Contexte du chaos'. Two numbers a step apart side by side
    are that join, not a table of contents: the head still counts as recurring. Three
    entries in a row are a listing ('1 Introduction' / '2 Methods' / '3 Results')."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on and on." for k in range(20)]
    lines = ["1 Introduction", "2 Methods", "3 Results", *body]
    for n in range(46, 56, 2):
        lines += [f"{n} CHAPITRE 4. Contexte du chaos", *body, *body, str(n + 1)]
    lines += ["3 RESULTS", *body]
    doc = Document.from_text("\n".join(lines))
    weights = {(f.value, f.head): f.weight for f in folios.candidates(doc.lines)}
    assert all(weights.get((n, "CHAPITRE 4. Contexte du chaos")) == 0.9
               for n in range(46, 56, 2))
    assert weights[(3, "Results")] < 0.9  # its capitals below are no recurrence
    found = folios.chain(folios.candidates(doc.lines), len(doc.lines))
    assert [f.value for f in found] == list(range(46, 56))


def test_a_part_page_between_blank_versos_does_not_end_the_chain() -> None:
    """abnTeX2: a part's title page with a blank verso on each side skips three numbers
    ('51' ... '55'); its chapters are a page or two, each opening on a recto under its
    number alone with a blank verso before the next. The chain goes on through them."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on and on." for k in range(18)]
    lines = ["Title page", *body]
    for n in range(40, 52):
        head = f"{n} Capítulo 2. Resultados" if n % 2 == 0 else f"2.{n - 39}. Figuras {n}"
        lines += [head, *body]
    tail = [55, 59, 61, 63, 65, 69, 71, 75, 77, 79]
    titles = ["Lorem ipsum dolor sit amet", "Lectus lobortis condimentum", "Nam sed tellus",
              "Conclusão do trabalho", "Aliquam erat volutpat", "Quisque libero justo",
              "Nullam elementum urna vel", "Morbi ultrices rutrum lorem", "Cras non urna sed",
              "Fusce facilisis lacinia dui"]
    for k, (n, title) in enumerate(zip(tail, titles, strict=True), start=3):
        lines += [str(n), f"{k} {title}", *body]
    doc = Document.from_text("\n".join(lines))
    found = folios.chain(folios.candidates(doc.lines), len(doc.lines))
    assert [f.value for f in found] == [*range(40, 52), *tail]


def test_a_numbering_that_skips_blank_pages_runs_on_where_form_feeds_give_them() -> None:
    """pdftotext: abnTeX2's annexes part ('Anexos' between blank versos) skips from '71' to
    '75'; the form feeds count the pages between, so the numbers after it are the pages'."""
    from cleanup.structure import folios

    body = "\n".join(f"body line {k} of this page goes on and on." for k in range(20))
    values = [*range(60, 72), 75, 77, 79, 81]
    pages = []
    for page in range(60, 82):
        pages.append(f"{page}\n{body}" if page in values else
                     ("Anexos" if page == 73 else ""))
    doc = Document.from_text("\f".join(pages) + "\f")
    found = folios.chain(folios.candidates(doc.lines, folios.page_edges(doc.lines)),
                         len(doc.lines))
    assert [f.value for f in found] == values


def test_a_chapter_opens_the_page_after_a_blank_versos_head_and_foot(rules: RuleSet) -> None:
    """Doxygen, as pypdf joins its pages: a blank verso is its head and its running foot
    ('4 Namespace Index' / 'Generated by Doxygen'), and 'Chapter 3' opens the next page two
    lines on. The foot between them ends the verso: two pages, not one."""
    body = [f"Member {k} of this class is described here in a line." for k in range(30)]
    lines = ["Reference Manual", *body[:5], "Generated by Doxygen"]
    page = 2
    for chapter in range(1, 6):
        lines += [f"Chapter {chapter}", f"Section {chapter} Index", *body[:20],
                  "Generated by Doxygen"]
        page += 1
        for _ in range(2):
            lines += [f"{page} Section {chapter} Index" if page % 2 == 0 else
                      f"{chapter}.1 Members {page}", *body, "Generated by Doxygen"]
            page += 1
        lines += [f"{page} Section {chapter} Index", "Generated by Doxygen"]  # blank verso
        page += 1
    lines += ["Chapter 6", "Index", *body]
    doc, _ = analyse("\n".join(lines), rules)
    openings = [k for k, text in enumerate(lines, start=1) if text.startswith("Chapter ")]
    assert set(openings[1:]) <= set(doc.page_starts)
    # (The verso begins at its head or at the foot of the page before, set right above it.)
    assert all({k - 3, k - 2} & set(doc.page_starts) for k in openings[1:])


def test_a_short_run_of_pages_that_hands_its_numbers_on_to_the_chain_is_kept() -> None:
    """abnTeX2: pages 39 to 41, then a page of 200 short table rows, then the chain from 43.
    Three numbers alone would be chance; three that run into the chain's first are its
    pages. The contents line before them ('I PREPARAÇÃO DA PESQUISA 37') is no link."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on and on." for k in range(30)]
    lines = ["Sumário", "1 INTRODUÇÃO . . . . . . . . . . . 35", "I PREPARAÇÃO DA PESQUISA 37",
             *body[:20], "39", *body, "40 Capítulo 2. Resultados", *body,
             "2.5. Figuras 41", *body, *(f"row {k} | weight kg" for k in range(200))]
    for n in range(43, 61):
        head = f"{n} Capítulo 2. Resultados" if n % 2 == 0 else f"2.{n - 39}. Seção {n}"
        lines += [head, *body]
    doc = Document.from_text("\n".join(lines))
    found = folios.chain(folios.candidates(doc.lines), len(doc.lines))
    assert [f.value for f in found] == [39, 40, 41, *range(43, 61)]


def test_front_matter_pages_are_short_and_their_numbers_count() -> None:
    """GLPK's manual as pypdf joins it: a title page, a copyright page ending '2' twelve
    lines in, the contents ending '3', then the body's pages. '2' stands far less than half
    a page in, where a list item would; alone on its line, followed by '3' a page on, it is
    page 2's number."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on and on." for k in range(40)]
    lines = ["Modeling Language GNU MathProg", "Language Reference", "(December 2020)",
             "The GLPK package is part of the GNU Project.", "Copyright 2003-2020 FSF.",
             "Permission is granted to copy this document.", "2", "Contents",
             *(f"{k} Chapter title number {k} . . . . . . . {k + 4}" for k in range(1, 30)),
             "3"]
    for n in range(4, 16):
        lines += [*body, str(n)]
    doc = Document.from_text("\n".join(lines))
    found = folios.chain(folios.candidates(doc.lines), len(doc.lines))
    assert [f.value for f in found] == list(range(2, 16))


def _thesis(front: list[str]) -> str:
    """A thesis as pypdf joins its pages: unnumbered front matter (``front``, one string per
    page, '' for an empty page), then chapters that open on a recto under their number,
    each after a blank verso."""
    body = [f"body line {k} of this chapter goes on and on and on." for k in range(30)]
    lines = [ln for page in front for ln in (page.split("\n") if page else [""])]
    n = 35
    for chapter in range(1, 7):
        if chapter > 1:
            lines.append("")  # the blank verso before the chapter's recto
            n += 1
        lines += [str(n), f"{chapter} Chapter {chapter}", *body]
        n += 1
        lines += [f"{n} Capítulo {chapter}. Resultados", *body]
        n += 1
    return "\n".join(lines)


def test_blank_lines_are_empty_pages_where_the_numbered_pages_show_it(rules: RuleSet) -> None:
    """abnTeX2 as pypdf joins its pages: an empty page leaves one blank line, and the
    extractor writes none inside a page. Where the blank lines stand at the pages the
    page-number sequence found (the blank versos before the chapters), the unnumbered front
    matter's blank lines are its empty pages too: a page starts at each."""
    front = ["Equipe abnTEX2\nModelo Canônico\nBrasil\n2018", "",
             "Equipe abnTEX2\nModelo Canônico\nVersão 1", "",
             "Este trabalho é dedicado às crianças adultas que,\nquando pequenas, sonharam.", "",
             "Resumo\nSegundo a ABNT, o resumo deve ressaltar o objetivo.", ""]
    text = _thesis(front)
    doc, _ = analyse(text, rules)
    blanks = [k for k, ln in enumerate(text.split("\n"), start=1) if not ln]
    assert set(blanks) <= set(doc.page_starts)
    assert doc.learned["structure"]["page_evidence"]["empty page"] >= 4
    assert all(doc.lines[k - 1].has(layout.EMPTY_PAGE_TAG) for k in blanks)


def test_blank_lines_between_paragraphs_are_no_empty_pages(rules: RuleSet) -> None:
    """A text that sets its paragraphs apart by blank lines has many more of them than pages,
    and few at the pages' starts: none is an empty page."""
    paragraphs = [f"Paragraph {k} says one thing.\nIt goes on for a second line." for k in range(8)]
    body = "\n\n".join(paragraphs)
    text = "\n".join(f"{body}\n\n{n}\n" for n in range(1, 9))
    doc, _ = analyse(text, rules)
    assert "empty page" not in doc.learned["structure"]["page_evidence"]
    assert not any(ln.has(layout.EMPTY_PAGE_TAG) for ln in doc.lines)


def _word(k: int) -> str:
    return "".join(chr(97 + (k * 7 + j * 3) % 26) for j in range(6))


def _column_pages() -> tuple[list[str], list[str]]:
    """A column's body lines, and a first page of them with notes 1 and 2 at its foot."""
    col = [f"the column's text goes on with {_word(k)} and {_word(k + 40)} as it runs"
           for k in range(40)]
    page1 = [*col[:20], "as the manual says.1 And further,2 it goes on.",
             "1Ian Murdock founded Debian in August 1993.", "2See the project history."]
    return col, page1


def test_a_columns_notes_inside_the_page_are_a_block(rules: RuleSet) -> None:
    """A two-column page read column by column (pypdf, pdftotext): the first column's notes
    stand between the columns' texts, the body's sentence cut by them and taken up under
    them in lower case. Numbered on from the count, each marked above in order, each ending
    a sentence: a note block inside the page, and the body reads on across it."""
    from cleanup import clean

    col, page1 = _column_pages()
    page2 = [*col[:10], "this book.3 After that you will", "know how to configure services.4",
             "Ubuntu focuses on a smaller number of packages",
             "3Martin Michlmayr, “Tails”, Northgate University Press, 2014.",
             "4With the contents of the CD now available, the installer loads all",
             "the files necessary to continue with its work.",
             "than Debian,5 and relies primarily on the GNOME desktop.", *col[10:],
             "5Manual pages contain a great deal of essential information."]
    text = "\f".join("\n".join(p) for p in (page1, page2)) + "\n"
    out = clean(text, rules=rules).text
    assert "packages than Debian,[^5] and relies" in out
    assert "[^3]: Martin Michlmayr, “Tails”, Northgate University Press, 2014." in out
    assert ("[^4]: With the contents of the CD now available, the installer loads all the "
            "files necessary to continue with its work.") in out


def test_a_pages_foot_notes_cut_at_a_sentence_end_are_no_column_block(rules: RuleSet) -> None:
    """A page's foot notes (one column) whose note has a sentence end inside it ('... in
    1993.' / 'he led it ...'): the next note opens at once, not a column's length on, so the
    notes are the page's foot, read as they were."""
    from cleanup import clean

    col = [f"the column's text goes on with {_word(k)} and {_word(k + 40)} as it runs"
           for k in range(20)]
    page = [*col, "as the manual says.1 And further,2 it goes on with the",
            "1Ian Murdock founded Debian in August 1993.", "he led it until March 1996",
            "as the project's first leader and wrote its manifesto",
            "2See the project history for the whole story."]
    out = clean("\n".join(page) + "\n\f", rules=rules).text
    assert "[^2]: See the project history for the whole story." in out
    assert "he led it until March 1996" not in out.split("[^1]:")[0]


def test_a_columns_note_citing_pages_runs_on_to_its_range(rules: RuleSet) -> None:
    """A column's note that cites pages wraps its range onto the next line ("... 2014, pp." /
    "150–414, https://..."), and pdftotext sets a blank line before the second column's
    text: "pp." ends no note where a number follows, and the body's sentence taken up in
    lower case under the blank line is the cut that shows the block. Where the body follows
    "pp." at once (the range went to the other column), the note ends there."""
    from cleanup import clean

    col, page1 = _column_pages()
    page2 = [*col[:10], "this book.3 After that you will", "know how to configure services.4",
             "Ubuntu focuses on a smaller number of packages",
             "3 Martin Michlmayr, “Tails”, Northgate University Press, 2014, pp.",
             "150–414, https://www.debian.org/vote/.",
             "4 With the contents of the CD now available, the installer loads all",
             "the files necessary to continue with its work.", "",
             "than Debian,5 and relies primarily on the GNOME desktop.", *col[10:],
             "5 Manual pages contain a great deal of essential information."]
    text = "\f".join("\n".join(p) for p in (page1, page2)) + "\n"
    out = clean(text, rules=rules).text
    assert "packages than Debian,[^5] and relies" in out
    assert ("[^3]: Martin Michlmayr, “Tails”, Northgate University Press, 2014, pp. "
            "150–414, https://www.debian.org/vote/.") in out
    assert "[^4]: With the contents of the CD" in out

    page2[11] = "know how to configure the services."
    page2[13:19] = ["3 Bdale Garbee, “Tails”, Northgate University Press, 2014, pp.",
                    "than Debian,4 and relies primarily on the GNOME desktop."]
    page2[-1] = "4 Manual pages contain a great deal of essential information."
    text = "\f".join("\n".join(p) for p in (page1, page2)) + "\n"
    out = clean(text, rules=rules).text
    assert "[^3]: Bdale Garbee, “Tails”, Northgate University Press, 2014, pp." in out
    assert "packages than Debian,[^4] and relies" in out


def test_a_chapters_short_last_page_keeps_its_number_in_the_chain() -> None:
    """A chapter's last page holds a few lines: its number stands five lines under the last
    page's ('28' / five lines / '29'), and the next chapter opens under it ('Chapter 9').
    That is no page too short to be one: the chain keeps 29, so the page ends there (memoir,
    debian-faq, glpk, jmlr in pypdf)."""
    from cleanup.structure import folios

    body = [f"body line {k} of this page goes on and on, and on." for k in range(30)]
    lines: list[str] = []
    for n in range(20, 29):
        lines += [*body, str(n)]
    lines += [*body[:5], "29", "Chapter 9", "Installing from a CD-ROM", *body, "30",
              *body, "31"]
    doc = Document.from_text("\n".join(lines))
    found = folios.chain(folios.candidates(doc.lines), len(doc.lines))
    assert [f.value for f in found] == [*range(20, 32)]


def test_a_chapter_opens_a_page_between_two_numbers_however_near_the_last_start(
        rules: RuleSet) -> None:
    """GAP's tutorial in pypdf text: a chapter's last page holds its head and four lines
    ('GAP — A Tutorial 38'), then 'Chapter 5' opens a page that prints 39 at its foot. The
    opening stands five lines from the last page's start, near enough to be taken for the
    same boundary; but a page printing both 38 and 39 is no page, so the chapter opens its
    own (also a book's verso blank but for its head, then the chapter: no line between)."""
    body = [f"Body line {k} of this page goes on and on, as a manual does." for k in range(30)]
    lines: list[str] = []
    n = 10
    for chapter, short in ((3, 4), (4, 0), (5, 4)):
        for _ in range(3):
            lines += [f"GAP — A Tutorial {n}", *body]
            n += 1
        lines += [f"GAP — A Tutorial {n}", *body[:short]]  # the chapter's short last page
        n += 1
        lines += [f"Chapter {chapter}", "Groups and Homomorphisms", *body[:25], str(n)]
        n += 1
    lines += [f"GAP — A Tutorial {n}", *body]
    doc, _ = analyse("\n".join(lines), rules)
    openings = [k for k, text in enumerate(lines, start=1) if text.startswith("Chapter ")]
    assert set(openings) <= set(doc.page_starts)

def test_a_chapter_opens_under_a_pages_notes(rules: RuleSet) -> None:
    """The previous page's last note ends in a clause ('personal communications;'); it is no
    sentence of the body, so 'Chapter 7' under it still opens a chapter (memoir in pypdf)."""
    doc = Document.from_text("Chapter 6\nNetworks\nText of the chapter.\n"
                             "12Freedombox, made to develop personal servers for private,\n"
                             "personal communications;\nChapter 7\nBackup\nMaking backups is hard.")
    rule = rules.for_stage("furniture", "page_sequence")[0]
    assert layout.chapter_openings(doc.lines, rule) == set()  # in the body: a clause goes on
    for line in doc.lines[3:5]:
        line.zone = "notes"
    assert layout.chapter_openings(doc.lines, rule) == {0, 5}


def test_contents_entries_without_leaders_and_a_chapters_own_contents() -> None:
    """'1 Setting Up the System 1' over another entry is a contents entry; so is the last
    entry of a chapter's own contents, under the one before ('A.1 Licence ... 79' / 'A.2
    Transposition ... 83'); a running head with the page's text under it is none."""
    doc = Document.from_text("Sommaire du présent chapitre\n"
                             "A.1 Licence sous laquelle est publié notre travail 79\n"
                             "A.2 Transposition de la licence précédente en droit français 83\n"
                             "Cette partie regroupe les documents juridiques officiels.\n"
                             "2.5. Figuras 41\nThe page's text goes on here, as a page does.")
    assert [layout.contents_entry(doc.lines, i) for i in range(6)] == \
        [False, True, True, False, False, False]
