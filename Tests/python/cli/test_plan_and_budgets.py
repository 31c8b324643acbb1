"""The plan to end on time and the groups' budgets from the chair's remote: gavel plan shows what
it would shorten and drop, --accept journals it and the state says so; gavel budget shows each
group's time, and add and transfer change it, journaled; bad input is refused with why."""
import re
from datetime import datetime, timedelta, timezone

import pytest
from gavel_cli import clock_agenda, gavel


def midday_zone():
    """A fixed-offset zone where it is now between 08:00 and 15:59: a 90-minute programme from now
    fits in one day whatever the hour the tests run at."""
    now = datetime.now(timezone.utc)
    for offset in range(-12, 15):
        if 8 <= (now + timedelta(hours=offset)).hour < 16:
            return f"Etc/GMT{-offset:+d}" if offset else "UTC"
    raise AssertionError("no zone has the hour")


@pytest.fixture
def hearing(gaveld_factory):
    agenda = clock_agenda([("Opening", 600), ("Panel 1", 1800), ("Panel 2", 1800), ("Questions", 600),
                           ("Closing", 600)], zone=midday_zone(), start_in=0)
    items = agenda["items"]
    items[2]["minimum"] = "20m"
    items[3]["droppable"] = True
    items[4]["fixed"] = True
    agenda["hardEnd"] = items[4]["end"]
    agenda["groups"] = [{"name": "GRULAC", "members": ["Brazil", "Chile"]}, {"name": "WEOG", "members": ["France"]}]
    items[1]["budgets"] = [{"group": "GRULAC", "time": "10m"}, {"group": "WEOG", "time": "5m"}]
    daemon = gaveld_factory(agenda=agenda)
    assert gavel(daemon, "start").status == 0
    assert gavel(daemon, "next").status == 0
    return daemon


def ok(result):
    assert result.status == 0, f"exit {result.status}\nstdout: {result.out}\nstderr: {result.err}"
    assert result.err == ""
    return result.out


def test_plan_shows_then_accepts_a_plan_that_ends_by_the_hard_end(hearing):
    assert ok(gavel(hearing, "plan")).splitlines()[1] == "Nothing to change."
    ok(gavel(hearing, "extend", "25m"))
    out = ok(gavel(hearing, "plan"))
    lines = out.splitlines()
    assert re.fullmatch(r"Hard end \d\d:\d\d; as things stand the meeting ends at \d\d:\d\d \(1[45]m(\d+s)? late\)\.",
                        lines[0]), out
    assert re.match(r"  3\s+Panel 2\s+30m\s+2\dm\s+\d\d:\d\d\s+minimum 20m$", lines[4]), out
    assert re.match(r"  4\s+Questions\s+10m\s+dropped$", lines[5]), out
    assert re.match(r"  5\s+Closing\s+10m\s+10m\s+\d\d:\d\d\s+fixed$", lines[6]), out
    assert lines[-1] == "Accept it with: gavel plan --accept"

    status = ok(gavel(hearing, "status"))
    assert re.search(r"projected end \d\d:\d\d \(planned \d\d:\d\d\); hard end \d\d:\d\d, 1[45] min past it: gavel plan",
                     status), status
    out = ok(gavel(hearing, "plan", "--accept"))
    assert re.fullmatch(r"Plan accepted: the meeting is to end by \d\d:\d\d\. Item 3 2\dm \(was 30m\); item 4 dropped\.\n",
                        out), out
    state = gavel(hearing, "status", "--json").json()
    items = state["items"]
    assert items[3]["dropped"] is True and items[2]["planAllotmentMs"] == items[2]["allottedMs"] < 1_800_000
    assert items[4]["fixed"] is True
    assert items[4]["projectedStart"] == items[4]["plannedStart"]
    assert state["schedule"]["hardEnd"] == state["schedule"]["projectedEnd"] or \
        state["schedule"]["projectedEnd"] <= state["schedule"]["hardEnd"]
    assert re.search(r"; hard end \d\d:\d\d\n", ok(gavel(hearing, "status"))), "status: in time for the hard end"
    # Now it fits: nothing more to change.
    assert ok(gavel(hearing, "plan")).splitlines()[1] == "Nothing to change."


def test_a_plan_that_cannot_fit_says_why_and_bad_times_are_refused(hearing):
    ok(gavel(hearing, "extend", "2h"))
    out = ok(gavel(hearing, "plan"))
    assert out.splitlines()[1].startswith("No plan ends by "), out
    assert "even at their minimums and with 1 dropped" in out, out
    refused = gavel(hearing, "plan", "--accept")
    assert refused.status == 3 and "noPlan" not in refused.out, refused.err
    assert "no plan ends by" in refused.err, refused.err
    items = gavel(hearing, "status", "--json").json()["items"]
    assert not any("dropped" in item or "planAllotmentMs" in item for item in items), items

    bad = gavel(hearing, "plan", "--end", "25:00")
    assert bad.status == 64 and "--end takes a time of day as HH:MM" in bad.err, bad.err


def test_budgets_are_shown_added_and_transferred(hearing):
    ok(gavel(hearing, "floor", "grant", "Ms. Beatriz Barros", "3m", "--delegation", "Brazil"))
    out = ok(gavel(hearing, "budget"))
    lines = out.splitlines()
    assert lines[0] == "Budgets:"
    assert re.match(r"  GRULAC\s+10:00\s+used 0:0\d\s+left 9:5\d\s+speaking$", lines[1]), out
    assert re.match(r"  WEOG\s+5:00\s+used 0:00\s+left 5:00$", lines[2]), out
    assert lines[3] == "Shares of floor time:" and lines[4] == "  group: GRULAC 100.0 %", out

    assert ok(gavel(hearing, "budget", "add", "WEOG", "2m")) == "Gave 2m to WEOG.\n"
    assert ok(gavel(hearing, "budget", "transfer", "1m", "--from", "GRULAC", "--to", "WEOG")) \
        == "Moved 1m from GRULAC to WEOG.\n"
    budgets = gavel(hearing, "budget", "--json").json()
    assert [(g["group"], g["plannedMs"], g["addedMs"]) for g in budgets["groups"]] == [
        ("GRULAC", 600_000, -60_000), ("WEOG", 300_000, 180_000)]
    # The same over HTTP, for another item by id: none there.
    assert gavel(hearing, "budget", "--item", "3").out.startswith("No budgets in this item.\nShares of floor time:\n")

    refused = gavel(hearing, "budget", "transfer", "9m", "--from", "WEOG", "--to", "GRULAC")
    assert refused.status == 3 and "WEOG has 8m left" in refused.err, refused.err
    unknown = gavel(hearing, "budget", "--item", "42")
    assert unknown.status != 0 and "no item '42'" in unknown.err, unknown.err
