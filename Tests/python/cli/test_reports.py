"""`gavel meetings` and `gavel report` against the daemon's history routes."""
import json
import re

import pytest
from gavel_cli import clock_agenda, gavel
from scripted_daemon import ScriptedHTTP

ITEMS = [("Opening", 600), ("Closing", 300)]


@pytest.fixture
def daemon(gaveld_factory):
    daemon = gaveld_factory(agenda=clock_agenda(ITEMS, title="Report sitting"))
    assert gavel(daemon, "start").status == 0
    return daemon


def test_meetings_lists_the_journal_with_the_current_one_marked(daemon, tmp_path):
    assert gavel(daemon, "end-meeting").status == 0
    path = tmp_path / "second.json"
    path.write_text(json.dumps(clock_agenda([("Only item", 60)], title="Second sitting")))
    assert gavel(daemon, "agenda", "load", str(path)).status == 0

    result = gavel(daemon, "meetings")

    assert result.status == 0, result.err
    lines = result.out.splitlines()
    assert re.match(r"ID +TITLE +CREATED \(UTC\) +STARTED +ENDED +EVENTS$", lines[0]), result.out
    assert re.match(r" *1 +Report sitting +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ +\d{4}-.*Z +\d{4}-.*Z +\d+$", lines[1]), result.out
    assert re.match(r" *2 +Second sitting +\d{4}-.*Z +— +— +\d+ +current$", lines[2]), result.out


def test_meetings_json_is_the_daemons_answer(daemon):
    result = gavel(daemon, "meetings", "--json")

    assert result.status == 0
    meetings = result.json()["meetings"]
    assert [(m["id"], m["title"], m["current"]) for m in meetings] == [(1, "Report sitting", True)]
    assert isinstance(meetings[0]["startedAt"], int)


def test_report_prints_the_table_by_default(daemon):
    result = gavel(daemon, "report")

    assert result.status == 0, result.err
    assert "Report sitting" in result.out
    assert "Opening" in result.out and "Closing" in result.out


@pytest.mark.parametrize("args,check", [
    (["--format", "csv"], lambda out: out.lstrip("\ufeff").startswith("section,meeting,item")),
    (["--format", "markdown"], lambda out: "| " in out and "Report sitting" in out),
    (["--json"], lambda out: json.loads(out)["meeting"]["title"] == "Report sitting"),
    (["--format", "json", "--meeting", "1"], lambda out: json.loads(out)["meeting"]["id"] == 1),
])
def test_report_formats(daemon, args, check):
    result = gavel(daemon, "report", *args)

    assert result.status == 0, result.err
    assert check(result.out), result.out[:500]


def test_report_of_an_unknown_meeting_is_refused(daemon):
    result = gavel(daemon, "report", "--meeting", "99")

    assert result.status == 3
    assert result.err == "gavel: no meeting 99; 'gavel meetings' lists them\n"


def test_report_to_a_file(daemon, tmp_path):
    path = tmp_path / "report.csv"

    result = gavel(daemon, "report", "--format", "csv", "--output", str(path))

    assert result.status == 0 and result.out == ""
    assert "Report sitting" in path.read_text(encoding="utf-8-sig")


def test_report_to_a_file_that_cannot_be_written_exits_73(daemon, tmp_path):
    result = gavel(daemon, "report", "--output", str(tmp_path / "no" / "such" / "dir" / "r.txt"))

    assert result.status == 73
    assert result.err.startswith("gavel: cannot write ")


def test_a_daemon_without_the_routes_is_told_apart_from_a_missing_meeting():
    old = ScriptedHTTP({})
    try:
        result = gavel(None, "meetings", env={"GAVEL_SERVER": f"127.0.0.1:{old.port}"})
        assert result.status == 3
        assert "has no GET /api/v1/meetings" in result.err
        result = gavel(None, "report", "--meeting", "2", env={"GAVEL_SERVER": f"127.0.0.1:{old.port}"})
        assert "has no GET /api/v1/report" in result.err
    finally:
        old.stop()


def test_report_sends_the_query_and_the_token_when_there_is_one():
    body = json.dumps({"format": "gavel.report.v1"})
    stand_in = ScriptedHTTP({"/api/v1/report": (200, "application/json", body)})
    try:
        result = gavel(None, "report", "--meeting", "7", "--format", "json",
                       env={"GAVEL_SERVER": f"127.0.0.1:{stand_in.port}", "GAVEL_TOKEN": "secret-token-123456"})
        assert result.status == 0, result.err
        assert result.out == body + "\n"
        path, headers = stand_in.requests[0]
        assert path == "/api/v1/report?format=json&meeting=7"
        assert headers["authorization"] == "Bearer secret-token-123456"
    finally:
        stand_in.stop()
