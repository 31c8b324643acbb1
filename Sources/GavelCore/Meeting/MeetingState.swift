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
    /// Index into `grants` of the speaker holding the floor.
    public private(set) var floorIndex: Int?
    public private(set) var queue: [QueueEntry] = []
    public private(set) var nextQueueID = 1
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
    }

    /// Rebuilds a meeting from its journal.
    public init(agenda: Agenda, replaying events: some Sequence<MeetingEvent>) {
        self.init(agenda: agenda)
        for event in events { apply(event) }
    }

    public var isPaused: Bool { pausedSince != nil }

    /// The speaker's grant, while someone holds the floor.
    public var floor: FloorGrant? { floorIndex.map { grants[$0] } }

    public var currentAgendaItem: AgendaItem? { currentItem.map { agenda.items[$0] } }

    // MARK: - Applying events

    /// Applies one event. Events come from `apply(_ command:)` or the journal and are trusted;
    /// an event that does not fit (a corrupted journal) is ignored rather than trapping.
    public mutating func apply(_ event: MeetingEvent) {
        let at = event.at
        switch event {
        case .agendaReplaced(let newAgenda, _):
            agenda = newAgenda
            items = newAgenda.items.map { ItemProgress(planned: $0.plannedDuration) }
        case .meetingStarted(_, let date):
            phase = .running
            startedAt = at
            planDate = date
            // The programme's times are the venue's clocks on the plan's day: on a day they change,
            // an item printed 01:30-03:30 lasts one hour, not the two its times differ by.
            items = agenda.items.indices.map { index in
                let planned = plannedInterval(index, planDate: date)
                return ItemProgress(planned: planned.end - planned.start)
            }
        case .itemStarted(let index, _):
            guard items.indices.contains(index) else { break }
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
        case .floorGranted(let speaker, let duration, _):
            guard let item = currentItem else { break }
            var grant = FloorGrant(speaker: speaker, itemIndex: item, granted: duration, at: at)
            if isPaused {
                grant.pauses.append(Interval(start: at))
            } else {
                grant.stopwatch.start(at: at)
            }
            grants.append(grant)
            floorIndex = grants.count - 1
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
            guard let index = floorIndex else { break }
            grants[index].stopwatch.stop(at: at)
            Self.closeLastPause(&grants[index].pauses, at: at)
            grants[index].endedAt = at
            floorIndex = nil
        case .speakerQueued(let id, let speaker, let time, _):
            queue.append(QueueEntry(id: id, speaker: speaker, time: time, addedAt: at))
            nextQueueID = max(nextQueueID, id + 1)
        case .speakerUnqueued(let id, _):
            queue.removeAll { $0.id == id }
        case .speakerMoved(let id, let toIndex, _):
            guard let from = queue.firstIndex(where: { $0.id == id }) else { break }
            let entry = queue.remove(at: from)
            queue.insert(entry, at: min(max(toIndex, 0), queue.count))
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
        }
        sequence += 1
        lastEventAt = max(lastEventAt ?? at, at)
    }

    private static func closeLastPause(_ pauses: inout [Interval], at: Instant) {
        if let last = pauses.indices.last, pauses[last].end == nil {
            pauses[last].end = at
        }
    }
}
