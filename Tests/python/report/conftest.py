"""Fixtures for the report tests: the real gaveld (from the daemon tests' harness), one journal
with two runs of the same short meeting, and headless Chromium for the report page."""
import os

import pytest

from gavel_harness import ROOT, Gaveld
from report_meeting import agenda, new_daemon_factory, run_meeting

SCREENSHOTS = os.path.join(ROOT, ".build", "report-screenshots")


def pytest_terminal_summary(terminalreporter):
    if os.path.isdir(SCREENSHOTS) and os.listdir(SCREENSHOTS):
        terminalreporter.write_sep("-", "report screenshots")
        for name in sorted(os.listdir(SCREENSHOTS)):
            terminalreporter.write_line(os.path.join(SCREENSHOTS, name))


@pytest.fixture(scope="session")
def screenshot_dir():
    os.makedirs(SCREENSHOTS, exist_ok=True)
    for name in os.listdir(SCREENSHOTS):
        if name.endswith((".png", ".pdf")):
            os.remove(os.path.join(SCREENSHOTS, name))
    return SCREENSHOTS


@pytest.fixture(scope="session")
def journal():
    """Two runs of the meeting in one journal: meeting 1 straight through, meeting 2 killed
    (SIGKILL) and restarted while a speaker held the floor. Yields (daemon, run1, run2)."""
    started = []

    def gaveld_factory(**kwargs):
        daemon = Gaveld(**kwargs)
        started.append(daemon)
        return daemon.start()

    make = new_daemon_factory(gaveld_factory, agenda())
    try:
        first = run_meeting(make)
        assert first.daemon.terminate() == 0
        second = run_meeting(make, state_dir=first.daemon.state_dir, kill=True)
        yield second.daemon, first, second
    finally:
        for daemon in started:
            daemon.stop()
