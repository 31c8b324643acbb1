import GavelCore

/// gavel.v2: the speakers' queue, sent to the subscribers of `queue` when it changes.
public struct QueueMessage: Codable, Hashable, Sendable {
    public var type = "queue"
    /// The `seq` of the state this queue became current with.
    public var seq: Int64
    public var speakers: [StateMessage.QueuedSpeaker]

    public init(state: MeetingState, seq: Int64) {
        self.seq = seq
        speakers = state.queue.map {
            StateMessage.QueuedSpeaker(
                id: $0.id,
                speaker: $0.speaker,
                timeMs: $0.time?.milliseconds,
                addedAt: $0.addedAt
            )
        }
    }

    /// Whether `other` says the same, whatever state it came with.
    public func hasSameContent(as other: QueueMessage) -> Bool {
        speakers == other.speakers
    }
}
