/// When a timer's alerts fire, measured from its end.
///
/// A timer is `normal`, then `warning` from `warning` before its end, `wrapUp` from `wrapUp`
/// before its end, `timeUp` at the end, and `overrun` once it is past; while it overruns, a
/// reminder fires every `reminderEvery`.
public struct AlertThresholds: Hashable, Sendable {
    public var warning: Duration
    public var wrapUp: Duration
    public var reminderEvery: Duration

    public init(warning: Duration, wrapUp: Duration, reminderEvery: Duration) {
        self.warning = warning
        self.wrapUp = wrapUp
        self.reminderEvery = reminderEvery
    }

    /// An item: warning with two minutes left, wrap up at thirty seconds, remind each minute over.
    public static let itemDefault = AlertThresholds(
        warning: .minutes(2),
        wrapUp: .seconds(30),
        reminderEvery: .minutes(1)
    )
    /// A speaker: warning with thirty seconds left, wrap up at ten, remind each minute over.
    public static let floorDefault = AlertThresholds(
        warning: .seconds(30),
        wrapUp: .seconds(10),
        reminderEvery: .minutes(1)
    )

    /// Why these thresholds make no sense, or nil when they do.
    public var problem: String? {
        if warning < .zero || wrapUp < .zero { return "alert thresholds cannot be negative" }
        if wrapUp > warning {
            return
                "the wrap-up alert (\(DurationText.compact(wrapUp))) must not come before the warning (\(DurationText.compact(warning)))"
        }
        if reminderEvery < .seconds(10) {
            return "overrun reminders must be at least 10s apart, not \(DurationText.compact(reminderEvery))"
        }
        return nil
    }
}
