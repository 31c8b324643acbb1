"""Nothing acknowledged is lost: SIGKILL mid-meeting, restart, and the meeting resumes."""
import time

from gavel_harness import Gaveld, seconds_agenda


def run_a_meeting_to_the_floor(daemon):
    """start, next, a speaker queued, another given the floor, the item extended, a message: the
    seqs acknowledged, and the state after them."""
    acked = []
    for command, fields in [("start", {}), ("next", {}), ("queueAdd", {"speaker": "Mr. B"}),
                            ("floorGrant", {"speaker": "Ms. A", "duration": "5m"}), ("extend", {"duration": "1m"}),
                            ("showMessage", {"text": "Back in five"})]:
        status, reply = daemon.command(command, **fields)
        assert status == 200, reply
        acked.append(reply["seq"])
    return acked, daemon.state()


def assert_resumed(after, before, acked):
    """A restarted daemon's state holds everything `run_a_meeting_to_the_floor` had acknowledged."""
    assert after["seq"] == acked[-1]
    assert after["meeting"]["id"] == before["meeting"]["id"]
    assert after["item"]["id"] == "2"
    assert after["floor"]["speaker"] == "Ms. A"
    assert after["item"]["addedMs"] == 60000
    assert after["queue"][0]["speaker"] == "Mr. B"
    assert after["message"]["text"] == "Back in five"


def test_sigkill_and_restart_resume_item_floor_and_elapsed(gaveld_factory):
    agenda = seconds_agenda([("One", 600), ("Two", 600)])
    daemon = gaveld_factory(agenda=agenda)
    acked, before = run_a_meeting_to_the_floor(daemon)
    time.sleep(1.0)
    daemon.kill()

    again = gaveld_factory(agenda=agenda, state_dir=daemon.state_dir, port=daemon.port, start=False)
    killed_at = time.time()
    again.start()
    after = again.state()
    assert_resumed(after, before, acked)
    # The clocks kept running while the daemon was down: same deadlines, more elapsed.
    assert after["item"]["endsAt"] == before["item"]["endsAt"]
    assert after["floor"]["endsAt"] == before["floor"]["endsAt"]
    gap = after["serverTime"] - before["serverTime"]
    assert gap >= 1000  # we slept 1 s between the two: load can only add to it
    # Both readings are the daemon's, each with its own serverTime: exact but for whole-ms rounding.
    assert abs((after["item"]["elapsedMs"] - before["item"]["elapsedMs"]) - gap) <= 5
    # And it goes on from there.
    status, reply = again.command("floorYield")
    assert status == 200 and reply["seq"] == acked[-1] + 1
    # Back in well under a second here; 30 s is only a bound against a restart that waits for
    # something to time out (the killed daemon's lock, a stuck replay), far above any machine's load.
    assert time.time() - killed_at < 30


def test_sigkill_and_restart_keep_the_speakers_message_the_blackout_and_the_last_flash(gaveld_factory):
    agenda = seconds_agenda([("One", 600)])
    daemon = gaveld_factory(agenda=agenda)
    for command, fields in [("start", {}), ("showMessage", {"preset": "wrap-up", "audience": "speaker"}),
                            ("flash", {"audience": "speaker"}), ("blackout", {})]:
        status, reply = daemon.command(command, **fields)
        assert status == 200, reply
    before = daemon.state()
    daemon.kill()

    again = gaveld_factory(agenda=agenda, state_dir=daemon.state_dir, port=daemon.port)
    after = again.state()
    assert after["seq"] == before["seq"]
    assert after["message"] == before["message"]
    assert after["message"]["audience"] == "speaker"
    assert after["displays"] == before["displays"]
    assert after["displays"]["blackout"]["audience"] == "everyone"
    assert after["displays"]["flash"]["audience"] == "speaker"
    # The blackout goes on until it is ended, after the restart too.
    status, reply = again.command("endBlackout")
    assert status == 200 and reply["state"]["displays"]["blackout"] is None


def test_sigkill_during_a_point_of_order_resumes_both_levels_with_their_times(gaveld_factory):
    agenda = seconds_agenda([("Debate", 900)])
    daemon = gaveld_factory(agenda=agenda)
    for command, fields in [("start", {}), ("floorGrant", {"speaker": "Ms. B", "duration": "5m", "delegation": "Brazil"}),
                            ("listAdd", {"speaker": "France", "speech": "reply"})]:
        status, reply = daemon.command(command, **fields)
        assert status == 200, reply
    time.sleep(0.5)
    status, reply = daemon.command("interrupt", speaker="Egypt", speech="point-of-order")
    assert status == 200, reply
    before = daemon.state()
    assert before["floor"]["speaker"] == "Egypt"
    waiting = before["floor"]["interrupted"][0]
    assert waiting["speaker"] == "Ms. B" and 0 < 300000 - waiting["remainingMs"] < 300000
    time.sleep(0.5)
    daemon.kill()

    again = gaveld_factory(agenda=agenda, state_dir=daemon.state_dir, port=daemon.port)
    after = again.state()
    assert after["seq"] == before["seq"]
    # The point of order kept running while the daemon was down, to the same deadline; the speaker
    # under it kept the time she had, to the millisecond.
    assert after["floor"]["speaker"] == "Egypt" and after["floor"]["speech"] == "point-of-order"
    assert after["floor"]["endsAt"] == before["floor"]["endsAt"]
    assert after["floor"]["interrupted"] == before["floor"]["interrupted"]
    assert [e["speaker"] for e in after["queue"]] == ["France"] and after["queue"][0]["speech"] == "reply"
    status, reply = again.command("floorReturn")
    assert status == 200, reply
    resumed = reply["state"]["floor"]
    assert resumed["speaker"] == "Ms. B" and resumed["delegation"] == "Brazil" and resumed["running"]
    # From the time she had when interrupted: only the instant since the return has run.
    assert 0 <= waiting["remainingMs"] - resumed["remainingMs"] < 1000
    assert resumed["endsAt"] == reply["state"]["serverTime"] + resumed["remainingMs"]


def test_sigterm_closes_displays_with_1001_and_exits_0(gaveld_factory):
    daemon = gaveld_factory(agenda=seconds_agenda([("One", 60)]))
    display = daemon.subscribe()
    display.next(type="state")
    daemon.command("start")
    code = daemon.terminate()
    assert code == 0, daemon.output()
    try:
        while True:
            display.next(timeout=5)
    except Exception:
        pass
    assert display.ws.close_code == 1001
    # The journal was synced: a restart resumes the running item.
    again = gaveld_factory(agenda=daemon_agenda(daemon), state_dir=daemon.state_dir, port=daemon.port)
    assert again.state()["item"]["id"] == "1"


def daemon_agenda(daemon):
    import json
    with open(daemon.agenda_path) as f:
        return json.load(f)


def test_an_ended_meeting_is_kept_and_a_new_one_opens_on_restart(gaveld_factory):
    agenda = seconds_agenda([("One", 60)])
    daemon = gaveld_factory(agenda=agenda)
    daemon.command("start")
    daemon.command("endMeeting")
    first_id = daemon.state()["meeting"]["id"]
    daemon.terminate()
    again = gaveld_factory(agenda=agenda, state_dir=daemon.state_dir, port=daemon.port)
    state = again.state()
    assert state["meeting"]["id"] != first_id
    assert state["meeting"]["phase"] == "notStarted"
