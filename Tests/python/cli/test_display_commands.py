"""The chair's hold on the displays from the CLI: a message for the speaker alone, prepared
messages, blackout and flash; each with its one line, --json, retry id and exit codes, and the
same over POST /api/v1/commands."""
import re

import pytest
from gavel_cli import CLOCK_RE, clock_agenda, gavel

ITEMS = [("Opening", 600), ("Closing", 300)]


@pytest.fixture
def running(gaveld_factory):
    daemon = gaveld_factory(agenda=clock_agenda(ITEMS))
    assert gavel(daemon, "start").status == 0
    return daemon


def ok(result):
    assert result.status == 0, f"exit {result.status}\nstdout: {result.out}\nstderr: {result.err}"
    assert result.err == ""
    return result.out


def fails(result, code, *phrases):
    assert result.status == code, f"exit {result.status}, expected {code}\nstdout: {result.out}\nstderr: {result.err}"
    assert result.err.startswith("gavel: "), result.err
    for phrase in phrases:
        assert phrase in result.err, f"{phrase!r} not in {result.err!r}"
    return result


def test_a_preset_for_the_speaker_only_is_shown_as_its_text_and_status_says_whom_for(running):
    out = ok(gavel(running, "say", "--to", "speaker", "--preset", "wrap-up"))
    assert out == "Message to the speaker's display only: “Please wrap up”.\n"
    message = running.state()["message"]
    assert (message["text"], message["audience"]) == ("Please wrap up", "speaker")

    status = ok(gavel(running, "status"))
    assert "Message   to the speaker only: “Please wrap up”" in status, status

    # A message to everyone replaces it, and says so.
    out = ok(gavel(running, "say", "--preset", "time-up"))
    assert out == "Message on the displays: “Your time is up”.\n"
    assert running.state()["message"]["audience"] == "everyone"


def test_the_presets_are_listed_for_people_and_scripts():
    out = ok(gavel(None, "say", "--list-presets", env={"GAVEL_SERVER": "127.0.0.1:1"}))
    lines = out.splitlines()
    assert re.match(r"^wrap-up +Please wrap up$", lines[0]), lines
    assert re.match(r"^time-up +Your time is up$", lines[1]), lines
    assert len(lines) >= 5
    document = gavel(None, "say", "--list-presets", "--json", env={"GAVEL_SERVER": "127.0.0.1:1"}).json()
    assert document[0] == {"name": "wrap-up", "text": "Please wrap up"}


@pytest.mark.parametrize("args,phrase", [
    (["say", "--preset", "hurry"], "unknown preset 'hurry'; presets are wrap-up, time-up"),
    (["say", "--preset", "wrap-up", "Hello"], "either text or --preset"),
    (["say", "--preset", "wrap-up", "--clear"], "either a message or --clear"),
    (["say", "--to", "hall", "Hello"], "everyone"),
    (["blackout"], "Missing expected argument"),
    (["blackout", "dim"], "on"),
    (["blackout", "off", "--to", "speaker"], "--to is for blackout on"),
    (["flash", "--to", "balcony"], "speaker"),
])
def test_bad_display_commands_are_usage_errors_that_change_nothing(running, args, phrase):
    before = running.state()
    fails(gavel(running, *args), 64, phrase)
    assert running.state()["seq"] == before["seq"]


def test_blackout_on_and_off_with_status_json_and_refusals(running):
    out = ok(gavel(running, "blackout", "on"))
    assert out == "Every display blacked out; gavel blackout off brings them back.\n"
    blackout = running.state()["displays"]["blackout"]
    assert blackout["audience"] == "everyone"

    status = ok(gavel(running, "status"))
    assert re.search(r"^Displays  BLACKED OUT since " + CLOCK_RE + r" \(every display\)$", status, re.M), status

    # The same blackout again is refused (exit 3) and changes nothing.
    seq = running.state()["seq"]
    fails(gavel(running, "blackout", "on"), 3, "already blacked out")
    assert running.state()["seq"] == seq

    answer = gavel(running, "blackout", "off", "--json").json()
    assert answer["ok"] is True and answer["state"]["displays"]["blackout"] is None
    fails(gavel(running, "blackout", "off"), 3, "no display is blacked out")
    assert "BLACKED OUT" not in ok(gavel(running, "status"))

    out = ok(gavel(running, "blackout", "on", "--to", "speaker"))
    assert out == "The speaker's display blacked out; gavel blackout off brings it back.\n"
    assert "(the speaker's display)" in ok(gavel(running, "status"))


def test_flash_is_kept_with_its_instant_and_a_retry_does_not_flash_twice(running):
    out = ok(gavel(running, "flash", "--to", "speaker", "--id", "flash-1"))
    assert out == "Flashed the speaker's display.\n"
    state = running.state()
    flash = state["displays"]["flash"]
    assert flash["audience"] == "speaker"
    assert abs(flash["at"] - state["serverTime"]) < 5000

    again = gavel(running, "flash", "--to", "speaker", "--id", "flash-1", "--json").json()
    assert again["replayed"] is True and again["seq"] == state["seq"]
    assert running.state()["displays"]["flash"] == flash

    # The same id for another command is refused, changing nothing.
    fails(gavel(running, "flash", "--id", "flash-1"), 3, "flash-1")
    assert running.state()["displays"]["flash"] == flash


def test_the_same_over_http_with_a_preset_and_clear_errors(running):
    status, answer = running.command("showMessage", preset="wrap-up", audience="speaker")
    assert status == 200, answer
    assert answer["state"]["message"]["audience"] == "speaker"
    assert answer["state"]["message"]["text"] == "Please wrap up"

    seq = running.state()["seq"]
    status, answer = running.command("showMessage", preset="hurry")
    assert status == 400 and answer["code"] == "badRequest"
    assert "unknown preset 'hurry'; presets are wrap-up, time-up" in answer["message"]
    status, answer = running.command("flash", audience="hall")
    assert status == 400 and "audiences are everyone, speaker" in answer["message"]
    status, answer = running.command("endBlackout")
    assert answer["code"] == "noBlackout", answer
    assert running.state()["seq"] == seq

    status, answer = running.command("blackout", audience="speaker")
    assert status == 200 and answer["state"]["displays"]["blackout"]["audience"] == "speaker"
    status, answer = running.command("blackout")
    assert status == 200 and answer["state"]["displays"]["blackout"]["audience"] == "everyone"
    status, answer = running.command("flash")
    assert status == 200 and answer["state"]["displays"]["flash"]["audience"] == "everyone"
