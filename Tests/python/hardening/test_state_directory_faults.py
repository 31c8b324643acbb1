"""A full or read-only state directory: commands are refused, never acknowledged and lost;
the daemon recovers when space or write access returns."""
import json
import os
import shutil
import subprocess
import time

import pytest

from gavel_harness import GAVELD, free_port, seconds_agenda


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


# -- a full disk, seen by monitoring -----------------------------------------------------------------


def health(daemon):
    status, body = daemon.http("GET", "/healthz")
    return status, json.loads(body)


def test_a_full_disk_shows_as_degraded_until_space_returns(gaveld_factory, small_filesystem):
    state_dir = str(small_filesystem / "state")
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 600)]), state_dir=state_dir,
                            env={"GAVEL_JOURNAL_RETRY_INTERVAL": "0.3"})
    assert daemon.command("start")[0] == 200
    filler = fill(str(small_filesystem))
    for n in range(20):
        if daemon.command("showMessage", text=f"message {n} " + "x" * 250)[0] == 503:
            break
    else:
        raise AssertionError("a full disk never made a command fail")
    status, body = health(daemon)
    assert status == 503 and body["status"] == "degraded" and body["journalStatus"] == "failing"
    assert "disk is full" in body["reason"]
    os.remove(filler)
    # Nobody sends a command: the daemon notices by itself that it can write again.
    wait_until(lambda: health(daemon)[0] == 200, 10, "/healthz back to ok")
    assert "journal writable again" in daemon.output()


# -- a read-only state directory ---------------------------------------------------------------------


def wait_until(condition, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def wait_answering(daemon, timeout=20):
    """Like Gaveld.wait_ready, but a degraded daemon answers /healthz with 503."""
    def answering():
        if daemon.process.poll() is not None:
            raise AssertionError(f"gaveld exited with {daemon.process.returncode}:\n{daemon.output()}")
        try:
            return daemon.http("GET", "/healthz")[0] in (200, 503)
        except OSError:
            return False
    wait_until(answering, timeout, "gaveld answering")


def remount(mountpoint, mode):
    result = subprocess.run(["mount", "-o", f"remount,{mode}", str(mountpoint)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("how_it_stopped", ["cleanly", "killed"])
def test_a_read_only_journal_starts_degraded_and_recovers_without_a_restart(
        gaveld_factory, small_filesystem, how_it_stopped):
    """A clean stop leaves the journal alone (opened immutable); a killed daemon leaves its latest commits in
    the write-ahead log (read through it)."""
    agenda = seconds_agenda([("One", 600), ("Two", 600)])
    state_dir = str(small_filesystem / "state")
    first = gaveld_factory(agenda=agenda, state_dir=state_dir)
    assert first.command("start")[0] == 200
    assert first.command("floorGrant", speaker="Ms. A", duration="5m", id="before-1")[0] == 200
    status, reply = first.command("showMessage", text="Back in five", id="before-2")
    assert status == 200
    before = first.state()
    if how_it_stopped == "cleanly":
        assert first.terminate() == 0
        assert not os.path.exists(os.path.join(state_dir, "journal.sqlite-wal"))
    else:
        first.kill()
        assert os.path.getsize(os.path.join(state_dir, "journal.sqlite-wal")) > 0
    remount(small_filesystem, "ro")

    daemon = gaveld_factory(agenda=agenda, state_dir=state_dir, port=first.port, start=False,
                            env={"GAVEL_JOURNAL_RETRY_INTERVAL": "0.5"})
    daemon.start(wait=False)
    wait_answering(daemon)
    status, body = health(daemon)
    assert status == 503 and body["status"] == "degraded"
    assert body["journalStatus"] == "readOnly" and body["commands"] == "refused"
    assert "read-only" in body["reason"].lower()
    # Displays are served the meeting as it was, and keep counting down from its deadlines.
    display = daemon.subscribe()
    display.next(type="hello")
    state = display.next(type="state")
    assert state["seq"] == reply["seq"]
    assert state["item"]["id"] == "1" and state["item"]["endsAt"] == before["item"]["endsAt"]
    assert state["floor"]["speaker"] == "Ms. A" and state["floor"]["endsAt"] == before["floor"]["endsAt"]
    assert state["message"]["text"] == "Back in five"
    # Commands are refused, clearly, over HTTP and WebSocket; a retry of an applied one is answered.
    status, refused = daemon.command("next", id="during-1")
    assert status == 503 and refused["code"] == "journalUnavailable"
    assert "nothing was changed" in refused["message"] and "read-only" in refused["message"].lower()
    control = daemon.subscribe(control=True)
    control.next(type="state")
    assert control.request({"type": "command", "id": "during-2", "command": "next"})["code"] == "journalUnavailable"
    status, replayed = daemon.command("showMessage", text="Back in five", id="before-2")
    assert status == 200 and replayed["replayed"] is True and replayed["seq"] == reply["seq"]
    assert daemon.state()["item"]["id"] == "1"
    assert "starting degraded" in daemon.output()

    # Write access returns: commands are taken again, without a restart.
    remount(small_filesystem, "rw")
    wait_until(lambda: health(daemon)[0] == 200, 10, "/healthz back to ok")
    assert "journal writable again" in daemon.output()
    status, accepted = daemon.command("next", id="during-1")
    assert status == 200 and accepted["replayed"] is False, (accepted, daemon.output())
    while (state := display.next(type="state"))["seq"] < accepted["seq"]:
        pass
    assert state["item"]["id"] == "2"
    daemon.kill()
    again = gaveld_factory(agenda=agenda, state_dir=state_dir, port=first.port)
    assert again.state()["item"]["id"] == "2" and again.state()["seq"] == accepted["seq"]


def test_a_journal_that_cannot_be_created_stops_gaveld_with_73(small_filesystem, tmp_path):
    token = tmp_path / "token"
    token.write_text("a-token-long-enough-for-gaveld\n")
    remount(small_filesystem, "ro")
    result = subprocess.run([GAVELD, "--listen", f"127.0.0.1:{free_port()}", "--state-dir", str(small_filesystem),
                             "--token-file", str(token)], capture_output=True, text=True, timeout=30)
    assert result.returncode == 73, result
    assert "cannot open journal" in result.stderr and "read-only file system" in result.stderr.lower()


# -- an I/O error while committing --------------------------------------------------------------------

FAILING_FSYNC = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

/* fsync and fdatasync fail with EIO while the file named by GAVEL_TEST_EIO_TRIGGER exists. */
static int failing(void) {
    const char *trigger = getenv("GAVEL_TEST_EIO_TRIGGER");
    return trigger && access(trigger, F_OK) == 0;
}

int fsync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fsync");
    if (failing()) { errno = EIO; return -1; }
    return real(fd);
}

int fdatasync(int fd) {
    static int (*real)(int);
    if (!real) real = (int (*)(int))dlsym(RTLD_NEXT, "fdatasync");
    if (failing()) { errno = EIO; return -1; }
    return real(fd);
}
"""


@pytest.fixture(scope="module")
def failing_fsync(tmp_path_factory):
    """A preloadable library whose fsync fails with EIO on demand: the disk failing at commit."""
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if compiler is None:
        pytest.skip("no C compiler to build the fault-injection library")
    directory = tmp_path_factory.mktemp("eio")
    source, library = directory / "failing_fsync.c", directory / "failing_fsync.so"
    source.write_text(FAILING_FSYNC)
    subprocess.run([compiler, "-shared", "-fPIC", "-O2", "-o", str(library), str(source), "-ldl"], check=True)
    return str(library)


def test_an_io_error_at_commit_rereads_the_journal_so_state_and_journal_agree(gaveld_factory, failing_fsync,
                                                                              tmp_path):
    agenda = seconds_agenda([("One", 600), ("Two", 600)])
    trigger = tmp_path / "fail-fsync"
    daemon = gaveld_factory(agenda=agenda, env={
        "LD_PRELOAD": failing_fsync, "GAVEL_TEST_EIO_TRIGGER": str(trigger), "GAVEL_JOURNAL_RETRY_INTERVAL": "0.3"})
    assert daemon.command("start")[0] == 200
    seq_before = daemon.state()["seq"]
    trigger.touch()
    status, reply = daemon.command("showMessage", text="during the fault", id="io-1")
    assert status == 503 and reply["code"] == "journalUnavailable"
    assert "input/output error" in reply["message"] and "same id (io-1)" in reply["message"]
    status, body = health(daemon)
    assert status == 503 and body["journalStatus"] == "readOnly"
    # What the daemon shows is what its journal holds: the command is in both, or in neither.
    state = daemon.state()
    in_state = state["message"] is not None and state["message"]["text"] == "during the fault"
    status, retried = daemon.command("showMessage", text="during the fault", id="io-1")
    in_journal = status == 200 and retried["replayed"] is True
    assert in_state == in_journal, (state["message"], status, retried)
    assert state["seq"] == (seq_before + 1 if in_journal else seq_before)

    trigger.unlink()
    wait_until(lambda: health(daemon)[0] == 200, 10, "/healthz back to ok")
    status, final = daemon.command("showMessage", text="during the fault", id="io-1")
    assert status == 200 and final["replayed"] is in_journal and final["seq"] == seq_before + 1
    assert daemon.command("next")[0] == 200
    after = daemon.state()
    daemon.kill()
    again = gaveld_factory(agenda=agenda, state_dir=daemon.state_dir, port=daemon.port)
    replayed = again.state()
    assert replayed["seq"] == after["seq"] == seq_before + 3  # the message, then next: itemEnded, itemStarted
    assert replayed["message"]["text"] == "during the fault" and replayed["item"]["id"] == "2"
    assert "re-reading the journal" in daemon.output()
