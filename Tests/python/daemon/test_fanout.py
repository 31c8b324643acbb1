"""A stalled subscriber never delays a live one, costs bounded memory, and is closed."""
import time

from gavel_harness import seconds_agenda
from raw_ws import RawWebSocket


def big_agenda():
    # About 300 items make a state message of tens of kilobytes, so a few dozen changes are
    # megabytes: more than the socket buffers a reader that never reads can absorb.
    return seconds_agenda([(f"Item {n} with a long enough title to weigh something on the wire", 60) for n in range(300)])


def test_stalled_subscriber_does_not_delay_a_live_one(gaveld_factory):
    daemon = gaveld_factory(agenda=big_agenda(), extra_args=["--stall-timeout", "3"])
    stalled = RawWebSocket(daemon.port, rcvbuf=4096)
    assert stalled.upgraded
    live = daemon.subscribe()
    live.next(type="state")
    daemon.command("start")
    live.next(type="state")

    delays = []
    for n in range(60):
        sent = time.time() * 1000
        status, reply = daemon.command("showMessage", text=f"message {n} " + "x" * 200)
        assert status == 200
        while True:
            arrived, state = live.next_with_time(type="state")
            if state["seq"] >= reply["seq"]:
                break
        delays.append(arrived - sent)
    delays.sort()
    assert delays[-1] < 500, f"slowest live update took {delays[-1]:.0f} ms"

    # The stalled reader is closed after the stall timeout, and the live one is still served.
    deadline = time.time() + 20
    closed = False
    while time.time() < deadline and not closed:
        _, body = daemon.http("GET", "/metrics")
        closed = any(line.startswith("gavel_websocket_slow_closed_total ") and not line.endswith(" 0")
                     for line in body.decode().splitlines())
        time.sleep(0.2)
    assert closed, "the stalled subscriber was not closed"
    daemon.command("showMessage", text="after")
    assert live.next(type="state")["message"]["text"] == "after"
    stalled.close()
