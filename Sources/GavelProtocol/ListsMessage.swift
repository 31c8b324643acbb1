import GavelCore

/// `GET /api/v1/lists`: every item's list of speakers, as the state's `queue` gives the current
/// one, for a secretariat preparing the lists of later items (`gavel list show --item`, --all).
public struct ListsMessage: Codable, Hashable, Sendable {
    public var meeting: Int64
    public var seq: Int64
    public var serverTime: Instant
    /// The rules' id and name ("un-ga", "United Nations General Assembly").
    public var rules: String
    public var rulesName: String
    /// The index of the item whose list is the queue; null after the last item.
    public var current: Int?
    public var lists: [ItemList]

    public struct ItemList: Codable, Hashable, Sendable {
        public var index: Int
        public var id: String
        public var title: String
        public var closed: Bool
        public var order: ListOrder
        public var speakers: [StateMessage.QueuedSpeaker]
    }

    public init(state: MeetingState, meetingID: Int64, seq: Int64, at now: Instant) {
        meeting = meetingID
        self.seq = seq
        serverTime = now
        rules = state.agenda.rules.id
        rulesName = state.agenda.rules.name
        current = state.listItem
        lists = state.lists.indices.map { index in
            let item = state.agenda.items[index]
            return ItemList(
                index: index,
                id: item.id,
                title: item.title,
                closed: state.lists[index].closed,
                order: state.lists[index].order,
                speakers: StateMessage.QueuedSpeaker.list(of: index, in: state)
            )
        }
    }
}
