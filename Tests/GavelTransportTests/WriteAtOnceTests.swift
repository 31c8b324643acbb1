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

    /// The frame a plain connection gets in one send(): RFC 6455's header for a final, unmasked text
    /// frame of the payload's length, then the payload.
    @Test(
        arguments: [
            (0, [0x81, 0]),
            (125, [0x81, 125]),
            (126, [0x81, 126, 0, 126]),
            (65_535, [0x81, 126, 0xFF, 0xFF]),
            (65_536, [0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0]),
        ] as [(Int, [UInt8])]
    )
    func aMessageCarriesItsWholeFrame(length: Int, header: [UInt8]) {
        let text = String(repeating: "é", count: length / 2) + String(repeating: "x", count: length % 2)
        let message = OutboundMessage(text: text)
        let frame = Array(message.frame)
        #expect(Array(frame.prefix(header.count)) == header)
        #expect(Array(frame.dropFirst(header.count)) == Array(text.utf8))
    }
}
