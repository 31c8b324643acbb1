/// Where a journal lives: an SQLite file on this machine (the default), or a room's share of a
/// PostgreSQL database that several daemons, one per room, write to.
public enum JournalLocation: Hashable, Sendable, CustomStringConvertible {
    case file(String)
    case postgres(PostgresJournalAddress)

    /// The file's path, or the database's address without its password, and the room: what
    /// messages and logs name.
    public var description: String {
        switch self {
        case .file(let path): path
        case .postgres(let address): address.description
        }
    }
}
