"""A text notation for lines with page geometry, for rule examples and tests.

Each line may open with ``[geo FIELDS]``; FIELDS are space-separated ``y=TOP`` (share of the
page height, 0 at the top), ``s=SIZE`` (points), ``x=X0-X1`` (shares of the page width),
``b`` (bold), ``r=START-END`` (a raised run, offsets in the text; may repeat), ``c=COLUMN``.
A form feed starts a new page. Lines without the prefix are body lines stacked down the page.

>>> doc = parse("[geo y=0.03 s=8] Running Head\\nBody text.\\f[geo y=0.03 s=8] Running Head")
>>> [(ln.text, ln.page, ln.geo.y0, ln.geo.size) for ln in doc.lines][0]
('Running Head', 0, 0.03, 8.0)
>>> doc.page_count, doc.has_geometry
(2, True)
"""

from __future__ import annotations

import re

from cleanup.document import Document, Geometry, Line

PREFIX = "[geo "
_LINE = re.compile(r"^\[geo ([^\]]*)\] ?(.*)$")
PAGE = (600.0, 800.0)
BODY_SIZE = 10.0
TOP, STEP = 0.1, 0.018


def has_geometry(text: str) -> bool:
    """Whether ``text`` is written in this notation."""
    return PREFIX in text


def parse(text: str, source: str = "<geo>") -> Document:
    """A document of the lines of ``text``, each with its geometry."""
    lines: list[Line] = []
    starts: list[int] = []
    for p, page in enumerate(text.split("\f")):
        if p:
            starts.append(len(lines) + 1)
        y = TOP
        for raw in page.split("\n"):
            if not raw.strip() and not raw.startswith(PREFIX):
                continue
            fields: dict[str, str] = {}
            raised: list[tuple[int, int]] = []
            bold = False
            m = _LINE.match(raw)
            body = raw
            if m:
                body = m.group(2)
                for item in m.group(1).split():
                    key, _, value = item.partition("=")
                    if key == "r":
                        a, _, b = value.partition("-")
                        raised.append((int(a), int(b)))
                    elif key == "b":
                        bold = True
                    else:
                        fields[key] = value
            size = float(fields.get("s", BODY_SIZE))
            top = float(fields.get("y", y))
            x0, _, x1 = fields.get("x", "0.1-0.9").partition("-")
            line = Line(len(lines) + 1, body, page=p)
            line.geo = Geometry(p, float(x0), float(x1 or 0.9), top,
                                top + size / PAGE[1], size, tuple(raised), bold,
                                int(fields.get("c", 0)))
            lines.append(line)
            y = top + STEP
    doc = Document(source, lines, starts, has_form_feeds=True)
    doc.page_sizes = [PAGE] * (len(starts) + 1)
    return doc
