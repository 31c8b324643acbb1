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
