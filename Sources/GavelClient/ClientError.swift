/// Why talking to gaveld failed, before or apart from the meeting's own answer.
///
/// A struct with a kind rather than an enum, so kinds can be added without breaking callers
/// that switch on them (they need a `default`). The message says what happened, for people.
public struct ClientError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// Nothing answered at the address: refused, no route, unknown host, not a gaveld.
        public static let unreachable = Kind("unreachable")
        /// The daemon accepted the connection but did not answer in time.
        public static let timedOut = Kind("timedOut")
        /// An open connection closed or dropped before the answer came.
        public static let connectionLost = Kind("connectionLost")
        /// The daemon answered something that is not gavel.v1.
        public static let protocolViolation = Kind("protocolViolation")
        /// The client could not start (libwebsockets refused to create its context).
        public static let setupFailed = Kind("setupFailed")
        /// The daemon did not accept this connection as a control connection: no token, or the wrong one.
        public static let notAuthorized = Kind("notAuthorized")
        /// The daemon refuses tokens from this address for a while: too many wrong ones were sent
        /// from it (`retryAfter` says how long). The right token is always taken, so the token
        /// this client has is most likely wrong too.
        public static let rateLimited = Kind("rateLimited")

        public var description: String { name }
    }

    public var kind: Kind
    public var message: String
    /// True when a command had been sent before the failure: it may have been applied, and only
    /// a retry with the same id (or a look at the state) can tell.
    public var commandWasSent = false
    /// `rateLimited`: when the address may try again.
    public var retryAfter: Duration?

    public init(_ kind: Kind, _ message: String, commandWasSent: Bool = false, retryAfter: Duration? = nil) {
        self.kind = kind
        self.message = message
        self.commandWasSent = commandWasSent
        self.retryAfter = retryAfter
    }

    public var description: String { message }
}
