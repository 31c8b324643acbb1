import GavelCore

/// What the daemon asks of its transport, every call on the service thread. gaveld runs it on
/// `Transport` (libwebsockets); the daemon's in-process tests (Tests/GavelServerTests) put a fake
/// in its place that records what was sent, to whom and in what order, and which timers are armed.
public protocol DaemonTransport: AnyObject {
    /// Who is told of connections, messages, requests and timers.
    var delegate: (any TransportDelegate)? { get set }
    /// Runs `work` once the answers of this round (replies to what arrived) are written.
    func afterAnswers(_ work: @escaping () -> Void)
    func send(_ message: OutboundMessage, to connection: ConnectionID, delivery: Delivery)
    /// An array, not any collection: the daemon holds its transport as `any DaemonTransport`, and
    /// through it a generic collection is walked unspecialized, each element through witness
    /// tables and generic metadata. With a set and a filter, that walk took thread 0 about 0.4 ms
    /// at 5,000 displays before the other service thread was handed its share.
    func broadcast(_ message: OutboundMessage, to connections: [ConnectionID], delivery: Delivery)
    func close(_ connection: ConnectionID, code: UInt16, reason: String)
    func closeAll(code: UInt16, reason: String)
    /// Arms `timer` (replacing it if armed) to fire after `delay`.
    func schedule(_ timer: TimerID, after delay: Duration)
    func cancel(_ timer: TimerID)
    func requestStop()
    /// Open WebSocket connections.
    var connectionCount: Int { get }
    /// Open client connections, HTTP and WebSocket.
    var clientConnectionCount: Int { get }
    var statistics: TransportStatistics { get }
}

extension Transport: DaemonTransport {}

/// The daemon's time: `ServerClock` in gaveld, a manual clock in the in-process tests.
public protocol Timeline: Sendable {
    /// Now, on the daemon's timeline.
    func now() -> Instant
    /// The anchor to keep in the journal, so that a restart on this boot continues the timeline.
    var anchor: ServerClock.Anchor { get }
    /// How far the wall clock moved from the timeline since the anchor (reported, never applied).
    func wallClockOffset() -> Duration
}

extension ServerClock: Timeline {}
