"""A whole short hearing run from the console alone: start, the floor, the speakers' list, a
point of order, a message, the next item, the end; after each action the daemon's own state
(GET /api/v1/state) shows it, and so does the console."""
import json
import os

from gavel_harness import seconds_agenda

AGENDA = [("Opening of the hearing", 600), ("General debate", 900), ("Closing", 300)]


def test_a_hearing_run_from_the_console_alone(gaveld_factory, consoles, screenshot_dir):
    daemon = gaveld_factory(agenda=seconds_agenda(AGENDA, title="Console hearing"))
    console = consoles(daemon, size=(1280, 800))
    assert console.probe()["item"] == "Not started"

    assert console.press("start")["answer"] == "ok", console.dump()
    state = daemon.state()
    assert state["meeting"]["phase"] == "running" and state["item"]["index"] == 0, state["meeting"]
    console.wait_for(lambda p: p["item"] == "Opening of the hearing" and ":" in p["itemTime"], message="item 1 shown")

    # The list: two inscriptions.
    for name, delegation in (("H.E. Ms. Ana Ruiz", "Chile"), ("Mr. Lee", "Republic of Korea")):
        console.type("add-speaker", name)
        console.type("add-delegation", delegation)
        answer = console.submit("add-form")
        assert answer["answer"] == "ok", answer
    assert [e["speaker"] for e in daemon.state()["queue"]] == ["H.E. Ms. Ana Ruiz", "Mr. Lee"]
    console.wait_for(lambda p: p["list"] == ["H.E. Ms. Ana Ruiz", "Mr. Lee"], message="the list on the console")
    # Whether it fits the item's 10 minutes, as the daemon plans it: two statements of 3 min do.
    plan = daemon.state()["listPlan"]
    assert plan["count"] == 2 and plan["overMs"] <= 0, plan
    assert console.js("return document.getElementById('list-plan').textContent").startswith("All fit")

    # The floor: a grant with a time, then the head of the list.
    console.type("grant-speaker", "Ms. Louise Arbour")
    console.type("grant-duration", "3m")
    assert console.submit("grant-form")["answer"] == "ok", console.dump()
    floor = daemon.state()["floor"]
    assert floor["speaker"] == "Ms. Louise Arbour" and floor["allottedMs"] == 180_000, floor
    console.wait_for(lambda p: p["floor"] == "Ms. Louise Arbour", message="the floor on the console")

    assert console.press("queueNext")["answer"] == "ok", console.dump()
    state = daemon.state()
    assert state["floor"]["speaker"] == "H.E. Ms. Ana Ruiz" and [e["speaker"] for e in state["queue"]] == ["Mr. Lee"]

    # A point of order by Egypt: it takes the floor, the speaker waits; then back to her.
    console.type("grant-speaker", "")
    console.type("grant-duration", "")
    console.type("grant-delegation", "Egypt")
    assert console.press("interrupt", speech="point-of-order")["answer"] == "ok", console.dump()
    floor = daemon.state()["floor"]
    assert floor["speaker"] == "Egypt" and floor["speech"] == "point-of-order", floor
    assert [u["speaker"] for u in floor["interrupted"]] == ["H.E. Ms. Ana Ruiz"], floor
    shown = console.wait_for(lambda p: p["floor"] == "Egypt" and "H.E. Ms. Ana Ruiz" in p["floorStatus"],
                             message="the interruption on the console")
    assert "Point of order" in shown["floorStatus"], shown
    console.screenshot(os.path.join(screenshot_dir, "hearing-point-of-order-1280x800.png"))
    assert console.press("floorReturn")["answer"] == "ok", console.dump()
    assert daemon.state()["floor"]["speaker"] == "H.E. Ms. Ana Ruiz"

    # A preset to the speaker's display only, seen in the preview, then cleared (confirmed).
    console.driver.find_element("css selector", "#message-audience option[value=speaker]").click()
    console.mark()
    console.driver.find_element("css selector", '#presets button[data-preset="wrap-up"]').click()
    assert console.answered()["answer"] == "ok", console.dump()
    message = daemon.state()["message"]
    assert message["text"] == "Please wrap up" and message["audience"] == "speaker", message
    console.wait(lambda: console.js(
        "var d = document.getElementById('preview').contentDocument;"
        "var m = d && d.getElementById('message'); return m && !m.hidden &&"
        " d.getElementById('message-text').textContent === 'Please wrap up';"),
        message="the message on the speaker's display in the preview")
    # The technician's list tells the preview from the room's screens.
    status, body = daemon.http("GET", "/api/v1/displays", token=daemon.token)
    assert status == 200, body
    views = [(d.get("display") or {}).get("view") for d in json.loads(body)["displays"]]
    assert "speaker (console preview)" in views and "speaker" not in views, views
    console.screenshot(os.path.join(screenshot_dir, "hearing-message-1280x800.png"))
    console.mark()
    console.button("clearMessage").click()
    console.confirm(True)
    assert console.answered()["answer"] == "ok"
    assert daemon.state()["message"] is None

    # The speaker's display blacked out and back (the audience chosen above), then flashed.
    assert console.press("blackoutToggle")["answer"] == "ok", console.dump()
    assert daemon.state()["displays"]["blackout"]["audience"] == "speaker"
    console.wait_for(lambda p: "blacked out" in p["message"], message="the blackout said on the console")
    assert console.press("blackoutToggle")["answer"] == "ok", console.dump()
    assert daemon.state()["displays"]["blackout"] is None
    assert console.press("flash")["answer"] == "ok", console.dump()
    assert daemon.state()["displays"]["flash"]["audience"] == "speaker"

    # Mr. Lee leaves the list: asked first; cancelled, he stays.
    remove = '#list li[data-speaker="Mr. Lee"] button[data-entry="remove"]'
    console.driver.find_element("css selector", remove).click()
    console.confirm(False)
    assert [e["speaker"] for e in daemon.state()["queue"]] == ["Mr. Lee"]
    console.mark()
    console.driver.find_element("css selector", remove).click()
    console.confirm(True)
    assert console.answered()["answer"] == "ok"
    assert daemon.state()["queue"] == []

    # Announcements are added after the running item, from the console's agenda card.
    console.type("insert-title", "Announcements")
    console.type("insert-duration", "2m")
    console.type("insert-position", "2")
    assert console.submit("insert-form")["answer"] == "ok", console.dump()
    console.wait(lambda: console.js("return document.querySelectorAll('#agenda-items li')[1].querySelector('.who')"
                                    ".textContent") == "Announcements", message="Announcements second on the agenda")

    # The next items, then the end of the meeting (confirmed).
    assert console.press("next")["answer"] == "ok", console.dump()
    assert daemon.state()["item"]["title"] == "Announcements"
    console.wait_for(lambda p: p["item"] == "Announcements", message="the added item running on the console")
    assert console.press("next")["answer"] == "ok", console.dump()
    assert daemon.state()["item"]["index"] == 2
    console.wait_for(lambda p: p["item"] == "General debate" and p["floor"] == "Nobody has the floor",
                     message="item 2 on the console")
    console.mark()
    console.button("endMeeting").click()
    console.confirm(True)
    assert console.answered()["answer"] == "ok", console.dump()
    assert daemon.state()["meeting"]["phase"] == "ended"
    console.wait_for(lambda p: p["item"] == "Ended", message="the end on the console")
