"""Every gavel subcommand against a real gaveld: the line it prints for people and its --json."""
import json
import os
import re

import pytest
from gavel_cli import CLOCK_RE, UUID_RE, clock_agenda, gavel
from gavel_harness import ROOT

ITEMS = [("Opening", 600), ("Panel Discussion: Best practices to support safe, orderly and regular migration", 1200),
         ("Closing", 300)]


@pytest.fixture
def daemon(gaveld_factory):
    return gaveld_factory(agenda=clock_agenda(ITEMS))


@pytest.fixture
def running(daemon):
    assert gavel(daemon, "start").status == 0
    return daemon


def ok(result):
    assert result.status == 0, f"exit {result.status}\nstdout: {result.out}\nstderr: {result.err}"
    assert result.err == ""
    return result.out


def check_accepted_json(result, daemon, replayed=False):
    """The --json answer of an applied command mirrors POST /api/v1/commands."""
    assert result.status == 0, result.err
    assert result.out.endswith("\n") and result.out.count("\n") == 1, "one JSON document on one line"
    answer = result.json()
    assert list(answer)[:4] == ["ok", "id", "seq", "replayed"]
    assert answer["ok"] is True
    assert UUID_RE.match(answer["id"])
    assert answer["replayed"] is replayed
    state = answer["state"]
    assert state["type"] == "state" and state["seq"] == answer["seq"]
    assert state["seq"] == daemon.state()["seq"]
    return answer


def test_status_before_the_start_names_the_meeting_and_the_first_item(daemon):
    out = ok(gavel(daemon, "status"))

    lines = out.splitlines()
    assert lines[0] == "CLI sitting"
    assert lines[1].startswith("Not started · UTC")
    assert re.search(r"^Next      1 · Opening · \d\d:\d\d$", out, re.M), out
    assert re.search(r"^Schedule  ", out, re.M)
    assert "\x1b[" not in out, "no colour in a pipe"


def test_status_json_is_the_daemons_state_message(daemon):
    state = gavel(daemon, "status", "--json").json()

    assert state["type"] == "state"
    assert state["meeting"]["title"] == "CLI sitting"
    assert [item["id"] for item in state["items"]] == ["1", "2", "3"]
    assert state["seq"] == daemon.state()["seq"]


def test_status_of_a_running_meeting_shows_item_floor_schedule_queue_and_message(running):
    ok(gavel(running, "floor", "grant", "Ms. Louise Arbour", "2m"))
    ok(gavel(running, "queue", "add", "Mr. William Lacy Swing", "--time", "90s"))
    ok(gavel(running, "say", "Please", "silence", "your", "phones"))

    out = ok(gavel(running, "status"))

    assert re.search(r"^Running since " + CLOCK_RE + r" · UTC$", out, re.M), out
    assert re.search(r"^Item      1 of 3 · 1 · Opening$", out, re.M), out
    assert re.search(r"^          \d+:\d\d left of 10:00 \(ends " + CLOCK_RE + r"\)$", out, re.M), out
    assert re.search(r"^Floor     Ms\. Louise Arbour · [12]:\d\d left of 2:00 \(ends " + CLOCK_RE + r"\)$", out, re.M), out
    assert re.search(r"^Schedule  .*(behind|ahead of|on time with) the programme", out, re.M), out
    assert re.search(r"^          projected end \d\d:\d\d \(planned \d\d:\d\d\)$", out, re.M), out
    assert re.search(r"^Next      2 · Panel Discussion: Best practices", out, re.M), out
    assert "Queue     1. Mr. William Lacy Swing (1m30s)" in out
    assert "Message   “Please silence your phones”" in out


def test_start_says_which_item_started_when_and_for_how_long(daemon):
    out = ok(gavel(daemon, "start"))

    assert re.fullmatch(r"Started: item 1 \(Opening\) at " + CLOCK_RE + r"; 10:00 planned\.\n", out), out
    assert daemon.state()["meeting"]["phase"] == "running"


def test_next_says_which_item_started_and_its_json_mirrors_the_http_api(running):
    out = ok(gavel(running, "next"))
    assert re.fullmatch(
        r"Next: item 2 \(Panel Discussion: Best practices to support…\) started at " + CLOCK_RE
        + r"; 20:00 planned\.\n", out), out

    answer = check_accepted_json(gavel(running, "next", "--json"), running)
    assert answer["state"]["item"]["id"] == "3"


def test_previous_goes_back_and_says_what_is_left(running):
    ok(gavel(running, "next"))

    out = ok(gavel(running, "previous"))

    assert re.fullmatch(r"Previous: item 1 \(Opening\) resumed at " + CLOCK_RE + r"; \d+:\d\d left \(ends "
                        + CLOCK_RE + r"\)\.\n", out), out
    assert running.state()["item"]["id"] == "1"


def test_goto_takes_an_item_id_or_a_position(running):
    assert re.match(r"Now: item 3 \(Closing\) started at ", ok(gavel(running, "goto", "3")))
    assert running.state()["item"]["id"] == "3"

    answer = check_accepted_json(gavel(running, "goto", "2", "--json"), running)
    assert answer["state"]["item"]["id"] == "2"


def test_pause_and_resume_stop_and_restart_the_clocks(running):
    out = ok(gavel(running, "pause"))
    assert re.fullmatch(r"Paused: item 1 \(Opening\) at " + CLOCK_RE + r" with \d+:\d\d left\.\n", out), out
    assert running.state()["meeting"]["paused"] is True

    out = ok(gavel(running, "resume"))
    assert re.fullmatch(r"Resumed: item 1 \(Opening\), \d+:\d\d left \(ends " + CLOCK_RE + r"\)\.\n", out), out
    assert running.state()["meeting"]["paused"] is False


@pytest.mark.parametrize("text,seconds", [("90s", 90), ("2m", 120), ("1m30s", 90), ("1:30", 90), ("1h", 3600)])
def test_extend_accepts_every_duration_form(running, text, seconds):
    before = running.state()["item"]["allottedMs"]

    out = ok(gavel(running, "extend", text))

    assert running.state()["item"]["allottedMs"] == before + seconds * 1000
    assert out.startswith("Extended item 1 (Opening) by ")


def test_trim_takes_time_away(running):
    answer = check_accepted_json(gavel(running, "trim", "1m", "--json"), running)

    assert answer["state"]["item"]["allottedMs"] == 540_000


def test_end_ends_the_item_and_names_the_next(running):
    out = ok(gavel(running, "end"))

    assert re.fullmatch(r"Ended item 1 \(Opening\) at " + CLOCK_RE + r"; no item is running\. "
                        r"Next: item 2 \(Panel Discussion: Best practices to support…\)\.\n", out), out
    assert running.state()["item"] is None


def test_end_meeting_ends_it(running):
    out = ok(gavel(running, "end-meeting"))

    assert re.fullmatch(r"Meeting ended at " + CLOCK_RE + r"\.\n", out), out
    assert running.state()["meeting"]["phase"] == "ended"


def test_floor_commands_grant_extend_pause_resume_and_yield(running):
    out = ok(gavel(running, "floor", "grant", "Ms. Louise Arbour", "3m"))
    assert re.fullmatch(r"Floor: Ms\. Louise Arbour, 3:00 \(ends " + CLOCK_RE + r"\)\.\n", out), out

    out = ok(gavel(running, "floor", "extend", "30s"))
    assert re.fullmatch(r"Floor: Ms\. Louise Arbour, extended by 30s: 3:[23]\d left \(ends " + CLOCK_RE + r"\)\.\n", out), out
    assert running.state()["floor"]["allottedMs"] == 210_000

    assert ok(gavel(running, "floor", "pause")).startswith("Floor paused: Ms. Louise Arbour, 3:")
    assert running.state()["floor"]["running"] is False
    assert ok(gavel(running, "floor", "resume")).startswith("Floor resumed: Ms. Louise Arbour, 3:")

    out = ok(gavel(running, "floor", "yield"))
    assert out == "Floor yielded by Ms. Louise Arbour; nobody holds the floor.\n"
    assert running.state()["floor"] is None


def test_a_direct_floor_grant_takes_the_speaker_off_the_queue(running):
    # Once A stayed in the queue while holding the floor: `queue list` showed A waiting, `floor
    # yield` said "Next in the queue: A" and `queue next` gave A a second turn.
    ok(gavel(running, "queue", "add", "A", "--time", "2m"))
    ok(gavel(running, "queue", "add", "B"))
    out = ok(gavel(running, "floor", "grant", "A", "5s"))
    assert re.fullmatch(r"Floor: A, 0:05 \(ends " + CLOCK_RE + r"\); 1 waiting\.\n", out), out
    assert [e["speaker"] for e in running.state()["queue"]] == ["B"]
    assert "  A " not in ok(gavel(running, "queue", "list"))
    assert ok(gavel(running, "floor", "yield")).endswith("Next in the queue: B.\n")
    ok(gavel(running, "queue", "next"))
    assert running.state()["floor"]["speaker"] == "B" and running.state()["queue"] == []


def test_floor_grant_without_a_duration_takes_the_default(running):
    answer = check_accepted_json(gavel(running, "floor", "grant", "Mr. X", "--json"), running)

    assert answer["state"]["floor"]["speaker"] == "Mr. X"
    assert answer["state"]["floor"]["allottedMs"] == 180_000  # Gavel's default: 3m


def test_queue_add_list_move_remove_and_next(running):
    assert ok(gavel(running, "queue", "list")) == "The speakers' queue is empty.\n"
    assert ok(gavel(running, "queue", "add", "Mr. A")) == "Queued: Mr. A at position 1; 1 waiting.\n"
    assert ok(gavel(running, "queue", "add", "Ms. B", "--time", "2m")) == "Queued: Ms. B at position 2 (2m); 2 waiting.\n"
    assert ok(gavel(running, "queue", "add", "Dr. C")) == "Queued: Dr. C at position 3; 3 waiting.\n"

    listing = ok(gavel(running, "queue", "list"))
    assert listing.splitlines()[0] == "Speakers' queue: 3 waiting"
    assert re.search(r"^  1  Mr\. A +— +added " + CLOCK_RE + "$", listing, re.M), listing
    assert re.search(r"^  2  Ms\. B +2m +added ", listing, re.M), listing

    assert ok(gavel(running, "queue", "move", "Dr. C", "1")) == "Moved Dr. C to position 1 of 3.\n"
    assert ok(gavel(running, "queue", "remove", "2")) == "Removed Mr. A from the queue; 2 waiting.\n"
    assert [e["speaker"] for e in running.state()["queue"]] == ["Dr. C", "Ms. B"]

    out = ok(gavel(running, "queue", "next"))
    assert re.fullmatch(r"Floor: Dr\. C, 3:00 \(ends " + CLOCK_RE + r"\); 1 waiting\.\n", out), out
    assert running.state()["floor"]["speaker"] == "Dr. C"

    document = gavel(running, "queue", "list", "--json").json()
    assert list(document) == ["queue"]
    assert [(e["speaker"], e["timeMs"]) for e in document["queue"]] == [("Ms. B", 120_000)]


def test_say_shows_a_message_and_clear_removes_it(running):
    out = ok(gavel(running, "say", "Please take your seats"))
    assert out == "Message on the displays: “Please take your seats”.\n"
    assert running.state()["message"]["text"] == "Please take your seats"

    answer = check_accepted_json(gavel(running, "say", "--clear", "--json"), running)
    assert answer["state"]["message"] is None
    assert running.state()["message"] is None


def test_agenda_load_replaces_the_agenda_before_the_start(daemon, tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps(clock_agenda([("Roll call", 60), ("Vote", 120)], title="Another sitting")))

    out = ok(gavel(daemon, "agenda", "load", str(path)))

    assert re.fullmatch(r"Loaded: Another sitting, 2 items, \d\d:\d\d–\d\d:\d\d \(meeting \d+, not started\)\.\n", out), out
    state = daemon.state()
    assert state["meeting"]["title"] == "Another sitting"
    assert [i["title"] for i in state["items"]] == ["Roll call", "Vote"]


def test_agenda_load_json_answer(daemon, tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps(clock_agenda([("Roll call", 60)], title="Json sitting")))

    answer = check_accepted_json(gavel(daemon, "agenda", "load", "--json", str(path)), daemon)

    assert answer["state"]["meeting"]["title"] == "Json sitting"


def test_agenda_check_still_works_without_a_daemon():
    result = gavel(None, "agenda", "check", os.path.join(ROOT, "Examples", "hearing-2018-05-21.json"))

    assert result.status == 0
    assert "OK: 4 items" in result.out


def test_unix_socket_server(gaveld_factory, tmp_path):
    socket_path = str(tmp_path / "gaveld.sock")
    daemon = gaveld_factory(agenda=clock_agenda(ITEMS), extra_args=["--unix-socket", socket_path])

    out = ok(gavel(daemon, "start", server=f"unix:{socket_path}"))
    assert out.startswith("Started: item 1 (Opening)")
    assert ok(gavel(daemon, "status", server=f"unix:{socket_path}")).startswith("CLI sitting\nRunning since")


def test_server_forms_http_and_ws_urls_reach_the_same_daemon(daemon):
    for form in (f"http://127.0.0.1:{daemon.port}", f"ws://127.0.0.1:{daemon.port}/ws", f"localhost:{daemon.port}"):
        result = gavel(daemon, "status", "--json", server=form)
        assert result.status == 0, (form, result.err)
        assert result.json()["type"] == "state"
