"""The retry rule: `gavel next` sends the item it expects to leave and a command id, and on a
dropped connection retries once with the same id: a retry never advances twice.

GAVEL_TEST_DROP_AFTER_SEND=1 is a test-only hook: gavel's first connection drops right after the
command is written, before its answer is read."""
import pytest
from gavel_cli import UUID_RE, clock_agenda, gavel
from scripted_daemon import ScriptedDaemon

DROP = {"GAVEL_TEST_DROP_AFTER_SEND": "1"}


@pytest.fixture
def running(gaveld_factory):
    daemon = gaveld_factory(agenda=clock_agenda([("Opening", 600), ("Panel", 600), ("Closing", 600)]))
    assert gavel(daemon, "start").status == 0
    return daemon


def test_a_dropped_connection_is_retried_with_the_same_id_and_advances_once(running):
    seq_before = running.state()["seq"]

    result = gavel(running, "next", env=DROP)

    assert result.status == 0, result.err
    assert result.out.startswith("Next: item 2 (Panel) started at ")
    assert "applied once" in result.out
    state = running.state()
    assert state["item"]["id"] == "2", "advanced exactly one item"
    assert [i["status"] for i in state["items"]] == ["done", "current", "upcoming"]
    assert state["seq"] == seq_before + 2, "one itemEnded and one itemStarted, not two of each"
    assert "retried command answered from the journal" in running.output()


def test_the_retry_is_reported_as_replayed_in_json(running):
    result = gavel(running, "next", "--json", env=DROP)

    assert result.status == 0, result.err
    answer = result.json()
    assert answer["ok"] is True and answer["replayed"] is True
    assert UUID_RE.match(answer["id"])
    assert answer["state"]["item"]["id"] == "2"
    assert running.state()["item"]["id"] == "2"


def test_a_refused_command_stays_refused_on_the_retry(running):
    result = gavel(running, "previous", "--json", env=DROP)

    assert result.status == 3
    error = result.json()
    assert error["code"] == "atFirstItem"
    assert error["replayed"] is True
    assert running.state()["item"]["id"] == "1"


def test_next_sends_the_item_it_leaves_and_resends_the_same_command(running):
    stand_in = ScriptedDaemon(running.state(), mode="drop-first")
    try:
        result = gavel(None, "next", "--json", env={"GAVEL_SERVER": f"127.0.0.1:{stand_in.port}", "GAVEL_TOKEN": "t" * 32})
    finally:
        stand_in.stop()

    assert result.status == 0, result.err
    assert result.json()["replayed"] is True
    (first_connection, first), (second_connection, second) = stand_in.commands
    assert (first_connection, second_connection) == (1, 2)
    assert first == second, "the retry is the same command: same id, same expectation"
    assert first["command"] == "next"
    assert first["expect"] == {"item": "1"}
    assert UUID_RE.match(first["id"])
    assert all(h["authorization"] == "Bearer " + "t" * 32 for h in stand_in.headers)
    # gavel offers v2 first, v1 for an older daemon (this stand-in answers v1).
    assert all(h["sec-websocket-protocol"] == "gavel.v2, gavel.v1" for h in stand_in.headers)


@pytest.mark.parametrize("args,expect", [
    (["previous"], {"item": "1"}),
    (["end"], {"item": "1"}),
    (["extend", "1m"], {"item": "1"}),
    (["queue", "next"], {"speaker": ""}),
    (["floor", "yield"], {"speaker": ""}),
    (["pause"], None),
])
def test_commands_send_the_state_the_chair_saw(running, args, expect):
    stand_in = ScriptedDaemon(running.state(), mode="ack")
    try:
        result = gavel(None, *args, env={"GAVEL_SERVER": f"127.0.0.1:{stand_in.port}", "GAVEL_TOKEN": "t" * 32})
    finally:
        stand_in.stop()

    assert result.status == 0, result.err
    [(_, command)] = stand_in.commands
    assert command.get("expect") == expect


def test_two_chairs_pressing_next_on_the_same_item_advance_once(running):
    # The second chair's gavel saw item 1 too: replay its command with that expectation.
    stand_in = ScriptedDaemon(running.state(), mode="ack")
    try:
        gavel(None, "next", env={"GAVEL_SERVER": f"127.0.0.1:{stand_in.port}", "GAVEL_TOKEN": "t" * 32})
    finally:
        stand_in.stop()
    [(_, seen_by_second_chair)] = stand_in.commands
    assert gavel(running, "next").status == 0

    import json
    status, body = running.http("POST", "/api/v1/commands", seen_by_second_chair, token=running.token)

    assert status == 409
    assert json.loads(body)["code"] == "staleState"
    assert running.state()["item"]["id"] == "2"


def test_a_script_can_resend_a_command_with_its_own_id_and_it_applies_once(running):
    first = gavel(running, "next", "--json", "--id", "chair-next-0001")
    again = gavel(running, "next", "--json", "--id", "chair-next-0001")

    assert first.status == 0 and again.status == 0, again.err
    assert first.json()["id"] == again.json()["id"] == "chair-next-0001"
    assert (first.json()["replayed"], again.json()["replayed"]) == (False, True)
    assert running.state()["item"]["id"] == "2", "advanced once"
    assert "applied once" in gavel(running, "next", "--id", "chair-next-0001").out


def test_an_id_resent_with_a_different_command_is_refused_with_exit_3_and_nothing_applied(running):
    """A script that reuses its id for another command by mistake is told so, not answered with
    the first command's outcome as if the second had been applied."""
    assert gavel(running, "next", "--id", "chair-0002").status == 0
    seq = running.state()["seq"]

    result = gavel(running, "say", "different", "--json", "--id", "chair-0002")

    assert result.status == 3, (result.out, result.err)
    error = result.json()
    assert error["ok"] is False and error["code"] == "idReused" and error["id"] == "chair-0002"
    assert error["message"] in result.err and result.err.startswith("gavel: ")
    assert "command id 'chair-0002' was already used for a different command (applied at seq" in result.err
    assert "fresh id" in result.err
    assert running.state()["seq"] == seq and running.state()["message"] is None, "nothing applied"
    # The first command's own retry is still answered from the journal.
    assert gavel(running, "next", "--json", "--id", "chair-0002").json()["replayed"] is True
