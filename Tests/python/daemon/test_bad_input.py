"""Bad input gets a clear answer, is logged, and breaks nothing for anyone else."""
import json
import subprocess

from websockets.exceptions import ConnectionClosed

from gavel_harness import GAVELD, seconds_agenda
from raw_ws import RawWebSocket


def still_serving(daemon, watcher):
    """A live subscriber still sees the next change, and the journal took it."""
    status, reply = daemon.command("showMessage", text="still here")
    assert status == 200, reply
    state = watcher.next(type="state")
    assert state["message"]["text"] == "still here"
    daemon.command("clearMessage")
    watcher.next(type="state")


def test_malformed_messages_get_errors_and_the_connection_stays(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60)]))
    watcher = daemon.subscribe()
    watcher.next(type="state")
    client = daemon.subscribe(control=True)
    client.next(type="state")
    for text, reason in [("{oops", "not valid JSON"), ('{"type":"dance"}', "unknown message type 'dance'"),
                         ('{"type":"command","command":"extend","duration":-5}', "between 0 and 86400"),
                         ('"just a string"', "a message is a JSON object")]:
        client.send(text)
        error = client.next(type="error")
        assert error["code"] == "badRequest"
        assert reason in error["message"], error["message"]
    client.send({"type": "ping", "t0": 1})
    assert client.next(type="pong")["t0"] == 1
    still_serving(daemon, watcher)


def test_binary_invalid_utf8_and_oversized_frames_are_closed_with_their_codes(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60)]))
    watcher = daemon.subscribe()
    watcher.next(type="state")
    cases = [(0x2, b"\x00\x01binary", 1003), (0x1, b"\xff\xfe not utf-8", 1007), (0x1, b"x" * (65 * 1024), 1009)]
    for opcode, payload, expected in cases:
        raw = RawWebSocket(daemon.port)
        assert raw.upgraded, raw.status_line
        raw.send_frame(opcode, payload)
        code, reason = raw.wait_close()
        assert code == expected, (code, reason)
        assert reason
        raw.close()
    still_serving(daemon, watcher)


def test_wrong_subprotocol_and_path_are_refused(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60)]))
    raw = RawWebSocket(daemon.port, subprotocol="chat.v9")
    if raw.upgraded:
        code, reason = raw.wait_close()
        assert code == 1002 and "gavel.v1" in reason
    else:
        assert " 4" in raw.status_line
    raw.close()
    raw = RawWebSocket(daemon.port, path="/elsewhere")
    assert not raw.upgraded
    raw.close()
    # No subprotocol at all is served as v1.
    plain = daemon.subscribe(subprotocol=None)
    assert plain.next()["type"] == "hello"


def test_repeated_wrong_tokens_close_the_connection(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60)]))
    client = daemon.subscribe()
    client.next(type="state")
    for _ in range(5):
        client.send({"type": "auth", "token": "guess-guess-guess"})
        client.next(type="error")
    # Closed right after the fifth refusal. Only the close counts: a wait that ran out (nothing
    # came in 10 s) must fail the test, not pass it.
    raw_closed = False
    try:
        client.next(timeout=10)
    except ConnectionClosed:
        raw_closed = True
    assert raw_closed
    # Logged once per address and window, not once per attempt (Tests/python/hardening covers the limit).
    assert daemon.output().count("failed control attempt") == 1
    assert "WebSocket auth" in daemon.output()
    assert "guess-guess-guess" not in daemon.output()


def test_commands_for_an_ended_meeting_are_refused(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60)]))
    daemon.command("start")
    assert daemon.command("endMeeting")[0] == 200
    status, reply = daemon.command("next")
    assert status == 409 and reply["code"] == "meetingEnded"
    status, reply = daemon.command("start")
    assert status == 409 and reply["code"] == "meetingEnded"


def test_an_agenda_with_errors_stops_gaveld_with_the_line(tmp_path):
    agenda = tmp_path / "bad.txt"
    agenda.write_text("Council\n21 May 2018\nGeneva\n10:00-10:40 Opening\n10:30-11:00 Overlap\n")
    result = subprocess.run([GAVELD, "--agenda", str(agenda), "--state-dir", str(tmp_path / "s"), "--check"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 65
    assert "bad.txt:5:" in result.stderr and "overlaps" in result.stderr
    missing = subprocess.run([GAVELD, "--agenda", str(tmp_path / "none.json"), "--state-dir", str(tmp_path / "s")],
                             capture_output=True, text=True, timeout=30)
    assert missing.returncode == 66 and "no such file" in missing.stderr


def test_check_prints_the_configuration(tmp_path):
    result = subprocess.run([GAVELD, "--check", "--state-dir", str(tmp_path / "s"), "--listen", "127.0.0.1:9999"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert "configuration OK" in result.stdout
    assert "http://127.0.0.1:9999/" in result.stdout
    # A check leaves the machine as it was: no state directory, no token, said instead.
    assert not (tmp_path / "s").exists()
    assert f"token        {tmp_path / 's' / 'token'} (made on the first start, mode 0600)" in result.stdout, result.stdout
    bad = subprocess.run([GAVELD, "--listen", "nowhere"], capture_output=True, text=True, timeout=30)
    assert bad.returncode == 64 and "HOST:PORT" in bad.stderr


def test_a_port_in_use_is_a_clear_error(gaveld_factory, tmp_path):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60)]))
    result = subprocess.run([GAVELD, "--listen", f"127.0.0.1:{daemon.port}", "--state-dir", str(tmp_path / "s")],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 71
    assert "in use" in result.stderr


def test_a_second_gaveld_on_the_same_state_is_refused(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60)]))
    second = subprocess.run([GAVELD, "--listen", "127.0.0.1:0", "--state-dir", daemon.state_dir],
                            capture_output=True, text=True, timeout=30)
    assert second.returncode == 73
    assert str(daemon.process.pid) in second.stderr
    json.loads(daemon.http("GET", "/healthz")[1])
