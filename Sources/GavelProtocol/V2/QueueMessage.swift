import GavelCore

/// gavel.v2: the speakers' queue, sent to the subscribers of `queue` when it changes.
public struct QueueMessage: Codable, Hashable, Sendable {
    public var type = "queue"
    /// The `seq` of the state this queue became current with.
    public var seq: Int64
    public var speakers: [StateMessage.QueuedSpeaker]
    /// The index of the item whose list this is (the current one, or between items the next);
    /// null after the last item. Absent from an older daemon's message.
    public var item: Int?
    /// Closed: only the chair adds to it.
    public var closed: Bool?
    public var order: ListOrder?

    public init(state: MeetingState, seq: Int64) {
        self.seq = seq
        item = state.listItem
        speakers =
            state.listItem.map { StateMessage.QueuedSpeaker.list(of: $0, in: state) }
            ?? []
        closed = state.listItem.map { state.lists[$0].closed }
        order = state.listItem.map { state.lists[$0].order }
    }

    /// Whether `other` says the same, whatever state it came with.
    public func hasSameContent(as other: QueueMessage) -> Bool {
        speakers == other.speakers && item == other.item && closed == other.closed && order == other.order
    }
}
