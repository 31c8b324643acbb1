import GavelCore
import GavelProtocol

// The venue overview's fan-out: a topic of its own, whose message the daemon makes from what the
// rooms published (the database's, or its own room's alone with SQLite).
extension DaemonCore {
    /// The rooms' overview changed: it becomes the `venue` topic's message, sent now to its
    /// subscribers (latest wins, as for every snapshot) and to every later one on subscribing.
    mutating func venueChanged(_ message: OutboundMessage) -> [DaemonAction] {
        venueMessage = message
        snapshot?.venue = message
        guard let audience = audiences[.topic(.venue)], !audience.isEmpty else { return [] }
        return [.broadcast(message, to: .feed(.topic(.venue), except: []), delivery: .latest(Topic.venue.slot))]
    }
}
