/// Whether a list of speakers fits the time its item has left, and what would make it fit:
/// "23 inscribed at 3:00 → 14 min over; at 2:20 all fit; or close after speaker 18".
///
/// Pure arithmetic on the state at `now`: recomputed at every change, so it follows speakers who
/// run long or short.
public struct ListFeasibility: Hashable, Sendable {
    /// The time the list may use: to the item's end as allotted (planned plus extensions) or, when
    /// given, to an earlier hard end; never negative.
    public var available: Duration
    /// What the floor still holds: the speaker on it and everyone an interruption holds up.
    public var onTheFloor: Duration
    /// Each waiting speaker's time, in list order.
    public var allotted: [Duration]
    /// How many of the inscribed fit, in order, after the floor.
    public var fitting: Int
    /// The list's time past what is available, or zero.
    public var over: Duration
    /// The one limit that, applied to every waiting speaker (none gets more than they asked or
    /// the rules give), lets them all speak; nil when even nothing but the floor does not fit,
    /// zero when the list is empty.
    public var limitForAll: Duration?

    public var count: Int { allotted.count }
    public var total: Duration { allotted.reduce(.zero, +) }
    public var fitsAll: Bool { fitting == count }

    /// The feasibility of `state`'s current list at `now`; nil when no item is current.
    public init?(_ state: MeetingState, at now: Instant, hardEnd: Instant? = nil) {
        guard let index = state.currentItem else { return nil }
        var available = state.itemReading(index, at: now).remaining
        if let hardEnd { available = min(available, hardEnd - now) }
        self.init(
            available: available,
            onTheFloor: state.floorStack.reduce(.zero) {
                $0 + state.grants[$1].stopwatch.remaining(at: now).clampedToZero
            },
            allotted: state.allotments(in: index)
        )
    }

    public init(available: Duration, onTheFloor: Duration, allotted: [Duration]) {
        self.available = available.clampedToZero
        self.onTheFloor = onTheFloor.clampedToZero
        self.allotted = allotted
        let budget = self.available - self.onTheFloor
        var used = Duration.zero
        var fitting = 0
        for time in allotted {
            guard used + time <= budget else { break }
            used += time
            fitting += 1
        }
        self.fitting = fitting
        self.over = (self.onTheFloor + allotted.reduce(.zero, +) - self.available).clampedToZero
        self.limitForAll = Self.limit(sharing: budget, among: allotted)
    }

    /// The largest L, in whole seconds (10 s from a minute up), with Σ min(time, L) ≤ budget:
    /// every speaker who needs less than L keeps their time, the others get L.
    static func limit(sharing budget: Duration, among times: [Duration]) -> Duration? {
        guard budget >= .zero else { return nil }
        guard let longest = times.max() else { return .zero }
        if times.reduce(.zero, +) <= budget { return longest }
        var remaining = budget
        var left = times.count
        for time in times.sorted() {
            // Everyone from here on gets the same share, unless this one needs less.
            let share = remaining / left
            if time <= share {
                remaining -= time
                left -= 1
            } else {
                // A limit people can say: whole 10 s from a minute up (2:23 → 2:20), whole seconds below.
                let seconds = share.components.seconds
                return .seconds(seconds >= 60 ? seconds - seconds % 10 : seconds)
            }
        }
        return longest
    }
}
