extension Array where Element == Alert {
    /// The alerts worth announcing when several came due at once: every warning, wrap-up and
    /// time-up, but of a timer's overrun reminders only the latest.
    ///
    /// Alerts pile up only when the daemon could not run for a while (a machine resumed from
    /// sleep, a stalled process): announcing "1m over", "2m over", ... "180m over" in a burst
    /// says nothing the last one does not, and would flood every display's queue.
    public func collapsingOverrunReminders() -> [Alert] {
        var lastReminder: [Alert.Timer: Int] = [:]
        for (index, alert) in enumerated() {
            if case .overrun = alert.kind { lastReminder[alert.timer] = index }
        }
        return enumerated().filter { index, alert in
            if case .overrun = alert.kind { return lastReminder[alert.timer] == index }
            return true
        }.map(\.element)
    }
}
