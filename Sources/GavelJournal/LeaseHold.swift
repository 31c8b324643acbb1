/// The lease arithmetic of a room's primary, apart from any clock or database so tests can run it
/// with numbers: how long after a renewal it may still acknowledge commands.
///
/// A renewal sets the lease's expiry to the database's `now() + duration`, evaluated when the
/// statement runs, which is after the primary sent it. So the database lets a standby in no
/// sooner than `duration` after the moment of sending, measured by any clock that runs at the
/// database's rate. The primary counts from that moment on its own monotonic clock and stops
/// `margin` early: the margin covers its clock running slower than the database's and the time
/// between its check and the acknowledgement leaving. Two hosts' wall clocks are never compared.
public struct LeasePolicy: Sendable, Equatable {
    /// How long a renewal extends the lease, by the database's clock.
    public var duration: Duration
    /// How often the primary renews (well inside `duration - margin`, so a few renewals may fail).
    public var renewInterval: Duration
    /// How often a standby looks whether the lease lapsed.
    public var pollInterval: Duration
    /// How long before the lease's earliest possible expiry the primary stops acknowledging.
    public var margin: Duration

    /// 1.2 s leases renewed every 200 ms, a primary that stops 300 ms early (0.9 s after sending
    /// its last renewal that succeeded: four more may fail first), standbys that look every
    /// 100 ms: a standby takes over about 1.1 to 1.3 s after the primary's last renewal.
    public static let standard = LeasePolicy(
        duration: .milliseconds(1200),
        renewInterval: .milliseconds(200),
        pollInterval: .milliseconds(100),
        margin: .milliseconds(300)
    )

    public init(duration: Duration, renewInterval: Duration, pollInterval: Duration, margin: Duration) {
        self.duration = duration
        self.renewInterval = renewInterval
        self.pollInterval = pollInterval
        self.margin = margin
    }

    /// How long after sending a renewal that succeeded the primary may acknowledge.
    public var acknowledgeWindow: Duration { duration - margin }
}

/// A primary's hold on the lease: its term, and until when (monotonic nanoseconds) it may
/// acknowledge, counted from when it sent its last renewal that succeeded.
public struct LeaseHold: Sendable, Equatable {
    public let term: Int64
    public private(set) var acknowledgeUntil: UInt64
    let policy: LeasePolicy

    /// Taken by a statement sent at `sentAt`: the taking sets the expiry as a renewal does.
    public init(term: Int64, sentAt: UInt64, policy: LeasePolicy) {
        self.term = term
        self.policy = policy
        acknowledgeUntil = sentAt &+ Self.nanoseconds(policy.acknowledgeWindow)
    }

    /// A renewal sent at `sentAt` succeeded. A renewal answered late (after a newer one) does not
    /// shorten the hold.
    public mutating func renewed(sentAt: UInt64) {
        acknowledgeUntil = max(acknowledgeUntil, sentAt &+ Self.nanoseconds(policy.acknowledgeWindow))
    }

    /// Whether, at monotonic `now`, the database cannot yet have let another daemon take the lease.
    public func mayAcknowledge(at now: UInt64) -> Bool {
        now < acknowledgeUntil
    }

    static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds / 1_000_000_000))
    }
}
