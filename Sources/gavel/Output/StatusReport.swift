import Foundation
import GavelCore
import GavelProtocol

/// `gavel status` for people: the meeting in a few labelled lines, as of the state's `serverTime`.
///
/// ```
/// Fifth informal interactive multi-stakeholder hearing
/// Running since 10:03:00 · Conference Room 4, UN Headquarters, New York · America/New_York
/// Item      1 of 4 · 1 · Opening of the multi-stakeholder hearing
///           12:34 left of 40:00 (ends 10:43:00) · WARNING
/// Floor     Ms. Louise Arbour · 2:10 left of 3:00 (ends 10:07:00)
/// Schedule  7 min behind the programme; items so far 2 min over plan
///           projected end 13:07 (planned 13:00)
/// Next      break-1 · Break · 10:43 (planned 10:40)
/// Queue     1. Mr. William Lacy Swing (3m)  2. Ms. Amina Mohammed
/// Message   “Please silence your phones”
/// Displays  BLACKED OUT since 10:05:12 (every display)
/// ```
///
/// A message for the speaker only reads `Message   to the speaker only: “Please wrap up”`.
enum StatusReport {
    static func render(_ state: StateMessage, style: TextStyle = .plain) -> [String] {
        let text = MeetingText(state)
        let meeting = state.meeting
        var lines = [style.bold(meeting.title)]

        var phase: String
        switch meeting.phase {
        case .notStarted: phase = "Not started"
        case .running: phase = meeting.startedAt.map { "Running since \(text.time($0))" } ?? "Running"
        case .ended: phase = meeting.endedAt.map { "Ended at \(text.time($0))" } ?? "Ended"
        }
        if meeting.paused {
            phase += " · " + style.warning("PAUSED") + (meeting.pausedSince.map { " since \(text.time($0))" } ?? "")
        }
        lines.append(([phase] + [meeting.venue, meeting.timeZone].compactMap { $0 }).joined(separator: " · "))
        if meeting.dateShifted {
            lines.append("Planned times apply to \(meeting.planDate) (the agenda is dated \(meeting.agendaDate))")
        }

        if let item = state.item {
            lines.append(row("Item", "\(item.index + 1) of \(state.items.count) · \(item.id) · \(item.title)"))
            var timing = timerText(
                remainingMs: item.remainingMs,
                allottedMs: item.allottedMs,
                endsAt: item.endsAt,
                running: item.running,
                text: text
            )
            let label = MeetingText.label(item.level)
            if !label.isEmpty { timing += " · " + levelStyle(item.level, style)(label) }
            lines.append(row("", timing))
        } else if meeting.phase == .running {
            lines.append(row("Item", "none running"))
        }

        if let floor = state.floor {
            var timing = timerText(
                remainingMs: floor.remainingMs,
                allottedMs: floor.allottedMs,
                endsAt: floor.endsAt,
                running: floor.running,
                text: text
            )
            let label = MeetingText.label(floor.level)
            if !label.isEmpty { timing += " · " + levelStyle(floor.level, style)(label) }
            if floor.heldByChair { timing += " · held by the chair" }
            lines.append(row("Floor", "\(SpeakersListing.describe(floor)) · \(timing)"))
            // Who waits under an interruption, with the time they resume with.
            for below in floor.interrupted ?? [] {
                lines.append(
                    row("", "interrupting \(below.speaker) · \(MeetingText.remaining(ms: below.remainingMs)) left")
                )
            }
        } else if meeting.phase == .running {
            lines.append(row("Floor", "nobody"))
        }

        if meeting.phase != .ended {
            lines.append(row("Schedule", scheduleText(state)))
            lines.append(
                row(
                    "",
                    "projected end \(text.shortTime(state.schedule.projectedEnd)) "
                        + "(planned \(text.shortTime(state.schedule.plannedEnd)))"
                        + Self.hardEndText(state.schedule, text)
                )
            )
        } else if let first = state.items.first(where: { $0.actualStart != nil }), let start = first.actualStart,
            let end = meeting.endedAt
        {
            lines.append(
                row(
                    "Schedule",
                    "ran \(MeetingText.clock(ms: (end - start).milliseconds)) "
                        + "(planned \(MeetingText.clock(ms: (state.schedule.plannedEnd - (state.items.first?.plannedStart ?? start)).milliseconds)))"
                )
            )
        }

        if let next = state.next {
            var when = text.shortTime(next.projectedStart ?? next.plannedStart)
            if let projected = next.projectedStart, abs((projected - next.plannedStart).milliseconds) >= 60_000 {
                when = "\(text.shortTime(projected)) (planned \(text.shortTime(next.plannedStart)))"
            }
            lines.append(row("Next", "\(next.id) · \(next.title) · \(when)"))
        }

        if !state.queue.isEmpty {
            let entries = state.queue.enumerated().map { index, entry in
                "\(index + 1). \(entry.speaker)" + (entry.timeMs.map { " (\(MeetingText.compact(ms: $0)))" } ?? "")
            }
            lines.append(row("Queue", entries.joined(separator: "  ")))
        }
        if let message = state.message {
            let to = message.audience == .speaker ? "to the speaker only: " : ""
            lines.append(row("Message", "\(to)“\(message.text)”"))
        }
        if let blackout = state.displays?.blackout {
            lines.append(
                row(
                    "Displays",
                    style.warning("BLACKED OUT") + " since \(text.time(blackout.at)) ("
                        + (blackout.audience == .speaker ? "the speaker's display" : "every display") + ")"
                )
            )
        }
        return lines
    }

    /// `7 min behind the programme; items so far 2 min over plan`.
    static func scheduleText(_ state: StateMessage) -> String {
        let clock = state.schedule.clockDriftMs
        var text =
            switch MeetingText.driftAmount(ms: clock) {
            case nil: "on time with the programme"
            case let amount?: clock > 0 ? "\(amount) behind the programme" : "\(amount) ahead of the programme"
            }
        if let duration = state.schedule.durationDriftMs, let amount = MeetingText.driftAmount(ms: duration) {
            text += "; items so far \(amount) \(duration > 0 ? "over" : "under") plan"
        }
        return text
    }

    /// `; hard end 13:00, 20 min past it: gavel plan`, or `; hard end 13:00` when it ends in time.
    static func hardEndText(_ schedule: StateMessage.Schedule, _ text: MeetingText) -> String {
        guard let hardEnd = schedule.hardEnd else { return "" }
        let past = (schedule.projectedEnd - hardEnd).milliseconds / 60_000
        return "; hard end \(text.shortTime(hardEnd))" + (past >= 1 ? ", \(past) min past it: gavel plan" : "")
    }

    /// `12:34 left of 40:00 (ends 10:43:00)`, `1:02 over (40:00 planned)`, `12:34 left of 40:00 (stopped)`.
    private static func timerText(
        remainingMs: Int64,
        allottedMs: Int64,
        endsAt: Instant?,
        running: Bool,
        text: MeetingText
    )
        -> String
    {
        if remainingMs < 0 {
            return "\(MeetingText.clock(ms: -remainingMs)) over (\(MeetingText.clock(ms: allottedMs)) planned)"
                + (running ? "" : " (stopped)")
        }
        var line = "\(MeetingText.remaining(ms: remainingMs)) left of \(MeetingText.clock(ms: allottedMs))"
        if let endsAt, running {
            line += " (ends \(text.time(endsAt)))"
        } else {
            line += " (stopped)"
        }
        return line
    }

    private static func row(_ label: String, _ value: String) -> String {
        label.padded(to: 9) + " " + value
    }

    static func levelStyle(_ level: AlertLevel, _ style: TextStyle) -> (String) -> String {
        switch level {
        case .normal: style.success
        case .warning: style.warning
        case .wrapUp, .timeUp, .overrun: style.error
        }
    }
}
