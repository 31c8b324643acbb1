import GavelCore

/// How `gavel agenda check` shows a person what it understood of an agenda file.
///
/// Pure functions from an imported agenda to text, so the layout can be tested without a
/// terminal. Widths count characters (grapheme clusters), which keeps accented names aligned.
enum AgendaSummary {
    /// The whole summary: heading, facts, the item table with people, warnings and a verdict.
    static func render(_ imported: ImportedAgenda, style: TextStyle = .plain) -> String {
        let agenda = imported.agenda
        var lines = [style.bold(agenda.title)]
        if let subtitle = agenda.subtitle { lines.append(subtitle) }
        lines.append("")
        lines += facts(imported)
        lines.append("")
        lines += itemTable(agenda, style: style)
        if !imported.warnings.isEmpty {
            lines.append("")
            lines.append(style.warning(imported.warnings.count == 1 ? "Warning" : "Warnings"))
            lines += imported.warnings.map { "  \($0.description)" }
        }
        lines.append("")
        lines.append(verdict(imported, style: style))
        return lines.joined(separator: "\n") + "\n"
    }

    /// `  date          2018-05-21 (Monday)`, one fact a line, labels aligned.
    static func facts(_ imported: ImportedAgenda) -> [String] {
        let agenda = imported.agenda
        var facts: [(String, String)] = [("date", "\(agenda.date) (\(weekday(of: agenda.date)))")]
        if let venue = agenda.venue { facts.append(("venue", venue)) }
        facts.append(("time zone", timeZoneText(imported)))
        facts.append(("speaker time", speakerTimeText(agenda)))
        if let alerts = agenda.defaults.itemAlerts { facts.append(("item alerts", alertsText(alerts))) }
        if let alerts = agenda.defaults.floorAlerts { facts.append(("floor alerts", alertsText(alerts))) }
        facts.append(("read as", imported.format.rawValue))
        let width = facts.map(\.0.count).max() ?? 0
        return facts.map { "  \($0.0.padded(to: width))  \($0.1)" }
    }

    /// `America/New_York (UTC-04:00), inferred from the venue`.
    static func timeZoneText(_ imported: ImportedAgenda) -> String {
        let agenda = imported.agenda
        let zone = agenda.venueTimeZone
        let firstStart = agenda.items.first.map { zone.instant(on: $0.date, at: $0.start) }
        let offset = firstStart.map { " (UTC\(zone.isoOffset(at: $0)))" } ?? ""
        let origin =
            switch imported.timeZoneSource {
            case .file: "from the file"
            case .venue: "inferred from the venue"
            case .option: "from --time-zone"
            case .machine: "assumed: this machine's zone"
            }
        return "\(agenda.timeZone)\(offset), \(origin)"
    }

    /// `5m each; item 2: 7m`: the meeting's floor time, then the items that change it.
    static func speakerTimeText(_ agenda: Agenda) -> String {
        let meeting =
            agenda.defaults.speakerTime.map { "\(DurationText.compact($0)) each" }
            ?? "\(DurationText.compact(agenda.speakerTime(for: "", in: AgendaItem.probe))) each (Gavel's default)"
        let overrides = agenda.items.compactMap { item in
            item.speakerTime.map { "item \(item.id): \(DurationText.compact($0))" }
        }
        return overrides.isEmpty ? meeting : "\(meeting); \(overrides.joined(separator: ", "))"
    }

    static func alertsText(_ alerts: AlertThresholds) -> String {
        "warning at \(DurationText.compact(alerts.warning)) left, wrap up at \(DurationText.compact(alerts.wrapUp)), "
            + "reminders every \(DurationText.compact(alerts.reminderEvery)) over"
    }

    /// The items, one a line, each followed by its people; a day heading where the day changes
    /// in a programme of several days.
    static func itemTable(_ agenda: Agenda, style: TextStyle = .plain) -> [String] {
        let rows = agenda.items.map { item in
            (
                id: item.id,
                time: "\(item.start)–\(item.end)",
                length: DurationText.compact(item.plannedDuration),
                kind: item.kind.rawValue,
                title: item.title
            )
        }
        let header = (id: "ID", time: "TIME", length: "LENGTH", kind: "KIND", title: "TITLE")
        let all = [header] + rows
        let idWidth = all.map(\.id.count).max() ?? 0
        let timeWidth = all.map(\.time.count).max() ?? 0
        let lengthWidth = all.map(\.length.count).max() ?? 0
        let kindWidth = all.map(\.kind.count).max() ?? 0
        func line(_ row: (id: String, time: String, length: String, kind: String, title: String)) -> String {
            "  \(row.id.padded(to: idWidth))  \(row.time.padded(to: timeWidth))  "
                + "\(row.length.padded(to: lengthWidth, right: true))  \(row.kind.padded(to: kindWidth))  \(row.title)"
        }
        // People sit under the time column: indented enough to belong to the item, yet leaving
        // room for long positions ("Secretary-General of the intergovernmental conference …").
        let personIndent = String(repeating: " ", count: 2 + idWidth + 2)
        let multiDay = agenda.items.contains { $0.date != agenda.date }
        var lines = [style.bold(line(header))]
        var currentDate: LocalDate?
        for (item, row) in zip(agenda.items, rows) {
            if multiDay, item.date != currentDate {
                lines.append(style.bold("  \(item.date) (\(weekday(of: item.date)))"))
                currentDate = item.date
            }
            lines.append(line(row))
            lines += item.people.map { personIndent + personLine($0) }
            if let notes = item.notes {
                lines.append(personIndent + style.dim("note".padded(to: roleWidth) + "  " + notes))
            }
        }
        return lines
    }

    /// The widest role name, so names line up under every item.
    static let roleWidth = Person.Role.allCases.map(\.rawValue.count).max() ?? 0

    /// `speaker    H.E. Mr. Miroslav Lajčák — President of the General Assembly (7m)`.
    static func personLine(_ person: Person) -> String {
        var text = person.role.rawValue.padded(to: roleWidth) + "  " + person.displayName
        if let position = person.position { text += " — \(position)" }
        if let limit = person.speakingTime { text += " (\(DurationText.compact(limit)))" }
        return text
    }

    /// `OK: 4 items (3 sessions, 1 break), 10:00–13:00, 3h`, and the number of warnings if any.
    static func verdict(_ imported: ImportedAgenda, style: TextStyle = .plain) -> String {
        let agenda = imported.agenda
        let sessions = agenda.items.filter { $0.kind == .session }.count
        let breaks = agenda.items.count - sessions
        var kinds: [String] = []
        if sessions > 0 { kinds.append(counted(sessions, "session")) }
        if breaks > 0 { kinds.append(counted(breaks, "break")) }
        var text = "\(counted(agenda.items.count, "item")) (\(kinds.joined(separator: ", ")))"
        if let first = agenda.items.first, let last = agenda.items.last {
            let zone = agenda.venueTimeZone
            let span = zone.instant(on: last.date, at: last.end) - zone.instant(on: first.date, at: first.start)
            let range =
                first.date == last.date
                ? "\(first.start)–\(last.end)"
                : "\(first.date) \(first.start) – \(last.date) \(last.end)"
            text += ", \(range), \(DurationText.compact(span))"
        }
        if !imported.warnings.isEmpty { text += "; \(counted(imported.warnings.count, "warning"))" }
        return "\(style.success("OK:")) \(text)"
    }

    /// `1 item`, `3 items`.
    static func counted(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }

    /// The English day of the week, computed from the date alone (1970-01-01 was a Thursday).
    static func weekday(of date: LocalDate) -> String {
        let names = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"]
        let index = date.daysSinceEpoch % 7
        return names[index < 0 ? index + 7 : index]
    }
}

extension AgendaItem {
    /// An item with no floor time of its own, to ask an agenda for its meeting-wide default.
    fileprivate static let probe = AgendaItem(
        id: "",
        title: "",
        date: LocalDate(year: 2000, month: 1, day: 1)!,
        start: LocalTime(secondsSinceMidnight: 0)!,
        end: LocalTime(secondsSinceMidnight: 0)!
    )
}
