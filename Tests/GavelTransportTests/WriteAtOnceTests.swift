import Testing

@testable import GavelServer

/// When a fan-out's copy may skip a connection's queue and go out at once (Transport.enqueue): only
/// when nothing would have left before it, so that the order on the wire stays the queue's.
@Suite struct WriteAtOnceTests {
    let start = ContinuousClock.now
    let frameBytes = 64
    let small = OutboundMessage(text: "{\"type\":\"state\"}")

    private func connection() -> WebSocketConnection {
        .detached(now: start)
    }

    @Test func anIdleConnectionTakesAWholeFrameAtOnce() {
        #expect(connection().mayWriteAtOnce(small, frameBytes: frameBytes))
    }

    @Test func aMessageLongerThanAFrameGoesThroughTheQueueInFragments() {
        let long = OutboundMessage(text: String(repeating: "x", count: frameBytes + 1))
        #expect(!connection().mayWriteAtOnce(long, frameBytes: frameBytes))
    }

    @Test func somethingQueuedGoesFirst() {
        let busy = connection()
        _ = busy.enqueue(OutboundMessage(text: "{\"type\":\"ack\"}"), delivery: .queued, now: start)
        #expect(!busy.mayWriteAtOnce(small, frameBytes: frameBytes))
        // Written: the connection is idle again.
        _ = busy.nextStep(frameBytes: frameBytes, now: start)
        #expect(busy.mayWriteAtOnce(small, frameBytes: frameBytes))
    }

    @Test func aDuePingGoesFirst() {
        let pinged = connection()
        #expect(pinged.requestPing())
        #expect(!pinged.mayWriteAtOnce(small, frameBytes: frameBytes))
    }

    @Test func aClosingConnectionTakesNothingMore() {
        let closing = connection()
        closing.requestClose(code: 1001, reason: "server shutting down", flushFirst: true)
        #expect(!closing.mayWriteAtOnce(small, frameBytes: frameBytes))
        _ = closing.nextStep(frameBytes: frameBytes, now: start)  // the close frame
        #expect(!closing.mayWriteAtOnce(small, frameBytes: frameBytes))
    }

    @Test func aMessageWrittenAtOnceIsKeptAliveUntilTheNextWrite() {
        // lws may still read a buffer after lws_write returns (with permessage-deflate it does).
        let idle = connection()
        idle.wroteAtOnce(small, now: start)
        #expect(idle.retired === small)
        let next = OutboundMessage(text: "{\"type\":\"ack\"}")
        _ = idle.enqueue(next, delivery: .queued, now: start)
        _ = idle.nextStep(frameBytes: frameBytes, now: start)
        #expect(idle.retired === next)
    }
}
