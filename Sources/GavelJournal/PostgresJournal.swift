import Foundation
import Logging
import PostgresNIO
import Synchronization

/// A journal's connection to PostgreSQL: one connection for one room, used synchronously.
///
/// The daemon appends from its own service thread and acknowledges a command only after the
/// append returns, so the calls here block that thread on the round trip, as SQLite's fsync does.
/// postgres-nio is asynchronous: the connection runs on a one-thread `EventLoopGroup` of its own
/// and each call waits on its future. Waiting is safe because the caller is never one of that
/// group's threads (NIO traps a wait on its own loop). One connection rather than a pool
/// (`PostgresClient`): a transaction is a sequence of statements on one session, the daemon
/// writes one command at a time, and the room's advisory lock belongs to that session.
///
/// Every session sets `synchronous_commit = on`: COMMIT returns only once the server has flushed
/// the transaction's WAL (and, with synchronous standbys configured, once they have), whatever
/// the database's default, so a returned append is durable on the server.
final class PostgresJournal: Sendable {
    let address: PostgresJournalAddress
    /// What messages name: the address without its password, and the room.
    let path: String
    private let group: MultiThreadedEventLoopGroup
    private let connection: PostgresConnection
    private let logger: Logger
    private let closed = Mutex(false)
    /// The term of the room's lease this daemon holds (`--standby`, as primary), written with each
    /// row so that the database refuses it once another daemon took the lease; nil without HA.
    let fencingTerm = Mutex<Int64?>(nil)

    /// The first of the two keys of every advisory lock Gavel takes ("GAVL"); the second is the
    /// room's hash. The schema migration locks (applicationID, 0).
    static let lockKey = Int32(bitPattern: UInt32(JournalSchema.applicationID))

    /// How long a statement may go unanswered before the connection is given up as lost. The
    /// daemon's service thread waits for each answer, and displays wait with it: a server that
    /// vanished without closing the connection (a cut cable, a dead machine) must not hold it
    /// until TCP gives up, nor a connection the server ended while idle that the client did not see
    /// close. The reply to a commit on a healthy server takes milliseconds.
    static let replyTimeout = TimeAmount.seconds(5)

    /// The connection is gone: no answer came within `replyTimeout` (the connection is then
    /// closed), or it was already closed (the server ended the session, or the network did).
    enum Lost: Error {
        case noReply
        case closed
        /// The server took the connection but did not finish the login within `connectTimeout`.
        case noLogin
    }

    /// How long opening a connection may take, TCP's handshake and the login together.
    static let connectTimeout = TimeAmount.seconds(10)

    /// How long opening waits for another daemon of the same room to let go of it (a daemon just
    /// SIGKILLed holds it until the server sees its connection close).
    static let roomLockWait = TimeAmount.seconds(5)

    /// Connects, takes the room's lock and brings the schema up to date. Throws a `JournalError`
    /// naming the address and what to do: unreachable, refused login, the room in use, a database
    /// that is not a journal or was written by a newer Gavel.
    init(address: PostgresJournalAddress, logger: Logger) throws {
        self.address = address
        self.path = address.description
        self.logger = logger
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let configuration = address.connectionConfiguration(connectTimeout: Self.connectTimeout)
        do {
            let loop = group.next()
            let connecting = PostgresConnection.connect(on: loop, configuration: configuration, id: 1, logger: logger)
            // The connect timeout covers TCP's handshake only: a server that accepts and then says
            // nothing (a partition) must not hold the daemon's thread past it.
            let promise = loop.makePromise(of: PostgresConnection.self)
            connecting.cascade(to: promise)
            let timeout = loop.scheduleTask(in: Self.connectTimeout) {
                promise.fail(Lost.noLogin)
                connecting.whenSuccess { connection in
                    let _: EventLoopFuture<Void> = connection.close()
                }
            }
            defer { timeout.cancel() }
            connection = try promise.futureResult.wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw JournalError.cannotOpen(path, Self.reason(for: error, address: address))
        }
        do {
            try execute("SET synchronous_commit = on")
            if address.highAvailability {
                // A primary cut off in the middle of a transaction must not hold the lease row's
                // lock (which a takeover waits for) until TCP gives up: the server ends the session.
                let limit = LeaseHold.nanoseconds(LeasePolicy.standard.duration) / 1_000_000
                try execute("SET idle_in_transaction_session_timeout = '\(limit)ms'")
            }
            try takeRoomLock()
            try PostgresSchema.migrate(self)
            try warnIfNotDurable()
        } catch {
            close()
            if let error = error as? JournalError { throw error }
            throw JournalError.cannotOpen(path, Self.reason(for: error, address: address))
        }
    }

    deinit {
        close()
    }

    /// Ends the session, which releases the room's lock. Idempotent.
    func close() {
        let wasClosed = closed.withLock { value in
            defer { value = true }
            return value
        }
        guard !wasClosed else { return }
        try? answer(connection.close())
        try? group.syncShutdownGracefully()
    }

    /// Waits for `future` from the daemon's thread, at most `replyTimeout`; on a timeout closes the
    /// connection (the next call fails at once, and the daemon reconnects) and throws `Lost`.
    private func answer<T: Sendable>(_ future: EventLoopFuture<T>, within limit: TimeAmount = replyTimeout) throws -> T
    {
        let promise = future.eventLoop.makePromise(of: T.self)
        future.cascade(to: promise)
        let connection = self.connection
        let timeout = future.eventLoop.scheduleTask(in: limit) {
            promise.fail(Lost.noReply)
            let _: EventLoopFuture<Void> = connection.close()
        }
        defer { timeout.cancel() }
        return try promise.futureResult.wait()
    }

    // MARK: - Statements

    /// Runs one statement with its parameters ($1, $2, ...) and returns its rows.
    @discardableResult
    func query(
        _ sql: String,
        _ binds: PostgresBindings = PostgresBindings(),
        within limit: TimeAmount = replyTimeout
    ) throws -> [PostgresRandomAccessRow] {
        if connection.isClosed { throw Lost.closed }
        let query = PostgresQuery(unsafeSQL: sql, binds: binds)
        let result = try answer(connection.query(query, logger: logger), within: limit)
        return result.rows.map { $0.makeRandomAccess() }
    }

    /// Runs one statement without parameters.
    func execute(_ sql: String) throws {
        try query(sql)
    }

    /// Runs `updates` in one transaction and commits it; returns once the commit is durable on
    /// the server. When it throws, nothing of it is stored, except in one case: the connection
    /// lost while COMMIT was on its way, which is `.ioError` (its fate is unknown; the daemon
    /// reconnects and replays what the database holds).
    func write<T>(_ updates: () throws -> T) throws -> T {
        do {
            try execute("BEGIN")
        } catch {
            throw writeError(error)
        }
        let value: T
        do {
            value = try updates()
        } catch {
            try? execute("ROLLBACK")
            throw writeError(error)
        }
        do {
            try execute("COMMIT")
        } catch {
            throw writeError(error)
        }
        return value
    }

    /// Runs `body` (reads) in one snapshot.
    func read<T>(_ body: () throws -> T) throws -> T {
        do {
            try execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            defer { try? execute("COMMIT") }
            return try body()
        } catch let error as JournalError {
            throw error
        } catch {
            throw JournalError.cannotRead(path, Self.reason(for: error, address: address))
        }
    }

    /// A statement the server refused is `.cannotWrite` (rolled back). A failed connection is
    /// `.ioError`: lost during COMMIT, the transaction may have committed; lost before, the
    /// server rolls it back, but either way the daemon must reconnect and re-read the room, which
    /// is what it does after an I/O error.
    private func writeError(_ error: any Error) -> JournalError {
        if let error = error as? JournalError { return error }
        let reason = Self.reason(for: error, address: address)
        if let error = error as? PSQLError, error.serverInfo?[.sqlState] == Self.fencedState {
            return JournalError.fenced(path, error.serverInfo?[.message] ?? "a newer term leads it")
        }
        if let error = error as? PSQLError, error.code != .server {
            return JournalError.ioError(path, reason)
        }
        if error is Lost { return JournalError.ioError(path, reason) }
        return JournalError.cannotWrite(path, reason)
    }

    /// The SQLSTATE of the fence's refusal (`PostgresSchema.version2`).
    static let fencedState = "GV001"

    // MARK: - Following

    /// Calls `onNotice` (on the connection's thread) whenever the room's primary commits a write:
    /// a standby then reads what it has not applied. The primary notifies in the transaction of
    /// the write, so a notice arrives only once what it announces can be read.
    func listen(onNotice: @escaping @Sendable () -> Void) throws {
        let channel = PostgresJournalAddress.notifyChannel(room: address.room)
        connection.addListener(channel: channel) { _, _ in onNotice() }
        try execute("LISTEN \"\(channel)\"")
    }

    // MARK: - Opening

    /// One daemon per room: a session-level advisory lock on the room, held until the connection
    /// ends. Waits `roomLockWait` for a daemon that has just died to be noticed by the server.
    ///
    /// With `--standby` (`highAvailability`) the lock is shared: a room's primary and standbys
    /// hold it together, and the lease decides which of them leads. A shared lock does not keep a
    /// standby out while a primary cut off from the database still holds it (until TCP gives up),
    /// which an exclusive one would; it only keeps a daemon without `--standby` from joining them
    /// and them from joining it.
    private func takeRoomLock() throws {
        try execute("SET lock_timeout = '\(Self.roomLockWait.nanoseconds / 1_000_000)ms'")
        do {
            var binds = PostgresBindings()
            binds.append(Self.lockKey)
            binds.append(address.room)
            let function = address.highAvailability ? "pg_advisory_lock_shared" : "pg_advisory_lock"
            try query("SELECT \(function)($1, hashtext($2))", binds, within: Self.roomLockWait + Self.replyTimeout)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "55P03" {
            throw JournalError.roomInUse(path, room: address.room, highAvailability: address.highAvailability)
        }
        try execute("RESET lock_timeout")
    }

    /// A server with `fsync` off can lose committed transactions in a crash: say so at start.
    private func warnIfNotDurable() throws {
        let rows = try query("SELECT current_setting('fsync')")
        if let value = try rows.first?[0].decode(String.self), value != "on" {
            logger.warning(
                "the PostgreSQL server runs with fsync off: a crash of its machine may lose acknowledged commands",
                metadata: ["gavel.journal": "\(path)"]
            )
        }
    }

    /// An error from postgres-nio said for an operator. PSQLError's own description hides the
    /// server's message (it may quote data); the journal's messages need it.
    static func reason(for error: any Error, address: PostgresJournalAddress) -> String {
        switch error as? Lost {
        case .noReply:
            return "PostgreSQL at \(address.host):\(address.port) did not answer within "
                + "\(replyTimeout.nanoseconds / 1_000_000_000) s; the connection is given up as lost"
        case .closed:
            return "the connection to PostgreSQL at \(address.host):\(address.port) was lost"
        case .noLogin:
            return "PostgreSQL at \(address.host):\(address.port) took the connection but did not answer the login "
                + "within \(connectTimeout.nanoseconds / 1_000_000_000) s; check that it is PostgreSQL and not overloaded"
        case nil:
            break
        }
        guard let error = error as? PSQLError else {
            if let error = error as? JournalError { return error.message }
            return String(describing: error)
        }
        let server = "\(address.host):\(address.port)"
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? "?"
            let message = error.serverInfo?[.message] ?? "unknown error"
            switch state {
            case "28P01", "28000":
                return "PostgreSQL at \(server) refused the login of '\(address.user)' (\(message)); "
                    + "check the user and password, and pg_hba.conf"
            case "3D000":
                return "PostgreSQL at \(server) has no database '\(address.database)'; create it "
                    + "(createdb \(address.database)) or fix the URL"
            case "53100":
                return "the database server's disk is full (\(message)); free some space on it"
            case "57P01", "57P02", "57P03":
                return "PostgreSQL at \(server) is shutting down or starting (\(message)); try again when it is up"
            default:
                return "PostgreSQL error \(state): \(message)"
            }
        case .connectionError:
            let underlying = error.underlying.map { String(describing: $0) } ?? "no reason given"
            return "cannot connect to PostgreSQL at \(server) (\(underlying)); check that it runs and listens there"
        case .serverClosedConnection, .uncleanShutdown:
            return "the connection to PostgreSQL at \(server) was lost"
        case .clientClosedConnection:
            return "the connection to PostgreSQL at \(server) is closed"
        case .unsupportedAuthMechanism, .authMechanismRequiresPassword, .saslError:
            return "PostgreSQL at \(server) asks for a login gaveld cannot give (\(error.code)); "
                + "put the password in the URL (postgresql://user:password@host/db) or allow the user in pg_hba.conf"
        default:
            return "PostgreSQL at \(server): \(error.code)"
                + (error.underlying.map { " (\($0))" } ?? "")
        }
    }
}
