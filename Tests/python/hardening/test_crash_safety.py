"""SIGKILL at random moments of a scripted meeting: nothing acknowledged is lost, nothing is applied
twice, and the rebuilt state is the one a replay gives.

Each trial drives a scripted meeting of 60 commands with ids (start, items, floor grants, the queue,
extend and trim, pauses, messages; a few the meeting must refuse) from a driver thread, each over
HTTP or WebSocket at random. Meanwhile the test SIGKILLs gaveld one to three times at random moments
(sometimes again while it is starting up) and restarts it on the same state directory. A command
left without an answer is sent again with the same id until it gets one. Then:

- every answer is the one an independent model of the meeting predicts (`meeting_model.py`): the
  right acceptances with the right journal seq, the right refusals with the right code;
- the journal (opened read-only with sqlite3) holds every command id with its seq or its refusal,
  and exactly the events the model predicts, command by command;
- the daemon's state equals the model's logical state;
- a second restart with no command in between (a pure replay) gives the same state, with the same
  deadlines, and elapsed times that moved on by exactly the time that passed.

20 trials by default (about a minute); GAVEL_LONG=1, or --crash-trials N, runs more (200 in long
mode). GAVEL_CRASH_SEED fixes the seeds.
"""
import http.client
import json
import os
import random
import sqlite3
import threading
import time
import urllib.error
import urllib.request

import pytest
from websockets.sync.client import connect

from gavel_harness import Gaveld, seconds_agenda
from meeting_model import logical_state, scripted_meeting

ITEMS = 6
PLANNED_MS = 600_000
SCRIPT_LENGTH = 60
BASE_SEED = int(os.environ.get("GAVEL_CRASH_SEED", random.randrange(1, 1_000_000)))


def pytest_generate_tests(metafunc):
    if "trial" in metafunc.fixturenames:
        trials = metafunc.config.getoption("crash_trials", None) or (200 if os.environ.get("GAVEL_LONG") else 20)
        metafunc.parametrize("trial", [BASE_SEED + n for n in range(trials)], ids=lambda seed: f"seed{seed}")


class Unanswered(Exception):
    """The daemon went away before answering: send again, with the same id."""


class Driver(threading.Thread):
    """Sends the script in order; each command until it has an answer, over HTTP or WebSocket."""

    def __init__(self, daemon, script, rng):
        super().__init__(daemon=True)
        self.daemon_process = daemon
        self.script = script
        self.rng = rng
        self.answers = []
        self.retries = 0
        self.replayed = 0
        self.error = None
        self.ws = None

    def run(self):
        try:
            for command_id, name, wire, _ in self.script:
                message = dict(wire, id=command_id, command=name)
                deadline = time.time() + 60
                while True:
                    try:
                        answer = self.send(message)
                        break
                    except Unanswered:
                        self.retries += 1
                        if time.time() > deadline:
                            raise AssertionError(f"no answer to {command_id} within 60 s")
                        time.sleep(0.01)
                if answer.get("replayed"):
                    self.replayed += 1
                self.answers.append(answer)
                time.sleep(self.rng.uniform(0, 0.008))
        except BaseException as error:  # reported by the test thread
            self.error = error
        finally:
            self.close_ws()

    def send(self, message):
        if self.rng.random() < 0.5:
            return self.send_http(message)
        return self.send_ws(message)

    def send_http(self, message):
        daemon = self.daemon_process
        request = urllib.request.Request(daemon.url("/api/v1/commands"), data=json.dumps(message).encode(),
                                         method="POST", headers={"Authorization": f"Bearer {daemon.token}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                body = json.loads(response.read())
                return {"type": "ack", "id": body["id"], "seq": body["seq"], "replayed": body["replayed"]}
        except urllib.error.HTTPError as error:
            body = json.loads(error.read())
            if error.code == 409:
                return body
            raise AssertionError(f"HTTP {error.code} for {message['id']}: {body}")
        except (urllib.error.URLError, OSError, http.client.HTTPException, json.JSONDecodeError):
            raise Unanswered()

    def send_ws(self, message):
        daemon = self.daemon_process
        try:
            if self.ws is None:
                self.ws = connect(daemon.ws_url, subprotocols=["gavel.v1"], open_timeout=2,
                                  additional_headers={"Authorization": f"Bearer {daemon.token}"})
            self.ws.send(json.dumps(dict(message, type="command")))
            while True:
                reply = json.loads(self.ws.recv(timeout=10))
                if reply["type"] in ("ack", "error") and reply.get("id") == message["id"]:
                    if reply["type"] == "error" and reply["code"] in ("journalUnavailable", "internalError"):
                        raise AssertionError(f"{message['id']}: {reply}")
                    return reply
        except (OSError, TimeoutError, Exception) as error:
            if isinstance(error, AssertionError):
                raise
            self.close_ws()
            raise Unanswered()

    def close_ws(self):
        if self.ws is not None:
            try:
                self.ws.close()
            except Exception:
                pass
            self.ws = None


def restart(daemon, wait=True):
    if getattr(daemon, "log", None):
        daemon.log.close()
    daemon.start(wait=wait)


def journal_rows(state_dir):
    """The journal's commands and events, read-only (SQLite reads the live WAL beside it)."""
    path = os.path.join(state_dir, "journal.sqlite")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10) as db:
        commands = {row[0]: row[1:] for row in db.execute(
            "SELECT id, last_seq, error_code FROM commands")}
        events = db.execute("SELECT seq, meeting_id, command_id FROM events ORDER BY seq").fetchall()
    return commands, events


STABLE_ITEM_FIELDS = ("index", "id", "startedAt", "plannedStart", "plannedEnd", "allottedMs", "addedMs", "running",
                      "endsAt")
STABLE_FLOOR_FIELDS = ("speaker", "turn", "grantedAt", "grantedMs", "allottedMs", "addedMs", "running",
                       "heldByChair", "endsAt")


def assert_same_after_replay(before, after):
    """`after` (a fresh replay) shows `before`'s meeting: same deadlines, elapsed moved on by the gap."""
    gap = after["serverTime"] - before["serverTime"]
    assert gap >= 0
    assert logical_state(after) == logical_state(before)
    for key in ("id", "phase", "startedAt", "endedAt", "paused", "pausedSince", "planDate"):
        assert after["meeting"].get(key) == before["meeting"].get(key), key

    def moved(then, now, running, what):
        expected = then + gap if running else then
        assert abs(now - expected) <= 2, f"{what}: {then} then, {now} after {gap} ms (running: {running})"

    for part, fields in (("item", STABLE_ITEM_FIELDS), ("floor", STABLE_FLOOR_FIELDS)):
        if before[part] is None:
            assert after[part] is None
            continue
        for key in fields:
            assert after[part].get(key) == before[part].get(key), f"{part}.{key}"
        moved(before[part]["elapsedMs"], after[part]["elapsedMs"], before[part]["running"], f"{part}.elapsedMs")
    for then, now in zip(before["items"], after["items"]):
        for key in ("id", "status", "actualStart", "actualEnd", "allottedMs"):
            assert now.get(key) == then.get(key), f"items[{then['index']}].{key}"
        running = then["status"] == "current" and before["item"] is not None and before["item"]["running"]
        moved(then["elapsedMs"], now["elapsedMs"], running, f"items[{then['index']}].elapsedMs")
    assert after["queue"] == before["queue"]
    assert after["message"] == before["message"]


def test_sigkill_at_random_moments_loses_nothing_acknowledged(trial, record_figure):
    rng = random.Random(trial)
    agenda = seconds_agenda([(f"Item {n + 1}", PLANNED_MS // 1000) for n in range(ITEMS)])
    item_ids = [item["id"] for item in agenda["items"]]
    script, model = scripted_meeting(trial, item_ids, PLANNED_MS, SCRIPT_LENGTH)
    daemon = Gaveld(agenda=agenda)
    try:
        daemon.start()
        driver = Driver(daemon, script, rng)
        driver.start()
        kills = 0
        for _ in range(rng.randint(1, 3)):
            time.sleep(rng.uniform(0.0, 0.3))
            if not driver.is_alive():
                break
            daemon.kill()
            kills += 1
            time.sleep(rng.uniform(0, 0.03))
            if rng.random() < 0.25:
                # Killed again while it opens the journal and replays the meeting.
                restart(daemon, wait=False)
                time.sleep(rng.uniform(0, 0.06))
                daemon.kill()
                kills += 1
            restart(daemon)
        driver.join(timeout=120)
        assert not driver.is_alive(), "the driver did not finish"
        if driver.error:
            raise driver.error

        # Every answer is the one the model predicts.
        answered = {}
        for (command_id, name, wire, expected), answer in zip(script, driver.answers):
            assert answer["id"] == command_id
            if expected[0] == "ack":
                assert answer["type"] == "ack", f"{command_id} {name} {wire}: expected ack, got {answer}"
                assert answer["seq"] == expected[1], f"{command_id} {name}: seq {answer['seq']}, model {expected[1]}"
            else:
                assert answer["type"] == "error" and answer["code"] == expected[1], \
                    f"{command_id} {name} {wire}: expected {expected[1]}, got {answer}"
            answered[command_id] = answer
        assert len(answered) == len(script)

        # The journal holds every command, and exactly the model's events, command by command.
        commands, events = journal_rows(daemon.state_dir)
        state = daemon.state()
        for command_id, name, _, expected in script:
            assert command_id in commands, f"{command_id} ({name}) is not in the journal's commands"
            last_seq, error_code = commands[command_id]
            if expected[0] == "ack":
                assert last_seq == expected[1] and error_code is None, (command_id, commands[command_id])
            else:
                assert last_seq is None and error_code == expected[1], (command_id, commands[command_id])
        meeting_events = [event for event in events if event[1] == state["meeting"]["id"]]
        assert len(meeting_events) == model.events
        assert [event[0] for event in meeting_events] == list(range(1, model.events + 1))
        previous_seq = 0
        for command_id, name, _, expected in script:
            if expected[0] == "ack":
                mine = [event[0] for event in meeting_events if event[2] == command_id]
                assert mine == list(range(previous_seq + 1, expected[1] + 1)), (command_id, name, mine)
                previous_seq = expected[1]

        # The state is the model's, and a pure replay gives it again.
        assert logical_state(state) == model.logical()
        daemon.kill()
        restart(daemon)
        assert_same_after_replay(state, daemon.state())
        record_figure("crash_safety", trial, kills=kills, retries=driver.retries, replayed=driver.replayed,
                      events=model.events,
                      refused=sum(1 for *_, expected in script if expected[0] == "error"))
    except BaseException:
        print(f"trial seed {trial} (GAVEL_CRASH_SEED={trial} reproduces it as the first trial); log:\n"
              + daemon.output()[-4000:])
        raise
    finally:
        daemon.stop()
