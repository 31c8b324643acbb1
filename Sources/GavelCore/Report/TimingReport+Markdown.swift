/// The report as Markdown: a summary, then tables of items, floor turns and speakers, with
/// times in the venue's zone. For minutes and e-mails; GitHub and pandoc render the tables.
extension TimingReport {
    public func markdown() -> String {
        var out = "# \(Self.markdownText(record.title))\n\n"
        if let subtitle = record.subtitle { out += "_\(Self.markdownText(subtitle))_\n\n" }
        out += summaryLines().map { "- **\($0.label):** \(Self.markdownText($0.text))\n" }.joined()

        out += "\n## Items\n\n"
        out += Self.markdownTable(
            header: [
                "Item", "Title", "Status", "Scheduled", "Held", "Planned", "Actual", "Difference", "Paused",
                "Extensions", "Overrun", "Turns",
            ],
            alignRight: [false, false, false, false, false, true, true, true, true, true, true, true],
            rows: itemTableRows()
        )

        out += "\n## Floor turns\n\n"
        if record.turns.isEmpty {
            out += "Nobody was given the floor.\n"
        } else {
            out += Self.markdownTable(
                header: ["#", "Speaker", "Item", "From", "To", "Granted", "Added", "Used", "Paused", "Over/under"],
                alignRight: [true, false, false, false, false, true, true, true, true, true],
                rows: turnTableRows()
            )
        }

        out += "\n## Speakers\n\n"
        if record.speakers.isEmpty {
            out += "Nobody was given the floor.\n"
        } else {
            out += Self.markdownTable(
                header: ["Speaker", "Turns", "Allotted", "Used", "Paused", "Over/under"],
                alignRight: [false, true, true, true, true, true],
                rows: speakerTableRows()
            )
        }
        return out
    }

    private static func markdownTable(header: [String], alignRight: [Bool], rows: [[String]]) -> String {
        var out = "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + alignRight.map { $0 ? "---:|" : "---|" }.joined() + "\n"
        for row in rows {
            out += "| " + row.map(markdownText).joined(separator: " | ") + " |\n"
        }
        return out
    }

    /// Text safe in a Markdown table cell or line: pipes, emphasis and line breaks neutralised.
    static func markdownText(_ text: String) -> String {
        var out = ""
        let characters = Array(text)
        for (index, character) in characters.enumerated() {
            switch character {
            case "|", "*", "`", "\\", "<", ">", "[", "]": out += "\\\(character)"
            case "_":
                // Inside a word (America/New_York) an underscore is no emphasis and stays as it is.
                let before = index > 0 && characters[index - 1].isLetterOrDigit
                let after = index + 1 < characters.count && characters[index + 1].isLetterOrDigit
                out += before && after ? "_" : "\\_"
            case "\n", "\r", "\r\n": out += " "
            default: out.append(character)
            }
        }
        return out
    }

    // MARK: - Rows shared with the terminal table and the HTML page

    /// The meeting at a glance, as label and text.
    func summaryLines() -> [(label: String, text: String)] {
        var lines: [(String, String)] = []
        if let venue = record.venue { lines.append(("Venue", venue)) }
        var date = record.planDate.description
        if record.dateShifted { date += " (agenda dated \(record.agendaDate))" }
        lines.append(("Date", date))
        lines.append(("Times", "\(record.timeZone) (UTC\(zone.isoOffset(at: record.plannedStart)))"))
        if let id = record.meetingID { lines.append(("Meeting", "\(id)")) }
        let plannedSpan = record.plannedEnd - record.plannedStart
        let planned = "\(local(record.plannedStart))–\(local(record.plannedEnd))"
        lines.append(("Planned", "\(planned) (\(Self.clock(plannedSpan)))"))
        let meeting = meetingRow
        switch record.phase {
        case .notStarted:
            lines.append(("Actual", "not started"))
        case .running:
            if let start = record.actualStart, let actual = meeting.actual {
                let soFar = "\(Self.clock(actual)) so far, as of \(local(record.asOf))"
                lines.append(("Actual", "\(local(start))– running (\(soFar))"))
            }
            if let delay = meeting.endDelay {
                lines.append(("Projected end", "\(local(record.projectedEnd)) (\(Self.lateness(delay)))"))
            }
        case .ended:
            if let start = record.actualStart, let end = record.actualEnd, let actual = meeting.actual {
                lines.append(("Actual", "\(local(start))–\(local(end)) (\(Self.clock(actual)))"))
            }
            if let startDelay = meeting.startDelay { lines.append(("Started", Self.lateness(startDelay))) }
            if let delay = meeting.endDelay { lines.append(("Ended", Self.lateness(delay))) }
        }
        if let paused = meeting.paused, paused > .zero { lines.append(("Paused", Self.clock(paused))) }
        return lines
    }

    func itemTableRows() -> [[String]] {
        zip(record.items, itemRows).map { item, row in
            [
                item.id, item.title, Self.statusText(row.status ?? ""),
                "\(local(item.plannedStart))–\(local(item.plannedEnd))",
                actualSpan(start: item.actualStart, end: item.actualEnd, running: item.status == .current),
                Self.clock(item.plannedDuration),
                row.actual.map(Self.clock) ?? "",
                row.difference.map(Self.signedClock) ?? "",
                row.paused.map { $0 > .zero ? Self.clock($0) : "" } ?? "",
                item.adjustments.isEmpty ? "" : Self.signedClock(item.added),
                row.over.map { $0 > .zero ? Self.clock($0) : "" } ?? "",
                row.turns.map { $0 == 0 ? "" : "\($0)" } ?? "",
            ]
        }
    }

    func turnTableRows() -> [[String]] {
        zip(record.turns, turnRows).map { turn, row in
            [
                "\(row.turn ?? 0)", turn.speaker, turn.itemID, local(turn.grantedAt),
                turn.endedAt.map(local) ?? "holding",
                Self.clock(turn.granted),
                turn.adjustments.isEmpty ? "" : Self.signedClock(turn.added),
                Self.clock(turn.used),
                turn.paused > .zero ? Self.clock(turn.paused) : "",
                Self.signedClock(turn.over),
            ]
        }
    }

    func speakerTableRows() -> [[String]] {
        record.speakers.map { total in
            [
                total.speaker, "\(total.turns)", Self.clock(total.allotted), Self.clock(total.used),
                total.paused > .zero ? Self.clock(total.paused) : "", Self.signedClock(total.over),
            ]
        }
    }

    private func actualSpan(start: Instant?, end: Instant?, running: Bool) -> String {
        guard let start else { return "" }
        return "\(local(start))–\(end.map(local) ?? (running ? "running" : ""))"
    }
}

extension Character {
    var isLetterOrDigit: Bool { isLetter || isNumber }
}
