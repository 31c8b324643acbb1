import GavelCore
import Testing

@testable import GavelServer

/// The 1 Hz tick goes to those who asked for it and may read, and runs only while one of them is
/// there and a timer runs.
@Suite struct TickAudienceTests {
    @Test func theTickReachesOnlyThoseWhoAskedForIt() throws {
        let gaveld = try InProcessDaemon()
        let ticker = gaveld.connect()
        let display = gaveld.connect()
        let chair = gaveld.connect(control: true)
        gaveld.receive(#"{"type":"subscribe","tick":true}"#, from: ticker)
        gaveld.command("start", id: "c1", from: chair)
        _ = gaveld.transport.take(ticker)
        _ = gaveld.transport.take(display)

        gaveld.advance(by: .seconds(3))
        #expect(gaveld.transport.take(ticker).map(\.type) == ["tick", "tick", "tick"])
        #expect(!gaveld.transport.take(display).contains { $0.type == "tick" })

        gaveld.receive(#"{"type":"subscribe","tick":false}"#, from: ticker)
        #expect(gaveld.transport.timers[DaemonCore.tickTimer] == nil, "nobody wants it any more: it stops")
        gaveld.advance(by: .seconds(2))
        #expect(!gaveld.transport.take(ticker).contains { $0.type == "tick" })
    }

    @Test func withReadTokenTheTickWaitsForTheToken() throws {
        let gaveld = try InProcessDaemon(readRequiresToken: true)
        let display = gaveld.connect(version: .v2)
        let chair = gaveld.connect(control: true, version: .v2)
        gaveld.receive(#"{"type":"subscribe","tick":true}"#, from: display)
        gaveld.command("start", id: "c1", from: chair)
        #expect(gaveld.transport.timers[DaemonCore.tickTimer] == nil, "a display that may not read gets no tick")
        gaveld.advance(by: .seconds(2))
        #expect(gaveld.transport.take(display).map(\.type) == ["hello"])

        gaveld.receive(#"{"type":"auth","token":"\#(InProcessDaemon.readToken)"}"#, from: display)
        #expect(gaveld.transport.timers[DaemonCore.tickTimer] != nil, "its token read, the tick starts")
        _ = gaveld.transport.take(display)
        gaveld.advance(by: .seconds(2))
        #expect(gaveld.transport.take(display).filter { $0.type == "tick" }.count == 2)

        gaveld.disconnect(display)
        #expect(gaveld.transport.timers[DaemonCore.tickTimer] == nil, "its only reader gone, the tick stops")
    }
}
