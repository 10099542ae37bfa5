"""Speed of `cleanup diff` on a 1,000-page document (target: under 10 s).

    python benchmarks/diff_speed.py [--sample-copies N] [--repeat R]

The document is the accuracy corpus's generated 1,000-page report (benchmarks/corpus.py, the
fixed seed); with --sample-copies N, the real sample's 13 pages repeated N times instead (77
copies make 1,001 pages, the most hostile pages we have). Each command runs as a user runs it, in
a fresh process (start-up, reading, cleaning or reading the report, attributing, rendering),
its output piped to a file; the best of R runs is printed. Then the same work in one process,
split into its parts, shows where the time goes. Machines here are shared and noisy: compare
the parts within one run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleanup.diffing import attribute, render_stat, render_text  # noqa: E402
from cleanup.html_report import render  # noqa: E402
from cleanup.pipeline import clean_text  # noqa: E402
from cleanup.rules import load_rules  # noqa: E402

SAMPLE = ROOT / "fixtures" / "000_ce1fba3cc8f1d7c1.txt"
TARGET = 10.0


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def command(args: list[str], out: Path) -> Callable[[], None]:
    def run() -> None:
        with out.open("w", encoding="utf-8") as f:
            subprocess.run([sys.executable, "-m", "cleanup", *args], stdout=f, check=True,
                           cwd=ROOT)
    return run


def open_in_browser(page: Path, profile: Path) -> float | None:
    """Seconds until headless chromium has loaded ``page``; None where no browser is here."""
    import shutil

    browser, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        browser = None
    if browser is None or driver_path is None:
        print("  (no chromium + chromedriver + selenium here: page load not measured)")
        return None
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"):
        options.add_argument(arg)
    drv = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    try:
        started = time.perf_counter()
        drv.get(page.as_uri())
        return time.perf_counter() - started
    finally:
        drv.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample-copies", type=int, default=0, metavar="N",
                        help="use the real sample repeated N times instead of the generated "
                             "1,000-page report")
    parser.add_argument("--repeat", type=int, default=3, help="best of R runs (default 3)")
    args = parser.parse_args()
    if args.sample_copies:
        sample = SAMPLE.read_text(encoding="utf-8")
        text = "\n".join([sample.rstrip("\n")] * args.sample_copies) + "\n"
        what = f"the real sample repeated {args.sample_copies} times"
    else:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import corpus

        text = corpus.make_document(corpus.DEFAULT_SEED, len(corpus.FIXED_PAGES) - 1,
                                    1000).text
        what = "the generated 1,000-page report of the accuracy corpus"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        big = work / "long_report.txt"
        big.write_text(text, encoding="utf-8")
        out = work / "out"
        subprocess.run([sys.executable, "-m", "cleanup", "run", str(big), "--out", str(out),
                        "-q"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        report = json.loads((out / "long_report.json").read_text(encoding="utf-8"))
        print(f"document: {what}: {report['pages']} pages, "
              f"{report['input_lines']} lines, {len(text.encode()) / 1e6:.1f} MB")
        cases = [
            ("cleanup diff INPUT (cleans in memory)", [str(big)]),
            ("cleanup diff INPUT CLEANED (reads NAME.json)", [str(big), str(out / big.name)]),
            ("cleanup diff INPUT --stat", [str(big), "--stat"]),
            ("cleanup diff INPUT --format json", [str(big), "--format", "json"]),
            ("cleanup diff INPUT --html FILE", [str(big), "--html", str(work / "page.html")]),
        ]
        for name, argv in cases:
            seconds = best(command(["diff", *argv], work / "stdout.txt"), args.repeat)
            verdict = "ok" if seconds < TARGET else "TOO SLOW"
            print(f"  {name:<48} {seconds:6.2f} s  (target < {TARGET:.0f} s: {verdict})")
        seconds = best(command(["explain", str(big), "--line", "40000"], work / "stdout.txt"),
                       args.repeat)
        print(f"  {'cleanup explain INPUT --line 40000':<48} {seconds:6.2f} s")
        print(f"  page size: {(work / 'page.html').stat().st_size / 1e6:.1f} MB")
        opened = open_in_browser(work / "page.html", work / "profile")
        if opened is not None:
            print(f"  the page opens in headless chromium in {opened:.1f} s")

    rules = load_rules(use_project_config=False)
    parts: dict[str, float] = {}
    started = time.perf_counter()
    result = clean_text(text, rules)
    parts["clean (the pipeline)"] = time.perf_counter() - started
    started = time.perf_counter()
    att = attribute(text, result.text, result.report)
    parts["attribute"] = time.perf_counter() - started
    for name, fn in [("render terminal diff", lambda: render_text(att)),
                     ("render --stat", lambda: render_stat(att)),
                     ("render html page", lambda: render(att))]:
        started = time.perf_counter()
        fn()
        parts[name] = time.perf_counter() - started
    total = parts["clean (the pipeline)"] + parts["attribute"] + parts["render terminal diff"]
    print("in one process (one run each):")
    for name, seconds in parts.items():
        print(f"  {name:<24} {seconds:6.2f} s")
    print(f"  diff = clean + attribute + render: {total:.2f} s")


if __name__ == "__main__":
    main()
