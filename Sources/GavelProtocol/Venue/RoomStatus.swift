import GavelCore

/// A room's summary for the venue overview (`/venue`, `gavel venue`): what a control room needs
/// to see of each room at a glance, small enough to publish on every change.
///
/// It is published when the room's state changes (a command, a reload) and when an alert goes
/// out, never on the clock's second: what moves with time travels as facts with their instants,
/// as gavel.v2 sends displays. A reader projects it to its own now (`drift(at:)`,
/// `projectedEnd(at:)`, `remainingMs(at:)`): timers count from `endsAt`, and the drift and the
/// projected end stay as they were until `schedule.growsFrom`, then grow with the clock (an item
/// past its time, a pause, the gap between items, a meeting late to start).
public struct RoomStatus: Codable, Hashable, Sendable {
    public enum Phase: String, Codable, Hashable, Sendable {
        case notStarted
        case running
        case paused
        case ended
    }

    /// A countdown: the current item's or the speaker's.
    public struct Countdown: Codable, Hashable, Sendable {
        /// As of `serverTime`; negative once over.
        public var remainingMs: Int64
        public var allottedMs: Int64
        public var running: Bool
        /// When the time runs out while running; null while paused.
        public var endsAt: Instant?
        /// At `serverTime`; a reader recomputes it from the thresholds.
        public var level: AlertLevel
        public var warningMs: Int64
        public var wrapUpMs: Int64
    }

    public struct Item: Codable, Hashable, Sendable {
        /// 0-based position in the agenda.
        public var index: Int
        public var id: String
        public var title: String
        public var plannedEnd: Instant
        public var timer: Countdown
    }

    public struct Speaker: Codable, Hashable, Sendable {
        public var name: String
        public var delegation: String?
        public var timer: Countdown
    }

    public struct Schedule: Codable, Hashable, Sendable {
        /// Against the clock at `serverTime`: positive when behind the printed programme.
        public var clockDriftMs: Int64
        public var plannedEnd: Instant
        /// At `serverTime`.
        public var projectedEnd: Instant
        public var hardEnd: Instant?
        /// From this instant on, with no further change, the drift and the projected end grow
        /// with the clock; null when they do not move (an ended meeting, an item within its time
        /// when it is the last). Before it they stay as they are.
        public var growsFrom: Instant?
    }

    public struct LastAlert: Codable, Hashable, Sendable {
        /// "item", "floor" or "budget".
        public var timer: String
        public var level: AlertLevel
        public var at: Instant
        public var text: String
    }

    public var room: String
    public var meeting: Int64
    public var seq: Int64
    /// The instant the summary was made: every value without its own instant is as of it.
    public var serverTime: Instant
    public var title: String
    /// The venue's zone (IANA), in which its wall times are shown.
    public var timeZone: String
    public var phase: Phase
    public var item: Item?
    public var speaker: Speaker?
    public var schedule: Schedule
    public var lastAlert: LastAlert?

    /// The summary of `state` at `now`; `lastAlert` is the newest alert sent, if any.
    public init(
        room: String,
        state: MeetingState,
        meetingID: Int64,
        seq: Int64,
        lastAlert: AlertMessage?,
        at now: Instant
    ) {
        let full = StateMessage(state: state, meetingID: meetingID, seq: seq, at: now, items: false)
        self.room = room
        meeting = meetingID
        self.seq = seq
        serverTime = now
        title = state.agenda.title
        timeZone = full.meeting.timeZone
        switch state.phase {
        case .notStarted: phase = .notStarted
        case .ended: phase = .ended
        case .running: phase = state.isPaused ? .paused : .running
        }
        item = full.item.map {
            Item(
                index: $0.index,
                id: $0.id,
                title: $0.title,
                plannedEnd: $0.plannedEnd,
                timer: Countdown(
                    remainingMs: $0.remainingMs,
                    allottedMs: $0.allottedMs,
                    running: $0.running,
                    endsAt: $0.endsAt,
                    level: $0.level,
                    warningMs: $0.thresholds.warningMs,
                    wrapUpMs: $0.thresholds.wrapUpMs
                )
            )
        }
        speaker = full.floor.map {
            Speaker(
                name: $0.speaker,
                delegation: $0.delegation,
                timer: Countdown(
                    remainingMs: $0.remainingMs,
                    allottedMs: $0.allottedMs,
                    running: $0.running,
                    endsAt: $0.endsAt,
                    level: $0.level,
                    warningMs: $0.thresholds.warningMs,
                    wrapUpMs: $0.thresholds.wrapUpMs
                )
            )
        }
        schedule = Schedule(
            clockDriftMs: full.schedule.clockDriftMs,
            plannedEnd: full.schedule.plannedEnd,
            projectedEnd: full.schedule.projectedEnd,
            hardEnd: full.schedule.hardEnd,
            growsFrom: Self.growsFrom(state, item: full.item, at: now)
        )
        self.lastAlert = lastAlert.map { LastAlert(timer: $0.timer, level: $0.level, at: $0.at, text: $0.text) }
    }

    /// When the drift starts to grow with the clock, following `ScheduleProjection`: the
    /// projection runs from "now + what is left of the current item", from "now" between items,
    /// and from the first item's planned start before the meeting.
    private static func growsFrom(_ state: MeetingState, item: StateMessage.TimerState?, at now: Instant) -> Instant? {
        switch state.phase {
        case .ended:
            return nil
        case .notStarted:
            return state.agenda.items.isEmpty ? nil : state.schedule(at: now).entries.first?.plannedStart
        case .running:
            if let item {
                // Running: what is left shrinks with the clock until its end; paused, it does not.
                return item.endsAt.map { max($0, now) } ?? now
            }
            if let last = state.lastItem, last + 1 >= state.agenda.items.count { return nil }
            return now
        }
    }

    // MARK: - Projected to a reader's now

    /// How much further the drift has grown by `now`.
    private func growth(at now: Instant) -> Duration {
        guard let from = schedule.growsFrom else { return .zero }
        return max(.zero, now - max(from, serverTime))
    }

    /// Against the clock at `now`, in milliseconds: positive when behind.
    public func driftMs(at now: Instant) -> Int64 {
        schedule.clockDriftMs + growth(at: now).milliseconds
    }

    /// When the meeting is projected to end, as seen at `now`.
    public func projectedEnd(at now: Instant) -> Instant {
        schedule.projectedEnd + growth(at: now)
    }
}

extension RoomStatus.Countdown {
    /// Time left at `now` (negative once over).
    public func remainingMs(at now: Instant) -> Int64 {
        guard let endsAt, running else { return remainingMs }
        return (endsAt - now).milliseconds
    }

    /// The level at `now`, from the thresholds.
    public func level(at now: Instant) -> AlertLevel {
        AlertLevel(
            remaining: .milliseconds(remainingMs(at: now)),
            thresholds: AlertThresholds(
                warning: .milliseconds(warningMs),
                wrapUp: .milliseconds(wrapUpMs),
                // Not read by the level.
                reminderEvery: .seconds(60)
            )
        )
    }
}

// Absent parts as explicit nulls, as in the `state`: a reader sees every field.
extension RoomStatus {
    enum CodingKeys: String, CodingKey {
        case room, meeting, seq, serverTime, title, timeZone, phase, item, speaker, schedule, lastAlert
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(room, forKey: .room)
        try c.encode(meeting, forKey: .meeting)
        try c.encode(seq, forKey: .seq)
        try c.encode(serverTime, forKey: .serverTime)
        try c.encode(title, forKey: .title)
        try c.encode(timeZone, forKey: .timeZone)
        try c.encode(phase, forKey: .phase)
        try c.encode(item, forKey: .item)
        try c.encode(speaker, forKey: .speaker)
        try c.encode(schedule, forKey: .schedule)
        try c.encode(lastAlert, forKey: .lastAlert)
    }
}

extension RoomStatus.Countdown {
    enum CodingKeys: String, CodingKey {
        case remainingMs, allottedMs, running, endsAt, level, warningMs, wrapUpMs
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(remainingMs, forKey: .remainingMs)
        try c.encode(allottedMs, forKey: .allottedMs)
        try c.encode(running, forKey: .running)
        try c.encode(endsAt, forKey: .endsAt)
        try c.encode(level, forKey: .level)
        try c.encode(warningMs, forKey: .warningMs)
        try c.encode(wrapUpMs, forKey: .wrapUpMs)
    }
}

extension RoomStatus.Speaker {
    enum CodingKeys: String, CodingKey {
        case name, delegation, timer
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(delegation, forKey: .delegation)
        try c.encode(timer, forKey: .timer)
    }
}

extension RoomStatus.Schedule {
    enum CodingKeys: String, CodingKey {
        case clockDriftMs, plannedEnd, projectedEnd, hardEnd, growsFrom
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(clockDriftMs, forKey: .clockDriftMs)
        try c.encode(plannedEnd, forKey: .plannedEnd)
        try c.encode(projectedEnd, forKey: .projectedEnd)
        try c.encode(hardEnd, forKey: .hardEnd)
        try c.encode(growsFrom, forKey: .growsFrom)
    }
}
