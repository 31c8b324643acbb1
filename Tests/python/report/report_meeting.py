"""A short meeting with known timings, run twice in one journal on the real gaveld: once straight
through, once with a SIGKILL and a restart in the middle.

Real clocks drive it, so every duration is the scripted one plus how late each command reached
the daemon. The driver records, for every command, when it was due and when its reply came
back: the event's instant lies between the two. From that it derives the tolerance a duration
may differ by (`tolerance()`): 50 ms, widened only by what a slow command was actually measured
to take. A restart that lost or double-counted the time the daemon was down (two seconds here)
is far outside it.
"""
import json
import time
from datetime import datetime

from gavel_harness import seconds_agenda

ADA = "Ms. Ada Lovelace"
BABBAGE = "Mr. Charles Babbage"

# Items, planned lengths in seconds.
ITEMS = [("Opening", 2), ("Debate", 4), ("Any other business", 2), ("Closing", 2)]

# (seconds after the start, command, fields). "kill" is where the second run is killed and
# restarted; the first run reads the live report there instead.
SCRIPT = [
    (0.0, "start", {}),
    (0.3, "floorGrant", {"speaker": ADA, "duration": "1s"}),
    (1.0, "pause", {}),
    (1.8, "resume", {}),
    (2.8, "floorYield", {}),
    (4.0, "extend", {"duration": "1s"}),
    (4.6, "next", {}),
    (4.9, "floorGrant", {"speaker": BABBAGE, "duration": "3s"}),
    (5.6, "floorPause", {}),
    (6.1, "floorResume", {}),
    (6.6, "kill", {}),
    (9.0, "floorExtend", {"duration": "2s"}),
    (9.5, "floorYield", {}),
    (9.7, "goto", {"item": "4"}),
    (9.9, "floorGrant", {"speaker": ADA, "duration": "1s"}),
    (11.1, "endMeeting", {}),
]

# What the report must say, in seconds, if every command landed exactly on time. No timer runs
# out close to a pause's edge, so the overrun marks are the same however late a command lands.
EXPECTED_ITEMS = {
    # id: (status, actual, paused, added, over)
    "1": ("done", 4.6 - 0.8, 0.8, 1.0, 4.6 - 0.8 - 3.0),
    "2": ("done", 9.7 - 4.6, 0.0, 0.0, 9.7 - 4.6 - 4.0),
    "3": ("skipped", None, None, 0.0, None),
    "4": ("done", 11.1 - 9.7, 0.0, 0.0, 11.1 - 9.7 - 2.0),
}
EXPECTED_TURNS = [
    # (speaker, item, used, paused, over)
    (ADA, "1", 2.5 - 0.8, 0.8, 2.5 - 0.8 - 1.0),
    (BABBAGE, "2", 9.5 - 4.9 - 0.5, 0.5, 9.5 - 4.9 - 0.5 - 5.0),
    (ADA, "4", 11.1 - 9.9, 0.0, 0.2),
]


class Run:
    """One run of the script: the daemon(s), and when each command was due and answered."""

    def __init__(self):
        self.lateness = []  # seconds from due to reply, per command
        self.live_report = None
        self.restart_seconds = None
        self.daemon = None


def run_meeting(make_daemon, state_dir=None, kill=False):
    """Runs SCRIPT against a gaveld started by `make_daemon(state_dir=...)`; returns the Run."""
    run = Run()
    daemon = make_daemon(state_dir=state_dir)
    start = time.time() + 0.5
    for at, command, fields in SCRIPT:
        due = start + at
        time.sleep(max(0.0, due - time.time()))
        if command == "kill":
            if kill:
                daemon.kill()
                began = time.time()
                daemon = make_daemon(state_dir=daemon.state_dir)
                run.restart_seconds = time.time() - began
            else:
                status, body = daemon.http("GET", "/api/v1/report?format=json")
                assert status == 200, body
                run.live_report = (time.time() - start, json.loads(body))
            continue
        status, reply = daemon.command(command, **fields)
        run.lateness.append(time.time() - due)
        assert status == 200, f"{command} {fields}: {status} {reply}"
    run.daemon = daemon
    return run


def new_daemon_factory(gaveld_factory, agenda):
    def make(state_dir=None):
        return gaveld_factory(agenda=agenda, state_dir=state_dir)
    return make


def agenda():
    # Planned to start as the first run does: that run starts on time, the second some seconds late.
    return seconds_agenda(ITEMS, title="Rehearsal of the closing sitting", zone="Europe/Zurich", start_in=1)


def tolerance(*runs):
    """50 ms, or more when a command was measured to take longer to be applied and answered.

    A duration runs between two events; each event's instant lies between its command's due time
    and its reply, so a duration can be off its scripted value by at most the lateness of its
    two commands (durations summing several spans, a little more: hence twice the worst).
    """
    worst = max(max(run.lateness) for run in runs)
    return max(0.050, 2 * worst)


def iso(text):
    return datetime.fromisoformat(text).timestamp()


def scripted_meeting(agenda, script):
    """A generator for a module fixture: runs `script` ((seconds after the start, command,
    fields); "kill" SIGKILLs gaveld and starts it again on the same journal) on a real gaveld
    and yields (daemon, slack): slack is how far a duration may differ from the scripted one,
    50 ms widened by the lateness actually measured. Stops every gaveld afterwards."""
    from gavel_harness import Gaveld
    started = []
    daemon = Gaveld(agenda=agenda)
    started.append(daemon.start())
    lateness = []
    try:
        start = time.time() + 0.5
        for at, command, fields in script:
            due = start + at
            time.sleep(max(0.0, due - time.time()))
            if command == "kill":
                daemon.kill()
                daemon = Gaveld(agenda=agenda, state_dir=daemon.state_dir)
                started.append(daemon.start())
                continue
            status, reply = daemon.command(command, **fields)
            lateness.append(time.time() - due)
            assert status == 200, f"{command} {fields}: {status} {reply}"
        yield daemon, max(0.050, 2 * max(lateness))
    finally:
        for each in started:
            each.stop()


def report(daemon, format):
    """The daemon's report of meeting 1 in `format`, as text."""
    status, body = daemon.http("GET", f"/api/v1/report?meeting=1&format={format}")
    assert status == 200, body
    return body
