/// What the daemon implements to serve HTTP and WebSocket clients. Every call happens on the
/// transport's service thread, so the delegate may call the transport's service-thread methods
/// (`send`, `broadcast`, `close`, `schedule`, ...) directly.
public protocol TransportDelegate: AnyObject {
    /// Answers one HTTP request (body included). Not called for WebSocket upgrades.
    func transport(_ transport: Transport, handleHTTP request: HTTPRequest) -> HTTPResponse

    /// Decides on a WebSocket upgrade to `/ws`: return nil to accept, or a close code and reason to
    /// refuse it. A refused client completes the handshake and then receives that close frame (a
    /// browser sees the code and reason, which it would not for an HTTP error).
    func transport(_ transport: Transport, shouldAccept request: UpgradeRequest) -> (code: UInt16, reason: String)?

    /// An accepted connection is open; messages can be sent to it from now on.
    func transport(_ transport: Transport, didOpen connection: ConnectionID, request: UpgradeRequest)

    /// One complete text message (fragments already reassembled, UTF-8 already checked).
    func transport(_ transport: Transport, didReceiveText text: String, from connection: ConnectionID)

    /// The connection is gone, whoever closed it. Sends to it are ignored from now on.
    func transport(_ transport: Transport, didClose connection: ConnectionID)

    /// A timer scheduled with `Transport.schedule(_:after:)` is due.
    func transport(_ transport: Transport, timerFired timer: TimerID)
}
