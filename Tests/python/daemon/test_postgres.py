"""The journal in PostgreSQL: nothing acknowledged is lost across a SIGKILL, rooms sharing one
database are kept apart, one gaveld per room, and bad addresses and standby settings are refused
saying why.

Runs against the throwaway cluster Scripts/test starts (GAVEL_TEST_POSTGRES_URL); each test
makes a database of its own beside that one, with Debian's createdb and psql."""
import os
import subprocess
import urllib.parse
import uuid

import pytest

from gavel_harness import seconds_agenda
from test_durability import assert_resumed, run_a_meeting_to_the_floor

BASE_URL = os.environ.get("GAVEL_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(BASE_URL is None, reason="GAVEL_TEST_POSTGRES_URL names no test database")


def _server_args():
    url = urllib.parse.urlsplit(BASE_URL)
    return ["-h", url.hostname, "-p", str(url.port or 5432), "-U", url.username]


@pytest.fixture
def database():
    """A fresh database's URL, dropped after the test."""
    name = "gavel_py_" + uuid.uuid4().hex[:16]
    subprocess.run(["createdb", *_server_args(), name], check=True)
    url = urllib.parse.urlsplit(BASE_URL)._replace(path="/" + name).geturl()
    yield url
    subprocess.run(["dropdb", *_server_args(), "--force", name], check=False)


def sql(url, query):
    """One value from the database, as psql prints it."""
    return subprocess.run(["psql", "-X", "-tAc", query, url], check=True, capture_output=True, text=True).stdout.strip()


def on_postgres(url, room=None):
    return ["--journal", url] + (["--room", room] if room else [])


def test_sigkill_and_restart_on_postgres_lose_nothing_acknowledged(gaveld_factory, database):
    agenda = seconds_agenda([("One", 600), ("Two", 600)])
    daemon = gaveld_factory(agenda=agenda, extra_args=on_postgres(database))
    acked, before = run_a_meeting_to_the_floor(daemon)
    daemon.kill()
    # The journal is the database's, not a file in the state directory.
    assert not os.path.exists(os.path.join(daemon.state_dir, "journal.sqlite"))
    assert sql(database, "SELECT count(*) FROM commands WHERE room = 'main' AND last_seq IS NOT NULL") == "6"

    again = gaveld_factory(agenda=agenda, state_dir=daemon.state_dir, port=daemon.port,
                           extra_args=on_postgres(database))
    after = again.state()
    assert_resumed(after, before, acked)
    assert after["item"]["endsAt"] == before["item"]["endsAt"]
    status, reply = again.command("floorYield")
    assert status == 200 and reply["seq"] > acked[-1]


def test_a_retried_command_id_is_answered_again_after_a_restart(gaveld_factory, database):
    agenda = seconds_agenda([("One", 600)])
    daemon = gaveld_factory(agenda=agenda, extra_args=on_postgres(database))
    chair = daemon.subscribe(control=True)
    chair.next(type="state")
    first = chair.request({"type": "command", "id": "retry-1", "command": "start"})
    assert first["type"] == "ack", first
    daemon.kill()

    again = gaveld_factory(agenda=agenda, state_dir=daemon.state_dir, port=daemon.port,
                           extra_args=on_postgres(database))
    chair = again.subscribe(control=True)
    chair.next(type="state")
    retry = chair.request({"type": "command", "id": "retry-1", "command": "start"})
    assert retry["type"] == "ack" and retry["seq"] == first["seq"] and retry.get("replayed") is True, retry
    reused = chair.request({"type": "command", "id": "retry-1", "command": "pause"})
    assert reused["type"] == "error" and reused["code"] == "idReused", reused
    assert sql(database, "SELECT count(*) FROM events WHERE kind = 'meetingStarted'") == "1"


def test_two_rooms_in_one_database_are_kept_apart(gaveld_factory, database):
    hall_a = gaveld_factory(agenda=seconds_agenda([("A one", 600), ("A two", 600)], title="Hall A"),
                            extra_args=on_postgres(database, "hall-a"))
    hall_b = gaveld_factory(agenda=seconds_agenda([("B one", 600)], title="Hall B"),
                            extra_args=on_postgres(database, "hall-b"))
    for command in ("start", "next"):
        status, reply = hall_a.command(command)
        assert status == 200, reply
    status, reply = hall_b.command("showMessage", text="Hall B only")
    assert status == 200, reply
    assert hall_b.state()["meeting"]["phase"] != "running"
    assert hall_a.state()["message"] is None

    hall_a.kill()
    hall_b.kill()
    again_b = gaveld_factory(agenda=seconds_agenda([("B one", 600)], title="Hall B"), state_dir=hall_b.state_dir,
                             extra_args=on_postgres(database, "hall-b"))
    again_a = gaveld_factory(agenda=seconds_agenda([("A one", 600), ("A two", 600)], title="Hall A"),
                             state_dir=hall_a.state_dir, extra_args=on_postgres(database, "hall-a"))
    a, b = again_a.state(), again_b.state()
    assert a["item"]["id"] == "2" and a["message"] is None
    assert b["meeting"]["phase"] != "running" and b["message"]["text"] == "Hall B only"
    assert a["meeting"]["id"] != b["meeting"]["id"]
    assert sql(database, "SELECT count(DISTINCT room) FROM meetings") == "2"


def test_a_second_gaveld_for_the_same_room_is_refused(gaveld_factory, database):
    gaveld_factory(extra_args=on_postgres(database, "hall-a"))
    second = gaveld_factory(extra_args=on_postgres(database, "hall-a"), start=False)
    second.start(wait=False)
    assert second.process.wait(timeout=60) == 73
    assert "another gaveld is using" in second.output() and "room hall-a" in second.output()


def test_an_unreachable_database_stops_gaveld_naming_it(gaveld_factory):
    from gavel_harness import free_port
    port = free_port()
    daemon = gaveld_factory(extra_args=on_postgres(f"postgresql://gavel:s3cret@127.0.0.1:{port}/venue"), start=False)
    daemon.start(wait=False)
    assert daemon.process.wait(timeout=60) == 73
    output = daemon.output()
    assert f"cannot connect to PostgreSQL at 127.0.0.1:{port}" in output
    assert "s3cret" not in output


@pytest.mark.parametrize("args, says", [
    (["--journal", "postgresql://127.0.0.1/venue"], "names no user"),
    (["--journal", "postgresql://gavel@127.0.0.1/venue?sslmode=require"], "has options"),
    (["--room", "hall a"], "room 'hall a'"),
    (["--room", "hall-a"], "--room keeps rooms apart in a shared PostgreSQL journal"),
    (["--standby"], "--standby needs a PostgreSQL journal"),
    (["--advertise", "gavel-a:8421"], "is not a URL like http://gavel-a.example:8080"),
    (["--advertise", "http://gavel-a:8421/path"], "is not a URL like"),
])
def test_bad_journal_settings_are_usage_errors(gaveld_factory, args, says):
    daemon = gaveld_factory(extra_args=args, start=False)
    daemon.start(wait=False)
    assert daemon.process.wait(timeout=30) == 64
    assert says in daemon.output()


def test_a_lost_connection_refuses_the_command_in_flight_then_reconnects(gaveld_factory, database):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 600)]), extra_args=on_postgres(database))
    status, started = daemon.command("start")
    assert status == 200, started
    # The server ends gaveld's session (as a restart of PostgreSQL or a failover would); the call
    # returns once the backend has exited.
    assert sql(database, "SELECT bool_and(pg_terminate_backend(pid, 10000)) FROM pg_stat_activity "
                         "WHERE datname = current_database() AND pid <> pg_backend_pid()") == "t"
    status, lost = daemon.command("pause")
    assert status != 200 and lost["code"] == "journalUnavailable", lost
    assert "was lost" in daemon.output() and "journal reopened after the I/O error" in daemon.output()
    # Reconnected and re-read: nothing of the refused command, and the next one goes through.
    assert daemon.state()["meeting"]["phase"] == "running"
    status, paused = daemon.command("pause")
    assert status == 200 and paused["seq"] > started["seq"], paused
    assert sql(database, "SELECT count(*) FROM events WHERE kind = 'meetingPaused'") == "1"
