import GavelCore
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
