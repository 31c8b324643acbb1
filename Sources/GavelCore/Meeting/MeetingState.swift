/// The live meeting: the agenda and everything that has actually happened to it.
///
/// It changes only by `apply(_ event:)`, so replaying the journal's events rebuilds it exactly;
/// commands are validated in `MeetingState+Commands.swift` and turned into events. Nothing in
/// here reads a clock or does I/O: every instant comes in as an argument.
public struct MeetingState: Hashable, Sendable {
    public enum Phase: String, Hashable, Sendable, Codable {
        case notStarted
        case running
        case ended
    }

    public private(set) var agenda: Agenda
    public private(set) var phase: Phase = .notStarted
    public private(set) var startedAt: Instant?
    public private(set) var endedAt: Instant?
    /// The day the planned times apply to, chosen when the meeting started (`planDate(startingAt:)`).
    public private(set) var planDate: LocalDate?
    /// The item now running (or paused), if any.
    public private(set) var currentItem: Int?
    /// The item most recently current; "next" from between items goes to the one after it.
    public private(set) var lastItem: Int?
    public private(set) var pausedSince: Instant?
    /// One entry per agenda item, in agenda order.
    public private(set) var items: [ItemProgress]
    /// Every floor grant of the meeting, in order; the last one may be active.
    public private(set) var grants: [FloorGrant] = []
    /// The floor as a stack of indices into `grants`: the bottom is the speaker given the floor,
    /// each level above an interruption of the one below; only the top's clock runs.
    public private(set) var floorStack: [Int] = []
    /// One list of speakers per agenda item, in agenda order.
    public private(set) var lists: [SpeakersList]
    public private(set) var nextQueueID = 1
    /// The chair's changes to groups' budgets, by item index, in order.
    public private(set) var budgetAdjustments: [Int: [BudgetAdjustment]] = [:]
    /// The hard end of the last accepted plan.
    public private(set) var hardEnd: Instant?
    /// Every accepted plan, in order, for the report.
    public private(set) var acceptedPlans: [AcceptedPlan] = []
    /// The longest turn in an item set by an accepted plan, by item index.
    public private(set) var speakerLimits: [Int: Duration] = [:]
    /// Every rule of procedure the chair overrode, in order (`ruleOverridden`), for the report.
    public private(set) var overrides: [RuleOverride] = []
    /// Items removed from the agenda during the meeting, in the order they were removed.
    public private(set) var removedItems: [RemovedItem] = []
    public private(set) var message: DisplayMessage?
    /// The displays blacked out, and since when; nil when every display shows the meeting.
    public private(set) var blackout: DisplayCue?
    /// The displays' last flash. Kept after it is over: a display flashes only for a recent one.
    public private(set) var lastFlash: DisplayCue?
    /// The number of events applied: the state's version.
    public private(set) var sequence = 0
    /// The instant of the last event; commands never go back before it.
    public private(set) var lastEventAt: Instant?

    public init(agenda: Agenda) {
        self.agenda = agenda
        self.items = agenda.items.map { ItemProgress(planned: $0.plannedDuration) }
        self.lists = []
        self.lists = plannedLists(of: agenda, keeping: [])
    }

    /// Rebuilds a meeting from its journal.
    public init(agenda: Agenda, replaying events: some Sequence<MeetingEvent>) {
        self.init(agenda: agenda)
        for event in events { apply(event) }
    }

    public var isPaused: Bool { pausedSince != nil }

    /// Index into `grants` of the turn holding the floor: the top of the stack.
    public var floorIndex: Int? { floorStack.last }

    /// The speaker's grant, while someone holds the floor.
    public var floor: FloorGrant? { floorIndex.map { grants[$0] } }

    /// The item whose list is "the queue": the current item's, or between items the one "next"
    /// starts (before the meeting, the first); nil after the last item.
    public var listItem: Int? {
        if let currentItem { return currentItem }
        let next = lastItem.map { $0 + 1 } ?? 0
        return lists.indices.contains(next) ? next : nil
    }

    /// The speakers waiting on `listItem`'s list, in order.
    public var queue: [QueueEntry] { listItem.map { lists[$0].entries } ?? [] }

    public var currentAgendaItem: AgendaItem? { currentItem.map { agenda.items[$0] } }

    // MARK: - Applying events

    /// Applies one event. Events come from `apply(_ command:)` or the journal and are trusted;
    /// an event that does not fit (a corrupted journal) is ignored rather than trapping.
    public mutating func apply(_ event: MeetingEvent) {
        let at = event.at
        switch event {
        case .agendaReplaced(let newAgenda, _):
            let kept = lists
            agenda = newAgenda
            items = newAgenda.items.map { ItemProgress(planned: $0.plannedDuration) }
            removedItems = []
            lists = plannedLists(of: newAgenda, keeping: kept)
        case .meetingStarted(_, let date):
            phase = .running
            startedAt = at
            planDate = date
            // The programme's times are the venue's clocks on the plan's day: on a day they change,
            // an item printed 01:30-03:30 lasts one hour, not the two its times differ by.
            // What the items were re-planned to before the start is kept, for the report.
            items = agenda.items.indices.map { index in
                let planned = plannedInterval(index, planDate: date)
                var progress = ItemProgress(planned: planned.end - planned.start)
                progress.originalPlan = items[index].originalPlan
                progress.inserted = items[index].inserted
                return progress
            }
        case .itemStarted(let index, _):
            guard items.indices.contains(index) else { break }
            items[index].dropped = false
            currentItem = index
            lastItem = index
            items[index].runs.append(Interval(start: at))
            items[index].stopwatch.start(at: at)
        case .itemEnded(let index, _):
            guard items.indices.contains(index), let run = items[index].runs.indices.last else { break }
            items[index].stopwatch.stop(at: at)
            items[index].runs[run].end = at
            if currentItem == index { currentItem = nil }
        case .meetingPaused:
            guard let index = currentItem else { break }
            pausedSince = at
            items[index].stopwatch.stop(at: at)
            items[index].pauses.append(Interval(start: at))
            if let floorIndex, grants[floorIndex].stopwatch.isRunning {
                grants[floorIndex].stopwatch.stop(at: at)
                grants[floorIndex].pauses.append(Interval(start: at))
            }
        case .meetingResumed:
            pausedSince = nil
            guard let index = currentItem else { break }
            items[index].stopwatch.start(at: at)
            Self.closeLastPause(&items[index].pauses, at: at)
            if let floorIndex, !grants[floorIndex].heldByChair {
                grants[floorIndex].stopwatch.start(at: at)
                Self.closeLastPause(&grants[floorIndex].pauses, at: at)
            }
        case .itemAdjusted(let index, let delta, _):
            guard items.indices.contains(index) else { break }
            items[index].stopwatch.adjust(by: delta)
            items[index].adjustments.append(Adjustment(at: at, by: delta))
        case .floorGranted(let speaker, let duration, let speech, let delegation, _):
            guard let item = currentItem else { break }
            push(
                FloorGrant(
                    speaker: speaker,
                    itemIndex: item,
                    granted: duration,
                    at: at,
                    delegation: delegation,
                    speech: speech
                ),
                at: at
            )
        case .floorInterrupted(let speaker, let duration, let speech, let delegation, _):
            guard let item = currentItem else { break }
            if let top = floorIndex {
                if grants[top].stopwatch.isRunning {
                    grants[top].stopwatch.stop(at: at)
                } else {
                    // Paused by the chair or with the meeting: its open pause ends where the
                    // interruption begins, so no span is counted twice.
                    Self.closeLastPause(&grants[top].pauses, at: at)
                }
                grants[top].interruptions.append(Interval(start: at))
            }
            push(
                FloorGrant(
                    speaker: speaker,
                    itemIndex: item,
                    granted: duration,
                    at: at,
                    delegation: delegation,
                    speech: speech,
                    interrupted: floorIndex
                ),
                at: at
            )
        case .floorAdjusted(let delta, _):
            guard let floorIndex else { break }
            grants[floorIndex].stopwatch.adjust(by: delta)
            grants[floorIndex].adjustments.append(Adjustment(at: at, by: delta))
        case .floorPaused:
            guard let floorIndex else { break }
            grants[floorIndex].heldByChair = true
            if grants[floorIndex].stopwatch.isRunning {
                grants[floorIndex].stopwatch.stop(at: at)
                grants[floorIndex].pauses.append(Interval(start: at))
            }
        case .floorResumed:
            guard let floorIndex else { break }
            grants[floorIndex].heldByChair = false
            if !isPaused {
                grants[floorIndex].stopwatch.start(at: at)
                Self.closeLastPause(&grants[floorIndex].pauses, at: at)
            }
        case .floorYielded:
            guard let index = floorStack.popLast() else { break }
            grants[index].stopwatch.stop(at: at)
            Self.closeLastPause(&grants[index].pauses, at: at)
            grants[index].endedAt = at
            // The interrupted speaker has the floor again, with the time they had left.
            if let resumed = floorIndex {
                Self.closeLastPause(&grants[resumed].interruptions, at: at)
                if isPaused || grants[resumed].heldByChair {
                    grants[resumed].pauses.append(Interval(start: at))
                } else {
                    grants[resumed].stopwatch.start(at: at)
                }
            }
        case .speakerQueued(let id, let speaker, let time, let item, let delegation, let speech, let rank, _):
            nextQueueID = max(nextQueueID, id + 1)
            guard let index = item ?? listItem ?? lastItem, lists.indices.contains(index) else { break }
            let entry = QueueEntry(
                id: id,
                speaker: speaker,
                time: time,
                addedAt: at,
                delegation: delegation,
                speech: speech ?? agenda.rules.defaultSpeechType.id,
                rank: rank
            )
            // Journals from before lists had an order appended; `insert` appends for them too
            // (every entry a statement, the list in inscription order).
            lists[index].insert(entry, rules: agenda.rules)
        case .speakerUnqueued(let id, _):
            for index in lists.indices { lists[index].entries.removeAll { $0.id == id } }
        case .speakerMoved(let id, let toIndex, _):
            guard let list = lists.firstIndex(where: { $0.entries.contains { $0.id == id } }),
                let from = lists[list].entries.firstIndex(where: { $0.id == id })
            else { break }
            let entry = lists[list].entries.remove(at: from)
            lists[list].entries.insert(entry, at: min(max(toIndex, 0), lists[list].entries.count))
        case .listClosed(let item, _):
            if lists.indices.contains(item) { lists[item].closed = true }
        case .listReopened(let item, _):
            if lists.indices.contains(item) { lists[item].closed = false }
        case .ruleOverridden(let rule, _):
            overrides.append(RuleOverride(rule: rule, at: at, itemIndex: currentItem))
        case .budgetAdjusted(let item, let group, let delta, _):
            guard items.indices.contains(item) else { break }
            budgetAdjustments[item, default: []].append(BudgetAdjustment(group: group, by: delta))
        case .planAccepted(let end, _):
            hardEnd = end
            acceptedPlans.append(AcceptedPlan(end: end, at: at))
        case .itemAllotted(let item, let allotted, _):
            guard items.indices.contains(item) else { break }
            items[item].stopwatch.adjust(by: allotted - items[item].stopwatch.allotted)
            items[item].planAllotment = allotted
            items[item].dropped = false
            // A plan's changes follow it in the same command, at its instant.
            if let last = acceptedPlans.indices.last, acceptedPlans[last].at == at {
                acceptedPlans[last].replanned[item] = allotted
            }
        case .itemDropped(let item, _):
            guard items.indices.contains(item), !items[item].hasStarted else { break }
            items[item].dropped = true
            if let last = acceptedPlans.indices.last, acceptedPlans[last].at == at {
                acceptedPlans[last].dropped.append(item)
            }
        case .speakerLimitSet(let item, let limit, _):
            guard items.indices.contains(item) else { break }
            speakerLimits[item] = limit
        case .messageShown(let text, let audience, _):
            message = DisplayMessage(text: text, shownAt: at, audience: audience)
        case .messageCleared:
            message = nil
        case .blackoutStarted(let audience, _):
            blackout = DisplayCue(audience: audience, at: at)
        case .blackoutEnded:
            blackout = nil
        case .displaysFlashed(let audience, _):
            lastFlash = DisplayCue(audience: audience, at: at)
        case .meetingEnded:
            phase = .ended
            endedAt = at
        case .itemInserted(let item, let index, _):
            insertItem(item, at: index)
        case .itemRemoved(let index, _):
            removeItem(at: index, when: at)
        case .itemMoved(let index, let toIndex, _):
            moveItem(at: index, to: toIndex)
        case .itemReplanned(let index, let item, _):
            replanItem(at: index, as: item)
        }
        sequence += 1
        lastEventAt = max(lastEventAt ?? at, at)
    }

    /// A turn takes the top of the floor: its clock runs unless the meeting is paused.
    private mutating func push(_ grant: FloorGrant, at: Instant) {
        var grant = grant
        if isPaused {
            grant.pauses.append(Interval(start: at))
        } else {
            grant.stopwatch.start(at: at)
        }
        grants.append(grant)
        floorStack.append(grants.count - 1)
    }

    /// Each item's list as the agenda inscribes it, numbered from `nextQueueID`, plus what was
    /// inscribed by command on `kept` (lists of a replaced agenda) for items that still exist:
    /// a chair's inscriptions before the meeting survive a corrected agenda.
    private mutating func plannedLists(of agenda: Agenda, keeping kept: [SpeakersList]) -> [SpeakersList] {
        agenda.items.indices.map { index in
            let item = agenda.items[index]
            var list = SpeakersList(order: item.list.order ?? agenda.rules.order, closed: item.list.closed)
            for inscription in item.list.speakers {
                let entry = QueueEntry(
                    id: nextQueueID,
                    speaker: inscription.speaker,
                    time: inscription.time,
                    addedAt: nil,
                    delegation: inscription.delegation,
                    speech: inscription.speech ?? agenda.rules.defaultSpeechType.id,
                    rank: inscription.rank
                )
                nextQueueID += 1
                list.insert(entry, rules: agenda.rules)
            }
            if kept.indices.contains(index) {
                for entry in kept[index].entries where entry.addedAt != nil {
                    list.insert(entry, rules: agenda.rules)
                }
            }
            return list
        }
    }

    private static func closeLastPause(_ pauses: inout [Interval], at: Instant) {
        if let last = pauses.indices.last, pauses[last].end == nil {
            pauses[last].end = at
        }
    }
}

// Agenda edits (`MeetingState+AgendaEdits.swift` decides them): here, where the state's setters are.
extension MeetingState {
    fileprivate mutating func insertItem(_ item: AgendaItem, at index: Int) {
        guard (0...agenda.items.count).contains(index) else { return }
        agenda.items.insert(item, at: index)
        var progress = ItemProgress(planned: allotment(forItemAt: index))
        progress.inserted = true
        items.insert(progress, at: index)
        lists.insert(SpeakersList(order: item.list.order ?? agenda.rules.order, closed: item.list.closed), at: index)
        renumberItems { $0 >= index ? $0 + 1 : $0 }
    }

    fileprivate mutating func removeItem(at index: Int, when: Instant) {
        guard agenda.items.indices.contains(index), !items[index].hasStarted, agenda.items.count > 1 else { return }
        removedItems.append(
            RemovedItem(
                item: agenda.items[index],
                originalPlan: items[index].originalPlan,
                inserted: items[index].inserted,
                position: index,
                removedAt: when
            )
        )
        agenda.items.remove(at: index)
        items.remove(at: index)
        lists.remove(at: index)
        renumberItems { $0 == index ? nil : $0 > index ? $0 - 1 : $0 }
    }

    fileprivate mutating func moveItem(at index: Int, to target: Int) {
        guard agenda.items.indices.contains(index), agenda.items.indices.contains(target) else { return }
        agenda.items.insert(agenda.items.remove(at: index), at: target)
        items.insert(items.remove(at: index), at: target)
        lists.insert(lists.remove(at: index), at: target)
        renumberItems { old in
            if old == index { return target }
            let without = old > index ? old - 1 : old
            return without >= target ? without + 1 : without
        }
    }

    fileprivate mutating func replanItem(at index: Int, as item: AgendaItem) {
        guard agenda.items.indices.contains(index), !items[index].hasStarted else { return }
        let before = agenda.items[index]
        agenda.items[index] = item
        if (before.start, before.end) != (item.start, item.end) {
            if items[index].originalPlan == nil && !items[index].inserted {
                items[index].originalPlan = PlannedTimes(start: before.start, end: before.end)
            }
            items[index].stopwatch = Stopwatch(allotted: allotment(forItemAt: index))
            // Its new times are its allotment now, not what an earlier plan gave it.
            items[index].planAllotment = nil
        }
    }

    /// The time an item is allotted: its planned length, on the plan's day once the meeting started
    /// (a day the clocks change lengthens or shortens it, as `meetingStarted` does for every item).
    private func allotment(forItemAt index: Int) -> Duration {
        guard let planDate else { return agenda.items[index].plannedDuration }
        let planned = plannedInterval(index, planDate: planDate)
        return planned.end - planned.start
    }

    /// Every index of an item held in the state, renumbered; nil: the item is gone (only an item
    /// that never ran is removed, so nothing but its budgets refers to it).
    private mutating func renumberItems(_ renumber: (Int) -> Int?) {
        currentItem = currentItem.flatMap(renumber)
        lastItem = lastItem.flatMap(renumber)
        for index in grants.indices {
            if let renumbered = renumber(grants[index].itemIndex) { grants[index].itemIndex = renumbered }
        }
        for index in overrides.indices {
            overrides[index].itemIndex = overrides[index].itemIndex.flatMap(renumber)
        }
        var budgets: [Int: [BudgetAdjustment]] = [:]
        for (item, adjustments) in budgetAdjustments {
            if let renumbered = renumber(item) { budgets[renumbered] = adjustments }
        }
        budgetAdjustments = budgets
        var limits: [Int: Duration] = [:]
        for (item, limit) in speakerLimits {
            if let renumbered = renumber(item) { limits[renumbered] = limit }
        }
        speakerLimits = limits
        for plan in acceptedPlans.indices {
            var replanned: [Int: Duration] = [:]
            for (item, allotted) in acceptedPlans[plan].replanned {
                if let renumbered = renumber(item) { replanned[renumbered] = allotted }
            }
            acceptedPlans[plan].replanned = replanned
            acceptedPlans[plan].dropped = acceptedPlans[plan].dropped.compactMap(renumber)
        }
    }
}
