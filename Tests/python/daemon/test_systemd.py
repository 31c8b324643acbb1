"""The systemd units verify and are hardened; gaveld speaks sd_notify (READY, WATCHDOG, STOPPING)."""
import os
import shutil
import socket
import subprocess
import time

import pytest

from gavel_harness import GAVELD, ROOT, seconds_agenda

UNITS = ["gaveld.service", "gaveld@.service"]
needs_systemd = pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")


def unit_copy(tmp_path, name):
    """The unit with ExecStart pointing at the built gaveld (verify checks that the binary exists)."""
    text = open(os.path.join(ROOT, "systemd", name)).read().replace("/usr/local/bin/gaveld", GAVELD)
    target = tmp_path / (name.replace("@.", "@room4.") if "@." in name else name)
    target.write_text(text)
    return target


@needs_systemd
@pytest.mark.parametrize("name", UNITS)
def test_unit_verifies_without_a_word(tmp_path, name):
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", str(unit_copy(tmp_path, name))],
                            capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stdout + result.stderr


@needs_systemd
@pytest.mark.parametrize("name", UNITS)
def test_unit_exposure_is_under_3(tmp_path, name):
    result = subprocess.run(["systemd-analyze", "security", "--offline=yes", "--threshold=30", str(unit_copy(tmp_path, name))],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-600:]
    line = [l for l in result.stdout.splitlines() if "Overall exposure level" in l][0]
    score = float(line.split(":")[1].split()[0])
    assert score < 3.0, line


def test_sd_notify_ready_watchdog_and_stopping(gaveld_factory, tmp_path):
    path = str(tmp_path / "notify.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(path)
    listener.settimeout(10)
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60)]),
                            env={"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "400000"}, start=False)
    daemon.env.pop("WATCHDOG_PID", None)
    daemon.start()
    messages = []
    deadline = time.time() + 10
    while time.time() < deadline and sum("WATCHDOG=1" in m for m in messages) < 2:
        messages.append(listener.recv(4096).decode())
    assert any("READY=1" in m for m in messages), messages
    assert any("STATUS=" in m for m in messages), messages
    assert sum("WATCHDOG=1" in m for m in messages) >= 2, messages
    daemon.command("start")
    assert daemon.terminate() == 0
    rest = []
    try:
        while True:
            rest.append(listener.recv(4096).decode())
    except socket.timeout:
        pass
    except OSError:
        pass
    assert any("STOPPING=1" in m for m in rest), rest
    listener.close()
