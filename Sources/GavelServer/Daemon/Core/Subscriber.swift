import GavelCore

/// What the daemon knows about one WebSocket connection.
struct Subscriber {
    /// May send commands: authenticated at upgrade (Authorization header) or by an `auth` message.
    var control: Bool
    /// Receives the 1 Hz tick.
    var tick = false
    /// Failed `auth` attempts; past `Subscriber.maximumAuthFailures` the connection is closed.
    var authFailures = 0
    var peer: String
    /// The upgrade's `Origin` and `Host`, for the origin policy (control from browser pages).
    var origin: String?
    var host: String?

    static let maximumAuthFailures = 5
}
