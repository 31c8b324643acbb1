"""The venue overview: every room's gaveld on one PostgreSQL database publishes its room's summary
(room_status, NOTIFY gavel_venue), and every one of them serves all rooms at /api/v1/venue, in
the WebSocket topic "venue" and to `gavel venue`; a room whose gaveld is gone shows as stale (or
stopped). With SQLite the overview is the daemon's own room.

The PostgreSQL cases run against the throwaway cluster Scripts/test starts
(GAVEL_TEST_POSTGRES_URL), in a database of their own."""
import json
import os
import queue
import subprocess
import threading
import time

import pytest

from gavel_harness import GAVEL, seconds_agenda
from test_postgres import BASE_URL, database, on_postgres, sql  # noqa: F401 (database is a fixture)

needs_postgres = pytest.mark.skipif(BASE_URL is None, reason="GAVEL_TEST_POSTGRES_URL names no test database")


def venue(daemon):
    status, body = daemon.http("GET", "/api/v1/venue")
    assert status == 200, body
    return json.loads(body)


def rooms_of(message):
    return {room["room"]: room for room in message["rooms"]}


def wait_for_venue(subscriber, predicate, timeout=30, what="the overview"):
    """The first `venue` message on `subscriber` for which `predicate(rooms)` holds."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = subscriber.next(type="venue", timeout=max(0.1, deadline - time.time()))
        if predicate(rooms_of(last)):
            return last
    raise AssertionError(f"no venue message with {what} within {timeout}s; last: {last}")


def wait_for_answer(ask, predicate, timeout=30):
    """`ask()` again until its answer satisfies `predicate`; that answer."""
    deadline = time.time() + timeout
    while True:
        answer = ask()
        if predicate(answer) or time.time() > deadline:
            assert predicate(answer), answer
            return answer
        time.sleep(0.05)


def gavel_venue(daemon, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAVEL_")}
    env["GAVEL_SERVER"] = f"127.0.0.1:{daemon.port}"
    return subprocess.run([GAVEL, "venue", *args], capture_output=True, text=True, timeout=30, env=env)


def projected_drift(status, at):
    """The reader's projection of a summary's drift to `at` (docs/protocol.md, "venue")."""
    grows = status["schedule"]["growsFrom"]
    growth = 0 if grows is None else max(0, at - max(grows, status["serverTime"]))
    return status["schedule"]["clockDriftMs"] + growth


@needs_postgres
def test_every_gaveld_of_the_database_shows_every_room_live(gaveld_factory, database):  # noqa: F811
    halls = {}
    for name, title in (("hall-a", "Hall A"), ("hall-b", "Hall B"), ("hall-c", "Hall C")):
        halls[name] = gaveld_factory(agenda=seconds_agenda([("First", 600), ("Second", 600)], title=title),
                                     extra_args=on_postgres(database, name))
    watcher = halls["hall-c"].subscribe(topics="venue")
    wait_for_venue(watcher, lambda rooms: set(rooms) == set(halls), what="the three rooms")

    for command, fields in (("start", {}), ("floorGrant", {"speaker": "H.E. Ms. Ana Ruiz", "delegation": "Chile",
                                                            "duration": "3m"})):
        status, reply = halls["hall-a"].command(command, **fields)
        assert status == 200, reply
    for command in ("start", "next"):
        status, reply = halls["hall-b"].command(command)
        assert status == 200, reply

    def shows_the_commands(rooms):
        a, b = rooms["hall-a"]["status"], rooms["hall-b"]["status"]
        return (a["speaker"] or {}).get("name") == "H.E. Ms. Ana Ruiz" and (b["item"] or {}).get("id") == "2"

    live = wait_for_venue(watcher, shows_the_commands, what="hall A's speaker and hall B's second item")
    rooms = rooms_of(live)
    assert rooms["hall-a"]["status"]["speaker"]["delegation"] == "Chile"
    assert rooms["hall-a"]["status"]["item"]["title"] == "First"
    assert rooms["hall-a"]["status"]["phase"] == "running"
    assert rooms["hall-c"]["status"]["phase"] == "notStarted"
    assert rooms["hall-c"]["status"]["item"] is None
    assert not any(room["stale"] for room in rooms.values())
    assert live["source"] == "postgresql"

    # Every gaveld of the database serves the same overview, and each room's drift, projected to
    # the instant of the room's own state, is the room's own.
    # (Each follows the database on its own: it may read the last notification a moment later.)
    for reader in halls.values():
        overview = wait_for_answer(lambda: rooms_of(venue(reader)),
                                   lambda rooms: set(rooms) == set(halls) and shows_the_commands(rooms))
        assert overview["hall-b"]["status"]["item"]["title"] == "Second"
    for name, daemon in halls.items():
        own = daemon.state()
        summary = rooms_of(venue(halls["hall-a"]))[name]["status"]
        assert summary["seq"] == own["seq"]
        assert abs(projected_drift(summary, own["serverTime"]) - own["schedule"]["clockDriftMs"]) <= 1, (name, summary)

    # gavel venue: the same rooms, as JSON and for people.
    answer = gavel_venue(halls["hall-b"], "--json")
    assert answer.returncode == 0, answer.stderr
    assert rooms_of(json.loads(answer.stdout))["hall-a"]["status"]["speaker"]["delegation"] == "Chile"
    table = gavel_venue(halls["hall-b"])
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split()[:3] == ["ROOM", "PHASE", "ITEM"]
    row = next(line for line in lines if line.startswith("hall-a"))
    assert "H.E. Ms. Ana Ruiz (Chile)" in row and "running" in row
    assert "item 2 (Second)" in next(line for line in lines if line.startswith("hall-b"))
    print("\n" + table.stdout)

    # The row in the database is the summary, and the room's name was announced.
    assert json.loads(sql(database, "SELECT summary FROM room_status WHERE room = 'hall-b'"))["item"]["id"] == "2"

    # A room whose gaveld stops says so at once; one killed goes stale once its heartbeats stop.
    assert halls["hall-c"].terminate() == 0
    watcher = halls["hall-a"].subscribe(topics="venue")
    stopped = wait_for_venue(watcher, lambda rooms: rooms["hall-c"]["stale"], what="hall C stopped")
    assert rooms_of(stopped)["hall-c"]["silentMs"] is None
    killed_at = time.monotonic()
    halls["hall-b"].kill()
    stale = wait_for_venue(watcher, lambda rooms: rooms["hall-b"]["stale"], timeout=60, what="hall B stale")
    noticed = time.monotonic() - killed_at
    assert rooms_of(stale)["hall-b"]["silentMs"] > stale["staleAfterMs"]
    assert not rooms_of(stale)["hall-a"]["stale"]
    print(f"\nhall B killed: shown stale after {noticed:.1f} s (stale after {stale['staleAfterMs'] / 1000:.0f} s)")
    table = gavel_venue(halls["hall-a"])
    assert "STALE" in next(line for line in table.stdout.splitlines() if line.startswith("hall-b"))
    assert "STOPPED" in next(line for line in table.stdout.splitlines() if line.startswith("hall-c"))


@needs_postgres
def test_a_database_at_schema_2_is_upgraded_for_the_overview(gaveld_factory, database):  # noqa: F811
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 600)]), extra_args=on_postgres(database, "hall-a"))
    daemon.terminate()
    # As a Gavel before the overview left it: schema 2 (leases), no room_status.
    sql(database, "DROP TABLE room_status; UPDATE gavel_journal SET version = 2")
    again = gaveld_factory(agenda=seconds_agenda([("One", 600)]), state_dir=daemon.state_dir,
                           extra_args=on_postgres(database, "hall-a"))
    assert sql(database, "SELECT version FROM gavel_journal") == "3"
    watcher = again.subscribe(topics="venue")
    wait_for_venue(watcher, lambda rooms: "hall-a" in rooms and not rooms["hall-a"]["stale"], what="hall A")


def test_with_sqlite_the_overview_is_the_daemons_own_room(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 600), ("Two", 600)], title="Solo"))
    overview = venue(daemon)
    assert overview["source"] == "single"
    # The default room's name, as /api/v1/leader says.
    assert [room["room"] for room in overview["rooms"]] == ["main"]
    assert overview["rooms"][0]["status"]["title"] == "Solo"
    watcher = daemon.subscribe(topics="venue")
    first = watcher.next(type="venue")
    assert first["rooms"][0]["status"]["phase"] == "notStarted"
    status, reply = daemon.command("start")
    assert status == 200, reply
    started = wait_for_venue(watcher, lambda rooms: rooms["main"]["status"]["phase"] == "running", what="the start")
    assert rooms_of(started)["main"]["status"]["item"]["id"] == "1"
    assert rooms_of(started)["main"]["status"]["seq"] == reply["seq"]
    table = gavel_venue(daemon)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[1].startswith("main")


def test_gavel_venue_watch_follows_the_overview(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 600), ("Two", 600)], title="Solo"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAVEL_")}
    env["GAVEL_SERVER"] = f"127.0.0.1:{daemon.port}"
    process = subprocess.Popen([GAVEL, "venue", "--watch", "--json"], stdout=subprocess.PIPE, text=True, env=env)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        first = json.loads(lines.get(timeout=30))
        assert first["type"] == "venue" and first["rooms"][0]["status"]["phase"] == "notStarted"
        status, reply = daemon.command("start")
        assert status == 200, reply
        while True:  # an overview that shows the start, within 30 s of the one before
            message = json.loads(lines.get(timeout=30))
            if message["rooms"][0]["status"]["phase"] == "running":
                break
        assert message["rooms"][0]["status"]["item"]["title"] == "One"
    finally:
        process.kill()
        process.wait(timeout=10)
