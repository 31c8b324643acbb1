import GavelCore

/// The full state of the meeting, sent on connect and after every change.
///
/// Displays count down locally: a running timer carries `endsAt` (server time) and a stopped one
/// only `remainingMs`; with the clock offset from ping/pong, a display needs no further message
/// until something changes. Levels can be recomputed locally from `thresholds`.
public struct StateMessage: Codable, Hashable, Sendable {
    public var type = "state"
    /// The journal sequence number of the last event: increases with every change.
    public var seq: Int64
    /// When this snapshot was taken; elapsed and remaining values are as of this instant.
    public var serverTime: Instant
    public var meeting: Meeting
    public var item: TimerState?
    public var floor: FloorState?
    /// The item after the current one (or the one "next" would start).
    public var next: NextItem?
    public var schedule: Schedule
    public var items: [ItemState]
    public var queue: [QueuedSpeaker]
    public var message: Message?
    /// Blackout and flash of the displays; absent from an older daemon's state.
    public var displays: Displays?
    /// Whether the current list fits the item's time; absent between items and from older daemons.
    public var listPlan: ListPlan?
    /// The current list is closed (only the chair adds to it); absent when it is open.
    public var listClosed: Bool?

    public struct Meeting: Codable, Hashable, Sendable {
        public var id: Int64
        public var title: String
        /// The title in other languages, by language code; absent when the agenda gives none.
        public var titles: [String: String]?
        public var subtitle: String?
        public var venue: String?
        public var timeZone: String
        public var phase: MeetingState.Phase
        public var startedAt: Instant?
        public var endedAt: Instant?
        /// The day the planned times apply to.
        public var planDate: LocalDate
        /// The day the agenda was printed for.
        public var agendaDate: LocalDate
        /// True when the meeting runs on another day than its agenda's (a rehearsal, a postponement).
        public var dateShifted: Bool
        public var paused: Bool
        public var pausedSince: Instant?
    }

    public struct Thresholds: Codable, Hashable, Sendable {
        public var warningMs: Int64
        public var wrapUpMs: Int64
        public var reminderEveryMs: Int64
        /// How long the time-up level is held before reading as overrun.
        public var timeUpHoldMs: Int64

        init(_ thresholds: AlertThresholds) {
            warningMs = thresholds.warning.milliseconds
            wrapUpMs = thresholds.wrapUp.milliseconds
            reminderEveryMs = thresholds.reminderEvery.milliseconds
            timeUpHoldMs = AlertLevel.timeUpHold.milliseconds
        }
    }

    /// The current item's timer.
    public struct TimerState: Codable, Hashable, Sendable {
        public var index: Int
        public var id: String
        public var title: String
        /// The title in other languages, by language code; absent when the agenda gives none.
        public var titles: [String: String]?
        public var kind: AgendaItem.Kind
        public var plannedStart: Instant
        public var plannedEnd: Instant
        public var startedAt: Instant?
        public var allottedMs: Int64
        public var elapsedMs: Int64
        /// Negative once over.
        public var remainingMs: Int64
        public var overrunMs: Int64
        public var pausedMs: Int64
        public var addedMs: Int64
        public var running: Bool
        /// When the time runs out while running; null while paused.
        public var endsAt: Instant?
        public var level: AlertLevel
        public var thresholds: Thresholds
        public var people: [Person]
    }

    public struct FloorState: Codable, Hashable, Sendable {
        public var speaker: String
        /// Which grant of the meeting this is (0-based), to tell two turns of one speaker apart.
        public var turn: Int
        public var grantedAt: Instant
        public var grantedMs: Int64
        public var allottedMs: Int64
        public var elapsedMs: Int64
        public var remainingMs: Int64
        public var overrunMs: Int64
        public var pausedMs: Int64
        public var addedMs: Int64
        public var running: Bool
        /// The chair paused this speaker (a meeting pause alone does not set it).
        public var heldByChair: Bool
        public var endsAt: Instant?
        public var level: AlertLevel
        public var thresholds: Thresholds
        /// The speech type's id ("statement", "point-of-order") and name; absent from an older
        /// daemon's state.
        public var speech: String?
        public var speechName: String?
        public var delegation: String?
        /// The turns this one interrupts, the nearest first, each waiting with its clock stopped;
        /// empty when nobody was interrupted.
        public var interrupted: [InterruptedTurn]?
    }

    /// A turn waiting under an interruption, with the time it will have when it resumes.
    public struct InterruptedTurn: Codable, Hashable, Sendable {
        public var speaker: String
        public var turn: Int
        public var speech: String?
        public var speechName: String?
        public var delegation: String?
        public var remainingMs: Int64
        public var allottedMs: Int64
    }

    public struct NextItem: Codable, Hashable, Sendable {
        public var index: Int
        public var id: String
        public var title: String
        /// The title in other languages, by language code; absent when the agenda gives none.
        public var titles: [String: String]?
        public var kind: AgendaItem.Kind
        public var plannedStart: Instant
        public var projectedStart: Instant?
    }

    public struct Schedule: Codable, Hashable, Sendable {
        /// Positive when behind the printed programme, negative when ahead.
        public var clockDriftMs: Int64
        /// Positive when items so far took longer than planned; null before the start.
        public var durationDriftMs: Int64?
        public var plannedEnd: Instant
        public var projectedEnd: Instant
        /// When the meeting must end: the last accepted plan's (`gavel plan --accept`), else the
        /// agenda's `hardEnd`; absent when neither says.
        public var hardEnd: Instant? = nil
    }

    public struct ItemState: Codable, Hashable, Sendable {
        public var index: Int
        public var id: String
        public var title: String
        /// The title in other languages, by language code; absent when the agenda gives none.
        public var titles: [String: String]?
        public var kind: AgendaItem.Kind
        public var status: ScheduleProjection.Status
        public var plannedStart: Instant
        public var plannedEnd: Instant
        public var projectedStart: Instant?
        public var projectedEnd: Instant?
        public var actualStart: Instant?
        public var actualEnd: Instant?
        public var allottedMs: Int64
        public var elapsedMs: Int64
        /// Must start at its planned time (the agenda's `fixed`); absent otherwise.
        public var fixed: Bool? = nil
        /// Left out by an accepted plan; absent otherwise.
        public var dropped: Bool? = nil
        /// The allotment an accepted plan gave it; absent otherwise.
        public var planAllotmentMs: Int64? = nil
    }

    public struct QueuedSpeaker: Codable, Hashable, Sendable {
        public var id: Int
        public var speaker: String
        /// The time asked for at inscription, if any.
        public var timeMs: Int64?
        /// When inscribed; null for a speaker the agenda inscribed.
        public var addedAt: Instant?
        public var delegation: String?
        /// The speech type's id and name.
        public var speech: String?
        public var speechName: String?
        public var rank: String?
        /// The time this speaker gets when given the floor now: asked for, or the rules' limit for
        /// the type (a second reply is shorter), or the speaker's or the item's time.
        public var allottedMs: Int64?

        public init(_ entry: QueueEntry, state: MeetingState, allotted: Duration) {
            id = entry.id
            speaker = entry.speaker
            timeMs = entry.time?.milliseconds
            addedAt = entry.addedAt
            delegation = entry.delegation
            speech = entry.speech
            speechName = state.agenda.rules.speechType(entry.speech)?.name
            rank = entry.rank
            allottedMs = allotted.milliseconds
        }
    }

    public struct Message: Codable, Hashable, Sendable {
        public var text: String
        public var shownAt: Instant
        /// Which displays show it: `everyone`, or `speaker` (the speaker's display, and the chair's).
        public var audience: DisplayAudience

        public init(text: String, shownAt: Instant, audience: DisplayAudience = .everyone) {
            self.text = text
            self.shownAt = shownAt
            self.audience = audience
        }

        init(_ message: DisplayMessage) {
            self.init(text: message.text, shownAt: message.shownAt, audience: message.audience)
        }
    }

    /// What the chair does to the displays themselves rather than to the meeting.
    public struct Displays: Codable, Hashable, Sendable {
        /// The displays blacked out and since when; null when none is.
        public var blackout: Cue?
        /// The last flash, however old: a display flashes only when it learns of a recent one
        /// (under 3 s by the server clock), so one that connects later does not.
        public var flash: Cue?

        public init(blackout: Cue? = nil, flash: Cue? = nil) {
            self.blackout = blackout
            self.flash = flash
        }

        init(_ state: MeetingState) {
            self.init(blackout: state.blackout.map(Cue.init), flash: state.lastFlash.map(Cue.init))
        }

        enum CodingKeys: String, CodingKey {
            case blackout, flash
        }

        /// Explicit nulls, as everywhere in the state.
        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(blackout, forKey: .blackout)
            try c.encode(flash, forKey: .flash)
        }
    }

    public struct Cue: Codable, Hashable, Sendable {
        public var audience: DisplayAudience
        /// When the blackout began, or the displays flashed.
        public var at: Instant

        public init(audience: DisplayAudience, at: Instant) {
            self.audience = audience
            self.at = at
        }

        init(_ cue: DisplayCue) {
            self.init(audience: cue.audience, at: cue.at)
        }
    }
}

extension StateMessage.Message {
    enum CodingKeys: String, CodingKey {
        case text, shownAt, audience
    }

    /// An older daemon sends no audience: its messages are for everyone.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        text = try c.decode(String.self, forKey: .text)
        shownAt = try c.decode(Instant.self, forKey: .shownAt)
        audience = try c.decodeIfPresent(DisplayAudience.self, forKey: .audience) ?? .everyone
    }
}

extension StateMessage {
    /// The snapshot of `state` at `now`.
    public init(state: MeetingState, meetingID: Int64, seq: Int64, at now: Instant) {
        self.init(state: state, meetingID: meetingID, seq: seq, at: now, items: true)
    }

    /// The snapshot, with or without the lists that grow with the meeting (`items`, `queue`):
    /// gavel.v2's `state` is made from one without.
    init(state: MeetingState, meetingID: Int64, seq: Int64, at now: Instant, items withLists: Bool) {
        let schedule = state.schedule(at: now)
        self.seq = seq
        self.serverTime = now
        self.meeting = Meeting(
            id: meetingID,
            title: state.agenda.title,
            titles: state.agenda.titlesIfAny,
            subtitle: state.agenda.subtitle,
            venue: state.agenda.venue,
            timeZone: state.agenda.timeZone,
            phase: state.phase,
            startedAt: state.startedAt,
            endedAt: state.endedAt,
            planDate: schedule.planDate,
            agendaDate: state.agenda.date,
            dateShifted: schedule.dateShifted,
            paused: state.isPaused,
            pausedSince: state.pausedSince
        )
        if let index = state.currentItem {
            let item = state.agenda.items[index]
            let reading = state.itemReading(index, at: now)
            self.item = TimerState(
                index: index,
                id: item.id,
                title: item.title,
                titles: item.titlesIfAny,
                kind: item.kind,
                plannedStart: schedule.entries[index].plannedStart,
                plannedEnd: schedule.entries[index].plannedEnd,
                startedAt: state.items[index].actualStart,
                allottedMs: reading.allotted.milliseconds,
                elapsedMs: reading.elapsed.milliseconds,
                remainingMs: reading.remaining.milliseconds,
                overrunMs: reading.overrun.milliseconds,
                pausedMs: reading.paused.milliseconds,
                addedMs: reading.added.milliseconds,
                running: reading.isRunning,
                endsAt: reading.endsAt,
                level: reading.level,
                thresholds: Thresholds(reading.thresholds),
                people: item.people
            )
        }
        if let turn = state.floorIndex {
            let grant = state.grants[turn]
            let reading = state.floorReading(turn, at: now)
            self.floor = FloorState(
                speaker: grant.speaker,
                turn: turn,
                grantedAt: grant.grantedAt,
                grantedMs: grant.granted.milliseconds,
                allottedMs: reading.allotted.milliseconds,
                elapsedMs: reading.elapsed.milliseconds,
                remainingMs: reading.remaining.milliseconds,
                overrunMs: reading.overrun.milliseconds,
                pausedMs: reading.paused.milliseconds,
                addedMs: reading.added.milliseconds,
                running: reading.isRunning,
                heldByChair: grant.heldByChair,
                endsAt: reading.endsAt,
                level: reading.level,
                thresholds: Thresholds(reading.thresholds),
                speech: grant.speech,
                speechName: grant.speech.flatMap { state.agenda.rules.speechType($0)?.name },
                delegation: grant.delegation,
                interrupted: state.floorStack.dropLast().reversed().map { index in
                    let below = state.grants[index]
                    return InterruptedTurn(
                        speaker: below.speaker,
                        turn: index,
                        speech: below.speech,
                        speechName: below.speech.flatMap { state.agenda.rules.speechType($0)?.name },
                        delegation: below.delegation,
                        remainingMs: below.stopwatch.remaining(at: now).milliseconds,
                        allottedMs: below.stopwatch.allotted.milliseconds
                    )
                }
            )
        }
        if state.phase != .ended {
            var nextIndex = state.currentItem.map { $0 + 1 } ?? state.lastItem.map { $0 + 1 } ?? 0
            // "next" passes over the items a plan dropped.
            while state.items.indices.contains(nextIndex), state.items[nextIndex].dropped { nextIndex += 1 }
            if state.agenda.items.indices.contains(nextIndex) {
                let item = state.agenda.items[nextIndex]
                let entry = schedule.entries[nextIndex]
                self.next = NextItem(
                    index: nextIndex,
                    id: item.id,
                    title: item.title,
                    titles: item.titlesIfAny,
                    kind: item.kind,
                    plannedStart: entry.plannedStart,
                    projectedStart: entry.projectedStart
                )
            }
        }
        self.schedule = Schedule(
            clockDriftMs: schedule.clockDrift.milliseconds,
            durationDriftMs: schedule.durationDrift?.milliseconds,
            plannedEnd: schedule.plannedEnd,
            projectedEnd: schedule.projectedEnd,
            hardEnd: state.effectiveHardEnd(at: now)
        )
        guard withLists else {
            self.items = []
            self.queue = []
            self.message = state.message.map(Message.init)
            self.displays = Displays(state)
            self.listPlan = ListFeasibility(state, at: now, hardEnd: state.effectiveHardEnd(at: now)).map(ListPlan.init)
            self.listClosed = Self.listClosed(state)
            return
        }
        self.items = schedule.entries.map { entry in
            let item = state.agenda.items[entry.index]
            let progress = state.items[entry.index]
            return ItemState(
                index: entry.index,
                id: item.id,
                title: item.title,
                titles: item.titlesIfAny,
                kind: item.kind,
                status: entry.status,
                plannedStart: entry.plannedStart,
                plannedEnd: entry.plannedEnd,
                projectedStart: entry.projectedStart,
                projectedEnd: entry.projectedEnd,
                actualStart: progress.actualStart,
                actualEnd: entry.status == .current ? nil : progress.actualEnd,
                allottedMs: progress.stopwatch.allotted.milliseconds,
                elapsedMs: progress.stopwatch.elapsed(at: now).milliseconds,
                fixed: item.planning.fixed ? true : nil,
                dropped: entry.status == .upcoming && progress.dropped ? true : nil,
                planAllotmentMs: progress.planAllotment?.milliseconds
            )
        }
        self.queue =
            state.listItem.map { QueuedSpeaker.list(of: $0, in: state) } ?? []
        self.message = state.message.map(Message.init)
        self.displays = Displays(state)
        self.listPlan = ListFeasibility(state, at: now, hardEnd: state.effectiveHardEnd(at: now)).map(ListPlan.init)
        self.listClosed = Self.listClosed(state)
    }

    /// true when the current list is closed, nil (left out) when it is open.
    static func listClosed(_ state: MeetingState) -> Bool? {
        state.listItem.map { state.lists[$0].closed } == true ? true : nil
    }
}

extension StateMessage {
    enum CodingKeys: String, CodingKey {
        case type, seq, serverTime, meeting, item, floor, next, schedule, items, queue, message, displays, listPlan
        case listClosed
    }

    /// Writes absent parts as explicit nulls (`"floor": null`), so a client can tell "nobody
    /// holds the floor" from "this server does not send floors".
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        try c.encode(seq, forKey: .seq)
        try c.encode(serverTime, forKey: .serverTime)
        try c.encode(meeting, forKey: .meeting)
        try c.encode(item, forKey: .item)
        try c.encode(floor, forKey: .floor)
        try c.encode(next, forKey: .next)
        try c.encode(schedule, forKey: .schedule)
        try c.encode(items, forKey: .items)
        try c.encode(queue, forKey: .queue)
        try c.encode(message, forKey: .message)
        try c.encodeIfPresent(displays, forKey: .displays)
        try c.encodeIfPresent(listPlan, forKey: .listPlan)
        try c.encodeIfPresent(listClosed, forKey: .listClosed)
    }
}

extension StateMessage {
    /// Whether the current list fits the item's time, as of `serverTime` (`ListFeasibility`):
    /// for the chair's view and `gavel list plan`. Absent between items and from older daemons.
    public struct ListPlan: Codable, Hashable, Sendable {
        /// The time the list may use: to the item's end as allotted.
        public var availableMs: Int64
        /// What the floor still holds (the speaker and anyone an interruption holds up).
        public var onTheFloorMs: Int64
        /// The waiting speakers' time in all, and how many they are.
        public var totalMs: Int64
        public var count: Int
        /// How many of them fit, in order, after the floor.
        public var fitting: Int
        public var overMs: Int64
        /// The one limit for every waiting speaker that lets them all speak; null when the floor
        /// alone overruns the item.
        public var limitForAllMs: Int64?

        public init(_ plan: ListFeasibility) {
            availableMs = plan.available.milliseconds
            onTheFloorMs = plan.onTheFloor.milliseconds
            totalMs = plan.total.milliseconds
            count = plan.count
            fitting = plan.fitting
            overMs = plan.over.milliseconds
            limitForAllMs = plan.limitForAll?.milliseconds
        }
    }
}

extension StateMessage.QueuedSpeaker {
    /// `item`'s list as the wire gives it, each with the time it gets.
    public static func list(of item: Int, in state: MeetingState) -> [Self] {
        zip(state.lists[item].entries, state.allotments(in: item)).map { Self($0, state: state, allotted: $1) }
    }
}
