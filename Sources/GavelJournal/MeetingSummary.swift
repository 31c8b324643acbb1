import GavelCore

/// A line of the meeting history, read without loading the events.
public struct MeetingSummary: Hashable, Sendable {
    public var id: Int64
    /// The title of the meeting's current agenda.
    public var title: String
    public var createdAt: Instant
    /// The instant of its first `meetingStarted` event, if it has started.
    public var startedAt: Instant?
    /// The instant of its `meetingEnded` event, if it has ended.
    public var endedAt: Instant?
    /// How many events the meeting has.
    public var eventCount: Int

    public init(
        id: Int64,
        title: String,
        createdAt: Instant,
        startedAt: Instant?,
        endedAt: Instant?,
        eventCount: Int
    ) {
        self.id = id
        self.title = title
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.eventCount = eventCount
    }
}
