/// One kind of turn a meeting's rules know: a statement, a right of reply, a point of order.
///
/// Types are data (`RulesPack`): what a type may do is said by its placement, its limits and its
/// cap, never by its name, so a pack for another assembly needs no code.
public struct SpeechType: Hashable, Sendable, Identifiable {
    public enum Placement: String, Hashable, Sendable, Codable, CaseIterable {
        /// Takes its place on the list of speakers, by inscription or by precedence.
        case list
        /// Waits on the list until every other turn is over: rights of reply are taken at the end
        /// of the item. A closed list still takes them (rule 73 of the General Assembly lets the
        /// President accord a reply after the list is closed).
        case endOfItem
        /// Interrupts whoever holds the floor, whose clock stops until it is over and then runs on
        /// with the time it had left. Never on the list.
        case interruption
    }

    /// How commands, the journal and the wire name it: "statement", "reply", "point-of-order".
    public var id: String
    /// How people read it: "Right of reply".
    public var name: String
    public var placement: Placement
    /// The limit of a delegation's first, second, ... turn of this type in one item; a turn past
    /// the last takes the last. Empty: the speaker's or the item's floor time.
    public var limits: [Duration]
    /// At most this many turns of this type per delegation per item; nil for no cap.
    public var perDelegationPerItem: Int?

    public init(
        id: String,
        name: String,
        placement: Placement = .list,
        limits: [Duration] = [],
        perDelegationPerItem: Int? = nil
    ) {
        self.id = id
        self.name = name
        self.placement = placement
        self.limits = limits
        self.perDelegationPerItem = perDelegationPerItem
    }

    /// The limit of a delegation's turn of this type after `earlier` turns of it in the item.
    public func limit(after earlier: Int) -> Duration? {
        guard !limits.isEmpty else { return nil }
        return limits[min(max(earlier, 0), limits.count - 1)]
    }

    public var interrupts: Bool { placement == .interruption }
}

/// The order of a list of speakers.
public enum ListOrder: String, Hashable, Sendable, Codable, CaseIterable {
    /// As inscribed.
    case inscription
    /// By protocol rank (`RulesPack.ranks`), highest first; as inscribed within a rank, and
    /// speakers without a rank after every ranked one.
    case precedence
}
