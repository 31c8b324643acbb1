/// How the meeting actually ran, derived from its events alone: per item and per floor grant,
/// planned against actual. Reports (tables, CSV, JSON, the timeline page) are built on this.
public struct TimingRecord: Hashable, Sendable {
    public struct Item: Hashable, Sendable {
        public var id: String
        public var title: String
        public var kind: AgendaItem.Kind
        public var status: ScheduleProjection.Status
        public var plannedStart: Instant
        public var plannedEnd: Instant
        public var plannedDuration: Duration
        public var actualStart: Instant?
        /// nil while the item is still current or if it never ran.
        public var actualEnd: Instant?
        /// Time the item ran, pauses excluded.
        public var actualDuration: Duration
        /// Actual minus planned duration: positive when it took longer.
        public var difference: Duration
        public var paused: Duration
        public var pauses: [Interval]
        /// Extensions (positive) and trims (negative).
        public var adjustments: [Adjustment]
        /// Time used past the allotted time (planned plus extensions), or zero.
        public var overrun: Duration
    }

    public struct Turn: Hashable, Sendable {
        public var speaker: String
        public var itemID: String
        public var grantedAt: Instant
        /// nil while the speaker still holds the floor.
        public var endedAt: Instant?
        /// The time first granted.
        public var granted: Duration
        /// Extensions minus trims.
        public var added: Duration
        public var used: Duration
        public var paused: Duration
        /// Used minus allotted: positive when over, negative when under.
        public var over: Duration
    }

    public struct SpeakerTotal: Hashable, Sendable {
        public var speaker: String
        public var turns: Int
        public var allotted: Duration
        public var used: Duration
        public var over: Duration { used - allotted }
    }

    public var title: String
    public var timeZone: String
    public var planDate: LocalDate
    public var dateShifted: Bool
    public var plannedStart: Instant
    public var plannedEnd: Instant
    public var actualStart: Instant?
    public var actualEnd: Instant?
    /// The projected end while the meeting runs; the actual end once it has ended.
    public var projectedEnd: Instant
    public var items: [Item]
    public var turns: [Turn]
    /// One per speaker, in order of first turn.
    public var speakers: [SpeakerTotal]
}

extension MeetingState {
    /// The record of actual timings at `now` (open items and turns are read up to `now`).
    public func timingRecord(at now: Instant) -> TimingRecord {
        let schedule = schedule(at: now)
        let recordItems = agenda.items.indices.map { index -> TimingRecord.Item in
            let item = agenda.items[index]
            let progress = items[index]
            let entry = schedule.entries[index]
            let elapsed = progress.stopwatch.elapsed(at: now)
            return TimingRecord.Item(
                id: item.id,
                title: item.title,
                kind: item.kind,
                status: entry.status,
                plannedStart: entry.plannedStart,
                plannedEnd: entry.plannedEnd,
                plannedDuration: item.plannedDuration,
                actualStart: progress.actualStart,
                actualEnd: index == currentItem ? nil : progress.actualEnd,
                actualDuration: elapsed,
                difference: progress.hasStarted ? elapsed - item.plannedDuration : .zero,
                paused: progress.pausedTime(at: now),
                pauses: progress.pauses,
                adjustments: progress.adjustments,
                overrun: progress.stopwatch.overrun(at: now)
            )
        }
        let turns = grants.map { grant in
            TimingRecord.Turn(
                speaker: grant.speaker,
                itemID: agenda.items[grant.itemIndex].id,
                grantedAt: grant.grantedAt,
                endedAt: grant.endedAt,
                granted: grant.granted,
                added: grant.added,
                used: grant.stopwatch.elapsed(at: now),
                paused: grant.pausedTime(at: now),
                over: grant.stopwatch.elapsed(at: now) - grant.stopwatch.allotted
            )
        }
        var totals: [TimingRecord.SpeakerTotal] = []
        var positions: [String: Int] = [:]
        for (grant, turn) in zip(grants, turns) {
            if let position = positions[grant.speaker] {
                totals[position].turns += 1
                totals[position].allotted += grant.stopwatch.allotted
                totals[position].used += turn.used
            } else {
                positions[grant.speaker] = totals.count
                totals.append(TimingRecord.SpeakerTotal(
                    speaker: grant.speaker, turns: 1, allotted: grant.stopwatch.allotted, used: turn.used))
            }
        }
        return TimingRecord(
            title: agenda.title,
            timeZone: agenda.timeZone,
            planDate: schedule.planDate,
            dateShifted: schedule.dateShifted,
            plannedStart: schedule.entries.first?.plannedStart ?? now,
            plannedEnd: schedule.plannedEnd,
            actualStart: startedAt,
            actualEnd: endedAt,
            projectedEnd: endedAt ?? schedule.projectedEnd,
            items: recordItems,
            turns: turns,
            speakers: totals
        )
    }
}
