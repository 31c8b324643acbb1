import GavelCore

/// Which browser pages may control the meeting.
///
/// A browser names the page a request comes from in `Origin` (a WebSocket upgrade, a POST, a
/// preflight), and a page cannot forge it. Reading (displays, state, reports) is open to pages
/// from anywhere: a display page served elsewhere may subscribe. Control (an `auth` message, a
/// command, `POST /api/v1/commands`) is taken from a browser only when its page comes from gaveld
/// itself (the origin names the host the request was sent to) or from an origin listed with
/// `--allowed-origin`. Requests without `Origin` (the CLI, curl, a Stream Deck) are not from a
/// browser page and are unaffected; the token is still required.
public struct OriginPolicy: Sendable, Hashable {
    /// Normalised origins ("https://chair.example.org:8443"); "*" allows every origin.
    public private(set) var allowed: Set<String>

    /// Control only from pages gaveld served itself (and from anything that is not a browser).
    public static let sameHostOnly = OriginPolicy(allowed: [])

    private init(allowed: Set<String>) {
        self.allowed = allowed
    }

    /// Every entry must be an origin (`scheme://host[:port]`), `null` or `*`; the error names the
    /// entry, the caller says where it came from.
    public init(allowedOrigins: [String]) throws(DaemonError) {
        var allowed: Set<String> = []
        for entry in allowedOrigins.map({ $0.trimmingSpaces }).filter({ !$0.isEmpty }) {
            if entry == "*" || entry == "null" {
                allowed.insert(entry)
            } else if let origin = Origin(entry) {
                allowed.insert(origin.serialized)
            } else {
                throw DaemonError(
                    "'\(entry)' is not an origin: write it as the browser shows it, "
                        + "scheme://host[:port] (e.g. https://chair.example.org), null, or *"
                )
            }
        }
        self.allowed = allowed
    }

    /// May a request with these `Origin` and `Host` headers control the meeting?
    public func allowsControl(origin: String?, host: String?) -> Bool {
        guard let header = origin?.trimmingSpaces, !header.isEmpty else { return true }  // not a browser page
        if allowed.contains("*") { return true }
        if header == "null" { return allowed.contains("null") }
        // Browsers always send scheme://host[:port]; anything else (libwebsockets' client sends
        // "host:port") is not a browser's, and a browser page cannot send it.
        guard let origin = Origin(header) else { return true }
        if allowed.contains(origin.serialized) { return true }
        return origin.isSameHost(as: host)
    }

    /// The header's origin in normalised form, for messages and CORS answers.
    static func describe(_ header: String?) -> String {
        guard let header else { return "none" }
        return Origin(header)?.serialized ?? header
    }

    /// A parsed `scheme://host[:port]`, host lower-cased, default port left out.
    struct Origin: Hashable {
        var scheme: String
        var host: String
        var port: Int

        init?(_ text: String) {
            let lowered = text.lowercased()
            guard let separator = lowered.range(of: "://") else { return nil }
            let scheme = String(lowered[..<separator.lowerBound])
            var rest = String(lowered[separator.upperBound...])
            if rest.hasSuffix("/") { rest.removeLast() }
            guard !scheme.isEmpty, scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }),
                !rest.isEmpty, !rest.contains("/"), !rest.contains("@"), !rest.contains("?")
            else { return nil }
            guard let (host, port) = Self.split(rest) else { return nil }
            self.scheme = scheme
            self.host = host
            self.port = port ?? Self.defaultPort(scheme)
        }

        var serialized: String {
            port == Self.defaultPort(scheme) ? "\(scheme)://\(host)" : "\(scheme)://\(host):\(port)"
        }

        /// The origin names the host the request was sent to (`Host`). A Host without a port (a
        /// reverse proxy on the default port) matches on the name alone, whatever the scheme.
        func isSameHost(as hostHeader: String?) -> Bool {
            guard let hostHeader, let (name, port) = Self.split(hostHeader.lowercased().trimmingSpaces) else {
                return false
            }
            return name == host && (port == nil || port == self.port)
        }

        /// "host:port", "[v6]:port", "host" → name and port.
        static func split(_ text: String) -> (String, Int?)? {
            if text.hasPrefix("[") {
                guard let close = text.firstIndex(of: "]") else { return nil }
                let name = String(text[...close])
                let after = text[text.index(after: close)...]
                if after.isEmpty { return (name, nil) }
                guard after.hasPrefix(":"), let port = Int(after.dropFirst()), (1...65535).contains(port) else {
                    return nil
                }
                return (name, port)
            }
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard !parts[0].isEmpty, parts.count <= 2 else { return nil }
            if parts.count == 1 { return (String(parts[0]), nil) }
            guard let port = Int(parts[1]), (1...65535).contains(port) else { return nil }
            return (String(parts[0]), port)
        }

        static func defaultPort(_ scheme: String) -> Int {
            switch scheme {
            case "https", "wss": 443
            default: 80
            }
        }
    }
}
