/// Floor time by the values of one attribute the agenda gives speakers (group, region, gender),
/// against the agenda's targets: "female 41 % (target 50 %)".
public struct FloorShare: Hashable, Sendable {
    public struct Value: Hashable, Sendable {
        /// The attribute's value; nil for speakers the agenda gives no value.
        public var value: String?
        public var time: Duration
        /// Its part of the attribute's whole floor time, 0 to 1 (0 while nobody has spoken).
        public var share: Double
        /// The agenda's target, 0 to 1, if it sets one.
        public var target: Double?
        /// The speaker holding the floor now counts here: this value grows while the floor runs.
        public var speaking: Bool
    }

    public var attribute: String
    /// The values in the order of their targets, then by time, the values without a target after
    /// those with; speakers without a value last.
    public var values: [Value]
    public var total: Duration
}

extension MeetingState {
    /// The attributes whose shares the chair view and the report show: the agenda's `shares`, or
    /// the groups when it names none but has groups.
    public var shareAttributes: [ShareTarget] {
        if !agenda.shares.isEmpty { return agenda.shares }
        return agenda.groups.isEmpty ? [] : [ShareTarget(attribute: "group")]
    }

    /// Each share attribute's floor time over the meeting at `now` (or over `item` when given).
    /// Interruptions (points of order) count for nobody: they are not a delegation's speaking time.
    public func floorShares(at now: Instant, item: Int? = nil) -> [FloorShare] {
        let attributes = shareAttributes
        guard !attributes.isEmpty else { return [] }
        let interruptions = Set(agenda.rules.speechTypes.filter(\.interrupts).map(\.id))
        var times: [[String?: Duration]] = Array(repeating: [:], count: attributes.count)
        var speaking: [String?] = Array(repeating: nil, count: attributes.count)
        var anyoneSpeaking = false
        for (index, grant) in grants.enumerated() where item.map({ $0 == grant.itemIndex }) ?? true {
            guard !interruptions.contains(grant.speech ?? "") else { continue }
            let known = agenda.attributes(speaker: grant.speaker, party: grant.party)
            let isSpeaking = index == floorIndex && grant.stopwatch.isRunning
            if isSpeaking { anyoneSpeaking = true }
            for (position, share) in attributes.enumerated() {
                let value = known[share.attribute]
                times[position][value, default: .zero] += grant.stopwatch.elapsed(at: now)
                if isSpeaking { speaking[position] = value }
            }
        }
        return attributes.enumerated().map { position, share in
            let total = times[position].values.reduce(.zero, +)
            var keys = Set(times[position].keys)
            for value in share.targets.keys { keys.insert(value) }
            let ordered = keys.sorted { a, b in
                let ta = a.flatMap { share.targets[$0] }
                let tb = b.flatMap { share.targets[$0] }
                if (a == nil) != (b == nil) { return b == nil }
                if (ta == nil) != (tb == nil) { return ta != nil }
                if let ta, let tb, ta != tb { return ta > tb }
                let (da, db) = (times[position][a] ?? .zero, times[position][b] ?? .zero)
                return da != db ? da > db : (a ?? "") < (b ?? "")
            }
            return FloorShare(
                attribute: share.attribute,
                values: ordered.map { value in
                    let time = times[position][value] ?? .zero
                    return FloorShare.Value(
                        value: value,
                        time: time,
                        share: total > .zero ? time / total : 0,
                        target: value.flatMap { share.targets[$0] }.map { $0 / 100 },
                        speaking: anyoneSpeaking && speaking[position] == value
                    )
                },
                total: total
            )
        }
    }
}
