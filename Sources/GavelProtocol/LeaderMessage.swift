/// `GET /api/v1/leader`: who leads the room, so that a client given several daemons of a room
/// (`--server a,b`, `?servers=`) sends its commands to the one that takes them.
public struct LeaderMessage: Codable, Hashable, Sendable {
    /// A daemon's part in its room.
    public enum Role: String, Codable, Hashable, Sendable {
        /// Holds the room's lease (`--standby`): takes commands.
        case primary
        /// Follows the primary (`--standby`): serves displays, refuses commands with `notLeader`.
        case standby
        /// Alone in its room (SQLite, or PostgreSQL without `--standby`): takes commands.
        case single
    }

    public var room: String
    public var role: Role
    /// The lease's term: this daemon's as primary, the last one seen as standby; 0 for `single`.
    public var term: Int64
    /// The URL of the daemon that takes the room's commands (`--advertise`); nil while no daemon
    /// leads (a lease lapsed and not yet taken).
    public var leader: String?

    public init(room: String, role: Role, term: Int64, leader: String?) {
        self.room = room
        self.role = role
        self.term = term
        self.leader = leader
    }
}
