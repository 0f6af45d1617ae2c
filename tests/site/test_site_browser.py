"""The site in a real browser (headless Chromium through the system's chromedriver), opened
from file://: the search finds a report by a word of it; axe-core finds no serious or
critical accessibility problem; the console shows no error; a phone's width (375 px) needs
no horizontal scroll. In CI these always run; elsewhere they are skipped without Chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import _run_ctt, make_repo
from sitecheck import UNIQUE_WORD, make_site_repo

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
HAVE_BROWSER = Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not HAVE_BROWSER and not os.environ.get("CI"),
        reason="chromium and chromedriver are not installed (CI installs them)",
    ),
]
PAGES = [
    "index.html",
    "reports/viet-nam-2022.html",
    "changes/viet-nam-2020-2022.html",
    "economies/viet-nam.html",
    "region/needs.html",
    "region/summary.html",
    "docs/report-format.html",
    "search.html?q=port",
]
AXE_PAGES = ["index.html", "reports/viet-nam-2022.html", "changes/viet-nam-2020-2022.html"]
WAIT = 10  # seconds at most for the search results to appear (a ceiling, not a measure)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The public site of the made-up reports, built once for these tests."""
    root = make_site_repo(make_repo(tmp_path_factory.mktemp("browser") / "repo"))
    run = _run_ctt(root, "site")
    assert run.exit_code == 0, run.output
    return root / "build" / "site"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium, with the browser's console log kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The system's chromedriver: selenium never looks for (or downloads) one of its own.
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def open_page(browser: Any, site: Path, page: str) -> None:
    browser.get((site / page).as_uri().replace("%3F", "?"))
    browser.get_log("browser")  # what came before this page is not its own


def test_the_search_box_finds_a_report_by_a_word_of_it(browser: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(browser, site, "index.html")
    browser.find_element(By.ID, "site-search").send_keys(UNIQUE_WORD.lower())
    wanted = "#site-search-results a[href='reports/viet-nam-2022.html#a3-measures_planned']"
    link = WebDriverWait(browser, WAIT).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, wanted))
    )
    assert UNIQUE_WORD in link.text
    results = browser.find_elements(By.CSS_SELECTOR, "#site-search-results li")
    assert len(results) == 1
    link.click()
    assert browser.current_url.endswith("reports/viet-nam-2022.html#a3-measures_planned")


def test_enter_lists_every_result_on_the_search_page(browser: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    open_page(browser, site, "reports/peru-2021.html")
    browser.find_element(By.ID, "site-search").send_keys("protect cargo", Keys.ENTER)
    WebDriverWait(browser, WAIT).until(
        lambda d: "result" in d.find_element(By.ID, "search-status").text
    )
    links = [
        a.get_attribute("href")
        for a in browser.find_elements(By.CSS_SELECTOR, "#search-page-results a")
    ]
    for name in ("japan-2023", "peru-2019", "peru-2021", "viet-nam-2022"):
        assert any(f"/reports/{name}.html#section-a1" in link for link in links), name


@pytest.mark.parametrize("page", AXE_PAGES)
def test_axe_finds_no_serious_accessibility_problem(browser: Any, site: Path, page: str) -> None:
    from axe_selenium_python import Axe

    open_page(browser, site, page)
    axe = Axe(browser)
    axe.inject()
    results = axe.run()
    serious = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], axe.report(serious)
    assert results["passes"]  # axe did run its rules


@pytest.mark.parametrize("page", PAGES)
def test_the_console_shows_no_error(browser: Any, site: Path, page: str) -> None:
    from selenium.webdriver.common.by import By

    open_page(browser, site, page)
    browser.find_element(By.ID, "site-search").send_keys("security")  # loads the index
    browser.find_element(By.ID, "site-search-results")
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
    assert errors == []


@pytest.mark.parametrize("page", PAGES)
def test_a_phone_needs_no_horizontal_scroll(browser: Any, site: Path, page: str) -> None:
    browser.set_window_size(375, 812)
    try:
        open_page(browser, site, page)
        width = browser.execute_script("return window.innerWidth")
        assert width <= 400  # the window really is a phone's width
        scroll = browser.execute_script("return document.documentElement.scrollWidth")
        assert scroll <= width
    finally:
        browser.set_window_size(1280, 900)
