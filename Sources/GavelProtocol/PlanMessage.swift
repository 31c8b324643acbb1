import GavelCore

/// A plan to end on time, as `GET /api/v1/plan?end=13:00` answers and `gavel plan` prints: what
/// accepting it now (`planAccept`) would do to each item still to come.
public struct PlanMessage: Codable, Hashable, Sendable {
    public var type = "plan"
    public var seq: Int64
    public var serverTime: Instant
    /// The venue's zone, for writing the times.
    public var timeZone: String
    public var hardEnd: Instant
    /// "onTime" (nothing to change), "plan", or "infeasible" (with `reason`).
    public var outcome: String
    public var reason: String?
    /// When the meeting ends as things stand, and under the plan.
    public var projectedEnd: Instant
    public var plannedEnd: Instant
    public var items: [Item]

    public struct Item: Codable, Hashable, Sendable {
        public var index: Int
        public var id: String
        public var title: String
        /// The time it has now (the current item: all of it, used and left) and under the plan.
        public var beforeMs: Int64
        public var afterMs: Int64
        public var dropped: Bool
        public var start: Instant
        public var end: Instant
        public var fixed: Bool
        public var minimumMs: Int64?
        public var droppable: Bool
        /// The longest turn its speakers get under the plan, when the plan limits it.
        public var speakerLimitMs: Int64?
        public var current: Bool
    }

    public init(_ meetingPlan: MeetingPlan, state: MeetingState, seq: Int64, at now: Instant) {
        let plan = meetingPlan.plan
        self.seq = seq
        serverTime = now
        timeZone = state.agenda.timeZone
        hardEnd = plan.hardEnd
        switch plan.outcome {
        case .onTime: outcome = "onTime"
        case .plan: outcome = "plan"
        case .infeasible(let why):
            outcome = "infeasible"
            reason = why
        }
        projectedEnd = plan.projectedEnd
        plannedEnd = plan.plannedEnd
        items = plan.entries.map { entry in
            let item = state.agenda.items[entry.index]
            let current = entry.index == meetingPlan.currentItem
            let used = current ? state.items[entry.index].stopwatch.elapsed(at: now) : .zero
            return Item(
                index: entry.index,
                id: item.id,
                title: item.title,
                beforeMs: (used + entry.before).milliseconds,
                afterMs: (used + entry.after).milliseconds,
                dropped: entry.dropped,
                start: current ? state.items[entry.index].actualStart ?? entry.start : entry.start,
                end: entry.end,
                fixed: item.planning.fixed,
                minimumMs: item.planning.minimum?.milliseconds,
                droppable: item.planning.droppable,
                speakerLimitMs: meetingPlan.speakerLimits[entry.index]?.milliseconds,
                current: current
            )
        }
    }
}
