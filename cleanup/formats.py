"""Output formats: plain text (with page markers on request), Markdown and JSON Lines.

Each writer takes a pipeline :class:`~cleanup.pipeline.Result` (its text, report and blocks)
and returns a string; none touches the file system.

* ``text`` is the cleaned text exactly as before; ``page_markers`` adds ``[page 7]`` where a
  page begins: before a paragraph that opens the page, or between two words of a paragraph
  that runs across the page break (never inside a word, even one a line-end hyphen split).
* ``markdown`` opens with YAML front matter (pandoc's ``title``/``subtitle``/``author``/
  ``date``, and CSL variable names for the rest, which citeproc and Zotero read), keeps the
  ``[^N]`` footnotes pandoc reads, and marks pages with HTML comments, which no renderer shows.
* ``jsonl`` writes one JSON object per paragraph (document, index, kind, page labels, text,
  input lines, flags): what corpus tools (datasets, spaCy, search indexes) load line by line.
  Its schema ships as ``cleanup/schema/paragraph.schema.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Any

from cleanup import layout
from cleanup.pagelabels import PageLabel
from cleanup.report import encode_lines

if TYPE_CHECKING:
    from cleanup.document import Document, Paragraph
    from cleanup.pipeline import Result

FORMATS = ("text", "markdown", "jsonl")
SUFFIXES = {"text": ".txt", "markdown": ".md", "jsonl": ".jsonl"}
SCHEMA_FILE = "paragraph.schema.json"
# What would make a Markdown reader take a paragraph for something else.
_MD_SPECIAL = re.compile(r"(?:#{1,6}\s|>|[-+*]\s|\d{1,9}[.)]\s|<!--|=+\s*$|-{3,}\s*$|`{3}|~{3})")
# Markdown front matter: pandoc's names where pandoc has one, CSL variable names otherwise.
FRONT_MATTER_KEYS = {
    "title": "title", "subtitle": "subtitle", "authors": "author", "date": "date",
    "journal": "container-title", "volume": "volume", "issue": "issue", "pages": "page",
    "publisher": "publisher", "place": "publisher-place", "doi": "DOI", "url": "URL",
    "accessed": "accessed", "series": "collection-title", "number": "number",
    "source": "source",
}


@dataclass(slots=True)
class Block:
    """One output paragraph: its kind, text, input lines and the pages it spans.

    ``breaks`` holds, for a paragraph that runs across a page break, the offset in ``text``
    of the space before the first word of the new page and that page.
    """

    kind: str                 # heading | body | list_item | note
    text: str
    lines: tuple[int, ...]
    pages: tuple[int, ...]
    label: str = ""           # a note's label
    breaks: list[tuple[int, int]] = field(default_factory=list)


_KINDS = {"heading": "heading", "note": "note"}  # a paragraph's kind -> its block's


def blocks(doc: Document) -> list[Block]:
    """The output paragraphs of a cleaned document, in the order ``doc.text()`` writes them."""
    out: list[Block] = []
    for p in doc.paragraphs or []:
        if not p.text:
            continue
        kind = _KINDS.get(p.kind, "body")
        if kind == "body" and layout.LIST_ITEM.match(p.text):
            kind = "list_item"
        lines = p.lines
        # (Most paragraphs stand on one page: no set to sort.)
        first = lines[0].page if lines else 0
        pages = (first,) if all(ln.page == first for ln in lines) and lines \
            else tuple(sorted({ln.page for ln in lines}))
        out.append(Block(kind, p.text, tuple([ln.no for ln in lines]), pages, p.label,
                         _breaks(p) if len(pages) > 1 else []))
    return out


def _breaks(p: Paragraph) -> list[tuple[int, int]]:
    """Where in the paragraph's text each new page begins: at a space, never inside a word."""
    from cleanup.stages.paragraphs import join_prefixes

    parts = list(zip(p.lines, p.gaps or [False] * len(p.lines), strict=False))
    out: list[tuple[int, int]] = []
    turns = [k for k in range(1, len(parts)) if parts[k][0].page != parts[k - 1][0].page]
    prefixes = join_prefixes(parts, turns)
    for k in turns:
        prefix = prefixes[k]
        if p.text.startswith(prefix):
            at = len(prefix)
        elif prefix and p.text.startswith(prefix[:-1]):
            at = len(prefix) - 1  # a line-end hyphen the join removed
        else:
            continue  # the text was changed after joining; the next block shows the page
        space = p.text.find(" ", at)
        at = space if space >= 0 else len(p.text)
        if not out or out[-1][0] != at:
            out.append((at, parts[k][0].page))
    return out


def marker(label: PageLabel | None, page: int, style: str = "text") -> str:
    """``[page 7]`` (text) or ``<!-- page 7 -->`` (markdown); an inferred label says so."""
    if label is None or label.label is None:
        what = f"unnumbered (page {page + 1} of the input)"
    else:
        what = label.label + (" (inferred)" if label.inferred else "")
    return f"<!-- page {what} -->" if style == "markdown" else f"[page {what}]"


def _with_markers(blocks_: list[Block], labels: list[PageLabel], style: str,
                  render: Any) -> list[str]:
    """Each block rendered, with a marker wherever a new page begins in the body."""
    def label(page: int) -> PageLabel | None:
        return labels[page] if 0 <= page < len(labels) else None

    out: list[str] = []
    current = -1
    for b in blocks_:
        text = render(b)
        if b.kind == "note" or not b.pages:  # notes stand after the body: no page flow
            out.append(text)
            continue
        first = b.pages[0]
        if first > current:
            out.append(marker(label(first), first, style))
            current = first
        if b.breaks and text.endswith(b.text):
            lead = len(text) - len(b.text)
            for at, page in reversed(b.breaks):
                if page > current:
                    text = text[:lead + at] + " " + marker(label(page), page, style) \
                        + text[lead + at:]
            current = max(current, b.pages[-1])
        out.append(text)
    return out


def to_text(result: Result, page_markers: bool = False) -> str:
    """The cleaned text; with ``page_markers``, a ``[page N]`` marker where each page begins."""
    if not page_markers or not result.blocks:
        return result.text
    return "\n\n".join(_with_markers(result.blocks, result.report.page_labels, "text",
                                     lambda b: b.text)) + "\n"


def _yaml_str(value: str) -> str:
    # A JSON string is a YAML double-quoted scalar: every character is escaped safely.
    return json.dumps(value, ensure_ascii=False)


def front_matter(result: Result) -> str:
    """The YAML front matter: the metadata fields, then where each came from."""
    meta = result.report.metadata
    lines = ["---"]
    for name, key in FRONT_MATTER_KEYS.items():
        if name not in meta:
            continue
        value = meta[name]["value"]
        if isinstance(value, list):
            lines.append(f"{key}:")
            lines.extend(f"  - {_yaml_str(v)}" for v in value)
        else:
            lines.append(f"{key}: {_yaml_str(value)}")
    lines.append("cleanup:")
    lines.append(f"  source: {_yaml_str(result.report.source)}")
    labels = result.report.page_labels
    if labels:
        lines.append(f"  pages: {_yaml_str(_range(labels))}")
    if meta:
        lines.append("  fields:")
        for name in sorted(meta):
            f = meta[name]
            lines.append(f"    {name}: {{line: {int(f['line'])}, rule: {_yaml_str(f['rule'])}}}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _range(labels: list[PageLabel]) -> str:
    first, last = labels[0].display, labels[-1].display
    return first if first == last else f"{first}-{last}"


def _md_block(b: Block) -> str:
    if b.kind == "heading":
        return "## " + b.text.replace("\n", " ")
    if b.kind == "note":
        return b.text
    return ("\\" + b.text) if _MD_SPECIAL.match(b.text) else b.text


def to_markdown(result: Result) -> str:
    """Markdown with YAML front matter, ``[^N]`` footnotes and page comments."""
    body = _with_markers(result.blocks, result.report.page_labels, "markdown", _md_block)
    return front_matter(result) + "\n" + "\n\n".join(body) + "\n"


def records(result: Result) -> list[dict[str, Any]]:
    """One record per paragraph, as the jsonl format writes them."""
    labels = result.report.page_labels
    flags_at: dict[int, list[dict[str, Any]]] = {}
    for f in result.report.flags:
        flags_at.setdefault(f.line, []).append(
            {"kind": f.kind, "line": f.line, "reason": f.reason, "resolved": bool(f.resolved)})
    out = []
    for i, b in enumerate(result.blocks):
        rec: dict[str, Any] = {
            "document": result.report.source,
            "index": i,
            "kind": b.kind,
            "pages": [{"label": labels[p].label, "inferred": labels[p].inferred}
                      if p < len(labels) else {"label": None, "inferred": True}
                      for p in b.pages],
            "text": b.text,
            "lines": encode_lines(b.lines),
            "flags": [f for n in b.lines for f in flags_at.get(n, [])],
        }
        if b.label:
            rec["note"] = b.label
        out.append(rec)
    return out


def to_jsonl(result: Result) -> str:
    """JSON Lines: one paragraph record per line."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(result))


def meta_json(result: Result) -> str:
    """``NAME.meta.json``: the metadata fields with their lines, and the page labels."""
    data = {"source": result.report.source, "metadata": result.report.metadata,
            "page_labels": [p.to_dict() for p in result.report.page_labels]}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def render(result: Result, fmt: str = "text", page_markers: bool = False) -> str:
    """The output of ``fmt`` (one of :data:`FORMATS`)."""
    if fmt == "markdown":
        return to_markdown(result)
    if fmt == "jsonl":
        return to_jsonl(result)
    return to_text(result, page_markers)


def paragraph_schema() -> dict[str, Any]:
    """The JSON Schema of a jsonl record, as shipped in the package."""
    text = resources.files("cleanup.schema").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return dict(json.loads(text))
