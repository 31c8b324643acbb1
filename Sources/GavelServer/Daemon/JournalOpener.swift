import GavelJournal
import Logging

/// How the daemon opens its journal again: for writing after an I/O error or while it is
/// read-only, and for reading when writing is impossible.
public struct JournalOpener: Sendable {
    public var path: String
    public var logger: Logger

    public init(path: String, logger: Logger = Journal.silentLogger) {
        self.path = path
        self.logger = logger
    }

    func openForWriting() throws -> Journal {
        try Journal(path: path, logger: logger)
    }

    func openForReading() throws -> Journal {
        try Journal.openReadOnly(path: path, logger: logger)
    }
}
