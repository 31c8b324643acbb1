import GavelCore

/// Which browser pages may control the meeting.
///
/// A browser names the page a request comes from in `Origin` (a WebSocket upgrade, a POST, a
/// preflight), and a page cannot forge it. Reading (displays, state, reports) is open to pages
/// from anywhere: a display page served elsewhere may subscribe. Control (an `auth` message, a
/// command, `POST /api/v1/commands`) is taken from a browser only when its page comes from one of
/// the origins gaveld serves (`served`: its listen address, the machine's names, set at start) or
/// from an origin listed with `--allowed-origin` (a reverse proxy's public URL, a DNS name).
/// Requests without `Origin` (the CLI, curl, a Stream Deck) are not from a browser page and are
/// unaffected; the token is still required.
///
/// The request's `Host` header is not looked at: it says what the client claims to have asked
/// for, and a page of `evil.example` whose name was made to resolve to gaveld's address (DNS
/// rebinding) sends `Host: evil.example` with `Origin: http://evil.example`.
public struct OriginPolicy: Sendable, Hashable {
    /// Normalised origins from `--allowed-origin` ("https://chair.example.org:8443"); "*" allows
    /// every origin.
    public private(set) var allowed: Set<String>
    /// Normalised origins of gaveld's own pages: how browsers on the network reach it.
    public private(set) var served: Set<String> = []

    /// Control only from the pages of the origins gaveld serves (and from anything that is not a
    /// browser); none until `serving(_:)` names them.
    public static let servedOnly = OriginPolicy(allowed: [])

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

    /// The policy with `origins` (as `servedOrigins` makes them) added to those gaveld serves.
    public func serving(_ origins: some Sequence<String>) -> OriginPolicy {
        var policy = self
        policy.served.formUnion(origins.compactMap { Origin($0)?.serialized })
        return policy
    }

    /// May a request with this `Origin` header control the meeting?
    public func allowsControl(origin: String?) -> Bool {
        guard let header = origin?.trimmingSpaces, !header.isEmpty else { return true }  // not a browser page
        if allowed.contains("*") { return true }
        if header == "null" { return allowed.contains("null") }
        // Browsers always send scheme://host[:port]; anything else (libwebsockets' client sends
        // "host:port") is not a browser's, and a browser page cannot send it.
        guard let origin = Origin(header) else { return true }
        return allowed.contains(origin.serialized) || served.contains(origin.serialized)
    }

    /// The origins of gaveld's own pages when it listens on `host`:`port`: the address itself,
    /// or every interface's address when it listens on all of them (`0.0.0.0`, `::`); the
    /// loopback names for a loopback or wildcard address; and the machine's own names
    /// (`hostName`, and `hostName.local` for mDNS when it has no dot), by which a venue's
    /// laptops reach it. IPv6 link-local addresses are left out: browsers cannot open them.
    public static func servedOrigins(
        scheme: String,
        host: String,
        port: Int,
        interfaceAddresses: [String],
        hostName: String?
    ) -> [String] {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        let wildcard = ["", "0.0.0.0", "::", "*"].contains(bare)
        let loopback = bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
        var names: [String] = wildcard ? interfaceAddresses : [bare]
        if wildcard || loopback { names += ["localhost", "127.0.0.1", "::1"] }
        if let hostName = hostName?.lowercased(), !hostName.isEmpty {
            names.append(hostName)
            if !hostName.contains(".") { names.append(hostName + ".local") }
        }
        var origins: [String] = []
        for name in names where !name.lowercased().hasPrefix("fe80:") && !name.contains("%") {
            let literal = name.contains(":") ? "[\(name)]" : name
            if let origin = Origin("\(scheme)://\(literal):\(port)"), !origins.contains(origin.serialized) {
                origins.append(origin.serialized)
            }
        }
        return origins
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
