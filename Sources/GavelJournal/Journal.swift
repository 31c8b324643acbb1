import Foundation
import GRDB
import GRDBSQLite
import GavelCore
import Logging

/// The daemon's durable record: meetings, their events, the outcome of every command id, and a
/// few settings. Nothing acknowledged is ever lost: `append` returns only once the events are
/// on disk, and the daemon acknowledges a command only after that.
///
/// Two backends behind the same calls, so the daemon does not care which (`JournalLocation`):
/// - an SQLite file (through GRDB) in WAL mode with `synchronous = FULL`, so every commit is
///   fsynced; the default, for one machine. One process at a time may use it: opening takes an
///   exclusive lock on `<path>.lock`.
/// - a room's share of a PostgreSQL database (`PostgresJournal`), for a venue whose daemons, one
///   per room, share one database; a commit returns once the server has flushed it
///   (`synchronous_commit = on`). One daemon at a time may use a room: opening takes an advisory
///   lock on it; with `--standby` the lock is shared by the room's primary and standbys, and a
///   lease (`RoomLease`) and the term on every row decide which of them writes.
///
/// Calls are synchronous on both: the daemon's service thread calls them in order and a commit
/// costs one fsync, or one round trip to the server and its flush.
///
/// `Sendable` because every stored property is: GRDB's `DatabaseQueue` serialises access, and
/// the PostgreSQL connection is used by one thread at a time, the daemon's.
public final class Journal: Sendable {
    /// The database file's path (`:memory:` for an in-memory journal), or the PostgreSQL
    /// address without its password, and the room.
    public let path: String
    /// Opened with `openReadOnly(path:)`: it can be read, and every write fails.
    public let isReadOnly: Bool
    /// The file's schema (`PRAGMA user_version`): `JournalSchema.version` once opened for
    /// writing; a read-only journal may be older (`JournalSchema.oldestReadable`).
    let schemaVersion: Int
    private let backend: Backend
    private let lock: JournalLock?
    private let logger: Logger

    private enum Backend: Sendable {
        case sqlite(DatabaseQueue)
        case postgres(PostgresJournal)
    }

    /// The SQLite database; only for calls that are SQLite's alone (a checkpoint, the tests).
    var database: DatabaseQueue {
        switch backend {
        case .sqlite(let database): database
        case .postgres: preconditionFailure("\(path) is a PostgreSQL journal; this call is for SQLite's")
        }
    }

    /// The PostgreSQL connection when the journal is in PostgreSQL: each public call goes to it.
    var postgres: PostgresJournal? {
        if case .postgres(let postgres) = backend { return postgres }
        return nil
    }

    /// Opens the journal at `location`: `init(path:logger:)` for a file, `init(postgres:logger:)`
    /// for a PostgreSQL database.
    public convenience init(location: JournalLocation, logger: Logger = Journal.silentLogger) throws {
        switch location {
        case .file(let path): try self.init(path: path, logger: logger)
        case .postgres(let address): try self.init(postgres: address, logger: logger)
        }
    }

    /// Connects to the PostgreSQL database at `address`, creating or upgrading its schema (which
    /// rooms share), and takes the room: another daemon of the same room keeps it, and this one
    /// is refused (`.inUse`) after waiting a few seconds for it to let go.
    ///
    /// Throws a `JournalError` naming the address and what to do when the server cannot be
    /// reached, refuses the login, has no such database, or holds a database that is not a
    /// journal or was written by a newer Gavel.
    public init(postgres address: PostgresJournalAddress, logger: Logger = Journal.silentLogger) throws {
        let postgres = try PostgresJournal(address: address, logger: logger)
        path = postgres.path
        backend = .postgres(postgres)
        lock = nil
        self.logger = logger
        isReadOnly = false
        // The PostgreSQL tables hold every column of SQLite's newest schema.
        schemaVersion = JournalSchema.version
        logger.debug("journal opened", metadata: ["gavel.journal.path": "\(path)"])
    }

    /// Opens the journal at `path`, creating it if needed, and brings its schema up to date.
    ///
    /// The directory must exist. Throws a `JournalError` naming the path and what to do when the
    /// file cannot be opened, is not a journal, was written by a newer Gavel, or is in use by
    /// another daemon.
    public convenience init(path: String, logger: Logger = Journal.silentLogger) throws {
        let lock = try JournalLock(journalPath: path)
        try Self.requireSQLiteHeader(path)
        let database: DatabaseQueue
        do {
            database = try DatabaseQueue(path: path, configuration: Self.configuration(path: path))
        } catch {
            throw Self.openingError(error, path: path)
        }
        try self.init(path: path, database: database, lock: lock, logger: logger)
        do {
            // A new journal's name must survive a power cut too, not only its contents.
            try System.syncDirectory(containing: path)
        } catch {
            throw JournalError.cannotOpen(path, "cannot sync its directory: \(error.reason)")
        }
    }

    /// A journal in memory, gone when released: for tests.
    public static func inMemory(logger: Logger = Journal.silentLogger) throws -> Journal {
        let path = ":memory:"
        let database: DatabaseQueue
        do {
            database = try DatabaseQueue(configuration: configuration(path: path))
        } catch {
            throw openingError(error, path: path)
        }
        return try Journal(path: path, database: database, lock: nil, logger: logger)
    }

    /// Wraps an open database; brings its schema up to date unless `readOnly`.
    init(path: String, database: DatabaseQueue, lock: JournalLock?, logger: Logger, readOnly: Bool = false) throws {
        self.path = path
        self.backend = .sqlite(database)
        self.lock = lock
        self.logger = logger
        self.isReadOnly = readOnly
        guard !readOnly else {
            do {
                schemaVersion = try database.read { try Int.fetchOne($0, sql: "PRAGMA user_version") ?? 0 }
            } catch {
                throw Self.openingError(error, path: path)
            }
            logger.debug("journal opened read-only", metadata: ["gavel.journal.path": "\(path)"])
            return
        }
        schemaVersion = JournalSchema.version
        let migrator = JournalSchema.migrator
        do {
            let before = try database.read { try migrator.appliedIdentifiers($0) }
            try migrator.migrate(database)
            let applied = try database.read { try migrator.completedMigrations($0) }.filter { !before.contains($0) }
            if !applied.isEmpty {
                logger.info(
                    "journal schema migrated",
                    metadata: [
                        "gavel.journal.path": "\(path)",
                        "gavel.journal.migrations": "\(applied.joined(separator: ","))",
                    ]
                )
            }
        } catch {
            throw Self.openingError(error, path: path)
        }
        logger.debug(
            "journal opened",
            metadata: [
                "gavel.journal.path": "\(path)", "gavel.journal.schema": "\(JournalSchema.version)",
            ]
        )
    }

    /// Closes the database and releases the lock, so another daemon may open the journal.
    /// Every append is already on disk; closing also folds the WAL back into the main file.
    /// The journal cannot be used afterwards.
    public func close() throws {
        if let postgres {
            postgres.close()
            return
        }
        do {
            try database.close()
        } catch {
            throw JournalError.cannotWrite(path, "cannot close it: \(JournalError.reason(for: error))")
        }
        lock?.release()
    }

    /// A logger that drops everything, the default when the caller passes none.
    public static let silentLogger = Logger(label: "gavel.journal", factory: { _ in SwiftLogNoOpLogHandler() })

    // MARK: - Configuration

    /// Pages of write-ahead log after which a commit folds the log back into the database file
    /// (SQLite's default is 1000, about 4 MB). A command's commit adds four or five pages (its
    /// event, the event's index entry, the command's outcome, the sequence: 16.6 to 17.5 KB), so
    /// with the default a 2 MiB state volume filled up with log after some 115 commands, never
    /// checkpointed. At 64 pages the log is folded back every 15 commands or so; each fold is one
    /// more pair of fsyncs, and every commit is still synced before it returns.
    static let walAutocheckpointPages = 64

    /// After a checkpoint, a write-ahead log grown past this (a large agenda, the headroom probe)
    /// is cut back to it at the next commit, so its space returns to the volume. Above what the
    /// log reaches between two checkpoints (64 pages and one more command, about 285 KB), so a
    /// log in steady use is not cut and grown again at every fold.
    static let walSizeLimit = 512 * 1024

    private static func configuration(path: String) -> Configuration {
        var configuration = Configuration()
        configuration.label = "gavel.journal"
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try JournalSchema.checkIdentity(db, path: path)
            // Not `Configuration.journalMode = .wal`: GRDB then sets `synchronous = NORMAL`
            // after this closure has run, and NORMAL in WAL mode may lose the last commits on
            // power loss. In memory, journal_mode stays "memory".
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(walAutocheckpointPages)")
            try db.execute(sql: "PRAGMA journal_size_limit = \(walSizeLimit)")
            // SQLite opens a file it may not write (immutable, or read-only to the daemon's user)
            // read-only without a word; the daemon must learn it now, not at the first command.
            if let connection = db.sqliteConnection, sqlite3_db_readonly(connection, "main") == 1 {
                let reason = JournalError.reason(for: DatabaseError(resultCode: .SQLITE_READONLY))
                throw JournalError.cannotOpen(path, reason)
            }
        }
        return configuration
    }

    /// Refuses a non-empty file that does not start like an SQLite database. SQLite rejects most
    /// such files itself, but takes a one-byte file for an empty database and overwrites it.
    private static func requireSQLiteHeader(_ path: String) throws {
        guard let file = FileHandle(forReadingAtPath: path) else { return }  // absent: created
        defer { try? file.close() }
        let header = (try? file.read(upToCount: 16)) ?? Data()
        if !header.isEmpty && header != Data("SQLite format 3\0".utf8) {
            throw JournalError.cannotOpen(path, JournalError.reason(for: DatabaseError(resultCode: .SQLITE_NOTADB)))
        }
    }

    private static func openingError(_ error: any Error, path: String) -> JournalError {
        if let error = error as? JournalError { return error }
        return JournalError.cannotOpen(path, JournalError.reason(for: error))
    }

    // MARK: - Transactions

    /// Runs `updates` in one transaction: all of it is committed and synced, or none of it.
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        do {
            return try database.write(updates)
        } catch {
            throw writeError(error)
        }
    }

    /// Runs `updates` outside a transaction (a checkpoint), its errors said as a write's.
    func writeWithoutTransaction<T>(_ updates: (Database) throws -> T) throws -> T {
        do {
            return try database.writeWithoutTransaction(updates)
        } catch {
            throw writeError(error)
        }
    }

    private func writeError(_ error: any Error) -> JournalError {
        if let error = error as? JournalError { return error }
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_IOERR {
            // A failed write or fsync: SQLite's view is a rollback, but the WAL frames may be on
            // disk whole, and a reopened journal (WAL recovery) would then hold the transaction.
            return JournalError.ioError(path, JournalError.reason(for: error))
        }
        return JournalError.cannotWrite(path, JournalError.reason(for: error))
    }

    /// Runs one query on the connection outside a transaction. A single SELECT is consistent by
    /// itself, and a command looks its id up once: `read` adds four statements around it
    /// (query_only on and off, and a savepoint and its release, those two compiled each time).
    func lookUp<T>(_ body: (Database) throws -> T) throws -> T {
        try reading { try database.inDatabase(body) }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try reading { try database.read(body) }
    }

    /// Runs `access`, its errors said as a read's.
    private func reading<T>(_ access: () throws -> T) throws -> T {
        do {
            return try access()
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError.cannotRead(path, JournalError.reason(for: error))
        }
    }
}
