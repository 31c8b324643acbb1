import GRDB
import GavelCore

// Meetings: created with the agenda they open with, read back whole for replay, listed for the
// history. `meetings.title`, `started_at_ms` and `ended_at_ms` are kept up to date by `append`,
// in the same transaction as the events they come from, so the list needs no scan of events.
extension Journal {
    /// Records a new meeting with the agenda it opens with; returns its id. Ids only grow, so the
    /// newest meeting has the largest id.
    public func createMeeting(agenda: Agenda, at instant: Instant) throws -> Int64 {
        if let postgres { return try postgres.createMeeting(agenda: agenda, at: instant) }
        let text = agenda.journalText
        return try write { db in
            try db.execute(
                sql: "INSERT INTO meetings (title, agenda, created_at_ms) VALUES (?, ?, ?)",
                arguments: [agenda.title, text, instant.millisecondsSinceEpoch]
            )
            return db.lastInsertedRowID
        }
    }

    /// The most recently created meeting with all its events, or nil for an empty journal.
    public func latestMeeting() throws -> StoredMeeting? {
        if let postgres { return try postgres.latestMeeting() }
        return try read { db in
            guard let id = try Int64.fetchOne(db, sql: "SELECT max(id) FROM meetings") else { return nil }
            return try storedMeeting(id, db)
        }
    }

    /// The meeting with this id and all its events, or nil if there is none.
    public func meeting(id: Int64) throws -> StoredMeeting? {
        if let postgres { return try postgres.meeting(id: id) }
        return try read { db in try storedMeeting(id, db) }
    }

    /// Every meeting, oldest first, without its events.
    public func meetings() throws -> [MeetingSummary] {
        if let postgres { return try postgres.meetings() }
        return try read { db in
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT id, title, created_at_ms, started_at_ms, ended_at_ms,
                           (SELECT count(*) FROM events WHERE events.meeting_id = meetings.id)
                    FROM meetings ORDER BY id
                    """
            )
            var summaries: [MeetingSummary] = []
            while let row = try rows.next() {
                summaries.append(
                    MeetingSummary(
                        id: row[0],
                        title: row[1],
                        createdAt: Instant(millisecondsSinceEpoch: row[2]),
                        startedAt: (row[3] as Int64?).map(Instant.init(millisecondsSinceEpoch:)),
                        endedAt: (row[4] as Int64?).map(Instant.init(millisecondsSinceEpoch:)),
                        eventCount: row[5]
                    )
                )
            }
            return summaries
        }
    }

    private func storedMeeting(_ id: Int64, _ db: Database) throws -> StoredMeeting? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT agenda, created_at_ms, ended_at_ms FROM meetings WHERE id = ?",
                arguments: [id]
            )
        else { return nil }
        let agenda: Agenda
        do {
            agenda = try Agenda(journalText: row[0])
        } catch {
            throw JournalError.unreadableRecord(
                path,
                "the agenda of meeting \(id)",
                reason: JournalError.reason(for: error)
            )
        }
        return StoredMeeting(
            id: id,
            agenda: agenda,
            events: try events(ofMeeting: id, db),
            createdAt: Instant(millisecondsSinceEpoch: row[1]),
            endedAt: (row[2] as Int64?).map(Instant.init(millisecondsSinceEpoch:)),
            lastSequence: try Int64.fetchOne(
                db,
                sql: "SELECT max(seq) FROM events WHERE meeting_id = ?",
                arguments: [id]
            ) ?? 0
        )
    }

    private func events(ofMeeting id: Int64, _ db: Database) throws -> [MeetingEvent] {
        let statement = try db.cachedStatement(
            sql:
                "SELECT \(EventColumns.selectColumns(schema: schemaVersion)) FROM events WHERE meeting_id = ? ORDER BY seq"
        )
        let rows = try Row.fetchCursor(statement, arguments: [id])
        var events: [MeetingEvent] = []
        while let row = try rows.next() {
            events.append(try EventColumns.event(from: row, journal: path))
        }
        return events
    }
}
