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
///
/// The timeline may be set a fixed offset away from the wall clock (`GAVEL_CLOCK_OFFSET`): a
/// rehearsal run at the hour of the real meeting, or a test suite placing "now" at 23:50 or on
/// a daylight-saving day. The offset is part of the anchor, so changing it starts a new one.
public struct ServerClock: Sendable {
    /// The anchor: at boot-time reading `monotonicNanoseconds`, the timeline read `wall`, which
    /// was the wall clock plus `offset`.
    public struct Anchor: Hashable, Sendable {
        public var bootID: String
        public var wall: Instant
        public var monotonicNanoseconds: Int64
        public var offset: Duration

        /// "bootID wallMs monoNs offsetMs", as stored in the journal's meta table (an anchor
        /// stored before offsets existed has three fields and an offset of zero).
        public var serialized: String {
            "\(bootID) \(wall.millisecondsSinceEpoch) \(monotonicNanoseconds) \(offset.milliseconds)"
        }

        public init(bootID: String, wall: Instant, monotonicNanoseconds: Int64, offset: Duration = .zero) {
            self.bootID = bootID
            self.wall = wall
            self.monotonicNanoseconds = monotonicNanoseconds
            self.offset = offset
        }

        public init?(serialized: String) {
            let parts = serialized.split(separator: " ")
            guard parts.count == 3 || parts.count == 4, let wall = Int64(parts[1]), let mono = Int64(parts[2]),
                let offset = parts.count == 4 ? Int64(parts[3]) : 0
            else { return nil }
            self.init(
                bootID: String(parts[0]),
                wall: Instant(millisecondsSinceEpoch: wall),
                monotonicNanoseconds: mono,
                offset: .milliseconds(offset)
            )
        }
    }

    /// The journal's meta key the anchor is stored under.
    public static let anchorMetaKey = "clockAnchor"

    public let anchor: Anchor
    /// Whether the anchor was carried over from an earlier run on this boot.
    public let continued: Bool

    /// Continues `stored` if it was taken on this boot with the same offset, else anchors anew to
    /// the wall clock plus `offset`.
    public init(continuing stored: Anchor?, offset: Duration = .zero) {
        let bootID = Self.currentBootID()
        if let stored, stored.bootID == bootID, stored.offset == offset,
            stored.monotonicNanoseconds <= Self.monotonicNanoseconds()
        {
            anchor = stored
            continued = true
        } else {
            anchor = Anchor(
                bootID: bootID,
                wall: Instant(Date()) + offset,
                monotonicNanoseconds: Self.monotonicNanoseconds(),
                offset: offset
            )
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
    /// changes), the configured offset aside. Reported in logs and /healthz; never applied to
    /// running timers.
    public func wallClockOffset() -> Duration {
        Instant(Date()) + anchor.offset - now()
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
