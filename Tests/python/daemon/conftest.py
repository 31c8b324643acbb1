"""The daemon suite's summary: the failover figures of test_standby.py, when it ran."""
import json
import os
import time

FAILOVER_FIGURES = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".build", "hardening",
                                                "failover.json"))
STARTED = time.time()


def pytest_terminal_summary(terminalreporter):
    try:
        if os.path.getmtime(FAILOVER_FIGURES) < STARTED:
            return
        with open(FAILOVER_FIGURES) as f:
            figures = json.load(f)
    except (OSError, ValueError):
        return
    terminalreporter.write_line(
        f"failover: {figures['trials']} trials, {figures['commands_acknowledged_in_bursts']} commands acknowledged "
        f"in the bursts, {figures['lost']} lost; takeover p50 {figures['takeover_p50_ms']} ms, "
        f"p99 {figures['takeover_p99_ms']} ms, max {figures['takeover_max_ms']} ms ({FAILOVER_FIGURES})")
