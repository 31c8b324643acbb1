import GavelCore

/// gavel.v2: the meeting's plan, sent on connect and whenever it changes (an agenda loaded, a new
/// meeting, the day the planned times apply to), never with every change. The `state` names
/// items by their `index` here.
public struct AgendaMessage: Codable, Hashable, Sendable {
    public var type = "agenda"
    /// The `seq` of the state this plan became current with.
    public var seq: Int64
    public var meeting: Meeting
    public var items: [Item]

    public struct Meeting: Codable, Hashable, Sendable {
        public var id: Int64
        public var title: String
        /// The title in other languages, by language code; absent when the agenda gives none.
        public var titles: [String: String]?
        public var subtitle: String?
        public var venue: String?
        public var timeZone: String
        /// The day the planned times apply to.
        public var planDate: LocalDate
        /// The day the agenda was printed for.
        public var agendaDate: LocalDate
        /// True when the meeting runs on another day than its agenda's.
        public var dateShifted: Bool
    }

    public struct Item: Codable, Hashable, Sendable {
        public var index: Int
        public var id: String
        public var title: String
        /// The title in other languages, by language code; absent when the agenda gives none.
        public var titles: [String: String]?
        public var kind: AgendaItem.Kind
        /// Days after the agenda's first day (0 but in a multi-day programme).
        public var day: Int
        public var plannedStart: Instant
        public var plannedEnd: Instant
        /// The time the item is allotted before any extension: its printed length before the
        /// start; from the start, the time between its planned instants (on the day the clocks
        /// change they differ). What a display projects an upcoming item with.
        public var plannedMs: Int64
        public var people: [Person]
        /// What a plan to end on time may do with it (the agenda's `fixed`, `minimum`,
        /// `droppable`); each absent when the agenda does not say.
        public var fixed: Bool? = nil
        public var minimumMs: Int64? = nil
        public var droppable: Bool? = nil
    }

    /// The plan of `state`'s agenda on the day it applies to at `now`.
    public init(state: MeetingState, meetingID: Int64, seq: Int64, at now: Instant) {
        let planDate = state.planDate ?? state.planDate(startingAt: now)
        let agenda = state.agenda
        self.seq = seq
        meeting = Meeting(
            id: meetingID,
            title: agenda.title,
            titles: agenda.titlesIfAny,
            subtitle: agenda.subtitle,
            venue: agenda.venue,
            timeZone: agenda.timeZone,
            planDate: planDate,
            agendaDate: agenda.date,
            dateShifted: planDate != agenda.date
        )
        items = agenda.items.indices.map { index in
            let item = agenda.items[index]
            let planned = state.plannedInterval(index, planDate: planDate)
            return Item(
                index: index,
                id: item.id,
                title: item.title,
                titles: item.titlesIfAny,
                kind: item.kind,
                day: item.date.daysSinceEpoch - agenda.date.daysSinceEpoch,
                plannedStart: planned.start,
                plannedEnd: planned.end,
                plannedMs: (state.planDate == nil ? item.plannedDuration : planned.end - planned.start).milliseconds,
                people: item.people,
                fixed: item.planning.fixed ? true : nil,
                minimumMs: item.planning.minimum?.milliseconds,
                droppable: item.planning.droppable ? true : nil
            )
        }
    }

    /// Whether `other` says the same, whatever state it came with: if so it need not be sent again.
    public func hasSameContent(as other: AgendaMessage) -> Bool {
        meeting == other.meeting && items == other.items
    }
}
