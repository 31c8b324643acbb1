import GavelProtocol

/// The offset between this machine's clock and the daemon's timeline, from ping/pong samples.
///
/// For a sample with client send time `t0`, server receive `t1`, server send `t2` and client
/// receive `t3`: offset = ((t1 − t0) + (t2 − t3)) / 2, round trip = (t3 − t0) − (t2 − t1).
/// The samples with the smallest round trip are the least disturbed by queueing, so the estimate
/// is the median offset of the best few (docs/protocol.md, "Clock sync").
public struct ClockSync: Hashable, Sendable {
    public struct Sample: Hashable, Sendable {
        public var offsetMs: Double
        public var roundTripMs: Double
    }

    /// How many samples a sync takes.
    public static let samplesPerSync = 5
    /// How many of the best samples the estimate uses.
    static let bestCount = 3

    public private(set) var samples: [Sample] = []

    public init() {}

    /// Adds the sample of `pong`, received at `t3` (client milliseconds).
    public mutating func add(_ pong: PongMessage, receivedAt t3: Double) {
        let t0 = pong.t0
        let t1 = Double(pong.t1.millisecondsSinceEpoch)
        let t2 = Double(pong.t2.millisecondsSinceEpoch)
        let roundTrip = (t3 - t0) - (t2 - t1)
        guard roundTrip >= 0, roundTrip.isFinite else { return }
        samples.append(Sample(offsetMs: ((t1 - t0) + (t2 - t3)) / 2, roundTripMs: roundTrip))
    }

    /// Starts over (after a reconnect: the daemon may have restarted on another timeline).
    public mutating func reset() {
        samples = []
    }

    /// Whether a sync round has collected its samples.
    public var isComplete: Bool { samples.count >= Self.samplesPerSync }

    /// server time − client time in milliseconds; nil before the first sample.
    public var offsetMs: Double? {
        guard !samples.isEmpty else { return nil }
        let best = samples.sorted { $0.roundTripMs < $1.roundTripMs }.prefix(Self.bestCount)
        let offsets = best.map(\.offsetMs).sorted()
        return offsets[offsets.count / 2]
    }
}
