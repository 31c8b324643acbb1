import Foundation
import PostgresNIO

/// The tables of a journal in PostgreSQL and their versions: `JournalSchema`'s rules, kept the
/// way PostgreSQL can.
///
/// The one row of `gavel_journal` holds what SQLite keeps in `PRAGMA application_id` and
/// `user_version`: the marker that the database is a Gavel journal, and its schema version. Every
/// migration ends by setting the version; a database whose version is above `version` is refused
/// before anything is written, and one that has a journal's tables without the marker is
/// refused rather than written into. Migrations are frozen SQL: once released, one never
/// changes; a new one is added. They run in a transaction under an advisory lock, so daemons of
/// several rooms starting together on a new database migrate it once.
///
/// The columns are SQLite's schema 4, with the same names and meanings (`EventColumns`), typed
/// as PostgreSQL types them (BIGINT, TEXT, BYTEA), plus the room: `meetings.room`, and the room in
/// the keys of `commands` and `meta`, whose rows belong to one room each. Events belong to a
/// meeting, and so to its room. Meeting ids and event seqs are drawn from sequences shared by the
/// rooms: they only grow, as in SQLite, with gaps where another room drew.
enum PostgresSchema {
    /// The newest PostgreSQL schema this build knows (numbered apart from SQLite's).
    static let version = 3

    /// Each migration's statements, run in order in one transaction.
    static let migrations: [(version: Int, statements: [String])] = [
        // postgres-nio sends each statement as a prepared statement, one at a time; no statement
        // of version 1 has a semicolon but the one that ends it.
        (1, version1.split(separator: ";\n").map(String.init)),
        (2, version2),
        (3, [version3]),
    ]

    /// Creates or upgrades the schema, or refuses a database that is not a journal or is newer.
    static func migrate(_ journal: PostgresJournal) throws {
        try journal.write {
            var lock = PostgresBindings()
            lock.append(PostgresJournal.lockKey)
            try journal.query("SELECT pg_advisory_xact_lock($1, 0)", lock)
            let found = try currentVersion(journal)
            if found > version {
                throw JournalError.newerSchema(journal.path, found: found, known: version)
            }
            for migration in migrations where migration.version > found {
                for statement in migration.statements {
                    let text = statement.trimmingCharacters(in: .whitespacesAndNewlines)
                    if !text.isEmpty { try journal.execute(text) }
                }
                var binds = PostgresBindings()
                binds.append(migration.version)
                try journal.query("UPDATE gavel_journal SET version = $1", binds)
            }
        }
    }

    /// The venue overview (`PostgresVenueBoard`): one row per room, its latest summary (a
    /// `RoomStatus` in JSON, which readers decode; the table does not know its fields), when it was
    /// published and when the room's daemon was last heard from (null: it said it stopped).
    /// Instants are the database's `now()`, so that staleness does not depend on the machines'
    /// clocks.
    private static let version3 = """
        CREATE TABLE room_status (
            room TEXT PRIMARY KEY,
            summary TEXT NOT NULL,
            updated_at TIMESTAMPTZ NOT NULL,
            alive_at TIMESTAMPTZ
        )
        """

    /// The version in `gavel_journal`; 0 for a database without a journal's tables.
    private static func currentVersion(_ journal: PostgresJournal) throws -> Int {
        let marker = try journal.query("SELECT to_regclass('gavel_journal') IS NOT NULL")
        guard try marker.first?[0].decode(Bool.self) == true else {
            let tables = try journal.query(
                """
                SELECT count(*) FROM pg_tables
                WHERE schemaname = current_schema() AND tablename IN ('meetings', 'events', 'commands', 'meta')
                """
            )
            guard try tables.first?[0].decode(Int64.self) == 0 else {
                throw JournalError.notAPostgresJournal(journal.path)
            }
            return 0
        }
        let rows = try journal.query("SELECT application_id, version FROM gavel_journal")
        guard let row = rows.first, try row[0].decode(Int64.self) == Int64(JournalSchema.applicationID) else {
            throw JournalError.notAPostgresJournal(journal.path)
        }
        return Int(try row[1].decode(Int64.self))
    }

    // Column meanings: see `JournalSchema` and `EventColumns`.
    private static let version1 = """
        CREATE TABLE gavel_journal (
            one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
            application_id BIGINT NOT NULL,
            version BIGINT NOT NULL
        );
        INSERT INTO gavel_journal (application_id, version) VALUES (\(JournalSchema.applicationID), 0);

        CREATE TABLE meetings (
            id BIGSERIAL PRIMARY KEY,
            room TEXT NOT NULL,
            title TEXT NOT NULL,
            agenda TEXT NOT NULL,
            created_at_ms BIGINT NOT NULL,
            started_at_ms BIGINT,
            ended_at_ms BIGINT
        );
        CREATE INDEX meetings_by_room ON meetings(room, id);

        CREATE TABLE events (
            seq BIGSERIAL PRIMARY KEY,
            meeting_id BIGINT NOT NULL REFERENCES meetings(id),
            command_id TEXT,
            kind TEXT NOT NULL,
            at_ms BIGINT NOT NULL,
            wall_ms BIGINT NOT NULL,
            mono_ns BIGINT NOT NULL,
            item BIGINT,
            amount_ms BIGINT,
            name TEXT,
            entry_id BIGINT,
            to_index BIGINT,
            text TEXT,
            plan_date TEXT,
            agenda TEXT,
            audience TEXT,
            delegation TEXT,
            speech TEXT,
            rank TEXT
        );
        CREATE INDEX events_by_meeting ON events(meeting_id, seq);

        CREATE TABLE commands (
            room TEXT NOT NULL,
            id TEXT NOT NULL,
            meeting_id BIGINT NOT NULL REFERENCES meetings(id),
            received_at_ms BIGINT NOT NULL,
            last_seq BIGINT,
            error_code TEXT,
            error_message TEXT,
            digest BYTEA CHECK (digest IS NULL OR length(digest) = 32),
            PRIMARY KEY (room, id),
            CHECK ((last_seq IS NULL) <> (error_code IS NULL)),
            CHECK ((error_code IS NULL) = (error_message IS NULL))
        );

        CREATE TABLE meta (
            room TEXT NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (room, key)
        );
        """

    /// Version 2: the lease that makes one daemon of a room its primary, and the fence that
    /// refuses a deposed primary's writes (docs/reliability.md, "A standby that takes over").
    ///
    /// `leases` has a row per room whose daemons run with `--standby`: the holder's term, who it
    /// is, the URL clients reach it at, and when the lease lapses by the database's clock. A
    /// standby takes a lapsed lease with term + 1. `events`, `meetings` and `commands` rows carry
    /// the term of the primary that wrote them (NULL from a daemon without `--standby`, which the
    /// room's exclusive advisory lock keeps alone). The trigger refuses a row whose term is not
    /// the room's current one, or whose lease has lapsed: it reads the lease row `FOR KEY SHARE`,
    /// which a takeover's `SELECT ... FOR UPDATE` waits for, so a takeover and a stale write
    /// serialise (the write commits before the new term exists, and the new primary reads it; or
    /// it sees the new term and is refused), while a renewal (an UPDATE of a non-key column)
    /// neither waits for writes nor they for it.
    private static let version2 = [
        """
        CREATE TABLE leases (
            room TEXT PRIMARY KEY,
            term BIGINT NOT NULL,
            holder TEXT NOT NULL,
            leader_url TEXT,
            expires_at TIMESTAMPTZ NOT NULL
        )
        """,
        "ALTER TABLE events ADD COLUMN term BIGINT",
        "ALTER TABLE meetings ADD COLUMN term BIGINT",
        "ALTER TABLE commands ADD COLUMN term BIGINT",
        """
        CREATE FUNCTION gavel_fence() RETURNS trigger LANGUAGE plpgsql AS $fence$
        DECLARE
            fenced_room TEXT;
            current_term BIGINT;
            lapsed BOOLEAN;
        BEGIN
            IF NEW.term IS NULL THEN
                RETURN NEW;
            END IF;
            IF TG_TABLE_NAME = 'events' THEN
                SELECT room INTO fenced_room FROM meetings WHERE id = NEW.meeting_id;
            ELSE
                fenced_room := NEW.room;
            END IF;
            SELECT term, expires_at <= now() INTO current_term, lapsed
                FROM leases WHERE room = fenced_room FOR KEY SHARE;
            IF current_term IS NULL OR current_term <> NEW.term OR lapsed THEN
                RAISE EXCEPTION 'room % is led by term %, not by term %, or its lease lapsed',
                    fenced_room, current_term, NEW.term USING ERRCODE = 'GV001';
            END IF;
            RETURN NEW;
        END
        $fence$
        """,
        "CREATE TRIGGER events_fenced BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION gavel_fence()",
        "CREATE TRIGGER meetings_fenced BEFORE INSERT ON meetings FOR EACH ROW EXECUTE FUNCTION gavel_fence()",
        "CREATE TRIGGER commands_fenced BEFORE INSERT ON commands FOR EACH ROW EXECUTE FUNCTION gavel_fence()",
    ]
}
