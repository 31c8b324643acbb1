import GavelCore
import GavelProtocol

/// The meeting's alerts so far, newest last, for a chair view that reloads or connects late
/// (`GET /api/v1/alerts`): the history belongs to the daemon, not to a page's memory.
///
/// Kept as the alerts go out, and rebuilt from the journal when a meeting is resumed: alerts are
/// a pure function of the state between two events (`MeetingState.alerts(from:to:)`), so
/// replaying the events and asking for the alerts between each two gives exactly the ones that
/// were sent, a restart included.
struct AlertHistory {
    /// The most kept: a day's plenary crosses a few hundred thresholds; the chair reads the last.
    static let capacity = 200

    private(set) var alerts: [AlertMessage] = []

    /// Alerts go out ahead of their instant (`alertLead`): recorded then, listed once due.
    mutating func record(_ alert: AlertMessage) {
        alerts.append(alert)
        if alerts.count > Self.capacity { alerts.removeFirst(alerts.count - Self.capacity) }
    }

    /// Those whose instant has come, newest last; at most `limit`.
    func past(at now: Instant, limit: Int = capacity) -> [AlertMessage] {
        Array(alerts.filter { $0.at <= now }.suffix(max(0, limit)))
    }

    /// The alerts a meeting with these events crossed up to `now`, each overrun reminder
    /// included, as a daemon that ran throughout sent them.
    init(replaying events: [MeetingEvent], agenda: Agenda, until now: Instant, seq: Int64) {
        var state = MeetingState(agenda: agenda)
        var since: Instant?
        for event in events {
            if let from = since { record(state.alerts(from: from, to: min(event.at, now)), state, seq) }
            state.apply(event)
            since = max(since ?? event.at, event.at)
        }
        if let from = since { record(state.alerts(from: from, to: now), state, seq) }
    }

    init() {}

    private mutating func record(_ crossed: [Alert], _ state: MeetingState, _ seq: Int64) {
        for alert in crossed {
            record(AlertMessage(alert, state: state, stateSeq: seq, serverTime: alert.at))
        }
    }
}
