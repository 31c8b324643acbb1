"""The technician's view of the displays: two pages of different views, one with a clock ten
minutes fast, appear in `gavel displays --json` with their view, language and a clock offset
near the skew; the /displays page lists them after the token is entered."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "cli"))

from display_page import DisplayPage  # noqa: E402
from gavel_cli import gavel, wait_for  # noqa: E402
from gavel_harness import clock_offset_s, seconds_agenda  # noqa: E402

MINUTE = 60_000
SKEW_MS = 10 * MINUTE


def described(daemon):
    result = gavel(daemon, "displays", "--json")
    assert result.status == 0, result.err
    return {d["display"]["view"]: d for d in result.json()["displays"]
            if d["kind"] == "display" and "clockOffsetMs" in d["display"]}


def test_two_displays_and_a_skewed_clock_in_the_list_and_on_the_technicians_page(
        gaveld_factory, browser, screenshot_dir):
    daemon = gaveld_factory(agenda=seconds_agenda([("Opening", 600), ("Debate", 900)], title="Displays sitting"))
    browser(daemon, view="hall")
    browser(daemon, view="speaker", skew_ms=SKEW_MS, query="lang=fr")

    views = wait_for(lambda: (lambda d: d if set(d) == {"hall", "speaker"} else None)(described(daemon)),
                     timeout=20, message="both pages described with their clock sync")
    hall, speaker = views["hall"]["display"], views["speaker"]["display"]
    assert (hall["language"], speaker["language"]) == ("en", "fr")
    # The page's clock is 10 min ahead of the machine's: offset (server − page) near −10 min, plus
    # how far the tests' clock (every gaveld's) has been moved ahead of the machine's by then
    # (seconds_agenda moves it past a midnight a plan cannot cross, so near midnight UTC it is not 0).
    moved_ms = clock_offset_s() * 1000
    assert abs(speaker["clockOffsetMs"] - (moved_ms - SKEW_MS)) < 500, (speaker, moved_ms)
    assert abs(hall["clockOffsetMs"] - moved_ms) < 500, (hall, moved_ms)
    assert 0 <= speaker["roundTripMs"] < 500 and speaker["screen"] and "Chrome" in speaker["userAgent"]

    # The technician's page: asks for the token, keeps it out of the URL, then lists both.
    technician = DisplayPage(size=(1440, 900))
    try:
        technician.driver.get(daemon.url("/displays"))
        technician.wait(lambda: technician.js("return !document.getElementById('login').hidden"),
                        message="the token form")
        technician.screenshot(os.path.join(screenshot_dir, "displays-token.png"))
        field = technician.driver.find_element("id", "token")
        field.send_keys(daemon.token)
        technician.driver.find_element("css selector", "#login button").click()
        rows = technician.wait(lambda: (lambda r: r if len(r) == 2 else None)(technician.js(
            "return Array.from(document.querySelectorAll('#rows tr')).map(function (tr) {"
            " return {kind: tr.dataset.kind, cells: Array.from(tr.cells).map(function (c) { return c.textContent; }),"
            " flagged: tr.className === 'flagged'}; })")), message="two rows")
        assert [r["cells"][0] for r in rows] == ["hall", "speaker"], rows
        assert rows[1]["cells"][1] == "fr" and rows[1]["cells"][4].startswith("\u2212"), rows
        shown_s = float(rows[1]["cells"][4][1:].split()[0])
        assert abs(shown_s - (SKEW_MS - moved_ms) / 1000) < 1.5, rows
        # The clock 10 min off is flagged (and the hall's too while the tests' clock is moved ahead).
        assert [r["flagged"] for r in rows] == [abs(moved_ms) > 1000, True], rows
        assert technician.js("return getComputedStyle(document.getElementById('login')).display") == "none"
        assert daemon.token not in technician.driver.current_url
        assert technician.js("return sessionStorage.getItem('gavel.controlToken')") == daemon.token
        technician.screenshot(os.path.join(screenshot_dir, "displays-list.png"))
        assert not technician.console_errors()
    finally:
        technician.quit()
