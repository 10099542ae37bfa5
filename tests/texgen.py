"""PDFs typeset by pdflatex for the geometry tests and benchmarks: what LaTeX does that the
reportlab generator does not (its own line breaking and hyphenation, ``\\footnote`` with
superscript markers and notes split across pages, running heads that carry the section title,
two columns).

Every document is seeded, and :class:`TexTruth` says what it holds: the body paragraphs and
headings in reading order, each footnote's text, and each marker with the word it follows.
:func:`available` says whether pdflatex is installed; tests skip without it.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

_TEXT = (
    "the council reviewed evidence from several districts where irrigation schemes had failed "
    "and officials proposed new budgets for maintenance while farmers waited for water that "
    "arrived late in the season because upstream reservoirs released less than agreed and the "
    "commission asked engineers to survey canals bridges roads and pumping stations across "
    "the province before the monsoon returned with floods that damaged embankments and "
    "villages along the river whose inhabitants demanded compensation from the authorities"
)
_WORDS = _TEXT.split()
_LONG = ("administration", "infrastructure", "environmental", "international",
         "consultations", "implementation", "understanding", "responsibilities",
         "accountability", "transboundary", "agricultural", "hydrological")
_SOURCES = ("Interview with a senior irrigation official, Lahore, January 2021.",
            "Provincial assembly debates, 4 May 2020, pp. 12-14.",
            "See the annual report of the water authority for 2019, table 3.",
            "Telephone interview, former commissioner, October 2020.",
            "Figures from the statistics bureau, agricultural census of 2010.")
_SECTIONS = ("Overview", "Water and the Provinces", "Budgets and Maintenance",
             "The Monsoon Season", "Compensation Claims", "Conclusions")


@dataclass(slots=True)
class TexTruth:
    """What a typeset document holds, in reading order."""

    paragraphs: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    footnotes: dict[int, str] = field(default_factory=dict)
    markers: list[tuple[int, str]] = field(default_factory=list)  # (number, word before it)
    body: list[str] = field(default_factory=list)  # headings and paragraphs in reading order
    title: str = "Water, Budgets and Floods in the Lower Districts"


def available() -> bool:
    """Whether pdflatex is installed here."""
    return shutil.which("pdflatex") is not None


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(9, 22))]
    for _ in range(rng.randint(0, 2)):
        words.insert(rng.randrange(1, len(words)), rng.choice(_LONG))
    if rng.random() < 0.2:  # numbers in the body that are no markers
        words.insert(rng.randrange(1, len(words)), rng.choice(("1947", "12", "3.5", "2,500")))
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _note(rng: random.Random, long: bool) -> str:
    text = rng.choice(_SOURCES)
    if long:
        text += " " + " ".join(_sentence(rng) for _ in range(rng.randint(4, 7)))
    return text


def source(sections: int = 6, seed: int = 3, columns: int = 1) -> tuple[str, TexTruth]:
    """The LaTeX source of a report and its truth."""
    rng = random.Random(seed)
    truth = TexTruth()
    n = 0
    body: list[str] = []
    for s in range(sections):
        heading = _SECTIONS[s % len(_SECTIONS)] + ("" if s < len(_SECTIONS) else f" {s}")
        truth.headings.append(heading)
        truth.body.append(heading)
        body.append(f"\\section*{{{heading}}}\\markboth{{{heading}}}{{{heading}}}")
        for _ in range(rng.randint(4, 7)):
            sentences = [_sentence(rng) for _ in range(rng.randint(4, 9))]
            tex_parts, plain_parts = [], []
            for sentence in sentences:
                tex_parts.append(sentence)
                plain_parts.append(sentence)
                if rng.random() < 0.35:
                    n += 1
                    note = _note(rng, long=rng.random() < 0.25)
                    truth.footnotes[n] = note
                    truth.markers.append((n, sentence.split()[-1]))
                    tex_parts[-1] = sentence + f"\\footnote{{{note}}}"
            truth.paragraphs.append(" ".join(plain_parts))
            truth.body.append(truth.paragraphs[-1])
            body.append(" ".join(tex_parts))
    options = "twocolumn," if columns == 2 else ""
    tex = "\n\n".join([
        f"\\documentclass[{options}11pt,a4paper]{{article}}",
        "\\usepackage[T1]{fontenc}\\usepackage{lmodern}\\usepackage[margin=2.5cm]{geometry}"
        "\\usepackage{fancyhdr}\\pagestyle{fancy}\\fancyhf{}"
        "\\fancyhead[L]{\\itshape\\leftmark}\\fancyhead[R]{Lower Districts Report}"
        "\\fancyfoot[C]{\\thepage}\\renewcommand{\\headrulewidth}{0pt}"
        "\\renewcommand{\\sectionmark}[1]{}",
        "\\begin{document}",
        f"\\title{{{truth.title}}}\\author{{Research Unit}}\\date{{March 2021}}\\maketitle",
        *body,
        "\\end{document}",
    ])
    return tex, truth


def report_pdf(path: Path, sections: int = 6, seed: int = 3, columns: int = 1) -> TexTruth:
    """Typeset a report to ``path`` with pdflatex; return what it holds."""
    tex, truth = source(sections, seed, columns)
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "doc.tex").write_text(tex, encoding="utf-8")
        proc = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error",
                               "doc.tex"], cwd=tmp, capture_output=True, timeout=120,
                              check=False)
        if proc.returncode != 0:
            raise RuntimeError("pdflatex failed: " + proc.stdout.decode(errors="replace")[-800:])
        shutil.copyfile(Path(tmp) / "doc.pdf", path)
    return truth
