import GavelCore

/// Runs a meeting the way the daemon does, on a manual clock: before each command it fires the
/// alerts that are due, and it records every alert and event. Times are written as the venue's
/// local time ("10:03", "10:08:30") on the day the clock is set to.
struct MeetingDriver {
    var state: MeetingState
    private(set) var now: Instant
    private(set) var alerts: [Alert] = []
    private(set) var events: [MeetingEvent] = []
    private var alertsCheckedUpTo: Instant
    let day: LocalDate

    init(agenda: Agenda, day: LocalDate? = nil, at time: String) {
        self.state = MeetingState(agenda: agenda)
        self.day = day ?? agenda.date
        self.now = agenda.venueTimeZone.instant(on: self.day, at: LocalTime(canonical: time)!)
        self.alertsCheckedUpTo = now
    }

    func instant(_ time: String) -> Instant {
        state.agenda.venueTimeZone.instant(on: day, at: LocalTime(canonical: time)!)
    }

    /// The venue's local time of `instant`, "10:08:30" or "10:09".
    func local(_ instant: Instant) -> String {
        state.agenda.venueTimeZone.time(at: instant).description
    }

    /// Moves the clock forward, firing alerts on the way, as the daemon's single alert timer does.
    mutating func advance(to time: String) {
        let target = instant(time)
        precondition(target >= now, "the clock only moves forward (\(time))")
        while let next = state.nextAlertInstant(after: alertsCheckedUpTo), next <= target {
            let due = state.alerts(from: alertsCheckedUpTo, to: next)
            precondition(!due.isEmpty, "nextAlertInstant promised an alert at \(local(next))")
            alerts += due
            alertsCheckedUpTo = next
        }
        alertsCheckedUpTo = target
        now = target
    }

    /// Runs a command at the current time; a rejection is returned, not thrown.
    @discardableResult
    mutating func run(_ command: MeetingCommand, expecting: ExpectedState? = nil) -> MeetingError? {
        do {
            events += try state.apply(command, expecting: expecting, now: now)
            return nil
        } catch {
            return error
        }
    }

    /// `advance(to:)` then `run(_:)`.
    @discardableResult
    mutating func at(_ time: String, _ command: MeetingCommand, expecting: ExpectedState? = nil) -> MeetingError? {
        advance(to: time)
        return run(command, expecting: expecting)
    }

    /// Alerts as readable lines: "10:08:30 floor Lajčák warning".
    func alertLines() -> [String] {
        alerts.map { alert in
            let subject: String
            switch alert.timer {
            case .item(let index): subject = "item \(state.agenda.items[index].id)"
            case .floor(let index): subject = "floor \(state.grants[index].speaker)"
            case .budget(let index, let group): subject = "budget \(group) in item \(state.agenda.items[index].id)"
            }
            let kind: String
            switch alert.kind {
            case .warning: kind = "warning"
            case .wrapUp: kind = "wrapUp"
            case .timeUp: kind = "timeUp"
            case .overrun(let n): kind = "overrun \(n)"
            }
            return "\(local(alert.at)) \(subject) \(kind)"
        }
    }
}

extension Duration {
    /// "2m30s" in test expectations reads better than arithmetic.
    static func text(_ text: String) -> Duration {
        if text.hasPrefix("-") { return .zero - DurationText.parse(text.dropFirst())! }
        return DurationText.parse(text)!
    }
}
