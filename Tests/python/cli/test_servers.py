"""`gavel --server a,b` (and GAVEL_SERVER=a,b): a room's primary and standbys. gavel talks to the
one that leads (GET /api/v1/leader; a gaveld without it leads alone), goes on to the next when a
server is unreachable or refuses as a standby (notLeader, following its hint), and sends the
command again with the same id, so that it lands once.

The standby is a stand-in (fake_standby.py) in front of the real gaveld: these tests hold the
client to the contract without the standby itself."""
import json
import subprocess

from fake_standby import FakeStandby
from gavel_cli import LineReader, clean_env, clock_agenda, gavel
from gavel_harness import GAVEL, free_port


def dead_address():
    """A loopback port nothing listens on: connections are refused at once."""
    return f"127.0.0.1:{free_port()}"


def item_of(daemon):
    return daemon.state()["item"]["id"]


def test_one_unreachable_server_is_passed_over(gaveld_factory):
    daemon = gaveld_factory(agenda=clock_agenda([("One", 600), ("Two", 600), ("Three", 600)]))
    live = f"127.0.0.1:{daemon.port}"
    servers = f"{dead_address()},{live}"

    result = gavel(daemon, "start", "--json", server=servers)
    assert result.status == 0, result.err
    result = gavel(daemon, "next", "--json", server=servers)
    assert result.status == 0, result.err
    answer = result.json()
    assert answer["ok"] and not answer["replayed"]
    assert item_of(daemon) == "2"

    # The option says the same as the environment, and reading commands follow too.
    result = gavel(None, "status", "--server", servers, "--json")
    assert result.status == 0, result.err
    assert result.json()["item"]["id"] == "2"


def test_a_standby_names_the_leader_and_the_command_lands_there_once(gaveld_factory):
    daemon = gaveld_factory(agenda=clock_agenda([("One", 600), ("Two", 600), ("Three", 600)]))
    standby = FakeStandby(daemon)
    try:
        servers = f"127.0.0.1:{standby.port},127.0.0.1:{daemon.port}"
        assert gavel(daemon, "start", server=servers).status == 0
        result = gavel(daemon, "next", "--json", server=servers)
        assert result.status == 0, result.err
        assert item_of(daemon) == "2"
        assert standby.leader_asked >= 1
        # Asked first, it said it was a standby: nothing was sent to it.
        assert standby.refused == []
    finally:
        standby.close()


def test_a_command_refused_with_not_leader_goes_to_the_named_leader_with_the_same_id(gaveld_factory):
    daemon = gaveld_factory(agenda=clock_agenda([("One", 600), ("Two", 600), ("Three", 600)]))
    # Still says "primary" when asked (it has not noticed it lost its lease), then refuses.
    standby = FakeStandby(daemon, role="primary")
    try:
        servers = f"127.0.0.1:{standby.port},127.0.0.1:{daemon.port}"
        assert gavel(daemon, "start", "--id", "start-1", server=servers).status == 0
        result = gavel(daemon, "next", "--id", "next-1", "--json", server=servers)
        assert result.status == 0, result.err
        answer = result.json()
        assert answer["ok"] and answer["id"] == "next-1" and not answer["replayed"]
        assert [command["id"] for command in standby.refused] == ["start-1", "next-1"]
        assert item_of(daemon) == "2"
    finally:
        standby.close()


def test_a_command_the_old_primary_journaled_is_not_applied_twice(gaveld_factory):
    daemon = gaveld_factory(agenda=clock_agenda([("One", 600), ("Two", 600), ("Three", 600)]))
    assert gavel(daemon, "start").status == 0
    # It journals the command (in the journal the leader shares), loses its lease before
    # answering, and refuses: the resent command is answered from the journal.
    standby = FakeStandby(daemon, role="primary", journal_first=True)
    try:
        servers = f"127.0.0.1:{standby.port},127.0.0.1:{daemon.port}"
        result = gavel(daemon, "next", "--json", server=servers)
        assert result.status == 0, result.err
        answer = result.json()
        assert answer["ok"] and answer["replayed"], answer
        assert answer["id"] == standby.refused[0]["id"]
        assert item_of(daemon) == "2"
        people = gavel(daemon, "next", server=servers)
        assert people.status == 0, people.err
        assert item_of(daemon) == "3"
    finally:
        standby.close()


def test_no_server_leads_gives_up_after_the_failover_wait(gaveld_factory):
    servers = f"{dead_address()},{dead_address()}"
    result = gavel(None, "status", "--server", servers, "--failover-wait", "1", "--json", timeout=60)
    assert result.status != 0
    failure = json.loads(result.out)
    assert failure["code"] == "unreachable", failure
    assert "no server of" in failure["message"] or "cannot connect" in failure["message"], failure


def test_a_bad_address_in_the_list_is_refused_saying_which(gaveld_factory):
    result = gavel(None, "status", "--server", "127.0.0.1:8417,https://x:1")
    assert result.status == 64, result.err
    assert "https://x:1" in result.err


def test_watch_follows_the_next_server_when_its_own_goes_away(gaveld_factory):
    first = gaveld_factory(agenda=clock_agenda([("One", 600)], title="First server"))
    second = gaveld_factory(agenda=clock_agenda([("One", 600)], title="Second server"))
    servers = f"127.0.0.1:{first.port},127.0.0.1:{second.port}"
    process = subprocess.Popen([GAVEL, "watch", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=clean_env({"GAVEL_SERVER": servers}))
    try:
        lines = LineReader(process)
        lines.wait_for(lambda line: "First server" in line, message="the first server's state")
        first.kill()
        lines.wait_for(lambda line: "Second server" in line, timeout=30, message="the second server's state")
    finally:
        process.kill()
        process.wait(timeout=10)
