"""`cleanup diff` and `cleanup explain`: every change labelled by its rule, nothing unaccounted.

Golden files (tests/test_diff/) are reviewed by eye, never blindly regenerated.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cleanup import clean
from cleanup.diffing import (
    Attribution,
    MismatchError,
    attribute,
    explain,
    render_stat,
    render_text,
    to_json,
)
from cleanup.pipeline import Result
from cleanup.report import Report, decode_lines, encode_lines
from cleanup.rules import RuleSet
from tests.conftest import SAMPLE, SYNTHETIC, all_fixtures

# ARTIFACTS.md, "Watermarks, headers, page furniture -> removed": each line and its rule.
REMOVED = {256: "jstor.stamp", 257: "jstor.terms", 653: "jstor.stamp", 654: "jstor.terms",
           261: "furniture.learned", 263: "crisis-group.page-footer", 658: "furniture.learned",
           660: "crisis-group.page-footer"}
STAGE_OF = {"jstor.stamp": "watermarks", "jstor.terms": "watermarks",
            "furniture.learned": "furniture", "crisis-group.page-footer": "furniture"}
ROW = re.compile(r"^(?P<mark>.) +(?P<no>\d+) +(?:¶\d+)? │ ")


def cleanup(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleanup", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def rows(diff: str) -> dict[int, str]:
    """Input line number -> its row in a plain terminal diff, with the rows under it (the words
    a change wrote, its flags)."""
    out: dict[int, str] = {}
    last = None
    for line in diff.splitlines():
        m = ROW.match(line)
        if m:
            last = int(m["no"])
            out[last] = line
        elif last is not None and line.startswith(" "):
            out[last] += "\n" + line
    return out


@pytest.fixture(scope="module")
def sample(rules: RuleSet) -> tuple[str, Result]:
    text = SAMPLE.read_text(encoding="utf-8")
    return text, clean(text, rules=rules, source=SAMPLE.name)


@pytest.fixture(scope="module")
def att(sample: tuple[str, Result]) -> Attribution:
    text, result = sample
    return attribute(text, result.text, result.report, SAMPLE.name, "cleaned")


# --- the sample: ARTIFACTS removals, stats -------------------------------------------------


def test_each_artifacts_removal_is_shown_with_its_rule(att: Attribution) -> None:
    shown = rows(render_text(att))
    for no, rule in REMOVED.items():
        assert shown[no].startswith("-"), shown[no]
        assert f"[{STAGE_OF[rule]} {rule}]" in shown[no], shown[no]
    # The blank and one-space lines around them are gone too, as layout, with no rule needed.
    for no in [*range(258, 273), *range(655, 670)]:
        if no not in REMOVED:
            assert att.line(no).status == "blank" and not att.line(no).text.strip()


def test_artifacts_table_lists_the_lines_this_test_checks(shared: Path) -> None:
    text = (shared / "ARTIFACTS.md").read_text(encoding="utf-8")
    table = text.split("## Watermarks, headers, page furniture", 1)[1].split("\n## ", 1)[0]
    listed: set[int] = set()
    for row in table.splitlines():
        cells = [c.strip() for c in row.split("|")]
        if len(cells) > 3 and cells[-2] == "gone" and "blank" not in cells[2]:
            for part in cells[1].split(","):
                a, _, b = part.strip().partition("-")
                listed.update(range(int(a), int(b or a) + 1))
    assert listed == set(REMOVED)


def test_cli_shows_each_removal_with_its_rule() -> None:
    proc = cleanup("diff", SAMPLE)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b[" not in proc.stdout, "piped output is plain"
    shown = rows(proc.stdout)
    for no, rule in REMOVED.items():
        assert shown[no].startswith("-") and rule in shown[no]


def _stat_table(text: str) -> dict[str, dict[str, int]]:
    stats: dict[str, dict[str, int]] = {}
    for line in text.splitlines()[1:]:
        if line.startswith(("total:", "not recorded", " ")):
            continue
        cells = line.split()
        if cells[1] == "(lines":
            stats[cells[0]]["lines_removed"] = int(cells[3])
        else:
            stats.setdefault(cells[0], {})[cells[1]] = int(cells[2])
    return stats


def test_stat_totals_equal_the_report_stats(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cleanup("run", SAMPLE, "--out", out).returncode == 0
    report = json.loads((out / f"{SAMPLE.stem}.json").read_text(encoding="utf-8"))
    for args in [(SAMPLE,), (SAMPLE, out / SAMPLE.name)]:
        proc = cleanup("diff", *args, "--stat")
        assert proc.returncode == 0, proc.stderr
        assert _stat_table(proc.stdout) == report["stats"]
        edits = sum(n for stage, c in report["stats"].items() if stage != "flags"
                    for k, n in c.items() if k != "lines_removed")
        removed = sum(c.get("lines_removed", 0) for c in report["stats"].values())
        flags = len(report["flags"])
        assert f"total: {edits} edits, {removed} lines removed, {flags} flags" in proc.stdout
        as_json = json.loads(cleanup("diff", *args, "--stat", "--format", "json").stdout)
        assert as_json["stats"] == report["stats"]


def test_every_edit_of_the_report_is_labelled_in_the_diff(att: Attribution) -> None:
    shown = rows(render_text(att, context=0))
    for e in att.report.edits:
        assert any(f"{e.stage} {e.rule}" in shown[n] for n in e.lines), e


@pytest.mark.parametrize("path", all_fixtures(), ids=[p.stem for p in all_fixtures()])
def test_nothing_changes_without_a_trace(path: Path, rules: RuleSet) -> None:
    """Every input line is kept, removed by an edit, or blank; every changed word is credited."""
    text = path.read_text(encoding="utf-8")
    result = clean(text, rules=rules, source=path.name)
    a = attribute(text, result.text, result.report)
    assert [k for k in a.unrecorded() if k.startswith("no edit")] == []
    # Each output paragraph is exactly its pieces, each piece from one of its input lines.
    for p, segs in enumerate(a.segments, start=1):
        assert {s.line for s in segs} <= set(a.provenance[p - 1])
        assert "".join(a.paragraphs[p - 1][s.start:s.end] for s in segs).replace(" ", "") == \
            a.paragraphs[p - 1].replace(" ", "")


def test_golden_terminal_diff(att: Attribution, file_regression: Any) -> None:
    file_regression.check(render_text(att), basename="sample_diff", extension=".txt")


def test_golden_stat(att: Attribution, file_regression: Any) -> None:
    file_regression.check(render_stat(att), basename="sample_stat", extension=".txt")


def test_golden_json_diff(att: Attribution, file_regression: Any) -> None:
    data = to_json(att)
    assert data["stats"] == att.report.stats()
    file_regression.check(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                          basename="sample_diff", extension=".json")


# --- attribution on small cases ------------------------------------------------------------

STAMPED = ("A report that begins here and runs to the foot of\n"
           "This content downloaded from 1.2.3.4 on Tue, 08 Feb 2022 02:22:36 UTC\n"
           "the page, where it ends.\n")


def test_a_removed_line_and_the_join_across_it(rules: RuleSet) -> None:
    result = clean(STAMPED, rules=rules)
    a = attribute(STAMPED, result.text, result.report)
    assert a.line(2).status == "removed"
    (stamp,) = [a.changes[c] for c in a.line(2).changes]
    assert (stamp.kind, stamp.label) == ("remove", "watermarks jstor.stamp")
    (join,) = [a.changes[c] for c in a.line(3).changes]
    assert join.kind == "join" and join.lines == (1, 3) and "page break" in join.reason
    assert join.label == "paragraphs paragraphs.continue-across"


def test_an_edit_missing_from_the_report_shows_as_unrecorded(rules: RuleSet) -> None:
    result = clean(STAMPED, rules=rules)
    report = result.report
    report.edits = [e for e in report.edits if e.rule != "jstor.stamp"]
    a = attribute(STAMPED, result.text, report)
    assert a.line(2).status == "lost"
    assert a.unrecorded()["no edit: line lost"] == 1
    assert rows(render_text(a))[2].startswith("?")


def test_text_changed_without_an_edit_shows_as_unrecorded(rules: RuleSet) -> None:
    result = clean(STAMPED, rules=rules)
    tampered = result.text.replace("foot", "head")
    a = attribute(STAMPED, tampered, result.report)
    (span,) = a.spans
    assert (span.before, span.after, span.lines) == ("foot", "head", (1,))
    assert a.changes[span.change].key == "no edit: text changed"


def test_a_recorded_replacement_is_credited_to_its_rule(rules: RuleSet) -> None:
    text = "The ﬁrst line of a paragraph that goes on\nto a second line.\n"
    result = clean(text, rules=rules)
    a = attribute(text, result.text, result.report)
    (span,) = a.spans
    assert span.before == "ﬁrst" and span.after == "first"
    assert a.changes[span.change].stage == "normalize"
    assert a.changes[span.change].edit is not None


def test_a_report_of_another_input_is_refused(rules: RuleSet) -> None:
    result = clean(STAMPED, rules=rules)
    with pytest.raises(MismatchError, match="3-line input"):
        attribute(STAMPED + "one more line\n", result.text, result.report)
    with pytest.raises(MismatchError, match="output paragraphs"):
        attribute(STAMPED, result.text + "\nAnother paragraph.\n", result.report)


def test_provenance_is_compact_and_round_trips(sample: tuple[str, Result]) -> None:
    report = sample[1].report
    d = report.to_dict()
    assert len(d["paragraphs"]) == len(sample[1].text.rstrip("\n").split("\n\n"))
    assert all(isinstance(p, str) for p in d["paragraphs"])
    assert Report.from_dict(json.loads(json.dumps(d))).paragraphs == report.paragraphs
    assert decode_lines(encode_lines((3, 4, 5, 9))) == (3, 4, 5, 9)
    with pytest.raises(ValueError):
        decode_lines("9-3")


# --- explain --------------------------------------------------------------------------------


def test_explain_a_removed_line(att: Attribution, rules: RuleSet) -> None:
    d = explain(att, 256, rules)
    assert d["status"] == "removed"
    (ch,) = d["changes"]
    assert ch["label"] == "watermarks jstor.stamp"
    assert any("jstor.toml" in e and "JSTOR download stamp" in e for e in ch["evidence"])


def test_explain_a_paragraph_continued_over_a_page(att: Attribution, rules: RuleSet) -> None:
    d = explain(att, 670, rules)
    assert d["status"] == "kept"
    assert "predominantly Pashtun Deobandi" in d["paragraph"]["text"]
    (join,) = d["changes"]
    assert join["lines"] == [618, 670] and "page break" in join["reason"]


def test_explain_cli(tmp_path: Path) -> None:
    proc = cleanup("explain", SAMPLE, "--line", "660")
    assert proc.returncode == 0, proc.stderr
    assert "removed by furniture crisis-group.page-footer" in proc.stdout
    assert "known running header" in proc.stdout
    as_json = json.loads(cleanup("explain", SAMPLE, "-n", "94", "--format", "json").stdout)
    assert as_json["changes"][0]["rule"] == "headings.roman"
    bad = cleanup("explain", SAMPLE, "--line", "9999")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert "no line 9999" in bad.stderr


# --- the command line: modes, colour, context, errors ---------------------------------------


def test_diff_against_cleaned_file_uses_its_report(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cleanup("run", SAMPLE, "--out", out).returncode == 0
    cleaned = out / SAMPLE.name
    saved = cleanup("diff", SAMPLE, cleaned)
    memory = cleanup("diff", SAMPLE)
    assert saved.returncode == 0 and saved.stderr == ""
    assert saved.stdout.splitlines()[2:] == memory.stdout.splitlines()[2:]
    # Without its report, the input is cleaned again; the same text is attributed, with a note.
    (out / f"{SAMPLE.stem}.json").unlink()
    again = cleanup("diff", SAMPLE, cleaned)
    assert again.returncode == 0 and "cleaning" in again.stderr
    assert again.stdout.splitlines()[2:] == memory.stdout.splitlines()[2:]
    cleaned.write_text("Some other text.\n", encoding="utf-8")
    other = cleanup("diff", SAMPLE, cleaned)
    assert other.returncode == 1 and len(other.stderr.strip().splitlines()) == 1
    assert "gives a different text" in other.stderr


def test_report_of_another_document_is_one_line_error(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cleanup("run", SAMPLE, SYNTHETIC / "plain.txt", "--out", out).returncode == 0
    proc = cleanup("diff", SYNTHETIC / "plain.txt", out / SAMPLE.name)
    assert proc.returncode == 1
    (line,) = proc.stderr.strip().splitlines()
    assert f"{SAMPLE.stem}.json" in line and "835-line input" in line


@pytest.mark.parametrize(("args", "code", "message"), [
    (["missing.txt"], 1, "missing.txt: no such file"),
    ([SAMPLE, "missing.txt"], 1, "missing.txt: no such file"),
    ([SAMPLE, "--context", "-1"], 2, "--context"),
])
def test_bad_input_is_one_line(args: list[Any], code: int, message: str,
                               tmp_path: Path) -> None:
    proc = cleanup("diff", *args, cwd=tmp_path)
    assert proc.returncode == code
    (line,) = proc.stderr.strip().splitlines()
    assert message in line and "Traceback" not in proc.stderr


def test_file_and_folder_do_not_mix(tmp_path: Path) -> None:
    proc = cleanup("diff", SAMPLE, tmp_path)
    assert proc.returncode == 2 and "is a folder" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_binary_input_is_one_line(tmp_path: Path) -> None:
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    proc = cleanup("diff", binary)
    assert proc.returncode == 1 and "binary" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_colour_and_context(att: Attribution) -> None:
    coloured = render_text(att, color=True)
    assert "\x1b[31m" in coloured and "\x1b[0m" in coloured
    assert re.sub(r"\x1b\[[\d;]*m", "", coloured) == render_text(att)
    narrow, wide = render_text(att, context=0), render_text(att, context=6)
    changed = {n for n in range(1, len(att.lines) + 1) if att.line(n).changed}
    assert set(rows(narrow)) == changed
    assert set(rows(wide)) > changed
    proc = cleanup("diff", SAMPLE, "--color", "always", "--context", "0")
    assert "\x1b[" in proc.stdout


def test_json_format_lists_every_change() -> None:
    proc = cleanup("diff", SAMPLE, "--format", "json")
    d = json.loads(proc.stdout)
    removed = {n: c["rule"] for c in d["changes"] if c["kind"] == "remove" for n in c["lines"]}
    # ARTIFACTS' removals, and the three footnote numbers whose bodies were lost (6, 60, 74)
    assert removed == {**REMOVED, 187: "footnotes.markers", 714: "footnotes.markers",
                       824: "footnotes.markers"}


def test_diff_help_starts_without_heavy_imports() -> None:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "cleanup", "diff", "--help"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "--stat" in proc.stdout
    assert "ftfy" not in proc.stderr and "rapidfuzz" not in proc.stderr


def test_flags_show_where_they_occur(rules: RuleSet) -> None:
    from cleanup.report import Flag

    result = clean(STAMPED, rules=rules)
    result.report.flags.append(Flag("truncated", 3, "the page", "line cut at the end", 0.75))
    result.report.flags.append(Flag("excessive_removal", 0, "", "rules removed too much"))
    a = attribute(STAMPED, result.text, result.report)
    text = render_text(a, context=0).splitlines()
    assert text[2] == "! flag excessive_removal: rules removed too much"
    row = next(i for i, line in enumerate(text) if ROW.match(line) and " 3 " in line[:8])
    assert text[row + 1].strip() == "⚑ flag truncated (0.75): line cut at the end"
    assert explain(a, 3)["flags"][0]["kind"] == "truncated"
    # (three lines with one removed: the pipeline flags excessive removal itself, at line 2)
    assert to_json(a)["stats"]["flags"] == {"excessive_removal": 2, "truncated": 1}
