import Foundation
import GRDB
import GavelCore
import Testing

@testable import GavelJournal

/// Command outcomes: a retried command id gets the original answer, and a command's events and
/// outcome are stored together or not at all.
extension JournalTests {
    /// Every event of every meeting, on either backend.
    func eventCount(_ journal: Journal) throws -> Int {
        try journal.meetings().map(\.eventCount).reduce(0, +)
    }

    @Test(arguments: JournalBackend.available) func acceptedCommandIsAnsweredWithItsLastSeq(
        _ backend: JournalBackend
    ) throws {
        let place = try JournalPlace(backend)
        let journal = try place.open()
        var meeting = try JournaledMeeting(journal: journal, agenda: TestAgendas.short)
        let started = try meeting.run(.start, at: 0)
        let next = try meeting.run(.next, at: 60)
        #expect(started == .accepted(seq: 2), "start journals meetingStarted and itemStarted")
        #expect(next == .accepted(seq: 4), "next journals itemEnded and itemStarted")
        #expect(try journal.outcome(ofCommand: "cmd-1") == .accepted(seq: 2))
        #expect(try journal.outcome(ofCommand: "cmd-2") == .accepted(seq: 4))
    }

    @Test(arguments: JournalBackend.available) func rejectedCommandIsAnsweredWithTheSameError(
        _ backend: JournalBackend
    ) throws {
        let place = try JournalPlace(backend)
        let journal = try place.open()
        var meeting = try JournaledMeeting(journal: journal, agenda: TestAgendas.short)
        let outcome = try meeting.run(.next, at: 0)
        guard case .rejected(let error) = outcome else {
            Issue.record("next before start was accepted")
            return
        }
        #expect(error.code == .notStarted)
        #expect(try journal.outcome(ofCommand: "cmd-1") == .rejected(error))
        #expect(try eventCount(journal) == 0)
    }

    @Test(arguments: JournalBackend.available) func unknownCommandIDHasNoOutcome(_ backend: JournalBackend) throws {
        let place = try JournalPlace(backend)
        let journal = try place.open()
        #expect(try journal.outcome(ofCommand: "never-sent") == nil)
    }

    @Test func eventsWithoutACommandIDRecordNoOutcome() throws {
        let journal = try Journal.inMemory()
        let meeting = try journal.createMeeting(agenda: TestAgendas.short, at: .meeting())
        let seq = try journal.append(
            [.messageShown("Hello", audience: .everyone, at: .meeting())],
            meeting: meeting,
            commandID: nil,
            wall: .meeting(),
            monotonicNanoseconds: 1
        )
        #expect(seq == 1)
        #expect(try journal.database.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM commands") } == 0)
    }

    @Test(arguments: JournalBackend.available) func aCommandIDIsNeverRecordedTwice(_ backend: JournalBackend) throws {
        let place = try JournalPlace(backend)
        let journal = try place.open()
        var meeting = try JournaledMeeting(journal: journal, agenda: TestAgendas.short)
        try meeting.run(.start, at: 0)
        let retried = #expect(throws: JournalError.self) {
            try journal.append(
                [.meetingPaused(at: .meeting(5))],
                meeting: meeting.id,
                commandID: "cmd-1",
                wall: .meeting(5),
                monotonicNanoseconds: 5
            )
        }
        #expect(retried?.kind == .duplicateCommand)
        #expect(retried?.message.contains("'cmd-1'") == true)
        #expect(throws: JournalError.self) {
            try journal.recordRejection(
                commandID: "cmd-1",
                meeting: meeting.id,
                error: MeetingError(.paused, "paused"),
                at: .meeting(5)
            )
        }
        #expect(try eventCount(journal) == 2)
        #expect(try journal.outcome(ofCommand: "cmd-1") == .accepted(seq: 2))
    }

    @Test(arguments: JournalBackend.available) func appendingToAMeetingThatDoesNotExistIsRefused(
        _ backend: JournalBackend
    ) throws {
        let place = try JournalPlace(backend)
        let journal = try place.open()
        let error = #expect(throws: JournalError.self) {
            try journal.append(
                [.meetingPaused(at: .meeting())],
                meeting: 42,
                commandID: "c",
                wall: .meeting(),
                monotonicNanoseconds: 0
            )
        }
        #expect(error?.kind == .unknownMeeting)
        #expect(try journal.outcome(ofCommand: "c") == nil)
    }

    @Test func aFailureInTheMiddleOfACommandStoresNothingOfIt() throws {
        let journal = try Journal.inMemory()
        var meeting = try JournaledMeeting(journal: journal, agenda: TestAgendas.short)
        try meeting.run(.start, at: 0)
        // "next" journals itemEnded then itemStarted; the second insert fails.
        try journal.database.write { db in
            try db.execute(
                sql: """
                    CREATE TRIGGER fail_second_item BEFORE INSERT ON events WHEN NEW.kind = 'itemStarted'
                    BEGIN SELECT RAISE(ABORT, 'simulated failure'); END
                    """
            )
        }
        let events: [MeetingEvent] = [.itemEnded(index: 0, at: .meeting(60)), .itemStarted(index: 1, at: .meeting(60))]
        let error = #expect(throws: JournalError.self) {
            try journal.append(
                events,
                meeting: meeting.id,
                commandID: "next-1",
                wall: .meeting(60),
                monotonicNanoseconds: 60
            )
        }
        #expect(error?.kind == .cannotWrite)
        #expect(error?.message.contains("nothing was recorded") == true)
        #expect(try eventCount(journal) == 2)
        #expect(try journal.outcome(ofCommand: "next-1") == nil)
        #expect(try journal.latestMeeting()?.events == meeting.events)

        // Once the cause is gone, the same command goes through whole, as if never tried.
        try journal.database.write { try $0.execute(sql: "DROP TRIGGER fail_second_item") }
        let seq = try journal.append(
            events,
            meeting: meeting.id,
            commandID: "next-1",
            wall: .meeting(60),
            monotonicNanoseconds: 60
        )
        #expect(seq == 4)
        #expect(try journal.outcome(ofCommand: "next-1") == .accepted(seq: 4))
    }

    @Test func aFullDiskRefusesTheCommandAndStoresNothingOfIt() throws {
        let directory = try TemporaryDirectory()
        let journal = try Journal(path: directory.path("journal.sqlite"))
        var meeting = try JournaledMeeting(journal: journal, agenda: TestAgendas.short)
        try meeting.run(.start, at: 0)
        // A database that may not grow is what SQLite reports as a full disk (SQLITE_FULL).
        try journal.limitGrowth(toPages: 0)
        let long = String(repeating: "Please keep to time. ", count: 2_000)
        let error = #expect(throws: JournalError.self) {
            try journal.append(
                [.messageShown(long, audience: .everyone, at: .meeting(10))],
                meeting: meeting.id,
                commandID: "message-1",
                wall: .meeting(10),
                monotonicNanoseconds: 10
            )
        }
        #expect(error?.kind == .cannotWrite)
        #expect(error?.message.contains("the disk is full") == true)
        #expect(error?.message.contains(journal.path) == true)
        #expect(try eventCount(journal) == 2)
        #expect(try journal.outcome(ofCommand: "message-1") == nil)
    }
}
