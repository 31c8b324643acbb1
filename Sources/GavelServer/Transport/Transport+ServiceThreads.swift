import CLibWebSockets
import Dispatch
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

// More than one service thread (issue 17's experiment, `Configuration.serviceThreads`).
//
// Debian's libwebsockets runs one service thread per context (LWS_MAX_SMP 1), so each extra thread
// has a context of its own. They do not listen: lws 4.1 sets SO_REUSEPORT only when a context has
// several service threads (LWS_SERVER_OPTION_ALLOW_LISTEN_SHARE is ignored with one), so a second
// context cannot bind the port. Thread 0 listens, and at accept (FILTER_NETWORK_CONNECTION) gives
// every T-th TCP connection (T threads) to thread k as a dup() of the socket, which thread k adopts
// (lws_adopt_socket_vhost) while lws closes thread 0's copy. Thread 0 keeps the Unix socket, the
// timers and every delegate call, so the daemon stays single-threaded. The other threads read and
// write their connections (the handshake included): they hand each open, message and close to
// thread 0 through its mailbox, and thread 0 hands them what to send (the same immutable
// `OutboundMessage`, and the list of their connections for a fan-out) through theirs. Thread k
// numbers its connections k+1, k+1+T, k+1+2T..., so a connection's thread is its number modulo T.

extension Transport {
    /// Thread 0: creates the other threads' transports, for the connections it will hand them.
    func createOtherThreads() throws(TransportError) {
        guard threadIndex == 0, configuration.serviceThreads > 1 else { return }
        var otherConfiguration = configuration
        otherConfiguration.port = boundPort
        otherConfiguration.listens = false
        otherConfiguration.unixSocketPath = nil
        for index in 1..<configuration.serviceThreads {
            var logger = logger
            logger[metadataKey: "gavel.thread"] = "\(index)"
            let other = try Transport(
                configuration: otherConfiguration,
                logger: logger,
                threadIndex: index,
                shared: shared
            )
            let bridge = ServiceThreadBridge(owner: self)
            other.delegate = bridge
            others.append(other)
            bridges.append(bridge)
        }
    }

    /// Thread 0, at accept on `listener`: true if the connection `socket` is another thread's turn,
    /// which now holds a copy of it.
    func handOverAccepted(_ listener: OpaquePointer, socket: Int32) -> Bool {
        guard !others.isEmpty, socket >= 0, lws_get_vhost(listener) == lws.tcpVhost else { return false }
        acceptTurn = (acceptTurn + 1) % configuration.serviceThreads
        guard acceptTurn > 0 else { return false }
        let copy = dup(socket)
        guard copy >= 0 else { return false }
        let other = others[acceptTurn - 1]
        // Counted now, against --max-connections, not once the other thread gets to it.
        shared.clientConnections.add(1, ordering: .relaxed)
        if !other.mailbox.post({ other.adopt(copy) }) {
            shared.clientConnections.subtract(1, ordering: .relaxed)
            Glibc.close(copy)
        }
        return true
    }

    /// On another thread: serves a connection thread 0 accepted (lws closes it if it cannot).
    func adopt(_ socket: Int32) {
        guard phase == .running else {
            shared.clientConnections.subtract(1, ordering: .relaxed)
            Glibc.close(socket)
            return
        }
        let before = adopted
        if lws_adopt_socket_vhost(lws.tcpVhost, socket) == nil {
            // Counted at the hand-over; once instantiated, its WSI_DESTROY uncounts it instead.
            if adopted == before { shared.clientConnections.subtract(1, ordering: .relaxed) }
            logger.debug("a connection handed over from thread 0 could not be adopted")
        }
    }

    /// The next connection's number on this thread: unique across the threads, increasing on each.
    func nextConnectionID() -> ConnectionID {
        lastConnectionID += 1
        let threads = UInt64(configuration.serviceThreads)
        return ConnectionID(rawValue: (lastConnectionID - 1) * threads + UInt64(threadIndex) + 1)
    }

    /// The thread a connection lives on, from its number.
    func threadIndex(of connection: ConnectionID) -> Int {
        Int((connection.rawValue - 1) % UInt64(configuration.serviceThreads))
    }

    /// Thread 0: the transport of the other thread that serves `connection`; nil if it is this one's.
    func otherThread(serving connection: ConnectionID) -> Transport? {
        guard !others.isEmpty else { return nil }
        let index = threadIndex(of: connection)
        return index == 0 ? nil : others[index - 1]
    }

    /// Thread 0: splits a fan-out's `connections` by the thread that serves them, in one pass,
    /// posts each other thread its share in one piece of work, and returns this thread's own.
    /// One pass: `connections` may be a filter (everyone but the sender), and thread 0 would
    /// otherwise look up every other thread's connections too, to find none.
    func handOver(
        _ message: OutboundMessage,
        to connections: some Collection<ConnectionID>,
        delivery: Delivery
    ) -> [ConnectionID] {
        var shares = Array(repeating: [ConnectionID](), count: others.count + 1)
        let expected = connections.underestimatedCount / shares.count + 16
        for index in shares.indices { shares[index].reserveCapacity(expected) }
        for id in connections { shares[threadIndex(of: id)].append(id) }
        for (other, share) in zip(others, shares.dropFirst()) where !share.isEmpty {
            other.post { other.broadcast(message, to: share, delivery: delivery) }
        }
        return shares[0]
    }

    // MARK: - Thread 0's side of the other threads' events

    func otherThreadOpened(_ connection: ConnectionID, request: UpgradeRequest) {
        guard let other = otherThread(serving: connection) else { return }
        let refusal: (code: UInt16, reason: String)? =
            phase == .running ? delegate?.transport(self, shouldAccept: request) : (1001, "server shutting down")
        if let refusal {
            stats.upgradesRefused += 1
            other.post { other.refuse(connection, code: refusal.code, reason: refusal.reason) }
            return
        }
        remoteConnections.insert(connection)
        delegate?.transport(self, didOpen: connection, request: request)
    }

    func otherThreadReceived(_ text: String, from connection: ConnectionID) {
        guard remoteConnections.contains(connection) else { return }
        delegate?.transport(self, didReceiveText: text, from: connection)
    }

    func otherThreadClosed(_ connection: ConnectionID) {
        guard remoteConnections.remove(connection) != nil else { return }
        delegate?.transport(self, didClose: connection)
    }

    /// On another thread: thread 0's delegate's answer to `request`. That thread waits meanwhile
    /// (HTTP is rare beside the WebSockets it serves); 503 if thread 0 does not answer within 2 s.
    func answerOnThreadZero(_ request: HTTPRequest) -> HTTPResponse {
        let slot = AnswerSlot()
        let posted = mailbox.post { [weak self] in
            guard let self, phase == .running, let delegate else {
                slot.fill(.transportError(503, .unavailable, "server shutting down"))
                return
            }
            slot.fill(delegate.transport(self, handleHTTP: request))
        }
        guard posted, let response = slot.wait(seconds: 2) else {
            return .transportError(503, .unavailable, "server shutting down")
        }
        return response
    }

    /// On another thread: closes a connection thread 0's delegate refused, dropping what was queued.
    func refuse(_ connection: ConnectionID, code: UInt16, reason: String) {
        guard let target = connectionsByID[connection] else { return }
        requestClose(target, code: code, reason: reason, flushFirst: false)
    }

    // MARK: - Running the other threads (thread 0)

    func startOtherThreads() {
        for other in others {
            var thread = pthread_t()
            let argument = Unmanaged.passRetained(other).toOpaque()
            let result = pthread_create(
                &thread,
                nil,
                { argument in
                    Unmanaged<Transport>.fromOpaque(argument!).takeRetainedValue().run()
                    return nil
                },
                argument
            )
            if result == 0 {
                otherThreads.append(thread)
            } else {
                Unmanaged<Transport>.fromOpaque(argument).release()
                logger.error("could not start a service thread", metadata: ["gavel.errno": "\(result)"])
            }
        }
    }

    /// Stops the other threads and waits for them; then hands their last closes to the delegate.
    func joinOtherThreads() {
        guard !others.isEmpty else { return }
        for other in others { other.requestStop() }
        for thread in otherThreads { pthread_join(thread, nil) }
        otherThreads = []
        drainMailbox()
    }
}

/// The delegate of another thread's transport: hands each event over to thread 0's transport.
final class ServiceThreadBridge: TransportDelegate {
    weak var owner: Transport?

    init(owner: Transport) {
        self.owner = owner
    }

    func transport(_ transport: Transport, handleHTTP request: HTTPRequest) -> HTTPResponse {
        owner?.answerOnThreadZero(request) ?? .transportError(503, .unavailable, "server shutting down")
    }

    /// Accepted here, decided on thread 0 (`otherThreadOpened`), which closes it if refused.
    func transport(_ transport: Transport, shouldAccept request: UpgradeRequest) -> (code: UInt16, reason: String)? {
        nil
    }

    func transport(_ transport: Transport, didOpen connection: ConnectionID, request: UpgradeRequest) {
        guard let owner else { return }
        owner.post { owner.otherThreadOpened(connection, request: request) }
    }

    func transport(_ transport: Transport, didReceiveText text: String, from connection: ConnectionID) {
        guard let owner else { return }
        owner.post { owner.otherThreadReceived(text, from: connection) }
    }

    func transport(_ transport: Transport, didClose connection: ConnectionID) {
        guard let owner else { return }
        owner.post { owner.otherThreadClosed(connection) }
    }

    func transport(_ transport: Transport, timerFired timer: TimerID) {}
}

/// One HTTP answer crossing from thread 0 to the thread that waits for it.
private final class AnswerSlot: @unchecked Sendable {
    private let response = Mutex<HTTPResponse?>(nil)
    private let done = DispatchSemaphore(value: 0)

    func fill(_ value: HTTPResponse) {
        response.withLock { $0 = value }
        done.signal()
    }

    func wait(seconds: Int) -> HTTPResponse? {
        guard done.wait(timeout: .now() + .seconds(seconds)) == .success else { return nil }
        return response.withLock { $0 }
    }
}

/// What the service threads' transports share.
final class ServiceThreadsShared: Sendable {
    /// Client connections open on every thread (HTTP and WebSocket): what `maxConnections` limits.
    let clientConnections = Atomic<Int>(0)
    /// Each thread's statistics, as of its last service round (thread 0's is not kept here).
    private let statistics: Mutex<[TransportStatistics]>

    init(threads: Int) {
        statistics = Mutex(Array(repeating: TransportStatistics(), count: threads))
    }

    func publish(_ value: TransportStatistics, thread: Int) {
        statistics.withLock { $0[thread] = value }
    }

    /// `own` (thread `thread`'s, current) plus the other threads' last published statistics.
    func total(with own: TransportStatistics, thread: Int) -> TransportStatistics {
        statistics.withLock { all in
            all.indices.filter { $0 != thread }.reduce(own) { $0.adding(all[$1]) }
        }
    }
}

extension TransportStatistics {
    func adding(_ other: TransportStatistics) -> TransportStatistics {
        var sum = self
        sum.messagesSent += other.messagesSent
        sum.bytesSent += other.bytesSent
        sum.connectionsOpened += other.connectionsOpened
        sum.connectionsClosed += other.connectionsClosed
        sum.slowClosed += other.slowClosed
        sum.httpRequests += other.httpRequests
        sum.upgradesRefused += other.upgradesRefused
        sum.refusedAtCapacity += other.refusedAtCapacity
        sum.droppedAtCapacity += other.droppedAtCapacity
        sum.floodsClosed += other.floodsClosed
        sum.slowRequestsDropped += other.slowRequestsDropped
        sum.directWrites += other.directWrites
        return sum
    }
}
