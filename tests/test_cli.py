"""The command line as a user runs it: exit codes, one-line errors, batches that go on."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, SYNTHETIC


def cleanup(*args: str | Path, stdin: str | None = None, cwd: Path | None = None) \
        -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleanup", *map(str, args)], input=stdin,
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.txt").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (src / "sub" / "b.txt").write_text((SYNTHETIC / "jstor_modern.txt").read_text("utf-8"),
                                       encoding="utf-8")
    (src / "notes.md").write_text("not a text input\n")
    return src


def test_run_mirrors_folders_and_writes_text_and_report(corpus: Path, tmp_path: Path) -> None:
    before = digest(corpus)
    out = tmp_path / "out"
    proc = cleanup("run", corpus, "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert (out / "a.txt").is_file() and (out / "sub" / "b.txt").is_file()
    assert not (out / "notes.txt").exists()
    report = json.loads((out / "sub" / "b.json").read_text(encoding="utf-8"))
    assert {"source", "stats", "edits", "flags", "learned"} <= set(report)
    assert report["learned"]["headers"], "learned headers are listed in the report"
    # stdout holds the result (one total line); the per-file lines are progress, on stderr.
    (total,) = proc.stdout.strip().splitlines()
    assert total.startswith("cleaned 2 of 2 files")
    assert len(proc.stderr.strip().splitlines()) == 2 and " -> " in proc.stderr
    assert digest(corpus) == before, "input files must never change"
    assert (out / "a.txt").read_text(encoding="utf-8").endswith("\n")


def test_missing_and_bad_inputs_do_not_stop_the_batch(corpus: Path, tmp_path: Path) -> None:
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("caf\xe9 au lait\n".encode("latin-1"))
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0")
    out = tmp_path / "out"
    proc = cleanup("run", tmp_path / "missing.txt", latin1, binary, corpus / "a.txt",
                   "--out", out)
    assert proc.returncode == 1
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("cleanup: error:")]
    assert len(errors) == 2, proc.stderr
    assert "missing.txt" in errors[0] and "no such file" in errors[0]
    assert "image.txt" in errors[1] and "PNG image" in errors[1]
    assert "Traceback" not in proc.stderr
    assert (out / "a.txt").is_file()
    # A Latin-1 file is read, and its encoding named.
    assert (out / "latin1.txt").read_text(encoding="utf-8") == "café au lait\n"
    assert "read as latin-1" in proc.stderr
    assert "2 failed" in proc.stdout


def test_broken_user_rule_file_stops_before_any_file(corpus: Path, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "acme.toml").write_text(
        '[[rule]]\nid = "acme.stamp"\nstage = "watermarks"\naction = "drop"\n'
        'description = "x"\nmatch.regex = "Downloaded ("\nmust_keep = ["a"]\n'
        '[[rule.must_change]]\ninput = "b"\noutput = ""\n')
    out = tmp_path / "out"
    proc = cleanup("run", corpus, "--out", out, "--rules", rules)
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    # The line of the field at fault (match.regex), not only of the rule's header.
    assert "acme.toml:6" in line and "'acme.stamp'" in line and "regex does not compile" in line
    assert not out.exists()


def test_out_folder_may_not_be_an_input_folder(corpus: Path) -> None:
    proc = cleanup("run", corpus, "--out", corpus)
    assert proc.returncode == 2 and "is an input folder" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_out_folder_inside_input_is_not_cleaned_again(corpus: Path) -> None:
    assert cleanup("run", corpus, "--out", corpus / "clean").returncode == 0
    proc = cleanup("run", corpus, "--out", corpus / "clean")
    assert proc.returncode == 0 and "cleaned 2 of 2" in proc.stdout


def test_stdin_to_stdout(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    text = "A line that runs on\nThis content downloaded from 1.2.3.4 on Tue, 08 Feb 2022 " \
           "02:22:36 UTC\ninto the next page.\n"
    proc = cleanup("run", "-", "--report", report, stdin=text)
    assert proc.returncode == 0
    assert proc.stdout == "A line that runs on into the next page.\n"
    assert json.loads(report.read_text())["stats"]["watermarks"]["jstor.stamp"] == 1


def test_excessive_removal_is_flagged_and_still_written(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "greedy.toml").write_text(
        '[[rule]]\nid = "greedy.all"\nstage = "watermarks"\naction = "drop"\n'
        'description = "a bad rule that eats every line with an e"\nmatch.regex = ".*e.*"\n'
        'must_keep = ["xyz"]\n[[rule.must_change]]\ninput = "the"\noutput = ""\n')
    out = tmp_path / "out"
    proc = cleanup("run", SAMPLE, "--out", out, "--rules", rules)
    assert proc.returncode == 0
    assert "EXCESSIVE REMOVAL" in proc.stderr  # on the file's progress line
    report = json.loads((out / f"{SAMPLE.stem}.json").read_text(encoding="utf-8"))
    assert "excessive_removal" in [f["kind"] for f in report["flags"]]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert cleanup("run", SAMPLE).returncode == 2  # no --out
    assert cleanup("run", "--out", tmp_path).returncode == 2  # no input
    assert cleanup().returncode == 2


def test_version_and_help_start_without_heavy_imports() -> None:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "cleanup", "--version"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.startswith("cleanup ")
    assert "pypdf" not in proc.stderr and "ftfy" not in proc.stderr


def test_parallel_jobs_give_the_same_output(corpus: Path, tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert cleanup("run", corpus, "--out", one).returncode == 0
    assert cleanup("run", corpus, "--out", two, "--jobs", "2").returncode == 0
    assert digest(one).keys() == digest(two).keys()
    for name in digest(one):
        a, b = (one / name).read_text("utf-8"), (two / name).read_text("utf-8")
        if name.endswith(".json"):
            a, b = (json.loads(x) | {"output": None} for x in (a, b))
        assert a == b, name


def test_footnotes_option(tmp_path: Path) -> None:
    text = "A claim.1 More text\nfollows here.\n \n \n1 The source.\n"
    linked = cleanup("run", "-", stdin=text).stdout
    stripped = cleanup("run", "-", "--footnotes", "strip", stdin=text).stdout
    assert "claim.[^1]" in linked and "[^1]: The source." in linked
    assert stripped == "A claim. More text follows here.\n"
    assert cleanup("run", "-", "--footnotes", "bogus", stdin=text).returncode == 2


def test_outputs_get_the_usual_file_mode(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert cleanup("run", SAMPLE, "--out", out).returncode == 0
    mode = (out / SAMPLE.name).stat().st_mode & 0o777
    assert mode & 0o044, f"cleaned text is private ({oct(mode)}): others cannot read it"
