/// A timer read at an instant: what a display shows for the item or the speaker.
public struct TimerReading: Hashable, Sendable {
    /// Planned or granted time plus extensions minus trims.
    public var allotted: Duration
    public var elapsed: Duration
    /// Negative once the time is over.
    public var remaining: Duration
    public var overrun: Duration
    /// Total time stopped by pauses.
    public var paused: Duration
    /// Extensions minus trims.
    public var added: Duration
    public var isRunning: Bool
    /// When the time runs out if it keeps running; nil while stopped.
    public var endsAt: Instant?
    public var level: AlertLevel
    public var thresholds: AlertThresholds
}

extension MeetingState {
    /// The item's timer at `now`.
    public func itemReading(_ index: Int, at now: Instant) -> TimerReading {
        let progress = items[index]
        let thresholds = agenda.itemAlerts(for: agenda.items[index])
        return reading(
            progress.stopwatch,
            paused: progress.pausedTime(at: now),
            added: progress.added,
            thresholds: thresholds,
            at: now
        )
    }

    /// The speaker's timer at `now`, for the grant at `index` of `grants`.
    public func floorReading(_ index: Int, at now: Instant) -> TimerReading {
        let grant = grants[index]
        return reading(
            grant.stopwatch,
            paused: grant.pausedTime(at: now),
            added: grant.added,
            thresholds: floorThresholds(for: grant),
            at: now
        )
    }

    private func reading(
        _ stopwatch: Stopwatch,
        paused: Duration,
        added: Duration,
        thresholds: AlertThresholds,
        at now: Instant
    ) -> TimerReading {
        let remaining = stopwatch.remaining(at: now)
        return TimerReading(
            allotted: stopwatch.allotted,
            elapsed: stopwatch.elapsed(at: now),
            remaining: remaining,
            overrun: stopwatch.overrun(at: now),
            paused: paused,
            added: added,
            isRunning: stopwatch.isRunning,
            endsAt: stopwatch.endsAt,
            level: AlertLevel(remaining: remaining, thresholds: thresholds),
            thresholds: thresholds
        )
    }
}
