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
        let planDate = self.planDate ?? planDate(startingAt: now)
        let planned = agenda.items.indices.map { plannedInterval($0, planDate: planDate) }
        let lastRun = lastItem ?? -1
        var entries: [ScheduleProjection.Entry] = agenda.items.indices.map { index in
            let progress = items[index]
            let status: ScheduleProjection.Status =
                index == currentItem
                ? .current
                : progress.hasStarted
                    ? .done
                    : index < lastRun || phase == .ended ? .skipped : .upcoming
            return ScheduleProjection.Entry(
                index: index,
                status: status,
                plannedStart: planned[index].start,
                plannedEnd: planned[index].end,
                projectedStart: progress.actualStart,
                projectedEnd: progress.actualEnd
            )
        }

        // The point the projection runs from: where the meeting stands now, and where the plan
        // says it should stand at that point.
        let projected: Instant
        let plannedPoint: Instant
        var firstUpcoming: Int
        if phase == .ended {
            projected = endedAt ?? now
            plannedPoint = lastItem.map { planned[$0].end } ?? planned[0].start
            firstUpcoming = agenda.items.count
        } else if let current = currentItem {
            let remaining = items[current].stopwatch.remaining(at: now).clampedToZero
            projected = now + remaining
            plannedPoint = planned[current].end
            entries[current].projectedEnd = projected
            firstUpcoming = current + 1
        } else if let lastItem {
            if lastItem + 1 < agenda.items.count {
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
        if firstUpcoming < agenda.items.count, entries[firstUpcoming].projectedStart != nil {
            // Between items: the next one starts now.
            let start = entries[firstUpcoming].projectedStart!
            entries[firstUpcoming].projectedEnd =
                start + items[firstUpcoming].stopwatch.remaining(at: now).clampedToZero
            previousEnd = entries[firstUpcoming].projectedEnd!
            previousPlannedEnd = planned[firstUpcoming].end
            firstUpcoming += 1
        }
        for index in firstUpcoming..<max(firstUpcoming, agenda.items.count) {
            // index ≥ 1 here: every branch above has consumed item 0 or starts after it.
            let sameDay = agenda.items[index].date == agenda.items[index - 1].date
            let gap = (planned[index].start - previousPlannedEnd).clampedToZero
            let start = sameDay ? previousEnd + gap : max(planned[index].start, previousEnd)
            let end = start + items[index].stopwatch.remaining(at: now).clampedToZero
            entries[index].projectedStart = start
            entries[index].projectedEnd = end
            previousEnd = end
            previousPlannedEnd = planned[index].end
        }

        let plannedEnd = planned[planned.count - 1].end
        let projectedEnd = entries.last(where: { $0.projectedEnd != nil })?.projectedEnd ?? projected
        let clockDrift = phase == .notStarted ? (now - planned[0].start).clampedToZero : projected - plannedPoint
        var durationDrift: Duration?
        if let startedAt,
            let firstRun = items.indices.filter({ items[$0].hasStarted })
                .min(by: { items[$0].actualStart! < items[$1].actualStart! })
        {
            durationDrift = projected - (startedAt + (plannedPoint - planned[firstRun].start))
        }
        return ScheduleProjection(
            planDate: planDate,
            dateShifted: planDate != agenda.date,
            entries: entries,
            clockDrift: clockDrift,
            durationDrift: durationDrift,
            plannedEnd: plannedEnd,
            projectedEnd: max(projectedEnd, projected)
        )
    }
}
