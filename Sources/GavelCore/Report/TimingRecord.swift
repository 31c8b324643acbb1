/// How the meeting actually ran, derived from its events alone: per item and per floor grant,
/// planned against actual. Reports (tables, CSV, JSON, the timeline page) are built on this.
public struct TimingRecord: Hashable, Sendable {
    public struct Item: Hashable, Sendable {
        /// Position in the agenda, from 0.
        public var index: Int
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
        /// Each span during which the item was current (several if it was reopened); the last
        /// one is open while the item is current.
        public var runs: [Interval]
        /// Planned plus extensions minus trims.
        public var allotted: Duration
        /// Floor time used by the item's turns.
        public var speaking: Duration
        /// One per speaker who had the floor during this item, in order of first turn.
        public var speakers: [SpeakerTotal]

        public var hasStarted: Bool { actualStart != nil }
        /// Extensions minus trims.
        public var added: Duration { adjustments.reduce(.zero) { $0 + $1.by } }
    }

    public struct Turn: Hashable, Sendable {
        public var speaker: String
        public var itemID: String
        /// Position of the item in the agenda, from 0.
        public var itemIndex: Int
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
        /// Pauses of the turn: the chair's ("floor pause") and the meeting's.
        public var pauses: [Interval]
        public var adjustments: [Adjustment]

        /// Granted plus extensions minus trims.
        public var allotted: Duration { granted + added }
        public var isCurrent: Bool { endedAt == nil }
    }

    public struct SpeakerTotal: Hashable, Sendable {
        public var speaker: String
        public var turns: Int
        /// The time first granted, summed over the turns.
        public var granted: Duration
        public var allotted: Duration
        public var used: Duration
        public var paused: Duration
        public var over: Duration { used - allotted }
        public var added: Duration { allotted - granted }
    }

    /// The journal's id of the meeting, when the caller knows it (the core does not).
    public var meetingID: Int64?
    public var title: String
    public var subtitle: String?
    public var venue: String?
    public var timeZone: String
    /// The date the programme was printed for.
    public var agendaDate: LocalDate
    public var planDate: LocalDate
    public var dateShifted: Bool
    public var phase: MeetingState.Phase
    /// The instant the record was read at: open items and turns run up to it.
    public var asOf: Instant
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

    public var venueTimeZone: VenueTimeZone {
        VenueTimeZone(identifier: timeZone) ?? VenueTimeZone(identifier: "UTC")!
    }
}

extension MeetingState {
    /// The record of actual timings at `now` (open items and turns are read up to `now`).
    public func timingRecord(at now: Instant) -> TimingRecord {
        let schedule = schedule(at: now)
        let turns = grants.map { grant in
            TimingRecord.Turn(
                speaker: grant.speaker,
                itemID: agenda.items[grant.itemIndex].id,
                itemIndex: grant.itemIndex,
                grantedAt: grant.grantedAt,
                endedAt: grant.endedAt,
                granted: grant.granted,
                added: grant.added,
                used: grant.stopwatch.elapsed(at: now),
                paused: grant.pausedTime(at: now),
                over: grant.stopwatch.elapsed(at: now) - grant.stopwatch.allotted,
                pauses: grant.pauses,
                adjustments: grant.adjustments
            )
        }
        let recordItems = agenda.items.indices.map { index -> TimingRecord.Item in
            let item = agenda.items[index]
            let progress = items[index]
            let entry = schedule.entries[index]
            let elapsed = progress.stopwatch.elapsed(at: now)
            let itemTurns = turns.filter { $0.itemIndex == index }
            return TimingRecord.Item(
                index: index,
                id: item.id,
                title: item.title,
                kind: item.kind,
                status: entry.status,
                plannedStart: entry.plannedStart,
                plannedEnd: entry.plannedEnd,
                plannedDuration: entry.plannedEnd - entry.plannedStart,
                actualStart: progress.actualStart,
                actualEnd: index == currentItem ? nil : progress.actualEnd,
                actualDuration: elapsed,
                difference: progress.hasStarted ? elapsed - (entry.plannedEnd - entry.plannedStart) : .zero,
                paused: progress.pausedTime(at: now),
                pauses: progress.pauses,
                adjustments: progress.adjustments,
                overrun: progress.stopwatch.overrun(at: now),
                runs: progress.runs,
                allotted: progress.stopwatch.allotted,
                speaking: itemTurns.reduce(.zero) { $0 + $1.used },
                speakers: Self.totals(of: itemTurns)
            )
        }
        return TimingRecord(
            title: agenda.title,
            subtitle: agenda.subtitle,
            venue: agenda.venue,
            timeZone: agenda.timeZone,
            agendaDate: agenda.date,
            planDate: schedule.planDate,
            dateShifted: schedule.dateShifted,
            phase: phase,
            asOf: now,
            plannedStart: schedule.entries.first?.plannedStart ?? now,
            plannedEnd: schedule.plannedEnd,
            actualStart: startedAt,
            actualEnd: endedAt,
            projectedEnd: endedAt ?? schedule.projectedEnd,
            items: recordItems,
            turns: turns,
            speakers: Self.totals(of: turns)
        )
    }

    /// Totals per speaker, in order of first turn.
    private static func totals(of turns: [TimingRecord.Turn]) -> [TimingRecord.SpeakerTotal] {
        var totals: [TimingRecord.SpeakerTotal] = []
        var positions: [String: Int] = [:]
        for turn in turns {
            if let position = positions[turn.speaker] {
                totals[position].turns += 1
                totals[position].granted += turn.granted
                totals[position].allotted += turn.allotted
                totals[position].used += turn.used
                totals[position].paused += turn.paused
            } else {
                positions[turn.speaker] = totals.count
                totals.append(
                    TimingRecord.SpeakerTotal(
                        speaker: turn.speaker,
                        turns: 1,
                        granted: turn.granted,
                        allotted: turn.allotted,
                        used: turn.used,
                        paused: turn.paused
                    )
                )
            }
        }
        return totals
    }
}
