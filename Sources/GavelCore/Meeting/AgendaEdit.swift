/// A change to the agenda during the meeting (`MeetingCommand.editAgenda`). Only items that have
/// not started may change: an item that ran keeps the plan it ran against, and the running item's
/// time changes only by extend or trim.
public enum AgendaEdit: Hashable, Sendable {
    /// A new item at a 1-based position (nil: after the last), lasting `length`, starting at
    /// `start` (nil: when the item before it is planned to end).
    case insert(
        title: String,
        length: Duration,
        position: Int? = nil,
        start: LocalTime? = nil,
        kind: AgendaItem.Kind = .session
    )
    /// Take an item (an id or a 1-based position) off the agenda.
    case remove(item: String)
    /// Move an item to a 1-based position.
    case move(item: String, toPosition: Int)
    case retitle(item: String, title: String)
    /// A new planned start, a new length, or both; what is not given is kept (a new start keeps
    /// the length, a new length keeps the start).
    case retime(item: String, start: LocalTime?, length: Duration?)
}

/// An item's times as they were before the meeting re-planned them, for the report.
public struct PlannedTimes: Hashable, Sendable {
    public var start: LocalTime
    public var end: LocalTime

    public init(start: LocalTime, end: LocalTime) {
        self.start = start
        self.end = end
    }
}

/// An item removed from the agenda during the meeting (live agenda editing), kept for the report:
/// the secretariat reports it as planned and not held, not as if it had never been on the agenda.
public struct RemovedItem: Hashable, Sendable {
    /// The item as it was when removed: its last plan.
    public var item: AgendaItem
    /// Its first plan, when the meeting had re-planned it before removing it.
    public var originalPlan: PlannedTimes?
    /// It had been added during the meeting.
    public var inserted: Bool
    /// Its position in the agenda when it was removed, from 0.
    public var position: Int
    public var removedAt: Instant

    public init(item: AgendaItem, originalPlan: PlannedTimes?, inserted: Bool, position: Int, removedAt: Instant) {
        self.item = item
        self.originalPlan = originalPlan
        self.inserted = inserted
        self.position = position
        self.removedAt = removedAt
    }
}
