import GavelCore
import GavelProtocol

/// Who may control the meeting, and at which level: decided from the page's origin, the token
/// presented and the address's failed attempts, with no I/O (the caller passes the time). One
/// gate for the WebSocket upgrade, the `auth` message, a command on a read-only connection,
/// `POST /api/v1/commands`, the pairing routes, and (with `--read-token`) the displays' reads.
///
/// In order:
/// 1. A browser page of an origin that may not control (`OriginPolicy`) is refused before the
///    token is looked at, so a hostile page cannot even guess it; not counted as a guess. Reading
///    (`reading: true`) is open to every origin, as it always was.
/// 2. No token is not a guess (a display that sent a command, a script that forgot its header):
///    refused, not counted.
/// 3. A right token, of any level, is always granted at its level, whatever the address did
///    before; whether the level suffices is the caller's decision, and a right token of too low
///    a level is not a guess either (`forbidden`, never counted). The bound on guessing is the
///    tokens' entropy, not the limit: a generated token is 32 random bytes (256 bits), a token
///    file needs at least 16 characters, and `AccessToken.matches` takes the same time wherever
///    a guess differs.
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
        /// The token of this level.
        case granted(AccessLevel)
        /// A browser page of this origin (normalised) may not control.
        case forbiddenOrigin(String)
        case noToken
        /// Counted against the address; `failure` says what the count did, for the log.
        case wrongToken(ControlAttemptLimiter.Failure)
        /// A wrong token from an address past its limit; the window ends in `retryAfterSeconds`.
        case rateLimited(retryAfterSeconds: Int)
    }

    /// Every level's token, the chair's first. A level without a token (an in-process test's
    /// daemon with only the chair's) cannot be presented.
    let tokens: [(level: AccessLevel, token: AccessToken)]
    let originPolicy: OriginPolicy
    private(set) var failures: ControlAttemptLimiter

    init(
        tokens: [AccessLevel: AccessToken],
        originPolicy: OriginPolicy,
        limit: ControlAttemptLimiter.Policy
    ) {
        self.tokens = AccessLevel.allCases.reversed().compactMap { level in tokens[level].map { (level, $0) } }
        self.originPolicy = originPolicy
        self.failures = ControlAttemptLimiter(policy: limit)
    }

    /// The peer of a connection on the Unix socket: no browser page can reach it, so its
    /// `Origin` (older gavel CLIs sent "http://localhost") is not a page's.
    static let unixPeer = "unix"

    /// Whether a request from `peer` with this `Origin` may control (and so present a token for it).
    func mayControl(peer: String, origin: String?) -> Bool {
        peer == Self.unixPeer || originPolicy.allowsControl(origin: origin)
    }

    mutating func decide(
        _ credential: Credential,
        peer: String,
        origin: String?,
        at now: Instant,
        reading: Bool = false
    ) -> Decision {
        guard reading || mayControl(peer: peer, origin: origin) else {
            return .forbiddenOrigin(OriginPolicy.describe(origin))
        }
        let presented: String
        switch credential {
        case .none: return .noToken
        case .token(let token): presented = token
        case .authorization(let header):
            let parts = header.split(separator: " ", maxSplits: 1)
            presented =
                parts.count == 2 && parts[0].lowercased() == "bearer"
                ? parts[1].trimmingSpaces : ""
        }
        // Every token is compared, so the time taken does not say which level matched.
        var matched: AccessLevel?
        for (level, token) in tokens where token.matches(presented) && matched == nil {
            matched = level
        }
        if let matched { return .granted(matched) }
        return wrongGuess(peer: peer, at: now)
    }

    /// A wrong token or pairing code from `peer`: counted, or refused as `rateLimited` past the limit.
    mutating func wrongGuess(peer: String, at now: Instant) -> Decision {
        if let refusal = limited(peer: peer, at: now) { return refusal }
        return .wrongToken(failures.recordFailure(of: peer, now: now))
    }

    /// `rateLimited` while `peer` is past its limit, else nil. A pairing code, six digits, is
    /// refused then even when right: its entropy is too small to leave the limit as its only bound.
    func limited(peer: String, at now: Instant) -> Decision? {
        if case .limited(let retryAfter) = failures.verdict(for: peer, now: now) {
            return .rateLimited(retryAfterSeconds: Self.wholeSeconds(retryAfter))
        }
        return nil
    }

    /// Rounded up, and at least 1: "retry in 0 s" would invite a retry that is refused again.
    static func wholeSeconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(max(1, seconds + (attoseconds > 0 ? 1 : 0)))
    }
}
