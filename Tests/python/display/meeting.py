"""Driving the meeting, and where the page under test comes from."""
import os

from gavel_harness import ROOT

# The page under test: the source folder itself (gaveld --web-root), so a test run never sees a
# stale copy; SwiftPM ships the same folder as the daemon's resource (test_page_rules checks).
WEB_ROOT = os.path.join(ROOT, "Sources", "GavelServer", "Resources", "Web")
SCREENSHOTS = os.path.join(ROOT, ".build", "display-screenshots")


def drive(daemon, command, **fields):
    """Applies a meeting command and returns the new state.

    The single place that drives the meeting: it posts to gaveld's HTTP API through the
    harness today. When the `gavel` CLI offers the meeting commands (e.g.
    `gavel --server http://127.0.0.1:PORT start`), switch this function to run that binary.
    """
    status, body = daemon.command(command, **fields)
    assert status == 200, f"{command} {fields}: {status} {body}"
    return body["state"]
