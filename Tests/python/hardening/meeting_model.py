"""An independent model of a meeting's logical state, written from docs/protocol.md and the rules of
MeetingState+Commands.swift, for the crash-safety harness.

It knows, for every command, whether the daemon must accept or refuse it (and with which code), how
many journal events an accepted one writes, and what the state's logical part becomes: the phase,
the current item, pauses, each item's added time, the floor, the queue, the message and its
audience, the displays' blackout and the audience of their last flash. Timing
(elapsed, deadlines) is not modelled: it is checked by comparing restarts with each other.
"""
import copy
import random

DEFAULT_FLOOR_MS = 180_000  # the agenda names no speaker time: the meeting-wide default, 3m
LONGEST_MS = 12 * 3600 * 1000


class Refused(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


class MeetingModel:
    def __init__(self, item_ids, planned_ms):
        self.item_ids = list(item_ids)
        self.planned_ms = planned_ms
        self.phase = "notStarted"
        self.current = None
        self.last = None
        self.paused = False
        self.added = [0] * len(item_ids)
        self.floor = None  # dict(speaker, granted, added, held, turn)
        self.turns = 0
        self.lists = [[] for _ in item_ids]  # per item: [id, speaker, time_ms or None]
        self.next_queue_id = 1
        self.message = None  # (text, audience)
        self.blackout = None  # audience
        self.flash = None  # audience of the last flash (its instant is timing, not modelled)
        self.events = 0

    @property
    def list_item(self):
        """The item whose list is the queue: the current one, or between items the one `next` starts
        (before the meeting, the first); None after the last item."""
        if self.current is not None:
            return self.current
        following = 0 if self.last is None else self.last + 1
        return following if following < len(self.item_ids) else None

    @property
    def queue(self):
        return [] if self.list_item is None else self.lists[self.list_item]

    # -- the rules --------------------------------------------------------------------------------

    def _running(self):
        if self.phase == "notStarted":
            raise Refused("notStarted")
        if self.phase == "ended":
            raise Refused("meetingEnded")

    def _not_ended(self):
        if self.phase == "ended":
            raise Refused("meetingEnded")

    def _current(self):
        if self.current is None:
            raise Refused("noCurrentItem")
        return self.current

    def _floor(self):
        if self.floor is None:
            raise Refused("noFloor")
        return self.floor

    @staticmethod
    def _duration(ms):
        if not 0 < ms <= LONGEST_MS:
            raise Refused("invalidDuration")

    def _leave(self):
        """Events that close the current item: end a pause, take back the floor, end the item."""
        if self.current is None:
            return 0
        count = 1
        if self.paused:
            self.paused = False
            count += 1
        if self.floor is not None:
            self.floor = None
            count += 1
        self.current = None
        return count

    def _start_item(self, index):
        self.current = index
        self.last = index
        return 1

    def _grant(self, speaker, ms):
        count = 1 if self.floor is not None else 0
        self.floor = dict(speaker=speaker, granted=ms, added=0, held=False, turn=self.turns)
        self.turns += 1
        return count + 1

    def _queue_position(self, fields):
        if not self.queue:
            raise Refused("queueEmpty")
        if "position" in fields:
            position = fields["position"]
            if not 1 <= position <= len(self.queue):
                raise Refused("unknownSpeaker")
            return position - 1
        for index, entry in enumerate(self.queue):
            if entry[1].lower() == fields["speaker"].lower():
                return index
        raise Refused("unknownSpeaker")

    def apply(self, name, fields):
        """Applies a command; returns the number of events it writes, or raises Refused (unchanged)."""
        before = copy.deepcopy(self.__dict__)
        try:
            count = getattr(self, "_cmd_" + name)(fields)
        except Refused:
            self.__dict__.update(before)
            raise
        self.events += count
        return count

    def _cmd_start(self, f):
        if self.phase != "notStarted":
            raise Refused("meetingEnded" if self.phase == "ended" else "alreadyStarted")
        self.phase = "running"
        return 1 + self._start_item(0)

    def _cmd_goto(self, f):
        self._not_ended()
        reference = str(f["item"])
        if reference in self.item_ids:
            index = self.item_ids.index(reference)
        elif reference.isdigit() and 1 <= int(reference) <= len(self.item_ids):
            index = int(reference) - 1
        else:
            raise Refused("unknownItem")
        if index == self.current:
            raise Refused("alreadyCurrent")
        count = 0
        if self.phase == "notStarted":
            self.phase = "running"
            count += 1
        return count + self._leave() + self._start_item(index)

    def _cmd_next(self, f):
        self._running()
        source = self.current if self.current is not None else self.last
        target = 0 if source is None else source + 1
        if target >= len(self.item_ids):
            raise Refused("atLastItem")
        return self._leave() + self._start_item(target)

    def _cmd_previous(self, f):
        self._running()
        if self.current is not None:
            if self.current == 0:
                raise Refused("atFirstItem")
            target = self.current - 1
        elif self.last is not None:
            target = self.last
        else:
            raise Refused("atFirstItem")
        return self._leave() + self._start_item(target)

    def _cmd_pause(self, f):
        self._running()
        self._current()
        if self.paused:
            raise Refused("paused")
        self.paused = True
        return 1

    def _cmd_resume(self, f):
        self._running()
        if not self.paused:
            raise Refused("notPaused")
        self.paused = False
        return 1

    def _cmd_extend(self, f):
        self._running()
        index = self._current()
        self._duration(f["ms"])
        self.added[index] += f["ms"]
        return 1

    def _cmd_trim(self, f):
        self._running()
        index = self._current()
        self._duration(f["ms"])
        if f["ms"] > self.planned_ms + self.added[index]:
            raise Refused("invalidDuration")
        self.added[index] -= f["ms"]
        return 1

    def _cmd_endItem(self, f):
        self._running()
        self._current()
        return self._leave()

    def _cmd_floorGrant(self, f):
        self._running()
        self._current()
        if self.paused:
            raise Refused("paused")
        queued = next((entry for entry in self.queue if entry[1].lower() == f["speaker"].lower()), None)
        ms = f.get("ms", queued[2] if queued and queued[2] is not None else DEFAULT_FLOOR_MS)
        self._duration(ms)
        if queued is None:
            return self._grant(f["speaker"], ms)
        self.queue.remove(queued)  # given the floor directly, taken off the list
        return 1 + self._grant(queued[1], ms)

    def _cmd_floorExtend(self, f):
        self._running()
        floor = self._floor()
        self._duration(f["ms"])
        floor["added"] += f["ms"]
        return 1

    def _cmd_floorPause(self, f):
        self._running()
        floor = self._floor()
        if floor["held"]:
            raise Refused("floorPaused")
        floor["held"] = True
        return 1

    def _cmd_floorResume(self, f):
        self._running()
        floor = self._floor()
        if not floor["held"]:
            raise Refused("floorNotPaused")
        floor["held"] = False
        return 1

    def _cmd_floorYield(self, f):
        self._running()
        self._floor()
        self.floor = None
        return 1

    def _cmd_queueAdd(self, f):
        self._not_ended()
        if f.get("ms") is not None:
            self._duration(f["ms"])
        if self.list_item is None:
            raise Refused("noCurrentItem")
        if any(entry[1].lower() == f["speaker"].lower() for entry in self.queue):
            raise Refused("alreadyQueued")
        self.queue.append([self.next_queue_id, f["speaker"], f.get("ms")])
        self.next_queue_id += 1
        return 1

    def _cmd_queueRemove(self, f):
        self._not_ended()
        if self.list_item is None:
            raise Refused("noCurrentItem")
        del self.queue[self._queue_position(f)]
        return 1

    def _cmd_queueMove(self, f):
        self._not_ended()
        if self.list_item is None:
            raise Refused("noCurrentItem")
        position = self._queue_position(f)
        if not 1 <= f["to"] <= len(self.queue):
            raise Refused("unknownSpeaker")
        entry = self.queue.pop(position)
        self.queue.insert(min(max(f["to"] - 1, 0), len(self.queue)), entry)
        return 1

    def _cmd_queueNext(self, f):
        self._running()
        self._current()
        if not self.queue:
            raise Refused("queueEmpty")
        if self.paused:
            raise Refused("paused")
        _, speaker, ms = self.queue.pop(0)
        return 1 + self._grant(speaker, ms if ms is not None else DEFAULT_FLOOR_MS)

    def _cmd_showMessage(self, f):
        text = f["text"].strip()
        if not text or len(text) > 280:
            raise Refused("invalidText")
        self.message = (text, f.get("audience", "everyone"))
        return 1

    def _cmd_clearMessage(self, f):
        if self.message is None:
            raise Refused("noMessage")
        self.message = None
        return 1

    def _cmd_blackout(self, f):
        audience = f.get("audience", "everyone")
        if self.blackout == audience:
            raise Refused("alreadyBlackedOut")
        self.blackout = audience
        return 1

    def _cmd_endBlackout(self, f):
        if self.blackout is None:
            raise Refused("noBlackout")
        self.blackout = None
        return 1

    def _cmd_flash(self, f):
        self.flash = f.get("audience", "everyone")
        return 1

    # -- what the daemon's state must show ----------------------------------------------------------

    def logical(self):
        floor = None
        if self.floor is not None:
            floor = dict(speaker=self.floor["speaker"], grantedMs=self.floor["granted"], addedMs=self.floor["added"],
                         heldByChair=self.floor["held"], turn=self.floor["turn"],
                         running=not self.floor["held"] and not self.paused)
        return dict(
            phase=self.phase, paused=self.paused,
            item=None if self.current is None else self.item_ids[self.current],
            itemAddedMs=None if self.current is None else self.added[self.current],
            itemRunning=None if self.current is None else not self.paused,
            allottedMs=[self.planned_ms + added for added in self.added],
            floor=floor,
            queue=[(entry[0], entry[1], entry[2]) for entry in self.queue],
            message=self.message,
            blackout=self.blackout,
            flash=self.flash,
            seq=self.events,
        )


def logical_state(state):
    """The part of a `state` message the model predicts."""
    floor = state["floor"]
    item = state["item"]
    return dict(
        phase=state["meeting"]["phase"], paused=state["meeting"]["paused"],
        item=item["id"] if item else None,
        itemAddedMs=item["addedMs"] if item else None,
        itemRunning=item["running"] if item else None,
        allottedMs=[entry["allottedMs"] for entry in state["items"]],
        floor=None if floor is None else dict(
            speaker=floor["speaker"], grantedMs=floor["grantedMs"], addedMs=floor["addedMs"],
            heldByChair=floor["heldByChair"], turn=floor["turn"], running=floor["running"]),
        queue=[(entry["id"], entry["speaker"], entry.get("timeMs")) for entry in state["queue"]],
        message=(state["message"]["text"], state["message"]["audience"]) if state["message"] else None,
        blackout=state["displays"]["blackout"]["audience"] if state["displays"]["blackout"] else None,
        flash=state["displays"]["flash"]["audience"] if state["displays"]["flash"] else None,
        seq=state["seq"],
    )


SPEAKERS = ["Ms. Louise Arbour", "Mr. William Lacy Swing", "H.E. Ms. Juan", "Dr. Amina Mohammed", "Mr. Kofi",
            "Ms. Odile Renaud-Basso", "Mr. Tan", "Ms. Ngozi"]
DURATIONS_MS = [15_000, 30_000, 45_000, 60_000, 90_000, 120_000, 300_000]


def random_command(rng, model):
    """A command for the model's state: usually one it accepts, sometimes one it refuses."""
    def duration():
        ms = rng.choice(DURATIONS_MS)
        return ms, f"{ms // 1000}s"

    kinds = [
        ("next", 6), ("previous", 1), ("goto", 2), ("pause", 3), ("resume", 3), ("extend", 4), ("trim", 2),
        ("endItem", 1), ("floorGrant", 6), ("floorExtend", 3), ("floorPause", 2), ("floorResume", 2),
        ("floorYield", 2), ("queueAdd", 7), ("queueRemove", 2), ("queueMove", 3), ("queueNext", 4),
        ("showMessage", 4), ("clearMessage", 2), ("blackout", 2), ("endBlackout", 2), ("flash", 2),
    ]
    names = [name for name, _ in kinds]
    weights = [weight for _, weight in kinds]
    for attempt in range(12):
        name = rng.choices(names, weights)[0]
        fields, wire = {}, {}
        if name == "goto":
            item = rng.choice(model.item_ids + [str(rng.randint(1, len(model.item_ids)))])
            fields["item"] = wire["item"] = item
        elif name in ("extend", "trim", "floorExtend"):
            fields["ms"], wire["duration"] = duration()
        elif name == "floorGrant":
            fields["speaker"] = wire["speaker"] = rng.choice(SPEAKERS)
            if rng.random() < 0.8:
                fields["ms"], wire["duration"] = duration()
        elif name == "queueAdd":
            fields["speaker"] = wire["speaker"] = rng.choice(SPEAKERS)
            if rng.random() < 0.6:
                fields["ms"], wire["duration"] = duration()
        elif name in ("queueRemove", "queueMove"):
            if model.queue and rng.random() < 0.5:
                fields["speaker"] = wire["speaker"] = rng.choice(model.queue)[1]
            else:
                fields["position"] = wire["position"] = rng.randint(1, max(1, len(model.queue)))
            if name == "queueMove":
                fields["to"] = wire["to"] = rng.randint(1, max(1, len(model.queue)))
        elif name == "showMessage":
            fields["text"] = wire["text"] = rng.choice(
                ["Please silence your phones", "Back in five", "Interpretation on channel 3", "Next: the panel"])
            if rng.random() < 0.4:
                fields["audience"] = wire["audience"] = rng.choice(["everyone", "speaker"])
        elif name in ("blackout", "flash"):
            if rng.random() < 0.7:
                fields["audience"] = wire["audience"] = rng.choice(["everyone", "speaker"])
        trial = copy.deepcopy(model)
        try:
            trial.apply(name, fields)
            valid = True
        except Refused:
            valid = False
        if valid or attempt >= 6 or rng.random() < 0.05:
            return name, fields, wire
    return name, fields, wire


def scripted_meeting(seed, item_ids, planned_ms, length):
    """[(id, name, wire fields, expected: ("ack", seq) or ("error", code))], from `seed`."""
    rng = random.Random(seed)
    model = MeetingModel(item_ids, planned_ms)
    script = []
    for n in range(length):
        if n == 0:
            name, fields, wire = "start", {}, {}
        else:
            name, fields, wire = random_command(rng, model)
        try:
            model.apply(name, fields)
            expected = ("ack", model.events)
        except Refused as refused:
            expected = ("error", refused.code)
        script.append((f"crash-{seed}-{n}", name, wire, expected))
    return script, model
