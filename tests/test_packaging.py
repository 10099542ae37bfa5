"""A non-editable install finds the built-in rules: they ship in the wheel as package data."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                           "-q", "-w", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        pytest.skip(f"cannot build a wheel here: {proc.stderr.strip().splitlines()[-1:]}")
    (whl,) = out.glob("cleanup-*.whl")
    return whl


def test_wheel_holds_every_rule_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for rule_file in (ROOT / "rules").glob("*.toml"):
        assert f"cleanup/builtin_rules/{rule_file.name}" in names
    # Editors validate rule files with the shipped schema (cleanup rules schema prints it).
    assert "cleanup/schema/rules.schema.json" in names


def test_rules_load_from_the_wheel_alone(wheel: Path, tmp_path: Path) -> None:
    # -S keeps site-packages (and the editable install) out: only the wheel is importable.
    code = ("import cleanup.rules as r; rs = r.load_rules(use_project_config=False); "
            "print(r.__file__); print(len(rs.rules))")
    proc = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(wheel)}, timeout=60)
    assert proc.returncode == 0, proc.stderr
    where, count = proc.stdout.split()
    assert str(wheel) in where and int(count) == len(
        [1 for f in (ROOT / "rules").glob("*.toml")
         for line in f.read_text(encoding="utf-8").splitlines() if line.strip() == "[[rule]]"])


def test_wheel_holds_the_diff_page_template(wheel: Path) -> None:
    # `cleanup diff --html` reads it through importlib.resources.
    assert "cleanup/diff_page.html" in zipfile.ZipFile(wheel).namelist()
