import GavelProtocol

/// The delegate's answer to an `HTTPRequest`.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var contentType: String
    /// Extra headers, e.g. ("cache-control", "no-store"), ("www-authenticate", "Bearer"),
    /// ("allow", "GET, POST"), ("retry-after", "1"). Content-Type and Content-Length are set by the
    /// transport from `contentType` and `body`.
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, contentType: String, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.contentType = contentType
        self.headers = headers
        self.body = body
    }

    /// A JSON response from already-serialised bytes.
    public static func json(_ status: Int, _ bytes: [UInt8], headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, contentType: "application/json", headers: headers, body: bytes)
    }

    /// A JSON response from an already-serialised string.
    public static func json(_ status: Int, _ text: String, headers: [(String, String)] = []) -> HTTPResponse {
        json(status, Array(text.utf8), headers: headers)
    }

    /// This response with one more header.
    public func adding(header name: String, _ value: String) -> HTTPResponse {
        var copy = self
        copy.headers.append((name, value))
        return copy
    }

    /// An error the transport answers itself, in the shape and with the codes the daemon uses for
    /// its own errors (docs/protocol.md): `{"type":"error","code":"tooLarge","message":"..."}`.
    static func transportError(
        _ status: Int,
        _ code: ProtocolError.Code,
        _ message: String,
        headers: [(String, String)] = []
    ) -> HTTPResponse {
        let body = "{\"type\":\"error\",\"code\":\"\(code.rawValue)\",\"message\":\(JSONString.quoted(message))}"
        return json(status, body, headers: headers)
    }
}

/// Minimal JSON string quoting for the transport's own error bodies (the daemon has real encoders).
enum JSONString {
    static func quoted(_ string: String) -> String {
        var out = "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
