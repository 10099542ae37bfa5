"""Reliability: hostile files, pipes, signals, mistakes on the command line and in config.

The battery runs `cleanup run` as a user would, over a folder of files from the wild (other
encodings, NULs, control characters, a 10 MB line, a symlink loop, odd names) and checks that
every text file is cleaned, every other file is named in one error line, and nothing prints a
traceback.
"""

from __future__ import annotations

import codecs
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleanup import batch, clean
from cleanup.diffing import attribute
from cleanup.rules import RuleError, load_rules, project_config
from cleanup.textfile import NotText, decode
from tests.conftest import SAMPLE, SYNTHETIC

CONTROL = [chr(c) for c in (*range(0, 9), 0x0B, *range(0x0E, 0x20), 0x7F)]
PLAIN = (SYNTHETIC / "plain.txt").read_text(encoding="utf-8")
FRENCH = "Les « élèves » ont dû payer 10 € — c’est cher.\nUn café naïf, señor.\n"
GERMAN = "Die Größe der Straße ist übermäßig; Müller sagte: »Nein«.\n"
NUL_STAMP = ("\0\0\0This content downloaded from\n"
             "\0\0\0\061.69.201.98 on Wed, 28 Oct 2020 03:00:17 UTC\0\0\0\n")


def cleanup(*args: object, stdin: str | None = None, **kw: object) \
        -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleanup", *map(str, args)], input=stdin,
                          capture_output=True, text=True, timeout=600, **kw)  # type: ignore


def errors(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln.startswith("cleanup: error:")]


# -- the battery -------------------------------------------------------------------------------

def hostile_folder(root: Path) -> tuple[dict[str, str], set[str]]:
    """Write the battery; returns {text file: a phrase its output must hold} and the names
    of the files that are not text (each must get one error line)."""
    src = root / "in"
    src.mkdir()
    half = PLAIN.index("\n", len(PLAIN) // 2) + 1  # a line boundary mid-way
    texts = {
        "empty.txt": (b"", ""),
        "cp1252.txt": (FRENCH.encode("cp1252"), "10 € — c’est cher"),
        "latin1.txt": (GERMAN.encode("latin-1"), "Die Größe der Straße"),
        "utf16le.txt": (codecs.BOM_UTF16_LE + FRENCH.encode("utf-16-le"), "Un café naïf"),
        "utf16be.txt": (codecs.BOM_UTF16_BE + FRENCH.encode("utf-16-be"), "Un café naïf"),
        "utf8bom.txt": (codecs.BOM_UTF8 + FRENCH.encode(), "Les « élèves »"),
        "crlf.txt": (PLAIN.replace("\n", "\r\n").encode(), PLAIN.split("\n")[0].strip()),
        "cr.txt": (PLAIN.replace("\n", "\r").encode(), PLAIN.split("\n")[0].strip()),
        "long.txt": (("word " * 2_000_000 + "\n").encode(), "word word"),
        "formfeed.txt": ((SYNTHETIC / "formfeed.txt").read_bytes(), "\n"),
        "nulpad.txt": ((PLAIN[:half] + NUL_STAMP + PLAIN[half:]).encode(),
                       PLAIN.split("\n")[0].strip()),
        "nul8k.txt": (("x " * 5000 + "\0after the NUL\n").encode(), "after the NUL"),
        "control.txt": (("bell\x07 and\x1b escape\x18\n" + PLAIN).encode(), "bell and escape"),
        "-x.txt": (b"A file whose name starts with a dash.\n", "starts with a dash"),
        "new\nline.txt": (b"A file whose name holds a newline.\n", "holds a newline"),
    }
    for name, (data, _) in texts.items():
        (src / name).write_bytes(data)
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (src / "zeros.txt").write_bytes(b"\0" * 4096)
    (src / "noise.txt").write_bytes(bytes((i * 7919) % 256 for i in range(20_000)))
    os.symlink("loop-b.txt", src / "loop-a.txt")
    os.symlink("loop-a.txt", src / "loop-b.txt")
    os.mkfifo(src / "fifo.txt")
    bad = {"binary.txt", "zeros.txt", "noise.txt", "loop-a.txt", "loop-b.txt", "fifo.txt"}
    if os.geteuid() != 0:  # root reads any file: unreadable is tested in-process below
        (src / "unreadable.txt").write_bytes(b"secret\n")
        (src / "unreadable.txt").chmod(0)
        bad.add("unreadable.txt")
    return {n: phrase for n, (_, phrase) in texts.items()}, bad


@pytest.mark.slow
def test_hostile_file_battery(tmp_path: Path) -> None:
    texts, bad = hostile_folder(tmp_path)
    out = tmp_path / "out"
    proc = cleanup("run", tmp_path / "in", "-o", out, "--format", "json")
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 1  # some files are not text
    summary = json.loads(proc.stdout)
    # Every other file is named in exactly one error line, and says why.
    failed = errors(proc.stderr)
    assert len(failed) == len(bad), proc.stderr
    for name in bad:
        (line,) = [ln for ln in failed if f"/{name}:" in ln]
        assert line.count("\n") == 0 and len(line) < 300
    # Every text file is cleaned: UTF-8 out, no control character, its text kept.
    for name, phrase in texts.items():
        written = out / Path(name).with_suffix(".txt").name
        text = written.read_text(encoding="utf-8")
        assert not any(c in text for c in CONTROL if c != "\n"), name
        assert "\r" not in text and "\ufeff" not in text, name
        assert phrase in text, (name, text[:200])
    assert summary["cleaned"] == len(texts) and summary["failed"] == len(bad)
    # The encoding is named in each report.
    enc = {n: json.loads((out / Path(n).with_suffix(".json").name).read_text())["learned"]
           ["encoding"] for n in ("cp1252.txt", "latin1.txt", "utf16le.txt", "utf16be.txt",
                                  "utf8bom.txt", "crlf.txt")}
    assert enc["cp1252.txt"]["encoding"] == "cp1252" and enc["cp1252.txt"]["confidence"] >= 0.8
    assert enc["latin1.txt"]["encoding"] == "latin-1"
    assert enc["utf16le.txt"] == {"encoding": "utf-16-le", "confidence": 1.0, "by": "bom"}
    assert enc["utf16be.txt"]["encoding"] == "utf-16-be"
    assert enc["utf8bom.txt"]["by"] == "bom" and enc["crlf.txt"]["by"] == "utf-8"
    # The NUL-padded JSTOR stamp is read, cleaned and removed; the NULs are counted.
    report = json.loads((out / "nulpad.json").read_text())
    assert "This content downloaded" not in (out / "nulpad.txt").read_text(encoding="utf-8")
    assert report["learned"]["control_chars_removed"] == 9  # three runs of three NULs
    # A file name with a newline does not split its progress line.
    (line,) = [ln for ln in proc.stderr.splitlines() if "holds" in ln or "new\\nline" in ln]
    assert "new\\nline.txt -> " in line
    assert not list(out.glob(".*.tmp")), "no temporary file is left"


def test_unreadable_file_is_one_error_and_the_batch_goes_on(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) \
        -> None:
    (tmp_path / "a.txt").write_text("Readable text.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Secret text.\n", encoding="utf-8")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "b.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    plan = batch.plan([str(tmp_path)], tmp_path / "out")
    outcomes = list(batch.run(plan.jobs, load_rules(use_project_config=False)))
    assert outcomes[0].error is None
    assert outcomes[1].error == f"{tmp_path / 'b.txt'}: cannot read: Permission denied"
    assert (tmp_path / "out" / "a.txt").is_file() and not (tmp_path / "out" / "b.txt").exists()


def test_sigkill_mid_batch_then_rerun_gives_every_output_whole(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(1, 41):
        shutil.copy(SAMPLE, src / f"r{i}.txt")
    reference = tmp_path / "ref"
    assert cleanup("run", src / "r1.txt", "-o", reference, "-q").returncode == 0
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "cleanup", "run", src, "-o", out, "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list(out.glob("*.json"))) < 3:
        time.sleep(0.05)
    proc.kill()
    proc.wait()
    # What a kill leaves: whole outputs, maybe a temporary file; never a half-written output.
    want = (reference / "r1.txt").read_text(encoding="utf-8")
    for path in out.glob("*.txt"):
        assert path.read_text(encoding="utf-8") == want, path
    (out / ".r40.txt.abcd1234.tmp").write_text("half a file")  # as a kill mid-write leaves
    rerun = cleanup("run", src, "-o", out, "-q")
    assert rerun.returncode == 0, rerun.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"r{i}.txt" for i in range(1, 41)] + [f"r{i}.json" for i in range(1, 41)]
        + [f"r{i}.meta.json" for i in range(1, 41)])
    assert all((out / f"r{i}.txt").read_text(encoding="utf-8") == want for i in range(1, 41))


# -- encodings and binary evidence -------------------------------------------------------------

@pytest.mark.parametrize(("data", "encoding"), [
    (FRENCH.encode("cp1252"), "cp1252"),
    (GERMAN.encode("latin-1"), "latin-1"),
    (("The committee’s report — published in 2019 — found that “most” paid €10.\n" * 3)
     .encode("cp1252"), "cp1252"),
    ("Привет, как дела? Это русский текст в кодировке Windows.\n".encode("cp1251"), "cp1251"),
    (codecs.BOM_UTF32_LE + "hello\n".encode("utf-32-le"), "utf-32-le"),
])
def test_other_encodings_are_read_and_named(data: bytes, encoding: str) -> None:
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert decoded.text == data.decode(encoding.replace("-le", "-le")).lstrip("\ufeff")


def test_utf8_is_never_decoded_as_anything_else() -> None:
    text = "Zürich, naïve café — “quoted” ﬁne; Ã© stays as written\n" * 50
    assert decode(text.encode()).text == text
    damaged = text.encode().replace(b"written\n", b"written\xff\n", 1)
    got = decode(damaged)
    assert got.encoding == "utf-8" and got.replaced == 1 and "Zürich" in got.text


@pytest.mark.parametrize(("data", "why"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF file"),
    (b"PK\x03\x04\x14\x00\x06\x00", "ZIP archive"),
    (b"\x7fELF\x02\x01\x01\x00" + b"\0" * 100, "ELF"),
    (b"\0" * 1000, "binary"),
    (bytes(range(256)) * 20, "binary"),
])
def test_binary_only_by_evidence(data: bytes, why: str) -> None:
    with pytest.raises(NotText, match=why):
        decode(data)


def test_a_single_nul_does_not_make_a_file_binary() -> None:
    assert decode(b"text " * 2000 + b"\0 more text\n").text.endswith("more text\n")
    assert decode(NUL_STAMP.encode()).encoding == "utf-8"


def test_below_the_confidence_floor_names_the_best_guess() -> None:
    # Bytes that decode in single-byte code pages but read as no language.
    data = bytes([0xE9, 0xFF, 0xFE, 0xD0, 0xDE, 0xF0, 0xBE, 0xAD]) * 40
    with pytest.raises(NotText, match=r"best guess \S+, confidence 0\.\d\d"):
        decode(data)


# -- control characters: one policy ------------------------------------------------------------

def test_control_characters_go_from_every_line_and_cleaning_is_idempotent() -> None:
    x = "a\x18b\nc é\n"
    once = clean(x).text
    assert once == clean(once).text
    assert "\x18" not in once
    result = clean("\0\0\0" + PLAIN.replace("the", "th\x07e", 3) + "\x7f\n")
    assert result.report.learned["control_chars_removed"] == 7
    assert not any(c in result.text for c in CONTROL if c != "\n")
    assert {e.rule for e in result.report.edits if e.stage == "normalize"} >= {
        "normalize.control-chars"}


def test_jstor_stamp_padded_with_nuls_is_removed() -> None:
    text = "A paragraph runs to the foot of the\n" + NUL_STAMP + "page and on.\n"
    result = clean(text)
    assert result.text == "A paragraph runs to the foot of the page and on.\n"


# -- crashes and guards from the fuzz ----------------------------------------------------------

def test_footnote_segments_survive_a_restart_line_that_was_removed() -> None:
    from cleanup.document import Document
    from cleanup.layout import NoteBlock  # noqa: F401 - the type the stage reads
    from cleanup.stages import footnotes

    doc = Document.from_text("one\ntwo\nthree\n")

    class Block:
        restart = True
        starts = ((1, 99),)  # a line number no longer in the document

    doc.note_blocks = [Block()]
    assert footnotes._segments(doc, [], []) == [([], [])]
    assert footnotes._segments(Document("x", []), [], []) == [([], [])]


def test_footnotes_strip_does_not_trip_the_removal_guard() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    result = clean(text, footnotes="strip")
    assert not [f for f in result.report.flags if f.kind == "excessive_removal"]
    assert any(e.reason == "--footnotes=strip" for e in result.report.edits)


# -- pipes and signals ------------------------------------------------------------------------

def closed_pipe_run(args: list[str], cwd: Path | None = None) \
        -> tuple[int, str]:
    """Run cleanup with stdout a pipe whose reader has already gone (as `| head` leaves it)."""
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run([sys.executable, "-m", "cleanup", *args], stdout=write,
                              stderr=subprocess.PIPE, text=True, timeout=600, cwd=cwd)
    finally:
        os.close(write)
    return proc.returncode, proc.stderr


@pytest.mark.parametrize("args", [
    ["rules", "list"], ["rules", "show", "jstor.stamp"], ["rules", "schema"],
    ["diff", str(SAMPLE), "--format", "json"], ["diff", str(SAMPLE)],
    ["explain", str(SAMPLE), "-n", "5"],
])
def test_a_closed_stdout_ends_quietly(args: list[str]) -> None:
    code, stderr = closed_pipe_run(args)
    assert code == 0 and stderr == "", stderr


def test_a_closed_pipe_does_not_stop_the_batch(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(1, 17):
        shutil.copy(SYNTHETIC / "plain.txt", src / f"r{i}.txt")
    code, stderr = closed_pipe_run(["run", str(src), "-o", str(tmp_path / "out")])
    assert code == 0 and "Traceback" not in stderr and "Broken" not in stderr
    assert len(list((tmp_path / "out").glob("*.meta.json"))) == 16
    assert len(list((tmp_path / "out").glob("*.txt"))) == 16
    read, write = os.pipe()
    os.close(read)
    proc = subprocess.run([sys.executable, "-m", "cleanup", "run", str(src), "-o",
                           str(tmp_path / "out2")], stdout=subprocess.PIPE, stderr=write,
                          text=True, timeout=600)
    os.close(write)
    assert proc.returncode == 0 and len(list((tmp_path / "out2").glob("*.txt"))) == 16


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_exits_130_with_one_line_and_no_partial_output(tmp_path: Path, jobs: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(1, 301):
        shutil.copy(SAMPLE, src / f"r{i}.txt")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "cleanup", "run", src, "-o", out, "-q",
                             "-j", jobs], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=lambda: signal.signal(signal.SIGINT,
                                                                        signal.SIG_DFL))
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and len(list(out.glob("*.json"))) < 2:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 130, stderr
    (line,) = stderr.splitlines()
    assert line.startswith("cleanup: interrupted") and "Traceback" not in stderr
    # Text, report and NAME.meta.json are written together: all three or none.
    texts = {p.stem for p in out.glob("*.txt")}
    reports = {p.stem for p in out.glob("*.json") if not p.name.endswith(".meta.json")}
    metas = {p.name.removesuffix(".meta.json") for p in out.glob("*.meta.json")}
    assert texts == reports == metas and 0 < len(texts) < 300
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "no temporary file left"


# -- the command line: mistakes get one clear line ---------------------------------------------

def test_a_file_named_with_a_dash_gets_a_hint(tmp_path: Path) -> None:
    (tmp_path / "-x.txt").write_text("Text.\n", encoding="utf-8")
    proc = cleanup("run", "-x.txt", "-o", "out", cwd=tmp_path)
    assert proc.returncode == 2 and "put '--' before file names" in proc.stderr
    ok = cleanup("run", "-o", "out", "--", "-x.txt", cwd=tmp_path)
    assert ok.returncode == 0 and (tmp_path / "out" / "-x.txt").is_file()


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_jobs_must_be_one_or_more(jobs: str) -> None:
    proc = cleanup("run", SAMPLE, "-o", "/tmp/never-written", f"--jobs={jobs}")
    assert proc.returncode == 2 and "--jobs" in proc.stderr
    assert "must be" in proc.stderr and not Path("/tmp/never-written").exists()


def test_inputs_are_cleaned_in_natural_order(tmp_path: Path) -> None:
    for name in ("r10.txt", "r2.txt", "r1.txt", "R11.txt"):
        (tmp_path / name).write_text("Text.\n", encoding="utf-8")
    plan = batch.plan([str(tmp_path)], tmp_path / "out")
    assert [j.source.name for j in plan.jobs] == ["r1.txt", "r2.txt", "r10.txt", "R11.txt"]


def test_a_symlink_loop_is_one_error_and_the_batch_goes_on(tmp_path: Path) -> None:
    os.symlink("b.txt", tmp_path / "a.txt")
    os.symlink("a.txt", tmp_path / "b.txt")
    (tmp_path / "c.txt").write_text("Text.\n", encoding="utf-8")
    plan = batch.plan([str(tmp_path), str(tmp_path / "a.txt")], tmp_path / "out")
    assert [j.source.name for j in plan.jobs] == ["c.txt"]
    assert len(plan.errors) == 3 and all("symbolic link loop" in e for e in plan.errors)


@pytest.mark.parametrize("command", [["diff"], ["explain", "-n", "1"]])
def test_diff_and_explain_report_a_slow_pattern_as_run_does(tmp_path: Path,
                                                            command: list[str]) -> None:
    from tests.test_timeouts import CATASTROPHIC, DASHES, rule_file

    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "slow.toml").write_text(rule_file(CATASTROPHIC), encoding="utf-8")
    doc = tmp_path / "doc.txt"
    doc.write_text("Text.\n" + DASHES + "\nMore text.\n", encoding="utf-8")
    proc = cleanup(*command[:1], doc, *command[1:], "--rules", tmp_path / "rules")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    (line,) = proc.stderr.splitlines()
    assert line.startswith(f"cleanup: error: {doc}: ") and "acme.dashes" in line


def test_every_problem_of_a_rule_file_with_its_line_and_a_suggestion(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text(
        '[[rule]]\nid = "acme.one"\nstage = "watermarks"\naction = "drop"\n'
        'descripton = "misspelt"\nmatch.regex = "("\nmust_keep = ["a"]\n'
        '[[rule.must_change]]\ninput = "b"\noutput = ""\n\n'
        '[[rule]]\nid = "acme.two"\nstage = "watermark"\naction = "drop"\n'
        'description = "x"\nmust_keep = ["a"]\n[[rule.must_change]]\ninput = "b"\noutput = ""\n',
        encoding="utf-8")
    with pytest.raises(RuleError) as info:
        load_rules([tmp_path], use_project_config=False)
    lines = str(info.value).splitlines()
    assert any("bad.toml:5:" in ln and "unknown field 'descripton'" in ln
               and "did you mean 'description'?" in ln for ln in lines), lines
    assert not any("missing field 'description'" in ln for ln in lines)
    assert any("bad.toml:6:" in ln and "does not compile" in ln for ln in lines), lines
    assert any("bad.toml:14:" in ln and "did you mean 'watermarks'?" in ln for ln in lines)
    proc = cleanup("rules", "check", tmp_path)
    assert proc.returncode == 1 and proc.stdout.count("bad.toml:") == 3, proc.stdout


def test_unknown_config_keys_are_errors(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.cleanup]\nrule = ["cleanup-rules"]\ncolour = 1\n',
        encoding="utf-8")
    with pytest.raises(RuleError) as info:
        project_config(tmp_path)
    lines = str(info.value).splitlines()
    assert len(lines) == 2
    assert "pyproject.toml:5:" in lines[1] or "pyproject.toml:5:" in lines[0]
    assert any("unknown key 'rule' (did you mean 'rules'?)" in ln for ln in lines)
    proc = cleanup("run", SAMPLE, "-o", tmp_path / "out", cwd=tmp_path)
    assert proc.returncode == 2 and len(errors(proc.stderr)) == 2


def test_diff_marks_a_hand_edit_on_a_rule_touched_line_as_unrecorded() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    result = clean(text)
    clean_att = attribute(text, result.text, result.report)
    assert not [c for c in clean_att.changes if c.kind == "unrecorded"]
    edited = result.text.replace("escalates", "escalated", 1)  # a word the hyphens stage joined
    att = attribute(text, edited, result.report)
    (change,) = [c for c in att.changes if c.kind == "unrecorded"]
    assert change.lines == (25, 26) and change.after == "escalated" and change.edit is None


# -- the batch layer: jobs by default, a progress bar on a terminal ----------------------------

def test_jobs_default_to_the_cores_and_give_the_same_outputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i, f in enumerate([SAMPLE, *sorted(SYNTHETIC.glob("*.txt"))], start=1):
        shutil.copy(f, src / f"r{i}.txt")
    out = tmp_path / "out"
    one = cleanup("run", src, "-o", out, "-j", "1")
    want = {p.name: p.read_bytes() for p in out.iterdir()}
    shutil.rmtree(out)
    default = cleanup("run", src, "-o", out)
    assert batch.default_jobs() == len(os.sched_getaffinity(0))
    assert default.returncode == one.returncode == 0
    assert (default.stdout, default.stderr) == (one.stdout, one.stderr)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == want


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    import fcntl
    import pty
    import struct
    import termios
    import threading

    src = tmp_path / "in"
    src.mkdir()
    for i in range(1, 7):
        shutil.copy(SYNTHETIC / "plain.txt", src / f"r{i}.txt")
    (src / "bad.txt").write_bytes(b"\0" * 100)
    master, slave = pty.openpty()
    # A terminal of 24 rows by 120 columns (a bare pty has none, and tqdm draws to its width).
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "cleanup", "run", src, "-o",
                             tmp_path / "tty", "-j", "1"], stdout=subprocess.PIPE,
                            stderr=slave, text=True)
    os.close(slave)
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 4096)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    stdout, _ = proc.communicate(timeout=600)
    reader.join(timeout=60)
    os.close(master)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 1 and stdout.startswith("cleaned 6 of 7 files")
    assert "7/7 files" in shown and "1 failed" in shown and "MB/s" in shown
    assert "cleanup: error:" in shown and "bad.txt" in shown  # lines still print above it
    piped = cleanup("run", src, "-o", tmp_path / "piped", "-j", "1")
    assert "MB/s" not in piped.stderr and "\r" not in piped.stderr
    assert len(piped.stderr.splitlines()) == 7  # six progress lines and one error
