import GavelCore

extension Instant {
    /// 2026-03-10 09:00 in Geneva plus `seconds`: a readable base for test timelines.
    static func meeting(_ seconds: Int64 = 0) -> Instant {
        Instant(millisecondsSinceEpoch: 1_773_129_600_000 + seconds * 1000)
    }
}
