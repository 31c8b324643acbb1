"""Start the real gaveld on a free loopback port and talk to it as displays and the chair do.

Used by the daemon tests (pytest). The binaries come from $GAVEL_BIN_DIR, else .build/debug.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from websockets.sync.client import connect

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
BIN_DIR = os.path.abspath(os.environ.get("GAVEL_BIN_DIR", os.path.join(ROOT, ".build", "debug")))
GAVELD = os.path.join(BIN_DIR, "gaveld")
GAVEL = os.path.join(BIN_DIR, "gavel")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- "Now" for the tests ---------------------------------------------------------------------------
#
# Every test that depends on the hour or the date takes "now" from here, never from the machine's
# clock, and every gaveld the tests start runs on the same clock (GAVEL_CLOCK_OFFSET). By default
# that is the machine's clock; GAVEL_TEST_NOW places it elsewhere for the whole pytest session:
#
#   GAVEL_TEST_NOW=23:50                          today at 23:50 in UTC (the test agendas' zone)
#   GAVEL_TEST_NOW=00:05@America/New_York         today at 00:05 in New York
#   GAVEL_TEST_NOW=2027-03-14T01:58@America/New_York   two minutes before clocks go forward
#   GAVEL_TEST_NOW=2027-11-07T01:58-04:00@America/New_York   before they go back (01:58 happens twice)
#
# "Now" then runs on from there at the machine's rate. Scripts/test --at TIME sets it for a run.

TEST_NOW_VARIABLE = "GAVEL_TEST_NOW"


def _parse_test_now(text, machine_now):
    """The offset (seconds, from the machine's clock) that places "now" at `text`, a local
    [YYYY-MM-DDT]HH:MM[:SS][@Zone]; a time that does not exist or is ambiguous in the zone
    (a daylight-saving change) is refused rather than guessed: name the instant with its UTC
    offset instead (2027-11-07T01:58-04:00@America/New_York)."""
    when, _, zone_name = text.strip().partition("@")
    try:
        zone = ZoneInfo(zone_name or "UTC")
    except (ValueError, KeyError):
        raise ValueError(f"{TEST_NOW_VARIABLE}={text!r}: {zone_name!r} is not an IANA time zone")
    try:
        if "T" in when:
            local = datetime.fromisoformat(when)
        else:
            clock = datetime.strptime(when, "%H:%M:%S" if when.count(":") == 2 else "%H:%M").time()
            local = datetime.combine(datetime.fromtimestamp(machine_now, zone).date(), clock)
    except ValueError as error:
        raise ValueError(f"{TEST_NOW_VARIABLE}={text!r}: expected [YYYY-MM-DDT]HH:MM[:SS][±HH:MM][@Zone] ({error})")
    if local.tzinfo is not None:
        # An explicit UTC offset names one instant, even in an hour that happens twice.
        return local.timestamp() - machine_now
    local = local.replace(tzinfo=zone)
    # A local time that does not exist (the hour skipped in spring) does not survive the round
    # trip through UTC; one that exists twice (autumn) reads differently with fold=1.
    round_trip = local.astimezone(timezone.utc).astimezone(zone)
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise ValueError(f"{TEST_NOW_VARIABLE}={text!r}: {when} does not exist in {zone.key} (a clock change)")
    if local.utcoffset() != local.replace(fold=1).utcoffset():
        raise ValueError(f"{TEST_NOW_VARIABLE}={text!r}: {when} happens twice in {zone.key} (a clock change)")
    return local.timestamp() - machine_now


_clock_offset_s = _parse_test_now(os.environ[TEST_NOW_VARIABLE], time.time()) \
    if os.environ.get(TEST_NOW_VARIABLE) else 0.0


def clock_offset_s():
    """How far the tests' "now" (and every gaveld's) is from the machine's clock, in seconds."""
    return _clock_offset_s


def advance_clock(seconds, why):
    """Moves the tests' "now" forward, instead of sleeping through `seconds`. Only between
    daemons: one already running would keep the old offset and disagree with the tests."""
    global _clock_offset_s
    assert not Gaveld.any_running(), f"cannot move the tests' clock while a gaveld runs ({why})"
    _clock_offset_s += seconds
    print(f"the tests' clock moves {seconds:.0f} s forward: {why}", file=sys.stderr, flush=True)


def now_s():
    """The tests' "now": seconds since the epoch."""
    return time.time() + _clock_offset_s


def now_ms():
    return now_s() * 1000


def now_in(zone="UTC"):
    """The tests' "now" as an aware datetime in `zone`."""
    return datetime.fromtimestamp(now_s(), ZoneInfo(zone))


def seconds_agenda(items, zone="UTC", title="Test sitting", item_alerts=None, floor_alerts=None, start_in=60):
    """A canonical JSON agenda for today whose items last seconds: items = [(title, seconds), ...],
    the first planned to start `start_in` seconds from the tests' "now".

    A programme is printed in the venue's local times: an item cannot run past midnight, nor
    through the hour the clocks repeat in autumn (its end would read before its start), and items
    are listed in time order (the importer refuses anything else). When the plan cannot be printed
    so: a short agenda (up to 15 minutes with `start_in`) is planned from the first minute it can
    be, and the tests' clock moves there (no gaveld runs yet; else it waits) so that its plan still
    starts `start_in` from now; a longer one, whose tests do not read the plan's times, starts the
    item that could not be printed at the first minute it can (after midnight: on the next day).

    Times are computed in UTC and then written in the zone, so that on a daylight-saving day a
    plan through the skipped hour reads as the venue's clocks would show it."""
    tz = ZoneInfo(zone)
    total = sum(seconds for _, seconds in items)

    def from_now(seconds):
        return datetime.fromtimestamp(int(now_s()) + seconds, timezone.utc).astimezone(tz)

    if total + max(start_in, 0) <= 900:
        start = from_now(start_in)
        # Through UTC: Python subtracts two times of one zone as wall times, blind to a clock change.
        wait = (printable_from(start, total).astimezone(timezone.utc) - start.astimezone(timezone.utc)).total_seconds()
        if wait:
            why = f"a plan of {total} s from {start:%H:%M:%S} cannot be printed in {zone}'s local times"
            if Gaveld.any_running():
                print(f"seconds_agenda: {why}; waiting {wait:.0f} s", file=sys.stderr, flush=True)
                time.sleep(wait)
            else:
                advance_clock(wait, why)
    start = from_now(start_in)
    agenda_items = []
    for index, (item_title, seconds) in enumerate(items):
        start = printable_from(start, seconds)
        end = later(start, seconds)
        item = {
            "id": str(index + 1), "title": item_title, "kind": "session",
            "date": start.date().isoformat(), "start": start.strftime("%H:%M:%S"), "end": end.strftime("%H:%M:%S"),
            "people": [],
        }
        if item_alerts:
            item["alerts"] = item_alerts
        if floor_alerts:
            item["floorAlerts"] = floor_alerts
        agenda_items.append(item)
        start = end
    return {"title": title, "date": agenda_items[0]["date"], "timeZone": zone, "items": agenda_items}


def later(moment, seconds):
    """`seconds` after the aware `moment`, in its zone (elapsed time, through UTC)."""
    return (moment.astimezone(timezone.utc) + timedelta(seconds=seconds)).astimezone(moment.tzinfo)


def printable(start, end):
    """A span from `start` to `end` can be printed in local times: on one day (not past midnight,
    which reads 00:00), its end reads after its start (not through the repeated hour), and each
    reads back as the instant it is (not the second pass of a repeated hour, which a programme's
    reader takes for the first)."""
    def reads_back(moment):
        return moment.replace(fold=0).utcoffset() == moment.utcoffset()
    return (end.date() == start.date() and end.replace(tzinfo=None) > start.replace(tzinfo=None)
            and reads_back(start) and reads_back(end))


def printable_from(start, seconds):
    """The first moment from `start`, by whole minutes, from which a span of `seconds` can be
    printed and reads no earlier than `start` does (items stay in time order)."""
    moment = start
    for _ in range(3 * 24 * 60):
        end = later(moment, seconds)
        if printable(moment, end) and moment.replace(tzinfo=None) >= start.replace(tzinfo=None):
            return moment
        moment = later(moment, 60)
    raise AssertionError(f"no time within three days from {start} can print a span of {seconds} s")


class Gaveld:
    """One gaveld process with its own state directory and port, on the tests' clock."""

    _started = []  # every Gaveld started in this session, to know whether one still runs

    @classmethod
    def any_running(cls):
        cls._started = [daemon for daemon in cls._started if daemon.process.poll() is None]
        return bool(cls._started)

    def __init__(self, agenda=None, agenda_text=None, state_dir=None, port=None, extra_args=(), env=None):
        self.tmp = tempfile.mkdtemp(prefix="gaveld-test-")
        self.state_dir = state_dir or os.path.join(self.tmp, "state")
        self.port = port or free_port()
        self.agenda_path = None
        if agenda is not None or agenda_text is not None:
            self.agenda_path = os.path.join(self.tmp, "agenda.json" if agenda is not None else "agenda.txt")
            with open(self.agenda_path, "w") as f:
                f.write(json.dumps(agenda) if agenda is not None else agenda_text)
        self.extra_args = list(extra_args)
        self.env = {k: v for k, v in os.environ.items() if k not in ("GAVEL_STATE_DIR", "GAVEL_CLOCK_OFFSET")}
        self.env.update(env or {})
        self.process = None
        self.log_path = os.path.join(self.tmp, "gaveld.log")

    def args(self):
        args = [GAVELD, "--listen", f"127.0.0.1:{self.port}", "--state-dir", self.state_dir]
        if self.agenda_path:
            args += ["--agenda", self.agenda_path]
        return args + self.extra_args

    def start(self, wait=True):
        self.log = open(self.log_path, "ab")
        environment = dict(self.env)
        if clock_offset_s():
            environment.setdefault("GAVEL_CLOCK_OFFSET", f"{clock_offset_s():.3f}")
        self.process = subprocess.Popen(self.args(), stdout=self.log, stderr=subprocess.STDOUT, env=environment)
        Gaveld._started.append(self)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gaveld exited with {self.process.returncode}:\n{self.output()}")
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.05)
        raise AssertionError(f"gaveld did not answer within {timeout}s:\n{self.output()}")

    def output(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def ws_url(self):
        return f"ws://127.0.0.1:{self.port}/ws"

    @property
    def token(self):
        with open(os.path.join(self.state_dir, "token")) as f:
            return f.read().strip()

    def level_token(self, level):
        """The token of an access level: "chair" (the state directory's token), "secretariat", "read"."""
        name = "token" if level == "chair" else f"token-{level}"
        with open(os.path.join(self.state_dir, name)) as f:
            return f.read().strip()

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def terminate(self, timeout=15):
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
        if getattr(self, "log", None):
            self.log.close()

    # HTTP

    def http(self, method, path, body=None, token=None, headers=None):
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        request = urllib.request.Request(self.url(path), data=data, method=method)
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def command(self, command, **fields):
        """POSTs a command with the token and returns (status, json)."""
        status, body = self.http("POST", "/api/v1/commands", dict(command=command, **fields), token=self.token)
        return status, json.loads(body)

    def state(self):
        status, body = self.http("GET", "/api/v1/state")
        assert status == 200, body
        return json.loads(body)

    # WebSocket

    def subscribe(self, control=False, subprotocol="gavel.v2", topics=None, **kwargs):
        headers = {"Authorization": f"Bearer {self.token}"} if control else None
        protocols = [subprotocol] if subprotocol else None
        url = self.ws_url + (f"?topics={topics}" if topics is not None else "")
        ws = connect(url, subprotocols=protocols, additional_headers=headers,
                     max_size=None, open_timeout=10, **kwargs)
        return Subscriber(ws)


class Subscriber:
    """A WebSocket client that keeps every message it received, with its arrival time."""

    def __init__(self, ws):
        self.ws = ws
        self.received = []

    def next(self, timeout=10, type=None):
        """The next message (of `type`, if given), skipping others; fails after `timeout`."""
        deadline = time.time() + timeout
        while True:
            remaining = deadline - time.time()
            if remaining <= 0:
                raise AssertionError(f"no {type or 'message'} within {timeout}s; got {[m['type'] for _, m in self.received[-10:]]}")
            raw = self.ws.recv(timeout=remaining)
            message = json.loads(raw)
            self.received.append((now_ms(), message))
            if type is None or message["type"] == type:
                return message

    def next_with_time(self, timeout=10, type=None):
        message = self.next(timeout=timeout, type=type)
        return self.received[-1][0], message

    def send(self, message):
        self.ws.send(message if isinstance(message, (str, bytes)) else json.dumps(message))

    def request(self, message, timeout=10):
        """Sends a command or auth and returns its ack or error."""
        self.send(message)
        expected = message.get("id", "auth" if message.get("type") == "auth" else None)
        while True:
            reply = self.next(timeout=timeout)
            if reply["type"] in ("ack", "error") and reply.get("id") == expected:
                return reply

    def clock_offset(self, samples=8):
        """server time − local time, NTP-style, from the samples with the smallest round trip."""
        return self.clock_sample(samples)[1]

    def clock_sample(self, samples=8, local_ms=None):
        """(round trip, server time − local time) in ms, of the ping with the smallest round trip;
        local time is `local_ms()`, the tests' "now" (its arrival stamps) by default."""
        results = []
        for _ in range(samples):
            t0 = local_ms() if local_ms else now_ms()
            self.send({"type": "ping", "t0": t0})
            pong = self.next(type="pong")
            t3 = local_ms() if local_ms else self.received[-1][0]
            results.append(((t3 - t0) - (pong["t2"] - pong["t1"]), ((pong["t1"] - t0) + (pong["t2"] - t3)) / 2))
        results.sort()
        return results[0]

    def close(self):
        self.ws.close()


@contextmanager
def running(*args, **kwargs):
    daemon = Gaveld(*args, **kwargs).start()
    try:
        yield daemon
    finally:
        daemon.stop()
