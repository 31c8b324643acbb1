import Foundation
import GRDB
import GavelCore
import Testing

@testable import GavelJournal

/// The write-ahead log stays small, and the headroom probe proves what a small write cannot:
/// that a command's whole transaction fits.
extension JournalTests {
    func pragma(_ journal: Journal, _ name: String) throws -> Int? {
        try journal.database.read { try Int.fetchOne($0, sql: "PRAGMA \(name)") }
    }

    /// The log is folded back every 64 pages rather than SQLite's 1,000 (about 4 MB, more than a
    /// small state volume), and cut back to 512 KiB after a fold; every commit is still synced.
    @Test func theWriteAheadLogIsFoldedBackEarlyAndCutBackAfter() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("journal.sqlite")
        let journal = try Journal(path: path)
        #expect(try pragma(journal, "wal_autocheckpoint") == 64)
        #expect(try pragma(journal, "journal_size_limit") == 512 * 1024)
        #expect(try pragma(journal, "synchronous") == 2, "FULL, as before")

        var meeting = try JournaledMeeting(journal: journal, agenda: TestAgendas.short)
        try meeting.run(.start, at: 0)
        for second in 1...300 {
            try meeting.run(.showMessage("Message \(second)"), at: Int64(second))
        }
        // 300 commits of four or five pages each would make a log of some 5 MB.
        let log = try #require(try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int)
        #expect(log <= 512 * 1024)
        try journal.close()
        #expect(try Journal(path: path).latestMeeting()?.replayed() == meeting.state)
    }

    @Test func theHeadroomProbeLeavesNoRowAndHoldsTheRoomItProved() throws {
        let directory = try TemporaryDirectory()
        let journal = try Journal(path: directory.path("journal.sqlite"))
        var meeting = try JournaledMeeting(journal: journal, agenda: TestAgendas.short)
        try meeting.run(.start, at: 0)
        let free = try #require(try pragma(journal, "freelist_count"))

        try journal.checkHeadroom(bytes: 200 * 1024)

        #expect(try journal.value(forMetaKey: Journal.headroomProbeKey) == nil)
        // The row's pages are free pages of the file now, for the commands that follow.
        let pageSize = try #require(try pragma(journal, "page_size"))
        #expect(try #require(try pragma(journal, "freelist_count")) >= free + 200 * 1024 / pageSize)
        // The log was folded back: the next commit writes it from its start.
        let (log, folded) = try journal.database.writeWithoutTransaction { try $0.checkpoint(.passive) }
        #expect(log == folded)
        try meeting.run(.next, at: 60)
        #expect(try journal.latestMeeting()?.replayed() == meeting.state)
    }

    /// A small write still fits where a command's does not (here the database may grow by three
    /// pages, as a full disk leaves the log the pages a failed commit wrote): the probe fails like
    /// the command, with the disk's reason, and stores nothing.
    @Test func theHeadroomProbeFailsWhereACommandWouldThoughASmallWriteSucceeds() throws {
        let directory = try TemporaryDirectory()
        let journal = try Journal(path: directory.path("journal.sqlite"))
        var meeting = try JournaledMeeting(journal: journal, agenda: TestAgendas.short)
        try meeting.run(.start, at: 0)
        try journal.limitGrowth(toPages: 3)
        try journal.setValue("small", forMetaKey: "writableCheckedAt")

        let error = #expect(throws: JournalError.self) { try journal.checkHeadroom(bytes: 64 * 1024) }
        #expect(error?.kind == .cannotWrite)
        #expect(error?.message.contains("the disk is full") == true)
        #expect(try journal.value(forMetaKey: Journal.headroomProbeKey) == nil)

        // Room again: the probe passes.
        try journal.limitGrowth(toPages: nil)
        try journal.checkHeadroom(bytes: 64 * 1024)
    }

    @Test func anInMemoryJournalHasNoLogToFoldAndPassesTheProbe() throws {
        let journal = try Journal.inMemory()
        try journal.checkHeadroom(bytes: 64 * 1024)
        #expect(try journal.value(forMetaKey: Journal.headroomProbeKey) == nil)
    }
}
