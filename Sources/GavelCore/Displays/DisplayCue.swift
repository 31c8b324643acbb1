/// A blackout or a flash of the displays: since when, and for which of them.
public struct DisplayCue: Hashable, Sendable {
    public var audience: DisplayAudience
    /// When the blackout began, or when the displays flashed.
    public var at: Instant

    public init(audience: DisplayAudience, at: Instant) {
        self.audience = audience
        self.at = at
    }
}
