import GavelClient
import GavelCore
import GavelProtocol
import Testing

/// The clock offset from ping/pong samples, as docs/protocol.md defines it.
@Suite struct ClockSyncTests {
    /// A sample of a server `offset` ms ahead, with `out` and `back` ms of network each way.
    func pong(
        sentAt t0: Double,
        offset: Double,
        out: Double,
        back: Double,
        serverTime: Double = 1
    ) -> (PongMessage, Double) {
        let t1 = t0 + out + offset
        let t2 = t1 + serverTime
        let t3 = t2 - offset + back
        return (
            PongMessage(
                t0: t0,
                t1: Instant(millisecondsSinceEpoch: Int64(t1)),
                t2: Instant(millisecondsSinceEpoch: Int64(t2))
            ), t3
        )
    }

    @Test func symmetricRoundTripGivesTheExactOffset() {
        var sync = ClockSync()
        let (message, t3) = pong(sentAt: 1_000_000, offset: 2500, out: 4, back: 4)

        sync.add(message, receivedAt: t3)

        #expect(sync.offsetMs == 2500)
        #expect(sync.samples.first?.roundTripMs == 8)
    }

    @Test func theSamplesWithTheSmallestRoundTripWin() {
        var sync = ClockSync()
        // Two slow samples skewed by queueing on the way back, three fast ones.
        for (index, (out, back)) in [(1.0, 301.0), (2.0, 2.0), (1.0, 1.0), (1.0, 501.0), (2.0, 2.0)].enumerated() {
            let (message, t3) = pong(sentAt: 1_000_000 + Double(index) * 1000, offset: -700, out: out, back: back)
            sync.add(message, receivedAt: t3)
        }

        #expect(sync.isComplete)
        #expect(sync.offsetMs == -700)
    }

    @Test func noSampleNoOffsetAndResetForgets() {
        var sync = ClockSync()
        #expect(sync.offsetMs == nil)
        let (message, t3) = pong(sentAt: 10, offset: 5, out: 1, back: 1)
        sync.add(message, receivedAt: t3)
        sync.reset()
        #expect(sync.offsetMs == nil && !sync.isComplete)
    }

    @Test func aPongFromBeforeItsPingIsIgnored() {
        var sync = ClockSync()
        let message = PongMessage(
            t0: 1000,
            t1: Instant(millisecondsSinceEpoch: 1000),
            t2: Instant(millisecondsSinceEpoch: 1000)
        )

        sync.add(message, receivedAt: 900)

        #expect(sync.samples.isEmpty)
    }
}
