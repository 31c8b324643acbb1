/// Plain HTTP against gaveld (reports, the meetings list, pairing codes), over the same lws client.
public enum HTTPClient {
    public struct Response: Hashable, Sendable {
        public var status: Int
        public var body: [UInt8]

        public var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// GETs `path` (with its query) from the daemon, waiting up to `timeout` for the whole body.
    public static func get(
        _ path: String,
        from address: ServerAddress,
        headers: [(name: String, value: String)] = [],
        maximumBytes: Int = 64 * 1024 * 1024,
        timeout: Duration
    ) throws(ClientError) -> Response {
        try request(.httpGet, path, from: address, headers: headers, maximumBytes: maximumBytes, timeout: timeout)
    }

    /// POSTs a JSON `body` to `path`, waiting up to `timeout` for the whole answer.
    public static func post(
        _ path: String,
        json body: [UInt8],
        to address: ServerAddress,
        headers: [(name: String, value: String)] = [],
        timeout: Duration
    ) throws(ClientError) -> Response {
        let all =
            headers + [
                (name: "Content-Type", value: "application/json"), (name: "Content-Length", value: "\(body.count)"),
            ]
        return try request(
            .httpPost(body: body),
            path,
            from: address,
            headers: all,
            maximumBytes: 1024 * 1024,
            timeout: timeout
        )
    }

    private static func request(
        _ mode: LWSClient.Mode,
        _ path: String,
        from address: ServerAddress,
        headers: [(name: String, value: String)],
        maximumBytes: Int,
        timeout: Duration
    ) throws(ClientError) -> Response {
        let client = try LWSClient(
            address: address,
            path: path,
            mode: mode,
            headers: headers,
            maximumMessageBytes: maximumBytes
        )
        defer { client.destroy() }
        let finished = client.service(until: .now + timeout) { client.phase != .closed }
        guard let status = client.httpStatus else {
            if !finished { throw ClientError(.timedOut, "\(address) did not answer within \(timeout.text)") }
            throw ClientError(.unreachable, WebSocketClient.describeFailure(client.connectFailure, address: address))
        }
        if let failure = client.connectFailure, !client.httpComplete {
            throw ClientError(.protocolViolation, "\(address) sent an answer gavel cannot take: \(failure)")
        }
        guard finished else {
            throw ClientError(.timedOut, "\(address) did not send the whole answer within \(timeout.text)")
        }
        guard client.httpComplete else {
            throw ClientError(.connectionLost, "\(address) closed the connection before its answer was complete")
        }
        return Response(status: status, body: client.httpBody)
    }
}
