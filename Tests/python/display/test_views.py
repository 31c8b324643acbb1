"""Every view in a real browser, following a meeting driven second by second: the text and
the alert colour at the right moments, the pause, the chair's message over every view, and
screenshots of each view in overrun at 16:9, 4:3 and portrait."""
import json
import os
import re
import time

from meeting import drive
from display_page import AMBER, BLACK, GREEN, ORANGE, RED, ServerClock, countdown_font_px, layout_problems, timer_colours
from gavel_harness import seconds_agenda

ITEM_ALERTS = {"warning": "4s", "wrapUp": "2s", "reminderEvery": "10s"}
TIMER_VIEWS = ("speaker", "hall", "chair")
SIZES = {"16x9": (1920, 1080), "4x3": (1024, 768), "portrait": (1080, 1920)}
# What a display may be off by on its own: a few frames, far under the tick (1 s) these checks
# guard against. Each check adds what the run measured: how far the probe's instant, our reading
# of the daemon's clock and the page's own may be off (tolerance()).
TOLERANCE_MS = 150


def meeting_agenda():
    return seconds_agenda(
        [("Opening of the multi-stakeholder hearing", 6),
         ("Panel Discussion: Best practices to support safe, orderly and regular migration", 60),
         ("Closing of the hearing", 30)],
        zone="America/New_York", title="Fifth informal interactive multi-stakeholder hearing",
        item_alerts=ITEM_ALERTS, start_in=0)


def test_each_view_follows_the_meeting(gaveld_factory, browser, screenshot_dir):
    daemon = gaveld_factory(agenda=meeting_agenda())
    pages = {view: browser(daemon, view=view) for view in (*TIMER_VIEWS, "clock")}
    timers = {view: pages[view] for view in TIMER_VIEWS}

    # Before the start: what comes first, and that nothing runs.
    for view, page in timers.items():
        p = page.wait_probe(lambda p: p["connection"] == "connected" and p["level"] == "idle",
                            message=f"{view}: connected, not started")
        assert "NOT STARTED" in p["label"], (view, p)
        assert p["countdown"] == "0:06", (view, p)
        assert p["remaining"] is None
        assert "Opening of the multi-stakeholder hearing" in p["text"], (view, p["text"])
    assert "Fifth informal interactive multi-stakeholder hearing" in timers["hall"].probe()["text"]
    chair_text = timers["chair"].probe()["text"]
    assert "Closing of the hearing" in chair_text and "Panel Discussion" in chair_text

    clock = ServerClock(daemon)
    state = drive(daemon, "start")
    ends_at = state["item"]["endsAt"]
    sync = {}  # how far each page's reading of the daemon's clock may be off, as it measured it
    for view, page in timers.items():
        page.wait_probe(lambda p: p["synced"], message=f"{view}: clock sync")
        sync[view] = page.sync_uncertainty_ms()

    def truth(p):
        """The server's remaining time when the probed frame was drawn (the probe's instant
        minus the frame's age), so a slow frame on a busy machine is not a late display."""
        return ends_at - clock.now(p["at"]) + p["age"]

    def tolerance(view, p):
        return TOLERANCE_MS + p["uncertainty"] + clock.uncertainty_ms + sync[view]

    # Running: green, REMAINING, the item's title; the hall names the next item.
    for view, page in timers.items():
        p = page.wait_probe(lambda p: p["level"] == "normal", message=f"{view}: running")
        assert p["countdown"] in ("0:06", "0:05"), (view, p)
        assert "REMAINING" in p["label"]
        assert not p["paused"]
        assert timer_colours(page)[0] == GREEN, view
        assert timer_colours(page)[1] != RED, view
    assert "Opening of the multi-stakeholder hearing" in timers["speaker"].probe()["text"]
    hall = timers["hall"].probe()["text"]
    assert "NOW · ITEM 1" in hall and "Panel Discussion" in hall, hall
    assert "▶" in timers["chair"].js("return document.querySelector('tr[data-current]').textContent")

    # Each threshold is shown when the server's remaining time crosses it (not a tick later),
    # with its colour and its label.
    phases = [("warning", "WARNING", 2000, 4000, AMBER, False),
              ("wrapUp", "WRAP UP", 0, 2000, ORANGE, False),  # red is overrun's
              ("timeUp", "TIME", -10000, 0, BLACK, True)]
    for level, label, low, high, colour, inverse in phases:
        for view, page in timers.items():
            p = page.wait_probe(lambda p: p["level"] == level, timeout=8, message=f"{view}: {level}")
            remaining, slack = truth(p), tolerance(view, p)
            assert low - slack <= remaining <= high + slack, (view, level, remaining, slack, p)
            # The page's own remaining time and level, from the same frame: no measurement between.
            assert low - TOLERANCE_MS <= p["remaining"] <= high + TOLERANCE_MS, (view, level, p)
            assert label in p["label"], (view, p)
            assert timer_colours(page) == [colour, RED] if inverse else timer_colours(page)[0] == colour, \
                (view, level, timer_colours(page))
            if not inverse:
                assert timer_colours(page)[1] != RED, (view, level)

    # Time up counts up at once: "+0:01 over" a second after zero, still TIME.
    for view, page in timers.items():
        p = page.wait_probe(lambda p: re.fullmatch(r"\+0:0[1-9] over", p["countdown"] or ""), timeout=5,
                            message=f"{view}: +0:0x over")
        assert p["level"] == "timeUp" and "TIME" in p["label"], (view, p)
        assert truth(p) <= -1000 + tolerance(view, p), (view, tolerance(view, p), p)

    # Overrun from the end of the time-up hold: red digits, OVERRUN, the striped frame.
    for view, page in timers.items():
        p = page.wait_probe(lambda p: p["level"] == "overrun", timeout=15, message=f"{view}: overrun")
        assert re.fullmatch(r"\+0:1\d over", p["countdown"]), (view, p)
        assert "OVERRUN" in p["label"]
        assert truth(p) <= -10000 + tolerance(view, p), (view, tolerance(view, p), p)
        assert timer_colours(page)[0] == RED and timer_colours(page)[1] != RED, view
        assert page.computed(".timer", "border-image-source", "::before").startswith("repeating-linear-gradient"), view

    # Screenshots of every view in overrun, at each screen shape; nothing scrolls or spills.
    drive(daemon, "queueAdd", speaker="Ms. Louise Arbour")
    drive(daemon, "queueAdd", speaker="Mr. William Lacy Swing", duration="3m")
    for size_name, size in SIZES.items():
        for view, page in pages.items():
            page.resize(*size)
            page.settle()
            # The picture without the pulse of the last alert.
            page.wait(lambda: not page.js("return !!document.querySelector('[data-flash]')"), message="the pulse")
            # Asked until it holds: a loaded machine may still be fitting the text after the resize.
            page.wait(lambda: layout_problems(page) == [], message=f"{view} {size_name}: layout "
                      f"{layout_problems(page)}")
            page.screenshot(os.path.join(screenshot_dir, f"{view}-overrun-{size_name}.png"))
        # The speaker's countdown is huge: at least a quarter of the screen's short side
        # (the height of a landscape screen).
        font = countdown_font_px(pages["speaker"])
        assert font >= 0.25 * min(size), (size_name, font)
        assert countdown_font_px(pages["hall"]) >= 0.15 * min(size), size_name

    # Paused: the countdown stops at the server's remainingMs, with a PAUSED label.
    for page in pages.values():
        page.resize(*SIZES["16x9"])
    state = drive(daemon, "pause")
    frozen = state["item"]["remainingMs"]
    for view, page in timers.items():
        p = page.wait_probe(lambda p: p["paused"], message=f"{view}: paused")
        assert p["remaining"] == frozen, (view, p, frozen)
        assert "PAUSED" in p["text"] and "OVERRUN" in p["label"]
        drawn = page.js("return performance.now()")
        page.wait(lambda: float(page.js("return document.getElementById('countdown').getAttribute('data-rendered-at')"))
                  > drawn + 300, message="frames after the pause")
        assert page.probe()["remaining"] == frozen, view
    drive(daemon, "resume")
    for view, page in timers.items():
        page.wait_probe(lambda p: not p["paused"] and p["level"] == "overrun", message=f"{view}: resumed")

    # The chair's message over every view, clock included; then gone from all of them.
    text = "Please silence your phones. The next session starts at 15:00 in Conference Room 4."
    drive(daemon, "showMessage", text=text)
    for view, page in pages.items():
        page.wait_probe(lambda p: p["message"] == text, message=f"{view}: message")
        # Over the view: once it has slid in, what is at the middle of the text is the message.
        page.wait(lambda: page.js(
            "return Math.abs(document.getElementById('message').getBoundingClientRect().bottom - innerHeight) < 1"),
            message=f"{view}: the message in place")
        # A technician's pointer brings up the one-line help; it must not cover the message
        # (Chromium also sends a mouse move of its own after a resize, at any moment).
        page.js("document.dispatchEvent(new MouseEvent('mousemove')); return 0")
        # Asked until it holds (a loaded machine may still be painting the slide-in); what is
        # there instead is named when it never does.
        at_centre = """
            var r = document.getElementById('message-text').getBoundingClientRect();
            var el = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            if (el && el.closest('#message')) return true;
            return [el ? el.tagName + '#' + el.id + '.' + el.className : 'nothing',
                    JSON.stringify(r), innerWidth, innerHeight].join(' ');"""
        try:
            page.wait(lambda: page.js(at_centre) is True, message=f"{view}: the message at its centre")
        except AssertionError as failure:
            raise AssertionError(f"{failure}; at the centre instead: {page.js(at_centre)}") from None
        page.wait(lambda: layout_problems(page) == [], message=f"{view} with the message: layout "
                  f"{layout_problems(page)}")
        page.screenshot(os.path.join(screenshot_dir, f"{view}-overrun-message-16x9.png"))
    drive(daemon, "clearMessage")
    for view, page in pages.items():
        page.wait_probe(lambda p: p["message"] is None, message=f"{view}: message cleared")

    # The next item: the overrun is over, the chair's agenda shows the first item's excess.
    drive(daemon, "next")
    for view, page in timers.items():
        p = page.wait_probe(lambda p: p["level"] == "normal", message=f"{view}: next item")
        assert p["countdown"] in ("1:00", "0:59"), (view, p)
        assert "Panel Discussion" in p["text"]
    done = timers["chair"].js("""
        var row = document.querySelector('tr.status-done');
        return [row.textContent, row.querySelector('.delta').className];""")
    assert re.search(r"\+0:[12]\d", done[0]) and "over" in done[1], done


def test_the_floor_leads_while_a_speaker_holds_it(gaveld_factory, browser):
    agenda = seconds_agenda([("General debate", 120), ("Closing", 60)], item_alerts=ITEM_ALERTS,
                            floor_alerts={"warning": "3s", "wrapUp": "1s", "reminderEvery": "10s"}, start_in=0)
    daemon = gaveld_factory(agenda=agenda)
    pages = {view: browser(daemon, view=view) for view in TIMER_VIEWS}
    # How late the chair's timers fire while the alerts come, measured (the alerts wait on timers).
    pages["chair"].start_timer_lateness()
    drive(daemon, "start")
    drive(daemon, "queueAdd", speaker="Mr. William Lacy Swing", duration="2m")
    drive(daemon, "queueAdd", speaker="Ms. Amina Mohammed")
    drive(daemon, "floorGrant", speaker="Ms. Louise Arbour", duration="4s")

    # The speaker's own time leads, with the name; the item's time is second.
    for view, page in pages.items():
        p = page.wait_probe(lambda p: "Ms. Louise Arbour" in p["text"] and p["countdown"] in ("0:04", "0:03"),
                            message=f"{view}: the floor")
        assert p["level"] == "normal" or p["level"] == "warning", (view, p)
    assert pages["speaker"].js("return document.querySelector('[data-f=who]').textContent") == "Ms. Louise Arbour"
    assert re.search(r"Item 1: (2:00|1:5\d) left", pages["hall"].probe()["text"])
    chair = pages["chair"].probe()["text"]
    assert "1.\nMr. William Lacy Swing" in chair.replace("\t", "\n") or "Mr. William Lacy Swing" in chair
    assert pages["chair"].js("return document.querySelector('[data-f=queue]').children.length") == 2

    # The speaker's clock paused alone.
    drive(daemon, "floorPause")
    for view, page in pages.items():
        page.wait_probe(lambda p: p["paused"], message=f"{view}: floor paused")
    drive(daemon, "floorResume")
    for view, page in pages.items():
        page.wait_probe(lambda p: not p["paused"], message=f"{view}: floor resumed")

    # Their time is up: TIME on every view, the daemon's alert in the chair's list.
    for view, page in pages.items():
        page.wait_probe(lambda p: p["level"] == "timeUp", timeout=8, message=f"{view}: speaker's time up")
    pages["chair"].wait(lambda: "Time is up for Ms. Louise Arbour" in pages["chair"].js(
        "return document.querySelector('[data-f=alerts]').textContent"), message="the alert in the chair's list")
    # The daemon sent the alerts ahead; the page showed each at its instant, on its server clock.
    shown = pages["chair"].js(
        "return Gavel.app.view.alerts.map(function (a) { return [a.timer, a.level, a.at - a.arrivedAt, a.shownAt - a.at]; })")
    floor = {level: (ahead, late) for timer, level, ahead, late in shown if timer == "floor"}
    assert set(floor) == {"warning", "wrapUp", "timeUp"}, shown
    # Sent on the lead timer, 2 s before its instant; one sent at the instant would arrive after
    # it: 500 ms leaves 1.5 s for the daemon's timer and the delivery on a loaded machine.
    assert floor["timeUp"][0] >= 500, f"the time-up arrived ahead of its instant: {shown}"
    # A timer never fires early (5 ms for the page's clock); late by the page's budget (100 ms)
    # and by how late its timers were measured to fire meanwhile.
    late_bound = 100 + pages["chair"].timer_lateness_ms()
    assert all(-5 <= late <= late_bound for _, _, _, late in shown), \
        f"each shown at its instant (up to {late_bound:.1f} ms late): {shown}"

    # The floor yielded: back to the item's time.
    drive(daemon, "floorYield")
    for view, page in pages.items():
        page.wait_probe(lambda p: p["level"] == "normal" and re.fullmatch(r"1:[45]\d", p["countdown"]),
                        message=f"{view}: the item again")
    assert pages["speaker"].js("return document.querySelector('[data-f=who]').textContent") == "General debate"
    assert "Ms. Louise Arbour" not in pages["hall"].probe()["text"]


def test_the_chair_view_shows_the_alerts_so_far_when_it_loads(gaveld_factory, browser):
    # Once a reloaded chair view said "None yet" after alerts had fired: the list lived in the
    # page's memory. It now comes from the daemon (GET /api/v1/alerts) on every connection.
    agenda = seconds_agenda([("General debate", 120)], floor_alerts={"warning": "2s", "wrapUp": "1s"}, start_in=0)
    daemon = gaveld_factory(agenda=agenda)
    drive(daemon, "start")
    drive(daemon, "floorGrant", speaker="Ms. Louise Arbour", duration="3s")
    deadline = time.time() + 20
    while time.time() < deadline:
        answer = json.loads(daemon.http("GET", "/api/v1/alerts")[1])
        if [a["level"] for a in answer["alerts"]] == ["warning", "wrapUp", "timeUp"]:
            break
        time.sleep(0.1)
    else:
        raise AssertionError(f"the daemon's alerts: {answer}")
    page = browser(daemon, view="chair")
    page.wait(lambda: "Time is up for Ms. Louise Arbour" in page.js(
        "return document.querySelector('[data-f=alerts]').textContent"), message="the alerts so far, at load")
    assert page.js("return document.querySelector('[data-f=alerts]').children.length") == 3
    assert page.js("return document.querySelector('[data-f=alerts-empty]').hidden") is True
    # And after a reload, the same.
    page.js("location.reload(); return 0")
    page.wait(lambda: page.js("return document.querySelector('[data-f=alerts]') ? "
                              "document.querySelector('[data-f=alerts]').children.length : 0") == 3,
              message="the alerts so far, after a reload")


CUT_SCRIPT = """
var cut = [];
document.querySelectorAll('.agenda td.time, .agenda td.dur, .agenda td.delta, .agenda td.num, .v-chair .panel .caption')
  .forEach(function (el) {
    var r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).display === 'none') return;
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
      cut.push(el.className + ': ' + JSON.stringify(el.textContent) + ' ' + el.scrollWidth + '>' + el.clientWidth);
  });
return cut;"""


def test_the_chair_view_shows_its_times_whole_at_every_screen_shape(gaveld_factory, browser, screenshot_dir):
    # Once "15:03–15:…" and "H.E. Ms. María Fernanda Espin…" at 1920x1080 and 1280x720, with
    # 70 % of the screen below the table empty. Times and durations are never cut; names wrap.
    daemon = gaveld_factory()  # the built-in example: the 2018 hearing, its real titles
    drive(daemon, "start")
    drive(daemon, "next")
    drive(daemon, "next")
    drive(daemon, "floorGrant", speaker="H.E. Ms. María Fernanda Espinosa Garcés", duration="3m")
    drive(daemon, "queueAdd", speaker="Mr. William Lacy Swing")
    for size in ((1920, 1080), (1280, 720), (1024, 768), (1080, 1920)):
        page = browser(daemon, view="chair", size=size)
        page.wait_probe(lambda p: "María Fernanda" in p["text"], message=f"chair {size}")
        page.wait(lambda: page.js("return document.querySelectorAll('.agenda tbody tr').length") >= 4,
                  message="the agenda")
        page.driver.save_screenshot(os.path.join(screenshot_dir, f"chair-{size[0]}x{size[1]}.png"))
        cut = page.js(CUT_SCRIPT)
        assert not cut, f"{size}: " + "; ".join(cut)
        problems = layout_problems(page)
        assert not problems, f"{size}: " + "; ".join(problems)
        who = page.js("return document.querySelector('.v-chair [data-f=who]').textContent")
        assert "Espinosa Garcés" in who


def main_thread(page, seconds):
    """The page's main thread over `seconds`: the share of the time it was busy (Chromium's
    TaskDuration, from the DevTools protocol), and frames drawn per second."""
    page.driver.execute_cdp_cmd("Performance.enable", {})

    def reading():
        metrics = page.driver.execute_cdp_cmd("Performance.getMetrics", {})["metrics"]
        values = {m["name"]: m["value"] for m in metrics}
        return values["TaskDuration"], values["Timestamp"], page.js("return Gavel.app.frames")

    busy0, at0, frames0 = reading()
    time.sleep(seconds)
    busy1, at1, frames1 = reading()
    return (busy1 - busy0) / (at1 - at0), (frames1 - frames0) / (at1 - at0)


def test_an_idle_display_draws_only_when_what_it_shows_changes(gaveld_factory, browser, screenshot_dir):
    # Once every display redrew at every animation frame, writing two attributes each time:
    # 12-18 % of a core for a page whose digits change once a second.
    agenda = seconds_agenda([("General debate", 3600)], start_in=0)
    daemon = gaveld_factory(agenda=agenda)
    drive(daemon, "start")
    figures = {}
    for view in ("speaker", "hall"):
        pages = {mode: browser(daemon, view=view, query=query)
                 for mode, query in (("on change", ""), ("every frame", "redraw=always"))}
        for page in pages.values():
            page.wait_probe(lambda p: p["connection"] == "connected" and p["synced"], message=f"{view}: connected")
        # Side by side, in turns, so that the machine's load falls on both alike.
        busy = {mode: [] for mode in pages}
        rate = {mode: [] for mode in pages}
        for _ in range(3):
            for mode, page in pages.items():
                share, frames = main_thread(page, 3)
                busy[mode].append(share)
                rate[mode].append(frames)
        figures[view] = {mode: {"busy": round(sorted(busy[mode])[1], 4), "frames_per_s": round(sorted(rate[mode])[1], 1)}
                         for mode in pages}
        with open(os.path.join(screenshot_dir, "idle-display-cpu.json"), "w") as f:
            json.dump(figures, f, indent=1)
        lazy, always = figures[view]["on change"], figures[view]["every frame"]
        # Two boundaries a second (the clock's, the timer's), a few frames each.
        assert lazy["frames_per_s"] <= 12 and lazy["frames_per_s"] <= always["frames_per_s"] / 4, figures
        # What is left is drawing the changes themselves, the same in both.
        assert lazy["busy"] <= 0.75 * always["busy"], figures
        # And it still counts: the next second is drawn.
        shown = pages["on change"].probe()["countdown"]
        pages["on change"].wait_probe(lambda p: p["countdown"] != shown, timeout=5, message=f"{view}: the next second")


def test_the_speaker_and_hall_views_name_the_next_speaker_and_the_speaker_view_the_time(gaveld_factory, browser,
                                                                                        screenshot_dir):
    agenda = seconds_agenda([("General debate", 600)], start_in=0)
    daemon = gaveld_factory(agenda=agenda)
    drive(daemon, "start")
    drive(daemon, "queueAdd", speaker="Ms. Amina Mohammed")
    drive(daemon, "queueAdd", speaker="Mr. William Lacy Swing")
    drive(daemon, "floorGrant", speaker="Ms. Louise Arbour", duration="3m")
    speaker, hall = browser(daemon, view="speaker"), browser(daemon, view="hall")
    speaker.wait(lambda: speaker.js("return document.querySelector('[data-f=next-speaker]').textContent")
                 == "Next: Ms. Amina Mohammed", message="speaker: next speaker")
    clock = speaker.js("return document.querySelector('.speaker-foot [data-f=clock]').textContent")
    assert re.fullmatch(r"\d\d:\d\d", clock), clock
    # The hall names the next three, in order (here the two waiting).
    hall.wait(lambda: "NEXT SPEAKERS\n\nMs. Amina Mohammed · Mr. William Lacy Swing" in hall.probe()["text"],
              message="hall: next speakers")
    assert layout_problems(speaker) == [] and layout_problems(hall) == []
    speaker.driver.save_screenshot(os.path.join(screenshot_dir, "speaker-next-speaker.png"))
    # The queue moves on: so do the views; an empty queue names nobody.
    drive(daemon, "queueNext")
    speaker.wait(lambda: speaker.js("return document.querySelector('[data-f=next-speaker]').textContent")
                 == "Next: Mr. William Lacy Swing", message="speaker: the next one")
    hall.wait(lambda: "NEXT SPEAKER\n\nMr. William Lacy Swing" in hall.probe()["text"], message="hall: the next one")
    drive(daemon, "queueNext")
    speaker.wait(lambda: speaker.js("return document.querySelector('[data-f=next-speaker]').textContent") == "",
                 message="speaker: nobody next")
    hall.wait(lambda: "NEXT SPEAKER" not in hall.probe()["text"], message="hall: nobody next")


def test_the_chair_view_does_not_list_as_waiting_someone_given_the_floor_directly(gaveld_factory, browser):
    # Once `queue add A`, `floor grant A` left A in the chair's queue while A held the floor.
    daemon = gaveld_factory(agenda=seconds_agenda([("General debate", 600)], start_in=0))
    drive(daemon, "start")
    drive(daemon, "queueAdd", speaker="Ms. Amina Mohammed", duration="2m")
    drive(daemon, "queueAdd", speaker="Mr. William Lacy Swing")
    chair = browser(daemon, view="chair")
    chair.wait(lambda: chair.js("return document.querySelector('[data-f=queue]').children.length") == 2,
               message="two waiting")
    drive(daemon, "floorGrant", speaker="Ms. Amina Mohammed", duration="5s")
    chair.wait(lambda: chair.js("return document.querySelector('[data-f=queue] .name').textContent").strip()
               == "Mr. William Lacy Swing"
               and chair.js("return document.querySelector('[data-f=queue]').children.length") == 1,
               message="only the one still waiting")
    assert "Ms. Amina Mohammed" in chair.js("return document.querySelector('.v-chair [data-f=who]').textContent")
