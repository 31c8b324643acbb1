import GavelCore
import GavelProtocol

/// What `gavel watch` shows at one moment: the inputs of one frame.
struct WatchSnapshot {
    enum Connection: Equatable {
        case connected
        /// Not connected: `attempt` 0 before the first connection, then counting; with the last problem.
        case connecting(attempt: Int, problem: String?)
    }

    var server: String
    /// The state, already advanced to `now` (`StateMessage.advanced(to:)`); nil before the first.
    var state: StateMessage?
    /// The daemon's time now.
    var now: Instant
    var connection: Connection
    /// The latest alert, while it is recent enough to show.
    var alert: AlertMessage?
}

/// The terminal's size in character cells.
struct ScreenSize: Hashable {
    var columns: Int
    var rows: Int
}

/// The full-screen layout of `gavel watch`: a pure function from a snapshot and a size to the
/// screen's lines (with colour escapes when `colour`), each at most `size.columns` wide, exactly
/// `size.rows` of them. The painter writes them; nothing here touches the terminal.
///
/// ```
/// Fifth informal interactive multi-stakeholder hearing                  10:05:31
/// Item 1 of 4 · 1 · Opening of the multi-stakeholder hearing
/// Speaker  Ms. Louise Arbour
///
///         ██████  ██████      ██████  ██████
///             ██  ██  ██  ██      ██  ██  ██        (coloured by level)
///           ████  ██  ██      ██████  ██████
///             ██  ██  ██  ██  ██          ██
///         ██████  ██████      ██████  ██████
///              WARNING · 0:29 left of 3:00 · ends 10:06:00
///              30s left for Ms. Louise Arbour
///
/// Item      34:31 left of 40:00 · ends 10:40:00
/// Schedule  3 min behind · projected end 13:03 (planned 13:00)
/// Next      break-1 · Break · 10:43
/// Queue     1. Mr. William Lacy Swing (3m)
/// Message   “Please silence your phones”
///  ● 127.0.0.1:8417 · seq 12                                         q: quit
/// ```
enum WatchScreen {
    /// Below this size the countdown is one line of text instead of block digits.
    static let minimumBigRows = 16

    static func render(_ snapshot: WatchSnapshot, size: ScreenSize, colour: Bool) -> [String] {
        let width = max(1, size.columns)
        var lines: [Line] = []
        let body = bodyLines(snapshot, size: size)
        lines += body.prefix(max(0, size.rows - 1))
        while lines.count < size.rows - 1 { lines.append(Line()) }
        if size.rows > 0 { lines.append(statusBar(snapshot, width: width)) }
        return lines.prefix(max(0, size.rows)).map { $0.rendered(width: width, colour: colour) }
    }

    // MARK: - Parts

    private static func bodyLines(_ snapshot: WatchSnapshot, size: ScreenSize) -> [Line] {
        guard let state = snapshot.state else {
            let waiting =
                switch snapshot.connection {
                case .connected: "Waiting for the meeting's state…"
                case .connecting: "Connecting to \(snapshot.server)…"
                }
            return [Line(waiting, "1")]
        }
        let text = MeetingText(state)
        var lines: [Line] = []

        var header = Line(state.meeting.title, "1")
        let clock = text.time(snapshot.now)
        header.rightAligned(clock, width: size.columns)
        lines.append(header)
        lines.append(Line(situation(state, text)))
        if let floor = state.floor {
            var line = Line("Speaker  ", nil).appending(SpeakersListing.describe(floor), "1")
            if let below = floor.interrupted?.first {
                line = line.appending(
                    "  interrupting \(below.speaker), \(MeetingText.remaining(ms: below.remainingMs)) left",
                    nil
                )
            }
            lines.append(line)
        } else {
            lines.append(Line())
        }
        lines.append(Line())

        let timer = mainTimer(state, text: text, now: snapshot.now)
        let digitsWidth = BigDigits.width(of: timer.digits)
        let big = size.rows >= minimumBigRows && size.columns >= digitsWidth + 2 && BigDigits.canDraw(timer.digits)
        if big {
            let indent = String(repeating: " ", count: max(0, (size.columns - digitsWidth) / 2))
            lines += BigDigits.render(timer.digits).map { Line(indent, nil).appending($0, timer.sgr) }
            lines.append(centred(timer.caption, width: size.columns))
        } else {
            var line = Line("  ", nil).appending(timer.digits, bold(timer.sgr))
            line.append("  ", nil)
            for part in timer.caption.segments { line.append(part.text, part.sgr) }
            lines.append(line)
        }
        if let alert = snapshot.alert {
            let alertLine = Line("⚑ ", sgr(for: alert.level)).appending(alert.text, nil)
            lines.append(big ? centred(alertLine, width: size.columns) : alertLine.prefixed("  "))
        } else {
            lines.append(Line())
        }
        lines.append(Line())
        lines += details(state, text: text, showItem: state.floor != nil)
        return lines
    }

    /// `Item 1 of 4 · 1 · Opening …`, `Not started · first item 1 (Opening) at 10:00`, …
    private static func situation(_ state: StateMessage, _ text: MeetingText) -> String {
        switch state.meeting.phase {
        case .notStarted:
            let first = state.items.first.map {
                " · first: \(MeetingText.item(id: $0.id, title: $0.title)) at \(text.shortTime($0.plannedStart))"
            }
            return "Not started" + (first ?? "")
        case .ended:
            return "Meeting ended" + (state.meeting.endedAt.map { " at \(text.time($0))" } ?? "")
        case .running:
            var line: String
            if let item = state.item {
                line = "Item \(item.index + 1) of \(state.items.count) · \(item.id) · \(item.title)"
            } else {
                line = "No item running"
                if let next = state.next { line += " · next: \(MeetingText.item(id: next.id, title: next.title))" }
            }
            if state.meeting.paused { line = "PAUSED · " + line }
            return line
        }
    }

    /// The big timer: the speaker's if someone holds the floor, else the item's, else the clock.
    private static func mainTimer(
        _ state: StateMessage,
        text: MeetingText,
        now: Instant
    )
        -> (digits: String, sgr: String?, caption: Line)
    {
        func timer(
            _ who: String,
            remainingMs: Int64,
            allottedMs: Int64,
            endsAt: Instant?,
            running: Bool,
            level: AlertLevel
        )
            -> (digits: String, sgr: String?, caption: Line)
        {
            let digits = MeetingText.remaining(ms: remainingMs)
            var caption = Line()
            if !running {
                caption.append("PAUSED", "1;33")
                caption.append(" · ", nil)
            } else if !MeetingText.label(level).isEmpty {
                caption.append(MeetingText.label(level), bold(sgr(for: level)))
                caption.append(" · ", nil)
            }
            if remainingMs < 0 {
                caption.append(
                    "\(who) \(MeetingText.clock(ms: -remainingMs)) over (\(MeetingText.clock(ms: allottedMs)) planned)",
                    nil
                )
            } else {
                caption.append("\(who) \(digits) left of \(MeetingText.clock(ms: allottedMs))", nil)
                if let endsAt, running { caption.append(" · ends \(text.time(endsAt))", nil) }
            }
            return (digits, running ? sgr(for: level) : "2", caption)
        }
        if let floor = state.floor {
            return timer(
                "Speaker",
                remainingMs: floor.remainingMs,
                allottedMs: floor.allottedMs,
                endsAt: floor.endsAt,
                running: floor.running,
                level: floor.level
            )
        }
        if let item = state.item {
            return timer(
                "Item",
                remainingMs: item.remainingMs,
                allottedMs: item.allottedMs,
                endsAt: item.endsAt,
                running: item.running,
                level: item.level
            )
        }
        // Nothing is timed: show the venue's clock, so the screen still says something useful.
        let clock = String(text.time(now).prefix(5))
        let caption: String
        switch state.meeting.phase {
        case .notStarted:
            caption = "Local time · starts at \(state.items.first.map { text.shortTime($0.plannedStart) } ?? "—")"
        case .ended:
            caption = "Local time · the meeting has ended"
        case .running:
            caption = "Local time · no item running"
        }
        return (clock, "2", Line(caption, nil))
    }

    /// Item (when the speaker has the big timer), schedule, next item, queue, message, blackout.
    private static func details(_ state: StateMessage, text: MeetingText, showItem: Bool) -> [Line] {
        var lines: [Line] = []
        func row(_ label: String) -> Line { Line(label.padded(to: 9) + " ", "2") }
        if showItem, let item = state.item {
            var line = row("Item")
            if item.remainingMs < 0 {
                line.append("\(MeetingText.clock(ms: -item.remainingMs)) over", sgr(for: item.level))
                line.append(" (\(MeetingText.clock(ms: item.allottedMs)) planned)", nil)
            } else {
                line.append("\(MeetingText.remaining(ms: item.remainingMs)) left", sgr(for: item.level))
                line.append(" of \(MeetingText.clock(ms: item.allottedMs))", nil)
                if let endsAt = item.endsAt, item.running { line.append(" · ends \(text.time(endsAt))", nil) }
            }
            lines.append(line)
        }
        if state.meeting.phase != .ended {
            let drift = MeetingText.drift(ms: state.schedule.clockDriftMs)
            lines.append(
                row("Schedule").appending(
                    "\(drift) · projected end \(text.shortTime(state.schedule.projectedEnd)) "
                        + "(planned \(text.shortTime(state.schedule.plannedEnd)))",
                    nil
                )
            )
        }
        if let next = state.next {
            lines.append(
                row("Next").appending(
                    "\(next.id) · \(next.title) · \(text.shortTime(next.projectedStart ?? next.plannedStart))",
                    nil
                )
            )
        }
        if !state.queue.isEmpty {
            let entries = state.queue.enumerated().map { index, entry in
                "\(index + 1). \(entry.speaker)"
                    + ((entry.allottedMs ?? entry.timeMs).map { " (\(MeetingText.compact(ms: $0)))" } ?? "")
            }
            lines.append(row("Queue").appending(entries.joined(separator: "  "), nil))
        }
        if let message = state.message {
            let to = message.audience == .speaker ? "to the speaker only: " : ""
            lines.append(row("Message").appending("\(to)“\(message.text)”", "1;33"))
        }
        // As `gavel status` says it: a chair watching must see that the room sees nothing.
        if let blackout = state.displays?.blackout {
            let which = blackout.audience == .speaker ? "the speaker's display" : "every display"
            lines.append(
                row("Displays").appending("BLACKED OUT since \(text.time(blackout.at)) (\(which))", "1;31")
            )
        }
        return lines
    }

    private static func statusBar(_ snapshot: WatchSnapshot, width: Int) -> Line {
        var left: String
        switch snapshot.connection {
        case .connected:
            left = " ● \(snapshot.server)"
            if let state = snapshot.state { left += " · seq \(state.seq)" }
        case .connecting(let attempt, let problem):
            left =
                attempt == 0 && snapshot.state == nil
                ? " ○ connecting to \(snapshot.server)…" : " ○ reconnecting to \(snapshot.server)…"
            if attempt > 0 { left += " (attempt \(attempt))" }
            if let problem { left += " \(problem)" }
        }
        let right = "Ctrl-C: quit "
        let padding = max(1, width - left.count - right.count)
        let text = left.count + right.count + 1 <= width ? left + String(repeating: " ", count: padding) + right : left
        return Line(text.padded(to: width), "7")
    }

    private static func centred(_ text: String, width: Int) -> Line {
        centred(Line(text, nil), width: width)
    }

    private static func centred(_ line: Line, width: Int) -> Line {
        line.prefixed(String(repeating: " ", count: max(0, (width - line.width) / 2)))
    }

    /// The colour of a level: green, yellow, red, white on red at time-up, bold red over time.
    static func sgr(for level: AlertLevel) -> String {
        switch level {
        case .normal: "32"
        case .warning: "33"
        case .wrapUp: "31"
        case .timeUp: "97;41"
        case .overrun: "31"
        }
    }

    private static func bold(_ sgr: String?) -> String {
        sgr.map { "1;\($0)" } ?? "1"
    }
}

/// A line of the screen: text in runs, each with its SGR attributes (`"1;32"`) or none.
struct Line: Equatable {
    struct Segment: Equatable {
        var text: String
        var sgr: String?
    }

    private(set) var segments: [Segment] = []

    init() {}

    init(_ text: String, _ sgr: String? = nil) {
        append(text, sgr)
    }

    mutating func append(_ text: String, _ sgr: String?) {
        guard !text.isEmpty else { return }
        segments.append(Segment(text: text, sgr: sgr))
    }

    func appending(_ text: String, _ sgr: String?) -> Line {
        var line = self
        line.append(text, sgr)
        return line
    }

    func prefixed(_ text: String) -> Line {
        var line = Line(text, nil)
        line.segments += segments
        return line
    }

    /// Puts `text` at the right edge of a `width`-column line, if it fits after what is there.
    mutating func rightAligned(_ text: String, width: Int) {
        let gap = width - self.width - text.count
        guard gap >= 2 else { return }
        append(String(repeating: " ", count: gap), nil)
        append(text, nil)
    }

    /// Width in columns (characters: the screen uses no double-width characters of its own).
    var width: Int { segments.reduce(0) { $0 + $1.text.count } }

    /// The line cut or padded to exactly `width` columns, with SGR escapes (each run reset after
    /// itself) if `colour`. Padding rather than "erase to end of line" keeps the last column: with
    /// line wrap off, the cursor stays on it after it is written, and an erase would wipe it.
    func rendered(width: Int, colour: Bool) -> String {
        var remaining = width
        var output = ""
        for segment in segments where remaining > 0 {
            var text = segment.text
            if text.count > remaining {
                text = remaining > 1 ? String(text.prefix(remaining - 1)) + "…" : String(text.prefix(remaining))
            }
            remaining -= text.count
            if colour, let sgr = segment.sgr {
                output += "\u{1B}[\(sgr)m\(text)\u{1B}[0m"
            } else {
                output += text
            }
        }
        return remaining > 0 ? output + String(repeating: " ", count: remaining) : output
    }
}
