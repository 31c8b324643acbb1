/// A group's speaking-time budget in an item (as OpenSlides' structure levels): a regional
/// group, a delegation, a stakeholder constituency, whatever the agenda names. A speaker counts
/// against the budget of their group, or of their delegation when they have no group.
public struct GroupBudget: Hashable, Sendable, Codable {
    public var group: String
    public var time: Duration

    public init(group: String, time: Duration) {
        self.group = group
        self.time = time
    }

    enum CodingKeys: String, CodingKey { case group, time }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        group = try c.decode(String.self, forKey: .group).trimmingSpaces
        guard let time = try c.decodeDurationIfPresent(forKey: .time) else {
            throw DecodingError.keyNotFound(
                CodingKeys.time,
                .init(codingPath: c.codingPath, debugDescription: "a budget needs a time")
            )
        }
        self.time = time
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(group, forKey: .group)
        try c.encodeDurationIfPresent(time, forKey: .time)
    }
}

/// A group's budget in an item at an instant: what it had, what the chair added or moved, what
/// its speakers have used, and what is left (negative once over).
public struct BudgetBalance: Hashable, Sendable {
    public var group: String
    public var planned: Duration
    /// The chair's additions, and transfers in (positive) and out (negative).
    public var added: Duration
    public var used: Duration

    public var budget: Duration { planned + added }
    public var balance: Duration { budget - used }
    public var isSpent: Bool { balance <= .zero }
}

extension MeetingState {
    /// Each group's budget in `item` at `now`, in the agenda's order, then groups the chair gave
    /// time to that the agenda did not name.
    public func budgets(in item: Int, at now: Instant) -> [BudgetBalance] {
        var balances = agenda.items[item].budgets.map {
            BudgetBalance(group: $0.group, planned: $0.time, added: .zero, used: .zero)
        }
        for adjustment in budgetAdjustments[item] ?? [] {
            if let index = balances.firstIndex(where: { $0.group.lowercased() == adjustment.group.lowercased() }) {
                balances[index].added += adjustment.by
            } else {
                balances.append(
                    BudgetBalance(group: adjustment.group, planned: .zero, added: adjustment.by, used: .zero)
                )
            }
        }
        guard !balances.isEmpty else { return [] }
        let interruptions = Set(agenda.rules.speechTypes.filter(\.interrupts).map(\.id))
        for grant in grants where grant.itemIndex == item && !interruptions.contains(grant.speech ?? "") {
            let party = grant.delegation ?? grant.speaker
            let key = (agenda.group(of: party) ?? party).lowercased()
            if let index = balances.firstIndex(where: { $0.group.lowercased() == key }) {
                balances[index].used += grant.stopwatch.elapsed(at: now)
            }
        }
        return balances
    }
}

/// A change the chair made to a group's budget in an item: an addition, or one side of a transfer.
public struct BudgetAdjustment: Hashable, Sendable {
    public var group: String
    public var by: Duration

    public init(group: String, by: Duration) {
        self.group = group
        self.by = by
    }
}

/// Delegations grouped as the agenda defines (regional groups, constituencies).
public struct SpeakerGroup: Hashable, Sendable, Codable {
    public var name: String
    public var members: [String]

    public init(name: String, members: [String]) {
        self.name = name
        self.members = members
    }
}

extension Agenda {
    /// The group `party` (a delegation, or a speaker without one) belongs to, if the agenda says.
    public func group(of party: String) -> String? {
        let key = party.lowercased()
        return groups.first { $0.members.contains { $0.lowercased() == key } }?.name
    }
}

extension MeetingState {
    /// The events of a change to budgets: every group named must be known to the item (a budget
    /// in the agenda, or time the chair gave it), and no budget may go below what its speakers
    /// have already used.
    func budgetEvents(
        _ changes: [(group: String, by: Duration)],
        item reference: String?,
        at now: Instant
    )
        throws(MeetingError) -> [MeetingEvent]
    {
        try requireNotEnded()
        let item = try listIndex(reference)
        var balances = budgets(in: item, at: now)
        var events: [MeetingEvent] = []
        for (group, delta) in changes {
            let name = group.trimmingSpaces
            guard !name.isEmpty, name.count <= Self.longestName else {
                throw MeetingError(
                    .invalidText,
                    "a group is named in one line of at most \(Self.longestName) characters"
                )
            }
            guard delta != .zero, abs(delta.milliseconds) <= Self.longestDuration.milliseconds else {
                throw MeetingError(.invalidDuration, "a change to a budget is more than zero and at most 12h")
            }
            if let index = balances.firstIndex(where: { $0.group.lowercased() == name.lowercased() }) {
                guard delta > .zero || balances[index].balance + delta >= .zero else {
                    throw MeetingError(
                        .invalidDuration,
                        "\(balances[index].group) has \(DurationText.compact(balances[index].balance.clampedToZero)) "
                            + "left in item \(describe(item)); it cannot give \(DurationText.compact(.zero - delta))"
                    )
                }
                balances[index].added += delta
                events.append(.budgetAdjusted(item: item, group: balances[index].group, by: delta, at: now))
            } else {
                guard delta > .zero else {
                    throw MeetingError(
                        .unknownSpeaker,
                        "\(name) has no budget in item \(describe(item)); groups with one: "
                            + (balances.isEmpty ? "none" : balances.map(\.group).joined(separator: ", "))
                    )
                }
                balances.append(BudgetBalance(group: name, planned: .zero, added: delta, used: .zero))
                events.append(.budgetAdjusted(item: item, group: name, by: delta, at: now))
            }
        }
        return events
    }
}
