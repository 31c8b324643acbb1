"""Slack for timing checks, measured in the same run.

A timing check allows its own budget (what the code under test may be off by, written next to
it) plus what this machine was measured to add meanwhile: the uncertainty of a clock offset taken
by ping, and the scheduling delays of a loaded machine. Never a fixed allowance for "a busy
machine": on a quiet one the check stays as tight as its budget."""
import threading
import time


def ping_round_trips(subscriber):
    """The round trips (ms) of the pings this Subscriber had answered, less the daemon's own time."""
    return [arrived - pong["t0"] - (pong["t2"] - pong["t1"])
            for arrived, pong in subscriber.received if pong["type"] == "pong"]


def offset_uncertainty_ms(subscriber):
    """How far Subscriber.clock_offset() may be off, in ms: half the round trip of its best ping
    (the estimate is exact only if both halves took as long), and 1.5 ms for the daemon's
    whole-ms stamps (which can make a measured round trip up to 1 ms short, even negative).
    Call it after clock_offset()."""
    trips = ping_round_trips(subscriber)
    assert trips, "no ping was answered: call clock_offset() first"
    return min(trips) / 2 + 1.5


class SchedulingDelay:
    """While it runs, a thread asks to wake every `period` s and keeps the worst lateness (ms) of
    its wake-ups: how long a ready thread of this machine waited for a core (and for Python's
    lock) in that time. Everything a timing check observes goes through such waits: the daemon's
    timer, its write, the reader thread, the test's own thread.

        with SchedulingDelay() as delay:
            ...  # what is timed
        bound = BUDGET_MS + delay.allowance_ms()
    """

    def __init__(self, period=0.005):
        self.period = period
        self.worst_ms = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            due = time.monotonic() + self.period
            time.sleep(self.period)
            self.worst_ms = max(self.worst_ms, (time.monotonic() - due) * 1000)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join(timeout=5)
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def allowance_ms(self, hops=3):
        """What the machine may have added to an instant observed through `hops` wake-ups (by
        default three: a timer firing, a reader thread, the thread that looks at the time)."""
        return hops * self.worst_ms
