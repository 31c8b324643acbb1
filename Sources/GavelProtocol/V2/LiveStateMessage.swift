import GavelCore

/// gavel.v2's `state`: what changes with a command, and nothing that grows with the agenda. Items
/// are named by their index in the `agenda` message (sent before any state that needs it); a
/// display projects the rest of the schedule itself from the agenda, the `progress` and this
/// (`ScheduleProjection(_:at:)`, `js/schedule.js`).
public struct LiveStateMessage: Codable, Hashable, Sendable {
    public var type = "state"
    /// The journal sequence number of the last event: increases with every change.
    public var seq: Int64
    /// When this snapshot was taken; elapsed and remaining values are as of this instant.
    public var serverTime: Instant
    public var meeting: Meeting
    /// The current item's timer.
    public var item: ItemTimer?
    public var floor: StateMessage.FloorState?
    public var next: NextItem?
    /// As of `serverTime`, as in gavel.v1.
    public var schedule: StateMessage.Schedule
    /// Speakers waiting in the queue (the `queue` topic has them).
    public var queueLength: Int
    public var message: StateMessage.Message?
    /// Blackout and last flash: two small entries whatever the agenda.
    public var displays: StateMessage.Displays?
    /// Whether the current list fits the item's time: seven numbers whatever the list.
    public var listPlan: StateMessage.ListPlan?

    public struct Meeting: Codable, Hashable, Sendable {
        public var id: Int64
        public var phase: MeetingState.Phase
        public var startedAt: Instant?
        public var endedAt: Instant?
        public var paused: Bool
        public var pausedSince: Instant?
        /// The item most recently current (the current one while there is one); null before
        /// any. Between items, "next" goes to the one after it.
        public var lastItem: Int?
    }

    public struct ItemTimer: Codable, Hashable, Sendable {
        public var index: Int
        public var id: String
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
        public var thresholds: StateMessage.Thresholds
    }

    public struct NextItem: Codable, Hashable, Sendable {
        public var index: Int
        public var id: String
        public var projectedStart: Instant?
    }

    /// The snapshot of `state` at `now`.
    public init(state: MeetingState, meetingID: Int64, seq: Int64, at now: Instant) {
        let full = StateMessage(state: state, meetingID: meetingID, seq: seq, at: now, items: false)
        self.seq = seq
        serverTime = now
        meeting = Meeting(
            id: meetingID,
            phase: state.phase,
            startedAt: state.startedAt,
            endedAt: state.endedAt,
            paused: state.isPaused,
            pausedSince: state.pausedSince,
            lastItem: state.lastItem
        )
        item = full.item.map {
            ItemTimer(
                index: $0.index,
                id: $0.id,
                startedAt: $0.startedAt,
                allottedMs: $0.allottedMs,
                elapsedMs: $0.elapsedMs,
                remainingMs: $0.remainingMs,
                overrunMs: $0.overrunMs,
                pausedMs: $0.pausedMs,
                addedMs: $0.addedMs,
                running: $0.running,
                endsAt: $0.endsAt,
                level: $0.level,
                thresholds: $0.thresholds
            )
        }
        floor = full.floor
        next = full.next.map { NextItem(index: $0.index, id: $0.id, projectedStart: $0.projectedStart) }
        schedule = full.schedule
        queueLength = state.queue.count
        message = full.message
        displays = full.displays
        listPlan = full.listPlan
    }
}

extension LiveStateMessage {
    enum CodingKeys: String, CodingKey {
        case type, seq, serverTime, meeting, item, floor, next, schedule, queueLength, message, displays, listPlan
    }

    /// Absent parts as explicit nulls, as in gavel.v1.
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
        try c.encode(queueLength, forKey: .queueLength)
        try c.encode(message, forKey: .message)
        try c.encodeIfPresent(displays, forKey: .displays)
        try c.encodeIfPresent(listPlan, forKey: .listPlan)
    }
}

extension LiveStateMessage.Meeting {
    enum CodingKeys: String, CodingKey {
        case id, phase, startedAt, endedAt, paused, pausedSince, lastItem
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(phase, forKey: .phase)
        try c.encode(startedAt, forKey: .startedAt)
        try c.encode(endedAt, forKey: .endedAt)
        try c.encode(paused, forKey: .paused)
        try c.encode(pausedSince, forKey: .pausedSince)
        try c.encode(lastItem, forKey: .lastItem)
    }
}
