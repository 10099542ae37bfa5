"""The `cleanup diff --html` page in a real headless browser (Debian's chromium).

Skipped, with the reason, only where no browser or driver can be had; `.ci/run` installs them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cleanup import clean
from cleanup.diffing import attribute
from cleanup.html_report import render
from cleanup.rules import RuleSet
from tests.conftest import SAMPLE

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
NO_BROWSER = ("no headless browser here: install Debian's chromium and chromium-driver "
              "(`apt-get install -y chromium chromium-driver`; .ci/run does) to check the page")


def _find(names: tuple[str, ...]) -> str | None:
    for name in names:
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    browser, chromedriver = _find(BROWSERS), _find(("chromedriver",))
    if browser is None or chromedriver is None:
        pytest.skip(NO_BROWSER)
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.skip("selenium is not installed (it is in the test extra)")
    options = webdriver.ChromeOptions()
    # Both paths given: selenium uses them and never tries to download a browser or driver.
    options.binary_location = browser
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-dev-shm-usage", "--window-size=1400,900",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        drv = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    except Exception as e:  # a browser that cannot start here is the same as none
        pytest.skip(f"{NO_BROWSER}; starting {browser} failed: {str(e).splitlines()[0]}")
    # Catch script errors from the first line the page runs, not only console messages.
    drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
        "window.__errors = [];"
        "addEventListener('error', e => window.__errors.push(String(e.message)));"
        "addEventListener('securitypolicyviolation', e => "
        "window.__errors.push('blocked ' + e.blockedURI));")})
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def page(rules: RuleSet, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The sample's page, with two flags added so that flags are shown and counted too."""
    text = SAMPLE.read_text(encoding="utf-8")
    result = clean(text, rules=rules, source=SAMPLE.name)
    report = result.report
    assert any(f.kind == "truncated" and f.line == 19 for f in report.flags)
    att = attribute(text, result.text, report, SAMPLE.name, "cleaned")
    path = tmp_path_factory.mktemp("html") / "diff.html"
    path.write_text(render(att), encoding="utf-8")
    return path, report.to_dict()


def _open(driver: Any, path: Path) -> None:
    driver.get(path.as_uri())
    driver.get_log("browser")  # drop anything from before this page


def _errors(driver: Any) -> list[str]:
    logged = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    return logged + driver.execute_script("return window.__errors || []")


def _visible(driver: Any, selector: str) -> int:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0]))"
        ".filter(e => e.offsetParent !== null).length", selector)


def test_page_renders_without_console_errors(driver: Any, page: tuple[Path, dict]) -> None:
    path, report = page
    _open(driver, path)
    assert driver.execute_script("return document.readyState") == "complete"
    assert _visible(driver, "#input .ln") == report["input_lines"]
    assert _visible(driver, "#output .para") == len(report["paragraphs"])
    assert driver.title.startswith("cleanup diff")
    assert _errors(driver) == []


def test_legend_counts_equal_the_report_stats(driver: Any, page: tuple[Path, dict]) -> None:
    path, report = page
    _open(driver, path)
    shown: dict[str, dict[str, int]] = {}
    for b in driver.find_elements("css selector", "#legend .rule[data-kind='rule']"):
        # The number a person reads must be the number the page counts.
        assert b.find_element("css selector", ".n").text == b.get_attribute("data-count")
        shown.setdefault(b.get_attribute("data-stage"), {})[b.get_attribute("data-rule")] = \
            int(b.find_element("css selector", ".n").text)
    for b in driver.find_elements("css selector", "#legend .rule[data-kind='flag']"):
        shown.setdefault("flags", {})[b.get_attribute("data-flag")] = \
            int(b.find_element("css selector", ".n").text)
    for el in driver.find_elements("css selector", "#legend [data-removed]"):
        stage = el.find_element("xpath", "ancestor::div[@data-stage]").get_attribute("data-stage")
        shown[stage]["lines_removed"] = int(el.text.split()[0])
    assert shown == report["stats"]
    assert report["stats"]["flags"] == {
        kind: sum(f["kind"] == kind for f in report["flags"])
        for kind in {f["kind"] for f in report["flags"]}}
    assert _errors(driver) == []


def test_legend_filters_the_view(driver: Any, page: tuple[Path, dict]) -> None:
    path, report = page
    _open(driver, path)
    stamp = driver.find_element("css selector", "#legend .rule[data-rule='jstor.stamp']")
    stamp.click()
    stamped = sorted(n for e in report["edits"] if e["rule"] == "jstor.stamp" for n in e["lines"])
    rows = driver.execute_script(
        "return Array.from(document.querySelectorAll('#input .ln'))"
        ".filter(e => e.offsetParent !== null).map(e => Number(e.dataset.l))")
    assert rows == stamped == [256, 653]
    assert _visible(driver, "#output .para") == 0  # a removed stamp is in no paragraph
    headings = driver.find_element("css selector", "#legend .rule[data-rule='headings.roman']")
    headings.click()  # a second rule adds its changes to the view
    assert _visible(driver, "#input .ln") == 2 + report["stats"]["paragraphs"]["headings.roman"]
    assert _visible(driver, "#output .para") == report["stats"]["paragraphs"]["headings.roman"]
    driver.find_element("css selector", "#show-all").click()
    assert _visible(driver, "#input .ln") == report["input_lines"]
    flags = driver.find_element("css selector", "#legend .rule[data-flag='truncated']")
    flags.click()
    assert _visible(driver, "#input .ln") == len(
        {f["line"] for f in report["flags"] if f["kind"] == "truncated"})
    assert _errors(driver) == []


def test_flags_stand_where_they_occur(driver: Any, page: tuple[Path, dict]) -> None:
    path, _ = page
    _open(driver, path)
    row = driver.find_element("css selector", "#i19")
    assert "truncated" in row.find_element("css selector", ".flag").text
    para = driver.find_element("css selector", f"#p{row.get_attribute('data-p')}")
    assert "cut at the end" in para.find_element(
        "css selector", ".flagmark").get_attribute("title")


def test_lines_are_linked_across_both_sides(driver: Any, page: tuple[Path, dict]) -> None:
    path, _ = page
    _open(driver, path)
    # The paragraph cut by the page break (618 -> 670): its continuation lights the paragraph.
    driver.find_element("css selector", "#i670 .tx").click()
    lit = driver.find_elements("css selector", "#output .para.lit")
    assert len(lit) == 1 and "predominantly Pashtun Deobandi" in lit[0].text
    seg = lit[0].find_element("css selector", ".seg.lit")
    assert seg.text.startswith("Pashtun Deobandi")
    # And back: a piece of a footnote lights the input line it came from.
    note = driver.find_element("css selector", "#output .para.note .seg[data-l='138']")
    note.click()
    assert driver.find_element("css selector", "#i138").get_attribute("class").split()[-1] \
        == "lit"
    assert _errors(driver) == []


def test_page_is_self_contained(page: tuple[Path, dict]) -> None:
    html = page[0].read_text(encoding="utf-8")
    assert not re.search(r"""<(?:script|link|img|iframe)[^>]+(?:src|href)=""", html)
    assert "default-src 'none'" in html
    assert "@import" not in html and "url(" not in html


def test_cli_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    proc = subprocess.run([sys.executable, "-m", "cleanup", "diff", str(SAMPLE), "--html",
                           str(out)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_COLOR": "1"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"wrote {out}")
    html = out.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="changes">(.*?)</script>',
                                html, re.S).group(1))
    assert "watermarks jstor.stamp" in data
