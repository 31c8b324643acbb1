"""A room's primary and its standby, with the clients and the overview that know both: `gavel
--server STANDBY,PRIMARY` sends to the one that leads and follows it through a takeover, landing
each command once; the venue overview shows the room as its primary publishes it, and a standby
neither publishes for the room nor says it stopped when it stops (docs/deployment.md).

The end-to-end counterpart of Tests/python/cli/test_servers.py (a stand-in standby there) and of
test_standby.py (HTTP and WebSocket clients there). Needs GAVEL_TEST_POSTGRES_URL, as Scripts/test
provides."""
import json
import os
import shutil
import subprocess
import time

from gavel_harness import GAVEL, ROOT, seconds_agenda
from test_postgres import database, sql  # noqa: F401 (database is a fixture)
from test_standby import leader, needs_postgres, standby_args, wait_for


def same_token_state_dir(primary, tmp_path, name):
    """A state directory holding the primary's control token: a room's daemons share their tokens,
    so that a client or a display does not care which one answers."""
    directory = tmp_path / name
    directory.mkdir(mode=0o700)
    shutil.copyfile(os.path.join(primary.state_dir, "token"), directory / "token")
    os.chmod(directory / "token", 0o600)
    return str(directory)


def gavel(servers, token, *args):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAVEL_")}
    env.update({"GAVEL_SERVER": servers, "GAVEL_TOKEN": token})
    process = subprocess.run([GAVEL, *args], capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)
    return process.returncode, process.stdout, process.stderr


def venue_room(daemon, room):
    status, body = daemon.http("GET", "/api/v1/venue")
    assert status == 200, body
    rooms = [r for r in json.loads(body)["rooms"] if r["room"] == room]
    assert len(rooms) <= 1, rooms
    return rooms[0] if rooms else None


@needs_postgres
def test_gavel_given_both_servers_follows_the_leader_through_a_takeover(gaveld_factory, database, tmp_path):
    agenda = seconds_agenda([("One", 600), ("Two", 600), ("Three", 600), ("Four", 600)])
    primary = gaveld_factory(agenda=agenda, extra_args=standby_args(database, "hall-b"))
    standby = gaveld_factory(agenda=agenda, state_dir=same_token_state_dir(primary, tmp_path, "standby"),
                             extra_args=standby_args(database, "hall-b"))
    assert leader(standby)["role"] == "standby"
    token = primary.token
    # The standby first: gavel asks, is told it is a standby and who leads, and goes there.
    servers = f"127.0.0.1:{standby.port},127.0.0.1:{primary.port}"

    status, out, err = gavel(servers, token, "start", "--json")
    assert status == 0, err
    status, out, err = gavel(servers, token, "next", "--json")
    assert status == 0, err
    assert json.loads(out)["ok"] and primary.state()["item"]["id"] == "2"
    wait_for(lambda: standby.state()["item"]["id"] == "2", what="the standby following")
    # The overview shows the room as its primary published it, once.
    room = wait_for(lambda: (venue_room(standby, "hall-b") or {}).get("status", {}).get("item", {}).get("id") == "2"
                    and venue_room(standby, "hall-b"), what="the overview on the standby showing item 2")
    assert not room["stale"], room

    # The primary dies; the next command, with the same list, lands once on the new primary.
    primary.kill()
    killed = time.monotonic()
    status, out, err = gavel(servers, token, "next", "--json")
    waited = time.monotonic() - killed
    assert status == 0, err
    answer = json.loads(out)
    assert answer["ok"] and not answer["replayed"], answer
    assert leader(standby)["role"] == "primary" and leader(standby)["term"] == 2
    assert standby.state()["item"]["id"] == "3"
    assert sql(database, "SELECT count(*) FROM events e JOIN meetings m ON m.id = e.meeting_id "
                         "WHERE m.room = 'hall-b' AND e.kind = 'itemStarted'") == "3"
    print(f"\ngavel next after the primary's SIGKILL answered in {waited:.2f} s (takeover included)")

    # The new primary speaks for the room in the overview at once: its item, not stale.
    room = wait_for(lambda: (venue_room(standby, "hall-b") or {}).get("status", {}).get("item", {}).get("id") == "3"
                    and venue_room(standby, "hall-b"), what="the overview showing the new primary's item 3")
    assert not room["stale"] and room["silentMs"] is not None, room


@needs_postgres
def test_a_standby_stopping_does_not_say_the_room_stopped(gaveld_factory, database, tmp_path):
    agenda = seconds_agenda([("One", 600), ("Two", 600)])
    primary = gaveld_factory(agenda=agenda, extra_args=standby_args(database, "hall-c"))
    standby = gaveld_factory(agenda=agenda, state_dir=same_token_state_dir(primary, tmp_path, "standby"),
                             extra_args=standby_args(database, "hall-c"))
    assert leader(standby)["role"] == "standby"
    status, reply = primary.command("start")
    assert status == 200, reply
    wait_for(lambda: (venue_room(primary, "hall-c") or {}).get("status", {}).get("phase") == "running",
             what="the overview showing the room running")
    assert standby.terminate() == 0
    # The primary still leads the room: it stays alive in the overview (a standby that said
    # "stopped" would have set its alive_at to null, and the room would read STOPPED).
    time.sleep(1)
    assert sql(database, "SELECT alive_at IS NOT NULL FROM room_status WHERE room = 'hall-c'") == "t"
    room = venue_room(primary, "hall-c")
    assert room["silentMs"] is not None and not room["stale"], room
    # Its own clean stop does.
    assert primary.terminate() == 0
    assert sql(database, "SELECT alive_at IS NULL FROM room_status WHERE room = 'hall-c'") == "t"
