/// One agenda item's list of speakers: who waits, in what order, and whether it is closed.
public struct SpeakersList: Hashable, Sendable {
    public var entries: [QueueEntry] = []
    /// Closed: only the chair adds to it (an inscription overrides the rule), except for turns
    /// taken at the end of the item (rights of reply), which a closed list still takes.
    public var closed = false
    public var order: ListOrder

    public init(order: ListOrder, closed: Bool = false) {
        self.order = order
        self.closed = closed
    }

    /// Where `entry` goes: turns taken at the end of the item after every other, in inscription
    /// order; the others before them, by inscription or by precedence (after every speaker of the
    /// same or a higher rank, so the order is stable within a rank). The chair's moves are kept:
    /// a new entry is placed relative to the list as it stands.
    func insertionIndex(for entry: QueueEntry, rules: RulesPack) -> Int {
        let endOfItem = { (e: QueueEntry) in rules.speechType(e.speech)?.placement == .endOfItem }
        if endOfItem(entry) { return entries.count }
        let firstEnd = entries.firstIndex(where: endOfItem) ?? entries.count
        guard order == .precedence else { return firstEnd }
        let rank = rules.precedence(of: entry.rank)
        let lastAtOrAbove = entries[..<firstEnd].lastIndex { rules.precedence(of: $0.rank) <= rank }
        return lastAtOrAbove.map { $0 + 1 } ?? 0
    }

    mutating func insert(_ entry: QueueEntry, rules: RulesPack) {
        entries.insert(entry, at: insertionIndex(for: entry, rules: rules))
    }
}
