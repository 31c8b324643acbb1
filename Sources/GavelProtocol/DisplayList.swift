import GavelCore

/// `GET /api/v1/displays`: every WebSocket connection, display pages and other clients, as the
/// technician sees them. Control token required: it lists client addresses.
public struct DisplayList: Hashable, Sendable, Codable {
    /// When the daemon made the list: "last seen" is `serverTime − lastSeen`, on one clock.
    public var serverTime: Instant
    /// By view (clients without one last), then address, then connection.
    public var displays: [Entry]

    public init(serverTime: Instant, displays: [Entry]) {
        self.serverTime = serverTime
        self.displays = displays
    }

    public struct Entry: Hashable, Sendable, Codable {
        /// The daemon's id for the connection, as in its hello and its log.
        public var connection: String
        /// "display" once it has said what it is (a `display` message), "client" otherwise
        /// (`gavel watch`, a script).
        public var kind: String
        /// The peer's address ("192.0.2.7"; "unix" for the local socket).
        public var address: String
        /// Its subprotocol, "gavel.v1" or "gavel.v2".
        public var `protocol`: String
        /// Whether it may send commands.
        public var control: Bool
        public var connectedAt: Instant
        /// The last message received from it (a page pings every 4 s).
        public var lastSeen: Instant
        /// What it said about itself, when it last did; absent for a client.
        public var display: DisplayInfo?
        public var describedAt: Instant?

        public init(
            connection: String,
            kind: String,
            address: String,
            protocol: String,
            control: Bool,
            connectedAt: Instant,
            lastSeen: Instant,
            display: DisplayInfo?,
            describedAt: Instant?
        ) {
            self.connection = connection
            self.kind = kind
            self.address = address
            self.protocol = `protocol`
            self.control = control
            self.connectedAt = connectedAt
            self.lastSeen = lastSeen
            self.display = display
            self.describedAt = describedAt
        }
    }
}
