"""Connection loss: a "reconnecting" badge while the countdown goes on locally; after the
daemon is back (same port, same state), the badge goes and the display resyncs."""
from meeting import drive
from display_page import ServerClock
from gavel_harness import seconds_agenda


def badge(page):
    return page.js("""
        var b = document.getElementById('connection');
        return b.hidden || getComputedStyle(b).display === 'none' ? null : b.textContent;""")


def test_the_display_reconnects_after_the_daemon_restarts(gaveld_factory, browser):
    agenda = seconds_agenda([("Long item", 600), ("Next", 60)], start_in=0)
    daemon = gaveld_factory(agenda=agenda)
    page = browser(daemon, view="speaker")
    # While the daemon is down, the browser logs each refused connection attempt.
    page.allow_console("WebSocket connection to")
    page.wait_probe(lambda p: p["connection"] == "connected" and p["synced"], message="connected")
    assert badge(page) is None
    drive(daemon, "start")
    page.wait_probe(lambda p: p["level"] == "normal", message="running")

    assert daemon.terminate() == 0
    p = page.wait_probe(lambda p: p["connection"] == "reconnecting", timeout=5, message="reconnecting")
    assert "reconnecting" in badge(page)

    # The countdown goes on by itself: the next second is drawn, at the pace of the clock.
    shown = page.probe()["countdown"]
    at_before, before = page.remaining_now()
    page.wait_probe(lambda p: p["countdown"] != shown, timeout=3, message="the next second")
    at_after, after = page.remaining_now()
    assert abs((before - after) - (at_after - at_before) * 1000) <= 50, (before, after, at_before, at_after)
    assert page.probe()["connection"] == "reconnecting"

    # Back on the same port and state directory: the badge goes, the clock and state resync.
    again = gaveld_factory(agenda=agenda, state_dir=daemon.state_dir, port=daemon.port)
    page.wait_probe(lambda p: p["connection"] == "connected" and p["synced"], timeout=20, message="reconnected")
    assert badge(page) is None
    clock = ServerClock(again)
    ends_at = again.state()["item"]["endsAt"]
    page.wait(lambda: abs(page.remaining_now()[1] - (ends_at - clock.now())) <= 200, message="the resynced countdown")
    errors = []
    for _ in range(3):
        at, shown = page.remaining_now()
        errors.append(shown - (ends_at - clock.now(at)))
    assert max(map(abs, errors)) <= 200, errors
    drive(again, "showMessage", text="Welcome back")
    page.wait_probe(lambda p: p["message"] == "Welcome back", message="a change after the restart")

