import GavelCore

/// gavel.v2: the groups' speaking-time budgets in the current item and the shares of floor time,
/// sent to the subscribers of `budgets` (the chair view) when they change. Figures are as of
/// `serverTime`; while the floor runs (the state's `floor.running`), the time of the entries
/// marked `speaking` grows with it, so a display counts them on as it counts the floor.
public struct BudgetsMessage: Codable, Hashable, Sendable {
    public var type = "budgets"
    public var seq: Int64
    public var serverTime: Instant
    /// The index of the item whose budgets these are (the list's item); null after the last one.
    public var item: Int?
    public var groups: [Group]
    public var shares: [Share]

    public struct Group: Codable, Hashable, Sendable {
        public var group: String
        public var plannedMs: Int64
        /// The chair's additions and transfers (negative when it gave time away).
        public var addedMs: Int64
        public var usedMs: Int64
        /// Planned plus added minus used; negative once over.
        public var balanceMs: Int64
        /// Its speaker holds the floor: `usedMs` grows while the floor runs.
        public var speaking: Bool
    }

    public struct Share: Codable, Hashable, Sendable {
        public var attribute: String
        public var totalMs: Int64
        public var values: [Value]

        public struct Value: Codable, Hashable, Sendable {
            /// Null for speakers the agenda gives no value.
            public var value: String?
            public var ms: Int64
            /// Percent of the attribute's floor time, one decimal.
            public var percent: Double
            public var targetPercent: Double?
            public var speaking: Bool
        }
    }

    /// The budgets of `item` (by default the list's item, the current one) at `now`.
    public init(state: MeetingState, seq: Int64, at now: Instant, item: Int? = nil) {
        self.seq = seq
        serverTime = now
        self.item = item ?? state.listItem
        let speakingGroup = state.budgetSpeakingGroup
        groups =
            self.item.map { index in
                state.budgets(in: index, at: now).map {
                    Group(
                        group: $0.group,
                        plannedMs: $0.planned.milliseconds,
                        addedMs: $0.added.milliseconds,
                        usedMs: $0.used.milliseconds,
                        balanceMs: $0.balance.milliseconds,
                        speaking: speakingGroup == $0.group.lowercased()
                    )
                }
            } ?? []
        shares = state.floorShares(at: now).map { share in
            Share(
                attribute: share.attribute,
                totalMs: share.total.milliseconds,
                values: share.values.map {
                    Share.Value(
                        value: $0.value,
                        ms: $0.time.milliseconds,
                        percent: ($0.share * 1000).rounded() / 10,
                        targetPercent: $0.target.map { ($0 * 1000).rounded() / 10 },
                        speaking: $0.speaking
                    )
                }
            )
        }
    }

    /// Whether `other` says the same: the same figures at the same instant. While a speaker with a
    /// budget or a share holds the floor every change sends it again; otherwise only what changed.
    public func hasSameContent(as other: BudgetsMessage) -> Bool {
        item == other.item && groups == other.groups && shares == other.shares
    }
}

extension MeetingState {
    /// The group (lowercased) whose budget the running floor's speaker counts against, if any.
    var budgetSpeakingGroup: String? {
        guard let grant = floor, grant.stopwatch.isRunning,
            agenda.rules.speechType(grant.speech ?? "")?.interrupts != true
        else { return nil }
        let party = grant.delegation ?? grant.speaker
        return (agenda.group(of: party) ?? party).lowercased()
    }
}
