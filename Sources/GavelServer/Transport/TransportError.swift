/// Why a transport could not start. The message says what was wrong and what to do.
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case cannotListen
        case invalidConfiguration
        case libwebsockets
        case tls
    }

    private let kind: Kind
    public let message: String

    private init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// Binding a listener failed, e.g. "cannot listen on 127.0.0.1:8417: address already in use".
    public static func cannotListen(_ message: String) -> TransportError { .init(.cannotListen, message) }

    static func invalidConfiguration(_ message: String) -> TransportError { .init(.invalidConfiguration, message) }

    static func libwebsockets(_ message: String) -> TransportError { .init(.libwebsockets, message) }

    static func tls(_ message: String) -> TransportError { .init(.tls, message) }

    /// True when the TLS certificate or key could not be used (unreadable, not PEM, not a pair).
    public var isTLS: Bool { kind == .tls }

    /// True when a listener could not be bound (port in use, no permission, bad address).
    public var isCannotListen: Bool { kind == .cannotListen }
}
