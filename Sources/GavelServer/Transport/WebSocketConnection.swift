/// One WebSocket connection's state on the service thread. Decides what to write next; the
/// libwebsockets glue carries it out.
final class WebSocketConnection {
    /// What the next SERVER_WRITEABLE callback should do.
    enum WriteStep {
        /// Write `range` of `message` as one frame: the whole message, or one fragment of it.
        case frame(OutboundMessage, range: Range<Int>, isFirst: Bool, isLast: Bool)
        /// Send a close frame and let libwebsockets finish the closing handshake.
        case close(code: UInt16, reason: String)
        /// Send a ping: the client has been silent for the ping interval.
        case ping
        /// Nothing to write.
        case idle
    }

    struct PendingClose {
        let code: UInt16
        let reason: String
        /// Send what is queued before the close frame.
        let flushFirst: Bool
    }

    // What a fan-out reads and writes for each copy comes first, in the object's first cache lines,
    // which it fetches ahead (`Transport.enqueue(_:on:delivery:)`; Swift lays a class's stored
    // properties out in the order they are declared).
    let wsi: OpaquePointer
    /// The connection's socket when it carries WebSocket frames as they are (not TLS): a whole
    /// message can go to it in one send(), as `Transport.writeWhole` does. Nil over TLS.
    let plainSocket: Int32?
    /// The delegate was told `didOpen` (false for a refused upgrade).
    var isOpen = false
    /// A ping is waiting for the next WRITEABLE.
    private(set) var pingDue = false
    private(set) var outbound: OutboundQueue
    /// The message being written, and how many of its bytes have been handed to lws.
    private var inFlight: (message: OutboundMessage, offset: Int)?
    private(set) var pendingClose: PendingClose?
    /// The buffer given to the last lws_write: kept alive until the next WRITEABLE or CLOSED, since
    /// libwebsockets may read it after lws_write returned (it does with permessage-deflate).
    var retired: OutboundMessage?
    /// The fragment buffer of a finished message, kept alive like `retired`.
    var retiredBuffer: LWSBuffer?
    /// The last successful write, or when data started waiting on an idle connection.
    private(set) var lastProgress: ContinuousClock.Instant

    // The rest.
    let id: ConnectionID
    let request: UpgradeRequest
    /// A fragment's copy with LWS_PRE headroom (fragment headers cannot go into the shared buffer).
    var frameBuffer: LWSBuffer?
    /// The close frame was handed to lws: from now on lws waits for the client's answer (or its
    /// own timeout), and WRITEABLE callbacks have nothing to do. Returning -1 again would make lws
    /// drop the connection without waiting for the client's close frame.
    private(set) var closeFrameSent = false
    /// Closed for breaking a rule (a flood, a bad frame) while the client may still be sending:
    /// after the close frame the connection stays, reading and discarding, until the client answers
    /// with its own close or hangs up. Closing the socket on the client's unread bytes would make
    /// the kernel answer with a reset, and a reset can throw away the close frame before the client
    /// reads it: the client would see 1006 and never learn why.
    private(set) var lingersAfterClose = false
    var inbound: InboundAssembler
    /// The budget of incoming messages; spent, the connection is closed with 1008.
    var inboundRate: InboundRateLimiter
    /// Closed for being slow; counted once in the statistics.
    var closedForBeingSlow = false
    /// When something (a message, a pong) last arrived from the client: the keepalive's clock.
    private(set) var lastHeard: ContinuousClock.Instant
    /// A ping went out and nothing has been heard since.
    private(set) var pingSent = false

    init(
        wsi: OpaquePointer,
        plainSocket: Int32?,
        id: ConnectionID,
        request: UpgradeRequest,
        queueLimit: Int,
        messageLimit: Int,
        messageRate: Transport.MessageRate,
        now: ContinuousClock.Instant
    ) {
        self.wsi = wsi
        self.plainSocket = plainSocket
        self.id = id
        self.request = request
        self.outbound = OutboundQueue(limit: queueLimit)
        self.inbound = InboundAssembler(limit: messageLimit)
        self.inboundRate = InboundRateLimiter(rate: messageRate, now: now)
        self.lastProgress = now
        self.lastHeard = now
    }

    /// Something arrived from the client: it is alive.
    func heard(now: ContinuousClock.Instant) {
        lastHeard = now
        pingSent = false
    }

    /// Asks for a ping at the next write, unless one is waiting or unanswered. True if one was
    /// asked for.
    func requestPing() -> Bool {
        guard !pingDue, !pingSent, pendingClose == nil else { return false }
        pingDue = true
        return true
    }

    /// Data is waiting to be handed to libwebsockets.
    var hasUnsentData: Bool { inFlight != nil || !outbound.isEmpty }

    /// Queues `message`. Returns `.overflow` when the connection must be closed for being too slow.
    func enqueue(
        _ message: OutboundMessage,
        delivery: Delivery,
        now: ContinuousClock.Instant
    )
        -> OutboundQueue.EnqueueResult
    {
        guard pendingClose == nil else { return .accepted }  // closing: nothing more goes out
        if !hasUnsentData { lastProgress = now }
        return outbound.enqueue(message, delivery: delivery)
    }

    /// `message` may go out now, whole, without joining the queue: nothing waits before it, and it
    /// fits one frame. The fan-out's usual case: an idle display gets the new state.
    func mayWriteAtOnce(_ message: OutboundMessage, frameBytes: Int) -> Bool {
        !hasUnsentData && !pingDue && pendingClose == nil && message.count <= frameBytes
    }

    /// `message` was written whole, outside the queue (`mayWriteAtOnce`).
    ///
    /// Kept alive only when it went to lws_write (TLS). On a plain socket it went to send(), which
    /// copied it, and lws copies what send() did not take (`LWS.sendFrame`). Not keeping it spares
    /// each copy of a fan-out two atomic operations on the message's reference count (this one's
    /// retain, the last one's release), which every service thread's fan-out shares: the counts'
    /// cache line went back and forth between the cores at every copy.
    func wroteAtOnce(_ message: OutboundMessage, now: ContinuousClock.Instant) {
        lastProgress = now
        retired = plainSocket == nil ? message : nil
        retiredBuffer = nil
    }

    /// Asks for the connection to close with `code` and `reason`, after the queued data if
    /// `flushFirst`. The first request wins, except that a request not to flush drops the queue.
    func requestClose(code: UInt16, reason: String, flushFirst: Bool) {
        if let pendingClose {
            if !flushFirst && pendingClose.flushFirst {
                self.pendingClose = PendingClose(
                    code: pendingClose.code,
                    reason: pendingClose.reason,
                    flushFirst: false
                )
                dropUnsent()
            }
            return
        }
        pendingClose = PendingClose(code: code, reason: reason, flushFirst: flushFirst)
        if !flushFirst { dropUnsent() }
    }

    /// Closes the connection at once, dropping what was queued, and lingers after the close frame
    /// (`lingersAfterClose`).
    func requestLingeringClose(code: UInt16, reason: String) {
        requestClose(code: code, reason: reason, flushFirst: false)
        lingersAfterClose = true
    }

    private func dropUnsent() {
        outbound.removeAll()
        inFlight = nil
    }

    /// Called at each SERVER_WRITEABLE: the previous write went out, decide the next one.
    func nextStep(frameBytes: Int, now: ContinuousClock.Instant) -> WriteStep {
        lastProgress = now
        retired = nil
        retiredBuffer = nil
        if pingDue && inFlight == nil && pendingClose == nil {
            pingDue = false
            pingSent = true
            return .ping
        }
        if inFlight == nil, let message = outbound.dequeue() {
            inFlight = (message, 0)
        }
        if let (message, offset) = inFlight {
            let end = min(message.count, offset + frameBytes)
            let isLast = end == message.count
            inFlight = isLast ? nil : (message, end)
            if isLast { retired = message }
            return .frame(message, range: offset..<end, isFirst: offset == 0, isLast: isLast)
        }
        if let pendingClose, !closeFrameSent {
            closeFrameSent = true
            return .close(code: pendingClose.code, reason: pendingClose.reason)
        }
        return .idle
    }

    /// More to do after the current step: ask libwebsockets for another WRITEABLE.
    var wantsWriteable: Bool { hasUnsentData || pingDue || (pendingClose != nil && !closeFrameSent) }

    /// Unsent data has waited longer than `timeout` without any write succeeding. `lwsHolds`: lws
    /// still holds bytes of a write the socket did not take whole. Those count as unsent: a
    /// display that stops reading in the middle of the last message it was sent has nothing in
    /// its queue, and was otherwise never found stalled.
    func isStalled(now: ContinuousClock.Instant, timeout: Duration, lwsHolds: Bool) -> Bool {
        (hasUnsentData || lwsHolds) && now - lastProgress > timeout
    }

    /// The first instant at which the transport's sweep has something to check on this connection:
    /// its unsent data stalling, a ping falling due, or the silence reaching `idleHangup`.
    func nextSweepDue(
        stallTimeout: Duration,
        pingInterval: Duration,
        idleHangup: Duration,
        lwsHolds: Bool
    ) -> ContinuousClock.Instant {
        var due = lastHeard + idleHangup
        if hasUnsentData || lwsHolds { due = min(due, lastProgress + stallTimeout) }
        if !pingDue && !pingSent { due = min(due, lastHeard + pingInterval) }
        return due
    }

    /// Releases everything held for sending (on close).
    func releaseBuffers() {
        dropUnsent()
        retired = nil
        retiredBuffer = nil
        frameBuffer = nil
    }
}
