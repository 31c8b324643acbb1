"""What the browser suites (display, console) share: Chromium must be there, and gavelds serve the
pages from the source tree, each stopped after its test."""
import os

import pytest

from display_page import CHROMEDRIVER, CHROMIUM
from gavel_harness import Gaveld
from meeting import WEB_ROOT


def require_chromium():
    """For pytest_sessionstart: a clear usage error, before any test, when Chromium is missing."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            raise pytest.UsageError(f"{path} is missing: apt-get install chromium chromium-driver (Scripts/test does)")


def served_gavelds():
    """The body of a gaveld_factory fixture: yields make(...), which starts a gaveld serving the
    pages from the source tree; stops every one after the test."""
    started = []

    def make(*args, start=True, extra_args=(), **kwargs):
        daemon = Gaveld(*args, extra_args=["--web-root", WEB_ROOT, *extra_args], **kwargs)
        started.append(daemon)
        return daemon.start() if start else daemon

    yield make
    for daemon in started:
        daemon.stop()
