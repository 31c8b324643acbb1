"""The plan to end on time and the groups' budgets on the chair's view, in a real browser: the
hard end and how far past it the meeting runs; after the chair accepts a plan, the dropped item,
the re-planned allotment and the fixed closing at its planned time; each group's budget counting
with the floor, the alert when one is spent, and the shares of floor time. In English, French and
Arabic, at three sizes."""
import os
import re
import time
from datetime import datetime, timedelta, timezone

from display_page import layout_problems
from gavel_harness import seconds_agenda

SIZES = {"16x9": (1920, 1080), "4x3": (1024, 768), "portrait": (1080, 1920)}


def midday_zone():
    """A fixed-offset zone where it is now between 08:00 and 15:59, so that a 90-minute programme
    from now fits in one day whatever the hour the tests run at."""
    now = datetime.now(timezone.utc)
    for offset in range(-12, 15):
        if 8 <= (now + timedelta(hours=offset)).hour < 16:
            # Etc/GMT-3 is three hours ahead of UTC (the POSIX sign).
            return f"Etc/GMT{-offset:+d}" if offset else "UTC"
    raise AssertionError("no zone has the hour")


def planning_agenda():
    agenda = seconds_agenda([("Opening", 600), ("Panel 1", 1800), ("Panel 2", 1800), ("Questions", 600),
                             ("Closing", 600)], zone=midday_zone(), title="Hearing", start_in=0)
    items = agenda["items"]
    items[0]["fixed"] = True
    items[2]["minimum"] = "20m"
    items[3]["droppable"] = True
    items[4]["fixed"] = True
    agenda["hardEnd"] = items[4]["end"]
    agenda["groups"] = [{"name": "GRULAC", "members": ["Brazil", "Chile"]}, {"name": "WEOG", "members": ["France"]}]
    agenda["attributes"] = {"Ms. Beatriz Barros": {"gender": "female"}, "Mr. Daniel Dubois": {"gender": "male"}}
    agenda["shares"] = [{"attribute": "gender", "targets": {"female": 50, "male": 50}}, {"attribute": "group"}]
    items[1]["budgets"] = [{"group": "GRULAC", "time": "10m"}, {"group": "WEOG", "time": "8s"}]
    return agenda


def command(daemon, name, **fields):
    status, reply = daemon.command(name, **fields)
    assert status == 200, reply
    return reply["state"]


def text_of(page, selector):
    return page.js(f"var e = document.querySelector('{selector}'); return e ? e.textContent : null")


def test_the_plan_and_the_budgets_on_the_chair_view(gaveld_factory, browser, screenshot_dir):
    daemon = gaveld_factory(agenda=planning_agenda())
    chair = browser(daemon, view="chair")
    command(daemon, "start")
    command(daemon, "next")
    command(daemon, "extend", duration="25m")

    # Late: the bar says by how much the meeting runs past the hard end.
    chair.wait(lambda: "past the hard end" in (text_of(chair, '[data-f="hard-end"]') or ""),
               message="chair: past the hard end")
    assert chair.js("return document.querySelector('[data-f=\"hard-end\"]').hasAttribute('data-over')")

    # The budgets: the speaking group's time counts down with the floor, in the page.
    command(daemon, "floorGrant", speaker="Ms. Beatriz Barros", duration="3m", delegation="Brazil")
    rows = lambda: chair.js("return Array.from(document.querySelectorAll('.budgets li')).map(function (li) {"
                            " return [li.textContent, li.hasAttribute('data-speaking'), li.hasAttribute('data-spent')]; })")
    chair.wait(lambda: len(rows()) == 2 and rows()[0][1], message="chair: two budgets, GRULAC speaking")
    first = rows()
    assert first[0][0].startswith("GRULAC") and first[0][1] and "left" in first[0][0], first
    assert first[1][0].startswith("WEOG") and not first[1][1], first
    chair.wait(lambda: rows()[0][0] != first[0][0], message="chair: GRULAC's time counts down")
    shares = text_of(chair, '.shares')
    assert "gender: female 100% (target 50%) · male 0% (target 50%)" in shares, shares
    assert "group: GRULAC 100%" in shares, shares

    # France speaks for WEOG, whose 8 seconds run out: the bar turns and an alert says so.
    command(daemon, "floorYield")
    command(daemon, "floorGrant", speaker="Mr. Daniel Dubois", duration="1m", delegation="France")
    chair.wait(lambda: rows()[1][2], timeout=30, message="chair: WEOG's budget spent")
    chair.wait(lambda: "WEOG has spent its speaking time" in (text_of(chair, '[data-f="alerts"]') or ""),
               timeout=30, message="chair: the budget alert")

    # The plan: panel 2 shortened, the questions dropped, the closing fixed at its time.
    closing_planned = text_of(chair, '[data-f="agenda"] tr:nth-child(5) td.time')
    command(daemon, "planAccept")
    chair.wait(lambda: "dropped" in (text_of(chair, '[data-f="agenda"] tr:nth-child(4)') or ""),
               message="chair: the questions dropped")
    assert chair.js("return document.querySelector('[data-f=\"agenda\"] tr:nth-child(4)').className") \
        == "status-dropped"
    assert chair.js("return document.querySelector('[data-f=\"agenda\"] tr:nth-child(3) td.dur')"
                    ".classList.contains('replanned')")
    closing = text_of(chair, '[data-f="agenda"] tr:nth-child(5)')
    assert "fixed" in closing, closing
    # The closing is projected to start when it is planned to.
    assert f"≈ {closing_planned[:5]}" in closing, (closing, closing_planned)
    chair.wait(lambda: (text_of(chair, '[data-f="hard-end"]') or "").startswith("Hard end "),
               message="chair: in time for the hard end")
    assert not chair.js("return document.querySelector('[data-f=\"hard-end\"]').hasAttribute('data-over')")

    for lang in ("en", "fr", "ar"):
        page = chair if lang == "en" else browser(daemon, view="chair", query=f"lang={lang}")
        page.wait(lambda: page.js("return document.querySelectorAll('.budgets li').length") == 2,
                  message=f"chair in {lang}: budgets")
        for size_name, size in SIZES.items():
            page.resize(*size)
            page.wait(lambda: layout_problems(page) == [], message=f"chair {lang} {size_name}: layout "
                      f"{layout_problems(page)}")
            page.screenshot(os.path.join(screenshot_dir, f"chair-plan-budgets-{lang}-{size_name}.png"))
