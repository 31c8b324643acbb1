/// What happened, as recorded in the journal. The meeting's state is the fold of its events,
/// so every event carries everything needed to apply it again on replay.
public enum MeetingEvent: Hashable, Sendable {
    /// The agenda was replaced before the meeting started.
    case agendaReplaced(Agenda, at: Instant)
    /// The meeting began; planned times apply to `planDate` (`MeetingState.planDate(startingAt:)`).
    case meetingStarted(at: Instant, planDate: LocalDate)
    case itemStarted(index: Int, at: Instant)
    case itemEnded(index: Int, at: Instant)
    case meetingPaused(at: Instant)
    case meetingResumed(at: Instant)
    /// Extension (positive) or trim (negative) of the current item.
    case itemAdjusted(index: Int, by: Duration, at: Instant)
    /// The floor given to a speaker, nobody holding it (the events before yield every level).
    /// `speech` is a speech type of the rules; nil, as in journals before lists had types, is the
    /// rules' default.
    case floorGranted(
        speaker: String,
        duration: Duration,
        speech: String? = nil,
        delegation: String? = nil,
        at: Instant
    )
    /// An interruption (a point of order, an interposed question) takes the floor above whoever
    /// holds it, whose clock stops until the interruption yields.
    case floorInterrupted(speaker: String, duration: Duration, speech: String, delegation: String?, at: Instant)
    /// Extension (positive) or trim (negative) of the current speaker's time.
    case floorAdjusted(by: Duration, at: Instant)
    case floorPaused(at: Instant)
    case floorResumed(at: Instant)
    /// The top of the floor's stack yields; an interrupted speaker under it takes the floor again.
    case floorYielded(at: Instant)
    /// An inscription on the list of the item at `item`; nil, as in journals before lists were
    /// per item, is the list current when it was written (`MeetingState.listItem`).
    case speakerQueued(
        id: Int,
        speaker: String,
        time: Duration?,
        item: Int? = nil,
        delegation: String? = nil,
        speech: String? = nil,
        rank: String? = nil,
        at: Instant
    )
    case speakerUnqueued(id: Int, at: Instant)
    case speakerMoved(id: Int, toIndex: Int, at: Instant)
    case listClosed(item: Int, at: Instant)
    case listReopened(item: Int, at: Instant)
    /// The chair overrode the rule named (`MeetingState.RuleBreach.rule`) for the events that follow it.
    case ruleOverridden(rule: String, at: Instant)
    /// Time added to (positive) or taken from (negative) a group's budget in an item; a transfer
    /// is two, adding to zero.
    case budgetAdjusted(item: Int, group: String, by: Duration, at: Instant)
    /// The chair accepted a plan to end by `end` (`MeetingState.plan(endingBy:at:)`); the item
    /// and speaker changes of the plan follow it, in the same command.
    case planAccepted(end: Instant, at: Instant)
    /// An item's whole allotment set by a plan (for the current item, what it has used plus what
    /// the plan leaves it).
    case itemAllotted(item: Int, allotted: Duration, at: Instant)
    /// An item left out by a plan: the schedule gives it no time unless the chair starts it.
    case itemDropped(item: Int, at: Instant)
    /// The longest turn an item's speakers get, set by a plan (turns asked with a time keep it).
    case speakerLimitSet(item: Int, limit: Duration, at: Instant)
    case messageShown(String, audience: DisplayAudience, at: Instant)
    case messageCleared(at: Instant)
    case blackoutStarted(audience: DisplayAudience, at: Instant)
    case blackoutEnded(at: Instant)
    /// The displays of `audience` flashed; a display that learns of it late does not flash.
    case displaysFlashed(audience: DisplayAudience, at: Instant)
    case meetingEnded(at: Instant)
    /// An item added to the agenda at `index` (0-based); the items from there on move down one.
    case itemInserted(AgendaItem, index: Int, at: Instant)
    /// The item at `index` taken off the agenda; the items after it move up one.
    case itemRemoved(index: Int, at: Instant)
    /// The item at `index` moved to `toIndex` (its index once moved).
    case itemMoved(index: Int, toIndex: Int, at: Instant)
    /// The item at `index` re-planned: its title or times are now `item`'s (same id).
    case itemReplanned(index: Int, AgendaItem, at: Instant)

    /// When it happened on the daemon's timeline.
    public var at: Instant {
        switch self {
        case .agendaReplaced(_, let at), .meetingStarted(let at, _), .itemStarted(_, let at),
            .itemEnded(_, let at), .meetingPaused(let at), .meetingResumed(let at),
            .itemAdjusted(_, _, let at), .floorGranted(_, _, _, _, let at), .floorAdjusted(_, let at),
            .floorInterrupted(_, _, _, _, let at),
            .floorPaused(let at), .floorResumed(let at), .floorYielded(let at),
            .speakerQueued(_, _, _, _, _, _, _, let at), .speakerUnqueued(_, let at), .speakerMoved(_, _, let at),
            .listClosed(_, let at), .listReopened(_, let at), .ruleOverridden(_, let at),
            .budgetAdjusted(_, _, _, let at), .planAccepted(_, let at), .itemAllotted(_, _, let at),
            .itemDropped(_, let at), .speakerLimitSet(_, _, let at),
            .messageShown(_, _, let at), .messageCleared(let at), .blackoutStarted(_, let at), .blackoutEnded(let at),
            .displaysFlashed(_, let at), .meetingEnded(let at), .itemInserted(_, _, let at), .itemRemoved(_, let at),
            .itemMoved(_, _, let at), .itemReplanned(_, _, let at):
            return at
        }
    }

    /// The event's name in the journal and in logs.
    public var kind: String {
        switch self {
        case .agendaReplaced: "agendaReplaced"
        case .meetingStarted: "meetingStarted"
        case .itemStarted: "itemStarted"
        case .itemEnded: "itemEnded"
        case .meetingPaused: "meetingPaused"
        case .meetingResumed: "meetingResumed"
        case .itemAdjusted: "itemAdjusted"
        case .floorGranted: "floorGranted"
        case .floorInterrupted: "floorInterrupted"
        case .floorAdjusted: "floorAdjusted"
        case .floorPaused: "floorPaused"
        case .floorResumed: "floorResumed"
        case .floorYielded: "floorYielded"
        case .speakerQueued: "speakerQueued"
        case .speakerUnqueued: "speakerUnqueued"
        case .speakerMoved: "speakerMoved"
        case .listClosed: "listClosed"
        case .listReopened: "listReopened"
        case .ruleOverridden: "ruleOverridden"
        case .budgetAdjusted: "budgetAdjusted"
        case .planAccepted: "planAccepted"
        case .itemAllotted: "itemAllotted"
        case .itemDropped: "itemDropped"
        case .speakerLimitSet: "speakerLimitSet"
        case .messageShown: "messageShown"
        case .messageCleared: "messageCleared"
        case .blackoutStarted: "blackoutStarted"
        case .blackoutEnded: "blackoutEnded"
        case .displaysFlashed: "displaysFlashed"
        case .meetingEnded: "meetingEnded"
        case .itemInserted: "itemInserted"
        case .itemRemoved: "itemRemoved"
        case .itemMoved: "itemMoved"
        case .itemReplanned: "itemReplanned"
        }
    }
}
