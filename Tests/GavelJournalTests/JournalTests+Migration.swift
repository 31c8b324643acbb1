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
        #expect(migrated.metadata["gavel.journal.migrations"] == "v2,v3,v4")
        #expect(try journal.database.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 4)

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
            [.messageShown("Hello", audience: .everyone, at: .meeting())],
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
                [.messageShown("Hello", audience: .everyone, at: .meeting())],
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

    // MARK: - Schema 2 to 3: the displays' audience

    /// `Fixtures/journal-v2.sqlite` was written by gaveld at schema 2 (the commit before schema 3),
    /// closed cleanly: a meeting "Version 2 sitting" of two items, and four commands with ids and
    /// digests: `v2-refused` (previous before the start: notStarted), `v2-start` (seq 2),
    /// `v2-message` ("Written by schema 2", seq 3) and `v2-next` (seq 5).
    func version2Journal(in directory: TemporaryDirectory) throws -> String {
        let fixture = try #require(
            Bundle.module.url(forResource: "Fixtures/journal-v2", withExtension: "sqlite"),
            "the schema 2 journal is missing from the test bundle"
        )
        let path = directory.path("journal.sqlite")
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        return path
    }

    @Test func aVersion2JournalGainsTheAudienceAndItsOldMessageIsForEveryone() throws {
        let directory = try TemporaryDirectory()
        let path = try version2Journal(in: directory)
        #expect(try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 2)

        let logs = LogRecorder()
        let journal = try Journal(path: path, logger: Logger(label: "test") { _ in logs.handler })
        let migrated = try #require(logs.entries.first { $0.message == "journal schema migrated" })
        #expect(migrated.metadata["gavel.journal.migrations"] == "v3,v4")
        #expect(try journal.database.read { try Int.fetchOne($0, sql: "PRAGMA user_version") } == 4)

        // The commands keep their outcomes and digests.
        let outcomes: [String: CommandOutcome] = [
            "v2-refused": .rejected(MeetingError(.notStarted, "the meeting has not started; start it first")),
            "v2-start": .accepted(seq: 2), "v2-message": .accepted(seq: 3), "v2-next": .accepted(seq: 5),
        ]
        for (id, outcome) in outcomes {
            let recorded = try #require(try journal.command(id), "\(id)")
            #expect(recorded.outcome == outcome, "\(id)")
            #expect(recorded.digest?.count == 32, "\(id)")
        }
        let meeting = try #require(try journal.latestMeeting())
        #expect(meeting.agenda.title == "Version 2 sitting")
        let state = meeting.replayed()
        #expect(state.currentItem == 1)
        #expect(state.message?.text == "Written by schema 2")
        #expect(state.message?.audience == .everyone)
        #expect(state.blackout == nil && state.lastFlash == nil)

        // What schema 3 adds is journaled beside the old rows and read back after a restart.
        let at = try #require(meeting.events.last?.at) + .seconds(60)
        let added: [MeetingEvent] = [
            .messageShown("Please wrap up", audience: .speaker, at: at),
            .blackoutStarted(audience: .everyone, at: at),
            .displaysFlashed(audience: .speaker, at: at),
        ]
        let seq = try journal.append(
            added,
            meeting: meeting.id,
            commandID: "v3-displays",
            digest: Data(repeating: 0xCD, count: 32),
            wall: at,
            monotonicNanoseconds: 60
        )
        #expect(seq == 8)
        try journal.close()

        let reopened = try Journal(path: path)
        let replayed = try #require(try reopened.latestMeeting())
        #expect(Array(replayed.events.suffix(3)) == added)
        let after = replayed.replayed()
        #expect(after.message == DisplayMessage(text: "Please wrap up", shownAt: at, audience: .speaker))
        #expect(after.blackout == DisplayCue(audience: .everyone, at: at))
        #expect(after.lastFlash == DisplayCue(audience: .speaker, at: at))
        // Everyone is stored as NULL, as before the column existed; the speaker by name.
        let audiences = try reopened.database.read {
            try String?.fetchAll(
                $0,
                sql: "SELECT audience FROM events WHERE seq >= 3 AND kind != 'itemEnded' ORDER BY seq"
            )
        }
        #expect(audiences == [nil, nil, "speaker", nil, "speaker"])
        try reopened.close()
    }

    @Test func aVersion2JournalOpenedReadOnlyIsReadWithoutTheAudience() throws {
        let directory = try TemporaryDirectory()
        let path = try version2Journal(in: directory)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let journal = try Journal.openReadOnly(path: path)
        #expect(journal.schemaVersion == 2)
        let state = try #require(try journal.latestMeeting()).replayed()
        #expect(state.message == DisplayMessage(text: "Written by schema 2", shownAt: state.message!.shownAt))
        try journal.close()
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func anAudienceThisGavelDoesNotKnowIsAnErrorNamingTheRow() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("journal.sqlite")
        let journal = try Journal(path: path)
        let meeting = try journal.createMeeting(agenda: TestAgendas.short, at: .meeting())
        try journal.append(
            [.displaysFlashed(audience: .speaker, at: .meeting(1))],
            meeting: meeting,
            commandID: "f",
            wall: .meeting(1),
            monotonicNanoseconds: 1
        )
        try journal.database.write { try $0.execute(sql: "UPDATE events SET audience = 'balcony'") }
        let error = #expect(throws: JournalError.self) { try journal.latestMeeting() }
        #expect(error.map { "\($0)" }?.contains("audience 'balcony'") == true)
        try journal.close()
    }
}
