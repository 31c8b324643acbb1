"""Alerts reach subscribers within 50 ms of the instant their threshold is crossed."""
from gavel_harness import seconds_agenda

ITEM_ALERTS = {"warning": "4s", "wrapUp": "2s", "reminderEvery": "10s"}
FLOOR_ALERTS = {"warning": "3s", "wrapUp": "1s", "reminderEvery": "10s"}


def test_each_alert_arrives_within_50ms_of_its_instant(gaveld_factory):
    agenda = seconds_agenda([("Short item", 6), ("Next", 60)], item_alerts=ITEM_ALERTS, floor_alerts=FLOOR_ALERTS)
    daemon = gaveld_factory(agenda=agenda)
    display = daemon.subscribe()
    display.next(type="state")
    offset = display.clock_offset()

    daemon.command("start")
    daemon.command("floorGrant", speaker="Ms. A", duration="4s")

    expected = {("item", "warning"), ("item", "wrapUp"), ("item", "timeUp"),
                ("floor", "warning"), ("floor", "wrapUp"), ("floor", "timeUp")}
    seen = {}
    while set(seen) != expected:
        arrived, alert = display.next_with_time(timeout=15, type="alert")
        key = (alert["timer"], alert["level"])
        assert key not in seen, f"{key} fired twice"
        lateness = arrived + offset - alert["at"]
        seen[key] = lateness
        assert alert["text"]
    late = {key: round(ms, 1) for key, ms in seen.items() if not (-5 <= ms <= 50)}
    assert not late, f"alerts outside [-5, 50] ms of their instant: {late} (all: {seen})"


def test_overrun_reminders_and_extension_move_the_alerts(gaveld_factory):
    agenda = seconds_agenda([("Item", 3), ("Next", 60)], item_alerts={"warning": "2s", "wrapUp": "1s", "reminderEvery": "10s"})
    daemon = gaveld_factory(agenda=agenda)
    display = daemon.subscribe()
    display.next(type="state")
    daemon.command("start")
    warning = display.next(type="alert", timeout=5)
    assert warning["level"] == "warning"
    status, _ = daemon.command("extend", duration="10s")
    assert status == 200
    state = display.next(type="state")
    assert state["item"]["addedMs"] == 10000
    # The warning fires again 2 s before the new end, 10 s later than the first.
    again = display.next(type="alert", timeout=15)
    assert again["level"] == "warning"
    assert 9500 <= again["at"] - warning["at"] <= 10500
