"""Each way a command can fail: its message (on stderr, starting 'gavel: ', saying what to do),
its exit code, and its --json error object."""
import json
import os
import re
import socket
import subprocess

import pytest
from gavel_cli import clock_agenda, gavel, wait_for
from gavel_harness import Gaveld, free_port
from scripted_daemon import ScriptedDaemon

ITEMS = [("Opening", 600), ("Closing", 300)]


@pytest.fixture
def daemon(gaveld_factory):
    return gaveld_factory(agenda=clock_agenda(ITEMS))


@pytest.fixture
def running(daemon):
    assert gavel(daemon, "start").status == 0
    return daemon


@pytest.fixture
def sample_state(daemon):
    return daemon.state()


@pytest.fixture
def scripted(sample_state):
    made = []

    def make(mode, **kwargs):
        stand_in = ScriptedDaemon(sample_state, mode=mode, **kwargs)
        made.append(stand_in)
        return stand_in

    yield make
    for stand_in in made:
        stand_in.stop()


def fails(result, code, *phrases):
    assert result.status == code, f"exit {result.status}, expected {code}\nstdout: {result.out}\nstderr: {result.err}"
    assert result.err.startswith("gavel: "), result.err
    for phrase in phrases:
        assert phrase in result.err, f"{phrase!r} not in {result.err!r}"
    return result


def json_error(result, code):
    error = result.json()
    assert list(error)[:5] == ["ok", "type", "id", "code", "message"]
    assert error["ok"] is False and error["type"] == "error" and error["code"] == code
    assert error["message"] in result.err
    return error


def unused_port():
    port = free_port()
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    return port


# Unreachable: 69

def test_unreachable_daemon_exits_69_and_says_to_start_it():
    port = unused_port()

    result = fails(gavel(None, "next", env={"GAVEL_SERVER": f"127.0.0.1:{port}", "GAVEL_TOKEN": "x" * 32}), 69,
                   f"cannot connect to 127.0.0.1:{port}", "is gaveld running there?")
    assert result.out == ""


def test_unreachable_daemon_json_error():
    port = unused_port()

    result = gavel(None, "status", "--json", env={"GAVEL_SERVER": f"127.0.0.1:{port}"})

    assert result.status == 69
    error = json_error(result, "unreachable")
    assert error["id"] is None


def test_unresolvable_host_says_so():
    fails(gavel(None, "status", env={"GAVEL_SERVER": "no-such-host.invalid:8417"}), 69, "does not resolve")


def test_missing_unix_socket_is_unreachable(tmp_path):
    fails(gavel(None, "status", env={"GAVEL_SERVER": f"unix:{tmp_path}/none.sock"}), 69, "cannot connect")


def test_a_daemon_that_never_answers_times_out_after_one_retry_and_warns_the_command_may_have_applied(scripted):
    stand_in = scripted("silent")

    result = fails(gavel(None, "next", "--timeout", "1", env={"GAVEL_SERVER": f"127.0.0.1:{stand_in.port}",
                                                              "GAVEL_TOKEN": "t" * 32}),
                   69, "did not answer the command within 1s", "may have been applied", "gavel status")
    ids = {message["id"] for _, message in stand_in.commands}
    assert len(stand_in.commands) == 2 and len(ids) == 1, "one retry, with the same id"


# Token: 77

def test_wrong_token_exits_77_and_names_where_it_came_from(running):
    fails(gavel(running, "next", env={"GAVEL_TOKEN": "not-the-token-of-this-daemon"}), 77,
          "refused the control token (from GAVEL_TOKEN)", "token")
    assert running.state()["item"]["id"] == "1", "nothing changed"


def test_a_rate_limited_address_is_told_to_wait_not_that_its_token_is_wrong(gaveld_factory):
    # Once the lockout read "refused the control token … it is not this daemon's token", exit 77
    # (the hello gave no reason), and `say` the same.
    daemon = gaveld_factory(agenda=clock_agenda(ITEMS), env={"GAVEL_CONTROL_FAILURE_LIMIT": "2"})
    wrong = {"GAVEL_TOKEN": "not-the-token-of-this-daemon"}
    for _ in range(2):
        fails(gavel(daemon, "start", env=wrong), 77, "refused the control token")
    for command in (["start"], ["say", "Back at 3"]):
        result = fails(gavel(daemon, *command, env=wrong), 4, "rate limited, retry in ", " s: ", "(from GAVEL_TOKEN)")
        seconds = int(re.search(r"retry in (\d+) s", result.err).group(1))
        assert 1 <= seconds <= 60, result.err
    result = gavel(daemon, "start", "--json", env=wrong)
    assert result.status == 4
    json_error(result, "rateLimited")
    # The right token is taken all the same, from the same address.
    assert gavel(daemon, "start").status == 0


def test_wrong_token_file_json_error(running, tmp_path):
    token = tmp_path / "token"
    token.write_text("wrong-token-wrong-token\n")

    result = gavel(running, "next", "--json", "--token-file", str(token))

    assert result.status == 77
    json_error(result, "unauthorized")
    assert f"--token-file {token}" in result.err


def test_missing_token_file_says_where_it_looked(running, tmp_path):
    result = fails(gavel(running, "pause", env={"GAVEL_STATE_DIR": str(tmp_path / "empty")}), 77,
                   "no control token", str(tmp_path / "empty" / "token"), "GAVEL_STATE_DIR", "--token-file")
    assert result.out == ""


def test_token_sources_in_order_option_then_file_variable_then_token_variable(running, tmp_path):
    right = tmp_path / "right"
    right.write_text(running.token + "\n")
    wrong = tmp_path / "wrong"
    wrong.write_text("w" * 32)
    nowhere = {"GAVEL_STATE_DIR": str(tmp_path / "none")}

    assert gavel(running, "pause", "--token-file", str(right), env=dict(nowhere, GAVEL_TOKEN_FILE=str(wrong))).status == 0
    assert gavel(running, "resume", env=dict(nowhere, GAVEL_TOKEN_FILE=str(right), GAVEL_TOKEN="w" * 32)).status == 0
    assert gavel(running, "pause", env=dict(nowhere, GAVEL_TOKEN=running.token)).status == 0
    assert gavel(running, "resume", env=dict(nowhere, GAVEL_TOKEN_FILE=str(wrong), GAVEL_TOKEN=running.token)).status == 77


def test_read_only_commands_need_no_token(running, tmp_path):
    no_token = {"GAVEL_STATE_DIR": str(tmp_path / "empty")}

    assert gavel(running, "status", env=no_token).status == 0
    assert gavel(running, "queue", "list", env=no_token).status == 0


def remote_address():
    addresses = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
    return next((a for a in addresses if "." in a and not a.startswith("127.")), None)


def test_remote_daemon_without_a_token_reads_but_does_not_control(gaveld_factory):
    address = remote_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address to reach a 'remote' daemon at")
    port = free_port()
    daemon = gaveld_factory(agenda=clock_agenda(ITEMS), port=port, extra_args=["--listen", f"0.0.0.0:{port}"])
    remote = f"{address}:{port}"

    assert gavel(daemon, "status", server=remote).status == 0
    result = fails(gavel(daemon, "start", server=remote), 77, f"no control token for {remote}", "--token-file",
                   "GAVEL_TOKEN_FILE", "GAVEL_TOKEN")
    assert "state directory" in result.err
    assert daemon.state()["meeting"]["phase"] == "notStarted"


# Refused by the meeting: 3

def test_previous_at_the_first_item_is_refused_with_the_daemons_reason(running):
    fails(gavel(running, "previous"), 3, "already at the first item")


def test_next_at_the_last_item_is_refused_with_the_daemons_reason_as_json(running):
    assert gavel(running, "next").status == 0

    result = gavel(running, "next", "--json")

    assert result.status == 3
    error = json_error(result, "atLastItem")
    assert "already at the last item" in error["message"]
    assert error["id"]


def test_goto_an_unknown_item_lists_the_items(running):
    fails(gavel(running, "goto", "99"), 3, "there is no item '99'", "1, 2")


def test_floor_commands_without_a_speaker_are_refused(running):
    fails(gavel(running, "floor", "yield"), 3)
    fails(gavel(running, "queue", "next"), 3)


def test_agenda_load_after_the_start_is_refused(running, tmp_path):
    path = tmp_path / "late.json"
    path.write_text(json.dumps(clock_agenda([("Late", 60)])))

    fails(gavel(running, "agenda", "load", str(path)), 3, "an agenda can only be replaced before it starts")


def test_agenda_load_of_a_broken_file_is_a_data_error_before_anything_is_sent(daemon, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"title": "x", "items": [{"title": "A", "start": "10:30", "end": "10:00"}]}')

    result = gavel(daemon, "agenda", "load", str(path))

    assert result.status == 65
    assert "ends before it starts" in result.err
    assert daemon.state()["meeting"]["title"] == "CLI sitting"


def test_agenda_load_of_a_missing_file(daemon, tmp_path):
    assert gavel(daemon, "agenda", "load", str(tmp_path / "none.json")).status == 66


# Usage: 64

@pytest.mark.parametrize("args,phrase", [
    (["extend", "2"], "90s, 2m, 1m30s, 1h, 1h15m or 1:30"),
    (["extend", "two minutes"], "90s, 2m, 1m30s"),
    (["floor", "grant", "Ms. X", "5"], "90s, 2m, 1m30s"),
    (["queue", "add", "Ms. X", "--time", "3"], "90s, 2m, 1m30s"),
    (["trim"], "Missing expected argument"),
    (["frobnicate"], "Unexpected argument 'frobnicate'"),
    (["say"], "give the message to show"),
    (["say", "hello", "--clear"], "either a message or --clear"),
    (["queue", "move", "Ms. X", "0"], "the position is 1"),
    (["status", "--server", "https://gavel.example.org"], "SSH tunnel"),
    (["status", "--server", "host:99999"], "the port must be a number"),
    (["status", "--timeout", "0"], "--timeout must be between"),
    (["report", "--format", "pdf"], "'table', 'json', 'csv', 'markdown' or 'svg'"),
    (["next", "--id", "x" * 129], "--id is 1 to 128 characters"),
])
def test_usage_errors_exit_64_and_say_what_to_write(args, phrase):
    result = gavel(None, *args, env={"GAVEL_SERVER": "127.0.0.1:1"})

    fails(result, 64, phrase)
    assert result.out == ""


def test_bad_server_in_the_environment_is_a_usage_error():
    fails(gavel(None, "status", env={"GAVEL_SERVER": "ftp://x"}), 64, "GAVEL_SERVER")


# Journal unavailable: 75

def test_journal_unavailable_exits_75_and_says_to_try_again(running):
    journal = [os.path.join(running.state_dir, name) for name in ("journal.sqlite", "journal.sqlite-wal")]
    # An immutable journal makes every write fail, as a failing disk would. (Only the database and
    # its WAL: SQLite maps the -shm file, and an immutable mapping would crash the daemon.)
    if subprocess.run(["chattr", "+i", *journal], capture_output=True).returncode != 0:
        pytest.skip("chattr +i is not possible here (needs root on ext4-like filesystems)")
    try:
        answer = gavel(running, "next", "--json", "--id", "next-during-the-outage")
        assert answer.status == 75, answer.err
        error = json_error(answer, "journalUnavailable")
        # The daemon's own words, then how to retry without risk.
        assert answer.err == f"gavel: {error['message']}\n"
        result = fails(gavel(running, "next"), 75, "journal")
        assert result.out == ""
        assert re.search(r"to retry safely, run the same gavel command with --id [0-9a-f-]{36}$", result.err.strip())
    finally:
        subprocess.run(["chattr", "-i", *journal], check=True)
    assert running.state()["item"]["id"] == "1", "nothing changed"
    # The daemon notices on its own that the disk works again; until then the same command, sent
    # again with the same id, is refused the same way, and never applied twice.
    retried = wait_for(lambda: gavel(running, "next", "--json", "--id", "next-during-the-outage").status == 0,
                       timeout=60, message="the daemon to take commands again")
    assert retried
    assert running.state()["item"]["id"] == "2"


def test_journal_unavailable_from_a_scripted_daemon(scripted):
    stand_in = scripted("journal")

    result = gavel(None, "next", "--json", env={"GAVEL_SERVER": f"127.0.0.1:{stand_in.port}", "GAVEL_TOKEN": "t" * 32})

    assert result.status == 75
    json_error(result, "journalUnavailable")


# Not the protocol: 70

def test_a_peer_that_does_not_speak_gavel_v1_is_an_internal_error(scripted):
    stand_in = scripted("garbage")

    fails(gavel(None, "status", "--json", env={"GAVEL_SERVER": f"127.0.0.1:{stand_in.port}"}), 69,
          "not as gaveld does")
    fails(gavel(None, "next", env={"GAVEL_SERVER": f"127.0.0.1:{stand_in.port}", "GAVEL_TOKEN": "t" * 32}), 70,
          "not a gavel.v1 message")


def test_an_http_server_that_is_not_gaveld_is_unreachable(tmp_path):
    from scripted_daemon import ScriptedHTTP
    web = ScriptedHTTP({"/": (200, "text/html", "<html>a web page</html>")})
    try:
        fails(gavel(None, "next", env={"GAVEL_SERVER": f"127.0.0.1:{web.port}", "GAVEL_TOKEN": "t" * 32}), 69,
              "answered, but not as gaveld does")
    finally:
        web.stop()
