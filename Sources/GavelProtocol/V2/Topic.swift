/// What a gavel.v2 subscriber may ask for besides the live `state` and the alerts, which every
/// connection receives. Each topic's message is sent when the subscriber asks for it (at the
/// upgrade, `/ws?topics=agenda,progress`, or with `subscribe`) and again whenever it changes,
/// before the `state` of that change.
public enum Topic: String, Hashable, Sendable, Codable, CaseIterable {
    /// `agenda`: the meeting's titles and every item's plan (on connect by default).
    case agenda
    /// `progress`: what has happened to each item (status, actual times, time used).
    case progress
    /// `queue`: the speakers' queue.
    case queue
    /// `budgets`: the groups' speaking-time budgets in the current item and the shares of floor
    /// time (the chair view).
    case budgets
    /// `venue`: every room's summary (`VenueMessage`), for the venue overview: sent again
    /// whenever a room's summary changes or a room goes stale.
    case venue

    /// What a gavel.v2 connection receives unless it asks otherwise: the agenda, which a display
    /// needs to name the items the state points at by index.
    public static let defaults: Set<Topic> = [.agenda]

    /// Topics from a comma-separated list (`agenda,progress`), or what was wrong with it.
    public static func parse(list: String) -> Result<Set<Topic>, ProtocolError> {
        parse(names: list.split(separator: ",").map { String($0.trimmingSpaces) }.filter { !$0.isEmpty })
    }

    public static func parse(names: [String]) -> Result<Set<Topic>, ProtocolError> {
        var topics: Set<Topic> = []
        for name in names {
            guard let topic = Topic(rawValue: name) else {
                return .failure(
                    ProtocolError(
                        .badRequest,
                        "unknown topic '\(name)'; topics are \(allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                )
            }
            topics.insert(topic)
        }
        return .success(topics)
    }
}
