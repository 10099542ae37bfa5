"""The README's worked example, replayed as a new user follows it: every command it shows is
run as written, every file it shows is written where it says, every output it shows must be
printed.

`cleanup diff` comes from issue #7; where this branch does not have it yet, that one command is
left out of the replay and test_diff_step says so (skipped); every other step always runs.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Worked example", 1)[1].split("\n## ", 1)[0]
BLOCKS = re.findall(r"```(\w+)\n(.*?)```", SECTION, re.S)
FOOTER = "Northwind Policy Institute | Policy Memo 7 | page 1 of 3"


def cleanup(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleanup", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def commands(block: str) -> list[list[str]]:
    out = []
    for line in block.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words = shlex.split(line)
            assert words[0] == "cleanup", f"the worked example runs only cleanup: {line}"
            out.append(words[1:])
    return out


def diff_available() -> bool:
    return cleanup(["diff", "--help"], ROOT).returncode == 0


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """What the README's reader has: the clone's docs/example folder, and nothing else."""
    shutil.copytree(ROOT / "docs" / "example", tmp_path / "docs" / "example")
    return tmp_path


def test_the_section_has_the_steps_the_issue_asks_for() -> None:
    run = [c for lang, b in BLOCKS if lang == "sh" for c in commands(b)]
    steps = [tuple(c[:2]) if c[0] == "rules" else (c[0],) for c in run]
    for step in [("run",), ("rules", "new"), ("rules", "check"), ("rules", "test"),
                 ("rules", "try"), ("diff",)]:
        assert step in steps, step
    assert steps.index(("rules", "new")) < steps.index(("rules", "test")) < steps.index(("diff",))
    assert [lang for lang, _ in BLOCKS].count("toml") == 1


def test_readme_worked_example_replays(clone: Path) -> None:
    have_diff = diff_available()
    printed = ""
    before = None
    for lang, body in BLOCKS:
        if lang == "sh":
            printed = ""
            for args in commands(body):
                if args[0] == "diff" and not have_diff:
                    continue  # replayed by test_diff_step once `cleanup diff` exists
                proc = cleanup(args, clone)
                assert proc.returncode == 0, (args, proc.stdout, proc.stderr)
                # stderr holds only progress (one line per file cleaned), never an error
                assert all(" -> " in ln for ln in proc.stderr.splitlines()), (args, proc.stderr)
                printed += proc.stderr + proc.stdout  # what the terminal shows
                if before is None and args[0] == "run":
                    before = (clone / "out" / "northwind-memo.txt").read_text(encoding="utf-8")
        elif lang == "toml":
            # "Edit the file": the block names the file `rules new` wrote, on its first line.
            target = clone / body.splitlines()[0].lstrip("# ").split(":")[0]
            assert target.is_file(), f"{target} should have been written by `rules new`"
            target.write_text(body, encoding="utf-8")
        elif lang == "text":
            for line in body.strip("\n").splitlines():
                assert line in printed.splitlines(), (line, printed)
    assert before is not None and FOOTER in before and "Delta Water Budget" in before
    after = (clone / "out" / "northwind-memo.txt").read_text(encoding="utf-8")
    assert "Northwind Policy Institute |" not in after and "Delta Water Budget" not in after
    assert "pay for the work out of the new budget rather than" in after
    assert "every month to show it. The memo recommends" in after


def test_diff_step(clone: Path) -> None:
    if not diff_available():
        pytest.skip("`cleanup diff` (issue #7) is not on this branch yet: the README's diff "
                    "step is not replayed")
    for lang, body in BLOCKS:
        if lang == "sh":
            for args in commands(body):
                if args[:2] == ["rules", "new"]:
                    assert cleanup(args, clone).returncode == 0
    toml = next(body for lang, body in BLOCKS if lang == "toml")
    (clone / "cleanup-rules" / "northwind.footer.toml").write_text(toml, encoding="utf-8")
    (args,) = [c for lang, b in BLOCKS if lang == "sh" for c in commands(b) if c[0] == "diff"]
    proc = cleanup(args, clone)
    assert proc.returncode == 0, proc.stderr
    assert "northwind.footer" in proc.stdout and "furniture.learned" in proc.stdout
