/// Counters since the transport started.
public struct TransportStatistics: Sendable, Hashable {
    /// WebSocket messages written completely (a fragmented message counts once).
    public var messagesSent: UInt64 = 0
    /// WebSocket payload bytes written (frame headers not included).
    public var bytesSent: UInt64 = 0
    /// Messages, and keepalive pings, whose first write went out as soon as they were queued,
    /// outside a WRITEABLE callback (`Transport.Configuration.FanoutWrites.direct`).
    public var directWrites: UInt64 = 0
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
    /// WebSocket upgrades and HTTP requests refused because `maxConnections` were open (1013, 503).
    public var refusedAtCapacity: UInt64 = 0
    /// Connections closed as soon as accepted, `refusalHeadroom` past `maxConnections`.
    public var droppedAtCapacity: UInt64 = 0
    /// WebSockets closed (1008) for sending messages faster than `inboundMessageRate`.
    public var floodsClosed: UInt64 = 0
    /// HTTP requests dropped because their body had not arrived within `headerTimeout`.
    public var slowRequestsDropped: UInt64 = 0

    public init() {}
}
