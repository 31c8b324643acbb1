import GavelCore

/// Failed control attempts (a wrong token) counted per client address, so that a guesser is
/// answered cheaply and fills no log. No I/O: the caller passes the time.
///
/// A window opens at an address's first failure. After `maxFailures` failures in it, a wrong
/// token from that address is refused as `rateLimited` until the window ends. The right token is
/// never refused (`ControlAccess`): a limit that also refused it would let anyone who shares the
/// chair's address (another local process, everyone behind one reverse proxy) lock the chair out
/// with ten requests a minute. Reconnecting does not help a guesser: the count belongs to the
/// address, not the connection. IPv6 addresses count per /64, the block one host can pick
/// addresses from.
struct ControlAttemptLimiter {
    struct Policy: Sendable, Hashable {
        var maxFailures: Int
        var window: Duration

        init(maxFailures: Int = 10, window: Duration = .seconds(60)) {
            self.maxFailures = maxFailures
            self.window = window
        }
    }

    enum Verdict: Equatable {
        case allowed
        /// Refuse the attempt; the window ends after `retryAfter`.
        case limited(retryAfter: Duration)
    }

    /// What a failure changed, so the caller logs one line per address and window.
    enum Failure: Equatable {
        /// The first failure of a new window.
        case first
        /// Counted, below the limit.
        case counted(Int)
        /// This failure reached the limit: refused from now until the window ends.
        case limitReached(retryAfter: Duration)
    }

    private struct Window {
        var start: Instant
        var failures: Int
    }

    let policy: Policy
    /// The most addresses remembered; past it, expired windows go first, then the oldest.
    let capacity: Int
    private var windows: [String: Window] = [:]

    init(policy: Policy = Policy(), capacity: Int = 4096) {
        self.policy = policy
        self.capacity = capacity
    }

    /// Addresses with an open window (for tests and metrics).
    var trackedCount: Int { windows.count }

    func verdict(for peer: String, now: Instant) -> Verdict {
        guard let window = windows[Self.key(for: peer)], window.failures >= policy.maxFailures else { return .allowed }
        let ends = window.start + policy.window
        return now < ends ? .limited(retryAfter: ends - now) : .allowed
    }

    mutating func recordFailure(of peer: String, now: Instant) -> Failure {
        let key = Self.key(for: peer)
        if var window = windows[key], now < window.start + policy.window {
            window.failures += 1
            windows[key] = window
            return window.failures == policy.maxFailures
                ? .limitReached(retryAfter: window.start + policy.window - now) : .counted(window.failures)
        }
        if windows[key] == nil && windows.count >= capacity { makeRoom(now: now) }
        windows[key] = Window(start: now, failures: 1)
        return policy.maxFailures == 1 ? .limitReached(retryAfter: policy.window) : .first
    }

    private mutating func makeRoom(now: Instant) {
        windows = windows.filter { now < $0.value.start + policy.window }
        if windows.count >= capacity, let oldest = windows.min(by: { $0.value.start < $1.value.start }) {
            windows[oldest.key] = nil
        }
    }

    /// The address an attempt is counted against: IPv4 as is (also when mapped into IPv6), IPv6
    /// by its first 64 bits, anything else (the Unix socket's "unix") as is.
    static func key(for peer: String) -> String {
        let lowered = peer.lowercased()
        if lowered.hasPrefix("::ffff:"), lowered.dropFirst(7).contains(".") { return String(lowered.dropFirst(7)) }
        guard lowered.contains(":"), let groups = expandedIPv6(lowered) else { return lowered }
        return groups.prefix(4).joined(separator: ":") + "::/64"
    }

    /// The eight groups of an IPv6 address in text form ("2001:db8::1"), or nil.
    private static func expandedIPv6(_ text: String) -> [String]? {
        let address = text.split(separator: "%", maxSplits: 1).first.map(String.init) ?? text  // zone id
        let halves = address.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [String] { part.isEmpty ? [] : part.split(separator: ":").map(String.init) }
        let head = groups(halves[0])
        let tail = halves.count == 2 ? groups(halves[1]) : []
        let missing = 8 - head.count - tail.count
        guard halves.count == 2 ? missing >= 1 : missing == 0 else { return nil }
        let all = head + Array(repeating: "0", count: halves.count == 2 ? missing : 0) + tail
        guard all.allSatisfy({ (1...4).contains($0.count) && $0.allSatisfy(\.isHexDigit) }) else { return nil }
        return all.map { String(Int($0, radix: 16) ?? 0, radix: 16) }
    }
}
