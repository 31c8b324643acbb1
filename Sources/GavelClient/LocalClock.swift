import Foundation
import GavelCore

/// This machine's time in epoch milliseconds, from the monotonic clock anchored once to the wall
/// clock, so a wall-clock step while `gavel watch` runs does not move its countdown (the same
/// rule as the daemon's timeline). Add the `ClockSync` offset to get the daemon's time.
public struct LocalClock: Sendable {
    private let anchorWallMs: Double
    private let anchor: ContinuousClock.Instant

    public init() {
        anchor = .now
        anchorWallMs = Date().timeIntervalSince1970 * 1000
    }

    /// Milliseconds since the epoch, with sub-millisecond precision for ping/pong.
    public func nowMs() -> Double {
        let elapsed = ContinuousClock.now - anchor
        let (seconds, attoseconds) = elapsed.components
        return anchorWallMs + Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    /// The daemon's time now, given `offsetMs` (server − client).
    public func serverNow(offsetMs: Double?) -> Instant {
        Instant(millisecondsSinceEpoch: Int64((nowMs() + (offsetMs ?? 0)).rounded()))
    }
}
