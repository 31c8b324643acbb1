import Foundation
import GavelCore
import PostgresNIO
import Synchronization
import Testing

@testable import GavelJournal

/// The lease of `--standby` (`RoomLease`, `LeaseHold`) and the database's fence: the arithmetic
/// alone, then against the test PostgreSQL server.
@Suite struct RoomLeaseTests {
    private static let policy = LeasePolicy.standard
    private static let second: UInt64 = 1_000_000_000

    @Test func aPrimaryStopsAcknowledgingAMarginBeforeTheLeaseCanLapse() {
        let policy = LeasePolicy(
            duration: .milliseconds(1500),
            renewInterval: .milliseconds(250),
            pollInterval: .milliseconds(100),
            margin: .milliseconds(300)
        )
        var hold = LeaseHold(term: 3, sentAt: 10 * Self.second, policy: policy)
        // Taken at 10 s: the database's expiry is at least 11.5 s; the primary stops at 11.2 s.
        #expect(hold.mayAcknowledge(at: 11 * Self.second))
        #expect(hold.mayAcknowledge(at: 11_199_999_999))
        #expect(!hold.mayAcknowledge(at: 11_200_000_000))
        // A renewal sent at 11 s pushes it to 12.2 s; one sent earlier but answered later does not
        // pull it back.
        hold.renewed(sentAt: 11 * Self.second)
        hold.renewed(sentAt: 10_500_000_000)
        #expect(hold.mayAcknowledge(at: 12 * Self.second))
        #expect(!hold.mayAcknowledge(at: 12_200_000_000))
        #expect(hold.acknowledgeUntil == 12_200_000_000)
    }

    @Test func theStandardPolicyRenewsSeveralTimesWithinTheWindow() {
        let policy = LeasePolicy.standard
        #expect(policy.acknowledgeWindow == .milliseconds(900))
        #expect(policy.renewInterval * 4 <= policy.acknowledgeWindow)
        #expect(policy.margin > .zero && policy.margin < policy.duration)
    }

    @Test(.enabled(if: JournalBackend.available.contains(.postgres)))
    func aWriteWithAStaleTermIsRefusedByTheDatabase() throws {
        let place = try JournalPlace(.postgres)
        let address = try Self.highlyAvailable(place)
        let journal = try Journal(postgres: address)
        let lease = try RoomLease(address: address, advertisedURL: "http://a:1")
        defer { lease.stop(release: true) }
        #expect(lease.status.role == .primary)
        let term = lease.status.term
        journal.fence(term: term)
        let meeting = try journal.createMeeting(agenda: TestAgendas.short, at: .meeting())
        _ = try journal.append(
            [.meetingStarted(at: .meeting(1), planDate: LocalDate(year: 2026, month: 3, day: 10)!)],
            meeting: meeting,
            commandID: "start",
            wall: .meeting(1),
            monotonicNanoseconds: 1
        )

        // Another daemon takes over (what a standby's takeover writes).
        try journal.postgres!.execute("UPDATE leases SET term = term + 1, expires_at = now() + interval '1 minute'")
        let error = #expect(throws: JournalError.self) {
            try journal.append(
                [.meetingPaused(at: .meeting(2))],
                meeting: meeting,
                commandID: "pause",
                wall: .meeting(2),
                monotonicNanoseconds: 2
            )
        }
        #expect(error?.kind == .fenced)
        #expect(error?.message.contains("no longer leads") == true)
        #expect(try journal.command("pause") == nil, "nothing of the refused command is stored")
        #expect(throws: JournalError.self) {
            try journal.recordRejection(
                commandID: "late",
                digest: nil,
                meeting: meeting,
                error: MeetingError(.paused, "paused"),
                at: .meeting(3)
            )
        }
        #expect(throws: JournalError.self) { try journal.createMeeting(agenda: TestAgendas.short, at: .meeting(4)) }

        // With the current term it is taken; and a lease that lapsed takes nothing, even with it.
        journal.fence(term: term + 1)
        _ = try journal.append(
            [.meetingPaused(at: .meeting(5))],
            meeting: meeting,
            commandID: "pause",
            wall: .meeting(5),
            monotonicNanoseconds: 5
        )
        try journal.postgres!.execute("UPDATE leases SET expires_at = now() - interval '1 second'")
        let lapsed = #expect(throws: JournalError.self) {
            try journal.append(
                [.meetingResumed(at: .meeting(6))],
                meeting: meeting,
                commandID: "resume",
                wall: .meeting(6),
                monotonicNanoseconds: 6
            )
        }
        #expect(lapsed?.kind == .fenced)
        #expect(
            try journal.latestMeeting()?.events == [
                .meetingStarted(at: .meeting(1), planDate: LocalDate(year: 2026, month: 3, day: 10)!),
                .meetingPaused(at: .meeting(5)),
            ]
        )
    }

    @Test(.enabled(if: JournalBackend.available.contains(.postgres)))
    func aStandbyTakesTheLeaseOnlyOnceItLapsedByTheDatabasesClock() throws {
        let place = try JournalPlace(.postgres)
        let address = try Self.highlyAvailable(place)
        let journal = try Journal(postgres: address)
        let first = try RoomLease(address: address, advertisedURL: "http://a:1")
        #expect(first.status == RoomLease.Status(role: .primary, term: 1, leader: "http://a:1"))
        first.start()
        let second = try RoomLease(address: address, advertisedURL: "http://b:2")
        defer { second.stop(release: true) }
        #expect(second.status == RoomLease.Status(role: .standby, term: 1, leader: "http://a:1"))
        second.start()
        // The first dies without a word: its last expiry, by the database's clock, stands.
        first.stop(release: false)
        let lastExpiry = try Self.expiresAtMicroseconds(journal)

        try Self.waitUntil { second.status.role == .primary }
        #expect(second.status == RoomLease.Status(role: .primary, term: 2, leader: "http://b:2"))
        #expect(second.mayAcknowledge(term: 2))
        #expect(!first.mayAcknowledge(term: 1))
        // The second took it at the database's now() = its new expiry minus the duration, which
        // was not before the first's expiry.
        let takenAt =
            try Self.expiresAtMicroseconds(journal) - Int64(LeaseHold.nanoseconds(Self.policy.duration) / 1000)
        #expect(takenAt >= lastExpiry)
    }

    @Test(.enabled(if: JournalBackend.available.contains(.postgres)))
    func aPrimaryThatCannotRenewStopsAcknowledgingAndResumesWhenItCan() throws {
        let place = try JournalPlace(.postgres)
        let address = try Self.highlyAvailable(place)
        // The lease's table is the journal's: the daemon opens (and migrates) the journal first.
        let blocker = try Journal(postgres: address).postgres!
        let lease = try RoomLease(address: address, advertisedURL: "http://a:1")
        defer { lease.stop(release: true) }
        lease.start()
        let term = lease.status.term
        #expect(lease.mayAcknowledge(term: term))
        #expect(!lease.mayAcknowledge(term: term + 1))

        // A session that holds the lease row keeps every renewal waiting.
        try blocker.execute("BEGIN")
        try blocker.execute("SELECT term FROM leases FOR UPDATE")
        try Self.waitUntil { !lease.mayAcknowledge(term: term) }
        #expect(lease.status.role == .primary, "nobody else took it: the primary only cannot prove it holds it")
        try blocker.execute("ROLLBACK")
        try Self.waitUntil { lease.mayAcknowledge(term: term) }
        #expect(lease.status == RoomLease.Status(role: .primary, term: term, leader: "http://a:1"))
    }

    @Test(.enabled(if: JournalBackend.available.contains(.postgres)))
    func aDeposedPrimaryLearnsItAtItsNextRenewal() throws {
        let place = try JournalPlace(.postgres)
        let address = try Self.highlyAvailable(place)
        let journal = try Journal(postgres: address)
        let lease = try RoomLease(address: address, advertisedURL: "http://a:1")
        defer { lease.stop(release: true) }
        let changes = Changes()
        lease.onChange { changes.append($0) }
        lease.start()
        try journal.postgres!.execute(
            "UPDATE leases SET term = term + 1, holder = 'other', leader_url = 'http://b:2', "
                + "expires_at = now() + interval '1 minute'"
        )
        try Self.waitUntil { lease.status.role == .standby }
        #expect(!lease.mayAcknowledge(term: 1))
        try Self.waitUntil { changes.all.contains(.leaderChanged) }
        #expect(changes.all.first == .deposed(term: 1))
        #expect(lease.status == RoomLease.Status(role: .standby, term: 2, leader: "http://b:2"))
    }

    // MARK: - Helpers

    private final class Changes: Sendable {
        private let list = Mutex<[RoomLease.Change]>([])
        func append(_ change: RoomLease.Change) { list.withLock { $0.append(change) } }
        var all: [RoomLease.Change] { list.withLock { $0 } }
    }

    private static func highlyAvailable(_ place: JournalPlace) throws -> PostgresJournalAddress {
        guard case .postgres(var address) = place.location else { throw Unexpected() }
        address.highAvailability = true
        return address
    }

    private struct Unexpected: Error {}

    private static func expiresAtMicroseconds(_ journal: Journal) throws -> Int64 {
        let rows = try journal.postgres!.query(
            "SELECT (extract(epoch FROM expires_at) * 1000000)::bigint FROM leases"
        )
        return try #require(try rows.first?[0].decode(Int64.self))
    }

    /// Waits for `condition`, looking every 20 ms, for at most a generous 30 s.
    private static func waitUntil(_ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(30)
        while !condition() {
            guard Date() < deadline else { throw Unexpected() }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}
