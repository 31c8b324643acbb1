/// How urgent a timer is, from its remaining time and its thresholds.
public enum AlertLevel: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case normal
    case warning
    case wrapUp
    /// Time has just run out: held for `AlertLevel.timeUpHold` so every display can show TIME.
    case timeUp
    /// Past the time: displays count up ("+0:42 over").
    case overrun

    /// How long the time-up level is held before the timer reads as overrunning.
    public static let timeUpHold: Duration = .seconds(10)

    /// The level of a timer with `remaining` time under `thresholds`.
    public init(remaining: Duration, thresholds: AlertThresholds) {
        if remaining > thresholds.warning {
            self = .normal
        } else if remaining > thresholds.wrapUp {
            self = .warning
        } else if remaining > .zero {
            self = .wrapUp
        } else if remaining > .zero - AlertLevel.timeUpHold {
            self = .timeUp
        } else {
            self = .overrun
        }
    }

    public static func < (lhs: AlertLevel, rhs: AlertLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
