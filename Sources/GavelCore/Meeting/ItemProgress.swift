/// What has actually happened to one agenda item.
public struct ItemProgress: Hashable, Sendable {
    public var stopwatch: Stopwatch
    /// Each span during which the item was the current one (an item reopened with "previous"
    /// has several).
    public var runs: [Interval] = []
    /// Meeting pauses while this item was current.
    public var pauses: [Interval] = []
    /// Extensions (positive) and trims (negative), in order.
    public var adjustments: [Adjustment] = []
    /// The allotment an accepted plan gave it, if one did (`itemAllotted`).
    public var planAllotment: Duration?
    /// Left out by an accepted plan (`itemDropped`); a later plan or starting it brings it back.
    public var dropped = false
    /// The item's times before the meeting first re-planned them (`itemReplanned`); nil while
    /// they are as the agenda had them.
    public var originalPlan: PlannedTimes?
    /// Added during the meeting (`itemInserted`): it has no original plan.
    public var inserted = false

    /// Its times were changed, or it was added, after the agenda was loaded.
    public var isReplanned: Bool { originalPlan != nil || inserted }

    public init(planned: Duration) {
        self.stopwatch = Stopwatch(allotted: planned)
    }

    public var hasStarted: Bool { !runs.isEmpty }
    public var actualStart: Instant? { runs.first?.start }
    /// The end of the last run, or nil while the item is current or never ran.
    public var actualEnd: Instant? {
        guard let last = runs.last else { return nil }
        return last.end
    }

    /// Extensions minus trims.
    public var added: Duration { adjustments.reduce(.zero) { $0 + $1.by } }

    public func pausedTime(at now: Instant) -> Duration {
        pauses.reduce(.zero) { $0 + $1.length(at: now) }
    }
}
