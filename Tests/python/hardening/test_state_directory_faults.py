"""A full or read-only state directory: commands are refused, never acknowledged and lost;
the daemon recovers when space or write access returns."""
import http.client
import json
import os
import shutil
import struct
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
    for n in range(2000):  # the room the journal holds (free pages, its log) takes some; then it must refuse
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

RETRY_S = 0.3


def health(daemon):
    status, body = daemon.http("GET", "/healthz")
    return status, json.loads(body)


def stays_degraded(daemon, seconds, what):
    """/healthz answers 503 `failing` all along (polled every 50 ms: no flapping), and a command
    sent meanwhile is refused; the log never says the journal is writable again."""
    deadline = time.time() + seconds
    polls = 0
    while time.time() < deadline:
        status, body = health(daemon)
        assert status == 503 and body["journalStatus"] == "failing", (what, polls, body)
        polls += 1
        if polls % 6 == 0:
            # Commands of several sizes: what a failed one leaves in the log may take a smaller one.
            if polls % 12 == 0:
                status, reply = daemon.command("showMessage", text=f"while full {polls} " + "x" * 250)
            else:
                status, reply = daemon.command("floorGrant", speaker=f"Speaker {polls} " + "y" * 90)
            assert status == 503 and reply["code"] == "journalUnavailable", (what, status, reply)
        time.sleep(0.05)
    assert "journal writable again" not in daemon.output(), what
    return polls


def start_degraded(gaveld_factory, agenda, state_dir, port):
    daemon = gaveld_factory(agenda=agenda, state_dir=state_dir, port=port, start=False,
                            env={"GAVEL_JOURNAL_RETRY_INTERVAL": str(RETRY_S)})
    daemon.start(wait=False)
    wait_answering(daemon)
    return daemon


def test_a_full_disk_stays_degraded_until_space_returns(gaveld_factory, small_filesystem):
    """A small write still fits on a full disk (into the log pages a failed commit left), so a
    small probe said ok while the next command was refused, back and forth: the probe is as large
    as the largest command's write, and a restart on the full volume starts degraded."""
    agenda = seconds_agenda([("One", 600)])
    state_dir = str(small_filesystem / "state")
    daemon = gaveld_factory(agenda=agenda, state_dir=state_dir, env={"GAVEL_JOURNAL_RETRY_INTERVAL": str(RETRY_S)})
    assert daemon.command("start")[0] == 200
    filler = fill(str(small_filesystem))
    # The journal holds some room it proved at start (free pages, its log's length): commands go
    # on until that is used, then one is refused.
    for n in range(2000):
        if daemon.command("showMessage", text=f"message {n} " + "x" * 250)[0] == 503:
            break
    else:
        raise AssertionError("a full disk never made a command fail")
    status, body = health(daemon)
    assert status == 503 and body["status"] == "degraded" and body["journalStatus"] == "failing"
    assert "disk is full" in body["reason"]
    stays_degraded(daemon, 5 * RETRY_S, "while the disk is full")

    # A restart on the full volume: degraded from the start, not ok.
    daemon.kill()
    again = start_degraded(gaveld_factory, agenda, state_dir, daemon.port)
    status, body = health(again)
    assert status == 503 and body["journalStatus"] == "failing", body
    assert "disk is full" in body["reason"]
    assert "starting degraded" in again.output()
    stays_degraded(again, 5 * RETRY_S, "after a restart on the full volume")

    os.remove(filler)
    # Nobody sends a command: the daemon notices by itself that it can write again.
    wait_until(lambda: health(again)[0] == 200, 10, "/healthz back to ok")
    assert "journal writable again" in again.output()
    status, reply = again.command("showMessage", text="space again")
    assert status == 200, reply


# gaveld's PRAGMA journal_size_limit (Journal.walSizeLimit).
JOURNAL_SIZE_LIMIT = 512 * 1024


def wal_frames(state_dir):
    """(frames in the write-ahead log, page size), from the log's index (the -shm file's header)."""
    with open(os.path.join(state_dir, "journal.sqlite-shm"), "rb") as f:
        header = f.read(24)
    page_size, frames = struct.unpack_from("=HI", header, 14)
    return frames, 65536 if page_size == 1 else page_size


@pytest.mark.parametrize("text", ["short", "long"])
def test_a_small_volume_holds_thousands_of_commands(gaveld_factory, small_filesystem, record_figure, text):
    """Each commit adds four or five pages to the write-ahead log, and SQLite folded the log back
    into the database only at 1,000 pages (about 4 MB): a 2 MiB volume filled with log after ~115
    commands, then a small probe said ok and the next command was refused, back and forth.
    Messages, each with an id as the CLI sends them ("message N", or 250 characters more as the
    issue's probe sent), fill the volume; it then stays degraded, a restart on it starts
    degraded, and more room brings it back."""
    agenda = seconds_agenda([("One", 600)])
    state_dir = str(small_filesystem / "state")
    daemon = gaveld_factory(agenda=agenda, state_dir=state_dir, env={"GAVEL_JOURNAL_RETRY_INTERVAL": str(RETRY_S)})
    assert daemon.command("start")[0] == 200
    connection = http.client.HTTPConnection("127.0.0.1", daemon.port, timeout=10)
    headers = {"Authorization": f"Bearer {daemon.token}", "Content-Type": "application/json"}
    padding = "x" * 250 if text == "long" else ""

    def send(n):
        body = json.dumps({"command": "showMessage", "id": f"fill-{n}", "text": f"m {n}{padding}"})
        connection.request("POST", "/api/v1/commands", body, headers)
        response = connection.getresponse()
        return response.status, json.loads(response.read())

    held, grown, (frames_before, page_size) = 0, [], wal_frames(state_dir)
    started = time.time()
    while held < 20000:
        status, reply = send(held)
        if status != 200:
            break
        held += 1
        frames, _ = wal_frames(state_dir)
        grown.append(frames - frames_before if frames > frames_before else None)  # None: folded back
        frames_before = frames
    seconds = time.time() - started
    connection.close()
    frame_bytes = page_size + 24

    def per_commit(counts):
        counts = [c for c in counts if c is not None]
        return round(sum(counts) / len(counts) * frame_bytes)

    wal_bytes = os.path.getsize(os.path.join(state_dir, "journal.sqlite-wal"))
    database_bytes = os.path.getsize(os.path.join(state_dir, "journal.sqlite"))
    figures = dict(commands=held, log_bytes_per_commit_first_100=per_commit(grown[:100]),
                   log_bytes_per_commit=per_commit(grown), log_file_bytes=wal_bytes,
                   database_bytes=database_bytes, seconds=round(seconds, 1))
    record_figure("state_directory", f"small_volume_{text}", **figures)
    print(f"\na 2 MiB volume held {held} {text} messages: {figures}")
    assert status == 503 and reply["code"] == "journalUnavailable", reply
    assert "disk is full" in reply["message"]

    # Full of journal: degraded, and it stays so.
    stays_degraded(daemon, 5 * RETRY_S, "full of journal")
    assert held >= 2000, f"a 2 MiB volume held only {held} commands"
    assert wal_bytes <= JOURNAL_SIZE_LIMIT + frame_bytes, "the log is cut back to journal_size_limit"
    daemon.kill()
    again = start_degraded(gaveld_factory, agenda, state_dir, daemon.port)
    assert health(again)[1]["journalStatus"] == "failing"
    stays_degraded(again, 5 * RETRY_S, "after a restart on the full volume")
    # More room (the volume grown): back by itself, and everything acknowledged is there.
    result = subprocess.run(["mount", "-o", "remount,size=4m", str(small_filesystem)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    wait_until(lambda: health(again)[0] == 200, 10, "/healthz back to ok")
    last = f"m {held - 1}{padding}"
    assert again.state()["message"]["text"] == last
    status, reply = again.command("showMessage", id=f"fill-{held - 1}", text=last)
    assert status == 200 and reply["replayed"] is True, reply
    assert again.command("showMessage", text="more room")[0] == 200


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
