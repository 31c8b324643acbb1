/// A plan to end on time: new allotments for the items still to come (and the current one) so
/// that the meeting ends by a hard end, within what the agenda allows.
///
/// The rules, in order:
/// - a fixed item starts at its planned time: the items before it must end by then;
/// - no item gets less than its minimum (an item without one keeps its length);
/// - elastic items give time in proportion to what each can give;
/// - droppable items are left out only when shortening is not enough, the latest first;
/// - when nothing fits, the plan says why instead of forcing one.
///
/// Pure arithmetic on `EndPlanner.Item`s: `MeetingState.plan(endingBy:at:)` makes them from the
/// state, and the timeline follows the schedule projection's (planned gaps kept, a fixed item never
/// before its planned start, a dropped item taking no time), so that an accepted plan projects
/// exactly as planned.
public enum EndPlanner {
    public struct Item: Hashable, Sendable {
        public var index: Int
        /// Its time as things stand: for the current item, what is left of it (never negative).
        public var length: Duration
        /// The least it may be given (for the current item, of what is left).
        public var minimum: Duration
        /// The planned start a fixed item keeps; nil for the others (and for the current item).
        public var fixedStart: Instant?
        public var droppable: Bool
        /// The planned gap between the item before it and this one.
        public var gapBefore: Duration

        public init(
            index: Int,
            length: Duration,
            minimum: Duration,
            fixedStart: Instant? = nil,
            droppable: Bool = false,
            gapBefore: Duration = .zero
        ) {
            self.index = index
            self.length = length.clampedToZero
            self.minimum = min(minimum.clampedToZero, self.length)
            self.fixedStart = fixedStart
            self.droppable = droppable
            self.gapBefore = gapBefore.clampedToZero
        }
    }

    public struct Entry: Hashable, Sendable {
        public var index: Int
        public var before: Duration
        /// The time the plan gives it (zero when dropped); for the current item, what is left.
        public var after: Duration
        public var dropped: Bool
        /// When it starts and ends under the plan (a dropped item: where it would have been).
        public var start: Instant
        public var end: Instant

        public init(index: Int, before: Duration, after: Duration, dropped: Bool, start: Instant, end: Instant) {
            self.index = index
            self.before = before
            self.after = after
            self.dropped = dropped
            self.start = start
            self.end = end
        }
    }

    public enum Outcome: Hashable, Sendable {
        /// The meeting ends by the hard end as it is: nothing to change.
        case onTime
        /// The changes in `entries` make it end by the hard end.
        case plan
        /// No plan fits; the reason names where and by how much.
        case infeasible(String)
    }

    public struct Plan: Hashable, Sendable {
        public var outcome: Outcome
        public var hardEnd: Instant
        /// Every remaining item, in order, with its time before and after.
        public var entries: [Entry]
        /// When the meeting ends as things stand, and under the plan (as things stand when infeasible).
        public var projectedEnd: Instant
        public var plannedEnd: Instant

        public var isFeasible: Bool {
            if case .infeasible = outcome { return false }
            return true
        }

        /// The entries the plan changes.
        public var changes: [Entry] { entries.filter { $0.dropped || $0.after != $0.before } }
    }

    /// How lengths are rounded: a plan gives whole minutes, which people can say.
    static let unit = Duration.seconds(60)

    /// The plan for `items` (the remaining ones in agenda order, the first starting at `start`)
    /// to end by `hardEnd`. `describe` names an item by its index in a reason.
    public static func plan(
        _ items: [Item],
        from start: Instant,
        endingBy hardEnd: Instant,
        describe: (Int) -> String = { "item \($0 + 1)" }
    ) -> Plan {
        let asIs = timeline(items, lengths: items.map(\.length), dropped: [], from: start)
        let projectedEnd = asIs.last?.end ?? start
        let fixedOnTime = zip(items, asIs).allSatisfy { item, slot in item.fixedStart.map { slot.start == $0 } ?? true }
        if projectedEnd <= hardEnd && fixedOnTime {
            return Plan(
                outcome: .onTime,
                hardEnd: hardEnd,
                entries: asIs,
                projectedEnd: projectedEnd,
                plannedEnd: projectedEnd
            )
        }

        // Segments end at a fixed item's planned start (less the gap before it) and at the hard end.
        var lengths = items.map(\.length)
        var dropped: Set<Int> = []
        var segmentStart = 0
        var segmentFrom = start
        while segmentStart < items.count {
            var segmentEnd = segmentStart + 1
            while segmentEnd < items.count, items[segmentEnd].fixedStart == nil { segmentEnd += 1 }
            let deadline: Instant
            let deadlineName: String
            if segmentEnd < items.count, let fixed = items[segmentEnd].fixedStart {
                deadline = fixed - items[segmentEnd].gapBefore
                deadlineName = "\(describe(items[segmentEnd].index)), which must start at its planned time"
            } else {
                deadline = hardEnd
                deadlineName = "the hard end"
            }
            let range = segmentStart..<segmentEnd
            if let fixed = items[segmentStart].fixedStart {
                guard fixed >= segmentFrom else {
                    return infeasible(
                        "\(describe(items[segmentStart].index)) must start at its planned time, which is already past",
                        items,
                        asIs,
                        hardEnd,
                        start
                    )
                }
                segmentFrom = fixed
            }
            let window = deadline - segmentFrom
            func need() -> Duration {
                range.reduce(.zero) { total, position in
                    guard !dropped.contains(position) else { return total }
                    let gap = position == segmentStart ? Duration.zero : items[position].gapBefore
                    return total + gap + lengths[position]
                }
            }
            func slack() -> Duration {
                range.reduce(.zero) { $0 + (dropped.contains($1) ? .zero : items[$1].length - items[$1].minimum) }
            }
            // Drop the latest droppable items while even every minimum does not fit.
            var droppable = range.filter { items[$0].droppable }.reversed().makeIterator()
            while need() - slack() > window {
                guard let next = droppable.next() else {
                    let least = need() - slack()
                    return infeasible(
                        (segmentEnd - 1 > segmentStart
                            ? "\(describe(items[segmentStart].index)) to \(describe(items[segmentEnd - 1].index)) need"
                            : "\(describe(items[segmentStart].index)) needs")
                            + " at least \(DurationText.compact(least)) even at "
                            + (segmentEnd - 1 > segmentStart ? "their minimums" : "its minimum")
                            + (dropped.isEmpty ? "" : " and with \(dropped.count) dropped")
                            + "; \(DurationText.compact(window.clampedToZero)) remain before \(deadlineName)",
                        items,
                        asIs,
                        hardEnd,
                        start
                    )
                }
                dropped.insert(next)
                lengths[next] = .zero
            }
            let cut = need() - window
            if cut > .zero {
                let available = slack()
                for position in range where !dropped.contains(position) {
                    let item = items[position]
                    let canGive = item.length - item.minimum
                    guard canGive > .zero else { continue }
                    // Its share of the cut, rounded so the total given is at least the cut.
                    let share = cut * (Double(canGive.milliseconds) / Double(available.milliseconds))
                    let target = item.length - share
                    lengths[position] = max(item.minimum, roundedDown(target))
                }
            }
            segmentFrom = timeline(items, lengths: lengths, dropped: dropped, from: start)[segmentEnd - 1].end
            segmentStart = segmentEnd
        }
        let planned = timeline(items, lengths: lengths, dropped: dropped, from: start)
        return Plan(
            outcome: .plan,
            hardEnd: hardEnd,
            entries: planned,
            projectedEnd: projectedEnd,
            plannedEnd: planned.last?.end ?? start
        )
    }

    /// Whole minutes, down (never up: a plan must fit).
    static func roundedDown(_ length: Duration) -> Duration {
        let ms = length.milliseconds
        let unit = Self.unit.milliseconds
        return .milliseconds(ms - ms % unit)
    }

    private static func infeasible(
        _ reason: String,
        _ items: [Item],
        _ asIs: [Entry],
        _ hardEnd: Instant,
        _ start: Instant
    ) -> Plan {
        Plan(
            outcome: .infeasible(reason),
            hardEnd: hardEnd,
            entries: asIs,
            projectedEnd: asIs.last?.end ?? start,
            plannedEnd: asIs.last?.end ?? start
        )
    }

    /// The items one after another from `start`, as the schedule projection places them.
    static func timeline(_ items: [Item], lengths: [Duration], dropped: Set<Int>, from start: Instant) -> [Entry] {
        var entries: [Entry] = []
        var previousEnd = start
        for (position, item) in items.enumerated() {
            let isDropped = dropped.contains(position)
            var begin = position == 0 || isDropped ? previousEnd : previousEnd + item.gapBefore
            if let fixed = item.fixedStart, !isDropped { begin = max(begin, fixed) }
            let length = isDropped ? .zero : lengths[position]
            entries.append(
                Entry(
                    index: item.index,
                    before: item.length,
                    after: length,
                    dropped: isDropped,
                    start: begin,
                    end: begin + length
                )
            )
            previousEnd = begin + length
        }
        return entries
    }
}
