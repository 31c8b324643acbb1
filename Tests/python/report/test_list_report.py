"""The report of a meeting run on the list of speakers, from the real gaveld: a statement
interrupted by a point of order (the daemon SIGKILLed and restarted while the point of order
holds the floor), a right of reply, and a statement the chair inscribes on the closed list by
overriding the rule. The report gives each turn's type, delegation and what it interrupted, and
the interrupted speaker's time standing still counts neither as used nor as paused."""
import csv
import io
import json

import pytest

from gavel_harness import seconds_agenda
from report_meeting import iso, report, scripted_meeting

# (seconds after the start, command, fields); "kill" SIGKILLs gaveld and starts it again.
SCRIPT = [
    (0.0, "start", {}),
    (0.2, "floorGrant", {"speaker": "Mr. A", "delegation": "Austria", "duration": "3s"}),
    (0.8, "interrupt", {"speaker": "Mr. E", "delegation": "Egypt", "speech": "point-of-order"}),
    (1.2, "kill", {}),
    (2.0, "floorReturn", {}),
    (2.6, "floorYield", {}),
    (2.8, "floorGrant", {"speaker": "Ms. F", "delegation": "France", "speech": "reply", "duration": "1s"}),
    (3.4, "floorYield", {}),
    (3.5, "listClose", {}),
    (3.6, "listAdd", {"speaker": "Mr. C", "delegation": "Chile", "override": True}),
    (3.8, "endMeeting", {}),
]


@pytest.fixture(scope="module")
def list_meeting():
    agenda = seconds_agenda([("General debate", 6)], title="A sitting on the list", zone="Europe/Zurich", start_in=1)
    yield from scripted_meeting(agenda, SCRIPT)



def test_turns_carry_type_delegation_and_interruption(list_meeting):
    daemon, tol = list_meeting
    r = json.loads(report(daemon, "json"))
    turns = r["turns"]
    assert [(t["speaker"], t["speech"], t["delegation"], t["interrupts"]) for t in turns] == [
        ("Mr. A", "statement", "Austria", None),
        ("Mr. E", "point-of-order", "Egypt", 1),
        ("Ms. F", "reply", "France", None),
    ]
    assert turns[1]["speechName"] == "Point of order"
    a, e, f = turns
    # Mr. A spoke 0.2-0.8 and 2.0-2.6; the point of order (and the restart under it) 0.8-2.0.
    assert abs(a["actualSeconds"] - 1.2) <= tol
    assert abs(a["interruptedSeconds"] - 1.2) <= tol
    assert a["pausedSeconds"] == 0 and a["interruptions"] == 1
    assert len(a["interruptedSpans"]) == 1
    assert abs(e["actualSeconds"] - 1.2) <= tol
    assert abs(f["actualSeconds"] - 0.6) <= tol
    for t in turns:
        span = iso(t["actualEnd"]) - iso(t["actualStart"])
        assert abs(t["actualSeconds"] + t["pausedSeconds"] + t["interruptedSeconds"] - span) <= 0.002, t
    assert [(s["speech"], s["kind"], s["turns"]) for s in r["speechTypes"]] == [
        ("statement", "list", 1), ("reply", "endOfItem", 1), ("point-of-order", "interruption", 1),
    ]
    assert [d["delegation"] for d in r["delegations"]] == ["Austria", "Egypt", "France"]
    assert [o["rule"] for o in r["overrides"]] == ["closed-list"]
    assert r["meeting"]["interruptions"] == 1


def test_csv_markdown_and_page_show_the_list(list_meeting):
    daemon, _ = list_meeting
    rows = list(csv.DictReader(io.StringIO(report(daemon, "csv").decode("utf-8-sig"), newline="")))
    sections = [row["section"] for row in rows]
    for section in ("speechType", "itemSpeechType", "delegation", "itemDelegation", "override"):
        assert section in sections
    poo = [row for row in rows if row["section"] == "turn"][1]
    assert (poo["speech"], poo["delegation"], poo["interrupts"]) == ("point-of-order", "Egypt", "1")
    markdown = report(daemon, "markdown").decode()
    for heading in ("## Turns by type", "## Interruptions", "## Delegations", "## Overrides"):
        assert heading in markdown
    assert "closed-list" in markdown
    status, page = daemon.http("GET", "/report?meeting=1")
    assert status == 200
    assert 'class="turn interruption"' in page.decode() and "<h2>Overrides</h2>" in page.decode()
