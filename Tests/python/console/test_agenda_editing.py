"""Live agenda editing from the console against the real daemon: insert (title, length, position,
start, kind), move up and down, retitle and retime through the edit form, remove after a
confirmation (cancelled first); the running item refused with the daemon's `itemStarted`; the
agenda list following the v2 `agenda` message; GET /api/v1/agenda as the judge."""
import json
import os

from gavel_harness import seconds_agenda

AGENDA_LIST = """
return Array.from(document.querySelectorAll('#agenda-items li')).map(function (li) {
  return [li.getAttribute('data-item'), li.querySelector('.who').textContent, li.getAttribute('data-status'),
          li.querySelector('.status').textContent]; });"""


def agenda(daemon):
    status, body = daemon.http("GET", "/api/v1/agenda")
    assert status == 200, body
    return json.loads(body)["items"]


def titles(daemon):
    return [item["title"] for item in agenda(daemon)]


def shown(console):
    return console.js(AGENDA_LIST)


def wait_shown(console, expected, message):
    console.wait(lambda: [row[1] for row in shown(console)] == expected, message=f"{message}: the console to list "
                 f"{expected}, it lists {[row[1] for row in shown(console)]}")


def click_item(console, item_id, what):
    console.mark()
    console.driver.find_element("css selector", f'#agenda-items li[data-item="{item_id}"] button[data-agenda="{what}"]').click()


def test_the_agenda_edited_live_from_the_console(gaveld_factory, consoles, screenshot_dir):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600), ("Panel", 1200), ("Debate", 1800),
                                                   ("Closing", 600)], title="Hearing"))
    console = consoles(daemon)
    wait_shown(console, ["Opening", "Panel", "Debate", "Closing"], "the agenda as loaded")
    assert console.press("start")["answer"] == "ok"
    console.wait(lambda: shown(console)[0][2] == "current", message="Opening shown running")
    # The running item offers no move, edit or remove: it changes by extend and trim.
    assert console.js("return Array.from(document.querySelectorAll('#agenda-items li[data-status=current] button'))"
                      ".every(function (b) { return b.offsetParent === null; })")

    # Insert a break of 10 minutes at position 3, starting at the first item's end.
    first = agenda(daemon)[0]
    start = first["end"]
    console.type("insert-title", "Coffee break")
    console.type("insert-duration", "10m")
    console.type("insert-position", "3")
    console.type("insert-start", start)
    console.driver.find_element("css selector", "#insert-kind option[value=break]").click()
    answer = console.submit("insert-form")
    assert answer["answer"] == "ok", console.dump()
    items = agenda(daemon)
    assert [i["title"] for i in items] == ["Opening", "Panel", "Coffee break", "Debate", "Closing"], items
    added = items[2]
    assert added["id"].startswith("added-") and added.get("kind") == "break" and added["start"] == start, added
    wait_shown(console, titles(daemon), "after the insert")
    assert console.js("return document.getElementById('insert-title').value") == "", "the form is emptied when done"

    # Move it up, then down again.
    click_item(console, added["id"], "up")
    assert console.answered()["answer"] == "ok", console.dump()
    assert titles(daemon) == ["Opening", "Coffee break", "Panel", "Debate", "Closing"]
    wait_shown(console, titles(daemon), "after moving up")
    click_item(console, added["id"], "down")
    assert console.answered()["answer"] == "ok", console.dump()
    assert titles(daemon) == ["Opening", "Panel", "Coffee break", "Debate", "Closing"]
    wait_shown(console, titles(daemon), "after moving down")

    # Retitle and retime the debate through the edit form (filled with what it has now).
    debate = next(i for i in agenda(daemon) if i["title"] == "Debate")
    click_item(console, debate["id"], "edit")
    console.wait(lambda: console.js("return !document.getElementById('edit-form').hidden"), message="the edit form")
    assert console.js("return document.getElementById('edit-title').value") == "Debate"
    assert console.js("return document.getElementById('edit-duration').value") == "30m"
    # Its start as the agenda has it: with its seconds when it has some (seconds_agenda's do).
    start_shown = debate["start"] if debate["start"][5:] not in ("", ":00") else debate["start"][:5]
    assert console.js("return document.getElementById('edit-start').value") == start_shown
    console.type("edit-title", "General debate")
    console.type("edit-duration", "25m")
    console.mark()
    console.driver.find_element("css selector", "#edit-form button[type=submit]").click()
    console.wait(lambda: console.js("return document.getElementById('edit-form').hidden"),
                 message="the edit form closed after both edits were done")
    edited = next(i for i in agenda(daemon) if i["id"] == debate["id"])
    assert edited["title"] == "General debate", edited
    assert edited["start"] == debate["start"] and edited["end"] != debate["end"], (debate, edited)
    wait_shown(console, titles(daemon), "after the retitle")
    console.wait(lambda: "25:00" in next(r for r in shown(console) if r[0] == debate["id"])[3],
                 message="the debate shown with its new length, 25:00")

    # Remove the break: asked first; cancelled, it stays; confirmed, it goes.
    click_item(console, added["id"], "remove")
    console.confirm(False)
    assert "Coffee break" in titles(daemon)
    click_item(console, added["id"], "remove")
    console.confirm(True)
    assert console.answered()["answer"] == "ok", console.dump()
    assert titles(daemon) == ["Opening", "Panel", "General debate", "Closing"]
    wait_shown(console, titles(daemon), "after the removal")

    # The running item, edited all the same from the form: the daemon's refusal, shown.
    console.js("Gavel.console.agendaAction('edit', Gavel.console.state.items[1], 1)")
    console.js("document.getElementById('edit-item').value = arguments[0]", agenda(daemon)[0]["id"])
    console.type("edit-duration", "20m")
    console.mark()
    console.driver.find_element("css selector", "#edit-form button[type=submit]").click()
    refused = console.answered()
    assert refused["answer"] == "error" and refused["code"] == "itemStarted", refused
    assert agenda(daemon)[0]["end"] == first["end"], "the running item keeps its plan"
    console.allow_console("status of 409")
    console.allow_console("status of 400")
    console.allow_console("status of 422")

    # Another console's edit (here the CLI's HTTP) reaches this one at once.
    status, body = daemon.command("agendaRetitle", item=agenda(daemon)[3]["id"], title="Closing of the hearing")
    assert status == 200, body
    wait_shown(console, ["Opening", "Panel", "General debate", "Closing of the hearing"], "an edit from elsewhere")

    for name, size in {"1024x768": (1024, 768), "1280x800": (1280, 800), "1440x900": (1440, 900)}.items():
        console.resize(*size)
        console.settle()
        console.js("document.getElementById('agenda-card').scrollIntoView({block: 'center'})")
        console.screenshot(os.path.join(screenshot_dir, f"agenda-{name}.png"))
