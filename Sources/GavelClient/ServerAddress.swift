import GavelProtocol

/// Where gaveld listens, as `--server` or `GAVEL_SERVER` names it.
///
/// Accepted: `host:port`, `host` (port 8417), `[v6]:port`, `http://host:port`, `ws://host:port`
/// (a path after them is ignored: gavel knows the daemon's paths), and `unix:/path/to/socket`
/// for a daemon started with `--unix-socket`.
public enum ServerAddress: Hashable, Sendable, CustomStringConvertible {
    case tcp(host: String, port: Int)
    case unix(path: String)

    /// The local daemon's default address, 127.0.0.1:8417.
    public static let localDefault = ServerAddress.tcp(host: LocalDaemon.defaultHost, port: LocalDaemon.defaultPort)

    /// What `parse` accepts, for usage messages.
    public static let acceptedForms = "HOST:PORT, HOST, http://HOST:PORT, ws://HOST:PORT or unix:/PATH"

    /// Parses an address; the error says what was wrong and what to write.
    public static func parse(_ text: String) -> Result<ServerAddress, AddressError> {
        let trimmed = text.trimmingCharacters(in: " \t")
        guard !trimmed.isEmpty else {
            return .failure(AddressError("the server address is empty; write it as \(acceptedForms)"))
        }
        if trimmed.hasPrefix("unix:") {
            let path = String(trimmed.dropFirst("unix:".count))
            guard path.hasPrefix("/") || path.hasPrefix("@") else {
                return .failure(AddressError("'\(text)': a Unix socket is unix:/absolute/path (or unix:@abstract)"))
            }
            guard path.utf8.count < 108 else {
                return .failure(AddressError("'\(text)': a Unix socket path is at most 107 bytes"))
            }
            return .success(.unix(path: path))
        }
        var rest = Substring(trimmed)
        if let schemeEnd = rest.range(of: "://") {
            let scheme = rest[..<schemeEnd.lowerBound].lowercased()
            switch scheme {
            case "http", "ws":
                break
            case "https", "wss":
                return .failure(
                    AddressError(
                        "'\(text)': gaveld speaks plain HTTP and WebSocket; to reach it over TLS, run gavel on "
                            + "the daemon's machine or through an SSH tunnel (ssh -L 8417:127.0.0.1:8417 HOST)"
                    )
                )
            default:
                return .failure(AddressError("'\(text)': unknown scheme '\(scheme)'; write \(acceptedForms)"))
            }
            rest = rest[schemeEnd.upperBound...]
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        var host = ""
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                return .failure(AddressError("'\(text)': an IPv6 address needs its closing ']'"))
            }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                return .failure(AddressError("'\(text)': expected ':PORT' after the IPv6 address"))
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            portText = rest[rest.index(after: colon)...]
        } else {
            host = String(rest)
        }
        if host.isEmpty { host = LocalDaemon.defaultHost }
        guard host.allSatisfy({ !$0.isWhitespace }) else {
            return .failure(AddressError("'\(text)' is not a server address; write it as \(acceptedForms)"))
        }
        var port = LocalDaemon.defaultPort
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                return .failure(AddressError("'\(text)': the port must be a number from 1 to 65535"))
            }
            port = number
        }
        return .success(.tcp(host: host, port: port))
    }

    /// True for a daemon on this machine: loopback addresses, `localhost`, a Unix socket. Only
    /// then does gavel look for the token in the local daemon's state directory.
    public var isLocal: Bool {
        switch self {
        case .unix: true
        case .tcp(let host, _):
            host == "localhost" || host == "::1" || host.hasPrefix("127.") || host.lowercased() == "localhost."
        }
    }

    public var description: String {
        switch self {
        case .unix(let path): "unix:\(path)"
        case .tcp(let host, let port): host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
        }
    }

    /// True for a Unix socket or an IP address; false for a host name that needs resolving.
    var isNumeric: Bool {
        switch self {
        case .unix: return true
        case .tcp(let host, _):
            if host.contains(":") { return true }
            let parts = host.split(separator: ".", omittingEmptySubsequences: false)
            return parts.count == 4 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
        }
    }

    /// The address as lws' client takes it: a host, or `+/path` for a Unix socket.
    var lwsAddress: String {
        switch self {
        case .unix(let path): "+" + path
        case .tcp(let host, _): host
        }
    }

    var port: Int {
        switch self {
        case .unix: 0
        case .tcp(_, let port): port
        }
    }

    /// The `Host` header.
    var hostHeader: String {
        switch self {
        case .unix: "localhost"
        case .tcp: description
        }
    }
}

/// Why a server address could not be read.
public struct AddressError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var text = Substring(self)
        while let first = text.first, characters.contains(first) { text = text.dropFirst() }
        while let last = text.last, characters.contains(last) { text = text.dropLast() }
        return String(text)
    }
}
