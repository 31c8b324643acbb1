/// A message the chair puts on the displays of its audience.
public struct DisplayMessage: Hashable, Sendable {
    public var text: String
    public var shownAt: Instant
    public var audience: DisplayAudience

    public init(text: String, shownAt: Instant, audience: DisplayAudience = .everyone) {
        self.text = text
        self.shownAt = shownAt
        self.audience = audience
    }
}
