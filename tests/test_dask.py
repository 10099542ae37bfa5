"""Past one machine: the same files cleaned on a Dask cluster give the same bytes.

A local cluster (scheduler and a worker process) is started inside the test; the tests skip
when the dask extra is not installed (``pip install 'cleanup[dask]'``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, SYNTHETIC

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
pytest.importorskip("dask.bag")


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=None, host="127.0.0.1") as c:
        yield c.scheduler_address


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(SAMPLE, src / "r1.txt")
    for i, f in enumerate(sorted(SYNTHETIC.glob("*.txt")), start=2):
        shutil.copy(f, (src / "sub" if i % 2 else src) / f"r{i}.txt")
    (src / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    return src


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def cleanup(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cleanup", *map(str, args)],
                          capture_output=True, text=True, timeout=600)


def single_run(inputs: Path, out: Path) -> tuple[subprocess.CompletedProcess[str],
                                                  dict[str, bytes]]:
    """Clean in one process into ``out``, keep the files, and clear ``out`` again, so that the
    Dask run writes to the very same paths (reports name their output path)."""
    proc = cleanup("run", inputs, "-o", out, "-j", "1")
    written = files(out)
    shutil.rmtree(out)
    return proc, written


def test_cli_on_a_cluster_writes_the_same_bytes(cluster: str, inputs: Path,
                                                tmp_path: Path) -> None:
    out = tmp_path / "out"
    single, want = single_run(inputs, out)
    dask = cleanup("run", inputs, "-o", out, "--scheduler", cluster)
    assert single.returncode == dask.returncode == 1  # bad.txt fails on both
    assert dask.stdout == single.stdout
    assert sorted(dask.stderr.splitlines()) == sorted(single.stderr.splitlines())
    # Each cleaned file: its text, its report and its NAME.meta.json.
    assert len(want) == 3 * 9 and files(out) == want


def test_python_function_returns_a_bag(cluster: str, inputs: Path, tmp_path: Path) -> None:
    from distributed import Client

    from cleanup.dask_batch import clean_bag

    out = tmp_path / "out"
    _, want = single_run(inputs, out)
    bag = clean_bag([inputs, tmp_path / "missing.txt"], out)
    assert not out.exists(), "nothing runs before the bag is computed"
    with Client(cluster) as client:
        results = bag.compute(scheduler=client)
    errors = [r for r in results if "error" in r]
    assert len(results) == 11 and len(errors) == 2
    assert {Path(r["source"]).name for r in errors} == {"bad.txt", "missing.txt"}
    assert files(out) == want
