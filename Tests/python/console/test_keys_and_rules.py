"""The console's keys (shown on its buttons, taken only when no field has focus), a confirmation
before a destructive action, and a rule of procedure refused by the daemon, named, then set
aside with "override"."""
import json

from console_page import KEYS
from gavel_harness import seconds_agenda


def test_keyboard_shortcuts_drive_the_meeting_and_are_shown_on_the_buttons(gaveld_factory, consoles):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600), ("Debate", 900), ("Closing", 300)]))
    console = consoles(daemon)
    shown = console.js("""return Array.from(document.querySelectorAll('#desk [data-key]')).map(function (b) {
        var k = b.querySelector('kbd'); return [b.getAttribute('data-key'), k ? k.textContent : null]; });""")
    assert all(label == key.upper() for key, label in shown) and len(shown) >= 15, shown

    console.key("s")
    assert console.answered()["answer"] == "ok", console.dump()
    assert daemon.state()["item"]["index"] == 0
    console.key("n")
    assert console.answered()["answer"] == "ok", console.dump()
    assert daemon.state()["item"]["index"] == 1
    console.key("b")
    assert console.answered()["answer"] == "ok", console.dump()
    assert daemon.state()["item"]["index"] == 0
    console.key("p")
    assert console.answered()["answer"] == "ok", console.dump()
    assert daemon.state()["meeting"]["paused"] is True
    console.synced_with(daemon)
    console.key("p")
    assert console.answered()["answer"] == "ok", console.dump()
    assert daemon.state()["meeting"]["paused"] is False
    console.key("e")  # extends by the item's duration field, 1m
    assert console.answered()["answer"] == "ok", console.dump()
    assert daemon.state()["item"]["addedMs"] == 60_000

    # G goes to the grant form; a letter typed there is a name, not a shortcut.
    console.key("g")
    assert console.js("return document.activeElement.id") == "grant-speaker"
    before = daemon.state()["seq"]
    console.driver.switch_to.active_element.send_keys("Nadia")
    console.driver.switch_to.active_element.send_keys(KEYS.ENTER)
    assert console.answered()["answer"] == "ok", console.dump()
    state = daemon.state()
    assert state["item"]["index"] == 0 and state["floor"]["speaker"] == "Nadia", (before, state["seq"])
    # Esc leaves the field; then F pauses the speaker and Y ends the turn.
    console.driver.switch_to.active_element.send_keys(KEYS.ESCAPE)
    assert console.js("return document.activeElement === document.body")
    console.key("f")
    assert console.answered()["answer"] == "ok", console.dump()
    assert daemon.state()["floor"]["running"] is False
    console.key("y")
    assert console.answered()["answer"] == "ok", console.dump()
    assert daemon.state()["floor"] is None
    # I: to the agenda's insert form; typed and entered, the item is on the agenda.
    console.key("i")
    assert console.js("return document.activeElement.id") == "insert-title"
    console.driver.switch_to.active_element.send_keys("Added by keyboard")
    console.type("insert-duration", "5m", clear=True)
    console.driver.switch_to.active_element.send_keys(KEYS.ENTER)
    assert console.answered()["answer"] == "ok", console.dump()
    status, body = daemon.http("GET", "/api/v1/agenda")
    assert json.loads(body)["items"][-1]["title"] == "Added by keyboard", body


def test_end_of_item_is_confirmed_and_a_closed_list_is_overridden(gaveld_factory, consoles):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600), ("Debate", 900)]))
    console = consoles(daemon, size=(1024, 768))
    assert console.press("start")["answer"] == "ok"

    # End item: asked; cancelled, nothing is sent; confirmed, it ends.
    seq = daemon.state()["seq"]
    console.button("endItem").click()
    console.confirm(False)
    assert daemon.state()["seq"] == seq and daemon.state()["item"]["index"] == 0
    console.mark()
    console.button("endItem").click()
    console.confirm(True)
    assert console.answered()["answer"] == "ok"
    assert daemon.state()["item"] is None

    # The next item's list, closed: a statement is refused under the rule, which is named; the
    # chair overrides it, and the journal's state has the speaker.
    assert console.press("next")["answer"] == "ok", console.dump()
    assert console.press("listCloseReopen")["answer"] == "ok"
    assert daemon.state()["listClosed"] is True
    console.synced_with(daemon)
    console.type("add-speaker", "Ms. Okafor")
    console.type("add-delegation", "Nigeria")
    console.allow_console("409 (Conflict)")
    refused = console.submit("add-form")
    assert refused["answer"] == "error" and refused["code"] == "ruleViolation", refused
    assert "closed-list" in refused["text"] and refused["override"], refused
    assert daemon.state()["queue"] == []
    console.mark()
    console.driver.find_element("id", "override").click()
    assert console.answered()["answer"] == "ok", console.dump()
    assert [e["speaker"] for e in daemon.state()["queue"]] == ["Ms. Okafor"]
    console.wait_for(lambda p: p["list"] == ["Ms. Okafor"], message="the speaker on the console's list")
