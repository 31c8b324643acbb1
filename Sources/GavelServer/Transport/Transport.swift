import Logging

#if canImport(Glibc)
import Glibc
#endif

/// HTTP and WebSocket server on libwebsockets, with one service thread.
///
/// The thread that calls `run()` becomes the service thread: it owns every connection, and every
/// delegate call happens on it. Other threads reach it only through `post(_:)` and
/// `requestStop()`; everything else must be called on the service thread (or before `run()`).
/// With `Configuration.serviceThreads` above 1, it starts more threads that serve some of the TCP
/// connections and hand their events over to it: the delegate still sees one thread
/// (Transport+ServiceThreads.swift).
///
/// WebSockets: one protocol, `gavel.v1`, on `/ws` only. Text messages only. Outgoing messages are
/// serialised once (`OutboundMessage`) and fanned out; each connection keeps a bounded queue, so a
/// slow client costs bounded memory and never delays the others.
///
/// Sendable because `post(_:)` and `requestStop()` are: the rest is confined to the service
/// thread (checked in debug builds).
public final class Transport: @unchecked Sendable {
    /// WebSocket messages larger than this go out as several fragments of this size, and HTTP
    /// bodies in chunks of this size: one socket write each.
    static let frameBytes = 64 * 1024

    enum Phase: Equatable {
        /// Created, `run()` not called yet.
        case ready
        case running
        /// `requestStop()` seen: closing connections, until they are gone or the grace period ends.
        case draining
        /// `lws_context_destroy` in progress.
        case destroying
        case finished
    }

    public weak var delegate: TransportDelegate?
    public let configuration: Configuration
    /// The TCP port listened on: the real one when port 0 was asked for.
    public let boundPort: Int

    let logger: Logger
    let mailbox = Mailbox()
    let lws: LibWebSocketsContext
    private let callbackTarget: CallbackTarget

    // Service-thread state.
    var phase = Phase.ready
    var connectionsByWSI: [OpaquePointer: WebSocketConnection] = [:]
    var connectionsByID = ConnectionTable()
    var exchanges: [OpaquePointer: HTTPExchange] = [:]
    /// Keep-alive TCP connections: the bytes received when their last request was answered, so
    /// that the next request's head can be measured (Transport+RequestErrors.swift).
    var headMarks: [OpaquePointer: Int64] = [:]
    /// Connections lws gave up parsing (unknown method, not HTTP) that have been answered: the
    /// rest of what they send is dropped until they close.
    var unparsedAnswered: Set<OpaquePointer> = []
    /// Every accepted client connection (HTTP or WebSocket), until libwebsockets destroys it.
    var clientSockets: Set<OpaquePointer> = []
    var lastCapacityWarning: ContinuousClock.Instant?
    var timers: [TimerID: ScheduledTimer] = [:]
    var stallSweep: ScheduledTimer?
    var libwebsocketsTimerWake: ScheduledTimer?
    /// Connections that opened or sent a message in this service round and have something to write.
    var answerFirst: [WebSocketConnection] = []
    /// Writes per connection in `writeAnswersFirst`: a whole answer. Over gavel.v2 the sender of a
    /// command gets up to seven messages (the ack, each of the five topics the command changed, the
    /// state), and a new connection its greeting (hello, its topics, the state); a big agenda is
    /// a few 64 KiB fragments more. With 3, the state after `gavel next` stayed behind the ack and
    /// its topics and went out with the displays' copies: 105-176 ms with 10,000 displays, where
    /// `gavel previous` (two topics changed, so its state was the third write) took 20-40 ms.
    static let answerFirstWrites = 16
    /// Work that waits for this round's answers to be written (`afterAnswers`).
    var afterAnswersWork: [() -> Void] = []
    /// The payload of every keepalive ping; `pingBuffer` holds it behind lws's LWS_PRE headroom.
    static let pingPayload = Array("gavel".utf8)
    let pingBuffer: LWSBuffer = {
        let buffer = LWSBuffer(capacity: Transport.pingPayload.count)
        buffer.payload.update(from: Transport.pingPayload, count: Transport.pingPayload.count)
        return buffer
    }()
    var shutdownDeadline: ScheduledTimer?
    var shutdownDeadlinePassed = false
    var lastConnectionID: UInt64 = 0
    var stats = TransportStatistics()
    /// The connection whose libwebsockets callback is running, if any (`startWriting`).
    var callbackWSI: OpaquePointer?
    private var serviceThread: pthread_t?

    // Service threads (Transport+ServiceThreads.swift).
    /// This transport's service thread: 0 for the one that calls `run()` and makes the delegate calls.
    let threadIndex: Int
    /// What every service thread's transport sees: the client connections open, the statistics.
    let shared: ServiceThreadsShared
    /// Thread 0 only: the transports of threads 1, 2...; each runs its own libwebsockets context.
    var others: [Transport] = []
    /// Thread 0 only: the delegates of `others`, which hand their events over to thread 0.
    var bridges: [ServiceThreadBridge] = []
    /// Thread 0 only: the WebSockets on the other threads that the delegate was told about.
    var remoteConnections: Set<ConnectionID> = []
    /// Thread 0 only: the threads running `others`, while `run()` runs.
    var otherThreads: [pthread_t] = []
    /// Thread 0 only: which thread serves the next TCP connection accepted.
    var acceptTurn = 0
    /// Another thread's: the connections it has adopted (instantiated by lws), to tell whether an
    /// adoption that failed had been counted by its WSI_DESTROY.
    var adopted = 0

    /// Binds the listeners. Throws `TransportError` with a message such as
    /// "cannot listen on 127.0.0.1:8417: address already in use".
    public convenience init(configuration: Configuration = Configuration(), logger: Logger) throws(TransportError) {
        try self.init(
            configuration: configuration,
            logger: logger,
            threadIndex: 0,
            shared: ServiceThreadsShared(threads: configuration.serviceThreads)
        )
    }

    /// The transport of service thread `threadIndex`; thread 0's creates the others.
    init(
        configuration: Configuration,
        logger: Logger,
        threadIndex: Int,
        shared: ServiceThreadsShared
    ) throws(TransportError) {
        try configuration.validate()
        let target = CallbackTarget()
        let lws = try LibWebSocketsContext(configuration: configuration, target: target, logger: logger)
        self.configuration = configuration
        self.logger = logger
        self.lws = lws
        self.callbackTarget = target
        self.boundPort = lws.boundPort
        self.threadIndex = threadIndex
        self.shared = shared
        target.transport = self
        if let context = lws.context {
            mailbox.open(CancelHandle(context: context))
        }
        if threadIndex == 0 { try createOtherThreads() }
    }

    deinit {
        // Only reached without run(), or after it returned: nothing else is using the context.
        tearDown()
    }

    // MARK: - Any thread

    /// Runs `work` on the service thread, after the work posted before it. Dropped once the
    /// transport has stopped.
    public func post(_ work: @escaping @Sendable () -> Void) {
        if !mailbox.post(work) {
            logger.debug("work posted after the transport stopped was dropped")
        }
    }

    /// Asks `run()` to close every WebSocket with 1001 "server shutting down" (after the data
    /// already queued, within `shutdownGracePeriod`) and return.
    public func requestStop() {
        mailbox.requestStop()
    }

    // MARK: - The service loop

    /// Serves on the calling thread until `requestStop()`; returns once everything is closed and freed.
    /// A transport runs once.
    public func run() {
        guard phase == .ready, lws.context != nil else {
            logger.error("Transport.run() called twice; a transport runs once")
            return
        }
        serviceThread = pthread_self()
        phase = .running
        var metadata: Logger.Metadata = ["gavel.port": "\(boundPort)", "gavel.host": "\(configuration.host)"]
        if let path = configuration.unixSocketPath { metadata["gavel.unix-socket"] = "\(path)" }
        if threadIndex > 0 { metadata["gavel.thread"] = "\(threadIndex)" }
        logger.info("transport listening", metadata: metadata)
        scheduleStallSweep()
        startOtherThreads()
        wakeLibWebSocketsTimers()

        while true {
            drainMailbox()
            runAfterAnswers()
            if phase == .draining && (shutdownDeadlinePassed || (connectionsByWSI.isEmpty && exchanges.isEmpty)) {
                break
            }
            if !lws.serviceOnce() {
                logger.error("the libwebsockets service loop failed; stopping")
                break
            }
            writeAnswersFirst()
            runAfterAnswers()
            if threadIndex > 0 { shared.publish(stats, thread: threadIndex) }
        }
        if !connectionsByWSI.isEmpty {
            logger.info(
                "dropping connections still open after the grace period",
                metadata: ["gavel.connections": "\(connectionsByWSI.count)"]
            )
        }
        joinOtherThreads()
        tearDown()
        logger.info("transport stopped", metadata: ["gavel.port": "\(boundPort)"])
    }

    /// Writes what was queued for the connections that opened or sent a message in the last service
    /// round (the greeting; an ack, the state after a command, a pong) before the loop's next wait
    /// hands out the turns.
    /// lws serves the writeable sockets of a round one after another, and after a command every
    /// display is writeable: without this, `gavel next` with 5,000 displays waited for all of
    /// their copies of the new state before getting its own ack (103 ms instead of 19 ms).
    /// At most `answerFirstWrites` each, and only while the socket takes them.
    private func writeAnswersFirst() {
        guard !answerFirst.isEmpty else { return }
        let connections = answerFirst
        answerFirst.removeAll(keepingCapacity: true)
        for connection in connections {
            for _ in 0..<Self.answerFirstWrites {
                guard connection.isOpen, connection.wantsWriteable, connectionsByWSI[connection.wsi] === connection,
                    lws.serviceWriteableNow(connection.wsi)
                else { break }
            }
        }
    }

    /// Runs `work` once the answers of this service round are written (`writeAnswersFirst`), before
    /// the loop waits again; outside a round, before it waits too. In order, on the service thread.
    ///
    /// For a fan-out: queuing a message on every connection costs about 1 µs each (10 ms at
    /// 10,000), and a chair's ack, queued before it, would otherwise wait for all of it.
    public func afterAnswers(_ work: @escaping () -> Void) {
        assertOnServiceThread()
        afterAnswersWork.append(work)
    }

    private func runAfterAnswers() {
        while !afterAnswersWork.isEmpty {
            let work = afterAnswersWork
            afterAnswersWork.removeAll()
            for item in work { item() }
        }
    }

    /// Runs posted work; starts the shutdown when asked to.
    func drainMailbox() {
        let (work, stopRequested) = mailbox.take()
        for item in work { item() }
        if stopRequested && phase == .running {
            beginShutdown()
        }
    }

    private func beginShutdown() {
        phase = .draining
        for other in others { other.requestStop() }
        logger.info("transport stopping", metadata: ["gavel.connections": "\(connectionsByID.count)"])
        closeAll(code: 1001, reason: "server shutting down")
        if lws.context != nil {
            let deadline = ScheduledTimer(kind: .shutdownDeadline, owner: self)
            deadline.schedule(after: configuration.shutdownGracePeriod)
            shutdownDeadline = deadline
        }
    }

    /// Cancels every timer, then destroys the context (CLOSED callbacks run now: the delegate
    /// hears `didClose` for connections still open). Idempotent.
    private func tearDown() {
        guard phase != .finished else { return }
        mailbox.close()
        for timer in timers.values { timer.cancel() }
        timers = [:]
        stallSweep?.cancel()
        stallSweep = nil
        libwebsocketsTimerWake?.cancel()
        libwebsocketsTimerWake = nil
        shutdownDeadline?.cancel()
        shutdownDeadline = nil
        phase = .destroying
        lws.destroy()
        phase = .finished
        for connection in connectionsByWSI.values { connection.releaseBuffers() }
        connectionsByWSI = [:]
        connectionsByID.removeAll()
        afterAnswersWork = []
        exchanges = [:]
        headMarks = [:]
        unparsedAnswered = []
        shared.clientConnections.subtract(clientSockets.count, ordering: .relaxed)
        clientSockets = []
    }

    // MARK: - Sending (service thread)

    /// Queues `message` for `connection`. Ignored if the connection is gone or closing.
    public func send(_ message: OutboundMessage, to connection: ConnectionID, delivery: Delivery) {
        assertOnServiceThread()
        if let other = otherThread(serving: connection) {
            other.post { other.send(message, to: connection, delivery: delivery) }
            return
        }
        guard let target = connectionsByID[connection] else { return }
        enqueue(message, on: target, delivery: delivery, now: .now)
        // Handed over from thread 0: an answer, written before the next fan-out's round of writes.
        if threadIndex > 0, target.wantsWriteable, answerFirst.last !== target { answerFirst.append(target) }
    }

    /// Queues the same `message` (the same bytes) for every connection in `connections`: the
    /// daemon's call (`DaemonTransport`), specialized here for an array. (Passed on as a slice:
    /// the array itself would choose this overload again.)
    public func broadcast(_ message: OutboundMessage, to connections: [ConnectionID], delivery: Delivery) {
        broadcast(message, to: connections[...], delivery: delivery)
    }

    /// Queues the same `message` (the same bytes) for every connection in `connections`.
    public func broadcast(
        _ message: OutboundMessage,
        to connections: some Collection<ConnectionID>,
        delivery: Delivery
    ) {
        assertOnServiceThread()
        guard !others.isEmpty else {
            enqueue(message, on: connections, delivery: delivery)
            return
        }
        // The other threads' shares first, so that they write while this one writes its own.
        let shares = handOver(message, to: connections, delivery: delivery)
        enqueue(message, on: shares, delivery: delivery)
    }

    /// Queues (or writes) `message` for each of `connections` this thread serves.
    ///
    /// In three passes over each stretch of `Self.fanOutStretch` connections. The first looks them
    /// up and has the processor fetch each one's first cache lines. The second decides: the plain
    /// connections whose copy may go out at once as one send() are set aside, a TLS connection's is
    /// written at once, the others are queued. The third sends to those set aside. At 10,000
    /// displays most of gaveld's own time per copy was waiting for memory: the connection, then
    /// lws's wsi, each copy's misses one after another. A send() is a system call, after which the
    /// processor starts afresh, so the lookups go first; and deciding on one connection reads it at
    /// once, so its lines are asked for a stretch ahead.
    private func enqueue(_ message: OutboundMessage, on connections: some Sequence<ConnectionID>, delivery: Delivery) {
        guard phase == .running || phase == .draining else { return }
        let now = ContinuousClock.now
        let frame = message.frame
        // Unretained (`ConnectionTable`): `connectionsByID` holds each one, and nothing in a
        // fan-out removes one (a connection closes in lws's CLOSED callback, a later service round).
        var stretch = [Unmanaged<WebSocketConnection>]()
        stretch.reserveCapacity(Self.fanOutStretch)
        var lwsHolds = [Bool]()
        lwsHolds.reserveCapacity(Self.fanOutStretch)
        var direct = [(socket: Int32, wsi: OpaquePointer)]()
        direct.reserveCapacity(Self.fanOutStretch)
        var iterator = connections.makeIterator()
        var more = true
        while more {
            stretch.removeAll(keepingCapacity: true)
            while stretch.count < Self.fanOutStretch {
                guard let id = iterator.next() else {
                    more = false
                    break
                }
                guard let unretained = connectionsByID.unretainedConnection(id) else { continue }
                LWS.prefetch(unretained.toOpaque(), lines: Self.connectionLines)
                stretch.append(unretained)
            }
            // lws's answer for each, in a loop of its own: each is a load from lws's wsi, in a
            // line nothing else in the fan-out reads, and in a loop this small the processor has
            // the stretch's loads under way together instead of waiting for each in turn.
            lwsHolds.removeAll(keepingCapacity: true)
            for unretained in stretch {
                lwsHolds.append(LWS.hasBufferedBytes(unretained.takeUnretainedValue().wsi))
            }
            direct.removeAll(keepingCapacity: true)
            for (unretained, holds) in zip(stretch, lwsHolds) {
                let target = unretained.takeUnretainedValue()
                guard target.isOpen else { continue }
                guard mayWriteAtOnce(message, to: target, lwsHolds: holds) else {
                    queue(message, on: target, delivery: delivery, now: now)
                    continue
                }
                target.wroteAtOnce(message, now: now)
                if let socket = target.plainSocket {
                    direct.append((socket, target.wsi))
                } else if writeWhole(message, to: target) < 0 {
                    LWS.kill(target.wsi)
                }
            }
            var sent = 0
            for (socket, wsi) in direct {
                if LWS.sendFrame(frame, socket: socket, wsi: wsi) >= 0 {
                    sent += 1
                } else {
                    // The socket is gone: lws closes it at the next service round (CLOSED follows).
                    LWS.kill(wsi)
                }
            }
            stats.bytesSent += UInt64(message.count * sent)
            stats.messagesSent += UInt64(sent)
        }
    }

    /// The cache lines of a `WebSocketConnection` that a fan-out reads: its fields for writing
    /// come first (WebSocketConnection.swift).
    private static let connectionLines: Int32 = 3

    /// How many connections a fan-out looks up before it sends to them (`enqueue(_:on:delivery:)`).
    private static let fanOutStretch = 64

    /// Whether `message` may be written to the open `connection` at once, outside its queue, as
    /// one frame (counted as a direct write if so).
    /// `lwsHolds`: `LWS.hasBufferedBytes` of its wsi, asked already.
    private func mayWriteAtOnce(_ message: OutboundMessage, to connection: WebSocketConnection, lwsHolds: Bool) -> Bool
    {
        connection.mayWriteAtOnce(message, frameBytes: Self.frameBytes)
            && writesDirectly(to: connection, lwsHolds: lwsHolds)
    }

    private func enqueue(
        _ message: OutboundMessage,
        on connection: WebSocketConnection,
        delivery: Delivery,
        now: ContinuousClock.Instant
    ) {
        guard phase == .running || phase == .draining, connection.isOpen else { return }
        if mayWriteAtOnce(message, to: connection, lwsHolds: LWS.hasBufferedBytes(connection.wsi)) {
            // Not through the queue: nothing to append, dequeue and step through for one frame.
            connection.wroteAtOnce(message, now: now)
            if writeWhole(message, to: connection) < 0 { LWS.kill(connection.wsi) }
            return
        }
        queue(message, on: connection, delivery: delivery, now: now)
    }

    /// Queues `message` on the open `connection`, which may not take it at once, and starts writing
    /// if it was idle.
    private func queue(
        _ message: OutboundMessage,
        on connection: WebSocketConnection,
        delivery: Delivery,
        now: ContinuousClock.Instant
    ) {
        let wasIdle = !connection.wantsWriteable
        switch connection.enqueue(message, delivery: delivery, now: now) {
        case .accepted, .replacedLatest:
            if wasIdle { startWriting(connection) }
        case .overflow:
            closeSlow(connection, reason: "too slow: messages were not read", immediately: false)
        }
    }

    /// A message was queued on an idle connection: with direct fan-out writes it goes out now, one
    /// send() (what the floor peer does); otherwise, or when lws still holds bytes of an earlier
    /// write for it, at its next WRITEABLE callback.
    ///
    /// Not on the connection lws is serving at this moment (its own RECEIVE or ESTABLISHED): lws is
    /// in the middle of its state there, and `writeAnswersFirst` writes its answer right after.
    /// Writing outside the WRITEABLE callback is safe with this build: lws_write goes to
    /// lws_issue_raw, which sends, keeps whatever the socket did not take on the connection's own
    /// list, and asks for POLLOUT to write it, before any later write (no extensions here, so lws
    /// is done with our buffer when lws_write returns).
    private func startWriting(_ connection: WebSocketConnection) {
        guard writesDirectly(to: connection) else {
            LWS.requestWriteable(connection.wsi)
            return
        }
        if writeNextStep(connection) < 0 {
            // The socket is gone: lws closes it at the next service round (CLOSED follows).
            LWS.kill(connection.wsi)
        }
    }

    /// Whether a write to `connection` may happen now, outside its WRITEABLE callback (counted).
    private func writesDirectly(to connection: WebSocketConnection) -> Bool {
        writesDirectly(to: connection, lwsHolds: LWS.hasBufferedBytes(connection.wsi))
    }

    /// `writesDirectly(to:)`, with `LWS.hasBufferedBytes` of its wsi asked already (`lwsHolds`).
    private func writesDirectly(to connection: WebSocketConnection, lwsHolds: Bool) -> Bool {
        guard configuration.fanoutWrites == .direct, callbackWSI != connection.wsi, !lwsHolds else { return false }
        stats.directWrites += 1
        return true
    }

    // MARK: - Closing (service thread)

    /// Closes `connection` with `code` and `reason` after the messages already queued for it.
    /// Codes that may not be sent (below 1000, 1004-1006, 1015-2999, from 5000) become 1008.
    public func close(_ connection: ConnectionID, code: UInt16, reason: String) {
        assertOnServiceThread()
        if let other = otherThread(serving: connection) {
            other.post { other.close(connection, code: code, reason: reason) }
            return
        }
        guard let target = connectionsByID[connection] else { return }
        requestClose(target, code: code, reason: reason, flushFirst: true)
    }

    /// Closes every WebSocket, each after the data already queued for it (e.g. 1001 "server
    /// shutting down"). Connections that cannot take their data are dropped after
    /// `shutdownGracePeriod`.
    public func closeAll(code: UInt16, reason: String) {
        assertOnServiceThread()
        for other in others { other.post { other.closeAll(code: code, reason: reason) } }
        for connection in connectionsByID.connections {
            requestClose(connection, code: code, reason: reason, flushFirst: true)
        }
    }

    func requestClose(_ connection: WebSocketConnection, code: UInt16, reason: String, flushFirst: Bool) {
        connection.requestClose(code: Self.sendableCloseCode(code), reason: reason, flushFirst: flushFirst)
        LWS.requestWriteable(connection.wsi)
        let grace = Int(configuration.shutdownGracePeriod.components.seconds) + 1
        LWS.kill(connection.wsi, after: flushFirst ? max(grace, 5) : grace)
    }

    /// Closes a connection that does not keep up. `immediately`: it has not written for
    /// `stallTimeout`, so a close frame would not get through either.
    func closeSlow(_ connection: WebSocketConnection, reason: String, immediately: Bool) {
        guard !connection.closedForBeingSlow else { return }
        connection.closedForBeingSlow = true
        stats.slowClosed += 1
        logger.info(
            "closing a slow WebSocket client",
            metadata: metadata(for: connection, ["gavel.reason": "\(reason)"])
        )
        requestClose(connection, code: 1008, reason: reason, flushFirst: false)
        if immediately { LWS.kill(connection.wsi) }
    }

    static func sendableCloseCode(_ code: UInt16) -> UInt16 {
        switch code {
        case 1000...1003, 1007...1014, 3000...4999: code
        default: 1008
        }
    }

    // MARK: - Timers (service thread)

    /// Calls the delegate's `timerFired` once, after `delay`; replaces an earlier schedule of `timer`.
    public func schedule(_ timer: TimerID, after delay: Duration) {
        assertOnServiceThread()
        guard phase == .running || phase == .draining || phase == .ready, lws.context != nil else { return }
        let scheduled = timers[timer] ?? ScheduledTimer(kind: .user(timer), owner: self)
        timers[timer] = scheduled
        scheduled.schedule(after: delay)
    }

    /// Cancels `timer` if it is scheduled.
    public func cancel(_ timer: TimerID) {
        assertOnServiceThread()
        timers.removeValue(forKey: timer)?.cancel()
    }

    func timerFired(_ timer: ScheduledTimer) {
        switch timer.kind {
        case .user(let id):
            guard timers[id] === timer else { return }
            timers[id] = nil
            delegate?.transport(self, timerFired: id)
        case .stallSweep:
            scheduleStallSweep(after: sweepConnections())
        case .shutdownDeadline:
            shutdownDeadlinePassed = true
        case .bodyDeadline(let wsi):
            bodyDeadlinePassed(wsi, timer: timer)
        case .libwebsocketsTimers:
            wakeLibWebSocketsTimers()
        }
    }

    /// lws 4.1's libev glue re-arms the one loop timer behind all of lws's own timeouts only after
    /// it handles an event, and ignores the re-arm while that timer is pending: a timeout set while
    /// nothing happens on any socket (a close frame waiting on a client that stopped reading) would
    /// never fire. A wake-up through lws's own event pipe, once a second, has it look again. Our own
    /// timers do not depend on it (`ScheduledTimer` is a libev timer).
    func wakeLibWebSocketsTimers() {
        guard phase == .running || phase == .draining, lws.context != nil else { return }
        lws.wakeTimers()
        let wake = libwebsocketsTimerWake ?? ScheduledTimer(kind: .libwebsocketsTimers, owner: self)
        libwebsocketsTimerWake = wake
        wake.schedule(after: .seconds(1))
    }

    private func scheduleStallSweep(after delay: Duration? = nil) {
        guard phase == .running || phase == .draining, lws.context != nil else { return }
        let sweep = stallSweep ?? ScheduledTimer(kind: .stallSweep, owner: self)
        stallSweep = sweep
        sweep.schedule(after: delay ?? stallSweepSpacing)
    }

    /// The sweep's resolution: a quarter of the stall timeout or of the ping interval, between 50 ms
    /// and 5 s. A stalled connection is closed at most this late, a silent one pinged at most this
    /// early and hung up at most this late.
    var stallSweepSpacing: Duration {
        min(max(min(configuration.stallTimeout, configuration.pingInterval) / 4, .milliseconds(50)), .seconds(5))
    }

    /// One pass over every WebSocket: closes the stalled, hangs up those silent for `idleHangup`
    /// (no close frame: the peer is gone), pings those silent for about `pingInterval`. The keepalive
    /// lives here rather than in lws, whose per-connection timers cost O(N) each (LibWebSockets.swift).
    ///
    /// Returns when to sweep next: when the first thing falls due, but no sooner than the spacing
    /// and no later than the shorter of the stall timeout and the ping interval, which is the
    /// earliest anything can fall due on a connection opened, or given data, after this pass. With
    /// lws's default poll() loop each wake-up cost a scan of every descriptor, and sweeping only when
    /// due took idle CPU at 10,000 displays from 1.05 % to 0.75 % of a core; the epoll loop made
    /// wake-ups cheap, and a pass that finds nothing to do is still one pass fewer.
    private func sweepConnections() -> Duration {
        let now = ContinuousClock.now
        let spacing = stallSweepSpacing
        let ceiling = min(configuration.stallTimeout, configuration.pingInterval)
        var nextDue = now + ceiling
        for connection in connectionsByWSI.values where connection.isOpen {
            // Asked of lws only when it matters: bytes it holds count only with nothing queued.
            let lwsHolds = !connection.hasUnsentData && LWS.hasBufferedBytes(connection.wsi)
            if connection.isStalled(now: now, timeout: configuration.stallTimeout, lwsHolds: lwsHolds) {
                closeSlow(connection, reason: "stalled", immediately: true)
                continue
            }
            let silent = now - connection.lastHeard
            if silent > configuration.idleHangup {
                logger.debug("hanging up a silent WebSocket", metadata: metadata(for: connection))
                LWS.kill(connection.wsi)
                continue
            }
            // Up to one spacing early, so that connections opened together are pinged in one pass.
            if silent >= configuration.pingInterval - spacing {
                let wasIdle = !connection.wantsWriteable
                // Written now, as a fan-out's copies are (`startWriting`): asking lws for POLLOUT
                // costs two epoll_ctl per ping, 20,000 of them every 30 s with 10,000 displays.
                if connection.requestPing() && wasIdle { startWriting(connection) }
            }
            nextDue = min(
                nextDue,
                connection.nextSweepDue(
                    stallTimeout: configuration.stallTimeout,
                    pingInterval: configuration.pingInterval,
                    idleHangup: configuration.idleHangup,
                    lwsHolds: lwsHolds
                )
            )
        }
        // Just past the instant: the checks above compare with ">".
        return max(nextDue - now + .milliseconds(1), spacing)
    }

    // MARK: - State (service thread)

    /// Open WebSocket connections (accepted and not yet closed).
    public var connectionCount: Int {
        connectionsByID.count + remoteConnections.count
    }

    /// Every service thread's, on thread 0 (the others' as of their last service round).
    public var statistics: TransportStatistics {
        others.isEmpty ? stats : shared.total(with: stats, thread: threadIndex)
    }

    /// Open client connections, HTTP and WebSocket (what `maxConnections` limits).
    public var clientConnectionCount: Int {
        shared.clientConnections.load(ordering: .relaxed)
    }

    /// The connections currently open, in no particular order (e.g. to broadcast to everyone).
    public var connectionIDs: some Collection<ConnectionID> {
        Array(connectionsByID.ids) + remoteConnections
    }

    func assertOnServiceThread(_ function: StaticString = #function) {
        assert(
            serviceThread.map { pthread_equal($0, pthread_self()) != 0 } ?? true,
            "Transport.\(function) must be called on the service thread (the one running run()), or use post(_:)"
        )
    }

    func metadata(for connection: WebSocketConnection, _ extra: Logger.Metadata = [:]) -> Logger.Metadata {
        var metadata = extra
        metadata["gavel.connection.id"] = "\(connection.id)"
        metadata["gavel.peer"] = "\(connection.request.peer)"
        return metadata
    }
}
