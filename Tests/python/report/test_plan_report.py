"""The report of a meeting that accepted a plan to end on time, with a group's budget and shares of
floor time, from the real gaveld: the opening overruns, the chair accepts the plan (which drops
the droppable debate), gaveld is SIGKILLed and restarted, and the report still knows which item
the plan dropped, the budgets as the chair changed them and each group's share of the floor."""
import csv
import io
import json

import pytest

from gavel_harness import seconds_agenda
from report_meeting import report, scripted_meeting

# (seconds after the start, command, fields); "kill" SIGKILLs gaveld and starts it again.
SCRIPT = [
    (0.0, "start", {}),
    (0.2, "floorGrant", {"speaker": "Ms. A", "delegation": "Austria", "duration": "3s"}),
    (1.2, "floorYield", {}),
    (1.3, "budgetAdd", {"group": "West", "duration": "2s"}),
    (1.4, "extend", {"duration": "10s"}),
    # Projected end about 40 s from the start against a hard end at about 30 s: shortening is not
    # possible (no minimums), dropping the 20 s debate is enough.
    (1.5, "planAccept", {}),
    (1.8, "kill", {}),
    (2.6, "floorGrant", {"speaker": "Mr. B", "delegation": "Brazil", "duration": "3s"}),
    (3.6, "floorYield", {}),
    (3.7, "next", {}),
    (4.0, "endMeeting", {}),
]


def plan_agenda():
    agenda = seconds_agenda(
        [("Opening", 6), ("General debate", 20), ("Closing", 3)],
        title="A sitting that must end on time", zone="Europe/Zurich", start_in=1,
    )
    agenda["hardEnd"] = agenda["items"][-1]["end"]
    agenda["items"][1]["droppable"] = True
    agenda["groups"] = [{"name": "West", "members": ["Austria"]}, {"name": "South", "members": ["Brazil"]}]
    agenda["items"][0]["budgets"] = [{"group": "West", "time": 5}, {"group": "South", "time": 5}]
    return agenda


@pytest.fixture(scope="module")
def plan_meeting():
    agenda = plan_agenda()
    for daemon, slack in scripted_meeting(agenda, SCRIPT):
        yield daemon, agenda, slack


def test_the_plan_dropped_the_debate_and_says_so(plan_meeting):
    daemon, agenda, _ = plan_meeting
    r = json.loads(report(daemon, "json"))
    assert [item["status"] for item in r["items"]] == ["done", "dropped", "done"]
    assert all(item["replannedSeconds"] is None for item in r["items"])
    assert r["meeting"]["hardEnd"].startswith(agenda["date"] + "T" + agenda["hardEnd"])
    assert len(r["plans"]) == 1
    plan = r["plans"][0]
    assert plan["plan"] == 1 and plan["hardEnd"] == r["meeting"]["hardEnd"]
    assert [(i["item"], i["status"], i["replannedSeconds"]) for i in plan["items"]] == [("2", "dropped", None)]


def test_budgets_and_shares_survive_the_restart(plan_meeting):
    daemon, _, tol = plan_meeting
    r = json.loads(report(daemon, "json"))
    budgets = r["items"][0]["budgets"]
    assert [(b["group"], b["plannedSeconds"], b["addedSeconds"]) for b in budgets] == [("West", 5, 2), ("South", 5, 0)]
    # Ms. A spoke 0.2-1.2 (West), Mr. B 2.6-3.6 (South), both in the opening.
    for budget, used in zip(budgets, (1.0, 1.0)):
        assert abs(budget["actualSeconds"] - used) <= tol, budget
        assert abs(budget["balanceSeconds"] - (budget["allottedSeconds"] - used)) <= tol, budget
    # Without shares in the agenda, the groups are the shares.
    assert [s["attribute"] for s in r["shares"]] == ["group"]
    values = r["shares"][0]["values"]
    assert sorted(v["value"] for v in values) == ["South", "West"]
    assert abs(sum(v["percent"] for v in values) - 100) <= 0.1
    for value in values:
        assert abs(value["percent"] - 50) <= 100 * tol / 2 + 0.1, value


def test_csv_and_markdown_have_the_plan_sections(plan_meeting):
    daemon, _, _ = plan_meeting
    text = report(daemon, "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    sections = [row["section"] for row in rows]
    assert sections.count("plan") == 1 and sections.count("planItem") == 1
    assert sections.count("budget") == 2 and sections.count("share") == 2
    dropped = next(row for row in rows if row["section"] == "item" and row["item"] == "2")
    assert dropped["status"] == "dropped" and dropped["replannedSeconds"] == ""
    markdown = report(daemon, "markdown").decode()
    for heading in ("## Plans", "## Budgets", "## Shares of floor time"):
        assert "\n" + heading + "\n" in markdown
    assert "| 2 | General debate | dropped |" in markdown
