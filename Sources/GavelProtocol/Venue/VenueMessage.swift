import GavelCore

/// The venue overview: every room's summary as the daemon last read it (`GET /api/v1/venue`, and
/// the gavel.v2 topic `venue`). With a PostgreSQL journal, every room that shares the database;
/// with SQLite, the daemon's own room.
public struct VenueMessage: Codable, Hashable, Sendable {
    public var type = "venue"
    /// When the daemon made this overview.
    public var serverTime: Instant
    /// "postgresql" (every room of the database) or "single" (this daemon's room only).
    public var source: String
    /// A room whose daemon has not been heard from for this long is stale.
    public var staleAfterMs: Int64
    /// By room name.
    public var rooms: [Room]

    public struct Room: Codable, Hashable, Sendable {
        public var room: String
        public var status: RoomStatus
        /// When the room's daemon last published its summary (the database's clock).
        public var updatedAt: Instant
        /// How long ago its daemon was last heard from (its heartbeat or a summary), as of
        /// `serverTime`; null when it said it stopped.
        public var silentMs: Int64?
        /// Its daemon stopped (said so on shutdown) or has not been heard from for `staleAfterMs`:
        /// what the summary shows may no longer be what happens in the room.
        public var stale: Bool

        public init(room: String, status: RoomStatus, updatedAt: Instant, silentMs: Int64?, stale: Bool) {
            self.room = room
            self.status = status
            self.updatedAt = updatedAt
            self.silentMs = silentMs
            self.stale = stale
        }
    }

    public init(serverTime: Instant, source: String, staleAfterMs: Int64, rooms: [Room]) {
        self.serverTime = serverTime
        self.source = source
        self.staleAfterMs = staleAfterMs
        self.rooms = rooms
    }
}

// Null for a room that said it stopped, rather than no field.
extension VenueMessage.Room {
    enum CodingKeys: String, CodingKey {
        case room, status, updatedAt, silentMs, stale
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(room, forKey: .room)
        try c.encode(status, forKey: .status)
        try c.encode(updatedAt, forKey: .updatedAt)
        try c.encode(silentMs, forKey: .silentMs)
        try c.encode(stale, forKey: .stale)
    }
}
