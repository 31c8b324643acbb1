"""Each display's own settings in its URL: parts left out, no warning colours, mirrored for a
confidence monitor, and a one-line help that says them."""
import os

from meeting import drive
from display_page import layout_problems
from gavel_harness import seconds_agenda


def shown(page, selector):
    return page.js("var el = document.querySelector(arguments[0]);"
                   "return !!el && getComputedStyle(el).display !== 'none';", selector)


def test_parts_of_a_view_can_be_left_out(gaveld_factory, browser, screenshot_dir):
    daemon = gaveld_factory(agenda=seconds_agenda([("General debate", 600)], start_in=0))
    drive(daemon, "start")
    drive(daemon, "queueAdd", speaker="Ms. Amina Mohammed")
    page = browser(daemon, view="speaker", query="hide=context,clock")
    page.wait_probe(lambda p: p["level"] == "normal", message="running")
    assert not shown(page, "[data-f=context]") and not shown(page, ".speaker-foot [data-f=clock]")
    assert shown(page, "[data-f=next-speaker]") and shown(page, "#countdown")
    assert layout_problems(page) == []
    hall = browser(daemon, view="hall", query="hide=footer,header")
    hall.wait_probe(lambda p: p["level"] == "normal", message="running")
    assert not shown(hall, ".hall-foot") and not shown(hall, ".v-hall .bar")
    assert layout_problems(hall) == []
    hall.driver.save_screenshot(os.path.join(screenshot_dir, "hall-without-header-and-footer.png"))
    # A part the view does not have is said, with those it has; the rest still applies.
    odd = browser(daemon, view="speaker", query="hide=context,agenda")
    odd.wait(lambda: "Unknown part \u201Cagenda\u201D" in odd.js("return document.getElementById('notice').textContent"),
             message="the notice")
    assert "who, context, level, next-speaker, clock" in odd.js("return document.getElementById('notice').textContent")
    assert not shown(odd, "[data-f=context]")


def test_thresholds_off_keeps_the_digits_plain_until_time_is_up(gaveld_factory, browser):
    agenda = seconds_agenda([("Item", 6)], item_alerts={"warning": "4s", "wrapUp": "2s"}, start_in=0)
    daemon = gaveld_factory(agenda=agenda)
    plain = browser(daemon, view="speaker", query="thresholds=off")
    cued = browser(daemon, view="speaker")
    drive(daemon, "start")
    cued.wait_probe(lambda p: p["level"] == "wrapUp", timeout=10, message="wrap-up on the other display")
    p = plain.probe()
    assert p["level"] == "normal" and "REMAINING" in p["label"], p
    plain.wait_probe(lambda p: p["level"] == "timeUp", timeout=10, message="time up all the same")


def test_a_confidence_monitor_is_mirrored_and_the_help_says_the_settings(gaveld_factory, browser):
    daemon = gaveld_factory(agenda=seconds_agenda([("Item", 60)]))
    page = browser(daemon, view="speaker", query="mirror=1")
    page.wait_probe(lambda p: p["connection"] == "connected", message="connected")
    assert page.computed("body", "transform") == "matrix(-1, 0, 0, 1, 0, 0)"
    help_line = page.js("return document.getElementById('help').textContent")
    for word in ("view=speaker|hall|chair|clock", "hide=who,context,level,next-speaker,clock", "thresholds=off",
                 "mirror=1"):
        assert word in help_line, help_line
    # Shown while someone moves the pointer, gone once nobody does (3 s).
    page.js("document.dispatchEvent(new MouseEvent('mousemove')); return 0")
    assert shown(page, "#help")
    page.wait(lambda: not shown(page, "#help"), timeout=10, message="the help to go")
    plain = browser(daemon, view="hall")
    plain.wait_probe(lambda p: p["connection"] == "connected", message="connected")
    assert plain.computed("body", "transform") == "none"
