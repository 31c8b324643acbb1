/// A threshold crossed by a running timer, at the exact instant it was crossed.
public struct Alert: Hashable, Sendable {
    public enum Timer: Hashable, Sendable {
        /// The agenda item at this index.
        case item(Int)
        /// The floor grant at this index of `MeetingState.grants`.
        case floor(Int)
        /// A group's speaking-time budget in the item at this index, spent while one of its
        /// speakers held the floor (only `timeUp`).
        case budget(item: Int, group: String)
    }

    public enum Kind: Hashable, Sendable {
        case warning
        case wrapUp
        case timeUp
        /// The n-th reminder while overrunning (n ≥ 1): n × the reminder interval over.
        case overrun(reminder: Int)

        /// The level the timer enters with this alert.
        public var level: AlertLevel {
            switch self {
            case .warning: .warning
            case .wrapUp: .wrapUp
            case .timeUp: .timeUp
            case .overrun: .overrun
            }
        }
    }

    public var timer: Timer
    public var kind: Kind
    /// The instant the threshold is crossed.
    public var at: Instant
    /// Time left when it fires (negative once over), so a message can say "30s left" or "2m over".
    public var remaining: Duration

    public init(timer: Timer, kind: Kind, at: Instant, remaining: Duration) {
        self.timer = timer
        self.kind = kind
        self.at = at
        self.remaining = remaining
    }
}
