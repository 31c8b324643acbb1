"""Actual-timings reports from the real gaveld: every format over HTTP, known timings, and the
same report from a run that was SIGKILLed and restarted as from one that was not."""
import csv
import io
import json
import xml.etree.ElementTree as ElementTree

import pytest

from report_meeting import ADA, BABBAGE, EXPECTED_ITEMS, EXPECTED_TURNS, iso, tolerance

SVG = "{http://www.w3.org/2000/svg}"


def get(daemon, path):
    status, body = daemon.http("GET", path)
    return status, body


def get_with_headers(daemon, path):
    import urllib.request
    with urllib.request.urlopen(daemon.url(path), timeout=10) as response:
        return response.status, response.headers, response.read()


def report(daemon, meeting, format="json"):
    status, body = get(daemon, f"/api/v1/report?meeting={meeting}&format={format}")
    assert status == 200, body
    return json.loads(body) if format == "json" else body


def test_meetings_lists_both_runs(journal):
    daemon, _, _ = journal
    status, body = get(daemon, "/api/v1/meetings")
    assert status == 200
    meetings = json.loads(body)["meetings"]
    assert [m["id"] for m in meetings] == [1, 2]
    assert [m["current"] for m in meetings] == [False, True]
    for m in meetings:
        assert m["title"] == "Rehearsal of the closing sitting"
        assert m["createdAt"] <= m["startedAt"] < m["endedAt"]
        assert m["eventCount"] > 10


def test_report_has_the_known_timings(journal):
    daemon, first, second = journal
    tol = tolerance(first, second)
    for meeting in (1, 2):
        r = report(daemon, meeting)
        assert r["format"] == "gavel.report.v1"
        assert r["meeting"]["id"] == meeting
        assert r["meeting"]["status"] == "ended"
        assert r["meeting"]["timeZone"] == "Europe/Zurich"
        for item in r["items"]:
            status, actual, paused, added, over = EXPECTED_ITEMS[item["id"]]
            assert item["status"] == status, item
            assert item["addedSeconds"] == added
            for key, expected in (("actualSeconds", actual), ("pausedSeconds", paused), ("overSeconds", over)):
                if expected is None:
                    assert item[key] is None, (item["id"], key)
                else:
                    assert abs(item[key] - expected) <= tol, (meeting, item["id"], key, item[key], expected, tol)
        assert len(r["turns"]) == len(EXPECTED_TURNS)
        for turn, (speaker, item, used, paused, over) in zip(r["turns"], EXPECTED_TURNS):
            assert (turn["speaker"], turn["item"], turn["status"]) == (speaker, item, "done")
            for key, expected in (("actualSeconds", used), ("pausedSeconds", paused), ("overSeconds", over)):
                assert abs(turn[key] - expected) <= tol, (meeting, turn["turn"], key, turn[key], expected, tol)
        assert [s["speaker"] for s in r["speakers"]] == [ADA, BABBAGE]
        assert [s["turns"] for s in r["speakers"]] == [2, 1]
        # The meeting ran from its start to its end; the time the daemon was down is in it.
        span = iso(r["meeting"]["actualEnd"]) - iso(r["meeting"]["actualStart"])
        assert abs(span - 11.1) <= tol
        assert abs(r["meeting"]["actualSeconds"] - 11.1) <= tol


def durations(r):
    """Every duration of a report, by a stable name, and every instant relative to the start."""
    start = iso(r["meeting"]["actualStart"])
    figures = {}

    def take(prefix, obj):
        for key, value in obj.items():
            # Delays compare with the printed plan, which differs between the two runs.
            if key.endswith("Seconds") and not key.startswith(("startDelay", "endDelay")):
                figures[f"{prefix}.{key}"] = value
            if key in ("actualStart", "actualEnd") and value is not None:
                figures[f"{prefix}.{key}"] = iso(value) - start
        for index, pause in enumerate(obj.get("pauses", [])):
            figures[f"{prefix}.pause{index}"] = pause["seconds"]
            figures[f"{prefix}.pause{index}.start"] = iso(pause["start"]) - start

    take("meeting", r["meeting"])
    for item in r["items"]:
        take(f"item {item['id']}", item)
        for speaker in item["speakers"]:
            take(f"item {item['id']} {speaker['speaker']}", speaker)
    for turn in r["turns"]:
        take(f"turn {turn['turn']}", turn)
    for speaker in r["speakers"]:
        take(f"speaker {speaker['speaker']}", speaker)
    return figures


def structure(r):
    """Everything of a report that is not a measured time."""
    return {
        "meeting": {k: r["meeting"][k] for k in ("title", "status", "turns", "timeZone")},
        "items": [(i["id"], i["title"], i["kind"], i["status"], i["turns"], len(i["runs"]), len(i["pauses"]),
                   [a["seconds"] for a in i["adjustments"]], [s["speaker"] for s in i["speakers"]],
                   i["actualStart"] is None, i["actualEnd"] is None) for i in r["items"]],
        "turns": [(t["turn"], t["item"], t["speaker"], t["status"], t["plannedSeconds"], t["addedSeconds"],
                   len(t["pauses"]), [a["seconds"] for a in t["adjustments"]]) for t in r["turns"]],
        "speakers": [(s["speaker"], s["turns"], s["plannedSeconds"], s["addedSeconds"]) for s in r["speakers"]],
    }


def test_a_killed_and_restarted_meeting_reports_the_same_timings(journal):
    daemon, first, second = journal
    # The script gives the restart 2.4 s (killed at 6.6 s, next command at 9.0 s); it takes a
    # tenth of a second, many times less even on a loaded machine.
    assert second.restart_seconds is not None and second.restart_seconds < 2.0, \
        f"gaveld took {second.restart_seconds:.2f}s to restart; the script leaves 2.4s"
    straight, killed = report(daemon, 1), report(daemon, 2)
    assert structure(killed) == structure(straight)
    a, b = durations(straight), durations(killed)
    assert a.keys() == b.keys()
    tol = tolerance(first, second)
    # The tolerance is measured (report_meeting.tolerance); this only checks that it can still see
    # the fault: a replay that restarted a clock, or counted the time before the kill twice, moves
    # a duration by 1.2 s or more (the floor had run 1.2 s at the kill, the item 2 s). Any
    # tolerance under 1 s still tells that fault apart (0.5 s failed once with three test runs
    # sharing the two cores: commands then took 0.36 s to be answered).
    assert tol < 1.0, f"commands took up to {tol / 2:.3f}s to be answered: too loaded to judge timings"
    off = {key: (a[key], b[key]) for key in a if (a[key] is None) != (b[key] is None)
           or (a[key] is not None and abs(a[key] - b[key]) > tol)}
    assert not off, f"differ by more than {tol * 1000:.0f} ms: {off}"


def test_the_live_report_reads_the_running_item_up_to_now(journal):
    _, first, _ = journal
    at, r = first.live_report
    assert r["meeting"]["status"] == "running"
    assert r["meeting"]["actualEnd"] is None
    items = {i["id"]: i for i in r["items"]}
    assert [i["status"] for i in r["items"]] == ["done", "current", "upcoming", "upcoming"]
    assert items["2"]["actualEnd"] is None and items["2"]["endDelaySeconds"] is None
    as_of = iso(r["meeting"]["asOf"]) - iso(r["meeting"]["actualStart"])
    assert abs(items["2"]["actualSeconds"] - (as_of - 4.6)) <= tolerance(first)
    turn = r["turns"][-1]
    assert (turn["speaker"], turn["status"], turn["actualEnd"]) == (BABBAGE, "current", None)
    assert abs(turn["actualSeconds"] - (as_of - 4.9 - 0.5)) <= tolerance(first)


def test_past_reports_are_the_same_bytes_every_time(journal):
    daemon, _, _ = journal
    for format in ("json", "csv", "markdown", "table", "svg"):
        status, a = get(daemon, f"/api/v1/report?meeting=1&format={format}")
        status2, b = get(daemon, f"/api/v1/report?meeting=1&format={format}")
        assert status == status2 == 200 and a == b, format


@pytest.mark.parametrize("format,content_type,disposition", [
    ("json", "application/json", 'inline; filename="gavel-meeting-1.json"'),
    ("csv", "text/csv; charset=utf-8", 'attachment; filename="gavel-meeting-1.csv"'),
    ("markdown", "text/markdown; charset=utf-8", 'inline; filename="gavel-meeting-1.md"'),
    ("table", "text/plain; charset=utf-8", 'inline; filename="gavel-meeting-1.txt"'),
    ("svg", "image/svg+xml", 'attachment; filename="gavel-meeting-1.svg"'),
])
def test_every_format_with_its_content_type(journal, format, content_type, disposition):
    daemon, _, _ = journal
    status, headers, body = get_with_headers(daemon, f"/api/v1/report?meeting=1&format={format}")
    assert status == 200
    assert headers["Content-Type"] == content_type
    assert headers["Content-Disposition"] == disposition
    text = body.decode("utf-8-sig")
    assert "Rehearsal of the closing sitting" in text
    if format in ("markdown", "table"):
        assert ADA in text and BABBAGE in text and "skipped" in text


def test_csv_matches_the_json(journal):
    daemon, _, _ = journal
    rows = list(csv.DictReader(io.StringIO(report(daemon, 2, "csv").decode("utf-8-sig"), newline="")))
    r = report(daemon, 2)
    # Plain grants: every turn a statement (one speechType row, one per item that had turns), no
    # delegation or override rows.
    assert [row["section"] for row in rows] == ["meeting"] + ["item"] * 4 + ["turn"] * 3 + ["speaker"] * 2 \
        + ["itemSpeaker"] * 3 + ["speechType"] + ["itemSpeechType"] * 3
    assert [row["speech"] for row in rows if row["section"] == "turn"] == ["statement"] * 3
    assert r["delegations"] == [] and r["overrides"] == []
    assert [(t["speech"], t["turns"]) for t in r["speechTypes"]] == [("statement", 3)]
    assert all(row["meeting"] == "2" for row in rows)
    items = [row for row in rows if row["section"] == "item"]
    for row, item in zip(items, r["items"]):
        assert row["item"] == item["id"] and row["status"] == item["status"]
        for key in ("actualSeconds", "overSeconds", "pausedSeconds", "plannedSeconds"):
            assert row[key] == ("" if item[key] is None else json.dumps(item[key])), (key, row[key], item[key])
        assert row["actualStart"] == (item["actualStart"] or "")
    turns = [row for row in rows if row["section"] == "turn"]
    assert [row["speaker"] for row in turns] == [t["speaker"] for t in r["turns"]]
    assert turns[1]["pauses"].count("/") == 1


def test_svg_has_a_bar_per_item_a_segment_per_turn_and_marks_overruns(journal):
    daemon, first_run, second_run = journal
    root = ElementTree.fromstring(report(daemon, 1, "svg"))
    assert root.tag == f"{SVG}svg"

    def with_class(name):
        return [e for e in root.iter() if name in (e.get("class") or "").split()]

    items = with_class("item")
    assert [i.get("data-item") for i in items] == ["1", "2", "3", "4"]
    assert [len([e for e in i.iter() if e.get("class") == "planned"]) for i in items] == [1, 1, 1, 1]
    # Item 3 was skipped: no actual bar, its status written instead.
    assert [len([e for e in i.iter() if e.get("class") == "actual"]) for i in items] == [1, 1, 0, 1]
    assert [t.get("data-speaker") for t in with_class("turn")] == [ADA, BABBAGE, ADA]
    # Over time: item 1 (3.8 of 3), Ada's first turn (1.7 of 1), item 2 (5.1 of 4), Ada's second
    # turn (1.2 of 1); not item 4 (1.4 of 2) nor Babbage (4.1 of 5).
    marks = [m.get("data-for") for m in with_class("overrun")]
    assert marks == ["turn:1", "item:1", "item:2", "turn:3"]
    # Each mark starts where the time ran out: 1 s of Ada's turn after 0.3 s, with 0.8 s paused.
    start = iso(report(daemon, 1)["meeting"]["actualStart"])
    first = next(m for m in with_class("overrun") if m.get("data-for") == "turn:1")
    assert abs(iso(first.get("data-from")) - start - 2.1) <= tolerance(first_run, second_run)


def test_errors_say_what_to_do(journal):
    daemon, _, _ = journal
    status, body = get(daemon, "/api/v1/report?format=xml")
    assert status == 400
    assert json.loads(body) == {"type": "error", "code": "badRequest",
                                "message": "unknown format 'xml'; formats are json, csv, markdown, table, svg"}
    status, body = get(daemon, "/api/v1/report?meeting=7")
    assert status == 404
    assert json.loads(body) == {"type": "error", "code": "notFound", "message": "no meeting 7; see /api/v1/meetings"}
    status, body = get(daemon, "/api/v1/report?meeting=last")
    assert status == 400 and json.loads(body)["code"] == "badRequest"
    status, body = daemon.http("POST", "/api/v1/report", body={})
    assert status == 405
    # Without a meeting, the current one.
    assert report(daemon, "")["meeting"]["id"] == 2
