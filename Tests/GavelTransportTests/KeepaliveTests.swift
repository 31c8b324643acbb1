import Testing

@testable import GavelServer

/// When the transport's sweep must next look at a connection: the keepalive and the stall check
/// without a timer per connection (Transport.sweepConnections).
@Suite struct KeepaliveTests {
    let start = ContinuousClock.now
    let stall = Duration.seconds(30)
    let ping = Duration.seconds(30)
    let hangup = Duration.seconds(60)

    private func connection() -> WebSocketConnection {
        .detached(now: start)
    }

    private func due(_ connection: WebSocketConnection) -> Duration {
        connection.nextSweepDue(stallTimeout: stall, pingInterval: ping, idleHangup: hangup, lwsHolds: false) - start
    }

    @Test func anIdleConnectionIsDueForAPingOneIntervalAfterItWasLastHeard() {
        let connection = connection()
        #expect(due(connection) == ping)
        connection.heard(now: start + .seconds(12))
        #expect(due(connection) == .seconds(42))
    }

    @Test func oncePingedOnlyTheHangUpIsDueUntilSomethingIsHeard() {
        let connection = connection()
        #expect(connection.requestPing())
        #expect(!connection.requestPing(), "a second ping is not asked for while one waits")
        #expect(due(connection) == hangup)
        let step = connection.nextStep(frameBytes: 4096, now: start + .seconds(31))
        guard case .ping = step else {
            Issue.record("expected the ping to be written, got \(step)")
            return
        }
        #expect(due(connection) == hangup)
        connection.heard(now: start + .seconds(32))
        #expect(due(connection) == .seconds(62))
    }

    @Test func unsentDataMakesTheStallCheckDueFromTheLastWrite() {
        stallCheck(stall: .seconds(10))
    }

    @Test func theStallCheckNeverComesLaterThanThePingOrTheHangUp() {
        stallCheck(stall: .seconds(90))
    }

    /// A display that stopped reading in the middle of the last message it was sent: nothing in
    /// its queue, the rest of that message with lws. (The daemon's stall test failed on this.)
    @Test func bytesLwsStillHoldsCountAsUnsentForTheStallCheck() {
        let connection = connection()
        connection.wroteAtOnce(OutboundMessage(text: "state"), now: start + .seconds(5))
        #expect(!connection.hasUnsentData)
        let later = start + .seconds(5) + stall + .seconds(1)
        #expect(!connection.isStalled(now: later, timeout: stall, lwsHolds: false))
        #expect(connection.isStalled(now: later, timeout: stall, lwsHolds: true))
        let due = connection.nextSweepDue(
            stallTimeout: .seconds(10),
            pingInterval: ping,
            idleHangup: hangup,
            lwsHolds: true
        )
        #expect(due - start == .seconds(15))
    }

    private func stallCheck(stall: Duration) {
        let connection = connection()
        _ = connection.enqueue(OutboundMessage(text: "state"), delivery: .latest(.state), now: start + .seconds(5))
        let due =
            connection.nextSweepDue(stallTimeout: stall, pingInterval: ping, idleHangup: hangup, lwsHolds: false)
            - start
        #expect(due == min(.seconds(5) + stall, ping))
    }
}
