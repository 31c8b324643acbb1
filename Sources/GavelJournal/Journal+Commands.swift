import Foundation
import GRDB
import GavelCore

// Commands: their events and their outcome, written together. A retried command id is answered
// from `command(_:)`, never applied twice; the digest stored with it tells a retry (the same
// command) from an id reused for another command.
extension Journal {
    /// Appends a command's events and its outcome in one transaction, synced to disk before it
    /// returns; returns the seq of the last event. Call it before acknowledging or broadcasting.
    ///
    /// With a `commandID`, the command is recorded as accepted at that seq, with its `digest`;
    /// an id that already has an outcome is refused (`.duplicateCommand`): look it up with
    /// `command(_:)` first. A `meetingStarted`, `meetingEnded` or `agendaReplaced` event also
    /// updates the meeting's row.
    ///
    /// When it throws, the transaction is rolled back: nothing of the call is stored, and the
    /// command must be refused, not acknowledged. One case SQLite cannot rule out: when the disk
    /// fails during the final fsync, the commit may still reach the disk (its pages are whole in
    /// the write-ahead log, and a reopened journal recovers them). That error is `.ioError`: close
    /// the journal and reopen it before going on, so the state is rebuilt from what it holds.
    ///
    /// - Parameters:
    ///   - digest: the command's digest (32 bytes, SHA-256), stored with its id.
    ///   - wall: the system's wall clock when written (`wall_ms`), beside the events' own instants.
    ///   - monotonicNanoseconds: the monotonic (boot-time) clock when written (`mono_ns`).
    @discardableResult
    public func append(
        _ events: [MeetingEvent],
        meeting: Int64,
        commandID: String?,
        digest: Data? = nil,
        wall: Instant,
        monotonicNanoseconds: Int64
    ) throws -> Int64 {
        if let postgres {
            return try postgres.append(
                events,
                meeting: meeting,
                commandID: commandID,
                digest: digest,
                wall: wall,
                monotonicNanoseconds: monotonicNanoseconds
            )
        }
        let rows = events.map(EventColumns.init)
        return try write { db in
            // The schema's keys check the meeting and the id as the rows go in (an unknown meeting
            // breaks the events' or the command's foreign key, a recorded id the commands' primary
            // key): two queries a command fewer (`refusal(of:meeting:commandID:)`).
            if events.isEmpty { try requireMeeting(meeting, db) }
            do {
                return try insert(
                    events,
                    rows,
                    meeting: meeting,
                    commandID: commandID,
                    digest: digest,
                    wall: wall,
                    monotonicNanoseconds: monotonicNanoseconds,
                    db
                )
            } catch let error as DatabaseError {
                throw refusal(of: error, meeting: meeting, commandID: commandID) ?? error
            }
        }
    }

    /// `append`'s rows, in its transaction: the events, then the command's outcome. Returns the
    /// seq of the last event.
    private func insert(
        _ events: [MeetingEvent],
        _ rows: [EventColumns],
        meeting: Int64,
        commandID: String?,
        digest: Data?,
        wall: Instant,
        monotonicNanoseconds: Int64,
        _ db: Database
    ) throws -> Int64 {
        let insert = try db.cachedStatement(sql: EventColumns.insertSQL)
        var lastSeq: Int64?
        for (event, columns) in zip(events, rows) {
            try insert.execute(
                arguments: columns.insertArguments(
                    meeting: meeting,
                    commandID: commandID,
                    wall: wall,
                    monotonicNanoseconds: monotonicNanoseconds
                )
            )
            lastSeq = db.lastInsertedRowID
            try updateMeeting(meeting, after: event, db)
        }
        // A command that produced no event (none does today) is answered with the meeting's
        // current position.
        let seq =
            try lastSeq
            ?? Int64.fetchOne(db, sql: "SELECT max(seq) FROM events WHERE meeting_id = ?", arguments: [meeting])
            ?? 0
        if let commandID {
            let record = try db.cachedStatement(
                sql: """
                    INSERT INTO commands (id, meeting_id, received_at_ms, last_seq, digest)
                    VALUES (?, ?, ?, ?, ?)
                    """
            )
            try record.execute(
                arguments: [commandID, meeting, (events.first?.at ?? wall).millisecondsSinceEpoch, seq, digest]
            )
        }
        return seq
    }

    /// What a broken key of `append` means: the meeting is not in the journal,
    /// or the command id already has an outcome. Nil for any other error.
    private func refusal(of error: DatabaseError, meeting: Int64, commandID: String?) -> JournalError? {
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_FOREIGNKEY: JournalError.unknownMeeting(path, meeting)
        case .SQLITE_CONSTRAINT_PRIMARYKEY: commandID.map { JournalError.duplicateCommand(path, $0) }
        default: nil
        }
    }

    /// Records that a command was refused, with its `digest`, so a retry of the same id gets the
    /// same answer. `at` is the daemon-timeline instant the command was refused at.
    public func recordRejection(
        commandID: String,
        digest: Data? = nil,
        meeting: Int64,
        error: MeetingError,
        at instant: Instant
    ) throws {
        if let postgres {
            return try postgres.recordRejection(
                commandID: commandID,
                digest: digest,
                meeting: meeting,
                error: error,
                at: instant
            )
        }
        try write { db in
            try requireMeeting(meeting, db)
            try requireNewCommand(commandID, db)
            try db.execute(
                sql: """
                    INSERT INTO commands (id, meeting_id, received_at_ms, error_code, error_message, digest)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    commandID, meeting, instant.millisecondsSinceEpoch, error.code.rawValue, error.message, digest,
                ]
            )
        }
    }

    /// The recorded outcome of a command id, or nil if the id has never been seen.
    public func outcome(ofCommand id: String) throws -> CommandOutcome? {
        try command(id)?.outcome
    }

    /// What the journal holds for a command id (its outcome and digest), or nil if the id has
    /// never been seen.
    public func command(_ id: String) throws -> RecordedCommand? {
        if let postgres { return try postgres.command(id) }
        // A read-only journal of schema 1 has no digest column: its commands have none.
        let digest = schemaVersion >= 2 ? "digest" : "NULL"
        // Every command with an id asks this once: its statement is compiled once.
        return try lookUp { db in
            let statement = try db.cachedStatement(
                sql: "SELECT last_seq, error_code, error_message, \(digest) FROM commands WHERE id = ?"
            )
            guard let row = try Row.fetchOne(statement, arguments: [id]) else { return nil }
            let stored: Data? = row[3]
            if let seq = row[0] as Int64? { return RecordedCommand(outcome: .accepted(seq: seq), digest: stored) }
            let text: String = row[1]
            guard let code = MeetingError.Code(rawValue: text) else {
                throw JournalError.unreadableRecord(
                    path,
                    "the outcome of command '\(id)'",
                    reason: "its error code '\(text)' is unknown to this Gavel (written by a newer one?)"
                )
            }
            return RecordedCommand(outcome: .rejected(MeetingError(code, row[2])), digest: stored)
        }
    }

    private func requireMeeting(_ id: Int64, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM meetings WHERE id = ?)")
        guard try Bool.fetchOne(statement, arguments: [id]) == true else {
            throw JournalError.unknownMeeting(path, id)
        }
    }

    private func requireNewCommand(_ id: String, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM commands WHERE id = ?)")
        guard try Bool.fetchOne(statement, arguments: [id]) == false else {
            throw JournalError.duplicateCommand(path, id)
        }
    }

    /// Keeps the meeting's row in step with the events that change what the history shows.
    private func updateMeeting(_ id: Int64, after event: MeetingEvent, _ db: Database) throws {
        switch event {
        case .meetingStarted(let at, _):
            try db.execute(
                sql: "UPDATE meetings SET started_at_ms = ? WHERE id = ? AND started_at_ms IS NULL",
                arguments: [at.millisecondsSinceEpoch, id]
            )
        case .meetingEnded(let at):
            try db.execute(
                sql: "UPDATE meetings SET ended_at_ms = ? WHERE id = ?",
                arguments: [at.millisecondsSinceEpoch, id]
            )
        case .agendaReplaced(let agenda, _):
            try db.execute(sql: "UPDATE meetings SET title = ? WHERE id = ?", arguments: [agenda.title, id])
        default:
            break
        }
    }
}
