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
        /// One per speech type with turns in this item, in the rules' order.
        public var speechTypes: [SpeechTypeTotal]
        /// One per delegation that had the floor during this item, in order of first turn.
        public var delegations: [SpeakerTotal]
        /// Turns of an interrupting type in this item.
        public var interruptions: Int
        /// Floor time those interruptions used.
        public var interrupting: Duration
        /// The whole allotment the last accepted plan gave it; nil when no plan changed it.
        public var replanned: Duration? = nil
        /// Left out by an accepted plan and never started since.
        public var dropped = false

        /// The times the item was first planned for, when the meeting re-planned them (live agenda
        /// editing); nil when they are as first planned, or the item was added during the meeting.
        public var originalStart: Instant?
        public var originalEnd: Instant?
        /// Added to the agenda during the meeting: it had no plan before.
        public var addedDuringMeeting = false

        public var hasStarted: Bool { actualStart != nil }
        /// Re-planned or added during the meeting: `plannedStart` and `plannedEnd` are its new plan.
        public var isReplanned: Bool { originalStart != nil || addedDuringMeeting }
        /// Extensions minus trims.
        public var added: Duration { adjustments.reduce(.zero) { $0 + $1.by } }
    }

    /// An item removed from the agenda during the meeting: planned, never held.
    public struct RemovedItem: Hashable, Sendable {
        public var id: String
        public var title: String
        public var kind: AgendaItem.Kind
        /// Its last plan, on the plan's day.
        public var plannedStart: Instant
        public var plannedEnd: Instant
        /// Its first plan, when the meeting had re-planned it before removing it.
        public var originalStart: Instant?
        public var originalEnd: Instant?
        /// It had been added during the meeting.
        public var addedDuringMeeting: Bool
        /// Its position in the agenda (from 0) when it was removed.
        public var position: Int
        public var removedAt: Instant

        public var plannedDuration: Duration { plannedEnd - plannedStart }
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
        /// The speech type's id: the grant's, or the rules' default type for a plain grant (and
        /// for every turn of a journal from before lists had types).
        public var speech: String
        /// The type's name under the meeting's rules ("Right of reply"); the id if they lack it.
        public var speechName: String
        /// The type interrupts the floor (a point of order, an interposed question).
        public var isInterruption: Bool
        /// The type is the rules' default (a plain grant, a statement from the list, every turn of
        /// a journal from before lists had types).
        public var isDefaultType: Bool
        public var delegation: String?
        /// The turn this one interrupted, as an index into `TimingRecord.turns`.
        public var interruptedTurn: Int?
        /// Spans during which an interruption held the floor above this turn. Its clock stood still:
        /// they count neither as used nor as paused.
        public var interruptions: [Interval]
        /// The length of `interruptions` (an open one up to the record's instant).
        public var interrupted: Duration

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
        /// Time the speaker's turns stood still under interruptions.
        public var interrupted: Duration = .zero
        /// How many times the speaker's turns were interrupted.
        public var interruptions: Int = 0
        /// Turns that used more than their allotted time.
        public var overLimit: Int = 0
        public var over: Duration { used - allotted }
        public var added: Duration { allotted - granted }
    }

    /// The turns of one speech type, in one item or in the meeting.
    public struct SpeechTypeTotal: Hashable, Sendable {
        public var speech: String
        public var name: String
        /// `list`, `endOfItem` or `interruption` (`SpeechType.Placement`).
        public var placement: String
        public var turns: Int
        public var granted: Duration
        public var allotted: Duration
        public var used: Duration
        public var paused: Duration
        /// Time turns of this type stood still under interruptions.
        public var interrupted: Duration
        /// Turns that used more than their allotted time.
        public var overLimit: Int
        public var over: Duration { used - allotted }
        public var added: Duration { allotted - granted }
        public var interrupts: Bool { placement == SpeechType.Placement.interruption.rawValue }
    }

    /// A rule of procedure the chair overrode.
    public struct Override: Hashable, Sendable {
        public var rule: String
        public var at: Instant
        /// The item running at the time, if any.
        public var itemID: String?
    }

    /// A plan to end on time the chair accepted.
    public struct Plan: Hashable, Sendable {
        public var at: Instant
        /// The hard end it aimed at.
        public var hardEnd: Instant
        /// The items it gave a new allotment, in agenda order.
        public var replanned: [Replanned]
        /// The items it left out, by index, in agenda order.
        public var dropped: [Int]
    }

    /// An item's whole allotment as a plan set it.
    public struct Replanned: Hashable, Sendable {
        /// Position of the item in the agenda, from 0.
        public var index: Int
        public var allotted: Duration
    }

    /// A group's budget in an item, read at the record's instant.
    public struct Budget: Hashable, Sendable {
        /// Position of the item in the agenda, from 0.
        public var itemIndex: Int
        public var itemID: String
        public var balance: BudgetBalance
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
    /// One per speech type with turns, in the rules' order (types the rules lack after them).
    public var speechTypes: [SpeechTypeTotal]
    /// One per delegation, in order of first turn; turns without a delegation are in none.
    /// `speaker` holds the delegation's name as first written (delegations match ignoring case).
    public var delegations: [SpeakerTotal]
    public var overrides: [Override]
    /// The hard end of the last accepted plan, if any.
    public var hardEnd: Instant? = nil
    /// Every accepted plan, in order.
    public var plans: [Plan] = []
    /// Every group's budget, item by item in agenda order, each item's in its order
    /// (`MeetingState.budgets(in:at:)`).
    public var budgets: [Budget] = []
    /// Floor time by each share attribute over the meeting (`MeetingState.floorShares(at:)`).
    public var shares: [FloorShare] = []
    /// Items removed from the agenda during the meeting, in the order they were removed.
    public var removedItems: [RemovedItem] = []

    /// Whether any item was re-planned, added or removed during the meeting. Reports of a meeting
    /// whose agenda was not edited read as they did, without the re-planned columns and section.
    public var hasReplannedItems: Bool { items.contains(where: \.isReplanned) || !removedItems.isEmpty }

    /// Turns of an interrupting type in the meeting.
    public var interruptions: Int { speechTypes.filter(\.interrupts).reduce(0) { $0 + $1.turns } }
    /// Floor time used by interruptions.
    public var interrupting: Duration { speechTypes.filter(\.interrupts).reduce(.zero) { $0 + $1.used } }

    /// Whether the meeting used anything of the list of speakers: a speech type other than the
    /// rules' default, a delegation, an interruption or an override. Reports of a meeting that did not (every
    /// journal from before lists) read as they did, without the list's sections.
    public var usesSpeakersList: Bool {
        !overrides.isEmpty
            || turns.contains {
                !$0.isDefaultType || $0.delegation != nil || $0.interruptedTurn != nil || $0.isInterruption
            }
    }

    /// Whether the meeting had anything of a plan to end on time, budgets or shares: an accepted
    /// plan, an item re-planned or dropped, a group's budget, floor time counted in a share.
    /// Reports of a meeting that had none read as they did before plans, without their columns
    /// and sections.
    public var usesPlanning: Bool {
        hardEnd != nil || !plans.isEmpty || !budgets.isEmpty || shares.contains { !$0.values.isEmpty }
            || items.contains { $0.replanned != nil || $0.dropped }
    }

    public var venueTimeZone: VenueTimeZone {
        VenueTimeZone(identifier: timeZone) ?? VenueTimeZone(identifier: "UTC")!
    }
}

extension MeetingState {
    /// The record of actual timings at `now` (open items and turns are read up to `now`).
    public func timingRecord(at now: Instant) -> TimingRecord {
        let schedule = schedule(at: now)
        let rules = agenda.rules
        let defaultType = rules.defaultSpeechType
        let turns = grants.map { grant in
            let speech = grant.speech ?? defaultType.id
            let type = rules.speechType(speech)
            return TimingRecord.Turn(
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
                adjustments: grant.adjustments,
                speech: speech,
                speechName: type?.name ?? speech,
                isInterruption: type?.interrupts ?? false,
                isDefaultType: speech == defaultType.id,
                delegation: grant.delegation,
                interruptedTurn: grant.interrupted,
                interruptions: grant.interruptions,
                interrupted: grant.interruptedTime(at: now)
            )
        }
        let recordItems = agenda.items.indices.map { index -> TimingRecord.Item in
            let item = agenda.items[index]
            let progress = items[index]
            let entry = schedule.entries[index]
            let elapsed = progress.stopwatch.elapsed(at: now)
            let itemTurns = turns.filter { $0.itemIndex == index }
            let itemTypes = Self.typeTotals(of: itemTurns, rules: rules)
            var original: (start: Instant, end: Instant)?
            if let plan = progress.originalPlan {
                // On the plan's day, as `plannedInterval` places the item's present times.
                let day = schedule.planDate.adding(days: item.date.daysSinceEpoch - agenda.date.daysSinceEpoch)
                let zone = agenda.venueTimeZone
                original = (zone.instant(on: day, at: plan.start), zone.instant(on: day, at: plan.end))
            }
            var record = TimingRecord.Item(
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
                speakers: Self.totals(of: itemTurns),
                speechTypes: itemTypes,
                delegations: Self.totals(of: itemTurns, by: \.delegation, foldingCase: true),
                interruptions: itemTypes.filter(\.interrupts).reduce(0) { $0 + $1.turns },
                interrupting: itemTypes.filter(\.interrupts).reduce(.zero) { $0 + $1.used },
                replanned: progress.planAllotment,
                dropped: progress.dropped && !progress.hasStarted
            )
            record.originalStart = original?.start
            record.originalEnd = original?.end
            record.addedDuringMeeting = progress.inserted
            return record
        }
        var record = TimingRecord(
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
            speakers: Self.totals(of: turns),
            speechTypes: Self.typeTotals(of: turns, rules: rules),
            delegations: Self.totals(of: turns, by: \.delegation, foldingCase: true),
            overrides: overrides.map { override in
                TimingRecord.Override(
                    rule: override.rule,
                    at: override.at,
                    itemID: override.itemIndex.flatMap { agenda.items.indices.contains($0) ? agenda.items[$0].id : nil }
                )
            }
        )
        record.hardEnd = hardEnd
        record.plans = acceptedPlans.map { plan in
            TimingRecord.Plan(
                at: plan.at,
                hardEnd: plan.end,
                replanned: plan.replanned.sorted { $0.key < $1.key }.map {
                    TimingRecord.Replanned(index: $0.key, allotted: $0.value)
                },
                dropped: plan.dropped.sorted()
            )
        }
        record.budgets = agenda.items.indices.flatMap { index in
            budgets(in: index, at: now).map {
                TimingRecord.Budget(itemIndex: index, itemID: agenda.items[index].id, balance: $0)
            }
        }
        record.shares = floorShares(at: now)
        record.removedItems = removedItems.map { removed in
            // On the plan's day (the agenda's own date before the start), as the items' times are.
            let planDay = schedule.planDate
            let day = planDay.adding(days: removed.item.date.daysSinceEpoch - agenda.date.daysSinceEpoch)
            let zone = agenda.venueTimeZone
            return TimingRecord.RemovedItem(
                id: removed.item.id,
                title: removed.item.title,
                kind: removed.item.kind,
                plannedStart: zone.instant(on: day, at: removed.item.start),
                plannedEnd: zone.instant(on: day, at: removed.item.end),
                originalStart: removed.originalPlan.map { zone.instant(on: day, at: $0.start) },
                originalEnd: removed.originalPlan.map { zone.instant(on: day, at: $0.end) },
                addedDuringMeeting: removed.inserted,
                position: removed.position,
                removedAt: removed.removedAt
            )
        }
        return record
    }

    /// Totals per speaker (or per `key` of a turn: its delegation), in order of first turn.
    /// Speakers match exactly, as before; delegations ignoring case, named as first written.
    /// A turn whose key is nil counts in no total.
    private static func totals(
        of turns: [TimingRecord.Turn],
        by key: (TimingRecord.Turn) -> String? = { $0.speaker },
        foldingCase: Bool = false
    ) -> [TimingRecord.SpeakerTotal] {
        var totals: [TimingRecord.SpeakerTotal] = []
        var positions: [String: Int] = [:]
        for turn in turns {
            guard let name = key(turn) else { continue }
            let match = foldingCase ? name.lowercased() : name
            let position: Int
            if let known = positions[match] {
                position = known
            } else {
                position = totals.count
                positions[match] = position
                totals.append(
                    TimingRecord.SpeakerTotal(
                        speaker: name,
                        turns: 0,
                        granted: .zero,
                        allotted: .zero,
                        used: .zero,
                        paused: .zero
                    )
                )
            }
            totals[position].turns += 1
            totals[position].granted += turn.granted
            totals[position].allotted += turn.allotted
            totals[position].used += turn.used
            totals[position].paused += turn.paused
            totals[position].interrupted += turn.interrupted
            totals[position].interruptions += turn.interruptions.count
            if turn.over > .zero { totals[position].overLimit += 1 }
        }
        return totals
    }

    /// Totals per speech type, in the rules' order; types the rules lack (a pack changed under an
    /// old journal) follow in order of first turn.
    private static func typeTotals(of turns: [TimingRecord.Turn], rules: RulesPack) -> [TimingRecord.SpeechTypeTotal] {
        var totals: [TimingRecord.SpeechTypeTotal] = []
        for turn in turns {
            let position: Int
            if let known = totals.firstIndex(where: { $0.speech == turn.speech }) {
                position = known
            } else {
                position = totals.count
                totals.append(
                    TimingRecord.SpeechTypeTotal(
                        speech: turn.speech,
                        name: turn.speechName,
                        placement: rules.speechType(turn.speech)?.placement.rawValue
                            ?? SpeechType.Placement.list.rawValue,
                        turns: 0,
                        granted: .zero,
                        allotted: .zero,
                        used: .zero,
                        paused: .zero,
                        interrupted: .zero,
                        overLimit: 0
                    )
                )
            }
            totals[position].turns += 1
            totals[position].granted += turn.granted
            totals[position].allotted += turn.allotted
            totals[position].used += turn.used
            totals[position].paused += turn.paused
            totals[position].interrupted += turn.interrupted
            if turn.over > .zero { totals[position].overLimit += 1 }
        }
        let order = rules.speechTypes.map(\.id)
        return totals.enumerated().sorted { a, b in
            let ra = order.firstIndex(of: a.element.speech) ?? order.count + a.offset
            let rb = order.firstIndex(of: b.element.speech) ?? order.count + b.offset
            return ra < rb
        }.map(\.element)
    }
}
