import GavelCore

/// A meeting as the journal holds it: the agenda it opened with and everything that happened.
public struct StoredMeeting: Hashable, Sendable {
    public var id: Int64
    /// The agenda the meeting was created with; later `agendaReplaced` events are in `events`.
    public var agenda: Agenda
    /// Every event of the meeting, in the order it was journaled.
    public var events: [MeetingEvent]
    /// When the meeting was created, on the daemon's timeline.
    public var createdAt: Instant
    /// The instant of its `meetingEnded` event, if it has one.
    public var endedAt: Instant?
    /// The journal sequence number of the meeting's last event, 0 if it has none: what a resumed
    /// daemon reports as the state's `seq`.
    public var lastSequence: Int64

    public init(
        id: Int64,
        agenda: Agenda,
        events: [MeetingEvent],
        createdAt: Instant,
        endedAt: Instant?,
        lastSequence: Int64 = 0
    ) {
        self.id = id
        self.lastSequence = lastSequence
        self.agenda = agenda
        self.events = events
        self.createdAt = createdAt
        self.endedAt = endedAt
    }

    /// The meeting's state rebuilt from its events, as it was after the last one.
    public func replayed() -> MeetingState {
        MeetingState(agenda: agenda, replaying: events)
    }
}
