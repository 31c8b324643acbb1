import GavelCore
import GavelProtocol

/// The newest snapshot of the meeting as each protocol sends it, every message serialised once
/// and shared by every connection that receives it.
///
/// gavel.v2 splits what v1 sends on every change: the `state` (small, made for every change),
/// and one message per `Topic` (the agenda, the items' progress, the queue), made again only
/// when what it says changed, and serialised only when someone is sent it: a topic nobody takes
/// costs its comparison, not its JSON (a 60-item agenda's progress was a third of a command's
/// work). gavel.v1's whole state is made only while a v1 subscriber needs it.
struct Snapshot {
    private(set) var seq: Int64
    /// gavel.v2's `state`.
    private(set) var live: OutboundMessage
    /// gavel.v1's `state`; nil until a v1 subscriber needs it.
    private(set) var v1: OutboundMessage?
    private var agenda: TopicContent<AgendaMessage>
    /// What the agenda message was made from: while it holds, the message cannot have changed,
    /// and a change (a floor grant, a message) need not convert every planned time again.
    private var agendaSource: AgendaSource
    private var progress: TopicContent<ProgressMessage>
    private var queue: TopicContent<QueueMessage>
    private var budgets: TopicContent<BudgetsMessage>
    /// The venue overview, which is not the meeting's: the core sets it when the rooms' summaries
    /// change (`DaemonCore.venueChanged`), and a change of the meeting leaves it as it is.
    var venue: OutboundMessage = Self.noVenue

    /// The overview before the daemon has one: no rooms.
    static let noVenue = encode(
        VenueMessage(serverTime: Instant(millisecondsSinceEpoch: 0), source: "single", staleAfterMs: 0, rooms: [])
    )

    /// The snapshot of `state` at `now`, with gavel.v1's state if `v1`.
    init(state: MeetingState, meetingID: Int64, seq: Int64, at now: Instant, v1: Bool) {
        self.seq = seq
        live = Self.encode(LiveStateMessage(state: state, meetingID: meetingID, seq: seq, at: now))
        agendaSource = AgendaSource(state: state, meetingID: meetingID, at: now)
        agenda = TopicContent(AgendaMessage(state: state, meetingID: meetingID, seq: seq, at: now))
        progress = TopicContent(ProgressMessage(state: state, seq: seq, at: now))
        queue = TopicContent(QueueMessage(state: state, seq: seq))
        budgets = TopicContent(BudgetsMessage(state: state, seq: seq, at: now))
        if v1 { self.v1 = Self.encode(StateMessage(state: state, meetingID: meetingID, seq: seq, at: now)) }
    }

    /// The snapshot after a change: a new `state`, and new topic contents for those that changed
    /// (returned); the others keep the message (and `seq`) they had. Each change costs the small
    /// `state`'s serialisation; a topic is serialised only when it changed and is sent.
    mutating func advance(
        to state: MeetingState,
        meetingID: Int64,
        seq: Int64,
        at now: Instant,
        v1: Bool
    ) -> Set<Topic> {
        self.seq = seq
        live = Self.encode(LiveStateMessage(state: state, meetingID: meetingID, seq: seq, at: now))
        self.v1 = v1 ? Self.encode(StateMessage(state: state, meetingID: meetingID, seq: seq, at: now)) : nil
        var changed: Set<Topic> = []
        let source = AgendaSource(state: state, meetingID: meetingID, at: now)
        if source != agendaSource {
            agendaSource = source
            let agenda = AgendaMessage(state: state, meetingID: meetingID, seq: seq, at: now)
            if !agenda.hasSameContent(as: self.agenda.content) {
                self.agenda = TopicContent(agenda)
                changed.insert(.agenda)
            }
        }
        let progress = ProgressMessage(state: state, seq: seq, at: now)
        if !progress.hasSameContent(as: self.progress.content) {
            self.progress = TopicContent(progress)
            changed.insert(.progress)
        }
        let queue = QueueMessage(state: state, seq: seq)
        if !queue.hasSameContent(as: self.queue.content) {
            self.queue = TopicContent(queue)
            changed.insert(.queue)
        }
        let budgets = BudgetsMessage(state: state, seq: seq, at: now)
        if !budgets.hasSameContent(as: self.budgets.content) {
            self.budgets = TopicContent(budgets)
            changed.insert(.budgets)
        }
        return changed
    }

    /// gavel.v1's state of this snapshot, made now if it was not (for a v1 subscriber that came
    /// while none was there).
    mutating func v1Message(state: MeetingState, meetingID: Int64, at now: Instant) -> OutboundMessage {
        if let v1 { return v1 }
        let message = Self.encode(StateMessage(state: state, meetingID: meetingID, seq: seq, at: now))
        v1 = message
        return message
    }

    /// `topic`'s message, serialised now if this is the first time it is sent.
    mutating func message(for topic: Topic) -> OutboundMessage {
        switch topic {
        case .agenda: agenda.message()
        case .progress: progress.message()
        case .queue: queue.message()
        case .budgets: budgets.message()
        case .venue: venue
        }
    }

    fileprivate static func encode(_ message: some Encodable) -> OutboundMessage {
        OutboundMessage(utf8: WireCoding.encode(message))
    }
}

/// A topic's content as of its last change, and its message once made: one serialisation per
/// change, shared by every subscriber sent it, and none while nobody is.
private struct TopicContent<Content: Encodable> {
    let content: Content
    private var encoded: OutboundMessage?

    init(_ content: Content) {
        self.content = content
    }

    mutating func message() -> OutboundMessage {
        if let encoded { return encoded }
        let message = Snapshot.encode(content)
        encoded = message
        return message
    }
}

/// Everything an `AgendaMessage` is made from. Comparing agendas is cheap while they are the same
/// value: an array compares its storage first.
private struct AgendaSource: Equatable {
    var meetingID: Int64
    var planDate: LocalDate
    /// Fixed at the start, when `plannedMs` turns from printed lengths to instants' differences.
    var planDateFixed: Bool
    var agenda: Agenda

    init(state: MeetingState, meetingID: Int64, at now: Instant) {
        self.meetingID = meetingID
        planDate = state.planDate ?? state.planDate(startingAt: now)
        planDateFixed = state.planDate != nil
        agenda = state.agenda
    }
}

extension Topic {
    /// Each topic's message replaces an unsent older one of its own, as the state does.
    var slot: Delivery.Slot {
        switch self {
        case .agenda: Delivery.Slot(1)
        case .progress: Delivery.Slot(2)
        case .queue: Delivery.Slot(3)
        case .budgets: Delivery.Slot(4)
        case .venue: Delivery.Slot(5)
        }
    }
}
