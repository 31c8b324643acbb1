@testable import GavelServer

extension WebSocketConnection {
    /// A connection with no socket behind it, for tests of its bookkeeping: the pointer is never
    /// dereferenced there (queue limit 8, messages up to 1 KiB, 50 a second with a burst of 100).
    static func detached(now: ContinuousClock.Instant, id: UInt64 = 1) -> WebSocketConnection {
        WebSocketConnection(
            wsi: OpaquePointer(bitPattern: 0x1000)!,
            plainSocket: nil,
            id: ConnectionID(rawValue: id),
            request: UpgradeRequest(path: "/ws"),
            queueLimit: 8,
            messageLimit: 1024,
            messageRate: .init(perSecond: 50, burst: 100),
            now: now
        )
    }
}
