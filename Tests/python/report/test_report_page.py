"""The report page in headless Chromium: it renders, links the downloads and the other meetings,
and prints. Screenshots (screen and print) and the PDF go to .build/report-screenshots for people
to look at; they are not committed."""
import base64
import os
import time

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


@pytest.fixture
def chromium():
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            pytest.fail(f"{path} is missing: apt-get install chromium chromium-driver (Scripts/test does)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--hide-scrollbars", "--lang=en-US", "--window-size=1400,900"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def full_page_screenshot(driver, path):
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1400, height + 40)
    time.sleep(0.2)
    driver.save_screenshot(path)
    print(f"screenshot: {path}")


def console_errors(driver):
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_report_page_renders_and_prints(journal, chromium, screenshot_dir):
    from selenium.webdriver.common.by import By
    daemon, _, _ = journal
    driver = chromium
    for meeting in (2, 1):
        driver.get(daemon.url(f"/report?meeting={meeting}"))
        assert driver.title == "Actual timings · Rehearsal of the closing sitting"
        assert driver.find_element(By.TAG_NAME, "h1").text == "Rehearsal of the closing sitting"
        svg = driver.find_element(By.CSS_SELECTOR, "figure.timeline svg")
        box = svg.rect
        assert box["width"] > 800 and box["height"] > 200, box
        assert len(driver.find_elements(By.CSS_SELECTOR, "svg g.item")) == 4
        assert len(driver.find_elements(By.CSS_SELECTOR, "svg g.turn")) == 3
        assert len(driver.find_elements(By.CSS_SELECTOR, "svg rect.overrun")) == 4
        options = driver.find_elements(By.CSS_SELECTOR, "select#meeting option")
        assert sorted(o.get_attribute("value") for o in options) == ["1", "2"]
        assert [o.get_attribute("value") for o in options if o.is_selected()] == [str(meeting)]
        links = {a.text: a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "nav.downloads a")}
        assert links == {label: daemon.url(f"/api/v1/report?meeting={meeting}&format={format}")
                         for label, format in (("SVG", "svg"), ("CSV", "csv"), ("JSON", "json"),
                                               ("Markdown", "markdown"))}
        tables = driver.find_elements(By.CSS_SELECTOR, "main table")
        assert [len(t.find_elements(By.CSS_SELECTOR, "tbody tr")) for t in tables] == [4, 3, 2]
        assert console_errors(driver) == []
        full_page_screenshot(driver, os.path.join(screenshot_dir, f"report-meeting-{meeting}.png"))

    # The picker goes to the other meeting.
    from selenium.webdriver.support.ui import Select
    Select(driver.find_element(By.ID, "meeting")).select_by_value("2")
    deadline = time.time() + 10
    while "meeting=2" not in driver.current_url and time.time() < deadline:
        time.sleep(0.05)
    assert "meeting=2" in driver.current_url

    # As printed: the controls hidden, white background; and a real PDF.
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not driver.find_element(By.CSS_SELECTOR, "header.bar").is_displayed()
    background = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    full_page_screenshot(driver, os.path.join(screenshot_dir, "report-meeting-2-print.png"))
    pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {"landscape": True,
                                                                       "preferCSSPageSize": True})["data"])
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2
    path = os.path.join(screenshot_dir, "report-meeting-2.pdf")
    with open(path, "wb") as f:
        f.write(pdf)
    print(f"pdf: {path}")


def test_unknown_meeting_page_is_404_with_a_way_back(journal):
    daemon, _, _ = journal
    status, body = daemon.http("GET", "/report?meeting=9")
    assert status == 404
    assert b"no meeting 9" in body and b'href="/report"' in body
