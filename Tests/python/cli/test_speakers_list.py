"""The list of speakers from the chair's remote: inscriptions with delegations, types and ranks,
interruptions and returns, a closed list and an override, an imported list, and their --json."""
import re

import pytest
from gavel_cli import clock_agenda, gavel

ITEMS = [("General debate", 1800), ("Other business", 600)]


@pytest.fixture
def running(gaveld_factory):
    daemon = gaveld_factory(agenda=clock_agenda(ITEMS))
    assert gavel(daemon, "start").status == 0
    return daemon


def ok(result):
    assert result.status == 0, f"exit {result.status}\nstdout: {result.out}\nstderr: {result.err}"
    assert result.err == ""
    return result.out


def refused(result, code_words):
    assert result.status == 3, f"exit {result.status}\nstdout: {result.out}\nstderr: {result.err}"
    assert code_words in result.err, result.err
    return result.err


def test_the_chair_keeps_a_list_with_types_and_replies_wait_for_the_end(running):
    out = ok(gavel(running, "list", "add", "H.E. Mr. Anton Aigner", "--delegation", "Austria", "--rank", "minister"))
    assert out == "Inscribed H.E. Mr. Anton Aigner at position 1 (3m); 1 inscribed.\n"
    assert ok(gavel(running, "reply", "France")) == "Inscribed France at position 2 (10m, right of reply); 2 inscribed.\n"
    assert ok(gavel(running, "list", "add", "Ms. Beatriz Barros", "--delegation", "Brazil")).startswith(
        "Inscribed Ms. Beatriz Barros at position 2 (3m)")

    listing = ok(gavel(running, "list"))
    lines = listing.splitlines()
    assert lines[0] == "List of speakers: 3 inscribed, 16m in all"
    assert re.match(r"  1  H\.E\. Mr\. Anton Aigner\s+3m\s+Austria, minister$", lines[1]), lines[1]
    assert re.match(r"  2  Ms\. Beatriz Barros\s+3m\s+Brazil$", lines[2]), lines[2]
    assert re.match(r"  3  France\s+10m\s+right of reply$", lines[3]), lines[3]

    queue = gavel(running, "list", "--json").json()["queue"]
    assert [(e["speaker"], e.get("delegation"), e["speech"], e.get("rank"), e["allottedMs"]) for e in queue] == [
        ("H.E. Mr. Anton Aigner", "Austria", "statement", "minister", 180000),
        ("Ms. Beatriz Barros", "Brazil", "statement", None, 180000),
        ("France", "France", "reply", None, 600000),
    ]
    assert queue[2]["speechName"] == "Right of reply"

    # The old verbs act on the same list.
    assert "Speakers' queue: 3 waiting" in ok(gavel(running, "queue", "list"))
    out = ok(gavel(running, "next-speaker"))
    assert out.startswith("Floor: H.E. Mr. Anton Aigner (Austria), 3:00 (ends "), out


def test_a_point_of_order_interrupts_and_return_gives_back_the_time_left(running):
    ok(gavel(running, "floor", "grant", "Ms. Beatriz Barros", "5m", "--delegation", "Brazil"))
    out = ok(gavel(running, "point-of-order", "Egypt"))
    assert re.fullmatch(r"Point of order: Egypt, 2:00 \(ends [\d:]+\); Ms\. Beatriz Barros waits with (4:5\d|5:00) left\.\n",
                        out), out
    state = gavel(running, "status", "--json").json()
    assert state["floor"]["speaker"] == "Egypt" and state["floor"]["speech"] == "point-of-order"
    assert state["floor"]["speechName"] == "Point of order"
    below = state["floor"]["interrupted"]
    assert [b["speaker"] for b in below] == ["Ms. Beatriz Barros"]
    frozen = below[0]["remainingMs"]

    # A question on the point of order: three levels, the list shows them all.
    out = ok(gavel(running, "question", "Chile", "--time", "30s"))
    assert out.startswith("Interposed question: Chile, 0:30"), out
    listing = ok(gavel(running, "list"))
    assert listing.splitlines()[:3] == [
        listing.splitlines()[0],
        "  interrupted: Egypt (Point of order), " + listing.splitlines()[1].split(", ")[-1],
        "  interrupted: Ms. Beatriz Barros (Brazil), " + listing.splitlines()[2].split(", ")[-1],
    ]
    assert listing.startswith("Floor: Chile (Interposed question), 0:")

    assert ok(gavel(running, "return")).startswith("Floor yielded by Chile; Egypt (Point of order) goes on, ")
    out = ok(gavel(running, "return"))
    assert out.startswith("Floor yielded by Egypt; Ms. Beatriz Barros (Brazil) goes on, "), out
    after = gavel(running, "status", "--json").json()["floor"]
    assert after["speaker"] == "Ms. Beatriz Barros" and after["interrupted"] == []
    # The clock stood still under the interruptions: she resumes with what she had, give or take
    # the moment since (it runs again).
    assert 0 <= frozen - after["remainingMs"] < 5000

    err = refused(gavel(running, "return"), "interrupted nobody; use floor yield")
    assert err.startswith("gavel: Ms. Beatriz Barros interrupted nobody")


def test_a_closed_list_refuses_by_rule_and_the_chair_overrides(running):
    ok(gavel(running, "list", "close"))
    assert ok(gavel(running, "list")) == "The list of speakers is empty and closed.\n"
    err = refused(gavel(running, "list", "add", "Mr. Late", "--delegation", "Latvia"), "(rule 'closed-list')")
    assert err.rstrip().endswith("with --override (the journal records it)"), err
    # A right of reply is still taken on a closed list.
    ok(gavel(running, "reply", "Egypt"))
    assert ok(gavel(running, "list", "add", "Mr. Late", "--delegation", "Latvia", "--override")).startswith(
        "Inscribed Mr. Late at position 1")
    ok(gavel(running, "list", "reopen"))
    refused(gavel(running, "list", "reopen"), "is not closed")

    # Two replies per delegation per item, the second shorter; a third by override only.
    ok(gavel(running, "next-speaker"))  # Mr. Late
    assert ok(gavel(running, "next-speaker")).startswith("Floor: Egypt (Right of reply), 10:00")
    assert "(5m, right of reply)" in ok(gavel(running, "reply", "Egypt"))
    assert ok(gavel(running, "next-speaker")).startswith("Floor: Egypt (Right of reply), 5:00")
    refused(gavel(running, "reply", "Egypt"), "allow each delegation 2 turns of right of reply per item")
    ok(gavel(running, "reply", "Egypt", "--override"))


def test_a_spreadsheet_list_is_imported_whole_or_not_at_all(running, tmp_path):
    good = tmp_path / "list.csv"
    good.write_text("name,delegation,rank,time\n\"H.E. Ms. Ana Ruiz\",Chile,minister,5\nMr. Bo,Sweden,,\n")
    assert ok(gavel(running, "list", "import", str(good), "--item", "2")) == \
        "Inscribed 2 speakers on the list of item 2.\n"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,type\nA,statement\nB,sermon\n")
    err = refused(gavel(running, "list", "import", str(bad)), "speaker 2 (B): the rules 'un-ga' have no speech type")
    assert gavel(running, "list", "--json").json()["queue"] == []
    unreadable = tmp_path / "notes.csv"
    unreadable.write_text("delegation\nChile\n")
    result = gavel(running, "list", "import", str(unreadable))
    assert result.status != 0 and "line 1: the first row names no 'name' column" in result.err, result.err

    ok(gavel(running, "list", "close", "--item", "2"))
    shown = ok(gavel(running, "list", "show", "--all"))
    assert shown.splitlines() == [
        "Item 1 · General debate (current)",
        "  nobody inscribed",
        "",
        "Item 2 · Other business · closed",
        shown.splitlines()[4],
        shown.splitlines()[5],
    ]
    assert re.match(r"  1  H\.E\. Ms\. Ana Ruiz\s+5m\s+Chile, minister$", shown.splitlines()[4]), shown
    assert ok(gavel(running, "list", "show", "--item", "2")).splitlines()[0] == "Item 2 · Other business · closed"
    lists = gavel(running, "list", "show", "--all", "--json").json()
    assert lists["rules"] == "un-ga" and lists["current"] == 0
    assert [len(x["speakers"]) for x in lists["lists"]] == [0, 2] and lists["lists"][1]["closed"] is True
    result = gavel(running, "list", "show", "--item", "7")
    assert result.status != 0 and "there is no item '7'" in result.err, result.err

    # The second item's list becomes the queue when it starts.
    ok(gavel(running, "next"))
    assert [e["speaker"] for e in gavel(running, "list", "--json").json()["queue"]] == ["H.E. Ms. Ana Ruiz", "Mr. Bo"]


def test_list_plan_says_whether_the_list_fits_and_what_would_make_it(running, tmp_path):
    speakers = tmp_path / "twelve.csv"
    speakers.write_text("name,time\n" + "".join(f"Speaker {n},3\n" for n in range(1, 13)))
    ok(gavel(running, "list", "import", str(speakers)))
    out = ok(gavel(running, "list", "plan"))
    # 30 minutes planned, a few seconds gone; 36 minutes asked.
    match = re.fullmatch(r"12 inscribed, 36:00 in all; (29:[45]\d|30:00) left in the item: (6:\d\d) over\. "
                         r"All fit at 2:20 each, or close the list after speaker 9 \(Speaker 9\)\.\n", out)
    assert match, out
    plan = gavel(running, "list", "plan", "--json").json()["listPlan"]
    assert plan["count"] == 12 and plan["fitting"] == 9 and plan["limitForAllMs"] == 140000
    assert plan["totalMs"] == 36 * 60000 and plan["overMs"] == plan["totalMs"] - plan["availableMs"]
    # Fewer speakers: everyone fits.
    for n in range(1, 5):
        ok(gavel(running, "list", "remove", "1"))
    assert re.fullmatch(r"8 inscribed, 24:00 in all; \d+:\d\d left in the item: all fit, with \d+:\d\d to spare\.\n",
                        ok(gavel(running, "list", "plan")))
