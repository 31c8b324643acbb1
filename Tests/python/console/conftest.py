"""Fixtures for the console tests: gaveld serving the pages from the source tree (as the display
tests do) and consoles in headless Chromium (console_page.py)."""
import os
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "display"))

from browser_suite import require_chromium, served_gavelds  # noqa: E402
from console_page import ConsolePage  # noqa: E402
from gavel_harness import ROOT  # noqa: E402

SCREENSHOTS = os.path.join(ROOT, ".build", "console-screenshots")


def pytest_sessionstart(session):
    require_chromium()


def pytest_terminal_summary(terminalreporter):
    if os.path.isdir(SCREENSHOTS) and os.listdir(SCREENSHOTS):
        terminalreporter.write_sep("-", "console screenshots")
        terminalreporter.write_line(f"the console at tablet and laptop sizes: {SCREENSHOTS}")


@pytest.fixture
def gaveld_factory():
    """Starts gavelds serving the pages from the source tree; stops every one after the test."""
    yield from served_gavelds()


@pytest.fixture
def consoles(gaveld_factory):
    """Opens consoles; after the test, fails on any console error of any page but those a test
    expects (page.allow_console). Depends on gaveld_factory so that the pages close first."""
    pages = []

    def open_console(daemon, size=(1280, 800), query="", sign_in=True):
        page = ConsolePage(size=size)
        pages.append(page)
        page.open_console(daemon, query=query)
        if sign_in:
            page.sign_in(daemon.token)
        return page

    yield open_console
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
