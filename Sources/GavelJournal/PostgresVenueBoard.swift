import Foundation
import GavelCore
import Logging
import PostgresNIO
import Synchronization

/// One room's summary as the venue's database holds it (`room_status`).
public struct VenueRow: Hashable, Sendable {
    public var room: String
    /// The summary's JSON, as its daemon published it (`RoomStatus`).
    public var summary: String
    /// When it was published, by the database's clock.
    public var updatedAt: Instant
    /// How long since its daemon was last heard from (a summary or a heartbeat), by the
    /// database's clock; nil when its daemon said it stopped.
    public var silentMs: Int64?

    public init(room: String, summary: String, updatedAt: Instant, silentMs: Int64?) {
        self.room = room
        self.summary = summary
        self.updatedAt = updatedAt
        self.silentMs = silentMs
    }
}

/// The venue overview's side of a PostgreSQL journal: publishes this room's summary to
/// `room_status` and announces it on the venue channel, and follows every room's through LISTEN.
///
/// It has a connection of its own, apart from the journal's: the journal's is used synchronously
/// by the daemon's service thread for commands, and the overview must neither wait for a command
/// nor make one wait. Everything here runs on a task of its own; `publish` and `stop` only hand it
/// work. Losing the database is not a journal failure: the board reconnects every second, and the
/// summary published last is written again once it can be.
///
/// - Publishing: `INSERT … ON CONFLICT DO UPDATE` of the room's row and `pg_notify` of the room's
///   name, in one statement (one transaction: the notification goes out when the row is
///   committed). Latest wins: a summary not yet written is replaced by a newer one.
/// - Liveness: the row's `alive_at` is set to the database's `now()` with every summary and every
///   `heartbeatInterval`; a reader counts a room whose `alive_at` is older than `staleAfter` as
///   stale (its daemon died, or lost the database), and one whose `alive_at` is null as stopped.
///   Both instants are the database's, so the machines' clocks do not matter.
/// - Following: LISTEN on the venue channel. A notification names its room, and only that room's
///   row is read again: with every daemon of a venue following every room, reading all rows on
///   each notification made one command cost the venue rooms² row reads. Every `pollInterval` (to
///   see rooms go stale) and on connecting, every row is read. Either way `onRows` gets every
///   room's row as last known, on the board's task.
public final class PostgresVenueBoard: Sendable {
    /// The channel every room announces its summary on; the payload is the room's name.
    public static let channel = "gavel_venue"
    public static let heartbeatInterval = Duration.seconds(5)
    /// Three heartbeats missed.
    public static let staleAfter = Duration.seconds(15)
    static let pollInterval = Duration.seconds(2)
    static let reconnectDelay = Duration.seconds(1)

    private enum Event: Sendable {
        case publish
        /// A room published (its name, the notification's payload).
        case notified(room: String)
        case tick
        case stop
    }

    /// The summary waiting to be written, and whether the board is stopping; shared by the
    /// caller's thread and the board's task.
    private final class Outbox: Sendable {
        private struct Contents {
            var summary: String?
            var stopping = false
            var speaks = true
        }

        private let contents = Mutex(Contents())

        var summary: String? { contents.withLock { $0.speaks ? $0.summary : nil } }
        var stopping: Bool { contents.withLock { $0.stopping } }
        /// Whether this daemon speaks for its room (it leads it): only then does it write its
        /// summary, its heartbeat and, when it stops, that the room stopped.
        var speaks: Bool {
            get { contents.withLock { $0.speaks } }
            set { contents.withLock { $0.speaks = newValue } }
        }

        func put(_ summary: String) {
            contents.withLock { $0.summary = summary }
        }

        /// Clears the summary if it is still `written` (a newer one may have come meanwhile).
        func written(_ written: String) {
            contents.withLock { if $0.summary == written { $0.summary = nil } }
        }

        /// Marks the board stopping; false if it already was.
        func stop() -> Bool {
            contents.withLock { contents in
                defer { contents.stopping = true }
                return !contents.stopping
            }
        }
    }

    public let address: PostgresJournalAddress
    private let outbox = Outbox()
    private let events: AsyncStream<Event>.Continuation
    private let task: Task<Void, Never>
    private let done = DispatchSemaphore(value: 0)

    /// Starts the board for `address.room`; `onRows` gets every room's row (this one's included)
    /// each time they are read.
    public init(address: PostgresJournalAddress, logger: Logger, onRows: @escaping @Sendable ([VenueRow]) -> Void) {
        self.address = address
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(64))
        events = continuation
        let outbox = self.outbox
        let done = self.done
        task = Task.detached {
            await Self.run(
                address: address,
                events: stream,
                continuation: continuation,
                outbox: outbox,
                logger: logger,
                onRows: onRows
            )
            done.signal()
        }
    }

    /// Hands this room's summary (`RoomStatus` JSON) to the board; returns at once.
    public func publish(_ summary: String) {
        outbox.put(summary)
        events.yield(.publish)
    }

    /// Whether this daemon speaks for its room in the overview: a room's standby does not (its
    /// primary does), so that it neither writes summaries nor keeps the room alive, nor says the
    /// room stopped when it stops. It still reads every room's. True from the start.
    public func speaksForRoom(_ speaks: Bool) {
        outbox.speaks = speaks
        if speaks { events.yield(.publish) }
    }

    /// Marks the room's daemon as stopped in the database (its row stays, shown as stopped) and
    /// ends the board; waits up to two seconds for the database.
    public func stop() {
        guard outbox.stop() else { return }
        events.yield(.stop)
        if done.wait(timeout: .now() + 2) == .timedOut { task.cancel() }
    }

    deinit {
        task.cancel()
    }

    // MARK: - The board's task

    private static func run(
        address: PostgresJournalAddress,
        events: AsyncStream<Event>,
        continuation: AsyncStream<Event>.Continuation,
        outbox: Outbox,
        logger: Logger,
        onRows: @escaping @Sendable ([VenueRow]) -> Void
    ) async {
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: pollInterval)
                continuation.yield(.tick)
            }
        }
        defer { ticker.cancel() }
        var iterator = events.makeAsyncIterator()
        var lastWarning: String?
        while !Task.isCancelled {
            do {
                let connection = try await connect(address, logger: logger)
                lastWarning = nil
                let listener = Task {
                    try await connection.listen(on: channel) { notifications in
                        for try await notification in notifications {
                            continuation.yield(.notified(room: notification.payload))
                        }
                    }
                }
                let outcome: Result<Void, any Error>
                do {
                    try await serve(
                        on: connection,
                        room: address.room,
                        events: &iterator,
                        outbox: outbox,
                        logger: logger,
                        onRows: onRows
                    )
                    outcome = .success(())
                } catch {
                    outcome = .failure(error)
                }
                // Closed, and the listener done with it, before the connection is let go
                // (postgres-nio asserts that a connection is closed before it is freed).
                listener.cancel()
                try? await connection.close()
                _ = await listener.result
                try outcome.get()
                return
            } catch {
                if outbox.stopping { return }
                let reason = PostgresJournal.reason(for: error, address: address)
                if reason != lastWarning {
                    logger.warning(
                        "the venue overview lost the database; reconnecting",
                        metadata: ["gavel.journal": "\(address)", "gavel.reason": "\(reason)"]
                    )
                    lastWarning = reason
                }
                try? await Task.sleep(for: reconnectDelay)
            }
        }
    }

    /// The board's work on one connection, until it stops (returns) or the connection fails
    /// (throws).
    private static func serve(
        on connection: PostgresConnection,
        room: String,
        events iterator: inout AsyncStream<Event>.Iterator,
        outbox: Outbox,
        logger: Logger,
        onRows: @Sendable ([VenueRow]) -> Void
    ) async throws {
        // What was published while the connection was down (else a sign of life: the room may
        // have looked stale meanwhile), and the rows as they are now.
        if try await !flush(outbox, room: room, on: connection, logger: logger), outbox.speaks {
            try await heartbeat(room, on: connection, logger: logger)
        }
        var known = KnownRows()
        known.replaceAll(try await rows(on: connection, logger: logger))
        onRows(known.rows())
        var lastHeard = ContinuousClock.now
        while let event = await iterator.next() {
            switch event {
            case .publish:
                if try await flush(outbox, room: room, on: connection, logger: logger) { lastHeard = .now }
            case .notified(let notified):
                known.replace(notified, with: try await rows(on: connection, only: notified, logger: logger).first)
                onRows(known.rows())
            case .tick:
                if outbox.speaks && ContinuousClock.now - lastHeard >= heartbeatInterval {
                    try await heartbeat(room, on: connection, logger: logger)
                    lastHeard = .now
                }
                known.replaceAll(try await rows(on: connection, logger: logger))
                onRows(known.rows())
            case .stop:
                try await flush(outbox, room: room, on: connection, logger: logger)
                if outbox.speaks { try await markStopped(room, on: connection, logger: logger) }
                return
            }
        }
    }

    private static func connect(_ address: PostgresJournalAddress, logger: Logger) async throws -> PostgresConnection {
        let configuration = address.connectionConfiguration(connectTimeout: .seconds(10))
        return try await PostgresConnection.connect(configuration: configuration, id: 2, logger: logger)
    }

    /// Writes the summary waiting in the outbox, if any, and announces it; true if it wrote.
    @discardableResult
    private static func flush(
        _ outbox: Outbox,
        room: String,
        on connection: PostgresConnection,
        logger: Logger
    ) async throws -> Bool {
        guard let summary = outbox.summary else { return false }
        var binds = PostgresBindings()
        binds.append(room)
        binds.append(summary)
        binds.append(channel)
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    WITH up AS (
                        INSERT INTO room_status (room, summary, updated_at, alive_at) VALUES ($1, $2, now(), now())
                        ON CONFLICT (room) DO UPDATE SET summary = EXCLUDED.summary, updated_at = now(), alive_at = now()
                        RETURNING room
                    )
                    SELECT pg_notify($3, room) FROM up
                    """,
                binds: binds
            ),
            logger: logger
        )
        outbox.written(summary)
        return true
    }

    private static func heartbeat(_ room: String, on connection: PostgresConnection, logger: Logger) async throws {
        var binds = PostgresBindings()
        binds.append(room)
        try await connection.query(
            PostgresQuery(unsafeSQL: "UPDATE room_status SET alive_at = now() WHERE room = $1", binds: binds),
            logger: logger
        )
    }

    private static func markStopped(_ room: String, on connection: PostgresConnection, logger: Logger) async throws {
        var binds = PostgresBindings()
        binds.append(room)
        binds.append(channel)
        try await connection.query(
            PostgresQuery(
                unsafeSQL: """
                    WITH up AS (UPDATE room_status SET alive_at = NULL WHERE room = $1 RETURNING room)
                    SELECT pg_notify($2, room) FROM up
                    """,
                binds: binds
            ),
            logger: logger
        )
    }

    /// Every room's row (or only `room`'s), by name, with how long each has been silent by the
    /// database's clock.
    private static func rows(
        on connection: PostgresConnection,
        only room: String? = nil,
        logger: Logger
    ) async throws -> [VenueRow] {
        let columns = """
            SELECT room, summary, (extract(epoch FROM updated_at) * 1000)::BIGINT,
                (extract(epoch FROM (now() - alive_at)) * 1000)::BIGINT
            FROM room_status
            """
        var binds = PostgresBindings()
        if let room { binds.append(room) }
        let result = try await connection.query(
            PostgresQuery(
                unsafeSQL: room == nil ? "\(columns) ORDER BY room" : "\(columns) WHERE room = $1",
                binds: binds
            ),
            logger: logger
        )
        var rows: [VenueRow] = []
        for try await (room, summary, updatedMs, silentMs) in result.decode((String, String, Int64, Int64?).self) {
            rows.append(
                VenueRow(
                    room: room,
                    summary: summary,
                    updatedAt: Instant(millisecondsSinceEpoch: updatedMs),
                    silentMs: silentMs.map { max(0, $0) }
                )
            )
        }
        return rows
    }
}

/// Every room's row as the venue board last read it, and when (its monotonic clock): a room not
/// read again since has been silent that much longer.
struct KnownRows {
    private var byRoom: [String: (row: VenueRow, readAt: ContinuousClock.Instant)] = [:]

    /// Every row was read at `now`; rooms not among them are gone.
    mutating func replaceAll(_ rows: [VenueRow], now: ContinuousClock.Instant = .now) {
        byRoom = Dictionary(rows.map { ($0.room, ($0, now)) }, uniquingKeysWith: { $1 })
    }

    /// `room`'s row was read again at `now`: nil when it is gone.
    mutating func replace(_ room: String, with row: VenueRow?, now: ContinuousClock.Instant = .now) {
        byRoom[room] = row.map { ($0, now) }
    }

    /// Every row by room name, their silences counted on to `now`.
    func rows(now: ContinuousClock.Instant = .now) -> [VenueRow] {
        byRoom.values.sorted { $0.row.room < $1.row.room }.map { known in
            var row = known.row
            row.silentMs = row.silentMs.map { $0 + (now - known.readAt).milliseconds }
            return row
        }
    }
}
