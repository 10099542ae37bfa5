"""Rebuild the prose excerpts in this folder from the Debian packages they come from.

    apt-get download debian-history debian-handbook
    dpkg-deb -x debian-history_*.deb pkg && dpkg-deb -x debian-handbook_*.deb pkg
    python benchmarks/prose/extract.py pkg

Run by hand when the excerpts are refreshed, never by the benchmarks: the corpus generator
reads only the .txt files written here, so a fresh clone needs no package and no network.
The output format is described in README.md beside this file.
"""

from __future__ import annotations

import argparse
import gzip
import re
from html.parser import HTMLParser
from pathlib import Path

HERE = Path(__file__).resolve().parent
HISTORY = "usr/share/doc/debian-history/docs"
HANDBOOK = "usr/share/doc/debian-handbook/html/en-US"
# Chapters of the handbook that are prose about people, history, organisations and policy
# (few commands), in reading order.
HANDBOOK_PAGES = [
    "the-debian-project", "sect.foundation-documents", "sect.debian-internals",
    "sect.follow-debian-news", "sect.role-of-distributions", "sect.release-lifecycle",
    "case-study", "sect.master-plan", "sect.why-gnu-linux", "sect.why-debian",
    "sect.why-debian-stable", "existing-setup", "sect.coexistence-with-other-packaging-systems",
    "sect.how-to-migrate", "derivative-distributions", "sect.ubuntu", "sect.linux-mint",
    "sect.knoppix", "sect.aptosid", "sect.grml", "sect.tails", "sect.kali", "sect.devuan",
    "sect.doudoulinux", "sect.raspbian", "sect.pureos", "sect.steamos", "sect.other-derivatives",
    "conclusion", "sect.future-of-debian", "sect.future-of-this-book", "foreword", "preface",
    "sect.who-is-this-book-for", "sect.book-structure", "sect.acknowledgments",
    "sect.becoming-package-maintainer", "sect.contributing", "solving-problems",
    "security", "sect.dealing-with-compromised-machine",
    "sect.other-security-considerations", "sect.virtualization", "sect.backup",
    "installation", "sect.installation-steps", "sect.regular-upgrades", "sect.ipv6",
    "sect.dist-upgrade",
]
HISTORY_PAGES = ["intro", "leaders", "releases", "detailed", "manifesto"]
BLOCKS = {"p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "td", "th", "blockquote"}
SKIP = {"pre", "script", "style", "table", "head", "title"}


class Blocks(HTMLParser):
    """Text blocks of a DocBook HTML page: (kind, text), kind 'title', 'para' or 'note'."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[tuple[str, str]] = []
        self.buf: list[str] = []
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, skipping, in sidebar)
        self.heading = False

    def _state(self) -> tuple[bool, bool]:
        return (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, False)

    def flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        self.buf = []
        if not text:
            return
        sidebar = self._state()[1]
        kind = "title" if self.heading else ("note" if sidebar else "para")
        self.out.append((kind, text))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        skipping, sidebar = self._state()
        if tag in ("br", "img", "hr", "meta", "link", "input"):
            return
        furniture = {"docnav", "toc", "programlisting", "screen", "navheader", "navfooter",
                     "indexterm", "footnotes", "copyright", "legalnotice"}
        # A sidebar's title ("PERSPECTIVE Beyond software") is a label, not a sentence.
        skipping = (skipping or tag in SKIP or a.get("id") == "title"
                    or bool(furniture & set(cls)) or (tag == "p" and "title" in cls))
        sidebar = sidebar or "sidebar" in cls
        if tag in BLOCKS or "para" in cls:
            self.flush()
            self.heading = tag in ("h1", "h2", "h3", "h4")
        self.stack.append((tag, skipping, sidebar))

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS or tag == "div":
            self.flush()
            self.heading = False
        while self.stack:
            t, _, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self._state()[0]:
            self.buf.append(data)


def blocks(path: Path) -> list[tuple[str, str]]:
    parser = Blocks()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.flush()
    return parser.out


def keep(kind: str, text: str) -> bool:
    if kind == "title":
        return 3 <= len(text) <= 90
    if kind == "note":
        return 30 <= len(text) <= 500 or text.startswith(("→ http", "http"))
    return len(text) >= 30 and len(re.findall(r"[^\W\d_]{2,}", text)) >= 5


def write(name: str, header: str, pages: list[Path]) -> None:
    lines = [f"# {ln}" if ln else "#" for ln in header.strip().splitlines()]
    for page in pages:
        lines.append("")
        lines.append(f"@ {page.name}")
        for kind, text in blocks(page):
            text = text.replace("¶", "").strip()
            if not keep(kind, text):
                continue
            prefix = {"title": "= ", "note": "~ ", "para": ""}[kind]
            lines.append(prefix + text)
    (HERE / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="folder the .deb files were unpacked into")
    args = parser.parse_args()
    history = args.root / HISTORY
    with gzip.open(history / "project-history.en.txt.gz", "rt", encoding="utf-8") as f:
        version = f.read()
    m = re.search(r"version:\s*(\S+)\s*\((\S+)\)", version)
    write("debian-history", f"""
A Brief History of Debian, English HTML pages of the Debian package debian-history
{m.group(1) if m else "?"} ({m.group(2) if m else "?"}), paragraphs extracted by extract.py.
Copyright 1999-2020 Debian Documentation Team, 2023 Debian Publicity Team; GPL-2+ (see
README.md and GPL-2). Changes: markup removed, whitespace collapsed, tables and lists of
contents left out.""", [history / f"{p}.en.html" for p in HISTORY_PAGES])
    handbook = args.root / HANDBOOK
    write("debian-handbook", """
The Debian Administrator's Handbook (Raphael Hertzog, Roland Mas), English HTML of the Debian
package debian-handbook 11.20220922, paragraphs of selected chapters extracted by extract.py.
Copyright 2003-2015 Raphael Hertzog, 2006-2015 Roland Mas, 2013-2015 Freexian SARL;
CC-BY-SA-3.0 or GPL-2+ (see README.md). Changes: markup removed, whitespace collapsed,
commands, screens and program listings left out.""", [handbook / f"{p}.html"
                                                     for p in HANDBOOK_PAGES])


if __name__ == "__main__":
    main()
