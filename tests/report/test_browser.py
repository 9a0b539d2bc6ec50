"""The seed report's HTML page in a real browser (headless Chromium driven by Selenium):
what a reader sees on the first screen, and what the filters do.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/run`` installs them) and the
``selenium`` test dependency; skipped, saying which is missing, where they cannot be had.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from crosscheck.report import render
from crosscheck.types import Report

pytestmark = pytest.mark.slow

WIDTH, HEIGHT = 1280, 800


def _binary(env: str, *names: str) -> str | None:
    return os.environ.get(env) or next((p for p in map(shutil.which, names) if p), None)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -r requirements.lock)")
    from selenium.webdriver.chrome.service import Service

    chromium = _binary("CROSSCHECK_CHROMIUM", "chromium", "chromium-browser")
    driver_path = _binary("CROSSCHECK_CHROMEDRIVER", "chromedriver")
    if not chromium or not driver_path:
        pytest.skip("no headless browser here: install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", f"--window-size={WIDTH},{HEIGHT}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_window_size(WIDTH, HEIGHT)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def page(seed_report: Report, browser, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("report") / "seeds.html"
    path.write_text(render(seed_report, "html"), encoding="utf-8")
    browser.get(path.as_uri())
    return browser


def _shown(driver, selector: str) -> list[object]:
    return [el for el in driver.find_elements("css selector", selector) if el.is_displayed()]


def test_the_first_screen_shows_the_conflicts_and_why(page, seed_report: Report, tmp_path: Path) -> None:
    assert any(v.label == "conflict" for v in seed_report.verdicts), "the seeds hold a conflict to show"
    fold = page.execute_script("return window.innerHeight")
    top = page.execute_script("return document.getElementById('conflicts').getBoundingClientRect().top")
    assert 0 <= top < fold, f"the Conflicts section starts at {top}px, below the first screen ({fold}px)"
    reason = _shown(page, "#conflicts .verdict.conflict .reason")[0]
    assert reason.text.strip() and reason.location["y"] < fold
    assert reason.text.strip() in {r.message for v in seed_report.verdicts for r in v.reasons} | {
        "; ".join(r.message for r in v.reasons) for v in seed_report.verdicts}
    page.save_screenshot(str(tmp_path / "first-screen.png"))


def test_every_claim_id_is_on_the_page_with_an_anchor(page, seed_report: Report) -> None:
    shown = set(page.execute_script("return Array.from(document.querySelectorAll('[data-claim]'), e => e.dataset.claim)"))
    assert shown == {c.id for c in seed_report.claims}
    missing = page.execute_script(
        "return arguments[0].filter(id => !document.getElementById('claim-' + id))", [c.id for c in seed_report.claims])
    assert missing == []


def test_the_filters_show_only_conflicts_then_only_one_outlet(page, seed_report: Report) -> None:
    assert _shown(page, "#filters"), "the filter bar shows once the page's script has run"
    assert _shown(page, "[data-item][data-conflict='0']"), "before filtering, agreements and the rest show"
    page.find_element("id", "only-conflicts").click()
    assert _shown(page, "[data-item][data-conflict='0'], [data-sub][data-conflict='0']") == []
    assert len(_shown(page, "#conflicts .verdict.conflict")) == sum(v.label == "conflict" for v in seed_report.verdicts)
    assert not _shown(page, "#corroborated-by-independent-sources")
    page.find_element("id", "only-conflicts").click()
    outlet = next(d.source for d in seed_report.documents if d.source.endswith(".com"))
    page.execute_script("const s = document.getElementById('outlet'); s.value = arguments[0]; s.dispatchEvent(new Event('change'))", outlet)
    items = _shown(page, "[data-item], [data-sub]")
    assert items and all(outlet in json.loads(el.get_attribute("data-outlets")) for el in items)
    one_outlet = len(_shown(page, "[data-item]"))
    page.execute_script("const s = document.getElementById('outlet'); s.value = ''; s.dispatchEvent(new Event('change'))")
    assert len(_shown(page, "[data-item]")) > one_outlet
