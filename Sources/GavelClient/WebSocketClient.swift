/// A WebSocket connection to gaveld, serviced on the calling thread: every call that waits takes
/// a timeout and returns or throws when it passes. Not thread-safe; use it from one thread.
public final class WebSocketClient {
    private let client: LWSClient
    private let address: ServerAddress

    /// Connects to `ws://ADDRESS/PATH` offering `subprotocol`, with extra upgrade `headers`
    /// (e.g. `Authorization: Bearer …`), and waits until the connection is open.
    public init(
        address: ServerAddress,
        path: String,
        subprotocol: String,
        headers: [(name: String, value: String)] = [],
        maximumMessageBytes: Int = 16 * 1024 * 1024,
        timeout: Duration
    ) throws(ClientError) {
        self.address = address
        client = try LWSClient(
            address: address,
            path: path,
            mode: .webSocket(subprotocol: subprotocol),
            headers: headers,
            maximumMessageBytes: maximumMessageBytes
        )
        let opened = client.service(until: .now + timeout) { client.phase == .connecting }
        guard opened, client.phase == .open else {
            defer { client.destroy() }
            if !opened {
                throw ClientError(
                    .timedOut,
                    "\(address) did not complete the WebSocket handshake within \(timeout.text)"
                )
            }
            throw ClientError(.unreachable, Self.describeFailure(client.connectFailure, address: address))
        }
    }

    deinit {
        client.destroy()
    }

    /// The next text message, waiting up to `timeout`; nil if none came in time. Throws
    /// `connectionLost` once the connection is closed and every received message was taken.
    public func receive(timeout: Duration) throws(ClientError) -> String? {
        if let message = client.takeMessage() { return message }
        try ensureOpen()
        client.service(until: .now + timeout) { !client.hasMessage && client.phase == .open }
        if let message = client.takeMessage() { return message }
        try ensureOpen()
        return nil
    }

    /// Queues `text` and writes it, waiting up to `timeout` for the socket to take it.
    public func send(_ text: String, timeout: Duration = .seconds(5)) throws(ClientError) {
        try ensureOpen()
        client.send(text)
        let flushed = client.service(until: .now + timeout) { !client.outboxIsEmpty && client.phase == .open }
        try ensureOpen()
        if !flushed { throw ClientError(.timedOut, "\(address) did not take a message within \(timeout.text)") }
    }

    /// Closes the connection cleanly (a close frame, code 1000), waiting up to `timeout` for the
    /// daemon's answer, then frees it.
    public func close(timeout: Duration = .milliseconds(500)) {
        client.close()
        client.service(until: .now + timeout) { client.phase != .closed }
        client.destroy()
    }

    /// Test-only: the next `send` writes its message and then drops the connection as a network
    /// failure would, before anything else is read. Used to prove the command retry rule.
    public func dropAfterNextSend() {
        client.dropAfterNextWrite = true
    }

    public var isOpen: Bool { client.phase == .open }

    private func ensureOpen() throws(ClientError) {
        guard client.phase != .open else { return }
        var message = "the connection to \(address) was lost"
        if let code = client.closeCode {
            let reason = client.closeReason.flatMap { $0.isEmpty ? nil : $0 }
            message = "\(address) closed the connection (\(code)\(reason.map { ": \($0)" } ?? ""))"
        }
        throw ClientError(.connectionLost, message)
    }

    /// A whole sentence for people: what failed, and what to check.
    static func describeFailure(_ failure: String?, address: ServerAddress) -> String {
        let hint = "is gaveld running there? Start it, or point --server (GAVEL_SERVER) at it"
        guard let failure else {
            // lws refuses to start a connection it cannot resolve, without saying why.
            if !address.isNumeric {
                return "cannot connect to \(address): the host name does not resolve; check --server (GAVEL_SERVER)"
            }
            return "cannot connect to \(address); \(hint)"
        }
        let lower = failure.lowercased()
        if lower.hasPrefix("hs:") || lower.contains("upgrade") || lower.contains("bad http response") {
            return "\(address) answered, but not as gaveld does (\(failure)); is this the right address?"
        }
        if lower == "unable to connect" {
            // lws' words for every failed connect(): refused, mostly.
            return "cannot connect to \(address) (nothing answered); \(hint)"
        }
        return "cannot connect to \(address) (\(failure)); \(hint)"
    }
}

extension Duration {
    /// "5s", "500ms": for messages about timeouts.
    var text: String {
        let milliseconds = components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000)s" : "\(milliseconds)ms"
    }
}
