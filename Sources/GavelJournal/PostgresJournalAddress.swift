import Foundation

/// A PostgreSQL journal's server, database, user and room, from a `postgresql://` URL.
public struct PostgresJournalAddress: Hashable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// The room whose meetings, commands and settings this daemon reads and writes.
    public var room: String
    /// `--standby`: the room's daemons share it, and a lease (`RoomLease`) decides which one leads;
    /// without it, one daemon holds the room alone.
    public var highAvailability = false

    /// The room a daemon journals to when none is given.
    public static let defaultRoom = "main"

    /// Why a URL or a room name cannot be used, said of what was given.
    public struct Invalid: Error, Equatable, Sendable {
        public var reason: String
    }

    /// True when `text` is meant as a PostgreSQL URL (`postgresql://` or `postgres://`), as
    /// opposed to a file path.
    public static func isURL(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }

    /// Reads `postgresql://user[:password]@host[:port]/database`; the port defaults to 5432 and
    /// the database to the user's name, as with psql. Query options are refused rather than
    /// ignored: one that asks for TLS must not be dropped without a word.
    public init(url text: String, room: String = Self.defaultRoom) throws(Invalid) {
        guard Self.isURL(text), let components = URLComponents(string: text) else {
            throw Invalid(reason: "'\(Self.redacted(text))' is not a URL like postgresql://user@host:5432/database")
        }
        guard let user = components.user, !user.isEmpty else {
            throw Invalid(reason: "'\(Self.redacted(text))' names no user: write postgresql://USER@host/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw Invalid(reason: "'\(Self.redacted(text))' names no host: write postgresql://user@HOST/database")
        }
        if let query = components.query, !query.isEmpty {
            throw Invalid(
                reason: "'\(Self.redacted(text))' has options (?\(query)), which gaveld does not take: "
                    + "give postgresql://user[:password]@host[:port]/database"
            )
        }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.contains("/") else {
            throw Invalid(reason: "'\(Self.redacted(text))' has more than a database name after the host")
        }
        // URLComponents takes an out-of-range port; a port that is not a number fails the parse above.
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else {
            throw Invalid(reason: "'\(Self.redacted(text))' has port \(port), not 1-65535")
        }
        try Self.requireRoomName(room)
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = port
        self.user = user
        self.password = components.password
        self.database = path.isEmpty ? user : path
        self.room = room
    }

    /// A room's name: 1 to 64 letters, digits, `.`, `_` or `-`, so it reads the same in a unit
    /// name (`gaveld@NAME`), a log and a SQL console.
    public static func requireRoomName(_ room: String) throws(Invalid) {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "._-"))
        guard !room.isEmpty, room.count <= 64, room.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) })
        else {
            throw Invalid(reason: "room '\(room)' is not 1 to 64 letters, digits, '.', '_' or '-'")
        }
    }

    /// The channel the room's primary notifies (in the transaction of each write) and its standbys
    /// listen on. A channel name has at most 63 bytes: a long room's is cut and told apart by a hash.
    public static func notifyChannel(room: String) -> String {
        let prefix = "gavel.room."
        guard prefix.utf8.count + room.utf8.count > 63 else { return prefix + room }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in room.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return prefix + room.prefix(63 - prefix.utf8.count - 17) + "." + String(hash, radix: 16)
    }

    /// The address without its password, and the room.
    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgresql://\(user)@\(shownHost):\(port)/\(database) (room \(room))"
    }

    /// `text` with any password replaced, for messages about a URL that could not be read.
    static func redacted(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://"), scheme.upperBound < at else {
            return text
        }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
