import Foundation
import GavelCore
import PostgresNIO

// The journal's records in PostgreSQL: the same rows, in the same transactions, as
// `Journal+Commands`, `Journal+Meetings` and `Journal+Meta` write in SQLite, each scoped to the
// room. The SQLite versions document what each call promises; these keep every promise.
extension PostgresJournal {
    private var room: String { address.room }
    private var term: Int64? { fencingTerm.withLock { $0 } }

    /// Tells the room's standbys, once this transaction commits, that there is more to read.
    private func notifyFollowers() throws {
        var binds = PostgresBindings()
        binds.append(PostgresJournalAddress.notifyChannel(room: room))
        try query("SELECT pg_notify($1, '')", binds)
    }

    func append(
        _ events: [MeetingEvent],
        meeting: Int64,
        commandID: String?,
        digest: Data?,
        wall: Instant,
        monotonicNanoseconds: Int64
    ) throws -> Int64 {
        let rows = events.map(EventColumns.init)
        return try write {
            try requireMeeting(meeting)
            if let commandID { try requireNewCommand(commandID) }
            var lastSeq: Int64?
            for (event, columns) in zip(events, rows) {
                let inserted = try query(
                    Self.insertEventSQL,
                    columns.postgresArguments(
                        meeting: meeting,
                        commandID: commandID,
                        wall: wall,
                        monotonicNanoseconds: monotonicNanoseconds,
                        term: term
                    )
                )
                lastSeq = try inserted.first?[0].decode(Int64.self)
                try updateMeeting(meeting, after: event)
            }
            let seq = try lastSeq ?? lastSequence(ofMeeting: meeting)
            if let commandID {
                var binds = PostgresBindings()
                binds.append(room)
                binds.append(commandID)
                binds.append(meeting)
                binds.append((events.first?.at ?? wall).millisecondsSinceEpoch)
                binds.append(seq)
                try binds.append(digest)
                binds.append(term)
                try query(
                    """
                    INSERT INTO commands (room, id, meeting_id, received_at_ms, last_seq, digest, term)
                    VALUES ($1, $2, $3, $4, $5, $6, $7)
                    """,
                    binds
                )
            }
            try notifyFollowers()
            return seq
        }
    }

    func recordRejection(
        commandID: String,
        digest: Data?,
        meeting: Int64,
        error: MeetingError,
        at instant: Instant
    )
        throws
    {
        try write {
            try requireMeeting(meeting)
            try requireNewCommand(commandID)
            var binds = PostgresBindings()
            binds.append(room)
            binds.append(commandID)
            binds.append(meeting)
            binds.append(instant.millisecondsSinceEpoch)
            binds.append(error.code.rawValue)
            binds.append(error.message)
            try binds.append(digest)
            binds.append(term)
            try query(
                """
                INSERT INTO commands (room, id, meeting_id, received_at_ms, error_code, error_message, digest, term)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """,
                binds
            )
        }
    }

    func command(_ id: String) throws -> RecordedCommand? {
        try read {
            var binds = PostgresBindings()
            binds.append(room)
            binds.append(id)
            let rows = try query(
                "SELECT last_seq, error_code, error_message, digest FROM commands WHERE room = $1 AND id = $2",
                binds
            )
            guard let row = rows.first else { return nil }
            let digest = try row[3].decode(Data?.self)
            if let seq = try row[0].decode(Int64?.self) {
                return RecordedCommand(outcome: .accepted(seq: seq), digest: digest)
            }
            let text = try row[1].decode(String.self)
            guard let code = MeetingError.Code(rawValue: text) else {
                throw JournalError.unreadableRecord(
                    path,
                    "the outcome of command '\(id)'",
                    reason: "its error code '\(text)' is unknown to this Gavel (written by a newer one?)"
                )
            }
            return RecordedCommand(
                outcome: .rejected(MeetingError(code, try row[2].decode(String.self))),
                digest: digest
            )
        }
    }

    // MARK: - Meetings

    func createMeeting(agenda: Agenda, at instant: Instant) throws -> Int64 {
        let text = agenda.journalText
        return try write {
            var binds = PostgresBindings()
            binds.append(room)
            binds.append(agenda.title)
            binds.append(text)
            binds.append(instant.millisecondsSinceEpoch)
            binds.append(term)
            let rows = try query(
                """
                INSERT INTO meetings (room, title, agenda, created_at_ms, term) VALUES ($1, $2, $3, $4, $5)
                RETURNING id
                """,
                binds
            )
            guard let id = try rows.first?[0].decode(Int64.self) else {
                throw JournalError.cannotWrite(path, "PostgreSQL returned no id for the new meeting")
            }
            try notifyFollowers()
            return id
        }
    }

    func latestMeeting() throws -> StoredMeeting? {
        try read {
            var binds = PostgresBindings()
            binds.append(room)
            let rows = try query("SELECT max(id) FROM meetings WHERE room = $1", binds)
            guard let id = try rows.first?[0].decode(Int64?.self) else { return nil }
            return try storedMeeting(id)
        }
    }

    func meeting(id: Int64) throws -> StoredMeeting? {
        try read { try storedMeeting(id) }
    }

    func meetings() throws -> [MeetingSummary] {
        try read {
            var binds = PostgresBindings()
            binds.append(room)
            let rows = try query(
                """
                SELECT id, title, created_at_ms, started_at_ms, ended_at_ms,
                       (SELECT count(*) FROM events WHERE events.meeting_id = meetings.id)
                FROM meetings WHERE room = $1 ORDER BY id
                """,
                binds
            )
            return try rows.map { row in
                MeetingSummary(
                    id: try row[0].decode(Int64.self),
                    title: try row[1].decode(String.self),
                    createdAt: Instant(millisecondsSinceEpoch: try row[2].decode(Int64.self)),
                    startedAt: try row[3].decode(Int64?.self).map(Instant.init(millisecondsSinceEpoch:)),
                    endedAt: try row[4].decode(Int64?.self).map(Instant.init(millisecondsSinceEpoch:)),
                    eventCount: Int(try row[5].decode(Int64.self))
                )
            }
        }
    }

    private func storedMeeting(_ id: Int64) throws -> StoredMeeting? {
        var binds = PostgresBindings()
        binds.append(id)
        binds.append(room)
        let rows = try query(
            "SELECT agenda, created_at_ms, ended_at_ms FROM meetings WHERE id = $1 AND room = $2",
            binds
        )
        guard let row = rows.first else { return nil }
        let agenda: Agenda
        do {
            agenda = try Agenda(journalText: try row[0].decode(String.self))
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
            events: try events(ofMeeting: id),
            createdAt: Instant(millisecondsSinceEpoch: try row[1].decode(Int64.self)),
            endedAt: try row[2].decode(Int64?.self).map(Instant.init(millisecondsSinceEpoch:)),
            lastSequence: try lastSequence(ofMeeting: id)
        )
    }

    /// The room's latest meeting id, and the events of meeting `id` after `seq` with the last
    /// one's seq: what a standby applies to catch up (one snapshot, so the two agree).
    func followUp(meeting id: Int64, after seq: Int64) throws -> JournalFollowUp {
        try read {
            var binds = PostgresBindings()
            binds.append(room)
            let latest = try query("SELECT max(id) FROM meetings WHERE room = $1", binds).first?[0].decode(Int64?.self)
            let events = try events(ofMeeting: id, after: seq)
            return JournalFollowUp(latestMeeting: latest, events: events, lastSequence: try lastSequence(ofMeeting: id))
        }
    }

    private func events(ofMeeting id: Int64, after seq: Int64 = 0) throws -> [MeetingEvent] {
        var binds = PostgresBindings()
        binds.append(id)
        binds.append(seq)
        let rows = try query(
            "SELECT \(EventColumns.selectColumns(schema: JournalSchema.version)) FROM events "
                + "WHERE meeting_id = $1 AND seq > $2 ORDER BY seq",
            binds
        )
        return try rows.map { row in
            let seq = try row[0].decode(Int64.self)
            do {
                return try EventColumns(postgres: row).event()
            } catch let problem as EventColumns.Unreadable {
                throw JournalError.unreadableEvent(path, seq: seq, reason: problem.reason)
            }
        }
    }

    private func lastSequence(ofMeeting id: Int64) throws -> Int64 {
        var binds = PostgresBindings()
        binds.append(id)
        let rows = try query("SELECT max(seq) FROM events WHERE meeting_id = $1", binds)
        return try rows.first?[0].decode(Int64?.self) ?? 0
    }

    private func requireMeeting(_ id: Int64) throws {
        var binds = PostgresBindings()
        binds.append(id)
        binds.append(room)
        let rows = try query("SELECT EXISTS (SELECT 1 FROM meetings WHERE id = $1 AND room = $2)", binds)
        guard try rows.first?[0].decode(Bool.self) == true else { throw JournalError.unknownMeeting(path, id) }
    }

    private func requireNewCommand(_ id: String) throws {
        var binds = PostgresBindings()
        binds.append(room)
        binds.append(id)
        let rows = try query("SELECT EXISTS (SELECT 1 FROM commands WHERE room = $1 AND id = $2)", binds)
        guard try rows.first?[0].decode(Bool.self) == false else { throw JournalError.duplicateCommand(path, id) }
    }

    private func updateMeeting(_ id: Int64, after event: MeetingEvent) throws {
        var binds = PostgresBindings()
        let sql: String
        switch event {
        case .meetingStarted(let at, _):
            sql = "UPDATE meetings SET started_at_ms = $1 WHERE id = $2 AND started_at_ms IS NULL"
            binds.append(at.millisecondsSinceEpoch)
        case .meetingEnded(let at):
            sql = "UPDATE meetings SET ended_at_ms = $1 WHERE id = $2"
            binds.append(at.millisecondsSinceEpoch)
        case .agendaReplaced(let agenda, _):
            sql = "UPDATE meetings SET title = $1 WHERE id = $2"
            binds.append(agenda.title)
        default:
            return
        }
        binds.append(id)
        try query(sql, binds)
    }

    private static let insertEventSQL = """
        INSERT INTO events (meeting_id, command_id, kind, at_ms, wall_ms, mono_ns,
                            item, amount_ms, name, entry_id, to_index, text, plan_date, agenda, audience,
                            delegation, speech, rank, term)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
        RETURNING seq
        """

    // MARK: - Meta

    func value(forMetaKey key: String) throws -> String? {
        try read {
            var binds = PostgresBindings()
            binds.append(room)
            binds.append(key)
            return try query("SELECT value FROM meta WHERE room = $1 AND key = $2", binds).first?[0].decode(String.self)
        }
    }

    func setValue(_ value: String?, forMetaKey key: String) throws {
        try write {
            var binds = PostgresBindings()
            binds.append(room)
            binds.append(key)
            if let value {
                binds.append(value)
                try query(
                    """
                    INSERT INTO meta (room, key, value) VALUES ($1, $2, $3)
                    ON CONFLICT (room, key) DO UPDATE SET value = excluded.value
                    """,
                    binds
                )
            } else {
                try query("DELETE FROM meta WHERE room = $1 AND key = $2", binds)
            }
        }
    }
}

extension EventColumns {
    /// The arguments of `PostgresJournal.insertEventSQL`, in `insertSQL`'s order.
    func postgresArguments(
        meeting: Int64,
        commandID: String?,
        wall: Instant,
        monotonicNanoseconds: Int64,
        term: Int64?
    )
        -> PostgresBindings
    {
        var binds = PostgresBindings(capacity: 19)
        binds.append(meeting)
        binds.append(commandID)
        binds.append(kind)
        binds.append(at.millisecondsSinceEpoch)
        binds.append(wall.millisecondsSinceEpoch)
        binds.append(monotonicNanoseconds)
        binds.append(item.map(Int64.init))
        binds.append(amountMilliseconds)
        binds.append(name)
        binds.append(entryID.map(Int64.init))
        binds.append(toIndex.map(Int64.init))
        binds.append(text)
        binds.append(planDate)
        binds.append(agenda)
        binds.append(audience)
        binds.append(delegation)
        binds.append(speech)
        binds.append(rank)
        binds.append(term)
        return binds
    }

    /// The columns of a row selected with `selectColumns`, as `init(row:)` reads SQLite's.
    init(postgres row: PostgresRandomAccessRow) throws {
        guard let kind = try row[1].decode(String?.self) else { throw Unreadable(reason: "its kind is missing") }
        guard let at = try row[2].decode(Int64?.self) else { throw Unreadable(reason: "its at_ms is missing") }
        self.kind = kind
        self.at = Instant(millisecondsSinceEpoch: at)
        item = try row[3].decode(Int64?.self).map { Int($0) }
        amountMilliseconds = try row[4].decode(Int64?.self)
        name = try row[5].decode(String?.self)
        entryID = try row[6].decode(Int64?.self).map { Int($0) }
        toIndex = try row[7].decode(Int64?.self).map { Int($0) }
        text = try row[8].decode(String?.self)
        planDate = try row[9].decode(String?.self)
        agenda = try row[10].decode(String?.self)
        audience = try row[11].decode(String?.self)
        delegation = try row[12].decode(String?.self)
        speech = try row[13].decode(String?.self)
        rank = try row[14].decode(String?.self)
    }
}
