import GRDB

/// The journal's tables and their versions.
///
/// Every migration ends by setting `PRAGMA user_version` to its number, and a journal whose
/// number is above `version` is refused before anything is written to it: an older Gavel must not
/// append rows a newer one would misread. `application_id` marks the file as a Gavel journal, so
/// an unrelated SQLite database given by mistake is refused rather than filled with our tables.
///
/// Migrations are frozen SQL: once released, a migration never changes; a new one is added.
/// Tables are STRICT, so a value of the wrong type is an error when written, not a surprise when
/// replayed.
enum JournalSchema {
    /// The newest schema this build knows.
    static let version = 4

    /// The oldest schema a read-only journal may have: one that cannot be written cannot be
    /// migrated, and every later version only added what reading does without (see `version2`).
    static let oldestReadable = 1

    /// "GAVL", in `PRAGMA application_id`.
    static let applicationID: Int32 = 0x4741_564C

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: version1)
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        migrator.registerMigration("v2") { db in
            try db.execute(sql: version2)
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: version3)
            try db.execute(sql: "PRAGMA user_version = 3")
        }
        migrator.registerMigration("v4") { db in
            try db.execute(sql: version4)
            try db.execute(sql: "PRAGMA user_version = 4")
        }
        return migrator
    }

    /// Refuses a file that is not a Gavel journal, or one written by a newer schema. Runs before
    /// the connection is switched to WAL, so a refused file is left exactly as it was.
    static func checkIdentity(_ db: Database, path: String) throws {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        let hasTables =
            try Bool.fetchOne(
                db,
                sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%')"
            ) ?? false
        if applicationID != Self.applicationID && (applicationID != 0 || hasTables) {
            throw JournalError.notAJournal(path)
        }
        if userVersion > version {
            throw JournalError.newerSchema(path, found: userVersion, known: version)
        }
    }

    // Event columns are documented in `EventColumns`. `meetings.agenda` is the canonical JSON of
    // the agenda the meeting opened with; `title`, `started_at_ms` and `ended_at_ms` follow its
    // events. Instants named `*_ms` are on the daemon's timeline, except `events.wall_ms` (the
    // system clock when written) beside `events.mono_ns` (the boot-time clock when written).
    // `commands` has exactly one of `last_seq` (accepted) and `error_code` (rejected);
    // `received_at_ms` is the instant of its first event, or of its rejection.
    private static let version1 = """
        CREATE TABLE meetings (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            agenda TEXT NOT NULL,
            created_at_ms INTEGER NOT NULL,
            started_at_ms INTEGER,
            ended_at_ms INTEGER
        ) STRICT;

        CREATE TABLE events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            command_id TEXT,
            kind TEXT NOT NULL,
            at_ms INTEGER NOT NULL,
            wall_ms INTEGER NOT NULL,
            mono_ns INTEGER NOT NULL,
            item INTEGER,
            amount_ms INTEGER,
            name TEXT,
            entry_id INTEGER,
            to_index INTEGER,
            text TEXT,
            plan_date TEXT,
            agenda TEXT
        ) STRICT;
        CREATE INDEX events_by_meeting ON events(meeting_id, seq);

        CREATE TABLE commands (
            id TEXT PRIMARY KEY NOT NULL,
            meeting_id INTEGER NOT NULL REFERENCES meetings(id),
            received_at_ms INTEGER NOT NULL,
            last_seq INTEGER,
            error_code TEXT,
            error_message TEXT,
            CHECK ((last_seq IS NULL) <> (error_code IS NULL)),
            CHECK ((error_code IS NULL) = (error_message IS NULL))
        ) STRICT, WITHOUT ROWID;

        CREATE TABLE meta (
            key TEXT PRIMARY KEY NOT NULL,
            value TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        """

    // Each command's digest: SHA-256 of the command and its arguments, not of its id (the daemon's
    // `CommandDigest`), so that an id sent again with a different command is refused instead of
    // being answered as a retry. Commands recorded before this migration have none and are
    // answered as retries, as they were.
    private static let version2 = """
        ALTER TABLE commands ADD COLUMN digest BLOB CHECK (digest IS NULL OR length(digest) = 32);
        """

    // Which displays a message, a blackout or a flash is for (`EventColumns`): NULL for every
    // display, as every row written before holds, so old rows need no rewriting. No CHECK on
    // its values: a newer Gavel's audience is refused when read, naming the row, rather than
    // being impossible to add without another migration.
    private static let version3 = """
        ALTER TABLE events ADD COLUMN audience TEXT;
        """

    // The list of speakers and the floor's speech types (`EventColumns`): who a turn or an
    // inscription speaks for, its speech type, its rank of precedence. NULL in every older row,
    // which read as before: the rules' default type, no delegation, no rank.
    private static let version4 = """
        ALTER TABLE events ADD COLUMN delegation TEXT;
        ALTER TABLE events ADD COLUMN speech TEXT;
        ALTER TABLE events ADD COLUMN rank TEXT;
        """
}
