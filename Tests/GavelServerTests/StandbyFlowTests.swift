import Foundation
import GavelCore
import GavelProtocol
import Testing

@testable import GavelJournal
@testable import GavelServer

/// A daemon with `--standby` (a `RoomLease`) against the test PostgreSQL server: who leads, the
/// `notLeader` refusal, and a primary that cannot renew its lease taking no command. Each test
/// uses a room of its own in `GAVEL_TEST_POSTGRES_URL`'s database.
@Suite struct StandbyFlowTests {
    static let url = ProcessInfo.processInfo.environment["GAVEL_TEST_POSTGRES_URL"]
    static let bearer = ["authorization": "Bearer \(InProcessDaemon.token)"]

    @Test(.enabled(if: url != nil))
    func aStandbyAnswersWhoLeadsAndRefusesCommandsNamingTheLeader() throws {
        let address = try Self.room()
        let journal = try Journal(postgres: address)
        let primary = try RoomLease(address: address, advertisedURL: "http://gavel-a:8421")
        primary.start()
        defer { primary.stop(release: true) }
        let lease = try RoomLease(address: address, advertisedURL: "http://gavel-b:8421")
        defer { lease.stop(release: false) }
        let gaveld = try InProcessDaemon(journal: journal, lease: lease)

        let leader = json(String(decoding: gaveld.http("GET", APIPath.leader).body, as: UTF8.self))
        #expect(leader["role"] as? String == "standby")
        #expect(leader["leader"] as? String == "http://gavel-a:8421")
        #expect(leader["term"] as? Int == 1)
        #expect(leader["room"] as? String == address.room)

        let refused = gaveld.http("POST", APIPath.commands, headers: Self.bearer, body: #"{"command":"start"}"#)
        #expect(refused.status == 503)
        let error = json(String(decoding: refused.body, as: UTF8.self))
        #expect(error["code"] as? String == "notLeader")
        #expect(error["leader"] as? String == "http://gavel-a:8421")
        #expect((error["message"] as? String)?.contains("standby of room") == true)

        let chair = gaveld.connect(control: true)
        gaveld.command("start", id: "c1", from: chair)
        let answer = try #require(
            gaveld.transport.sent.filter { $0.to == chair }.map { json($0.text) }.last { $0["id"] as? String == "c1" }
        )
        #expect(answer["code"] as? String == "notLeader")
        #expect(answer["leader"] as? String == "http://gavel-a:8421")
        #expect(gaveld.daemon.state.phase == .notStarted)
        #expect(try journal.command("c1") == nil)
    }

    @Test(.enabled(if: url != nil))
    func aPrimaryThatCannotRenewItsLeaseTakesNoCommandUntilItCan() throws {
        let address = try Self.room()
        let journal = try Journal(postgres: address)
        let lease = try RoomLease(address: address, advertisedURL: "http://gavel-a:8421")
        lease.start()
        defer { lease.stop(release: true) }
        let gaveld = try InProcessDaemon(journal: journal, lease: lease)
        #expect(
            json(String(decoding: gaveld.http("GET", APIPath.leader).body, as: UTF8.self))["role"] as? String
                == "primary"
        )
        #expect(
            gaveld.http("POST", APIPath.commands, headers: Self.bearer, body: #"{"command":"start"}"#).status == 200
        )

        // Another session holds the lease row: renewals wait, and the primary's hold runs out.
        let blocker = try Journal(postgres: address).postgres!
        try blocker.execute("BEGIN")
        try blocker.execute("SELECT term FROM leases FOR UPDATE")
        try Self.waitUntil { !lease.mayAcknowledge(term: 1) }
        let refused = gaveld.http("POST", APIPath.commands, headers: Self.bearer, body: #"{"command":"pause"}"#)
        #expect(refused.status == 503)
        #expect(json(String(decoding: refused.body, as: UTF8.self))["code"] as? String == "notLeader")
        #expect(gaveld.daemon.state.phase == .running)

        try blocker.execute("ROLLBACK")
        try Self.waitUntil { lease.mayAcknowledge(term: 1) }
        #expect(
            gaveld.http("POST", APIPath.commands, headers: Self.bearer, body: #"{"command":"pause"}"#).status == 200
        )
    }

    /// A room of its own, with `--standby`.
    private static func room() throws -> PostgresJournalAddress {
        let name = "srv-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(12)
        var address = try PostgresJournalAddress(url: try #require(url), room: String(name))
        address.highAvailability = true
        return address
    }

    private struct TimedOut: Error {}

    /// Waits for `condition`, looking every 20 ms, for at most a generous 30 s.
    private static func waitUntil(_ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(30)
        while !condition() {
            guard Date() < deadline else { throw TimedOut() }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }
}
