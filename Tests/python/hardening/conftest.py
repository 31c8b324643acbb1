import json
import os

import pytest

FIGURES = {}
FIGURES_PATH = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..", ".build", "hardening",
                                            "figures.json"))


def pytest_addoption(parser):
    parser.addoption("--crash-trials", type=int, default=None,
                     help="crash-safety trials to run (default 20, or 200 with GAVEL_LONG=1)")


@pytest.fixture
def record_figure():
    """Records a measurement (RSS, fds, timings...) for docs/reliability.md, in .build/hardening/figures.json."""
    def record(test, key, **values):
        FIGURES.setdefault(test, {})[str(key)] = values
    return record


def pytest_sessionfinish(session, exitstatus):
    if not FIGURES:
        return
    os.makedirs(os.path.dirname(FIGURES_PATH), exist_ok=True)
    previous = {}
    try:
        with open(FIGURES_PATH) as f:
            previous = json.load(f)
    except (OSError, ValueError):
        pass
    previous.update(FIGURES)
    with open(FIGURES_PATH, "w") as f:
        json.dump(previous, f, indent=1, sort_keys=True)


def pytest_terminal_summary(terminalreporter):
    crash = FIGURES.get("crash_safety")
    if crash:
        trials = list(crash.values())
        terminalreporter.write_line(
            f"crash safety: {len(trials)} trials, {sum(t['kills'] for t in trials)} SIGKILLs, "
            f"{sum(t['retries'] for t in trials)} resends, {sum(t['replayed'] for t in trials)} answered from the "
            f"journal, {sum(t['events'] for t in trials)} events checked")
    if set(FIGURES) - {"crash_safety"}:
        terminalreporter.write_line(f"hardening figures: {FIGURES_PATH}")
