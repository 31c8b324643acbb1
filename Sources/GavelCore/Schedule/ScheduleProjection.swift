/// The meeting against its plan at an instant: how far ahead or behind, when each remaining
/// item will start, and when the meeting will end.
public struct ScheduleProjection: Hashable, Sendable {
    public enum Status: String, Hashable, Sendable, Codable {
        case done
        case current
        case upcoming
        /// Never started, and a later item has: the chair jumped over it.
        case skipped
    }

    public struct Entry: Hashable, Sendable {
        public var index: Int
        public var status: Status
        /// Planned times on `planDate`, in the venue's zone.
        public var plannedStart: Instant
        public var plannedEnd: Instant
        /// Actual times for what has happened, projected ones for what has not; nil when skipped.
        public var projectedStart: Instant?
        public var projectedEnd: Instant?
    }

    /// The day planned times apply to: the day the meeting started (or today, before it starts).
    public var planDate: LocalDate
    /// True when `planDate` is not the agenda's own date (a rehearsal, a postponed sitting).
    public var dateShifted: Bool
    public var entries: [Entry]
    /// Against the clock: positive when behind the printed programme, negative when ahead.
    public var clockDrift: Duration
    /// Against the plan's durations since the actual start: positive when items so far took
    /// longer than planned. Nil before the meeting starts.
    public var durationDrift: Duration?
    public var plannedEnd: Instant
    public var projectedEnd: Instant
}

extension MeetingState {
    /// The planned instant of an item's start and end, on the day the plan applies to.
    public func plannedInterval(_ index: Int, planDate: LocalDate) -> (start: Instant, end: Instant) {
        let item = agenda.items[index]
        let day = planDate.adding(days: item.date.daysSinceEpoch - agenda.date.daysSinceEpoch)
        let zone = agenda.venueTimeZone
        return (zone.instant(on: day, at: item.start), zone.instant(on: day, at: item.end))
    }

    /// How close to its own dates a programme must be happening to keep them: half a day.
    static let ownDateWindow = Duration.seconds(12 * 3600)

    /// The day the planned times apply to for a meeting starting at `now`: the programme's own
    /// date when `now` is within half a day of its plan on that date (a night sitting printed
    /// for tomorrow 00:00 is ten minutes away at 23:50, not 23 h 50 behind); otherwise the
    /// venue's date at `now` (a rehearsal, or a programme from another year run today).
    public func planDate(startingAt now: Instant) -> LocalDate {
        if let first = agenda.items.indices.first, let last = agenda.items.indices.last {
            let start = plannedInterval(first, planDate: agenda.date).start
            let end = plannedInterval(last, planDate: agenda.date).end
            if now >= start - Self.ownDateWindow, now <= end + Self.ownDateWindow { return agenda.date }
        }
        return agenda.venueTimeZone.date(at: now)
    }

    /// Projects the rest of the meeting from the state at `now`.
    public func schedule(at now: Instant) -> ScheduleProjection {
        ScheduleProjection(scheduleFacts(at: now), at: now)
    }

    /// What the projection at `now` is made from.
    public func scheduleFacts(at now: Instant) -> ScheduleFacts {
        let planDate = self.planDate ?? planDate(startingAt: now)
        return ScheduleFacts(
            planDate: planDate,
            agendaDate: agenda.date,
            items: agenda.items.indices.map { index in
                let planned = plannedInterval(index, planDate: planDate)
                let progress = items[index]
                return ScheduleFacts.Item(
                    plannedStart: planned.start,
                    plannedEnd: planned.end,
                    day: agenda.items[index].date.daysSinceEpoch - agenda.date.daysSinceEpoch,
                    actualStart: progress.actualStart,
                    actualEnd: progress.actualEnd,
                    remaining: progress.stopwatch.remaining(at: now),
                    fixed: agenda.items[index].planning.fixed,
                    dropped: progress.dropped && !progress.hasStarted
                )
            },
            phase: phase,
            currentItem: currentItem,
            lastItem: lastItem,
            startedAt: startedAt,
            endedAt: endedAt
        )
    }
}

extension ScheduleProjection {
    /// Projects the rest of the meeting from `facts` at `now`: the daemon from its state, a
    /// gavel.v2 client from the agenda, progress and state messages it holds (the same facts, so
    /// the same projection).
    public init(_ facts: ScheduleFacts, at now: Instant) {
        let items = facts.items
        let planned = items.map { (start: $0.plannedStart, end: $0.plannedEnd) }
        let lastRun = facts.lastItem ?? -1
        var entries: [ScheduleProjection.Entry] = items.indices.map { index in
            let item = items[index]
            let status: ScheduleProjection.Status =
                index == facts.currentItem
                ? .current
                : item.actualStart != nil
                    ? .done
                    : index < lastRun || facts.phase == .ended ? .skipped : .upcoming
            return ScheduleProjection.Entry(
                index: index,
                status: status,
                plannedStart: item.plannedStart,
                plannedEnd: item.plannedEnd,
                projectedStart: item.actualStart,
                projectedEnd: item.actualEnd
            )
        }

        // The point the projection runs from: where the meeting stands now, and where the plan
        // says it should stand at that point.
        let projected: Instant
        let plannedPoint: Instant
        var firstUpcoming: Int
        if facts.phase == .ended {
            projected = facts.endedAt ?? now
            plannedPoint = facts.lastItem.map { planned[$0].end } ?? planned[0].start
            firstUpcoming = items.count
        } else if let current = facts.currentItem {
            projected = now + items[current].remaining.clampedToZero
            plannedPoint = planned[current].end
            entries[current].projectedEnd = projected
            firstUpcoming = current + 1
        } else if let lastItem = facts.lastItem {
            if lastItem + 1 < items.count {
                projected = now
                plannedPoint = planned[lastItem + 1].start
                entries[lastItem + 1].projectedStart = now
            } else {
                projected = items[lastItem].actualEnd ?? now
                plannedPoint = planned[lastItem].end
            }
            firstUpcoming = lastItem + 1
        } else {
            projected = max(now, planned[0].start)
            plannedPoint = planned[0].start
            entries[0].projectedStart = projected
            firstUpcoming = 0
        }

        // Upcoming items follow one another with their planned gaps; a delay does not carry
        // over into another day of a multi-day programme unless it runs into it.
        var previousEnd = projected
        var previousPlannedEnd = plannedPoint
        if firstUpcoming < items.count, var start = entries[firstUpcoming].projectedStart {
            // Between items: the next one starts now (a fixed one at its time; a dropped one
            // takes none).
            if items[firstUpcoming].fixed, items[firstUpcoming].actualStart == nil {
                start = max(start, planned[firstUpcoming].start)
                entries[firstUpcoming].projectedStart = start
            }
            let end = start + items[firstUpcoming].length
            entries[firstUpcoming].projectedEnd = end
            previousEnd = end
            previousPlannedEnd = planned[firstUpcoming].end
            firstUpcoming += 1
        }
        for index in firstUpcoming..<max(firstUpcoming, items.count) {
            // index ≥ 1 here: every branch above has consumed item 0 or starts after it.
            let sameDay = items[index].day == items[index - 1].day
            // A dropped item takes no time, nor the gap before it.
            let gap = items[index].dropped ? .zero : (planned[index].start - previousPlannedEnd).clampedToZero
            var start = sameDay ? previousEnd + gap : max(planned[index].start, previousEnd)
            if items[index].fixed, !items[index].dropped { start = max(start, planned[index].start) }
            let end = start + items[index].length
            entries[index].projectedStart = start
            entries[index].projectedEnd = end
            previousEnd = end
            previousPlannedEnd = planned[index].end
        }

        let plannedEnd = planned[planned.count - 1].end
        let projectedEnd = entries.last(where: { $0.projectedEnd != nil })?.projectedEnd ?? projected
        let clockDrift =
            facts.phase == .notStarted ? (now - planned[0].start).clampedToZero : projected - plannedPoint
        var durationDrift: Duration?
        if let startedAt = facts.startedAt,
            let firstRun = items.indices.filter({ items[$0].actualStart != nil })
                .min(by: { items[$0].actualStart! < items[$1].actualStart! })
        {
            durationDrift = projected - (startedAt + (plannedPoint - planned[firstRun].start))
        }
        self.init(
            planDate: facts.planDate,
            dateShifted: facts.planDate != facts.agendaDate,
            entries: entries,
            clockDrift: clockDrift,
            durationDrift: durationDrift,
            plannedEnd: plannedEnd,
            projectedEnd: max(projectedEnd, projected)
        )
    }
}

extension ScheduleFacts.Item {
    /// The time it takes in the projection from now: what is left of it, none when dropped.
    var length: Duration { dropped ? .zero : remaining.clampedToZero }
}
