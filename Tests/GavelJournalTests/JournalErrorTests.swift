import GRDB
import Testing

@testable import GavelJournal

/// SQLite's failures said in words an operator acts on.
@Suite struct JournalErrorTests {
    @Test(arguments: [
        (ResultCode.SQLITE_FULL, "the disk is full"),
        (.SQLITE_READONLY, "read-only"),
        (.SQLITE_READONLY_DBMOVED, "read-only"),
        (.SQLITE_CANTOPEN, "cannot be opened or created"),
        (.SQLITE_IOERR_FSYNC, "input/output error"),
        (.SQLITE_CORRUPT, "damaged"),
        (.SQLITE_NOTADB, "not an SQLite database"),
        (.SQLITE_BUSY, "another process holds the database locked"),
    ])
    func sqliteFailuresAreExplained(code: ResultCode, words: String) {
        let reason = JournalError.reason(for: DatabaseError(resultCode: code))
        #expect(reason.contains(words), "\(code): \(reason)")
        #expect(!reason.contains("SQLite error"), "\(code) fell through to the generic message")
    }

    @Test func aReadOnlyDatabaseSaysSoWhenWritten() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("journal.sqlite")
        try Journal(path: path).close()
        var configuration = Configuration()
        configuration.readonly = true
        let database = try DatabaseQueue(path: path, configuration: configuration)
        let thrown = #expect(throws: DatabaseError.self) {
            try database.writeWithoutTransaction { try $0.execute(sql: "INSERT INTO meta VALUES ('k', 'v')") }
        }
        let error = try #require(thrown)
        #expect(error.resultCode == .SQLITE_READONLY)
        #expect(
            JournalError.cannotWrite(path, JournalError.reason(for: error)).message
                .hasPrefix("cannot write to journal \(path), nothing was recorded: the file is read-only")
        )
    }

    @Test func otherFailuresKeepSQLitesOwnWords() {
        let error = DatabaseError(resultCode: .SQLITE_TOOBIG, message: "string or blob too big")
        let reason = JournalError.reason(for: error)
        #expect(reason == "SQLite error 18: string or blob too big")
    }

    @Test func kindsCompareAndPrint() {
        let error = JournalError.inUse("/var/lib/gavel/journal.sqlite", pid: 4321)
        #expect(error.kind == .inUse)
        #expect(error.kind != .cannotOpen)
        #expect(
            "\(error)" == "another gaveld is using /var/lib/gavel/journal.sqlite (pid 4321); stop it first, "
                + "or give this one another state directory"
        )
    }
}
