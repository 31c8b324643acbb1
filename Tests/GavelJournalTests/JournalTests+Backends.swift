import Foundation
import GavelCore
import Testing

@testable import GavelJournal

/// What holds for both backends beyond the meeting tests (digests), and what is PostgreSQL's
/// own: rooms, one daemon per room, its schema's version, and its errors.
extension JournalTests {
    @Test(arguments: JournalBackend.available)
    func aCommandsDigestIsStoredWithItsOutcome(_ backend: JournalBackend) throws {
        let place = try JournalPlace(backend)
        let journal = try place.open()
        let meeting = try journal.createMeeting(agenda: TestAgendas.short, at: .meeting())
        let accepted = Data((0..<32).map { UInt8($0) })
        let refused = Data(repeating: 0xAB, count: 32)
        let seq = try journal.append(
            [.meetingPaused(at: .meeting(1))],
            meeting: meeting,
            commandID: "a",
            digest: accepted,
            wall: .meeting(1),
            monotonicNanoseconds: 1
        )
        let error = MeetingError(.paused, "the meeting is paused")
        try journal.recordRejection(commandID: "r", digest: refused, meeting: meeting, error: error, at: .meeting(2))
        try journal.close()

        let reopened = try place.open()
        #expect(try reopened.command("a") == RecordedCommand(outcome: .accepted(seq: seq), digest: accepted))
        #expect(try reopened.command("r") == RecordedCommand(outcome: .rejected(error), digest: refused))
        // A digest that is not SHA-256's 32 bytes is refused by both schemas, storing nothing.
        #expect(throws: JournalError.self) {
            try reopened.append(
                [.meetingResumed(at: .meeting(3))],
                meeting: meeting,
                commandID: "short",
                digest: Data([1, 2, 3]),
                wall: .meeting(3),
                monotonicNanoseconds: 3
            )
        }
        #expect(try reopened.command("short") == nil)
        #expect(try reopened.meeting(id: meeting)?.events == [.meetingPaused(at: .meeting(1))])
    }

    @Test(.enabled(if: JournalBackend.available.contains(.postgres)))
    func roomsSharingADatabaseAreKeptApart() throws {
        let place = try JournalPlace(.postgres, room: "hall-a")
        let hallA = try place.open()
        let hallB = try place.open(room: "hall-b")
        var meetingA = try JournaledMeeting(journal: hallA, agenda: TestAgendas.short)
        try meetingA.run(.start, at: 0)
        #expect(try hallB.latestMeeting() == nil)
        #expect(try hallB.meeting(id: meetingA.id) == nil, "another room's meeting is not this room's")
        #expect(try hallB.outcome(ofCommand: "cmd-1") == nil)
        var meetingB = try JournaledMeeting(journal: hallB, agenda: TestAgendas.full)
        // The same command id in another room is another command.
        #expect(try meetingB.run(.start, at: 5).isAccepted)
        try hallB.setValue("b", forMetaKey: "clock.anchor")
        #expect(try hallA.value(forMetaKey: "clock.anchor") == nil)

        #expect(try hallA.meetings().map(\.id) == [meetingA.id])
        #expect(try hallB.meetings().map(\.id) == [meetingB.id])
        #expect(try hallA.latestMeeting()?.replayed() == meetingA.state)
        #expect(try hallB.latestMeeting()?.replayed() == meetingB.state)
        #expect(throws: JournalError.self) {
            try hallB.append(
                [.meetingPaused(at: .meeting(9))],
                meeting: meetingA.id,
                commandID: nil,
                wall: .meeting(9),
                monotonicNanoseconds: 9
            )
        }
    }

    @Test(.enabled(if: JournalBackend.available.contains(.postgres)))
    func aRoomIsJournaledByOneDaemonAtATime() throws {
        let place = try JournalPlace(.postgres)
        let first = try place.open()
        let error = #expect(throws: JournalError.self) { try place.open() }
        #expect(error?.kind == .inUse)
        #expect(error?.message.contains("room main") == true)
        // Another room of the same database is free, and the room is once its daemon lets go.
        _ = try place.open(room: "annex")
        try first.close()
        _ = try place.open()
    }

    /// As `aFailureInTheMiddleOfACommandStoresNothingOfIt`, with PostgreSQL's own trigger.
    @Test(.enabled(if: JournalBackend.available.contains(.postgres)))
    func aFailureInTheMiddleOfACommandStoresNothingOfItInPostgreSQL() throws {
        let place = try JournalPlace(.postgres)
        let journal = try place.open()
        var meeting = try JournaledMeeting(journal: journal, agenda: TestAgendas.short)
        try meeting.run(.start, at: 0)
        // "next" journals itemEnded then itemStarted; the second insert fails.
        try journal.postgres!.execute(
            """
            CREATE FUNCTION fail_item() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'simulated failure'; END $$
            """
        )
        try journal.postgres!.execute(
            """
            CREATE TRIGGER fail_second_item BEFORE INSERT ON events
            FOR EACH ROW WHEN (NEW.kind = 'itemStarted') EXECUTE FUNCTION fail_item()
            """
        )
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
        #expect(error?.message.contains("simulated failure") == true)
        #expect(try eventCount(journal) == 2)
        #expect(try journal.outcome(ofCommand: "next-1") == nil)
        #expect(try journal.latestMeeting()?.events == meeting.events)

        // Once the cause is gone, the same command goes through whole, on the same connection.
        try journal.postgres!.execute("DROP TRIGGER fail_second_item ON events")
        let seq = try journal.append(
            events,
            meeting: meeting.id,
            commandID: "next-1",
            wall: .meeting(60),
            monotonicNanoseconds: 60
        )
        #expect(try journal.outcome(ofCommand: "next-1") == .accepted(seq: seq))
        #expect(try journal.latestMeeting()?.events == meeting.events + events)
    }

    @Test(.enabled(if: JournalBackend.available.contains(.postgres)))
    func aNewerSchemaIsRefusedAndLeftAsItWas() throws {
        let place = try JournalPlace(.postgres)
        let journal = try place.open()
        try journal.postgres!.execute("UPDATE gavel_journal SET version = 99")
        try journal.close()
        let error = #expect(throws: JournalError.self) { try place.open() }
        #expect(error?.kind == .newerSchema)
        #expect(error?.message.contains("schema 99") == true)
    }

    @Test(.enabled(if: JournalBackend.available.contains(.postgres)))
    func aSchema2DatabaseGainsTheVenueTable() throws {
        let place = try JournalPlace(.postgres)
        let journal = try place.open()
        #expect(try journal.postgres!.query("SELECT version FROM gavel_journal").first?[0].decode(Int64.self) == 3)
        // As a Gavel before the venue overview left it: schema 2 (leases), without room_status.
        try journal.postgres!.execute("DROP TABLE room_status")
        try journal.postgres!.execute("UPDATE gavel_journal SET version = 2")
        try journal.close()

        let reopened = try place.open()
        let version = try reopened.postgres!.query("SELECT version FROM gavel_journal")
        #expect(try version.first?[0].decode(Int64.self) == Int64(PostgresSchema.version))
        let table = try reopened.postgres!.query("SELECT to_regclass('room_status') IS NOT NULL")
        #expect(try table.first?[0].decode(Bool.self) == true)
        // Each migration runs once, in order of version.
        #expect(PostgresSchema.migrations.map(\.version) == PostgresSchema.migrations.map(\.version).sorted())
        #expect(Set(PostgresSchema.migrations.map(\.version)).count == PostgresSchema.migrations.count)
    }

    @Test(.enabled(if: JournalBackend.available.contains(.postgres)))
    func aDatabaseWithOtherTablesOfTheSameNamesIsNotAJournal() throws {
        let place = try JournalPlace(.postgres)
        let journal = try place.open()
        try journal.postgres!.execute("DROP TABLE gavel_journal")
        try journal.close()
        let error = #expect(throws: JournalError.self) { try place.open() }
        #expect(error?.kind == .notAJournal)
    }

    @Test(.enabled(if: JournalBackend.available.contains(.postgres)))
    func everySessionCommitsSynchronously() throws {
        let place = try JournalPlace(.postgres)
        let journal = try place.open()
        let rows = try journal.postgres!.query("SELECT current_setting('synchronous_commit')")
        #expect(try rows.first?[0].decode(String.self) == "on")
    }

    @Test func anUnreachableServerIsNamedInTheError() throws {
        // A port nothing listens on: a socket bound and never listened.
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(bound == 0)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        let port = Int(UInt16(bigEndian: address.sin_port))
        let url = "postgresql://gavel:secret@127.0.0.1:\(port)/venue"
        let error = #expect(throws: JournalError.self) {
            try Journal(postgres: try PostgresJournalAddress(url: url))
        }
        #expect(error?.kind == .cannotOpen)
        #expect(error?.message.contains("cannot connect to PostgreSQL at 127.0.0.1:\(port)") == true)
        #expect(error?.message.contains("secret") == false, "the password is never shown")
    }

    @Test(arguments: [
        ("postgresql://host/db", "names no user"),
        ("postgresql://gavel@/db", "names no host"),
        ("postgresql://gavel@host:99999/db", "port 99999"),
        ("postgresql://gavel@host/db?sslmode=require", "has options"),
        ("postgresql://gavel@host/db/extra", "more than a database name"),
        ("postgresql://gavel:hunter2@host:notaport/db", "is not a URL"),
    ])
    func aMalformedURLIsRefusedSayingWhy(_ url: String, _ reason: String) throws {
        let error = #expect(throws: PostgresJournalAddress.Invalid.self) { try PostgresJournalAddress(url: url) }
        #expect(error?.reason.contains(reason) == true, "\(error?.reason ?? "")")
        #expect(error?.reason.contains("hunter2") == false)
    }

    @Test func aURLGivesTheServerUserDatabaseAndRoom() throws {
        let address = try PostgresJournalAddress(url: "postgres://chair:pw@db.venue:6543/gavel", room: "hall-2")
        #expect(address.host == "db.venue" && address.port == 6543)
        #expect(address.user == "chair" && address.password == "pw" && address.database == "gavel")
        #expect(address.description == "postgresql://chair@db.venue:6543/gavel (room hall-2)")
        let defaults = try PostgresJournalAddress(url: "postgresql://chair@db.venue")
        #expect(defaults.port == 5432 && defaults.database == "chair" && defaults.room == "main")
        #expect(throws: PostgresJournalAddress.Invalid.self) {
            try PostgresJournalAddress(url: "postgresql://a@b/c", room: "a b")
        }
    }
}
