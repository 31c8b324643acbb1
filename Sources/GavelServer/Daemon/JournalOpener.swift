import GavelJournal
import Logging

/// How the daemon opens its journal again: for writing after an I/O error (or a lost connection
/// to PostgreSQL) or while it is read-only, and for reading when writing is impossible.
public struct JournalOpener: Sendable {
    public var location: JournalLocation
    public var logger: Logger

    /// The file's path, or the PostgreSQL address without its password: what messages name.
    public var path: String { location.description }

    public init(location: JournalLocation, logger: Logger = Journal.silentLogger) {
        self.location = location
        self.logger = logger
    }

    public init(path: String, logger: Logger = Journal.silentLogger) {
        self.init(location: .file(path), logger: logger)
    }

    func openForWriting() throws -> Journal {
        try Journal(location: location, logger: logger)
    }

    /// A file is opened read-only; a PostgreSQL journal has no read-only mode of its own: a
    /// server that cannot be reached cannot be read either, and one that can be is written.
    func openForReading() throws -> Journal {
        switch location {
        case .file(let path): try Journal.openReadOnly(path: path, logger: logger)
        case .postgres: try Journal(location: location, logger: logger)
        }
    }
}
