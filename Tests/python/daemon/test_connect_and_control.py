"""Displays get a snapshot on connect; only the token controls the meeting."""
import json
import os
import stat
import urllib.error
import urllib.request
import uuid

from gavel_harness import now_ms, seconds_agenda


def test_snapshot_on_connect(gaveld_factory):
    daemon = gaveld_factory()  # the built-in example hearing
    connecting = now_ms()
    display = daemon.subscribe()
    hello = display.next()
    assert hello["type"] == "hello"
    assert hello["protocol"] == "gavel.v2"
    assert hello["topics"] == ["agenda"]
    assert hello["control"] is False
    # Stamped between our connecting and our reading it, on the same clock as ours (the tests'
    # "now"): 5 ms for the daemon's whole-ms stamps and its timeline running on the monotonic
    # clock since its start. A time in seconds, or from another clock, would be far outside.
    assert connecting - 5 <= hello["serverTime"] <= display.received[-1][0] + 5, \
        (connecting, hello["serverTime"], display.received[-1][0])
    agenda = display.next()
    assert agenda["type"] == "agenda"
    assert agenda["meeting"]["title"] == "Fifth informal interactive multi-stakeholder hearing"
    assert agenda["meeting"]["timeZone"] == "America/New_York"
    assert [item["id"] for item in agenda["items"]] == ["1", "break-1", "2", "3"]
    state = display.next()
    assert state["type"] == "state"
    assert state["meeting"]["phase"] == "notStarted"
    assert state["item"] is None
    assert state["next"]["index"] == 0 and state["next"]["id"] == "1"
    assert "items" not in state and "queue" not in state


def test_a_gavel_v1_display_gets_the_whole_state(gaveld_factory):
    daemon = gaveld_factory()
    display = daemon.subscribe(subprotocol="gavel.v1")
    hello = display.next()
    assert hello["protocol"] == "gavel.v1" and "topics" not in hello
    state = display.next()
    assert state["type"] == "state"
    assert state["meeting"]["title"] == "Fifth informal interactive multi-stakeholder hearing"
    assert state["meeting"]["timeZone"] == "America/New_York"
    assert state["meeting"]["phase"] == "notStarted"
    assert [item["id"] for item in state["items"]] == ["1", "break-1", "2", "3"]
    assert state["item"] is None


def test_each_change_sends_a_v2_display_the_same_small_state_whatever_the_agenda(gaveld_factory):
    sizes = {}
    for count in (3, 60):
        daemon = gaveld_factory(agenda=seconds_agenda([(f"Agenda item {i + 1} of the day", 60) for i in range(count)]))
        display = daemon.subscribe(topics="agenda")
        agenda = display.next(type="agenda")
        assert len(agenda["items"]) == count
        display.next(type="state")
        daemon.command("start")
        daemon.command("floorGrant", speaker="H.E. Ms. María Fernanda Espinosa Garcés", duration="3m")
        state = display.next(type="state")
        while state["floor"] is None:
            state = display.next(type="state")
        sizes[count] = len(json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode())
        # No agenda again: it did not change.
        assert not any(m.get("type") == "agenda" for _, m in display.received[2:])
        daemon.stop()
    assert abs(sizes[3] - sizes[60]) <= 4, sizes
    assert sizes[60] <= 1536, sizes


def test_token_is_created_private_and_required(gaveld_factory):
    daemon = gaveld_factory()
    mode = stat.S_IMODE(os.stat(os.path.join(daemon.state_dir, "token")).st_mode)
    assert mode == 0o600
    assert len(daemon.token) >= 32

    display = daemon.subscribe()
    display.next(type="state")
    reply = display.request({"type": "command", "id": "c1", "command": "start"})
    assert reply["type"] == "error" and reply["code"] == "unauthorized"
    assert "read-only" in reply["message"]

    wrong = display.request({"type": "auth", "token": "not-the-token"})
    assert wrong["type"] == "error" and wrong["code"] == "unauthorized"
    right = display.request({"type": "auth", "token": daemon.token})
    assert right["type"] == "ack"
    reply = display.request({"type": "command", "id": "c2", "command": "start"})
    assert reply["type"] == "ack"
    assert display.next(type="state")["meeting"]["phase"] == "running"
    assert "not-the-token" not in daemon.output()
    assert daemon.token not in daemon.output()


def test_control_connection_commands_and_everyone_sees_the_change(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60), ("Two", 60)]))
    chair = daemon.subscribe(control=True)
    assert chair.next()["control"] is True
    display = daemon.subscribe()
    display.next(type="state")
    chair.next(type="state")

    ack = chair.request({"type": "command", "id": str(uuid.uuid4()), "command": "start"})
    assert ack["type"] == "ack" and ack["seq"] >= 1
    state = display.next(type="state")
    assert state["item"]["id"] == "1"
    assert state["item"]["running"] is True
    assert state["item"]["endsAt"] - state["item"]["startedAt"] == 60000
    assert state["item"]["remainingMs"] == state["item"]["endsAt"] - state["serverTime"]
    assert state["seq"] == ack["seq"]

    ack = chair.request({"type": "command", "id": str(uuid.uuid4()), "command": "floorGrant",
                         "speaker": "Ms. A", "duration": "45s"})
    assert ack["type"] == "ack"
    state = display.next(type="state")
    assert state["floor"]["speaker"] == "Ms. A"
    assert state["floor"]["allottedMs"] == 45000

    error = chair.request({"type": "command", "id": "x", "command": "previous"})
    assert error["type"] == "error" and error["code"] == "atFirstItem"
    assert "first item" in error["message"]


def test_http_commands_need_the_token(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60), ("Two", 60)]))
    status, body = daemon.http("POST", "/api/v1/commands", {"command": "start"})
    assert status == 401
    assert json.loads(body)["code"] == "unauthorized"
    status, _ = daemon.http("POST", "/api/v1/commands", {"command": "start"}, token="wrong-token-wrong-token")
    assert status == 401

    status, reply = daemon.command("start")
    assert status == 200 and reply["ok"] is True
    assert reply["state"]["item"]["id"] == "1"
    status, reply = daemon.command("next", expect={"item": "1"})
    assert status == 200
    status, reply = daemon.command("next")
    assert status == 409
    assert reply["code"] == "atLastItem"
    status, body = daemon.http("POST", "/api/v1/commands", b"{not json", token=daemon.token)
    assert status == 400
    assert "not valid JSON" in json.loads(body)["message"]
    status, body = daemon.http("POST", "/api/v1/commands", {"command": "dance"}, token=daemon.token)
    assert status == 400
    assert "unknown command 'dance'" in json.loads(body)["message"]
    status, body = daemon.http("GET", "/api/v1/commands")
    assert status == 405


def test_retried_command_id_is_applied_once(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60), ("Two", 60), ("Three", 60)]))
    daemon.command("start")
    first = daemon.command("next", id="retry-me")
    second = daemon.command("next", id="retry-me")
    assert first[0] == 200 and second[0] == 200
    assert first[1]["seq"] == second[1]["seq"]
    assert first[1]["replayed"] is False and second[1]["replayed"] is True
    assert daemon.state()["item"]["id"] == "2"

    rejected = daemon.command("goto", item="nine", id="bad-goto")
    again = daemon.command("goto", item="nine", id="bad-goto")
    assert rejected[0] == again[0] == 409
    assert again[1]["replayed"] is True
    assert rejected[1]["message"] == again[1]["message"]


def test_an_id_reused_for_another_command_is_refused_over_http_and_websocket(gaveld_factory):
    """Issue 15, item 3: the second command was answered 200 `replayed: true` and never shown."""
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60), ("Two", 60)]))
    daemon.command("start")
    first = daemon.command("next", id="dup-1")
    assert first[0] == 200
    status, refused = daemon.command("showMessage", id="dup-1", text="different")
    assert status == 409 and refused["code"] == "idReused" and refused["id"] == "dup-1"
    assert f"command id 'dup-1' was already used for a different command (applied at seq {first[1]['seq']})" \
        in refused["message"]
    control = daemon.subscribe(control=True)
    control.next(type="state")
    error = control.request({"type": "command", "id": "dup-1", "command": "showMessage", "text": "different"})
    assert error["type"] == "error" and error["code"] == "idReused" and error["id"] == "dup-1"
    assert daemon.state()["message"] is None and daemon.state()["seq"] == first[1]["seq"]
    ack = control.request({"type": "command", "id": "dup-1", "command": "next"})
    assert ack["type"] == "ack" and ack["replayed"] is True and ack["seq"] == first[1]["seq"]


def test_two_chairs_pressing_next_advance_one_item(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60), ("Two", 60), ("Three", 60)]))
    daemon.command("start")
    a = daemon.command("next", id="a", expect={"item": "1"})
    b = daemon.command("next", id="b", expect={"item": "1"})
    assert a[0] == 200
    assert b[0] == 409 and b[1]["code"] == "staleState"
    assert daemon.state()["item"]["id"] == "2"


def test_http_read_endpoints(gaveld_factory):
    daemon = gaveld_factory()
    status, body = daemon.http("GET", "/api/v1/agenda")
    assert status == 200
    agenda = json.loads(body)
    assert agenda["timeZone"] == "America/New_York" and len(agenda["items"]) == 4
    status, body = daemon.http("GET", "/healthz")
    assert status == 200 and json.loads(body)["status"] == "ok"
    status, body = daemon.http("GET", "/metrics")
    text = body.decode()
    assert status == 200
    for name in ["gavel_websocket_connections", "gavel_websocket_messages_sent_total", "gavel_commands_total",
                 "gavel_journal_append_seconds", "gavel_alerts_fired_total", "gavel_websocket_bytes_sent_total"]:
        assert name in text, name
    status, body = daemon.http("GET", "/")
    assert status == 200 and b"<html" in body
    status, body = daemon.http("GET", "/no/such/thing")
    assert status == 404 and json.loads(body)["code"] == "notFound"


def test_metrics_count_commands(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60)]))
    daemon.command("start")
    daemon.command("next")
    _, body = daemon.http("GET", "/metrics")
    lines = body.decode().splitlines()
    assert 'gavel_commands_total{outcome="accepted"} 1' in lines
    assert 'gavel_commands_total{outcome="rejected"} 1' in lines


def test_load_agenda_replaces_before_start_and_opens_a_new_meeting_after_the_end(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60)]))
    first = daemon.state()["meeting"]["id"]
    other = seconds_agenda([("Alpha", 60), ("Beta", 60)], title="Another sitting")
    status, reply = daemon.command("loadAgenda", agenda=other)
    assert status == 200, reply
    assert [item["title"] for item in daemon.state()["items"]] == ["Alpha", "Beta"]
    assert daemon.state()["meeting"]["id"] == first

    broken = dict(other, items=[dict(other["items"][0], end=other["items"][0]["start"])])
    status, reply = daemon.command("loadAgenda", agenda=broken)
    assert status == 400 and "has no length" in reply["message"]

    daemon.command("start")
    status, reply = daemon.command("loadAgenda", agenda=other)
    assert status == 409 and reply["code"] == "alreadyStarted"
    daemon.command("endMeeting")
    status, reply = daemon.command("loadAgenda", agenda=seconds_agenda([("Gamma", 60)], title="Third"))
    assert status == 200, reply
    state = daemon.state()
    assert state["meeting"]["id"] != first
    assert state["meeting"]["phase"] == "notStarted"
    assert state["meeting"]["title"] == "Third"


def test_every_path_answers_its_methods_from_one_table(gaveld_factory):
    """404, 405 with Allow, HEAD and OPTIONS, alike on every path (the daemon's route table), with
    the error codes docs/protocol.md lists."""
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60)]))
    reads = ["/api/v1/state", "/api/v1/agenda", "/api/v1/meetings", "/api/v1/report", "/healthz", "/metrics",
             "/report"]
    for path in reads:
        status, body = daemon.http("GET", path)
        assert status == 200, (path, status, body[:200])
        status, body = daemon.http("HEAD", path)
        assert (status, body) == (200, b""), (path, status)
        for method in ("POST", "PUT", "DELETE"):
            status, body = daemon.http(method, path, body=b"{}")
            assert status == 405 and json.loads(body)["code"] == "methodNotAllowed", (method, path, status, body)
        status, _, headers = http_with_headers(daemon, "POST", path, b"{}")
        assert headers["Allow"] == "GET, HEAD, OPTIONS", (path, headers)
        status, _, headers = http_with_headers(daemon, "OPTIONS", path)
        assert status == 204 and headers["Allow"] == "GET, HEAD, OPTIONS", (path, status, headers)
    status, body, headers = http_with_headers(daemon, "GET", "/api/v1/commands")
    assert status == 405 and json.loads(body)["code"] == "methodNotAllowed"
    assert headers["Allow"] == "POST, OPTIONS"
    # The display's files: GET and HEAD.
    status, body, headers = http_with_headers(daemon, "POST", "/", b"{}")
    assert status == 405 and json.loads(body)["code"] == "methodNotAllowed" and headers["Allow"] == "GET, HEAD"
    status, body = daemon.http("GET", "/no/such/thing")
    assert status == 404 and json.loads(body)["code"] == "notFound"


def http_with_headers(daemon, method, path, body=None):
    """(status, body, headers) of one request."""
    request = urllib.request.Request(daemon.url(path), data=body, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers
