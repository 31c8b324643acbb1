"""The page speaks gavel.v2 and puts the whole state together itself (js/schedule.js, a port of
ScheduleProjection and of StateMessage(agenda:progress:queue:live:)): at every step of a meeting,
what it assembles is what the daemon's own gavel.v1 state says. Each view asks only for the
topics it draws, and the page still works against a daemon that speaks only gavel.v1."""
import time
from datetime import date, timedelta

from meeting import drive
from gavel_harness import seconds_agenda

# The page's assembly (the state the views draw) as JSON, and the same messages projected at
# another instant: what the daemon's state of that instant would say.
ASSEMBLED = "return JSON.parse(JSON.stringify(Gavel.app.state))"
ASSEMBLED_AT = "return JSON.parse(JSON.stringify(Gavel.schedule.assemble(Gavel.app.state.held, arguments[0])))"
# What moves with the clock in a timer; the rest of it is compared as it is.
TIMER_CLOCK_FIELDS = ("elapsedMs", "remainingMs", "overrunMs", "pausedMs", "level")


def programme():
    """Four items on one day with a gap between the first two (which the daemon fills with a
    break), and one on the next day (where a delay does not carry over unless it runs into it),
    starting half a minute from now."""
    agenda = seconds_agenda([("Opening", 20), ("(gap)", 40), ("General debate", 30), ("Votes", 20),
                             ("Closing", 20)], start_in=30, item_alerts={"warning": "4s", "wrapUp": "2s"})
    items = agenda["items"]
    del items[1]
    next_day = (date.fromisoformat(items[-1]["date"]) + timedelta(days=1)).isoformat()
    items.append(dict(items[0], id="6", title="Second day: the report", date=next_day))
    return agenda


def without_nulls(value):
    """gavel.v1 leaves some absent values out (an item's actualEnd) where the page has null:
    the same to a reader of either."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


def seq_of(page):
    return page.js("var s = Gavel.app.state; return s ? s.seq : null")


def wait_for_seq(page, seq, what):
    page.wait(lambda: seq_of(page) is not None and seq_of(page) >= seq, message=f"{what}: the page at seq {seq}")
    assert seq_of(page) == seq, f"{what}: the page went past seq {seq} (another change?)"


def v1_state(subscriber, seq):
    """The daemon's gavel.v1 state of `seq` from a v1 subscriber (states may be coalesced: one
    of a later seq means the change came in between, which this test does not make)."""
    while True:
        state = subscriber.next(type="state")
        if state["seq"] >= seq:
            assert state["seq"] == seq, (state["seq"], seq)
            return state


def drawn_on_both(first, second, script, seconds=5):
    """What both pages draw, read until they agree (for at most `seconds`). The running item's
    elapsed time moves once a second, and each page redraws on its own timer, which a loaded
    machine may hold back for a while: two reads can fall on either side of a tick."""
    deadline = time.monotonic() + seconds
    while True:
        drawn = first.js(script), second.js(script)
        if drawn[0] == drawn[1] or time.monotonic() > deadline:
            return drawn
        time.sleep(0.05)


def compare(what, daemon, pages, subscriber, seq, steps):
    """Every page's assembly at `seq` against the daemon's gavel.v1 state, twice:
    - against the v1 WebSocket's state of the same change: the whole state, exactly, when it was
      taken at the same instant as the page's gavel.v2 one (else as against the HTTP state);
    - against GET /api/v1/state, read a little later: the page's messages projected at that
      state's serverTime give exactly its items, schedule and next item (so the projection is
      the daemon's at any instant, not only at the one it was sent at)."""
    for view, page in pages.items():
        wait_for_seq(page, seq, f"{what} ({view})")
    live = without_nulls(v1_state(subscriber, seq))
    http = without_nulls(daemon.state())
    assert http["seq"] == seq, f"{what}: the daemon moved on to seq {http['seq']}"
    for view, page in pages.items():
        with_progress = view == "chair" or http["meeting"]["phase"] == "notStarted"
        assembled = without_nulls(page.js(ASSEMBLED))
        if assembled["serverTime"] == live["serverTime"]:
            expected = dict(live)
            if not with_progress:
                expected["items"] = []
            assert assembled == expected, (what, view, diff(assembled, expected))
            steps["same instant"] += 1
        for reference in (live, http):
            at = without_nulls(page.js(ASSEMBLED_AT, reference["serverTime"]))
            moved = reference["serverTime"] != assembled["serverTime"]
            if moved and not with_progress:
                # Nothing to project from: the schedule stays the state's (the view slides it).
                at["schedule"] = reference["schedule"]
                if "next" in at and "next" in reference:
                    at["next"]["projectedStart"] = reference["next"].get("projectedStart")
            for key in ("meeting", "schedule", "next", "message"):
                assert at.get(key) == reference.get(key), (what, view, key, at.get(key), reference.get(key))
            assert at["items"] == (reference["items"] if with_progress else []), \
                (what, view, diff(at["items"], reference["items"]))
            assert at["queue"] == reference["queue"]  # the hall asks for the queue too (the next speaker)
            assert ("item" in at) == ("item" in reference), (what, view)
            if "item" in reference:
                timer, truth = at["item"], reference["item"]
                assert {k: v for k, v in timer.items() if k not in TIMER_CLOCK_FIELDS} == \
                       {k: v for k, v in truth.items() if k not in TIMER_CLOCK_FIELDS}, (what, view, timer, truth)
                # The timer is as of the page's state: its time left at the reference's instant.
                left = timer["endsAt"] - reference["serverTime"] if "endsAt" in timer else timer["remainingMs"]
                assert left == truth["remainingMs"], (what, view, timer, truth)
        steps["compared"] += 1
    return http


def diff(a, b):
    """The first differing path between two JSON values, for a readable failure."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key, "<absent>") != b.get(key, "<absent>"):
                return f".{key}" + diff(a.get(key, "<absent>"), b.get(key, "<absent>"))
        return ""
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f" lengths {len(a)} != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return f"[{i}]" + diff(x, y)
        return ""
    return f": {a!r} != {b!r}"


def test_the_page_assembles_the_daemons_state_at_every_step(gaveld_factory, browser):
    daemon = gaveld_factory(agenda=programme())
    subscriber = daemon.subscribe(subprotocol="gavel.v1")  # the whole state, the daemon's own
    pages = {view: browser(daemon, view=view) for view in ("chair", "hall")}
    for view, page in pages.items():
        page.wait(lambda: page.js("return Gavel.app.protocol") == "gavel.v2", message=f"{view}: gavel.v2")
        page.wait(lambda: seq_of(page) is not None, message=f"{view}: a state")
    # Each view holds what it asked for: the chair every topic, the hall the plan and the queue
    # (it names the next speaker), not every item's progress.
    assert pages["chair"].js("var h = Gavel.app.held; return [!!h.agenda, !!h.progress, !!h.queue]") == [True] * 3
    assert pages["hall"].js("var h = Gavel.app.held; return [!!h.agenda, !!h.progress, !!h.queue]") == \
        [True, False, True]

    steps = {"compared": 0, "same instant": 0}
    http = compare("not started", daemon, pages, subscriber, daemon.state()["seq"], steps)
    # Before the start the hall shows the first item's time and, next, the one after it, from
    # the progress the plan implies (it holds no progress).
    assert {it["status"] for it in http["items"]} == {"upcoming"}
    hall = pages["hall"]
    assert hall.probe()["countdown"] == "0:20"
    second = http["items"][1]
    at = hall.js("return Gavel.format.timeOfDay(arguments[0], 'UTC')", second["projectedStart"])
    assert hall.js("return [document.querySelector('[data-f=next]').textContent,"
                   " document.querySelector('[data-f=next-time]').textContent]") == [second["title"], "\u2248 " + at]
    script = [
        ("start", {}),
        ("queueAdd", {"speaker": "Ms. Louise Arbour"}),
        ("queueAdd", {"speaker": "Mr. William Lacy Swing", "duration": "2m"}),
        ("extend", {"duration": "30s"}),
        ("floorGrant", {"speaker": "Ms. Amina Mohammed", "duration": "5s"}),
        ("next", {}),
        ("pause", {}),
        ("resume", {}),
        ("trim", {"duration": "5s"}),
        ("endItem", {}),
        ("previous", {}),   # between items: the last one again
        ("next", {}),
        ("previous", {}),   # an item that has run (the debate) after the current one
        ("goto", {"item": "5"}),  # over the votes to the closing, the next day's item to come
        ("showMessage", {"text": "Back tomorrow"}),
        ("endMeeting", {}),  # the next day's item never run: skipped
    ]
    statuses = set()
    for command, fields in script:
        state = drive(daemon, command, **fields)
        http = compare(command, daemon, pages, subscriber, state["seq"], steps)
        statuses |= {it["status"] for it in http["items"]}
    # The run went through every status and every branch of the projection.
    assert statuses == {"done", "current", "upcoming", "skipped"}, statuses
    assert steps["compared"] == 2 * (len(script) + 1)
    # The daemon stamps one change's v1 and v2 states at one instant: the whole-state comparison ran.
    assert steps["same instant"] >= len(script), steps
    subscriber.close()


def test_the_chairs_projection_follows_the_clock(gaveld_factory, browser):
    """While an item overruns, the items after it start later by as much: the chair draws what
    the daemon's state of each frame's instant says, not what the state it holds said when sent
    (gavel.v2 sends no new state while time passes)."""
    daemon = gaveld_factory(agenda=seconds_agenda([("Short", 1), ("Then", 60)], start_in=0))
    page = browser(daemon, view="chair")
    state = drive(daemon, "start")
    wait_for_seq(page, state["seq"], "started")
    page.wait(lambda: page.js("return Gavel.app.serverNow() - Gavel.app.state.serverTime") > 2500,
              message="well into the overrun")
    # The daemon now: the next item starts now, later than the state the page holds says.
    http = daemon.state()
    assert http["seq"] == state["seq"]
    assert http["items"][1]["projectedStart"] == http["serverTime"]
    assert page.js("return Gavel.app.state.items[1].projectedStart") < http["serverTime"] - 1500
    assert page.js("return Gavel.schedule.projection(Gavel.app.state.held, arguments[0]).entries[1].projectedStart",
                   http["serverTime"]) == http["serverTime"]
    # A frame: its row shows the projection of (at most 200 ms before) that frame's instant.
    text, at, start, now = page.drawn_next_frame("""
        var p = Gavel.app.view.projection;
        return [document.querySelector('tr.status-upcoming .actual').textContent, p.at,
                p.value.entries[1].projectedStart, Gavel.app.serverNow()];""")
    assert start == at and 0 <= now - at <= 250, (at, start, now)
    assert text == "\u2248 " + page.js("return Gavel.format.timeOfDay(arguments[0], 'UTC')", start)


# Makes the page offer gavel.v1 only, as it did before gavel.v2: the daemon then speaks v1 to it,
# as a daemon that knows nothing newer would.
V1_ONLY = """
(function () {
  var Real = window.WebSocket;
  function V1Only(url, protocols) {
    return new Real(url, ["gavel.v1"]);
  }
  V1Only.prototype = Real.prototype;
  V1Only.CONNECTING = 0; V1Only.OPEN = 1; V1Only.CLOSING = 2; V1Only.CLOSED = 3;
  window.WebSocket = V1Only;
})();
"""


def test_a_daemon_speaking_gavel_v1_only_still_drives_the_page(gaveld_factory, browser):
    daemon = gaveld_factory(agenda=programme())
    drive(daemon, "start")
    drive(daemon, "next")
    # On the list of the item now current (each item has its own).
    state = drive(daemon, "queueAdd", speaker="Ms. Louise Arbour")
    v2 = browser(daemon, view="chair")
    v1 = browser(daemon)  # reopened below as the chair, on gavel.v1
    v1.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": V1_ONLY})
    v1.open(daemon, view="chair")
    for page, protocol in ((v1, "gavel.v1"), (v2, "gavel.v2")):
        page.wait(lambda: page.js("return Gavel.app.protocol") == protocol, message=protocol)
        wait_for_seq(page, state["seq"], protocol)
    assert v1.js("return Gavel.app.held") is None
    # The v1 state is used as it came (every item in it); both pages draw the same agenda, queue
    # and timer caption.
    statuses = [it["status"] for it in daemon.state()["items"]]
    assert [it["status"] for it in v1.js(ASSEMBLED)["items"]] == statuses == \
        ["done", "current"] + ["upcoming"] * (len(statuses) - 2)
    drawn = "return [document.querySelector('[data-f=agenda]').innerText, " \
            "document.querySelector('[data-f=queue]').innerText, " \
            "document.querySelector('[data-f=timer-caption]').innerText, " \
            "document.querySelector('[data-f=title]').innerText]"
    on_v1, on_v2 = drawn_on_both(v1, v2, drawn)
    assert on_v1 == on_v2
    assert "Ms. Louise Arbour" in v1.js(drawn)[1]
