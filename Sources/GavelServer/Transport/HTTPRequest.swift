import GavelProtocol

/// One HTTP request, body included, as the delegate sees it.
public struct HTTPRequest: Sendable {
    /// "GET", "POST" or "OPTIONS". A HEAD request arrives as "GET": the transport sends the
    /// response's headers (with the GET body's Content-Length) and leaves the body out.
    public var method: String
    /// The percent-decoded path without the query, e.g. "/api/state".
    public var path: String
    /// The percent-decoded query arguments; for a repeated name, the last one wins.
    public var query: [String: String]
    /// Request headers by lower-cased name ("authorization", "origin", "content-type", "accept",
    /// "user-agent", "x-forwarded-for", "host", ...): every header libwebsockets knows by name.
    public var headers: [String: String]
    /// The whole request body (POST), at most `Transport.Configuration.maxRequestBodyBytes` long.
    public var body: [UInt8]
    /// The client's address ("127.0.0.1"), or "unix" for the Unix-socket listener.
    public var peer: String

    public init(
        method: String,
        path: String,
        query: [String: String] = [:],
        headers: [String: String] = [:],
        body: [UInt8] = [],
        peer: String = ""
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.peer = peer
    }
}

/// A request to open a WebSocket on `/ws`, as the delegate sees it before deciding to accept it.
public struct UpgradeRequest: Sendable {
    /// Always "/ws" today; other paths are refused by the transport with HTTP 404.
    public var path: String
    public var query: [String: String]
    /// Same as `HTTPRequest.headers`.
    public var headers: [String: String]
    /// "gavel.v1" or "gavel.v2" when the client asked for it, nil when it named no subprotocol.
    public var subprotocol: String?
    /// The protocol the connection speaks: the one the client asked for, v1 when it named none.
    public var version: ProtocolVersion
    public var peer: String

    public init(
        path: String,
        query: [String: String] = [:],
        headers: [String: String] = [:],
        subprotocol: String? = nil,
        version: ProtocolVersion? = nil,
        peer: String = ""
    ) {
        self.path = path
        self.query = query
        self.headers = headers
        self.subprotocol = subprotocol
        self.version = version ?? subprotocol.flatMap(ProtocolVersion.init(rawValue:)) ?? .v1
        self.peer = peer
    }
}
