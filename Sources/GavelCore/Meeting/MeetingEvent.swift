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
    case floorGranted(speaker: String, duration: Duration, at: Instant)
    /// Extension (positive) or trim (negative) of the current speaker's time.
    case floorAdjusted(by: Duration, at: Instant)
    case floorPaused(at: Instant)
    case floorResumed(at: Instant)
    case floorYielded(at: Instant)
    case speakerQueued(id: Int, speaker: String, time: Duration?, at: Instant)
    case speakerUnqueued(id: Int, at: Instant)
    case speakerMoved(id: Int, toIndex: Int, at: Instant)
    case messageShown(String, audience: DisplayAudience, at: Instant)
    case messageCleared(at: Instant)
    case blackoutStarted(audience: DisplayAudience, at: Instant)
    case blackoutEnded(at: Instant)
    /// The displays of `audience` flashed; a display that learns of it late does not flash.
    case displaysFlashed(audience: DisplayAudience, at: Instant)
    case meetingEnded(at: Instant)

    /// When it happened on the daemon's timeline.
    public var at: Instant {
        switch self {
        case .agendaReplaced(_, let at), .meetingStarted(let at, _), .itemStarted(_, let at),
            .itemEnded(_, let at), .meetingPaused(let at), .meetingResumed(let at),
            .itemAdjusted(_, _, let at), .floorGranted(_, _, let at), .floorAdjusted(_, let at),
            .floorPaused(let at), .floorResumed(let at), .floorYielded(let at),
            .speakerQueued(_, _, _, let at), .speakerUnqueued(_, let at), .speakerMoved(_, _, let at),
            .messageShown(_, _, let at), .messageCleared(let at), .blackoutStarted(_, let at), .blackoutEnded(let at),
            .displaysFlashed(_, let at), .meetingEnded(let at):
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
        case .floorAdjusted: "floorAdjusted"
        case .floorPaused: "floorPaused"
        case .floorResumed: "floorResumed"
        case .floorYielded: "floorYielded"
        case .speakerQueued: "speakerQueued"
        case .speakerUnqueued: "speakerUnqueued"
        case .speakerMoved: "speakerMoved"
        case .messageShown: "messageShown"
        case .messageCleared: "messageCleared"
        case .blackoutStarted: "blackoutStarted"
        case .blackoutEnded: "blackoutEnded"
        case .displaysFlashed: "displaysFlashed"
        case .meetingEnded: "meetingEnded"
        }
    }
}
