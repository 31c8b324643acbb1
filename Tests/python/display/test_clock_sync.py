"""The countdown comes from the server's clock, not the display's: a display whose clock is
minutes wrong, or jumps, shows the right remaining time, and two displays agree."""
import re
import time

from meeting import drive
from display_page import ServerClock
from gavel_harness import now_in, seconds_agenda

MINUTE = 60 * 1000


def displayed_errors(page, ends_at, clock, samples=5):
    """The page's remaining time minus the server's truth (endsAt − server now), in ms."""
    errors = []
    for _ in range(samples):
        at, shown = page.remaining_now()
        errors.append(round(shown - (ends_at - clock.now(at)), 1))
    return errors


def venue_seconds_of_day(zone):
    now = now_in(zone)
    return now.hour * 3600 + now.minute * 60 + now.second + now.microsecond / 1e6


def test_a_display_whose_clock_is_10_minutes_off_shows_the_right_remaining_time(gaveld_factory, browser):
    daemon = gaveld_factory(agenda=seconds_agenda([("Long item", 600), ("Next", 60)], zone="Asia/Tokyo", start_in=0))
    clock = ServerClock(daemon)
    # The display's clock is 10 minutes fast (Date and the page's time origin), in another zone.
    page = browser(daemon, view="hall", skew_ms=10 * MINUTE, timezone="America/New_York")
    assert abs(page.js("return Date.now()") - time.time() * 1000 - 10 * MINUTE) < 1000
    assert abs(page.js("return performance.timeOrigin + performance.now()") - time.time() * 1000 - 10 * MINUTE) < 1000
    page.wait_probe(lambda p: p["synced"], message="clock sync")

    ends_at = drive(daemon, "start")["item"]["endsAt"]
    page.wait_probe(lambda p: p["level"] == "normal", message="running")
    errors = displayed_errors(page, ends_at, clock)
    assert max(map(abs, errors)) <= 200, errors

    # The display's clock is stepped by 17 minutes while it runs: nothing moves.
    page.js("window.__gavelSkewMs = -7 * 60 * 1000;")
    assert abs(page.js("return Date.now()") - time.time() * 1000 + 7 * MINUTE) < 1000
    errors = displayed_errors(page, ends_at, clock)
    assert max(map(abs, errors)) <= 200, errors

    # The time of day is the venue's (Tokyo), from the server's clock.
    shown = page.js("return document.querySelector('.bar-clock').textContent")
    h, m, s = map(int, re.fullmatch(r"(\d\d):(\d\d):(\d\d)", shown).groups())
    difference = abs((h * 3600 + m * 60 + s) - venue_seconds_of_day("Asia/Tokyo"))
    assert min(difference, 86400 - difference) <= 1.5, (shown, venue_seconds_of_day("Asia/Tokyo"))


def test_two_displays_agree_within_100ms(gaveld_factory, browser):
    daemon = gaveld_factory(agenda=seconds_agenda([("Long item", 600), ("Next", 60)], start_in=0))
    clock = ServerClock(daemon)
    fast = browser(daemon, view="speaker", skew_ms=10 * MINUTE)
    slow = browser(daemon, view="hall", skew_ms=-3 * MINUTE)
    for page in (fast, slow):
        page.wait_probe(lambda p: p["synced"], message="clock sync")
    ends_at = drive(daemon, "start")["item"]["endsAt"]
    for page in (fast, slow):
        page.wait_probe(lambda p: p["level"] == "normal", message="running")

    differences = []
    for _ in range(5):
        at_fast, shown_fast = fast.remaining_now()
        at_slow, shown_slow = slow.remaining_now()
        # The same instant: the fast display's reading carried forward to the slow one's.
        differences.append(round(shown_fast - (at_slow - at_fast) * 1000 - shown_slow, 1))
    assert max(map(abs, differences)) <= 100, differences
    for page in (fast, slow):
        errors = displayed_errors(page, ends_at, clock, samples=3)
        assert max(map(abs, errors)) <= 100, errors
