import GavelCore
import Testing

@testable import GavelServer

/// A display that stops reading (a frozen screen, a dead Wi-Fi link): it holds up nobody, it
/// resumes with the newest state rather than the backlog, and one that lets its queue overflow is
/// closed and forgotten.
@Suite struct StalledSubscriberTests {
    @Test func aDisplayThatStopsReadingResumesWithTheNewestStateOnly() throws {
        let gaveld = try InProcessDaemon()
        let stalled = gaveld.connect()
        let reading = gaveld.connect()
        let chair = gaveld.connect(control: true)
        _ = gaveld.transport.read(reading)
        _ = gaveld.transport.read(chair)

        gaveld.command("start", id: "c0", from: chair)
        _ = gaveld.transport.read(reading)
        _ = gaveld.transport.read(chair)
        var lastState = ""
        for round in 1...20 {
            gaveld.command(round.isMultiple(of: 2) ? "previous" : "next", id: "c\(round)", from: chair)
            let received = gaveld.transport.read(reading)
            #expect(received.map(\.type) == ["state"], "round \(round): the reading display is not held up")
            lastState = received.last?.text ?? ""
            #expect(gaveld.transport.read(chair).map(\.type) == ["ack", "state"])
        }

        let backlog = gaveld.transport.read(stalled)
        #expect(backlog.map(\.type) == ["hello", "state"], "one state, not twenty-one")
        #expect(backlog.last?.text == lastState)
        #expect(gaveld.daemon.subscribers[stalled] != nil, "a stalled display is not dropped for states alone")
    }

    @Test func aDisplayWhoseQueueOverflowsIsClosedAndForgotten() throws {
        let gaveld = try InProcessDaemon()
        gaveld.transport.queueLimit = 8
        let stalled = gaveld.connect()
        let chair = gaveld.connect(control: true)
        gaveld.receive(#"{"type":"subscribe","tick":true}"#, from: stalled)
        gaveld.command("start", id: "c1", from: chair)
        #expect(gaveld.transport.timers[DaemonCore.tickTimer] != nil, "the tick runs while someone wants it")

        // One tick a second piles up unread: the ninth queued message overflows.
        gaveld.advance(by: .seconds(12))

        #expect(gaveld.transport.closed[stalled] == 1008)
        #expect(gaveld.daemon.subscribers[stalled] == nil)
        #expect(gaveld.transport.timers[DaemonCore.tickTimer] == nil, "nobody else wants the tick: it stops")
        gaveld.transport.clearSent()
        gaveld.command("next", id: "c2", from: chair)
        #expect(gaveld.transport.sent.map(\.to) == [chair, chair], "the ack and the state, to the chair only")
    }
}
