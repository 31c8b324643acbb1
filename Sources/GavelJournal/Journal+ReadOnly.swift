import Foundation
import GRDB
import Logging

// A journal opened for reading only: when the daemon may not write its state directory (a
// read-only mount, an immutable file, a full or failing disk after an I/O error) it can still
// replay the meeting and serve displays, and refuse commands instead of losing them.
extension Journal {
    /// Opens an existing journal for reading only, without taking its lock, creating any file or
    /// changing its schema. Every write to it fails.
    ///
    /// A journal whose last writer was killed has a write-ahead log (`-wal`) holding its latest
    /// commits; SQLite reads it through the `-shm` index, which it can do read-only when both
    /// files exist. A journal closed cleanly has neither and is opened as immutable, which SQLite
    /// can do on a read-only file system (it could not create the index there).
    ///
    /// Throws a `JournalError` naming the path when the file is absent, is not a journal, has a
    /// schema this build cannot read (newer, or older than `JournalSchema.oldestReadable`), or
    /// cannot be read.
    public static func openReadOnly(path: String, logger: Logger = Journal.silentLogger) throws -> Journal {
        guard FileManager.default.fileExists(atPath: path) else {
            throw JournalError.cannotOpen(path, "it does not exist")
        }
        try requireSQLiteHeaderForReading(path)
        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? nil
        let hasLog = (walSize ?? 0) > 0
        var configuration = Configuration()
        configuration.label = "gavel.journal.readonly"
        configuration.readonly = true
        configuration.prepareDatabase { db in
            try JournalSchema.checkIdentity(db, path: path)
            // An older schema is read as it is (it cannot be migrated without writing): each
            // later version only added what reading can do without.
            let version = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
            guard version >= JournalSchema.oldestReadable else {
                throw JournalError.cannotOpen(
                    path,
                    "it has schema \(version) and this Gavel needs \(JournalSchema.version), which only a "
                        + "writable journal can be brought to"
                )
            }
        }
        let uri = "file:" + percentEncoded(path) + (hasLog ? "?mode=ro" : "?mode=ro&immutable=1")
        let database: DatabaseQueue
        do {
            database = try DatabaseQueue(path: uri, configuration: configuration)
        } catch let error as JournalError {
            throw error
        } catch {
            let reason = JournalError.reason(for: error)
            throw JournalError.cannotOpen(
                path,
                hasLog ? "\(reason) (its write-ahead log \(path)-wal cannot be read read-only)" : reason
            )
        }
        return try Journal(path: path, database: database, lock: nil, logger: logger, readOnly: true)
    }

    /// Refuses a file that does not start like an SQLite database (an empty one is no journal).
    private static func requireSQLiteHeaderForReading(_ path: String) throws {
        guard let file = FileHandle(forReadingAtPath: path) else {
            throw JournalError.cannotOpen(path, "permission denied; give gaveld read access to it")
        }
        defer { try? file.close() }
        let header = (try? file.read(upToCount: 16)) ?? Data()
        guard header == Data("SQLite format 3\0".utf8) else {
            throw JournalError.cannotOpen(path, JournalError.reason(for: DatabaseError(resultCode: .SQLITE_NOTADB)))
        }
    }

    /// The path as an SQLite URI path: `%`, `?` and `#` (and anything not printable ASCII) encoded.
    private static func percentEncoded(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "%?#")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
}
