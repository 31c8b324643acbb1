"""Fixtures shared by every pytest suite that drives the real gaveld (a suite may override them:
the display tests serve the page from the source tree)."""
import os

import pytest

from gavel_harness import GAVELD, Gaveld


def pytest_sessionstart(session):
    if not os.access(GAVELD, os.X_OK):
        raise pytest.UsageError(f"{GAVELD} is not built: run Scripts/test (or swift build) first")


@pytest.fixture
def gaveld_factory():
    """Starts gavelds and stops every one of them after the test."""
    started = []

    def make(*args, start=True, **kwargs):
        daemon = Gaveld(*args, **kwargs)
        started.append(daemon)
        return daemon.start() if start else daemon

    yield make
    for daemon in started:
        daemon.stop()
