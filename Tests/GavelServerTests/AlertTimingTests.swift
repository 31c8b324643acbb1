import GavelCore
import GavelProtocol
import Testing

@testable import GavelServer

/// Alerts leave the lead ahead of their instant, on one timer armed for the next one; displays
/// present each at its instant.
@Suite struct AlertTimingTests {
    @Test func eachAlertGoesOutTheLeadAheadOfItsInstantAndNotBefore() throws {
        let gaveld = try InProcessDaemon()
        let display = gaveld.connect()
        let chair = gaveld.connect(control: true)
        gaveld.command("start", id: "c1", from: chair)
        let granted = gaveld.clock.now()
        gaveld.command("floorGrant", id: "c2", from: chair, fields: #""speaker":"Ms. A","duration":"10s""#)
        gaveld.transport.clearSent()

        // The warning is due 6 s after the grant (4 s left); it leaves 2 s ahead, at 4 s.
        gaveld.advance(by: .milliseconds(3_999))
        #expect(gaveld.transport.take(display).isEmpty)
        gaveld.advance(by: .milliseconds(1))
        let warning = gaveld.transport.take(display).map { json($0.text) }
        #expect(warning.count == 1)
        #expect(warning[0]["type"] as? String == "alert" && warning[0]["level"] as? String == "warning")
        #expect(warning[0]["at"] as? Int64 == (granted + .seconds(6)).millisecondsSinceEpoch)
        #expect(warning[0]["serverTime"] as? Int64 == (granted + .seconds(4)).millisecondsSinceEpoch)

        // Wrap-up at 8 s, time up at 10 s: each 2 s ahead.
        gaveld.advance(by: .seconds(4))
        let later = gaveld.transport.take(display).map { json($0.text) }
        #expect(later.map { $0["level"] as? String } == ["wrapUp", "timeUp"])
        #expect(later.map { $0["at"] as? Int64 } == [8, 10].map { (granted + .seconds($0)).millisecondsSinceEpoch })
    }

    @Test func aDisplayConnectingInsideTheLeadGetsThePendingAlertAfterItsState() throws {
        let gaveld = try InProcessDaemon()
        let chair = gaveld.connect(control: true)
        gaveld.command("start", id: "c1", from: chair)
        gaveld.command("floorGrant", id: "c2", from: chair, fields: #""speaker":"Ms. A","duration":"10s""#)
        gaveld.advance(by: .seconds(5))  // the warning (at 6 s) went out at 4 s
        let late = gaveld.connect()
        #expect(gaveld.transport.take(late).map(\.type) == ["hello", "state", "alert"])
    }
}

/// The alerts so far, from the daemon: a chair view that reloads, or a daemon that restarts,
/// shows what already happened.
@Suite struct AlertHistoryTests {
    func alerts(_ gaveld: InProcessDaemon, query: String = "") -> [[String: Any]] {
        let answer = gaveld.http("GET", APIPath.alerts + query)
        return json(String(decoding: answer.body, as: UTF8.self))["alerts"] as? [[String: Any]] ?? []
    }

    func summary(_ list: [[String: Any]]) -> [String] {
        list.map {
            "\($0["timer"] ?? "")/\($0["level"] ?? "")/\($0["reminder"] ?? 0)@\($0["at"] ?? "")/\($0["text"] ?? "")"
        }
    }

    @Test func theAlertsSoFarAreAQueryAndARestartRebuildsThemFromTheJournal() throws {
        let first = try InProcessDaemon()
        let chair = first.connect(control: true)
        first.command("start", id: "c1", from: chair)
        first.command("floorGrant", id: "c2", from: chair, fields: #""speaker":"Ms. A","duration":"10s""#)
        #expect(alerts(first).isEmpty)
        first.advance(by: .seconds(5))
        #expect(alerts(first).isEmpty, "the warning went out ahead, at 4 s; it is due at 6 s")
        first.advance(by: .seconds(1))
        #expect(alerts(first).map { $0["level"] as? String } == ["warning"])
        // Past time up and two overrun reminders (one a minute), then a pause and a second speaker.
        first.advance(by: .seconds(125))
        first.command("floorGrant", id: "c3", from: chair, fields: #""speaker":"Mr. B","duration":"5s""#)
        first.advance(by: .seconds(10))
        let before = alerts(first)
        #expect(
            before.map { "\($0["timer"] ?? "") \($0["level"] ?? "")" } == [
                "floor warning", "floor wrapUp", "floor timeUp", "floor overrun", "floor overrun", "floor warning",
                "floor wrapUp", "floor timeUp",
            ]
        )
        #expect((before.first?["text"] as? String)?.contains("Ms. A") == true)
        #expect((before.last?["text"] as? String)?.contains("Mr. B") == true)
        #expect(summary(alerts(first, query: "?limit=2")) == summary(Array(before.suffix(2))))
        #expect(first.http("GET", APIPath.alerts + "?limit=x").status == 400)
        let stopped = first.clock.now()
        first.stop()

        let second = try InProcessDaemon(at: stopped, journalDirectory: first.directory)
        #expect(summary(alerts(second)) == summary(before))
    }
}
