"""`gavel watch` as a chair sees it: inside tmux (a real terminal) and piped (plain lines)."""
import json
import re
import signal
import subprocess

import pytest
from gavel_cli import CLOCK_RE, LineReader, Tmux, clean_env, clock_agenda, gavel, wait_for
from gavel_harness import GAVEL
from measured_slack import SchedulingDelay, offset_uncertainty_ms

# A first item of 14 s with its warning at 9 s and wrap-up at 4 s: every colour within seconds.
ALERTS = {"warning": "9s", "wrapUp": "4s", "reminderEvery": "1m"}
ITEMS = [("Opening", 14), ("Panel", 600)]

GREEN, YELLOW, RED = (re.compile(r"\x1b\[(?:\d+;)*%dm" % code) for code in (32, 33, 31))


@pytest.fixture
def daemon(gaveld_factory):
    return gaveld_factory(agenda=clock_agenda(ITEMS, item_alerts=ALERTS))


@pytest.fixture
def watch_factory():
    sessions = []

    def make(daemon, width=100, height=30, args=""):
        session = Tmux(f"{GAVEL} watch {args}", width=width, height=height,
                       env={"GAVEL_SERVER": f"127.0.0.1:{daemon.port}"})
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.kill()


def digit_rows(screen):
    """The rows of the big countdown (they are made of █)."""
    return [line for line in screen.splitlines() if "██" in line]


def caption_time(screen):
    match = re.search(r"Item (\d+:\d\d) left of 0:14", screen)
    return match.group(1) if match else None


def tmux_flag(session, flag):
    return subprocess.run(["tmux", "display", "-p", "-t", session.name, "#{%s}" % flag],
                          capture_output=True, text=True, check=True).stdout.strip()


def test_countdown_appears_counts_down_and_changes_colour_at_each_threshold(daemon, watch_factory):
    watch = watch_factory(daemon)
    watch.wait_for(lambda s: "CLI sitting" in s and "Not started" in s, message="the meeting before the start")
    assert tmux_flag(watch, "alternate_on") == "1" and tmux_flag(watch, "cursor_flag") == "0"

    assert gavel(daemon, "start").status == 0

    first = watch.wait_for(caption_time, message="the item's countdown")
    screen = watch.screen(escapes=True)
    assert len(digit_rows(screen)) == 5, screen
    assert all(GREEN.search(row) for row in digit_rows(screen)), "green while more than the warning time is left"
    watch.wait_for(lambda s: caption_time(s) not in (None, first), message=f"the countdown to move on from {first}")

    warning = watch.wait_for(lambda s: "WARNING" in s and s, escapes=True, message="the warning")
    assert all(YELLOW.search(row) for row in digit_rows(warning)), warning
    assert not any(GREEN.search(row) for row in digit_rows(warning))

    wrap_up = watch.wait_for(lambda s: "WRAP UP" in s and s, escapes=True, message="the wrap-up")
    assert all(RED.search(row) for row in digit_rows(wrap_up)), wrap_up
    watch.wait_for(lambda s: re.search(r"\b(TIME|OVER)\b", s), message="time up")

    screen = watch.screen()
    assert re.search(r"^Item 1 of 2 · 1 · Opening", screen, re.M), screen
    assert re.search(r"^CLI sitting +" + CLOCK_RE + "$", screen, re.M), "the venue clock in the header"
    assert re.search(r"^ ● 127\.0\.0\.1:%d · seq \d+ +Ctrl-C: quit\s*$" % daemon.port, screen, re.M), screen


def test_commands_show_up_at_once(daemon, watch_factory):
    assert gavel(daemon, "start").status == 0
    watch = watch_factory(daemon)
    watch.wait_for(caption_time, message="the countdown")

    assert gavel(daemon, "floor", "grant", "Ms. Louise Arbour", "2m").status == 0
    assert gavel(daemon, "queue", "add", "Mr. William Lacy Swing").status == 0
    assert gavel(daemon, "say", "Please silence your phones").status == 0

    screen = watch.wait_for(lambda s: "Please silence" in s and s, message="the message")
    assert "Speaker  Ms. Louise Arbour" in screen
    assert re.search(r"Speaker [12]:\d\d left of 2:00", screen), "the speaker's time is the big one"
    assert re.search(r"^Item      \d+:\d\d (left of 0:14|over)", screen, re.M), screen
    assert "Queue     1. Mr. William Lacy Swing" in screen
    assert "Message   “Please silence your phones”" in screen


def test_resizing_re_lays_out_the_screen(daemon, watch_factory):
    assert gavel(daemon, "start").status == 0
    assert gavel(daemon, "extend", "10m").status == 0
    watch = watch_factory(daemon)
    watch.wait_for(lambda s: len(digit_rows(s)) == 5, message="big digits")

    watch.resize(50, 12)
    small = watch.wait_for(lambda s: not digit_rows(s) and re.search(r"^  \d+:\d\d  Item \d+:\d\d left", s, re.M) and s,
                           message="the one-line countdown of a small terminal")
    lines = small.splitlines()
    assert len(lines) <= 12 and all(len(line) <= 50 for line in lines)
    assert lines[-1].startswith(" ● 127.0.0.1:"), "the status bar stays on the last row"

    watch.resize(120, 40)
    big = watch.wait_for(lambda s: len(digit_rows(s)) == 5 and s, message="big digits again")
    assert big.splitlines()[39].startswith(" ● 127.0.0.1:")


def test_watch_reconnects_by_itself_when_the_daemon_restarts(gaveld_factory, watch_factory):
    agenda = clock_agenda([("Opening", 600), ("Panel", 600)])
    daemon = gaveld_factory(agenda=agenda)
    assert gavel(daemon, "start").status == 0
    watch = watch_factory(daemon)
    watch.wait_for(lambda s: "Item 1 of 2" in s, message="the first item")

    assert daemon.terminate() == 0
    watch.wait_for(lambda s: "reconnecting to 127.0.0.1:%d" % daemon.port in s, message="reconnecting")
    assert "Item 1 of 2" in watch.screen(), "the last state stays on screen meanwhile"

    again = gaveld_factory(agenda=agenda, state_dir=daemon.state_dir, port=daemon.port)
    watch.wait_for(lambda s: " ● 127.0.0.1:%d" % daemon.port in s, timeout=20, message="connected again")
    assert gavel(again, "next").status == 0
    watch.wait_for(lambda s: "Item 2 of 2 · 2 · Panel" in s, message="the change made after the restart")


@pytest.mark.parametrize("how", ["ctrl-c", "q", "sigterm"])
def test_ending_the_watch_restores_the_terminal(daemon, watch_factory, how):
    watch = watch_factory(daemon)
    watch.wait_for(lambda s: "CLI sitting" in s, message="the watch")

    if how == "ctrl-c":
        watch.keys("C-c")
    elif how == "q":
        watch.keys("q")
    else:
        pid = subprocess.run(["tmux", "display", "-p", "-t", watch.name, "#{pane_pid}"], capture_output=True,
                             text=True, check=True).stdout.strip()
        watcher = subprocess.run(["pgrep", "-P", pid, "-f", "gavel watch"], capture_output=True, text=True).stdout.split()
        assert watcher, "the gavel process"
        subprocess.run(["kill", "-TERM", watcher[0]], check=True)

    screen = watch.wait_for(lambda s: "EXIT=" in s and s, message="gavel to exit")
    assert "EXIT=0" in screen
    assert "██" not in screen and "CLI sitting" not in screen, "back on the normal screen"
    assert tmux_flag(watch, "alternate_on") == "0"
    assert tmux_flag(watch, "cursor_flag") == "1"


def test_piped_watch_prints_plain_lines_per_change_and_alert(daemon):
    process = subprocess.Popen([GAVEL, "watch"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=clean_env({"GAVEL_SERVER": f"127.0.0.1:{daemon.port}"}))
    try:
        lines = LineReader(process)
        first = lines.wait_for(lambda l: "not started" in l, message="the state before the start")
        assert re.fullmatch(CLOCK_RE + r" not started; first item 1 Opening at \d\d:\d\d", first), first

        assert gavel(daemon, "start").status == 0
        started = lines.wait_for(lambda l: "not started" not in l and "item 1 Opening" in l, message="the start")
        # 14 s, less the moment it took to print it (up to 4 s: a loaded machine's worst, not its usual).
        assert re.fullmatch(CLOCK_RE + r" item 1 Opening 0:1[0-4] left", started), started

        assert gavel(daemon, "floor", "grant", "Mr. X", "1m").status == 0
        lines.wait_for(lambda l: re.search(r"· floor Mr\. X [01]:\d\d left$", l), message="the floor")

        warning = lines.wait_for(lambda l: " WARNING " in l, message="the warning alert")
        assert re.fullmatch(CLOCK_RE + r" WARNING 9s left for item 1 \(Opening\)", warning), warning

        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=10) == 0
        assert not any("\x1b" in line for line in lines.snapshot()), "no escape codes"
    finally:
        if process.poll() is None:
            process.kill()


def test_piped_watch_prints_an_alert_sent_ahead_at_its_instant(daemon):
    display = daemon.subscribe()
    display.next(type="state")
    offset = display.clock_offset()
    uncertainty = offset_uncertainty_ms(display)  # of `offset`, measured
    process = subprocess.Popen([GAVEL, "watch"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=clean_env({"GAVEL_SERVER": f"127.0.0.1:{daemon.port}"}))
    try:
        lines = LineReader(process)
        lines.wait_for(lambda l: "not started" in l, message="the state before the start")
        with SchedulingDelay() as delay:  # what the machine's load adds meanwhile, measured
            assert gavel(daemon, "start").status == 0
            arrived, alert = display.next_with_time(type="alert", timeout=15)
            line, printed = lines.wait_for_with_time(lambda l: " WARNING " in l, message="the warning alert")
        assert alert["level"] == "warning"
        # Printed at its instant on the daemon's clock, not when it came: within the watch's clock
        # sync (same machine: 20 ms) and the pipe (150 ms), widened by what this run measured.
        early = 20 + uncertainty + delay.worst_ms
        late = 150 + uncertainty + delay.allowance_ms()
        # The daemon sent it about 2 s ahead, on its lead timer (late only if the machine held it
        # back), so it came far earlier than a print may be: a watch printing on arrival would fail.
        assert alert["at"] - alert["serverTime"] > 1500 - delay.allowance_ms(), "the daemon sent it about 2 s ahead"
        assert alert["at"] - (arrived + offset) > early, "it came before its instant, by more than a print may be early"
        lateness = printed + offset - alert["at"]
        assert -early <= lateness <= late, (round(lateness, 1), round(early, 1), round(late, 1), line)
        assert sum(" WARNING " in l for l in lines.snapshot()) == 1
    finally:
        process.kill()
        process.wait()


def test_piped_watch_json_prints_every_state_and_alert(daemon):
    process = subprocess.Popen([GAVEL, "watch", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=clean_env({"GAVEL_SERVER": f"127.0.0.1:{daemon.port}"}))
    try:
        lines = LineReader(process)
        lines.wait_for(lambda l: json.loads(l)["type"] == "state", message="the first state")
        assert gavel(daemon, "start").status == 0
        lines.wait_for(lambda l: json.loads(l)["type"] == "alert" and json.loads(l)["level"] == "warning",
                       message="the warning alert")
        states = [json.loads(l) for l in lines.snapshot() if json.loads(l)["type"] == "state"]
        assert states[-1]["meeting"]["phase"] == "running"
    finally:
        process.kill()
        process.wait()


def test_piped_watch_says_when_it_lost_and_regained_the_daemon(gaveld_factory):
    agenda = clock_agenda([("Opening", 600)])
    daemon = gaveld_factory(agenda=agenda)
    process = subprocess.Popen([GAVEL, "watch"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=clean_env({"GAVEL_SERVER": f"127.0.0.1:{daemon.port}"}))
    try:
        lines = LineReader(process)
        lines.wait_for(lambda l: "not started" in l)
        daemon.kill()
        again = gaveld_factory(agenda=agenda, state_dir=daemon.state_dir, port=daemon.port)
        assert gavel(again, "start").status == 0
        lines.wait_for(lambda l: "not started" not in l and "item 1 Opening" in l, timeout=20,
                       message="the state after reconnecting")
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
        errors = process.stderr.read()
        assert f"gavel: lost the connection to 127.0.0.1:{daemon.port}" in errors
        assert f"gavel: reconnected to 127.0.0.1:{daemon.port}" in errors
    finally:
        if process.poll() is None:
            process.kill()
