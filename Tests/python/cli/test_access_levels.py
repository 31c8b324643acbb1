"""Access levels (read, secretariat, chair), pairing codes and live agenda editing, end to end:
the built gavel and gaveld, tokens from the state directory, the HTTP API as a console uses it."""
import json
import os
import stat
import subprocess
import tempfile
import time

import pytest
from gavel_cli import clean_env, clock_agenda, gavel, wait_for
from gavel_harness import GAVELD, Gaveld

ITEMS = [("Opening", 600), ("Panel", 900), ("Closing", 300)]


@pytest.fixture
def daemon(gaveld_factory):
    return gaveld_factory(agenda=clock_agenda(ITEMS))


def as_level(daemon, level):
    """The environment that makes gavel present `level`'s token."""
    name = "token" if level == "chair" else f"token-{level}"
    return {"GAVEL_TOKEN_FILE": os.path.join(daemon.state_dir, name)}


def post(daemon, path, body, token=None):
    status, raw = daemon.http("POST", path, body, token=token)
    return status, json.loads(raw) if raw else None


def test_each_level_has_its_own_token_file_made_on_the_first_start_mode_0600(daemon):
    tokens = {level: daemon.level_token(level) for level in ("chair", "secretariat", "read")}
    assert len(set(tokens.values())) == 3
    for name in ("token", "token-secretariat", "token-read"):
        mode = stat.S_IMODE(os.stat(os.path.join(daemon.state_dir, name)).st_mode)
        assert mode == 0o600, f"{name} is {oct(mode)}"


def test_gaveld_check_makes_no_token(tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    process = subprocess.run(
        [GAVELD, "--check", "--state-dir", str(state)], capture_output=True, text=True, timeout=30, env=clean_env())
    assert process.returncode == 0, process.stderr
    assert sorted(os.listdir(state)) == []
    assert "token-secretariat" in process.stdout and "made on the first start" in process.stdout


def test_the_secretariat_token_is_refused_a_clock_command_and_runs_the_list(daemon):
    secretariat = as_level(daemon, "secretariat")
    refused = gavel(daemon, "start", env=secretariat)
    assert refused.status == 77, refused
    assert refused.err.startswith("gavel: the secretariat token may not run clock commands (start)")
    as_json = gavel(daemon, "start", "--json", env=secretariat)
    assert as_json.status == 77 and as_json.json()["code"] == "forbidden"
    assert daemon.state()["meeting"]["phase"] == "notStarted", "nothing was changed"

    added = gavel(daemon, "list", "add", "H.E. Ms. Ana Ruiz", "--delegation", "Chile", env=secretariat)
    assert added.status == 0, added
    assert [entry["speaker"] for entry in daemon.state()["queue"]] == ["H.E. Ms. Ana Ruiz"]

    # Over HTTP: 403 with the same code, and a right token of a lower level is not a wrong guess.
    for _ in range(15):
        status, body = post(daemon, "/api/v1/commands", {"command": "next"}, token=daemon.level_token("secretariat"))
        assert status == 403 and body["code"] == "forbidden", body
    status, body = post(daemon, "/api/v1/commands", {"command": "start"}, token=daemon.level_token("chair"))
    assert status == 200, body
    metrics = daemon.http("GET", "/metrics")[1].decode()
    assert "gavel_control_forbidden_total 17" in metrics
    assert "gavel_control_failures_total 0" in metrics
    assert "gavel_control_rate_limited_total 0" in metrics


def test_the_read_token_runs_no_command(daemon):
    status, body = post(daemon, "/api/v1/commands", {"command": "start"}, token=daemon.level_token("read"))
    assert status == 403 and body["code"] == "forbidden"
    assert "read token may not run commands" in body["message"]


def test_a_wrong_token_is_refused_as_unauthorized(daemon, tmp_path):
    wrong = tmp_path / "wrong"
    wrong.write_text("not-this-daemons-token-at-all\n")
    result = gavel(daemon, "start", "--json", env={"GAVEL_TOKEN_FILE": str(wrong)})
    assert result.status == 77
    assert result.json()["code"] == "unauthorized"
    assert "refused the control token" in result.err and "not this daemon's token" in result.err


def pairing(daemon, level="chair", ttl=300):
    status, body = post(daemon, "/api/v1/pairings", {"level": level, "ttlSeconds": ttl}, token=daemon.token)
    assert status == 201, body
    assert list(body) == ["code", "level", "expiresAt"] or sorted(body) == ["code", "expiresAt", "level"]
    return body


def test_a_pairing_code_gives_its_levels_token_once(daemon):
    code = pairing(daemon, "secretariat")
    assert len(code["code"]) == 6 and code["code"].isdigit() and code["level"] == "secretariat"
    status, body = post(daemon, "/api/v1/pair", {"code": code["code"]})
    assert status == 200, body
    assert body == {"token": daemon.level_token("secretariat"), "level": "secretariat"}
    status, body = post(daemon, "/api/v1/pair", {"code": code["code"]})
    assert status == 401 and body["code"] == "unauthorized", body


def test_only_the_chair_makes_pairing_codes(daemon):
    status, body = post(daemon, "/api/v1/pairings", {"level": "chair"}, token=daemon.level_token("secretariat"))
    assert status == 403 and body["code"] == "forbidden"
    status, body = post(daemon, "/api/v1/pairings", {"level": "chair"})
    assert status == 401
    status, body = post(daemon, "/api/v1/pairings", {"level": "read"}, token=daemon.token)
    assert status == 400 and "chair or the secretariat" in body["message"]


def test_an_expired_pairing_code_is_told_apart_from_a_wrong_one(daemon):
    result = gavel(daemon, "console", "--json", "--ttl", "1s", "--level", "secretariat")
    answered = time.monotonic()
    assert result.status == 0, result
    code = result.json()["code"]
    # The code expires one second after the daemon made it, which was before `answered` (not
    # after the CLI started: a loaded machine can take longer than the margin to start it). Once
    # a second and a margin have passed since the answer, it has expired, however loaded the
    # machine is.
    time.sleep(max(0.0, answered + 1.2 - time.monotonic()))
    status, body = post(daemon, "/api/v1/pair", {"code": code})
    assert status == 410, body
    assert body["code"] == "pairingExpired"
    assert body["message"].startswith("this pairing code expired at ")
    assert body["message"].endswith("; ask for a new one with gavel console")


def test_wrong_pairing_codes_count_as_wrong_tokens(gaveld_factory):
    daemon = gaveld_factory(agenda=clock_agenda(ITEMS), env={"GAVEL_CONTROL_FAILURE_LIMIT": "3"})
    good = pairing(daemon)["code"]
    wrong = "000000" if good != "000000" else "000001"
    statuses = [post(daemon, "/api/v1/pair", {"code": wrong})[0] for _ in range(3)]
    assert statuses == [401, 401, 401]
    # Past the limit, even the right code is refused: six digits are too few to leave the limit.
    status, body = post(daemon, "/api/v1/pair", {"code": good})
    assert status == 429 and body["code"] == "rateLimited", body
    # The right token is still taken.
    assert daemon.command("start")[0] == 200


def test_gavel_console_prints_the_address_the_code_and_a_qr_code_without_secrets(daemon):
    result = gavel(daemon, "console", "--level", "chair")
    assert result.status == 0, result
    url = f"http://127.0.0.1:{daemon.port}/console"
    assert f"Console:       {url}\n" in result.out
    code = result.out.split("Pairing code:  ")[1][:6]
    assert code.isdigit()
    assert "▀" in result.out and "█" in result.out
    assert daemon.token not in result.out
    assert code not in url
    status, body = post(daemon, "/api/v1/pair", {"code": code})
    assert status == 200 and body["level"] == "chair"


def test_agenda_edits_over_the_cli_and_http_survive_a_restart(daemon):
    secretariat = as_level(daemon, "secretariat")
    assert gavel(daemon, "start").status == 0
    inserted = gavel(daemon, "agenda", "edit", "insert", "Announcements", "--length", "5m", "--at", "2",
                     env=secretariat)
    assert inserted.status == 0, inserted
    assert inserted.out.startswith("Inserted: item added-1 (Announcements), ")
    titles = [item["title"] for item in daemon.state()["items"]]
    assert titles == ["Opening", "Announcements", "Panel", "Closing"]

    status, body = post(daemon, "/api/v1/commands", {"command": "agendaRetitle", "item": 4, "title": "Closing remarks"},
                        token=daemon.level_token("secretariat"))
    assert status == 200, body
    status, body = post(daemon, "/api/v1/commands", {"command": "agendaRetime", "item": "added-1", "duration": "8m"},
                        token=daemon.token)
    assert status == 200, body
    moved = gavel(daemon, "agenda", "edit", "move", "4", "2")
    assert moved.status == 0, moved

    # The running item changes only by extend or trim: refused, exit 3, nothing changed.
    refused = gavel(daemon, "agenda", "edit", "retime", "1", "--length", "20m")
    assert refused.status == 3, refused
    assert "extend or trim" in refused.err
    status, body = post(daemon, "/api/v1/commands", {"command": "agendaRemove", "item": 1}, token=daemon.token)
    assert status == 409 and body["code"] == "itemStarted", body
    status, body = post(daemon, "/api/v1/commands", {"command": "agendaInsert", "title": "x", "duration": "nonsense"},
                        token=daemon.token)
    assert status == 400 and "duration" in body["message"], body

    before = daemon.state()["items"]
    assert [item["title"] for item in before] == ["Opening", "Closing remarks", "Announcements", "Panel"]
    daemon.kill()
    daemon.start()
    after = daemon.state()["items"]
    assert [(i["id"], i["title"], i["plannedStart"], i["plannedEnd"]) for i in after] == \
        [(i["id"], i["title"], i["plannedStart"], i["plannedEnd"]) for i in before]

    report = daemon.http("GET", "/api/v1/report?format=markdown")
    assert report[0] == 200
    assert "## Re-planned items" in report[1].decode()


def test_read_token_makes_the_state_private(gaveld_factory):
    daemon = gaveld_factory(agenda=clock_agenda(ITEMS), extra_args=["--read-token"])
    status, body = daemon.http("GET", "/api/v1/state")
    assert status == 401 and json.loads(body)["code"] == "unauthorized"
    assert daemon.http("GET", "/api/v1/state", token=daemon.level_token("read"))[0] == 200
    assert daemon.http("GET", "/api/v1/lists", token=daemon.level_token("secretariat"))[0] == 200
    assert daemon.http("GET", "/healthz")[0] == 200
    assert daemon.http("GET", "/api/v1/agenda", token="a-wrong-token-of-some-length")[0] == 401
    # gavel status presents the token it has.
    assert gavel(daemon, "status").status == 0

    display = daemon.subscribe()
    hello = display.next(type="hello")
    assert hello["readTokenRequired"] is True and "level" not in hello
    display.send({"type": "ping", "t0": 1})
    assert display.next()["type"] == "pong", "nothing of the meeting before a token"
    assert display.request({"type": "auth", "token": daemon.level_token("read")})["type"] == "ack"
    assert display.next(type="state")["type"] == "state"
    reply = display.request({"type": "command", "id": "c1", "command": "start"})
    assert reply["type"] == "error" and reply["code"] == "forbidden"
    display.close()
