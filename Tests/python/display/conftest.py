"""Fixtures for the display tests: gaveld serving the page from the source tree, and headless
Chromium through the system chromedriver (pages in display_page.py, drive() in meeting.py)."""
import os

import pytest

from browser_suite import require_chromium, served_gavelds
from display_page import DisplayPage
from meeting import SCREENSHOTS


def pytest_sessionstart(session):
    require_chromium()


def pytest_terminal_summary(terminalreporter):
    if os.path.isdir(SCREENSHOTS) and os.listdir(SCREENSHOTS):
        terminalreporter.write_sep("-", "display screenshots")
        terminalreporter.write_line(f"screenshots of every view (overrun, running; 16:9, 4:3, portrait): {SCREENSHOTS}")


@pytest.fixture
def gaveld_factory():
    """Starts gavelds serving the page from the source tree; stops every one after the test."""
    yield from served_gavelds()


@pytest.fixture
def browser(gaveld_factory):
    """Opens headless display pages; after the test, fails on any console error of any page
    (those a test expects can be allowed with page.allow_console(substring)).

    It depends on gaveld_factory so that pytest closes the pages before it stops the daemons,
    whatever order a test names the two in: a page whose daemon went away first would log
    refused reconnections."""
    pages = []

    def open_page(daemon, view=None, size=(1920, 1080), skew_ms=0, query="", timezone=None):
        page = DisplayPage(size=size, skew_ms=skew_ms, timezone=timezone)
        pages.append(page)
        page.open(daemon, view=view, query=query)
        return page

    yield open_page
    problems = []
    try:
        for page in pages:
            problems += page.console_errors()
    finally:
        for page in pages:
            page.quit()
    assert not problems, "console errors:\n" + "\n".join(problems)


@pytest.fixture(scope="session")
def screenshot_dir():
    os.makedirs(SCREENSHOTS, exist_ok=True)
    for name in os.listdir(SCREENSHOTS):
        if name.endswith(".png"):
            os.remove(os.path.join(SCREENSHOTS, name))
    return SCREENSHOTS

