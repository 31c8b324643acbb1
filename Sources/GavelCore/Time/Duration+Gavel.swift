extension Duration {
    /// Whole minutes, the unit agendas and chairs think in.
    public static func minutes(_ minutes: Int) -> Duration { .seconds(minutes * 60) }

    /// The duration in whole milliseconds, truncated toward zero.
    ///
    /// Gavel keeps all time at millisecond resolution so that arithmetic is exact.
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// The duration in whole seconds, truncated toward zero.
    public var wholeSeconds: Int64 { milliseconds / 1000 }

    /// `max(self, .zero)`.
    var clampedToZero: Duration { self < .zero ? .zero : self }
}
