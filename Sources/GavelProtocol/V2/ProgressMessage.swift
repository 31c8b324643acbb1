import GavelCore

/// gavel.v2: what has happened to each item, sent to the subscribers of `progress` when it
/// changes (an item starts or ends; not while time passes, nor with an extension of the current
/// item, whose figures are in the `state`).
public struct ProgressMessage: Codable, Hashable, Sendable {
    public var type = "progress"
    /// The `seq` of the state this progress became current with.
    public var seq: Int64
    public var items: [Item]

    public struct Item: Codable, Hashable, Sendable {
        public var index: Int
        public var status: ScheduleProjection.Status
        public var actualStart: Instant?
        /// The end of its last run; null while current or never run.
        public var actualEnd: Instant?
        /// Its allotted and used time; null for the current item (the `state`'s `item` has them,
        /// moving).
        public var allottedMs: Int64?
        public var elapsedMs: Int64?
        /// Left out by an accepted plan (until started); absent otherwise.
        public var dropped: Bool? = nil
        /// The allotment an accepted plan gave it; absent otherwise.
        public var planAllotmentMs: Int64? = nil
    }

    /// The progress of `state`'s items at `now`.
    public init(state: MeetingState, seq: Int64, at now: Instant) {
        let schedule = state.schedule(at: now)
        self.seq = seq
        items = schedule.entries.map { entry in
            let progress = state.items[entry.index]
            let current = entry.status == .current
            return Item(
                index: entry.index,
                status: entry.status,
                actualStart: progress.actualStart,
                actualEnd: current ? nil : progress.actualEnd,
                allottedMs: current ? nil : progress.stopwatch.allotted.milliseconds,
                elapsedMs: current ? nil : progress.stopwatch.elapsed(at: now).milliseconds,
                dropped: entry.status == .upcoming && progress.dropped ? true : nil,
                planAllotmentMs: progress.planAllotment?.milliseconds
            )
        }
    }

    /// Whether `other` says the same, whatever state it came with.
    public func hasSameContent(as other: ProgressMessage) -> Bool {
        items == other.items
    }
}

extension ProgressMessage.Item {
    enum CodingKeys: String, CodingKey {
        case index, status, actualStart, actualEnd, allottedMs, elapsedMs, dropped, planAllotmentMs
    }

    /// Absent values as explicit nulls, as in the `state`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(status, forKey: .status)
        try c.encode(actualStart, forKey: .actualStart)
        try c.encode(actualEnd, forKey: .actualEnd)
        try c.encode(allottedMs, forKey: .allottedMs)
        try c.encode(elapsedMs, forKey: .elapsedMs)
        try c.encodeIfPresent(dropped, forKey: .dropped)
        try c.encodeIfPresent(planAllotmentMs, forKey: .planAllotmentMs)
    }
}
