/// Time used against time allotted, for an item or a speaker's floor: the one piece of timing
/// arithmetic both share.
///
/// It runs, stops (pause, end) and runs again; `banked` holds the time used by earlier runs so
/// that no reading needs the history. A stopped stopwatch reads the same at any instant.
public struct Stopwatch: Hashable, Sendable {
    /// The time allowed: planned or granted, plus extensions, minus trims.
    public private(set) var allotted: Duration
    /// Time used by runs that have ended.
    public private(set) var banked: Duration = .zero
    /// When the current run began; nil while stopped.
    public private(set) var runningSince: Instant?

    public init(allotted: Duration) {
        self.allotted = allotted
    }

    public var isRunning: Bool { runningSince != nil }

    /// Time used up to `now`, never negative (an instant before the run began reads as its start).
    public func elapsed(at now: Instant) -> Duration {
        guard let runningSince else { return banked }
        return banked + (now - runningSince).clampedToZero
    }

    /// Allotted minus elapsed: negative once the time is over.
    public func remaining(at now: Instant) -> Duration {
        allotted - elapsed(at: now)
    }

    /// How far past its allotted time, or zero.
    public func overrun(at now: Instant) -> Duration {
        (elapsed(at: now) - allotted).clampedToZero
    }

    /// The instant the time runs out if it keeps running; nil while stopped.
    public var endsAt: Instant? {
        runningSince.map { $0 + (allotted - banked) }
    }

    mutating func start(at now: Instant) {
        guard runningSince == nil else { return }
        runningSince = now
    }

    mutating func stop(at now: Instant) {
        guard let runningSince else { return }
        banked += (now - runningSince).clampedToZero
        self.runningSince = nil
    }

    mutating func adjust(by delta: Duration) {
        allotted += delta
    }
}

/// A closed or open span of time: a pause, a run.
public struct Interval: Hashable, Sendable, Codable {
    public var start: Instant
    public var end: Instant?

    public init(start: Instant, end: Instant? = nil) {
        self.start = start
        self.end = end
    }

    /// Its length, counting an open interval up to `now`.
    public func length(at now: Instant) -> Duration {
        ((end ?? now) - start).clampedToZero
    }
}

/// A change to a timer's allotted time: positive for an extension, negative for a trim.
public struct Adjustment: Hashable, Sendable {
    public var at: Instant
    public var by: Duration

    public init(at: Instant, by: Duration) {
        self.at = at
        self.by = by
    }
}
