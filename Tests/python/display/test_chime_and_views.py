"""The chime switch, the clock view, the default and unknown views, the schedule (ahead,
behind, projected end, a programme from another day), the end of the meeting, and the layout
of every view at 16:9, 4:3 and portrait."""
import json
import os
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By

from meeting import drive
from display_page import countdown_font_px, layout_problems, time_of_day_within
from gavel_harness import ROOT, now_in, seconds_agenda

SIZES = {"16x9": (1920, 1080), "4x3": (1024, 768), "portrait": (1080, 1920)}


def chime_state(page):
    return page.js("return [document.getElementById('chime').getAttribute('data-chime'),"
                   " document.documentElement.getAttribute('data-chimes')]")


def test_the_chime_is_off_by_default_and_rings_once_at_time_up_when_switched_on(gaveld_factory, browser):
    daemon = gaveld_factory(agenda=seconds_agenda([("Short", 2), ("Next", 60)], start_in=0))
    quiet = browser(daemon, view="speaker")
    ringing = browser(daemon, view="speaker", query="chime=1")
    assert chime_state(quiet) == ["off", None]
    assert chime_state(ringing)[0] in ("on", "blocked")
    drive(daemon, "start")
    for page in (quiet, ringing):
        # Up 2 s after the start; the rest of the wait is only for a loaded machine.
        page.wait_probe(lambda p: p["level"] == "timeUp", timeout=15, message="time up")
    ringing.wait(lambda: chime_state(ringing)[1] == "1", message="the chime")
    assert chime_state(quiet)[1] is None

    # Switched on at the display with the bell; remembered by this browser after a reload.
    quiet.driver.find_element(By.ID, "chime").click()
    assert chime_state(quiet)[0] in ("on", "blocked")
    quiet.driver.refresh()
    quiet.wait(lambda: quiet.js("return !!(window.Gavel && Gavel.app)"), message="reload")
    assert chime_state(quiet)[0] in ("on", "blocked")
    quiet.driver.find_element(By.ID, "chime").click()
    assert chime_state(quiet)[0] == "off"


def test_the_clock_view_shows_the_venue_time_large(gaveld_factory, browser):
    daemon = gaveld_factory(agenda=seconds_agenda([("Item", 60)], zone="America/St_Johns"))
    page = browser(daemon, view="clock", timezone="America/New_York")
    page.wait_probe(lambda p: p["synced"], message="clock sync")
    # What the next frame shows: drawn between our two readings of the time, give or take the
    # page's sync to the daemon (both measured), so a slow machine only widens the interval.
    earliest = now_in("America/St_Johns")
    shown = page.drawn_next_frame("return document.getElementById('clock').textContent")
    latest = now_in("America/St_Johns")
    assert re.fullmatch(r"\d\d:\d\d:\d\d", shown), shown
    assert time_of_day_within(shown, earliest, latest, page.sync_uncertainty_ms() / 1000), (shown, earliest, latest)
    assert page.js("return document.getElementById('countdown')") is None
    assert "America/St Johns" in page.probe()["text"]
    font = page.js("return parseFloat(getComputedStyle(document.getElementById('clock')).fontSize)")
    assert font >= 0.25 * 1080, font


def test_hall_is_the_default_and_an_unknown_view_falls_back_to_it_with_a_notice(gaveld_factory, browser):
    daemon = gaveld_factory(agenda=seconds_agenda([("Item", 60)]))
    page = browser(daemon)
    assert page.js("return document.documentElement.getAttribute('data-view')") == "hall"
    assert page.js("return document.getElementById('notice').hidden")
    page.open(daemon, view="podium")
    assert page.js("return document.documentElement.getAttribute('data-view')") == "hall"
    notice = page.js("var n = document.getElementById('notice'); return n.hidden ? null : n.textContent")
    assert notice and "podium" in notice and "hall" in notice


def test_the_hall_shows_behind_ahead_on_time_and_the_projected_end(gaveld_factory, browser):
    page = previous = None
    for start_in, expected in ((-720, "12 min behind"), (180, "3 min ahead"), (0, "on time")):
        daemon = gaveld_factory(agenda=seconds_agenda([("Session", 600), ("Closing", 300)],
                                                      zone="Europe/Paris", start_in=start_in))
        state = drive(daemon, "start")
        if page is None:
            page = browser(daemon, view="hall")
        else:
            page.open(daemon, view="hall")
            # Stopped only once the page has left it: a daemon that goes away under a connected
            # page makes the page try to reconnect, and Chromium logs each refused attempt.
            previous.stop()
        previous = daemon
        page.wait_probe(lambda p: p["level"] == "normal", message="running")
        assert page.js("return document.querySelector('[data-f=drift]').textContent") == expected
        end = datetime.fromtimestamp(state["schedule"]["projectedEnd"] / 1000, ZoneInfo("Europe/Paris"))
        planned = datetime.fromtimestamp(state["schedule"]["plannedEnd"] / 1000, ZoneInfo("Europe/Paris"))
        assert page.js("return document.querySelector('[data-f=end]').textContent") == end.strftime("%H:%M")
        assert page.js("return document.querySelector('[data-f=planned-end]').textContent") == \
            "planned " + planned.strftime("%H:%M")
        assert page.js("return document.querySelector('[data-f=shifted]').textContent") == ""


def test_a_programme_from_another_day_runs_on_today(gaveld_factory, browser):
    with open(os.path.join(ROOT, "Examples", "hearing-2018-05-21.json")) as f:
        agenda = json.load(f)
    daemon = gaveld_factory(agenda=agenda)
    state = drive(daemon, "start")
    assert state["meeting"]["dateShifted"]
    page = browser(daemon, view="hall")
    page.wait_probe(lambda p: p["level"] == "normal", message="running")
    shifted = page.js("return document.querySelector('[data-f=shifted]').textContent")
    assert shifted.startswith("Programme of 21 May 2018, held "), shifted
    drift = state["schedule"]["clockDriftMs"]
    minutes = round(abs(drift) / 60000)
    words = f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"
    expected = "on time" if minutes < 1 else words + (" behind" if drift > 0 else " ahead")
    assert page.js("return document.querySelector('[data-f=drift]').textContent") == expected


def test_every_view_fits_every_screen(gaveld_factory, browser, screenshot_dir):
    agenda = seconds_agenda(
        [("Panel Discussion: Best practices to support safe, orderly and regular migration", 2400),
         ("Interactive dialogue with member states, observers and stakeholders on the way forward", 1800)],
        title="Fifth informal interactive multi-stakeholder hearing of the General Assembly on migration",
        zone="America/New_York", start_in=0)
    daemon = gaveld_factory(agenda=agenda)
    drive(daemon, "start")
    drive(daemon, "floorGrant", speaker="H.E. Mr. Juan José Gómez Camacho, Permanent Representative of Mexico",
          duration="5m")
    for name in ("Ms. Louise Arbour", "Mr. William Lacy Swing", "Ms. Amina J. Mohammed", "Mr. António Guterres"):
        drive(daemon, "queueAdd", speaker=name)
    drive(daemon, "showMessage", text="The interpretation into Arabic, Chinese, English, French, Russian and Spanish "
                                      "is available on channels 1 to 6. Please keep your microphone off until the "
                                      "chair gives you the floor, and keep your statement within five minutes.")
    pages = {view: browser(daemon, view=view) for view in ("speaker", "hall", "chair", "clock")}
    for view, page in pages.items():
        page.wait_probe(lambda p: p["message"] and (view == "clock" or p["level"] == "normal"), message=view)
    for size_name, size in SIZES.items():
        for view, page in pages.items():
            page.resize(*size)
            page.settle()
            page.wait(lambda: page.js(
                "return Math.abs(document.getElementById('message').getBoundingClientRect().bottom - innerHeight) < 1"),
                message=f"{view}: the message in place")
            assert layout_problems(page) == [], (view, size_name)
            page.screenshot(os.path.join(screenshot_dir, f"{view}-running-{size_name}.png"))
        assert countdown_font_px(pages["speaker"]) >= 0.25 * min(size), size_name


def test_the_end_of_the_meeting(gaveld_factory, browser):
    daemon = gaveld_factory(agenda=seconds_agenda([("Only item", 60)], start_in=0))
    drive(daemon, "start")
    pages = {view: browser(daemon, view=view) for view in ("speaker", "hall", "chair")}
    drive(daemon, "endMeeting")
    for view, page in pages.items():
        p = page.wait_probe(lambda p: p["level"] == "idle", message=f"{view}: ended")
        assert "ENDED" in p["label"], (view, p)
    assert "THE MEETING HAS ENDED" in pages["hall"].probe()["text"]
