/// A meeting's programme: what is planned, when, where, and who speaks.
///
/// Planned times are local wall-clock times in the venue's IANA time zone. The canonical
/// JSON form (see `Agenda+JSON.swift`) round-trips exactly: `import(export(a)) == a`.
public struct Agenda: Hashable, Sendable {
    public var title: String
    /// The meeting's title in other languages, by language code (as `AgendaItem.titles`).
    public var titles: [String: String] = [:]
    public var subtitle: String?
    /// The day the programme was printed for. A meeting started far from it (more than half a
    /// day) applies the planned times to the day it started (`MeetingState.planDate(startingAt:)`).
    public var date: LocalDate
    public var venue: String?
    /// An IANA zone identifier, such as `America/New_York`.
    public var timeZone: String
    /// Meeting-wide defaults for floor time and alert thresholds.
    public var defaults: AgendaDefaults
    /// The rules of procedure: speech types, precedence, the lists' order.
    public var rules: RulesPack
    /// Delegations grouped for budgets and shares (regional groups, constituencies).
    public var groups: [SpeakerGroup] = []
    /// What is known of speakers and delegations, by name: attribute → value ("region": "Africa",
    /// "gender": "female"), for shares of floor time.
    public var attributes: [String: [String: String]] = [:]
    /// The shares of floor time the chair view and the report show, with their targets.
    public var shares: [ShareTarget] = []
    /// When the meeting must end, whatever happens (interpretation ends at 13:00), on the day of
    /// the last item; a plan to end on time (`gavel plan`) aims at it.
    public var hardEnd: LocalTime?
    public var items: [AgendaItem]

    public init(
        title: String,
        subtitle: String? = nil,
        date: LocalDate,
        venue: String? = nil,
        timeZone: String,
        defaults: AgendaDefaults = AgendaDefaults(),
        rules: RulesPack = .unGeneralAssembly,
        items: [AgendaItem]
    ) {
        self.title = title
        self.subtitle = subtitle
        self.date = date
        self.venue = venue
        self.timeZone = timeZone
        self.defaults = defaults
        self.rules = rules
        self.items = items
    }

    /// `titles`, or nil when there are none: what the wire carries.
    public var titlesIfAny: [String: String]? { titles.isEmpty ? nil : titles }

    /// The venue's zone. Agendas are validated on import, so this exists for any imported agenda;
    /// UTC is the last resort for a hand-built value with a bad identifier.
    public var venueTimeZone: VenueTimeZone {
        VenueTimeZone(identifier: timeZone) ?? VenueTimeZone(identifier: "UTC")!
    }

    /// The index of the item with this id, or, if no id matches and `reference` is a number N,
    /// the N-th item (1-based). Chairs say "go to 3"; JSON agendas may use ids like "opening".
    public func itemIndex(for reference: String) -> Int? {
        if let index = items.firstIndex(where: { $0.id == reference }) { return index }
        // `position > 0` first: Int.min - 1 would trap ("goto -9223372036854775808").
        if let position = Int(reference), position > 0, items.indices.contains(position - 1) { return position - 1 }
        return nil
    }

    /// The alert thresholds that apply to an item's own timer.
    public func itemAlerts(for item: AgendaItem) -> AlertThresholds {
        item.alerts ?? defaults.itemAlerts ?? .itemDefault
    }

    /// The alert thresholds that apply to a speaker's floor time during an item.
    public func floorAlerts(for item: AgendaItem) -> AlertThresholds {
        item.floorAlerts ?? defaults.floorAlerts ?? .floorDefault
    }

    /// The floor time a speaker gets when the chair names none: the person's own limit, then
    /// the item's, then the meeting's, then three minutes.
    public func speakerTime(for speaker: String, in item: AgendaItem) -> Duration {
        if let person = item.people.first(where: { $0.name == speaker }), let limit = person.speakingTime {
            return limit
        }
        return item.speakerTime ?? defaults.speakerTime ?? .minutes(3)
    }
}

/// Meeting-wide defaults, each overridable per item.
public struct AgendaDefaults: Hashable, Sendable {
    /// Floor time for a speaker when neither the command nor the item says.
    public var speakerTime: Duration?
    public var itemAlerts: AlertThresholds?
    public var floorAlerts: AlertThresholds?

    public init(speakerTime: Duration? = nil, itemAlerts: AlertThresholds? = nil, floorAlerts: AlertThresholds? = nil) {
        self.speakerTime = speakerTime
        self.itemAlerts = itemAlerts
        self.floorAlerts = floorAlerts
    }

    public var isEmpty: Bool { speakerTime == nil && itemAlerts == nil && floorAlerts == nil }
}
