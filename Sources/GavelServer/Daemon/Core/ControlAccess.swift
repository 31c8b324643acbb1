import GavelCore

/// Who may control the meeting: decided from the page's origin, the token presented and the
/// address's failed attempts, with no I/O (the caller passes the time). One gate for the
/// WebSocket upgrade, the `auth` message, a command on a read-only connection and
/// `POST /api/v1/commands`.
///
/// In order:
/// 1. A browser page of an origin that may not control (`OriginPolicy`) is refused before the
///    token is looked at, so a hostile page cannot even guess it; not counted as a guess.
/// 2. No token is not a guess (a display that sent a command, a script that forgot its header):
///    refused, not counted.
/// 3. The right token is always granted, whatever the address did before. The bound on guessing
///    is the token's entropy, not the limit: a generated token is 32 random bytes (256 bits), a
///    token file needs at least 16 characters, and `AccessToken.matches` takes the same time
///    wherever a guess differs.
/// 4. A wrong token is counted against its address; past the limit it is answered `rateLimited`
///    (cheaply, and with one log line per window) until the window ends.
struct ControlAccess {
    /// What was presented: nothing, an `auth` message's token, or an `Authorization` header.
    enum Credential: Equatable {
        case none
        case token(String)
        case authorization(String)
    }

    enum Decision: Equatable {
        case granted
        /// A browser page of this origin (normalised) may not control.
        case forbiddenOrigin(String)
        case noToken
        /// Counted against the address; `failure` says what the count did, for the log.
        case wrongToken(ControlAttemptLimiter.Failure)
        /// A wrong token from an address past its limit; the window ends in `retryAfterSeconds`.
        case rateLimited(retryAfterSeconds: Int)
    }

    let token: AccessToken
    let originPolicy: OriginPolicy
    private(set) var failures: ControlAttemptLimiter

    init(token: AccessToken, originPolicy: OriginPolicy, limit: ControlAttemptLimiter.Policy) {
        self.token = token
        self.originPolicy = originPolicy
        self.failures = ControlAttemptLimiter(policy: limit)
    }

    /// The peer of a connection on the Unix socket: no browser page can reach it, so its
    /// `Origin` (older gavel CLIs sent "http://localhost") is not a page's.
    static let unixPeer = "unix"

    mutating func decide(_ credential: Credential, peer: String, origin: String?, at now: Instant) -> Decision {
        guard peer == Self.unixPeer || originPolicy.allowsControl(origin: origin) else {
            return .forbiddenOrigin(OriginPolicy.describe(origin))
        }
        let matches: Bool
        switch credential {
        case .none: return .noToken
        case .token(let presented): matches = token.matches(presented)
        case .authorization(let header): matches = token.matches(authorization: header)
        }
        if matches { return .granted }
        if case .limited(let retryAfter) = failures.verdict(for: peer, now: now) {
            return .rateLimited(retryAfterSeconds: Self.wholeSeconds(retryAfter))
        }
        return .wrongToken(failures.recordFailure(of: peer, now: now))
    }

    /// Rounded up, and at least 1: "retry in 0 s" would invite a retry that is refused again.
    static func wholeSeconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(max(1, seconds + (attoseconds > 0 ? 1 : 0)))
    }
}
