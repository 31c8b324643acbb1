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

    /// In order of version. Versions need not be consecutive: each runs once, when the database's
    /// version is below it (version 2, a standby's lease, comes from another branch of the work on
    /// issue 24 and takes its place in this list when the branches meet).
    static let migrations: [(version: Int, sql: String)] = [(1, version1), (3, version3)]

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
                // One statement at a time: postgres-nio sends each as a prepared statement, and
                // no statement here has a semicolon but the one that ends it.
                for statement in migration.sql.split(separator: ";\n") {
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
}
