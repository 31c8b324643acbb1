import Foundation
import GRDB
import GavelCore
import Logging
import Testing

@testable import GavelJournal

/// Opening a journal: a file that is not one, or is newer, or cannot be written, is refused with
/// a message naming the path and what to do, and left as it was.
extension JournalTests {
    @Test func aJournalWrittenByANewerGavelIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("journal.sqlite")
        try Journal(path: path).close()
        try DatabaseQueue(path: path).write { try $0.execute(sql: "PRAGMA user_version = 5") }

        let error = #expect(throws: JournalError.self) { try Journal(path: path) }
        #expect(error?.kind == .newerSchema)
        #expect(error?.message.contains(path) == true)
        #expect(error?.message.contains("written by a newer Gavel (schema 5, this one knows 4)") == true)
    }

    /// SQLite itself rejects the text, but takes a one-byte file (`echo > journal.sqlite`) for an
    /// empty database and overwrites it.
    @Test(arguments: [String(repeating: "10:00-10:40 Opening of the hearing\n", count: 200), "\n"])
    func aFileThatIsNotADatabaseIsRefusedAndLeftAlone(content: String) throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("journal.sqlite")
        try Data(content.utf8).write(to: URL(fileURLWithPath: path))

        let error = #expect(throws: JournalError.self) { try Journal(path: path) }
        #expect(error?.kind == .cannotOpen)
        #expect(
            error?.message == "cannot open journal \(path): the file is not an SQLite database; "
                + "pick another path, or move the file aside"
        )
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(content.utf8))
    }

    @Test func anotherApplicationsDatabaseIsRefusedAndLeftAlone() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("notes.sqlite")
        try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE notes (body TEXT)") }

        let error = #expect(throws: JournalError.self) { try Journal(path: path) }
        #expect(error?.kind == .notAJournal)
        #expect(error?.message.contains("not a Gavel journal") == true)
        let tables = try DatabaseQueue(path: path).read {
            try String.fetchAll($0, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(tables == ["notes"])
    }

    @Test func aMissingDirectoryIsAClearError() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("missing/journal.sqlite")
        let error = #expect(throws: JournalError.self) { try Journal(path: path) }
        #expect(error?.kind == .cannotOpen)
        #expect(
            error?.message == "cannot open journal \(path): cannot create its lock file \(path).lock: "
                + "No such file or directory"
        )
    }

    /// Root ignores permission bits, so an immutable directory stands for one the daemon may not write.
    @Test(.enabled(if: Immutable.isSupported, "needs chattr +i (root on a file system with attributes)"))
    func anImmutableDirectoryIsAClearError() throws {
        let directory = try TemporaryDirectory()
        try Immutable.set(directory.url.path)
        defer { try? Immutable.clear(directory.url.path) }
        let path = directory.path("journal.sqlite")

        let error = #expect(throws: JournalError.self) { try Journal(path: path) }
        #expect(
            error?.message == "cannot open journal \(path): cannot create its lock file \(path).lock: "
                + "Operation not permitted"
        )
    }

    @Test(.enabled(if: Immutable.isSupported, "needs chattr +i (root on a file system with attributes)"))
    func anImmutableJournalFileIsAClearError() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("journal.sqlite")
        try Journal(path: path).close()
        try Immutable.set(path)
        defer { try? Immutable.clear(path) }

        // SQLite quietly opens such a file read-only; the journal must refuse at once, not at the
        // first command.
        let error = #expect(throws: JournalError.self) { try Journal(path: path) }
        #expect(error?.kind == .cannotOpen)
        #expect(error?.message.hasPrefix("cannot open journal \(path): the file is read-only") == true)
    }

    @Test func migratingANewJournalIsLoggedAtInfo() throws {
        let logs = LogRecorder()
        _ = try Journal.inMemory(logger: Logger(label: "test") { _ in logs.handler })
        let entry = try #require(logs.entries.first { $0.message == "journal schema migrated" })
        #expect(entry.level == .info)
        #expect(entry.metadata["gavel.journal.migrations"] == "v1,v2,v3,v4")
    }
}
