"""`cleanup diff --html`: one self-contained page, input and output side by side.

Every input line is a row, coloured by what became of it and labelled with the rule that did
it; every output paragraph is split into the pieces that came from each input line, with the
changed pieces marked. Clicking a line lights the text it became, and the reverse. The legend
counts each rule's edits (the report's stats, exactly) and filters the view; flags stand at
their line on both sides. The page loads nothing: its styles and script are inline, and its
content security policy forbids every request.
"""

from __future__ import annotations

import json
from html import escape
from importlib import resources

from cleanup.diffing import Attribution, LineInfo, Span, row_labels, summary_line
from cleanup.pagelabels import labels_of_lines

TEMPLATE = "diff_page.html"
# Rows and paragraphs go in chunks the browser may skip laying out while they are off screen
# (content-visibility), so that a 1,000-page document opens in seconds, not minutes.
LINES_PER_CHUNK = 200
PARAGRAPHS_PER_CHUNK = 40


def _chunked(items: list[str], size: int) -> str:
    return "\n".join('<div class="chunk">' + "\n".join(items[i:i + size]) + "</div>"
                     for i in range(0, len(items), size))


def _template() -> str:
    return resources.files("cleanup").joinpath(TEMPLATE).read_text(encoding="utf-8")


def render(att: Attribution) -> str:
    """The page for one attributed document."""
    parts = {
        "title": escape(f"cleanup diff: {att.source}"),
        "files": escape(f"input {att.source} ({len(att.lines)} lines) → output {att.target} "
                        f"({len(att.paragraphs)} paragraphs)"),
        "summary": escape(summary_line(att)),
        "source": escape(att.source),
        "target": escape(att.target),
        "legend": _legend(att),
        "input": _input(att),
        "output": _output(att),
        # Change index -> the key the legend filters on; "<" escaped so no text closes the tag.
        "changes": json.dumps([c.key for c in att.changes], ensure_ascii=False)
        .replace("<", "\\u003c"),
    }
    page = _template()
    for name, value in parts.items():
        page = page.replace(f"<!--@{name}-->", value)
    return page


def _kinds_by_key(att: Attribution) -> dict[str, str]:
    """The kind a legend entry is drawn in: the most serious kind among its changes."""
    order = ("unrecorded", "remove", "move", "change", "join", "heading")
    out: dict[str, str] = {}
    for ch in att.changes:
        have = out.get(ch.key)
        if have is None or order.index(ch.kind) < order.index(have):
            out[ch.key] = ch.kind
    return out


def _button(key: str, label: str, count: int, kind: str, attrs: str) -> str:
    return (f'<button type="button" class="rule" data-key="{escape(key)}" data-count="{count}" '
            f'{attrs} aria-pressed="false" title="show only these changes">'
            f'<span class="sw k-{kind}"></span><span class="rid">{escape(label)}</span> '
            f'<span class="n">{count}</span></button>')


def _legend(att: Attribution) -> str:
    stats = att.stats()
    kinds = _kinds_by_key(att)
    out: list[str] = []
    for stage, counts in stats.items():
        if stage == "flags":
            continue
        removed = counts.get("lines_removed", 0)
        head = f"{escape(stage)}" + (f" <small data-removed=\"{removed}\">{removed} lines "
                                     f"removed</small>" if removed else "")
        buttons = [_button(f"{stage} {rule}", rule, n, kinds.get(f"{stage} {rule}", "change"),
                           f'data-kind="rule" data-stage="{escape(stage)}" '
                           f'data-rule="{escape(rule)}"')
                   for rule, n in counts.items() if rule != "lines_removed"]
        out.append(f'<div class="stage" data-stage="{escape(stage)}"><h2>{head}</h2>'
                   + "".join(buttons) + "</div>")
    if stats.get("flags"):
        buttons = [_button(f"flag {kind}", kind, n, "flag",
                           f'data-kind="flag" data-flag="{escape(kind)}"')
                   for kind, n in stats["flags"].items()]
        out.append('<div class="stage" data-stage="flags"><h2>flags</h2>'
                   + "".join(buttons) + "</div>")
    extra = att.unrecorded()
    if extra:
        buttons = [_button(key, key, n, kinds.get(key, "unrecorded"), 'data-kind="no-rule"')
                   for key, n in sorted(extra.items())]
        out.append('<div class="stage" data-stage="no rule"><h2>no rule '
                   '<small>(decisions no rule file records)</small></h2>'
                   + "".join(buttons) + "</div>")
    return "\n".join(out)


def _flag_html(att: Attribution, info: LineInfo) -> str:
    out = []
    for f in info.flags:
        flag = att.report.flags[f]
        conf = f" ({flag.confidence:.2f})" if flag.confidence is not None else ""
        out.append(f'<span class="flag" data-flag="{escape(flag.kind)}">⚑ '
                   f'{escape(flag.kind)}{conf}: {escape(flag.reason)}</span>')
    return "".join(out)


def _input(att: Attribution) -> str:
    spans_at: dict[int, list[Span]] = {}
    for span in att.spans:
        spans_at.setdefault(span.lines[0], []).append(span)
    out: list[str] = []
    doc_flags = [f for f in att.report.flags if not 1 <= f.line <= len(att.lines)]
    for flag in doc_flags:
        out.append(f'<div class="flag" data-flag="{escape(flag.kind)}">⚑ {escape(flag.kind)}: '
                   f"{escape(flag.reason)}</div>")
    shown: set[int] = set()
    for info in att.lines:
        spans = spans_at.get(info.no, [])
        kind, labels, shown = row_labels(att, info, shown, set())
        attrs = [f'id="i{info.no}"', f'data-l="{info.no}"']
        if info.paragraph:
            attrs.append(f'data-p="{info.paragraph}"')
        if info.changes:
            attrs.append(f'data-c="{" ".join(map(str, info.changes))}"')
        if info.flags:
            attrs.append('data-f="' + " ".join(escape(att.report.flags[f].kind)
                                                for f in info.flags) + '"')
        cls = f"ln k-{kind}" if kind and kind != "flag" else "ln"
        title = [att.changes[c].reason or att.changes[c].label for c in info.changes]
        title += [f"{s.before} → {s.after}" for s in spans]
        if title:
            attrs.append(f'title="{escape(" | ".join(dict.fromkeys(title)))}"')
        pn = f"¶{info.paragraph}" if info.starts else ""
        labs = "".join(f'<span class="lab">{escape(t)}</span>' for _, t in labels)
        out.append(f'<div class="{cls}" {" ".join(attrs)}><span class="no">{info.no}</span>'
                   f'<span class="pn">{pn}</span><span class="tx">{escape(info.text)}{labs}'
                   f"</span>{_flag_html(att, info)}</div>")
    return _chunked(out, LINES_PER_CHUNK)


def _output(att: Attribution) -> str:
    out: list[str] = []
    for p, (text, nos, segments) in enumerate(
            zip(att.paragraphs, att.provenance, att.segments, strict=True), start=1):
        infos = [att.lines[n - 1] for n in nos]
        kinds = {att.changes[c].kind for i in infos for c in i.changes}
        cls = "para note" if any(i.status == "moved" for i in infos) else \
            "para heading" if "heading" in kinds else "para"
        changes = sorted({c for i in infos for c in i.changes})
        flags = [att.report.flags[f].kind for i in infos for f in i.flags]
        attrs = [f'id="p{p}"', f'data-lines="{" ".join(map(str, nos))}"']
        if changes:
            attrs.append(f'data-c="{" ".join(map(str, changes))}"')
        if flags:
            attrs.append(f'data-f="{escape(" ".join(dict.fromkeys(flags)))}"')
        flagged = {i.no: i for i in infos if i.flags}
        pages = [lab.display for lab in labels_of_lines(nos, att.report.page_labels)]
        if pages:
            attrs.append(f'data-pages="{escape(" ".join(pages))}"')
        shown = f' <span class="pg" title="printed page (? = inferred)">p.\u00a0' \
                f'{escape(", ".join(pages))}</span>' if pages else ""
        pieces = [f'<p class="{cls}" {" ".join(attrs)}><span class="pn">¶{p}{shown}</span>']
        last = {seg.line: k for k, seg in enumerate(segments)}
        pos = 0
        for k, seg in enumerate(segments):
            pieces.append(escape(text[pos:seg.start]))
            body = escape(text[seg.start:seg.end])
            if seg.change >= 0:
                ch = att.changes[seg.change]
                pieces.append(f'<mark class="seg k-{ch.kind}" data-l="{seg.line}" '
                              f'data-c="{seg.change}" title="{escape(ch.label)}: '
                              f'{escape(ch.reason)}">{body}</mark>')
            else:
                pieces.append(f'<span class="seg" data-l="{seg.line}">{body}</span>')
            info = flagged.pop(seg.line, None) if last[seg.line] == k else None
            if info is not None:
                reasons = "; ".join(f"{att.report.flags[f].kind}: {att.report.flags[f].reason}"
                                    for f in info.flags)
                pieces.append(f'<span class="flagmark" title="{escape(reasons)}">⚑</span>')
            pos = seg.end
        pieces.append(escape(text[pos:]))
        for info in flagged.values():  # a flagged line whose words all went elsewhere
            pieces.append(f'<span class="flagmark">⚑ line {info.no}</span>')
        pieces.append("</p>")
        out.append("".join(pieces))
    return _chunked(out, PARAGRAPHS_PER_CHUNK)
