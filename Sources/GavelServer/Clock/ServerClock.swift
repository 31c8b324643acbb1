import Foundation
import GavelCore

/// The daemon's timeline: the monotonic clock (CLOCK_BOOTTIME), anchored once to the wall clock.
///
/// Durations come from the monotonic clock, so an NTP step or an operator changing the system
/// time does not move a running countdown; instants still read as UTC milliseconds, close to
/// the wall clock, so planned times in the venue's zone compare with them directly.
///
/// The anchor is kept in the journal. A daemon restarted on the same boot reuses it and its
/// timeline continues exactly; after a reboot the monotonic clock restarts, and a new anchor
/// is taken from the wall clock (the only reference left).
public struct ServerClock: Sendable {
    /// The anchor: at boot-time reading `monotonicNanoseconds`, the timeline read `wall`.
    public struct Anchor: Hashable, Sendable {
        public var bootID: String
        public var wall: Instant
        public var monotonicNanoseconds: Int64

        /// "bootID wallMs monoNs", as stored in the journal's meta table.
        public var serialized: String { "\(bootID) \(wall.millisecondsSinceEpoch) \(monotonicNanoseconds)" }

        public init(bootID: String, wall: Instant, monotonicNanoseconds: Int64) {
            self.bootID = bootID
            self.wall = wall
            self.monotonicNanoseconds = monotonicNanoseconds
        }

        public init?(serialized: String) {
            let parts = serialized.split(separator: " ")
            guard parts.count == 3, let wall = Int64(parts[1]), let mono = Int64(parts[2]) else { return nil }
            self.init(bootID: String(parts[0]), wall: Instant(millisecondsSinceEpoch: wall), monotonicNanoseconds: mono)
        }
    }

    /// The journal's meta key the anchor is stored under.
    public static let anchorMetaKey = "clockAnchor"

    public let anchor: Anchor
    /// Whether the anchor was carried over from an earlier run on this boot.
    public let continued: Bool

    /// Continues `stored` if it was taken on this boot, else anchors anew to the wall clock.
    public init(continuing stored: Anchor?) {
        let bootID = Self.currentBootID()
        if let stored, stored.bootID == bootID, stored.monotonicNanoseconds <= Self.monotonicNanoseconds() {
            anchor = stored
            continued = true
        } else {
            anchor = Anchor(bootID: bootID, wall: Instant(Date()), monotonicNanoseconds: Self.monotonicNanoseconds())
            continued = false
        }
    }

    /// Now, on the daemon's timeline.
    public func now() -> Instant {
        instant(atMonotonic: Self.monotonicNanoseconds())
    }

    public func instant(atMonotonic nanoseconds: Int64) -> Instant {
        anchor.wall + .nanoseconds(nanoseconds - anchor.monotonicNanoseconds)
    }

    /// How far the wall clock has moved from the timeline since the anchor (NTP steps, manual
    /// changes). Reported in logs and /healthz; never applied to running timers.
    public func wallClockOffset() -> Duration {
        Instant(Date()) - now()
    }

    /// CLOCK_BOOTTIME: monotonic, and counting through suspend.
    public static func monotonicNanoseconds() -> Int64 {
        Int64(BootClock.nanoseconds())
    }

    /// The kernel's id of this boot; a different id means the monotonic clock restarted.
    static func currentBootID() -> String {
        let text = (try? String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)) ?? ""
        let id = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return id.isEmpty ? "unknown-boot" : id
    }
}
