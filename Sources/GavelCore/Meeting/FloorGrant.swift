/// One speaker's turn holding the floor.
public struct FloorGrant: Hashable, Sendable {
    public var speaker: String
    /// The agenda item (index) during which the floor was granted.
    public var itemIndex: Int
    /// The time granted at first, before extensions.
    public var granted: Duration
    public var grantedAt: Instant
    public var stopwatch: Stopwatch
    /// Extensions (positive) and trims (negative), in order.
    public var adjustments: [Adjustment] = []
    /// Pauses of this turn: by the chair ("floor pause") or by a meeting pause.
    public var pauses: [Interval] = []
    /// The chair paused this speaker (a point of order); a meeting pause alone does not set it.
    public var heldByChair = false
    /// When the speaker yielded or the floor was taken back; nil while holding it.
    public var endedAt: Instant?

    public init(speaker: String, itemIndex: Int, granted: Duration, at: Instant) {
        self.speaker = speaker
        self.itemIndex = itemIndex
        self.granted = granted
        self.grantedAt = at
        self.stopwatch = Stopwatch(allotted: granted)
    }

    public var added: Duration { adjustments.reduce(.zero) { $0 + $1.by } }

    public func pausedTime(at now: Instant) -> Duration {
        pauses.reduce(.zero) { $0 + $1.length(at: now) }
    }
}

/// A speaker waiting for the floor.
public struct QueueEntry: Hashable, Sendable {
    /// Unique within the meeting, so a removal names exactly one entry even if names repeat.
    public var id: Int
    public var speaker: String
    /// Floor time asked for this speaker; nil uses the item's or the meeting's default.
    public var time: Duration?
    public var addedAt: Instant

    public init(id: Int, speaker: String, time: Duration?, addedAt: Instant) {
        self.id = id
        self.speaker = speaker
        self.time = time
        self.addedAt = addedAt
    }
}
