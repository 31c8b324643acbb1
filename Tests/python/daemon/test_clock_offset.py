"""GAVEL_CLOCK_OFFSET: gaveld's timeline set apart from the machine's clock (a rehearsal at the
real meeting's hour; the tests' own "now"), kept across a restart, anchored anew when it changes."""
import json
import os
import sqlite3
import subprocess

from gavel_harness import GAVELD, clock_offset_s, now_ms, seconds_agenda

DAY_MS = 86_400_000
# Starting a process and one HTTP round trip, on a loaded machine: seconds at most, where the
# offsets below differ by a day.
SLACK_MS = 5_000


def offset_environment(extra_s):
    """The tests' own offset (GAVEL_TEST_NOW) plus `extra_s`."""
    return {"GAVEL_CLOCK_OFFSET": f"{clock_offset_s() + extra_s:.3f}"}


def test_the_timeline_runs_that_far_from_the_machine_clock_and_resumes_on_restart(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 600)]), env=offset_environment(86_400))
    assert abs(daemon.state()["serverTime"] - (now_ms() + DAY_MS)) < SLACK_MS
    # The configured offset is not the wall clock moving: /healthz reports no step.
    _, health = daemon.http("GET", "/healthz")
    assert abs(json.loads(health)["wallClockOffsetMs"]) < SLACK_MS
    assert "GAVEL_CLOCK_OFFSET" in daemon.output()

    # A restart with the same offset continues the same timeline: the same anchor.
    anchor = journal_anchor(daemon)
    assert daemon.terminate() == 0
    again = gaveld_factory(agenda=seconds_agenda([("One", 600)]), state_dir=daemon.state_dir,
                           env=offset_environment(86_400))
    assert journal_anchor(again) == anchor
    assert abs(again.state()["serverTime"] - (now_ms() + DAY_MS)) < SLACK_MS

    # The meeting's real day: without the rehearsal's offset, a new anchor on the machine's clock.
    assert again.terminate() == 0
    real = gaveld_factory(agenda=seconds_agenda([("One", 600)]), state_dir=daemon.state_dir)
    assert journal_anchor(real) != anchor
    assert abs(real.state()["serverTime"] - now_ms()) < SLACK_MS


def test_a_bad_offset_is_a_usage_error(tmp_path):
    for bad in ("tomorrow", "1e12", "nan"):
        result = subprocess.run([GAVELD, "--check", "--state-dir", str(tmp_path / "s")], capture_output=True,
                                text=True, timeout=30, env=dict(os.environ, GAVEL_CLOCK_OFFSET=bad))
        assert result.returncode == 64, (bad, result)
        assert "GAVEL_CLOCK_OFFSET" in result.stderr and "seconds" in result.stderr, result.stderr
    shown = subprocess.run([GAVELD, "--check", "--state-dir", str(tmp_path / "s")], capture_output=True,
                           text=True, timeout=30, env=dict(os.environ, GAVEL_CLOCK_OFFSET="-3600"))
    assert shown.returncode == 0, shown.stderr
    assert "-3600000 ms (GAVEL_CLOCK_OFFSET)" in shown.stdout


def journal_anchor(daemon):
    """The timeline's anchor as the journal keeps it ("bootID wallMs monoNs offsetMs")."""
    with sqlite3.connect(os.path.join(daemon.state_dir, "journal.sqlite")) as db:
        return db.execute("SELECT value FROM meta WHERE key = 'clockAnchor'").fetchone()[0]
