/// One timed entry of the programme: a session or a break.
public struct AgendaItem: Hashable, Sendable, Identifiable {
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        case session
        case `break`
    }

    /// Stable within the agenda. Importers number sessions "1", "2", ... and breaks
    /// "break-1", ... so that "go to 2" means the second session, as printed.
    public var id: String
    public var title: String
    /// The title in other languages, by language code ("fr", "es", "zh"...): a display in one of
    /// them shows its own (docs/protocol.md, "titles"). Empty when the agenda gives none.
    public var titles: [String: String] = [:]
    public var kind: Kind
    /// The day of this item; equal to the agenda's date except in multi-day programmes.
    public var date: LocalDate
    public var start: LocalTime
    public var end: LocalTime
    public var people: [Person]
    /// Floor time for each speaker in this item, unless the person has their own.
    public var speakerTime: Duration?
    /// Thresholds for the item's own timer; nil uses the meeting's.
    public var alerts: AlertThresholds?
    /// Thresholds for speakers' floor time in this item; nil uses the meeting's.
    public var floorAlerts: AlertThresholds?
    /// Free text printed with the item (a description, a room change).
    public var notes: String?
    /// The list of speakers inscribed before the meeting, its order and whether it is closed.
    public var list: PlannedList
    /// Each group's speaking-time budget in this item.
    public var budgets: [GroupBudget] = []
    /// Whether a plan to end on time may move, shorten or drop it.
    public var planning = ItemPlanning()

    public init(
        id: String,
        title: String,
        kind: Kind = .session,
        date: LocalDate,
        start: LocalTime,
        end: LocalTime,
        people: [Person] = [],
        speakerTime: Duration? = nil,
        alerts: AlertThresholds? = nil,
        floorAlerts: AlertThresholds? = nil,
        notes: String? = nil,
        list: PlannedList = PlannedList()
    ) {
        self.id = id
        self.title = title
        self.kind = kind
        self.date = date
        self.start = start
        self.end = end
        self.people = people
        self.speakerTime = speakerTime
        self.alerts = alerts
        self.floorAlerts = floorAlerts
        self.notes = notes
        self.list = list
    }

    /// `titles`, or nil when there are none: what the wire carries (absent rather than empty).
    public var titlesIfAny: [String: String]? { titles.isEmpty ? nil : titles }

    /// The planned length as printed: end minus start (items never cross midnight; validation
    /// rejects it). On a day the venue's clocks change, the meeting allots the time between the
    /// two instants instead (`MeetingState`, when it starts).
    public var plannedDuration: Duration {
        .seconds(end.secondsSinceMidnight - start.secondsSinceMidnight)
    }
}
