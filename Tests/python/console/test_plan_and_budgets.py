"""The plan to end on time and the groups' budgets in the console, against the real daemon: the
plan GET /api/v1/plan proposes (what it shortens and drops), accepted after a confirmation
(cancelled first) with planAccept; an impossible hard end said with the daemon's reason and no
Accept; the current item's budgets from the `budgets` topic, added to, taken from and transferred
between groups, with GET /api/v1/budgets and /api/v1/state as the judges."""
import json
import os

from gavel_harness import seconds_agenda  # noqa: F401  (the harness is on the path for the next import)
from test_plan_and_budgets_views import planning_agenda

PLAN_ROWS = """
return Array.from(document.querySelectorAll('#plan-items li')).map(function (li) {
  return [li.getAttribute('data-item'), li.hasAttribute('data-dropped'), li.querySelector('.status').textContent]; });"""

BUDGET_ROWS = """
return Array.from(document.querySelectorAll('#budgets li')).map(function (li) {
  return [li.getAttribute('data-group'), li.querySelector('.status').textContent, li.hasAttribute('data-speaking')]; });"""


def get(daemon, path):
    status, body = daemon.http("GET", path, token=daemon.token)
    assert status == 200, (path, status, body)
    return json.loads(body)


def text(console, element_id):
    return console.js("return document.getElementById(arguments[0]).textContent", element_id)


def budgets(daemon):
    return {g["group"]: g for g in get(daemon, "/api/v1/budgets")["groups"]}


def propose(console):
    before = console.js("return Gavel.console.plan")
    console.driver.find_element("css selector", "#plan-form button[type=submit]").click()
    console.wait(lambda: console.js("return Gavel.console.plan") != before or before is None and
                 console.js("return Gavel.console.plan") is not None, message="the daemon's plan in the console")
    console.wait(lambda: not console.js("return document.getElementById('plan-card').hasAttribute('data-loading')"),
                 message="the plan loaded")


def shots(console, screenshot_dir, card, name):
    for size_name, size in {"1024x768": (1024, 768), "1280x800": (1280, 800), "1440x900": (1440, 900)}.items():
        console.resize(*size)
        console.settle()
        console.js("document.getElementById(arguments[0]).scrollIntoView({block: 'center'})", card)
        console.screenshot(os.path.join(screenshot_dir, f"{name}-{size_name}.png"))


def test_the_plan_proposed_and_accepted_from_the_console(gaveld_factory, consoles, screenshot_dir):
    daemon = gaveld_factory(agenda=planning_agenda())
    for command, fields in (("start", {}), ("next", {}), ("extend", {"duration": "15m"})):
        assert daemon.command(command, **fields)[0] == 200
    console = consoles(daemon)
    console.synced_with(daemon)
    propose(console)
    plan = get(daemon, "/api/v1/plan")
    assert plan["outcome"] == "plan", plan
    summary = text(console, "plan-summary")
    assert "past the hard end" in summary, summary
    changed = [[i["id"], i["dropped"]] for i in plan["items"]
               if i["dropped"] or i["afterMs"] != i["beforeMs"] or i.get("speakerLimitMs") is not None]
    assert changed, plan
    rows = console.js(PLAN_ROWS)
    assert [[r[0], r[1]] for r in rows] == changed, (rows, changed)
    dropped = [i["id"] for i in plan["items"] if i["dropped"]]
    assert all("dropped" in r[2] for r in rows if r[1]) and all("\u2192" in r[2] for r in rows if not r[1]), rows
    assert not console.js("return document.getElementById('plan-accept').disabled")
    shots(console, screenshot_dir, "plan-card", "plan")
    console.resize(1280, 800)

    # Accept: asked first; cancelled, nothing changes.
    console.driver.find_element("id", "plan-accept").click()
    console.confirm(False)
    assert not any(i.get("dropped") or i.get("planAllotmentMs") for i in daemon.state()["items"])
    console.mark()
    console.driver.find_element("id", "plan-accept").click()
    console.confirm(True)
    assert console.answered()["answer"] == "ok", console.dump()
    items = daemon.state()["items"]
    assert [i["id"] for i in items if i.get("dropped")] == dropped, items
    assert any(i.get("planAllotmentMs") is not None for i in items) or dropped, items
    # The agenda list says which item the plan dropped; the plan, asked again, is on time.
    for item_id in dropped:
        console.wait(lambda: console.js("var li = document.querySelector('#agenda-items li[data-item=\"' + arguments[0]"
                                        " + '\"]'); return li && li.hasAttribute('data-dropped')", item_id),
                     message=f"item {item_id} shown dropped in the agenda")
    console.wait(lambda: "On time" in text(console, "plan-summary"), message="the plan asked again after accepting: on time")
    assert console.js("return document.getElementById('plan-accept').disabled")

    # A hard end that cannot be met: the daemon's reason, no Accept.
    opening_end = get(daemon, "/api/v1/agenda")["items"][0]["end"][:5]
    console.type("plan-end", opening_end)
    propose(console)
    impossible = get(daemon, f"/api/v1/plan?end={opening_end}")
    assert impossible["outcome"] == "infeasible" and impossible["reason"], impossible
    summary = text(console, "plan-summary")
    assert summary.startswith("No plan ends by") and impossible["reason"] in summary, summary
    assert console.js("return document.getElementById('plan-accept').disabled")
    shots(console, screenshot_dir, "plan-card", "plan-infeasible")


def test_budgets_added_taken_and_transferred_from_the_console(gaveld_factory, consoles, screenshot_dir):
    daemon = gaveld_factory(agenda=planning_agenda())
    for command, fields in (("start", {}), ("next", {}),
                            ("floorGrant", {"speaker": "Ms. Beatriz Barros", "delegation": "Brazil", "duration": "3m"})):
        assert daemon.command(command, **fields)[0] == 200
    console = consoles(daemon)
    console.wait(lambda: [r[0] for r in console.js(BUDGET_ROWS)] == ["GRULAC", "WEOG"],
                 message="the budgets of GRULAC and WEOG from the budgets topic")
    rows = console.js(BUDGET_ROWS)
    assert rows[0][2] and not rows[1][2], rows
    assert "Panel 1" in text(console, "budgets-item")
    first = rows[0][1]
    console.wait(lambda: console.js(BUDGET_ROWS)[0][1] != first, message="GRULAC's time counting on with the floor")

    def choose(select, value):
        console.driver.find_element("css selector", f'#{select} option[value="{value}"]').click()

    choose("budget-group", "WEOG")
    console.type("budget-duration", "1m")
    assert console.submit("budget-form")["answer"] == "ok", console.dump()
    assert budgets(daemon)["WEOG"]["addedMs"] == 60000
    console.type("budget-duration", "30s")
    console.mark()
    console.driver.find_element("id", "budget-take").click()
    assert console.answered()["answer"] == "ok", console.dump()
    assert budgets(daemon)["WEOG"]["addedMs"] == 30000
    choose("transfer-from", "GRULAC")
    choose("transfer-to", "WEOG")
    console.type("transfer-duration", "2m")
    assert console.submit("transfer-form")["answer"] == "ok", console.dump()
    after = budgets(daemon)
    assert after["GRULAC"]["addedMs"] == -120000 and after["WEOG"]["addedMs"] == 150000, after
    console.wait(lambda: "+2:30" in console.js(BUDGET_ROWS)[1][1] or "2:30" in console.js(BUDGET_ROWS)[1][1],
                 message=f"WEOG shown with 2:30 added: {console.js(BUDGET_ROWS)}")
    # Taking more than is left is the daemon's to refuse, and the console shows its words.
    console.allow_console("status of 4")
    choose("budget-group", "WEOG")
    console.type("budget-duration", "2h")
    console.mark()
    console.driver.find_element("id", "budget-take").click()
    refused = console.answered()
    assert refused["answer"] == "error" and refused["code"] and refused["text"], refused
    assert budgets(daemon)["WEOG"]["addedMs"] == 150000
    shots(console, screenshot_dir, "budgets-card", "budgets")
