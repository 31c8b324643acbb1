import Foundation
import Logging
import PostgresNIO
import Synchronization

/// Which of a room's daemons leads it (`--standby`): a row of `leases` with a term and an expiry
/// by the database's clock, kept on a connection and a thread of its own.
///
/// The primary renews the lease every `LeasePolicy.renewInterval` and acknowledges commands only
/// while `mayAcknowledge(term:)`, which its own monotonic clock decides (`LeaseHold`): it stops
/// before the database could let a standby in, even if it can no longer reach the database. A
/// standby looks every `pollInterval` whether the lease lapsed (`expires_at <= now()`, the
/// database's clock) and then takes it with term + 1. A primary whose renewal finds another term
/// was deposed; it becomes a standby. The database refuses rows written with a stale term
/// (`PostgresSchema.version2`), so even a primary that acknowledged nothing cannot leave a write
/// behind once deposed.
///
/// Renewals run on their own thread and connection so that nothing the daemon's service thread
/// waits for (a slow command, a journal reconnecting) delays them. Changes of role are told to
/// `onChange`, from that thread.
public final class RoomLease: Sendable {
    public enum Role: String, Sendable {
        case primary, standby
    }

    /// What this daemon knows of the room's leadership.
    public struct Status: Sendable, Equatable {
        public var role: Role
        /// This daemon's term as primary; as standby, the last term seen (0: the room was never led).
        public var term: Int64
        /// The URL of the daemon that leads (`--advertise`), nil while none does.
        public var leader: String?
    }

    public enum Change: Sendable, Equatable {
        /// This daemon took the lease with `term`.
        case led(term: Int64)
        /// This daemon lost the lease it held with `term`; it is a standby now.
        case deposed(term: Int64)
        /// As standby, it saw another leader (or none).
        case leaderChanged
    }

    public let address: PostgresJournalAddress
    /// Who holds the lease, as the `leases` row names it: host, process and a random part.
    public let holder: String
    public let advertisedURL: String?
    public let policy: LeasePolicy
    private let logger: Logger
    private let group: MultiThreadedEventLoopGroup
    private let state: Mutex<State>
    /// Signalled when the lease's thread has stopped.
    private let finished = DispatchSemaphore(value: 0)

    private struct State {
        var hold: LeaseHold?
        var status = Status(role: .standby, term: 0, leader: nil)
        var connection: PostgresConnection?
        var onChange: (@Sendable (Change) -> Void)?
        var running = false
        var stopping = false
        var stopped = false
    }

    /// Connects and tries once to take the lease: on return `status` says whether this daemon
    /// leads. Throws a `JournalError` when the database cannot be reached.
    public init(
        address: PostgresJournalAddress,
        advertisedURL: String?,
        policy: LeasePolicy = .standard,
        logger: Logger = Journal.silentLogger
    ) throws {
        self.address = address
        self.advertisedURL = advertisedURL
        self.policy = policy
        self.logger = logger
        let host = ProcessInfo.processInfo.hostName
        holder = "\(host):\(getpid()):\(UInt32.random(in: 0...UInt32.max))"
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        state = Mutex(State())
        do {
            _ = try connection()
            try tick()
        } catch {
            close()
            if let error = error as? JournalError { throw error }
            throw JournalError.cannotOpen(address.description, PostgresJournal.reason(for: error, address: address))
        }
    }

    deinit {
        close()
    }

    public var status: Status { state.withLock { $0.status } }

    /// Whether this daemon may acknowledge a command it journaled with `term`: it holds the lease
    /// with that term, and its own clock says the database cannot yet have let another in.
    public func mayAcknowledge(term: Int64) -> Bool {
        let now = Self.monotonicNow()
        return state.withLock { state in
            guard let hold = state.hold, hold.term == term else { return false }
            return hold.mayAcknowledge(at: now)
        }
    }

    /// Tells `handler` of each change of role from now on (from the lease's thread).
    public func onChange(_ handler: @escaping @Sendable (Change) -> Void) {
        state.withLock { $0.onChange = handler }
    }

    /// Starts renewing (as primary) or watching (as standby), on a thread of its own.
    public func start() {
        let start = state.withLock { state in
            defer { state.running = true }
            return !state.running && !state.stopping
        }
        guard start else { return }
        let thread = Thread { [self] in loop() }
        thread.name = "gavel-lease"
        thread.start()
    }

    /// Stops renewing and watching. With `release`, a primary lets the lease go at once (a clean
    /// shutdown: a standby takes over at its next look rather than at the expiry), after which it
    /// no longer acknowledges anything.
    public func stop(release: Bool) {
        let running = state.withLock { state in
            defer { state.stopping = true }
            return state.running && !state.stopping
        }
        if running { finished.wait() }
        let (hold, connection) = state.withLock { state in
            defer { state.hold = nil }
            return (state.hold, state.connection)
        }
        if release, let hold, let connection, !connection.isClosed {
            var binds = PostgresBindings()
            binds.append(address.room)
            binds.append(hold.term)
            _ = try? query(
                connection,
                "UPDATE leases SET expires_at = now() WHERE room = $1 AND term = $2",
                binds,
                within: .seconds(2)
            )
            logger.info("lease released", metadata: ["gavel.room": "\(address.room)", "gavel.term": "\(hold.term)"])
        }
        close()
    }

    // MARK: - The lease's thread

    private func loop() {
        while !state.withLock({ $0.stopping }) {
            let interval: Duration
            do {
                try tick()
                interval = state.withLock { $0.hold != nil } ? policy.renewInterval : policy.pollInterval
            } catch {
                logger.debug(
                    "lease: the database did not answer",
                    metadata: ["gavel.error": "\(PostgresJournal.reason(for: error, address: address))"]
                )
                dropConnection()
                interval = policy.pollInterval
            }
            Thread.sleep(forTimeInterval: Double(LeaseHold.nanoseconds(interval)) / 1e9)
        }
        finished.signal()
    }

    /// One renewal as primary, or one look as standby.
    private func tick() throws {
        let connection = try connection()
        if let hold = state.withLock({ $0.hold }) {
            try renew(connection, term: hold.term)
        } else {
            try lookOrTake(connection)
        }
    }

    private func renew(_ connection: PostgresConnection, term: Int64) throws {
        let sentAt = Self.monotonicNow()
        var binds = PostgresBindings()
        binds.append(address.room)
        binds.append(term)
        binds.append(Int64(LeaseHold.nanoseconds(policy.duration) / 1_000_000))
        binds.append(advertisedURL)
        let rows = try query(
            connection,
            """
            UPDATE leases SET expires_at = now() + $3 * interval '1 millisecond', leader_url = $4
            WHERE room = $1 AND term = $2 RETURNING term
            """,
            binds,
            within: policy.acknowledgeWindow
        )
        if rows.isEmpty {
            update(Status(role: .standby, term: term, leader: nil), hold: nil, change: .deposed(term: term))
            logger.warning(
                "lease lost: another gaveld leads the room; this one stands by",
                metadata: ["gavel.room": "\(address.room)", "gavel.term": "\(term)"]
            )
        } else {
            state.withLock { $0.hold?.renewed(sentAt: sentAt) }
        }
    }

    /// As standby: reads the lease under a row lock (which waits for a write of the primary in
    /// flight, `PostgresSchema.version2`) and takes it if it lapsed by the database's clock.
    private func lookOrTake(_ connection: PostgresConnection) throws {
        let sentAt = Self.monotonicNow()
        var room = PostgresBindings()
        room.append(address.room)
        try query(connection, "BEGIN")
        do {
            try query(
                connection,
                """
                INSERT INTO leases (room, term, holder, leader_url, expires_at)
                VALUES ($1, 0, '', NULL, '-infinity') ON CONFLICT (room) DO NOTHING
                """,
                room
            )
            let rows = try query(
                connection,
                "SELECT term, leader_url, expires_at <= now() FROM leases WHERE room = $1 FOR UPDATE",
                room
            )
            guard let row = rows.first else { throw JournalError.cannotRead(address.description, "no lease row") }
            let term = try row[0].decode(Int64.self)
            let leader = try row[1].decode(String?.self)
            let lapsed = try row[2].decode(Bool.self)
            guard lapsed else {
                try query(connection, "COMMIT")
                let seen = Status(role: .standby, term: term, leader: leader)
                if seen != status { update(seen, hold: nil, change: .leaderChanged) }
                return
            }
            var binds = PostgresBindings()
            binds.append(address.room)
            binds.append(holder)
            binds.append(advertisedURL)
            binds.append(Int64(LeaseHold.nanoseconds(policy.duration) / 1_000_000))
            let taken = try query(
                connection,
                """
                UPDATE leases SET term = term + 1, holder = $2, leader_url = $3,
                    expires_at = now() + $4 * interval '1 millisecond'
                WHERE room = $1 RETURNING term
                """,
                binds
            )
            try query(connection, "COMMIT")
            guard let newTerm = try taken.first?[0].decode(Int64.self) else { return }
            update(
                Status(role: .primary, term: newTerm, leader: advertisedURL),
                hold: LeaseHold(term: newTerm, sentAt: sentAt, policy: policy),
                change: .led(term: newTerm)
            )
            logger.notice(
                "lease taken: this gaveld leads the room",
                metadata: ["gavel.room": "\(address.room)", "gavel.term": "\(newTerm)", "gavel.holder": "\(holder)"]
            )
        } catch {
            _ = try? query(connection, "ROLLBACK")
            throw error
        }
    }

    private func update(_ status: Status, hold: LeaseHold?, change: Change) {
        let handler = state.withLock { state in
            state.status = status
            state.hold = hold
            return state.onChange
        }
        handler?(change)
    }

    // MARK: - The connection

    private func connection() throws -> PostgresConnection {
        if let connection = state.withLock({ $0.connection }), !connection.isClosed { return connection }
        let configuration = address.connectionConfiguration(connectTimeout: .seconds(1))
        let loop = group.next()
        let connecting = PostgresConnection.connect(on: loop, configuration: configuration, id: 2, logger: logger)
        // The connect timeout covers TCP's handshake only: a server that accepts and then says
        // nothing (a partition) must not hold the lease's thread.
        let promise = loop.makePromise(of: PostgresConnection.self)
        connecting.cascade(to: promise)
        let timeout = loop.scheduleTask(in: .seconds(2)) {
            promise.fail(PostgresJournal.Lost.noReply)
            connecting.whenSuccess { connection in
                let _: EventLoopFuture<Void> = connection.close()
            }
        }
        defer { timeout.cancel() }
        let connection = try promise.futureResult.wait()
        // A takeover waits for a write in flight, not for a lock held by a client gone silent.
        _ = try? query(connection, "SET lock_timeout = '1s'")
        state.withLock { $0.connection = connection }
        return connection
    }

    private func dropConnection() {
        let connection = state.withLock { state in
            defer { state.connection = nil }
            return state.connection
        }
        _ = try? connection?.close().wait()
    }

    private func close() {
        let first = state.withLock { state in
            defer { state.stopped = true }
            return !state.stopped
        }
        guard first else { return }
        dropConnection()
        try? group.syncShutdownGracefully()
    }

    /// Runs a statement, waiting at most `limit` (`PostgresJournal.replyTimeout` by default); a
    /// statement unanswered by then closes the connection (the next tick opens another).
    @discardableResult
    private func query(
        _ connection: PostgresConnection,
        _ sql: String,
        _ binds: PostgresBindings = PostgresBindings(),
        within limit: Duration = .seconds(5)
    ) throws -> [PostgresRandomAccessRow] {
        let future = connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger)
        let promise = future.eventLoop.makePromise(of: PostgresQueryResult.self)
        future.cascade(to: promise)
        let timeout = future.eventLoop.scheduleTask(in: .nanoseconds(Int64(LeaseHold.nanoseconds(limit)))) {
            promise.fail(PostgresJournal.Lost.noReply)
            let _: EventLoopFuture<Void> = connection.close()
        }
        defer { timeout.cancel() }
        return try promise.futureResult.wait().rows.map { $0.makeRandomAccess() }
    }

    static func monotonicNow() -> UInt64 {
        DispatchTime.now().uptimeNanoseconds
    }
}
