import Foundation
import GRDB
import GavelCore
import Logging
import Testing

@testable import GavelJournal

/// A journal written by an older Gavel: opened for writing, it is brought to the current schema
/// and keeps everything it held; opened read-only (it cannot be written), it is read as it is.
///
/// `Fixtures/journal-v1.sqlite` was written by gaveld at schema 1 (the commit before schema 2),
/// closed cleanly: a meeting "Version 1 sitting" of two items, and four commands with ids:
/// `v1-refused` (previous before the start: notStarted), `v1-start` (seq 2), `v1-message`
/// ("Written by schema 1", seq 3) and `v1-next` (seq 5).
extension JournalTests {
    /// A copy of the schema 1 journal in a fresh directory (the fixture itself is never opened).
    func version1Journal(in directory: TemporaryDirectory) throws -> String {
        let fixture = try #require(
            Bundle.module.url(forResource: "Fixtures/journal-v1", withExtension: "sqlite"),
            "the schema 1 journal is missing from the test bundle"
        )
        let path = directory.path("journal.sqlite")
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        return path
    }

    static let version1Outcomes: [String: CommandOutcome] = [
        "v1-refused": .rejected(MeetingError(.notStarted, "the meeting has not started; start it first")),
        "v1-start": .accepted(seq: 2),
        "v1-message": .accepted(seq: 3),
        "v1-next": .accepted(seq: 5),
    ]

    @Test func aVersion1JournalIsUpgradedAndKeepsItsMeetingAndCommands() throws {
        let directory = try TemporaryDirectory()
        let path = try version1Journal(in: directory)
        #expect(try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 1)

        let logs = LogRecorder()
        let journal = try Journal(path: path, logger: Logger(label: "test") { _ in logs.handler })
        let migrated = try #require(logs.entries.first { $0.message == "journal schema migrated" })
        #expect(migrated.metadata["gavel.journal.migrations"] == "v2")
        #expect(try journal.database.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 2)

        // Every command answers as before, and has no digest: a retry of it, whatever it
        // carries, is answered from the journal as it was before the upgrade.
        for (id, outcome) in Self.version1Outcomes {
            #expect(try journal.command(id) == RecordedCommand(outcome: outcome, digest: nil), "\(id)")
        }
        let meeting = try #require(try journal.latestMeeting())
        #expect(meeting.agenda.title == "Version 1 sitting")
        #expect(
            meeting.events.map(\.kind) == ["meetingStarted", "itemStarted", "messageShown", "itemEnded", "itemStarted"]
        )
        let state = meeting.replayed()
        #expect(state.currentItem == 1)
        #expect(state.message?.text == "Written by schema 1")

        // New commands keep their digest, beside the old ones.
        let digest = Data(repeating: 0xAB, count: 32)
        let seq = try journal.append(
            [.messageCleared(at: .meeting(60))],
            meeting: meeting.id,
            commandID: "v2-clear",
            digest: digest,
            wall: .meeting(60),
            monotonicNanoseconds: 60
        )
        #expect(seq == 6)
        try journal.close()

        let reopened = try Journal(path: path)
        #expect(try reopened.command("v2-clear") == RecordedCommand(outcome: .accepted(seq: 6), digest: digest))
        #expect(try reopened.command("v1-message") == RecordedCommand(outcome: .accepted(seq: 3), digest: nil))
        try reopened.close()
    }

    /// A read-only mount cannot be migrated: gaveld starts degraded on it, serving the meeting and
    /// answering retries from the journal, which it reads at the schema it has.
    @Test func aVersion1JournalOpenedReadOnlyIsReadAsItIsAndLeftUntouched() throws {
        let directory = try TemporaryDirectory()
        let path = try version1Journal(in: directory)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let journal = try Journal.openReadOnly(path: path)
        #expect(journal.schemaVersion == 1)
        for (id, outcome) in Self.version1Outcomes {
            #expect(try journal.command(id) == RecordedCommand(outcome: outcome, digest: nil), "\(id)")
        }
        #expect(try journal.latestMeeting()?.replayed().message?.text == "Written by schema 1")
        try journal.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func theDigestIsKeptWithAnAcceptedCommandAndARefusedOne() throws {
        let journal = try Journal.inMemory()
        let meeting = try journal.createMeeting(agenda: TestAgendas.short, at: .meeting())
        let accepted = Data((0..<32).map { UInt8($0) })
        let refused = Data(repeating: 7, count: 32)
        try journal.append(
            [.messageShown("Hello", at: .meeting())],
            meeting: meeting,
            commandID: "c1",
            digest: accepted,
            wall: .meeting(),
            monotonicNanoseconds: 1
        )
        let error = MeetingError(.noFloor, "nobody has the floor")
        try journal.recordRejection(commandID: "c2", digest: refused, meeting: meeting, error: error, at: .meeting())

        #expect(try journal.command("c1") == RecordedCommand(outcome: .accepted(seq: 1), digest: accepted))
        #expect(try journal.command("c2") == RecordedCommand(outcome: .rejected(error), digest: refused))
        #expect(try journal.command("c3") == nil)
    }

    /// The column takes a SHA-256 (32 bytes) or nothing: a digest of another length is a bug in
    /// the caller, refused before it is stored.
    @Test func aDigestThatIsNotASHA256IsRefused() throws {
        let journal = try Journal.inMemory()
        let meeting = try journal.createMeeting(agenda: TestAgendas.short, at: .meeting())
        let error = #expect(throws: JournalError.self) {
            try journal.append(
                [.messageShown("Hello", at: .meeting())],
                meeting: meeting,
                commandID: "c1",
                digest: Data(repeating: 1, count: 20),
                wall: .meeting(),
                monotonicNanoseconds: 1
            )
        }
        #expect(error?.kind == .cannotWrite)
        #expect(try journal.command("c1") == nil)
    }
}
