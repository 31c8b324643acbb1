/// What a schedule projection is made from: the plan on the day it applies to, and what has
/// happened to each item. The daemon takes them from its `MeetingState`; a gavel.v2 display from
/// the `agenda`, `progress` and `state` messages it holds, which carry exactly these facts, so
/// that it projects the schedule itself and the daemon need not send every item's projection on
/// every change.
public struct ScheduleFacts: Hashable, Sendable {
    public struct Item: Hashable, Sendable {
        /// Planned times on the plan's day, in the venue's zone.
        public var plannedStart: Instant
        public var plannedEnd: Instant
        /// Days after the agenda's first day (a multi-day programme): a delay does not carry
        /// over into another day unless it runs into it.
        public var day: Int
        public var actualStart: Instant?
        /// The end of its last run; nil while current or never run.
        public var actualEnd: Instant?
        /// Its time left at the instant of the projection (allotted minus used; negative when over).
        public var remaining: Duration
        /// Must start at its planned time: never projected before it (`ItemPlanning.fixed`).
        public var fixed = false
        /// Left out by an accepted plan: it takes no time unless started.
        public var dropped = false

        public init(
            plannedStart: Instant,
            plannedEnd: Instant,
            day: Int,
            actualStart: Instant?,
            actualEnd: Instant?,
            remaining: Duration,
            fixed: Bool = false,
            dropped: Bool = false
        ) {
            self.plannedStart = plannedStart
            self.plannedEnd = plannedEnd
            self.day = day
            self.actualStart = actualStart
            self.actualEnd = actualEnd
            self.remaining = remaining
            self.fixed = fixed
            self.dropped = dropped
        }
    }

    public var planDate: LocalDate
    public var agendaDate: LocalDate
    /// One per agenda item, in order; never empty (an agenda has an item).
    public var items: [Item]
    public var phase: MeetingState.Phase
    public var currentItem: Int?
    /// The item most recently current.
    public var lastItem: Int?
    public var startedAt: Instant?
    public var endedAt: Instant?

    public init(
        planDate: LocalDate,
        agendaDate: LocalDate,
        items: [Item],
        phase: MeetingState.Phase,
        currentItem: Int?,
        lastItem: Int?,
        startedAt: Instant?,
        endedAt: Instant?
    ) {
        self.planDate = planDate
        self.agendaDate = agendaDate
        self.items = items
        self.phase = phase
        self.currentItem = currentItem
        self.lastItem = lastItem
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}
