/// A plan the chair accepted (`MeetingEvent.planAccepted`), for the report.
public struct AcceptedPlan: Hashable, Sendable {
    public var end: Instant
    public var at: Instant
    /// The allotments it gave items (`itemReplanned` of the same command), by item index.
    public var replanned: [Int: Duration]
    /// The items it left out (`itemDropped` of the same command), by index, in order.
    public var dropped: [Int]

    public init(end: Instant, at: Instant, replanned: [Int: Duration] = [:], dropped: [Int] = []) {
        self.end = end
        self.at = at
        self.replanned = replanned
        self.dropped = dropped
    }
}

/// A plan to end on time for the state at an instant: what `gavel plan` shows and `--accept`
/// journals.
public struct MeetingPlan: Hashable, Sendable {
    public var plan: EndPlanner.Plan
    /// The longest turn the plan gives each shortened item's speakers so that its list fits, by item
    /// index (only where the list would not fit otherwise).
    public var speakerLimits: [Int: Duration]
    /// The current item, when the plan starts with it.
    public var currentItem: Int?
}

extension MeetingState {
    /// The hard end `time` means now: on the day of the first item still to come (the plan's day
    /// plus that item's day in a multi-day programme).
    public func hardEndInstant(_ time: LocalTime, at now: Instant) -> Instant {
        let date = planDate ?? planDate(startingAt: now)
        let first = currentItem ?? remainingItems(at: now).first ?? (agenda.items.count - 1)
        let item = agenda.items[first]
        let day = date.adding(days: item.date.daysSinceEpoch - agenda.date.daysSinceEpoch)
        return agenda.venueTimeZone.instant(on: day, at: time)
    }

    /// The hard end that holds at `now`: the last accepted plan's, else the agenda's.
    public func effectiveHardEnd(at now: Instant) -> Instant? {
        hardEnd ?? agenda.hardEnd.map { hardEndInstant($0, at: now) }
    }

    /// The items still to come at `now`, in order: the current one, then those not started and not
    /// dropped, on the same day as the first.
    func remainingItems(at now: Instant) -> [Int] {
        guard phase != .ended else { return [] }
        let first = currentItem ?? lastItem.map { $0 + 1 } ?? 0
        guard agenda.items.indices.contains(first) else { return [] }
        let day = agenda.items[first].date
        return (first..<agenda.items.count).filter { index in
            index == currentItem
                || (!items[index].hasStarted && !items[index].dropped && agenda.items[index].date == day)
        }
    }

    /// The plan that ends the meeting by `hardEnd` from `now`, or nil when nothing remains.
    public func plan(endingBy hardEnd: Instant, at now: Instant) -> MeetingPlan? {
        let remaining = remainingItems(at: now)
        guard !remaining.isEmpty else { return nil }
        let date = planDate ?? planDate(startingAt: now)
        var plannerItems: [EndPlanner.Item] = []
        for (position, index) in remaining.enumerated() {
            let interval = plannedInterval(index, planDate: date)
            let marks = agenda.items[index].planning
            let stopwatch = items[index].stopwatch
            let item: EndPlanner.Item
            if index == currentItem {
                let used = stopwatch.elapsed(at: now)
                item = EndPlanner.Item(
                    index: index,
                    length: stopwatch.remaining(at: now),
                    minimum: marks.minimum.map { $0 - used } ?? stopwatch.remaining(at: now)
                )
            } else {
                // The gap the schedule keeps: from the planned end of the item before in the agenda.
                let gap =
                    position == 0 || index == 0
                    ? .zero : (interval.start - plannedInterval(index - 1, planDate: date).end).clampedToZero
                item = EndPlanner.Item(
                    index: index,
                    length: stopwatch.allotted,
                    minimum: marks.minimum ?? stopwatch.allotted,
                    // A fixed item already due starts as soon as it can: nothing keeps it on time now.
                    fixedStart: marks.fixed && interval.start >= now ? interval.start : nil,
                    droppable: marks.droppable,
                    gapBefore: gap
                )
            }
            plannerItems.append(item)
        }
        let start = phase == .notStarted ? max(now, plannedInterval(remaining[0], planDate: date).start) : now
        let plan = EndPlanner.plan(plannerItems, from: start, endingBy: hardEnd) { "item " + self.describe($0) }
        var limits: [Int: Duration] = [:]
        if plan.outcome == .plan {
            for entry in plan.changes where !entry.dropped && entry.after < entry.before {
                let allotments = allotments(in: entry.index)
                let onTheFloor =
                    entry.index == currentItem
                    ? floorStack.reduce(.zero) { $0 + grants[$1].stopwatch.remaining(at: now).clampedToZero }
                    : .zero
                guard let longest = allotments.max(),
                    let limit = ListFeasibility.limit(sharing: entry.after - onTheFloor, among: allotments),
                    (.zero..<longest).contains(limit), limit != .zero
                else { continue }
                limits[entry.index] = limit
            }
        }
        return MeetingPlan(plan: plan, speakerLimits: limits, currentItem: currentItem)
    }

    /// The events of accepting the plan to end by `end` (the agenda's hard end when nil).
    func acceptPlanEvents(end: LocalTime?, at now: Instant) throws(MeetingError) -> [MeetingEvent] {
        try requireNotEnded()
        guard phase == .running else {
            throw MeetingError(
                .notStarted,
                "the meeting has not started; a plan is accepted once it runs (gavel plan shows one before)"
            )
        }
        guard let time = end ?? agenda.hardEnd else {
            throw MeetingError(
                .invalidDuration,
                "no hard end: give one (gavel plan --end 13:00) or write \"hardEnd\" in the agenda"
            )
        }
        let hardEnd = hardEndInstant(time, at: now)
        guard let meetingPlan = plan(endingBy: hardEnd, at: now) else {
            throw MeetingError(.atLastItem, "no item remains to plan")
        }
        let plan = meetingPlan.plan
        if case .infeasible(let reason) = plan.outcome {
            throw MeetingError(.noPlan, "no plan ends by \(time): \(reason)")
        }
        var events: [MeetingEvent] = [.planAccepted(end: hardEnd, at: now)]
        for entry in plan.changes {
            if entry.dropped {
                events.append(.itemDropped(item: entry.index, at: now))
            } else {
                let used = entry.index == currentItem ? items[entry.index].stopwatch.elapsed(at: now) : .zero
                events.append(.itemAllotted(item: entry.index, allotted: used + entry.after, at: now))
            }
        }
        for (item, limit) in meetingPlan.speakerLimits.sorted(by: { $0.key < $1.key }) {
            events.append(.speakerLimitSet(item: item, limit: limit, at: now))
        }
        return events
    }
}
