"""`gavel displays`: the daemon's list of connected displays and clients, for the technician."""
import re

import pytest
from gavel_cli import clock_agenda, gavel, wait_for

DISPLAY = {"type": "display", "view": "speaker", "language": "fr", "clockOffsetMs": -600000.5,
           "roundTripMs": 3.2, "screen": "1920x1080", "userAgent": "test page"}


@pytest.fixture
def daemon(gaveld_factory):
    return gaveld_factory(agenda=clock_agenda([("Opening", 600)], title="Displays sitting"))


def listed(daemon):
    result = gavel(daemon, "displays", "--json")
    assert result.status == 0, result.err
    return result.json()


def test_displays_lists_pages_by_view_and_clients_as_clients(daemon):
    page = daemon.subscribe()
    page.next(type="hello")
    page.send(DISPLAY)
    watcher = daemon.subscribe(subprotocol="gavel.v1")
    watcher.next(type="hello")
    wait_for(lambda: len(listed(daemon)["displays"]) == 2 and listed(daemon)["displays"][0]["kind"] == "display",
             message="both connections, the page described")

    answer = listed(daemon)
    first, second = answer["displays"]
    assert first["display"] == {k: v for k, v in DISPLAY.items() if k != "type"}
    assert (first["kind"], first["address"], first["protocol"]) == ("display", "127.0.0.1", "gavel.v2")
    assert (second["kind"], second["protocol"], "display" in second) == ("client", "gavel.v1", False)
    assert answer["serverTime"] >= first["lastSeen"] >= first["connectedAt"]

    table = gavel(daemon, "displays")
    assert table.status == 0, table.err
    lines = table.out.splitlines()
    assert re.match(r"VIEW +LANGUAGE +ADDRESS +PROTOCOL +OFFSET +ROUND TRIP +LAST SEEN +CONNECTED FOR$", lines[0]), table.out
    assert re.match(r"speaker +fr +127\.0\.0\.1 +gavel\.v2 +−600 s +3\.2 ms +\d s ago +\d s$", lines[1]), table.out
    assert re.match(r"client +— +127\.0\.0\.1 +gavel\.v1 +— +— +\d s ago +\d s$", lines[2]), table.out
    page.close()
    watcher.close()


def test_displays_needs_the_token_and_says_so(daemon, tmp_path):
    connected = daemon.subscribe()
    connected.next(type="hello")
    wrong = gavel(daemon, "displays", env={"GAVEL_TOKEN": "not-the-token-not-the-token"})
    assert wrong.status == 77
    assert wrong.out == ""
    assert wrong.err.startswith("gavel: wrong token"), wrong.err

    # No token at all (a daemon elsewhere, nothing in the environment): refused before asking.
    missing = gavel(daemon, "displays", "--json", env={"GAVEL_STATE_DIR": str(tmp_path)})
    assert missing.status == 77
    assert missing.json()["code"] == "unauthorized"
    assert "the displays list needs it" in missing.json()["message"]
    connected.close()


def test_no_displays_says_so(daemon):
    result = gavel(daemon, "displays")
    assert (result.status, result.out) == (0, "No displays connected.\n")
