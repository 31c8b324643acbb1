/// Counters since the transport started.
public struct TransportStatistics: Sendable, Hashable {
    /// WebSocket messages written completely (a fragmented message counts once).
    public var messagesSent: UInt64 = 0
    /// WebSocket payload bytes written (frame headers not included).
    public var bytesSent: UInt64 = 0
    /// WebSocket connections accepted (`didOpen` calls).
    public var connectionsOpened: UInt64 = 0
    /// Accepted WebSocket connections that are gone (`didClose` calls).
    public var connectionsClosed: UInt64 = 0
    /// Connections closed for stalling or for letting their queue overflow.
    public var slowClosed: UInt64 = 0
    /// HTTP requests answered, by the delegate or by the transport itself (404, 405, 413...).
    public var httpRequests: UInt64 = 0
    /// WebSocket upgrades refused (wrong subprotocol, by the delegate, at capacity, shutting down).
    public var upgradesRefused: UInt64 = 0

    public init() {}
}
