"""A full or read-only state directory: commands are refused, never acknowledged and lost;
the daemon recovers when space or write access returns."""
import os
import subprocess

import pytest

from gavel_harness import seconds_agenda


@pytest.fixture
def small_filesystem(tmp_path):
    """A 2 MiB tmpfs for the state directory (needs root and mount permission, as CI has)."""
    mountpoint = tmp_path / "small"
    mountpoint.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mountpoint)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip()}): the fault cannot be staged")
    yield mountpoint
    subprocess.run(["umount", "-l", str(mountpoint)], capture_output=True)


def fill(directory):
    """Fills the filesystem; returns the filler's path."""
    path = os.path.join(directory, "filler")
    with open(path, "wb") as f:
        try:
            while True:
                f.write(b"\0" * 65536)
                f.flush()
        except OSError:
            pass
    return path


def test_full_disk_refuses_commands_and_recovers(gaveld_factory, small_filesystem):
    state_dir = str(small_filesystem / "state")
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 600), ("Two", 600)]), state_dir=state_dir)
    display = daemon.subscribe()
    display.next(type="state")
    assert daemon.command("start")[0] == 200
    before = daemon.state()

    filler = fill(str(small_filesystem))
    refused = []
    for n in range(20):  # the journal's free pages may absorb a few; then it must refuse
        status, reply = daemon.command("showMessage", text=f"message {n} " + "x" * 250)
        if status != 200:
            refused.append((status, reply))
            break
    assert refused, "a full disk never made a command fail"
    status, reply = refused[0]
    assert status == 503
    assert reply["code"] == "journalUnavailable"
    assert "nothing was changed" in reply["message"]
    # What was refused was not applied, and nobody was told otherwise.
    state = daemon.state()
    assert state["message"] is None or not state["message"]["text"].startswith(f"message {n} ")
    assert "journal unavailable" in daemon.output()

    os.remove(filler)
    status, reply = daemon.command("next")
    assert status == 200, reply
    assert daemon.state()["item"]["id"] == "2"
    # And everything acknowledged survives a restart.
    acked = daemon.state()["seq"]
    daemon.kill()
    again = gaveld_factory(agenda=seconds_agenda([("One", 600), ("Two", 600)]), state_dir=state_dir, port=daemon.port)
    assert again.state()["seq"] == acked
    assert again.state()["item"]["id"] == "2"
    assert before["meeting"]["id"] == again.state()["meeting"]["id"]
