"""PDF input: the text of each page, from pypdf or from poppler's ``pdftotext``.

Extraction here gives exact page boundaries: the pages are joined with form feeds, which the
document model turns into known page starts, so running headers, footers and footnote blocks
are looked for where they really are. With ``restore``, every page is extracted both ways and
the text one extractor lost is filled in from the other (:mod:`cleanup.restore`).

Bad PDFs (corrupt, encrypted, scanned with no text layer, no pages) raise :class:`PdfError` with
a one-line reason; the batch names the file and goes on. pypdf is imported only here, when a PDF
is first read.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleanup import restore
from cleanup.report import Changes, Report

PDF_SUFFIX = ".pdf"
EXTRACTORS = ("layout", "pypdf", "pdftotext")
TEXT_EXTRACTORS = ("pypdf", "pdftotext")  # plain text per page; --restore aligns these two
# "layout" reads each line's place, type size and raised runs (cleanup.readers.pdf_layout);
# the stages then take the page geometry as evidence.
DEFAULT_EXTRACTOR = "layout"
PDFTOTEXT_TIMEOUT = 300  # seconds for one file; a hung poppler must not hang the batch
_HEADER_WINDOW = 1024    # the PDF header may follow some junk bytes, within the first 1 KiB


ENCRYPTED = ("is encrypted with a password; decrypt it first "
             "(e.g. qpdf --decrypt --password=PASSWORD in.pdf out.pdf)")
NO_PAGES = "has no pages"


class PdfError(ValueError):
    """A PDF whose text cannot be had; the message is one line and does not name the file."""


@dataclass(slots=True, frozen=True)
class PdfOptions:
    """How PDF inputs are read: which extractor, and whether to restore from the other one."""

    extractor: str = DEFAULT_EXTRACTOR
    restore: bool = False
    limits: Any = None  # cleanup.readers.pdf_layout.Limits; None for the defaults


@dataclass(slots=True)
class Loaded:
    """A PDF's text as the pipeline takes it, and what restoring it changed."""

    text: str
    pages: int
    changes: Changes = field(default_factory=Changes)
    learned: dict[str, Any] = field(default_factory=dict)
    # The lines with their geometry, when the PDF was read for its layout; cleaned as is.
    document: Any = None

    def merge_into(self, report: Report) -> None:
        """Put the restoration's edits and flags into ``report`` (the restoration came first),
        mark the truncation flags it resolved, and record how the text was extracted."""
        report.edits[0:0] = self.changes.edits
        report.flags[0:0] = self.changes.flags
        report.flags = restore.resolve_flags(report.flags, self.changes.edits)
        report.learned["pdf"] = self.learned


def missing(extractor: str) -> str | None:
    """Why ``extractor`` cannot run here, or None when it can."""
    if extractor not in EXTRACTORS:
        return f"unknown extractor {extractor!r} (choose from {', '.join(EXTRACTORS)})"
    if extractor == "layout":
        try:
            import pdf_oxide  # noqa: F401
        except ImportError:
            return ("the layout reader needs pdf_oxide (pip install pdf_oxide) or use "
                    "--extractor pypdf")
    if extractor == "pdftotext" and shutil.which("pdftotext") is None:
        return ("pdftotext is not installed; install poppler-utils (Debian, Ubuntu: "
                "apt-get install poppler-utils) or use --extractor pypdf")
    return None


def extract(path: Path, extractor: str = DEFAULT_EXTRACTOR, limits: Any = None) -> list[str]:
    """The text of each page of the PDF at ``path``, each ending with a newline unless empty.

    Raises :class:`PdfError` when the file is not a readable PDF, needs a password, has no pages,
    or has no text on any page (a scan that needs OCR first).
    """
    reason = missing(extractor)
    if reason:
        raise PdfError(reason)
    _check_header(path)
    if extractor == "layout":
        from cleanup.readers import pdf_layout

        return [_tidy("\n".join(ln.text for ln in p.lines))
                for p in pdf_layout.read(path, limits)]
    pages = _pypdf(path) if extractor == "pypdf" else _pdftotext(path)
    if not pages:
        raise PdfError(NO_PAGES)
    pages = [_tidy(p) for p in pages]
    if not any(p.strip() for p in pages):
        raise PdfError(f"has no text layer on any of its {len(pages)} pages (a scan?): it "
                       "needs OCR first, e.g. with ocrmypdf, then clean the result")
    return pages


def join_pages(pages: list[str]) -> str:
    """The pages as one text, a form feed between pages, as ``pdftotext`` writes them.

    >>> join_pages(["one\\n", "two\\n"])
    'one\\n\\x0ctwo\\n'
    """
    return "\f".join(p if not p or p.endswith("\n") else p + "\n" for p in pages)


def load(path: Path, options: PdfOptions | None = None) -> Loaded:
    """Extract ``path`` for cleaning; with ``options.restore``, fill in lost text from the
    other extractor."""
    options = options or PdfOptions()
    if options.extractor == "layout" and not options.restore:
        from cleanup.readers import pdf_layout

        missing_reason = missing("layout")
        if missing_reason:
            raise PdfError(missing_reason)
        doc = pdf_layout.to_document(pdf_layout.read(path, options.limits), str(path))
        return Loaded(pdf_layout.text_of(doc), len(doc.page_sizes), Changes(),
                      {"extractor": "layout", "pages": len(doc.page_sizes)}, doc)
    # --restore aligns two plain-text extractions: the layout reader's choice falls to pypdf.
    first = options.extractor if options.extractor in TEXT_EXTRACTORS else "pypdf"
    pages = extract(path, first)
    learned: dict[str, Any] = {"extractor": first, "pages": len(pages)}
    changes = Changes()
    if options.restore:
        other = TEXT_EXTRACTORS[1] if first == TEXT_EXTRACTORS[0] else TEXT_EXTRACTORS[0]
        try:
            second = extract(path, other)
        except PdfError as e:
            raise PdfError(f"--restore: the {other} extraction failed: {e}") from None
        result = restore.restore_pages(pages, second, first, other)
        pages, changes = result.pages, result.changes
        learned["restore"] = {"from": other, **result.stats}
    return Loaded(join_pages(pages), len(pages), changes, learned)


def page_line_numbers(pages: list[str]) -> list[int]:
    """The 1-based line number, in :func:`join_pages` text, of each page's first line.

    >>> page_line_numbers(["a\\nb\\n", "", "c\\n"])
    [1, 3, 3]
    """
    starts, line = [], 1
    for p in pages:
        starts.append(line)
        line += p.count("\n") + (1 if p and not p.endswith("\n") else 0)
    return starts


def _tidy(page: str) -> str:
    # A form feed inside a page would start a page that is not there; \r would split lines
    # differently from the document model.
    page = page.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "")
    return page if not page or page.endswith("\n") else page + "\n"


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as f:
            head = f.read(_HEADER_WINDOW)
    except IsADirectoryError:
        raise PdfError("is a folder, not a file") from None
    except OSError as e:
        raise PdfError(f"cannot read: {e.strerror or e}") from None
    if b"%PDF-" not in head:
        raise PdfError("is not a PDF (no %PDF- header)")


@contextmanager
def quiet_pypdf() -> Iterator[None]:
    """pypdf reports what it repairs through logging and warnings; the batch reports per file,
    so keep those off stderr while reading."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _one_line(e: BaseException) -> str:
    text = " ".join(str(e).split()) or type(e).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def open_reader(path: Path) -> tuple[Any, int]:
    """A pypdf reader of ``path``, decrypted when an empty password opens it, and its page
    count; raises :class:`PdfError` for a corrupt or password-protected file. Call inside
    :func:`quiet_pypdf`."""
    import pypdf
    from pypdf.errors import DependencyError, FileNotDecryptedError

    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted:
            # Many PDFs are encrypted with an owner password only and open without one.
            try:
                opened = reader.decrypt("")
            except DependencyError as e:
                raise PdfError(f"is encrypted in a way pypdf needs an extra package for "
                               f"({_one_line(e)})") from None
            if not opened:
                raise PdfError(ENCRYPTED)
        count = len(reader.pages)
    except PdfError:
        raise
    except FileNotDecryptedError:
        raise PdfError(ENCRYPTED) from None
    except Exception as e:  # pypdf raises many kinds on broken files
        raise PdfError(f"is not a readable PDF (corrupt or cut short: {_one_line(e)})") \
            from None
    return reader, count


def _pypdf(path: Path) -> list[str]:
    with quiet_pypdf():
        reader, count = open_reader(path)
        pages = []
        for n in range(count):
            try:
                pages.append(reader.pages[n].extract_text() or "")
            except Exception as e:
                raise PdfError(f"page {n + 1}: pypdf cannot extract its text "
                               f"({_one_line(e)})") from None
    return pages


_POPPLER_NOISE = re.compile(r"^(?:Syntax (?:Error|Warning)|Internal Error)[^:]*:\s*")


def _pdftotext(path: Path) -> list[str]:
    # -layout keeps each printed line a line (the default mode joins hyphenated lines, -raw
    # breaks lines at superscript footnote markers) and keeps line-end hyphens for the
    # pipeline to judge.
    cmd = ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"]
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=PDFTOTEXT_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        raise PdfError(f"pdftotext did not finish in {PDFTOTEXT_TIMEOUT} s") from None
    except OSError as e:
        raise PdfError(f"cannot run pdftotext: {e.strerror or e}") from None
    err = proc.stderr.decode("utf-8", "replace").strip().splitlines()
    if proc.returncode != 0:
        if any("password" in line.lower() for line in err):
            raise PdfError(ENCRYPTED)
        if any("Wrong page range" in line for line in err):
            raise PdfError(NO_PAGES)  # poppler's way of saying there is no page 1
        last = _POPPLER_NOISE.sub("", err[-1]) if err else f"exit code {proc.returncode}"
        raise PdfError(f"is not a readable PDF (corrupt or cut short: pdftotext: {last})")
    out = proc.stdout.decode("utf-8", "replace")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends every page, the last one too, with a form feed
    return [_dedent(p) for p in pages]


def _dedent(page: str) -> str:
    """Remove the page's left margin, which -layout renders as spaces before every line."""
    lines = page.split("\n")
    margin = min((len(ln) - len(ln.lstrip(" ")) for ln in lines if ln.strip()), default=0)
    return "\n".join(ln[margin:].rstrip() for ln in lines)
