"""Output formats: text unchanged unless asked, page markers between words, jsonl records valid
against the shipped schema, Markdown front matter that a YAML parser reads back."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from cleanup import clean, formats
from cleanup.pipeline import Result
from cleanup.rules import RuleSet
from tests.conftest import SAMPLE, SYNTHETIC, all_fixtures

FIXTURES = all_fixtures()
IDS = [p.stem for p in FIXTURES]
MARKER = re.compile(r"\[page [^\]]+\]")
GOLDEN = Path(__file__).parent / "test_fixtures"


def _clean(path: Path, rules: RuleSet) -> Result:
    return clean(path.read_text(encoding="utf-8"), rules=rules, source=path.name)


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_text_is_unchanged_unless_asked(path: Path, rules: RuleSet) -> None:
    result = _clean(path, rules)
    assert formats.render(result) == result.text
    assert formats.render(result) == (GOLDEN / f"{path.stem}.txt").read_text(encoding="utf-8")
    # the blocks are the paragraphs the text is made of, in order
    assert "\n\n".join(b.text for b in result.blocks) + "\n" == result.text


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_page_markers_stand_between_words_and_take_nothing_away(path: Path,
                                                                 rules: RuleSet) -> None:
    result = _clean(path, rules)
    marked = formats.to_text(result, page_markers=True)
    for m in MARKER.finditer(marked):
        before = marked[m.start() - 1] if m.start() else "\n"
        after = marked[m.end()] if m.end() < len(marked) else "\n"
        assert before in " \n" and after in " \n", marked[m.start() - 20:m.end() + 20]
    # Taking the markers out gives the text back, byte for byte.
    unmarked = re.sub(r"\[page [^\]]+\]\n\n", "", marked)
    unmarked = re.sub(r" \[page [^\]]+\]", "", unmarked)
    assert unmarked == result.text
    # Every page that holds body text is marked once, in order.
    labels = result.report.page_labels
    body_pages = sorted({p for b in result.blocks if b.kind != "note" for p in b.pages})
    assert MARKER.findall(marked) == [formats.marker(labels[p], p) for p in body_pages]


def test_a_word_split_across_the_page_break_is_never_split_by_its_marker(
        rules: RuleSet) -> None:
    result = _clean(SYNTHETIC / "jstor_older_cover.txt", rules)
    marked = formats.to_text(result, page_markers=True)
    # "hard-" ends page 202 and "ware.3" opens page 203: the marker follows the whole word.
    assert "hardware.[^3] [page 203]" in marked
    assert marked.startswith("[page 201 (inferred)]\n\n")


@pytest.fixture(scope="module")
def schema() -> jsonschema.Draft7Validator:
    spec = formats.paragraph_schema()
    jsonschema.Draft7Validator.check_schema(spec)
    return jsonschema.Draft7Validator(spec)


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_jsonl_records_are_valid(path: Path, rules: RuleSet,
                                 schema: jsonschema.Draft7Validator) -> None:
    result = _clean(path, rules)
    lines = formats.to_jsonl(result).splitlines()
    records = [json.loads(line) for line in lines]
    for rec in records:
        errors = sorted(schema.iter_errors(rec), key=str)
        assert not errors, errors[0].message
    assert [r["index"] for r in records] == list(range(len(records)))
    assert "\n\n".join(r["text"] for r in records) + "\n" == result.text
    kinds = {r["kind"] for r in records}
    assert kinds <= {"heading", "body", "list_item", "note"}


def test_jsonl_knows_kinds_pages_and_flags(rules: RuleSet) -> None:
    records = formats.records(_clean(SAMPLE, rules))
    kinds = {r["kind"] for r in records}
    assert {"heading", "body", "note"} <= kinds
    spanning = [r for r in records if len(r["pages"]) > 1]
    assert spanning, "paragraphs run across page breaks in the seed"
    assert any(p == {"label": "13", "inferred": False} for r in spanning for p in r["pages"])
    assert any(r["flags"] for r in records)
    notes = [r for r in records if r["kind"] == "note"]
    assert all(r["text"].startswith(f"[^{r['note']}]:") for r in notes if "note" in r)


def test_the_schema_rejects_a_bad_record(schema: jsonschema.Draft7Validator) -> None:
    good = {"document": "a.txt", "index": 0, "kind": "body",
            "pages": [{"label": "3", "inferred": False}], "text": "x", "lines": "1-2",
            "flags": []}
    assert schema.is_valid(good)
    assert not schema.is_valid({**good, "kind": "paragraph"})
    assert not schema.is_valid({**good, "pages": []})
    assert not schema.is_valid({**good, "lines": "two"})


def _front_matter(md: str) -> dict:
    assert md.startswith("---\n")
    head, _, _ = md[4:].partition("\n---\n")
    return yaml.safe_load(head)


@pytest.mark.parametrize("path", FIXTURES, ids=IDS)
def test_markdown_front_matter_reads_back(path: Path, rules: RuleSet) -> None:
    result = _clean(path, rules)
    md = formats.to_markdown(result)
    meta = _front_matter(md)
    for name, key in formats.FRONT_MATTER_KEYS.items():
        if name in result.report.metadata:
            assert meta[key] == result.report.metadata[name]["value"]
        else:
            assert key not in meta
    assert meta["cleanup"]["source"] == path.name
    for name, f in result.report.metadata.items():
        assert meta["cleanup"]["fields"][name] == {"line": f["line"], "rule": f["rule"]}


def test_markdown_keeps_footnotes_and_marks_pages_in_comments(rules: RuleSet) -> None:
    result = _clean(SYNTHETIC / "jstor_older_cover.txt", rules)
    md = formats.to_markdown(result)
    meta = _front_matter(md)
    assert meta["title"] == "Standards Bodies and the Governance of Shared Code, 1968-1985"
    assert meta["author"] == ["Margaret E. Holloway"]
    assert meta["container-title"] == "Annals of Software Governance"
    assert meta["page"] == "201-204"
    body = md.split("\n---\n", 1)[1]
    assert re.search(r"^\[\^1\]: ", body, re.M) and "[^3]" in body
    assert re.findall(r"<!-- page ([^>]+) -->", body) == [
        "201 (inferred)", "202", "203", "204"]


def test_markdown_escapes_what_would_read_as_markup() -> None:
    md = formats.to_markdown(clean("# not a heading, a hash at the start of a sentence.\n"))
    assert "\n\\# not a heading" in md


def cli(*args: str | Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleanup", *map(str, args)], input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_cli_writes_each_format_and_the_metadata_beside_it(tmp_path: Path) -> None:
    src = SYNTHETIC / "jstor_modern_cover.txt"
    for fmt, suffix in (("markdown", ".md"), ("jsonl", ".jsonl"), ("text", ".txt")):
        out = tmp_path / fmt
        proc = cli("run", src, "--out", out, "--to", fmt)
        assert proc.returncode == 0, proc.stderr
        assert (out / f"jstor_modern_cover{suffix}").is_file()
        meta = json.loads((out / "jstor_modern_cover.meta.json").read_text(encoding="utf-8"))
        assert meta["metadata"]["url"] == {"value": "https://www.jstor.org/stable/resrep31339",
                                           "line": 4, "rule": "jstor.meta.url"}
        assert [p["label"] for p in meta["page_labels"]] == ["1", "2", "3", "4"]
    plain = (tmp_path / "text" / "jstor_modern_cover.txt").read_text(encoding="utf-8")
    assert plain == (GOLDEN / "jstor_modern_cover.txt").read_text(encoding="utf-8")
    proc = cli("run", "-", "--page-markers", stdin=src.read_text(encoding="utf-8"))
    assert proc.returncode == 0 and proc.stdout.startswith("[page 1]\n\n")
