import Foundation
import GRDB

/// Why the journal could not be opened, written or read.
///
/// The message names the journal's path, says what went wrong in words an operator knows
/// ("the disk is full") and what to do. `kind` is for code that reacts differently to some
/// failures, such as the daemon's exit status when another daemon holds the journal.
public struct JournalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The broad reason, for matching: `error.kind == .inUse`. New kinds may be added.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case inUse, cannotOpen, notAJournal, newerSchema, cannotWrite, ioError, cannotRead, unreadableRecord
            case unknownMeeting, duplicateCommand, fenced
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// Another daemon holds the journal's lock.
        public static let inUse = Kind(.inUse)
        /// The file could not be opened or created.
        public static let cannotOpen = Kind(.cannotOpen)
        /// The file is an SQLite database, but not a Gavel journal.
        public static let notAJournal = Kind(.notAJournal)
        /// The journal was written by a newer Gavel.
        public static let newerSchema = Kind(.newerSchema)
        /// A write failed and was rolled back: nothing of it was stored.
        public static let cannotWrite = Kind(.cannotWrite)
        /// A write failed with an input/output error (SQLITE_IOERR): whether it reached the disk
        /// is unknown. Close the journal and reopen it before going on: the reopened journal
        /// shows what the disk holds, which is what any later start would replay.
        public static let ioError = Kind(.ioError)
        /// A read failed.
        public static let cannotRead = Kind(.cannotRead)
        /// A stored row cannot be decoded by this build.
        public static let unreadableRecord = Kind(.unreadableRecord)
        /// No meeting has the given id.
        public static let unknownMeeting = Kind(.unknownMeeting)
        /// The command id already has an outcome; a retry is answered with it, not applied again.
        public static let duplicateCommand = Kind(.duplicateCommand)
        /// The database refused a write of a deposed primary: another daemon of the room took
        /// the lease (a newer term), or the lease lapsed. Nothing of it was stored.
        public static let fenced = Kind(.fenced)

        public var description: String { base.rawValue }
    }

    public let kind: Kind
    /// What was wrong and what to do, for a person.
    public let message: String

    private init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    // MARK: - Constructors

    static func inUse(_ path: String, pid: Int32?) -> JournalError {
        let owner = pid.map { "pid \($0)" } ?? "pid unknown"
        return JournalError(
            .inUse,
            "another gaveld is using \(path) (\(owner)); stop it first, or give this one another state directory"
        )
    }

    static func roomInUse(_ path: String, room: String, highAvailability: Bool = false) -> JournalError {
        JournalError(
            .inUse,
            highAvailability
                ? "a gaveld without --standby is using \(path); a room's daemons all run with --standby or one "
                    + "runs alone: stop it first, or give this one another room (--room)"
                : "another gaveld is using \(path); stop it first, or give this one another room (--room); "
                    + "to run a standby beside a primary, start both with --standby"
        )
    }

    static func fenced(_ path: String, _ reason: String) -> JournalError {
        JournalError(
            .fenced,
            "\(path) refused the write: this gaveld no longer leads the room (\(reason)); nothing was stored"
        )
    }

    static func notAPostgresJournal(_ path: String) -> JournalError {
        JournalError(
            .notAJournal,
            "cannot open journal \(path): the database has tables named like a Gavel journal's but no "
                + "gavel_journal marker; give gaveld a database of its own"
        )
    }

    static func cannotOpen(_ path: String, _ reason: String) -> JournalError {
        JournalError(.cannotOpen, "cannot open journal \(path): \(reason)")
    }

    static func notAJournal(_ path: String) -> JournalError {
        JournalError(
            .notAJournal,
            "cannot open journal \(path): it is an SQLite database, but not a Gavel journal; "
                + "pick another path, or move the file aside"
        )
    }

    static func newerSchema(_ path: String, found: Int, known: Int) -> JournalError {
        JournalError(
            .newerSchema,
            "cannot open journal \(path): the journal was written by a newer Gavel (schema \(found), this one knows "
                + "\(known)); upgrade gaveld, or move the file aside to start a new journal"
        )
    }

    static func cannotWrite(_ path: String, _ reason: String) -> JournalError {
        JournalError(.cannotWrite, "cannot write to journal \(path), nothing was recorded: \(reason)")
    }

    static func ioError(_ path: String, _ reason: String) -> JournalError {
        JournalError(
            .ioError,
            "cannot write to journal \(path), and whether the write reached the disk is unknown: \(reason)"
        )
    }

    static func cannotRead(_ path: String, _ reason: String) -> JournalError {
        JournalError(.cannotRead, "cannot read journal \(path): \(reason)")
    }

    static func unreadableEvent(_ path: String, seq: Int64, reason: String) -> JournalError {
        JournalError(
            .unreadableRecord,
            "cannot read journal \(path): event \(seq) cannot be decoded: \(reason); "
                + "upgrade gaveld, or restore the journal from a backup"
        )
    }

    static func unreadableRecord(_ path: String, _ what: String, reason: String) -> JournalError {
        JournalError(
            .unreadableRecord,
            "cannot read journal \(path): \(what) cannot be decoded: \(reason); "
                + "upgrade gaveld, or restore the journal from a backup"
        )
    }

    static func unknownMeeting(_ path: String, _ id: Int64) -> JournalError {
        JournalError(.unknownMeeting, "journal \(path) has no meeting \(id); create the meeting first")
    }

    static func duplicateCommand(_ path: String, _ id: String) -> JournalError {
        JournalError(
            .duplicateCommand,
            "command '\(id)' already has an outcome in journal \(path); answer a retry with that outcome "
                + "instead of applying the command again"
        )
    }

    // MARK: - Mapping SQLite and decoding errors

    /// `error` said for an operator: SQLite's result codes become what happened and what to do.
    static func reason(for error: any Error) -> String {
        if let error = error as? DatabaseError { return reason(for: error) }
        if let error = error as? DecodingError { return reason(for: error) }
        return String(describing: error)
    }

    static func reason(for error: DatabaseError) -> String {
        switch error.resultCode {
        case .SQLITE_FULL:
            "the disk is full; free some space, then try again"
        case .SQLITE_READONLY:
            "the file is read-only (a read-only file system, or a file or directory gaveld may not write); "
                + "give gaveld write access to the journal and its directory"
        case .SQLITE_CANTOPEN:
            "the file cannot be opened or created; check that its directory exists and that gaveld may write there"
        case .SQLITE_IOERR:
            "the disk reported an input/output error (\(error.message ?? "I/O error")); check the disk and the "
                + "system log"
        case .SQLITE_CORRUPT:
            "the file is damaged; restore it from a backup, or move it aside to start a new journal"
        case .SQLITE_NOTADB:
            "the file is not an SQLite database; pick another path, or move the file aside"
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            "another process holds the database locked; stop it (fuser shows which), then try again"
        case .SQLITE_PERM, .SQLITE_AUTH:
            "permission denied; give gaveld access to the journal and its directory"
        case .SQLITE_NOMEM:
            "out of memory"
        default:
            "SQLite error \(error.extendedResultCode.rawValue): \(error.message ?? "unknown")"
        }
    }

    private static func reason(for error: DecodingError) -> String {
        let context: DecodingError.Context
        switch error {
        case .dataCorrupted(let c), .keyNotFound(_, let c), .typeMismatch(_, let c), .valueNotFound(_, let c):
            context = c
        @unknown default:
            return String(describing: error)
        }
        let path = context.codingPath.map(\.stringValue).joined(separator: ".")
        return path.isEmpty ? context.debugDescription : "at \(path): \(context.debugDescription)"
    }
}
