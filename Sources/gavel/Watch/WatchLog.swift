import GavelCore
import GavelProtocol

/// `gavel watch` when standard output is not a terminal: one plain line per state change and per
/// alert, no escape codes, for logs and scripts.
///
/// ```
/// 10:03:00 item 1 Opening of the multi-stakeholder hearing 39:59 left
/// 10:04:10 item 1 Opening of the multi-stakeholder hearing 38:49 left · floor Ms. Louise Arbour 3:00 left
/// 10:06:40 WARNING 30s left for Ms. Louise Arbour
/// ```
struct WatchLog {
    /// The last state line printed, without its time: a state that reads the same is not repeated
    /// (a reconnect sends the same state again).
    private var lastStateText: String?

    /// The line for a new state, or nil if it reads as the last one did.
    mutating func line(for state: StateMessage) -> String? {
        let text = MeetingText(state)
        let body = Self.describe(state, text)
        guard body != lastStateText else { return nil }
        lastStateText = body
        return "\(text.time(state.serverTime)) \(body)"
    }

    /// `10:06:40 WARNING 30s left for Ms. Louise Arbour`.
    func line(for alert: AlertMessage, timeZone: String) -> String {
        let text = MeetingText(timeZone: timeZone)
        var line = "\(text.time(alert.at)) \(MeetingText.label(alert.level)) \(alert.text)"
        if let reminder = alert.reminder { line += " (reminder \(reminder))" }
        return line
    }

    static func describe(_ state: StateMessage, _ text: MeetingText) -> String {
        var parts: [String] = []
        switch state.meeting.phase {
        case .notStarted:
            var line = "not started"
            if let first = state.items.first {
                line += "; first item \(first.id) \(first.title) at \(text.shortTime(first.plannedStart))"
            }
            parts.append(line)
        case .ended:
            parts.append("meeting ended")
        case .running:
            if let item = state.item {
                parts.append("item \(item.id) \(item.title) \(timing(item.remainingMs))")
            } else {
                var line = "no item running"
                if let next = state.next { line += "; next \(next.id) \(next.title)" }
                parts.append(line)
            }
            if let floor = state.floor {
                parts.append("floor \(floor.speaker) \(timing(floor.remainingMs))" + (floor.running ? "" : " (paused)"))
            }
            if state.meeting.paused { parts.append("paused") }
            if !state.queue.isEmpty { parts.append("queue \(state.queue.count)") }
        }
        if let message = state.message { parts.append("message “\(message.text)”") }
        return parts.joined(separator: " · ")
    }

    private static func timing(_ remainingMs: Int64) -> String {
        remainingMs < 0
            ? "\(MeetingText.clock(ms: -remainingMs)) over" : "\(MeetingText.remaining(ms: remainingMs)) left"
    }
}
