import GavelCore
import GavelProtocol

/// What the daemon knows about one WebSocket connection.
struct Subscriber {
    /// The level of the token it presented, at upgrade (Authorization header) or by an `auth`
    /// message; nil: none.
    var level: AccessLevel?
    /// Receives the state and the topics: always, unless gaveld runs with `--read-token` and it
    /// has presented no token yet.
    var reads = true
    /// The subprotocol it speaks.
    var version: ProtocolVersion = .v1
    /// gavel.v2: the topics it receives besides the state and the alerts.
    var topics: Set<Topic> = []
    /// Receives the 1 Hz tick.
    var tick = false
    /// Failed `auth` attempts; past `Subscriber.maximumAuthFailures` the connection is closed.
    var authFailures = 0
    var peer: String
    /// The upgrade's `Origin`, for the origin policy (control from browser pages).
    var origin: String?
    /// Why the token presented at the upgrade was not taken, for its hello.
    var controlRefused: ControlRefusal?
    /// For the technician's list (`GET /api/v1/displays`): when it connected, when it was last
    /// heard from (any message; a display page pings every 4 s), and what it said it is. The
    /// core sets both instants when the connection opens (`connectionOpened`).
    var connectedAt = Instant(millisecondsSinceEpoch: 0)
    var lastSeen = Instant(millisecondsSinceEpoch: 0)
    var display: DisplayInfo?
    var describedAt: Instant?

    static let maximumAuthFailures = 5

    /// May send commands (those of its level): a secretariat's or the chair's token.
    var control: Bool { level.map { $0 >= .secretariat } ?? false }

    /// What it receives of a broadcast: nothing while it may not read.
    var feeds: Set<Feed> {
        guard reads else { return [] }
        var feeds: Set<Feed> = [.state(version)]
        if version >= .v2 { feeds.formUnion(topics.map(Feed.topic)) }
        if tick { feeds.insert(.tick) }
        return feeds
    }
}

/// A kind of message the daemon broadcasts, and so a group of subscribers: those that receive it.
enum Feed: Hashable {
    /// The state of one protocol version.
    case state(ProtocolVersion)
    /// A gavel.v2 topic's message.
    case topic(Topic)
    /// The 1 Hz tick: kept as an audience like the others, so that neither a tick nor a command
    /// (which asks whether the tick must run) walks every subscriber to find those who want it.
    case tick
}
