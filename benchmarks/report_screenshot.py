"""The seed report as an editor first sees it: a screenshot of the HTML page's first screen in
headless Chromium (1280x800), and the first 40 lines of the Markdown report.

Checks seeds/ with the real models (or reads a JSON report given with --report), then writes
benchmarks/results/report_seeds_first_screen.png and report_seeds_first_40_lines.md.
Needs Debian's chromium and chromium-driver and the selenium test dependency.

    .venv/bin/python benchmarks/report_screenshot.py [--report seeds.json]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from crosscheck import Checker, load_documents
from crosscheck.report import render
from crosscheck.types import Report

RESULTS = ROOT / "benchmarks" / "results"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", type=Path, help="a JSON report of seeds/ (crosscheck check seeds/ -f json) instead of a new run")
    args = parser.parse_args()
    if args.report:
        report = Report.model_validate(json.loads(args.report.read_text(encoding="utf-8")))
    else:
        report = Checker().check(load_documents([ROOT / "seeds"]).documents)
    markdown = render(report, "md")
    (RESULTS / "report_seeds_first_40_lines.md").write_text("\n".join(markdown.splitlines()[:40]) + "\n", encoding="utf-8")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,800", "--hide-scrollbars"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            page = Path(tmp) / "seeds.html"
            page.write_text(render(report, "html"), encoding="utf-8")
            driver.get(page.as_uri())
            driver.save_screenshot(str(RESULTS / "report_seeds_first_screen.png"))
            print("conflicts section starts at", driver.execute_script(
                "return document.getElementById('conflicts').getBoundingClientRect().top"), "px of", driver.execute_script("return innerHeight"))
    finally:
        driver.quit()
    print("wrote", RESULTS / "report_seeds_first_screen.png", "and", RESULTS / "report_seeds_first_40_lines.md")


if __name__ == "__main__":
    main()
