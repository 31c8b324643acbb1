import GavelCore

@testable import GavelServer

/// The daemon's transport in-process: it records every message in the order the daemon queued
/// it, runs the work left for after the answers when the test says the round is over, and keeps
/// the armed timers for the test to fire on its manual clock.
///
/// Each connection also has the transport's own queue (`OutboundQueue`, as gaveld's): `read`
/// takes what a display that reads now would receive (a `.latest` message replaced by a newer
/// one is gone), and a connection that lets `queueLimit` messages pile up is closed as gaveld
/// closes it (1008), its close reaching the daemon at the end of the round.
final class FakeTransport: DaemonTransport {
    /// One message queued for one connection.
    struct Sent {
        var to: ConnectionID
        var text: String
        var delivery: Delivery
        /// The message's "type" field: "hello", "state", "ack", "alert", ...
        var type: String {
            guard let range = text.range(of: #""type":""#) else { return "" }
            return String(text[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    weak var delegate: (any TransportDelegate)?
    private(set) var sent: [Sent] = []
    private(set) var closed: [ConnectionID: UInt16] = [:]
    /// Armed timers: when each is due, on the clock passed to `schedule` by the test's clock.
    private(set) var timers: [TimerID: Instant] = [:]
    private var pendingAfterAnswers: [() -> Void] = []
    private(set) var stopRequested = false
    let clock: ManualClock
    var open: Set<ConnectionID> = [] {
        didSet {
            for connection in open.subtracting(oldValue) { queues[connection] = OutboundQueue(limit: queueLimit) }
        }
    }
    /// How many `.queued` messages may wait for one connection before it is closed for stalling.
    var queueLimit = 256
    private var queues: [ConnectionID: OutboundQueue] = [:]
    private var closingForStalling: [ConnectionID] = []
    /// Told of a connection the transport closed (for stalling), as gaveld's transport tells the
    /// daemon.
    var onClose: ((ConnectionID) -> Void)?

    init(clock: ManualClock) {
        self.clock = clock
    }

    func afterAnswers(_ work: @escaping () -> Void) {
        pendingAfterAnswers.append(work)
    }

    /// The end of a round: what waited for the answers runs now (the fan-out), then the closes
    /// of connections that stalled.
    func finishRound() {
        while !pendingAfterAnswers.isEmpty {
            let work = pendingAfterAnswers.removeFirst()
            work()
        }
        while !closingForStalling.isEmpty {
            let connection = closingForStalling.removeFirst()
            onClose?(connection)
        }
    }

    var hasWorkAfterAnswers: Bool { !pendingAfterAnswers.isEmpty }

    func send(_ message: OutboundMessage, to connection: ConnectionID, delivery: Delivery) {
        guard open.contains(connection) else { return }
        sent.append(Sent(to: connection, text: message.text, delivery: delivery))
        if queues[connection]?.enqueue(message, delivery: delivery) == .overflow {
            open.remove(connection)
            queues[connection] = nil
            closed[connection] = 1008
            closingForStalling.append(connection)
        }
    }

    /// What a display reading `connection` now receives, in order: the transport's queue, drained.
    func read(_ connection: ConnectionID) -> [Sent] {
        var messages: [Sent] = []
        while let message = queues[connection]?.dequeue() {
            messages.append(Sent(to: connection, text: message.text, delivery: .queued))
        }
        return messages
    }

    func broadcast(_ message: OutboundMessage, to connections: [ConnectionID], delivery: Delivery) {
        for connection in connections { send(message, to: connection, delivery: delivery) }
    }

    func close(_ connection: ConnectionID, code: UInt16, reason: String) {
        closed[connection] = code
    }

    func closeAll(code: UInt16, reason: String) {
        for connection in open { closed[connection] = code }
    }

    func schedule(_ timer: TimerID, after delay: Duration) {
        timers[timer] = clock.now() + delay
    }

    func cancel(_ timer: TimerID) {
        timers[timer] = nil
    }

    func requestStop() {
        stopRequested = true
    }

    var connectionCount: Int { open.count }
    var clientConnectionCount: Int { open.count }
    var statistics: TransportStatistics { TransportStatistics() }

    /// What `connection` was sent, in order, and forgets it.
    func take(_ connection: ConnectionID) -> [Sent] {
        let mine = sent.filter { $0.to == connection }
        sent.removeAll { $0.to == connection }
        return mine
    }

    /// Forgets everything sent so far.
    func clearSent() {
        sent.removeAll()
    }
}

/// The daemon's timeline, moved by the test.
final class ManualClock: Timeline, @unchecked Sendable {
    private(set) var current: Instant
    let anchor: ServerClock.Anchor

    init(at start: Instant) {
        current = start
        anchor = ServerClock.Anchor(bootID: "test-boot", wall: start, monotonicNanoseconds: 0)
    }

    func now() -> Instant { current }
    func wallClockOffset() -> Duration { .zero }

    func advance(by duration: Duration) {
        current = current + duration
    }
}
