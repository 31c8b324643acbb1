"""Run the built `gavel` as a chair would, against a real gaveld (or a scripted stand-in), and
drive `gavel watch` inside tmux.

The binaries come from $GAVEL_BIN_DIR, else .build/debug (see gavel_harness)."""
import json
import os
import re
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from gavel_harness import GAVEL, ROOT, now_ms

UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CLOCK_RE = r"\d\d:\d\d:\d\d"


@dataclass
class Result:
    status: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


def clean_env(extra=None):
    """The environment without any GAVEL_* setting of the machine running the tests."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAVEL_")}
    env.pop("NO_COLOR", None)
    env.update(extra or {})
    return env


def gavel(daemon, *args, env=None, timeout=30, input=None, server=None):
    """Runs `gavel ARGS` against `daemon` (its address in GAVEL_SERVER, its token found through
    GAVEL_STATE_DIR, as for a local daemon), with output captured."""
    settings = {}
    if daemon is not None:
        settings["GAVEL_SERVER"] = server or f"127.0.0.1:{daemon.port}"
        settings["GAVEL_STATE_DIR"] = daemon.state_dir
    settings.update(env or {})
    process = subprocess.run(
        [GAVEL, *args], capture_output=True, text=True, timeout=timeout, env=clean_env(settings), input=input,
        cwd=ROOT)
    return Result(process.returncode, process.stdout, process.stderr)


def wait_for(condition, timeout=15, interval=0.05, message="condition"):
    """Polls `condition` until it returns something truthy; fails after `timeout` seconds."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = condition()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}; last: {last!r}")


def clock_agenda(items, zone="UTC", title="CLI sitting", item_alerts=None, start_in=60):
    """A canonical JSON agenda for today with items lasting seconds: items = [(title, seconds)]."""
    from gavel_harness import seconds_agenda
    return seconds_agenda(items, zone=zone, title=title, item_alerts=item_alerts, start_in=start_in)


class Tmux:
    """One tmux session running a command, with its screen readable as text (and escapes)."""

    def __init__(self, command, width=100, height=30, env=None):
        self.name = f"gavel-{uuid.uuid4().hex[:8]}"
        exports = " ".join(f"{k}={_quote(v)}" for k, v in (env or {}).items())
        # Keep the pane after the command ends, so its exit and what it left can be read.
        script = f"{exports} {command}; echo EXIT=$?; sleep 600"
        subprocess.run(
            ["tmux", "new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height), script],
            check=True, env=clean_env({"TERM": "xterm-256color"}))

    def screen(self, escapes=False):
        args = ["tmux", "capture-pane", "-p", "-t", self.name]
        if escapes:
            args.append("-e")
        return subprocess.run(args, capture_output=True, text=True, check=True).stdout

    def wait_for(self, predicate, timeout=15, escapes=False, message="screen"):
        last = {"screen": ""}

        def check():
            last["screen"] = self.screen(escapes=escapes)
            return predicate(last["screen"])

        try:
            return wait_for(check, timeout=timeout, message=message)
        except AssertionError as error:
            raise AssertionError(f"{error}\n--- screen ---\n{last['screen']}") from None

    def resize(self, width, height):
        subprocess.run(["tmux", "resize-window", "-t", self.name, "-x", str(width), "-y", str(height)], check=True)

    def keys(self, *keys):
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def kill(self):
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


def _quote(value):
    return "'" + str(value).replace("'", "'\\''") + "'"


def venue_time(ms, zone="UTC"):
    """HH:MM:SS of an epoch-milliseconds instant, in UTC (the test agendas' zone)."""
    assert zone == "UTC"
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%H:%M:%S")


class LineReader:
    """Collects a process's standard output lines on a thread, so tests can wait for one."""

    def __init__(self, process):
        self.process = process
        self.lines = []
        self.times = {}  # line index -> when it was read (ms since the epoch)
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self):
        for line in self.process.stdout:
            read_at = now_ms()
            with self._lock:
                self.times[len(self.lines)] = read_at
                self.lines.append(line.rstrip("\n"))

    def snapshot(self):
        with self._lock:
            return list(self.lines)

    def wait_for(self, predicate, timeout=15, message="a line"):
        return wait_for(lambda: next((l for l in self.snapshot() if predicate(l)), None), timeout=timeout,
                        message=f"{message}; lines so far: {self.snapshot()}")

    def wait_for_with_time(self, predicate, timeout=15, message="a line"):
        """The first line matching `predicate`, and when it was read (ms since the epoch)."""
        def found():
            with self._lock:
                return next(((l, self.times[i]) for i, l in enumerate(self.lines) if predicate(l)), None)
        return wait_for(found, timeout=timeout, message=f"{message}; lines so far: {self.snapshot()}")


__all__ = ["Result", "gavel", "wait_for", "clock_agenda", "Tmux", "LineReader", "UUID_RE", "CLOCK_RE", "now_ms",
           "venue_time", "clean_env"]
