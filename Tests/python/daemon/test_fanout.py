"""A stalled subscriber never delays a live one, costs bounded memory, and is closed."""
import os
import time

from gavel_harness import now_ms, seconds_agenda
from raw_ws import RawWebSocket


def big_agenda():
    # About 300 items make a state message of tens of kilobytes, so a few dozen changes are
    # megabytes: more than the socket buffers a reader that never reads can absorb.
    return seconds_agenda([(f"Item {n} with a long enough title to weigh something on the wire", 60) for n in range(300)])


def slow_closed(daemon):
    _, body = daemon.http("GET", "/metrics")
    for line in body.decode().splitlines():
        if line.startswith("gavel_websocket_slow_closed_total "):
            return int(float(line.split()[1]))
    raise AssertionError("no gavel_websocket_slow_closed_total in /metrics")


def websocket_metrics(daemon):
    """The WebSocket lines of /metrics, for a failure's message: how the connections ended."""
    _, body = daemon.http("GET", "/metrics")
    return ", ".join(line for line in body.decode().splitlines() if line.startswith("gavel_websocket"))


def flood(daemon, live, count):
    """Sends `count` state changes and returns how long each took to reach the live subscriber."""
    delays = []
    for n in range(count):
        sent = now_ms()
        status, reply = daemon.command("showMessage", text=f"message {n} " + "x" * 200)
        assert status == 200
        while True:
            arrived, state = live.next_with_time(type="state")
            if state["seq"] >= reply["seq"]:
                break
        delays.append(arrived - sent)
    return sorted(delays)


def test_stalled_subscriber_does_not_delay_a_live_one(gaveld_factory):
    # A server that waited for the stalled reader would hold the live one until the stall
    # timeout (120 s) closed it; the bound below is far under that, and generous for a busy machine.
    # The timeout is that long so that the flood, however slow a loaded machine makes it (each
    # command is synced to disk), ends long before the stalled reader could be closed.
    daemon = gaveld_factory(agenda=big_agenda(), extra_args=["--stall-timeout", "120"])
    stalled = RawWebSocket(daemon.port, rcvbuf=4096)
    assert stalled.upgraded
    live = daemon.subscribe()
    live.next(type="state")
    daemon.command("start")
    live.next(type="state")
    delays = flood(daemon, live, 150)
    assert delays[-1] < 5000, f"slowest live update took {delays[-1]:.0f} ms"
    assert slow_closed(daemon) == 0, "the stalled reader was closed early: the test proved nothing"
    stalled.close()


def test_stalled_subscriber_is_closed_after_the_stall_timeout(gaveld_factory):
    daemon = gaveld_factory(agenda=big_agenda(), extra_args=["--stall-timeout", "2"])
    stalled = RawWebSocket(daemon.port, rcvbuf=4096)
    assert stalled.upgraded
    live = daemon.subscribe()
    live.next(type="state")
    daemon.command("start")
    live.next(type="state")

    flood(daemon, live, 150)
    # The stalled reader is closed after the stall timeout, and the live one is still served.
    deadline = time.time() + 30
    while time.time() < deadline and slow_closed(daemon) == 0:
        time.sleep(0.2)
    assert slow_closed(daemon) == 1, (
        "the stalled subscriber was not closed; " + websocket_metrics(daemon) + "; the daemon's log ends: "
        + daemon.output()[-3000:])
    daemon.command("showMessage", text="after")
    assert live.next(type="state")["message"]["text"] == "after"
    stalled.close()


def test_the_service_loop_waits_on_epoll_not_on_a_poll_of_every_socket(gaveld_factory):
    """With lws's default loop every wake-up was a poll() over all descriptors: at 10,000 displays
    each round of the chair's command cost a scan of all of them (Benchmarks/analysis.md). gaveld
    runs lws in a libev loop on epoll, one per service thread: every display's socket is watched by
    an epoll instance."""
    daemon = gaveld_factory()
    displays = [daemon.subscribe() for _ in range(20)]
    for display in displays:
        display.next(type="state")
    fd_dir = f"/proc/{daemon.process.pid}/fd"
    sockets, watched = set(), []
    for name in os.listdir(fd_dir):
        try:
            link = os.readlink(f"{fd_dir}/{name}")
        except OSError:
            continue
        if link.startswith("socket:"):
            sockets.add(int(name))
        elif link == "anon_inode:[eventpoll]":
            with open(f"/proc/{daemon.process.pid}/fdinfo/{name}") as info:
                watched.append({int(line.split()[1]) for line in info if line.startswith("tfd:")})
    covered = set().union(*watched) & sockets if watched else set()
    assert len(covered) >= len(displays), (
        f"epoll watches {len(covered)} of {len(sockets)} sockets, fewer than the {len(displays)} displays"
    )
    status, reply = daemon.command("showMessage", text="through epoll")
    assert status == 200
    for display in displays:
        while display.next(type="state")["seq"] < reply["seq"]:
            pass
