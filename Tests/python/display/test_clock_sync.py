"""The countdown comes from the server's clock, not the display's: a display whose clock is
minutes wrong, or jumps, shows the right remaining time, and two displays agree."""
import re
import time

from meeting import drive
from display_page import ServerClock, time_of_day_within
from gavel_harness import now_in, seconds_agenda

MINUTE = 60 * 1000
# What a display may be off by on its own, past what the run measures (our readings' round trips,
# the page's and our sync to the daemon): a few frames. A display on its own clock is minutes off.
DISPLAY_BUDGET_MS = 200


def displayed_errors(page, ends_at, clock, samples=5):
    """The page's remaining time minus the server's truth (endsAt − server now), in ms, each with
    how far it may be off through no fault of the page's code: how far our reading's instant and
    our reading of the server's clock may be off, and the page's own sync (all measured)."""
    errors = []
    sync = page.sync_uncertainty_ms()
    for _ in range(samples):
        at, shown, reading = page.remaining_reading()
        errors.append((round(shown - (ends_at - clock.now(at)), 1), round(reading + clock.uncertainty_ms + sync, 1)))
    return errors


def within(errors, budget):
    return all(abs(error) <= budget + measured for error, measured in errors)


def skew_of(page, script):
    """(earliest, latest): what the page's clock read by `script` is ahead of the machine's,
    bounded by our readings before and after it ran (ms)."""
    before = time.time() * 1000
    value = page.js(script)
    after = time.time() * 1000
    return value - after, value - before


def test_a_display_whose_clock_is_10_minutes_off_shows_the_right_remaining_time(gaveld_factory, browser):
    daemon = gaveld_factory(agenda=seconds_agenda([("Long item", 600), ("Next", 60)], zone="Asia/Tokyo", start_in=0))
    clock = ServerClock(daemon)
    # The display's clock is 10 minutes fast (Date and the page's time origin), in another zone.
    page = browser(daemon, view="hall", skew_ms=10 * MINUTE, timezone="America/New_York")
    # 5 ms for the page's whole-ms Date and Chromium deriving timeOrigin from its monotonic clock.
    earliest, latest = skew_of(page, "return Date.now()")
    assert earliest - 5 <= 10 * MINUTE <= latest + 5, (earliest, latest)
    earliest, latest = skew_of(page, "return performance.timeOrigin + performance.now()")
    assert earliest - 5 <= 10 * MINUTE <= latest + 5, (earliest, latest)
    page.wait_probe(lambda p: p["synced"], message="clock sync")

    ends_at = drive(daemon, "start")["item"]["endsAt"]
    page.wait_probe(lambda p: p["level"] == "normal", message="running")
    errors = displayed_errors(page, ends_at, clock)
    assert within(errors, DISPLAY_BUDGET_MS), errors

    # The display's clock is stepped by 17 minutes while it runs: nothing moves.
    page.js("window.__gavelSkewMs = -7 * 60 * 1000;")
    earliest, latest = skew_of(page, "return Date.now()")
    assert earliest - 5 <= -7 * MINUTE <= latest + 5, (earliest, latest)
    errors = displayed_errors(page, ends_at, clock)
    assert within(errors, DISPLAY_BUDGET_MS), errors

    # The time of day is the venue's (Tokyo), from the server's clock: what the next frame
    # shows, drawn between our two readings of the time, give or take the page's sync.
    earliest = now_in("Asia/Tokyo")
    shown = page.drawn_next_frame("return document.querySelector('.bar-clock').textContent")
    latest = now_in("Asia/Tokyo")
    assert re.fullmatch(r"\d\d:\d\d:\d\d", shown), shown
    assert time_of_day_within(shown, earliest, latest, page.sync_uncertainty_ms() / 1000), (shown, earliest, latest)


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
    # Each display's sync to the daemon may be off by half its ping's round trip (measured).
    sync = fast.sync_uncertainty_ms() + slow.sync_uncertainty_ms()
    for _ in range(5):
        at_fast, shown_fast, reading_fast = fast.remaining_reading()
        at_slow, shown_slow, reading_slow = slow.remaining_reading()
        # The same instant: the fast display's reading carried forward to the slow one's.
        differences.append((round(shown_fast - (at_slow - at_fast) * 1000 - shown_slow, 1),
                            round(reading_fast + reading_slow + sync, 1)))
    # Within 100 ms of each other, past what this run measured (our readings' round trips).
    assert within(differences, 100), differences
    for page in (fast, slow):
        errors = displayed_errors(page, ends_at, clock, samples=3)
        assert within(errors, 100), errors
