/// The report as Markdown: a summary, then tables of items, floor turns and speakers, with
/// times in the venue's zone. For minutes and e-mails; GitHub and pandoc render the tables.
extension TimingReport {
    public func markdown() -> String {
        var out = "# \(Self.markdownText(record.title))\n\n"
        if let subtitle = record.subtitle { out += "_\(Self.markdownText(subtitle))_\n\n" }
        out += summaryLines().map { "- **\($0.label):** \(Self.markdownText($0.text))\n" }.joined()

        out += "\n## Items\n\n"
        out += Self.markdownTable(
            header: withReplannedColumn(
                [
                    "Item", "Title", "Status", "Scheduled", "Held", "Planned", "Actual", "Difference", "Paused",
                    "Extensions", "Overrun", "Turns",
                ],
                "Re-planned"
            ),
            alignRight: withReplannedColumn(
                [false, false, false, false, false, true, true, true, true, true, true, true],
                true
            ),
            rows: itemTableRows()
        )

        if record.hasReplannedItems {
            out += "\n## Re-planned items\n\n"
            out += Self.markdownTable(
                header: Self.replannedHeader,
                alignRight: [false, false, false, false, false],
                rows: replannedTableRows()
            )
        }

        out += "\n## Floor turns\n\n"
        if record.turns.isEmpty {
            out += "Nobody was given the floor.\n"
        } else {
            let list = record.usesSpeakersList
            out += Self.markdownTable(
                header: ["#", "Speaker", "Item", "From", "To", "Granted", "Added", "Used", "Paused", "Over/under"]
                    + (list ? Self.listTurnHeader : []),
                alignRight: [true, false, false, false, false, true, true, true, true, true]
                    + (list ? [false, false, false, true] : []),
                rows: turnTableRows()
            )
        }

        out += "\n## Speakers\n\n"
        if record.speakers.isEmpty {
            out += "Nobody was given the floor.\n"
        } else {
            let list = record.usesSpeakersList
            out += Self.markdownTable(
                header: ["Speaker", "Turns", "Allotted", "Used", "Paused", "Over/under"]
                    + (list ? ["Interrupted"] : []),
                alignRight: [false, true, true, true, true, true] + (list ? [true] : []),
                rows: speakerTableRows()
            )
        }

        for section in listSections() + planSections() {
            out += "\n## \(section.title)\n\n"
            if let note = section.note { out += Self.markdownText(note) + "\n\n" }
            if section.rows.isEmpty {
                out += section.empty + "\n"
            } else {
                out += Self.markdownTable(header: section.header, alignRight: section.alignRight, rows: section.rows)
            }
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
        if let hardEnd = record.hardEnd {
            let plans = record.plans.count
            lines.append(("Hard end", "\(local(hardEnd)) (\(plans) plan\(plans == 1 ? "" : "s") accepted)"))
        }
        return lines
    }

    static let replannedHeader = ["Item", "Title", "Planned", "Re-planned", "Held"]

    /// The items the meeting re-planned, added or removed: their first plan, their new one, and
    /// what happened.
    func replannedTableRows() -> [[String]] {
        let edited = record.items.filter(\.isReplanned).map { item in
            [
                item.id, item.title,
                item.originalStart.map { start in "\(local(start))–\(item.originalEnd.map(local) ?? "")" }
                    ?? "added during the meeting",
                "\(local(item.plannedStart))–\(local(item.plannedEnd))",
                actualSpan(start: item.actualStart, end: item.actualEnd, running: item.status == .current),
            ]
        }
        let removed = record.removedItems.map { item in
            [
                item.id, item.title,
                item.originalStart.map { start in "\(local(start))–\(item.originalEnd.map(local) ?? "")" }
                    ?? (item.addedDuringMeeting
                        ? "added during the meeting" : "\(local(item.plannedStart))–\(local(item.plannedEnd))"),
                "removed at \(local(item.removedAt))",
                "not held",
            ]
        }
        return edited + removed
    }

    /// The items table's columns with Re-planned after Planned, when the meeting had plans,
    /// budgets or shares (`TimingRecord.usesPlanning`).
    func withReplannedColumn<T>(_ columns: [T], _ replanned: T) -> [T] {
        guard record.usesPlanning else { return columns }
        var columns = columns
        columns.insert(replanned, at: Self.replannedColumn)
        return columns
    }

    /// Where Re-planned goes in the items table: after Planned.
    static let replannedColumn = 6

    func itemTableRows() -> [[String]] {
        zip(record.items, itemRows).map { item, row in
            let cells: [String] = [
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
            return withReplannedColumn(cells, item.replanned.map(Self.clock) ?? "")
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
            ] + (record.usesSpeakersList ? listTurnCells(turn) : [])
        }
    }

    /// The columns the turn tables gain when the meeting used the list of speakers.
    static let listTurnHeader = ["Type", "Delegation", "Interrupts", "Interrupted"]

    private func listTurnCells(_ turn: TimingRecord.Turn) -> [String] {
        [
            turn.speechName, turn.delegation ?? "",
            turn.interruptedTurn.map { interruptedText($0) } ?? "",
            turn.interrupted > .zero ? Self.clock(turn.interrupted) : "",
        ]
    }

    /// "#2 Ms. B": the turn an interruption interrupted.
    private func interruptedText(_ index: Int) -> String {
        guard record.turns.indices.contains(index) else { return "#\(index + 1)" }
        return "#\(index + 1) \(record.turns[index].speaker)"
    }

    func speakerTableRows() -> [[String]] {
        record.speakers.map { total in
            [
                total.speaker, "\(total.turns)", Self.clock(total.allotted), Self.clock(total.used),
                total.paused > .zero ? Self.clock(total.paused) : "", Self.signedClock(total.over),
            ] + (record.usesSpeakersList ? [total.interrupted > .zero ? Self.clock(total.interrupted) : ""] : [])
        }
    }

    /// One table of the report's sections on the list of speakers (turns by type, interruptions,
    /// delegations, overrides), which every format but CSV and JSON lays out the same way.
    struct ListSection {
        var title: String
        /// A line above the table, if any.
        var note: String?
        var header: [String]
        var alignRight: [Bool]
        var rows: [[String]]
        /// What the section says when it has no rows.
        var empty: String
        /// The over-time cell of each row, for the page.
        var marked: [Int?]
        /// The column of free text that may be shortened or wrapped.
        var text: Int
    }

    /// The sections on the list of speakers; none for a meeting that did not use it, whose report
    /// reads as reports did before lists (`TimingRecord.usesSpeakersList`).
    func listSections() -> [ListSection] {
        guard record.usesSpeakersList else { return [] }
        let totalHeader = ["Turns", "Allotted", "Used", "Paused", "Interrupted", "Over/under", "Over limit"]
        func totalCells(
            turns: Int,
            allotted: Duration,
            used: Duration,
            paused: Duration,
            interrupted: Duration,
            over: Duration,
            overLimit: Int
        ) -> [String] {
            [
                "\(turns)", Self.clock(allotted), Self.clock(used), paused > .zero ? Self.clock(paused) : "",
                interrupted > .zero ? Self.clock(interrupted) : "", Self.signedClock(over),
                overLimit == 0 ? "" : "\(overLimit)",
            ]
        }
        let right = [false] + Array(repeating: true, count: totalHeader.count)
        var sections: [ListSection] = []
        sections.append(
            ListSection(
                title: "Turns by type",
                header: ["Type"] + totalHeader,
                alignRight: right,
                rows: record.speechTypes.map { type in
                    [type.name]
                        + totalCells(
                            turns: type.turns,
                            allotted: type.allotted,
                            used: type.used,
                            paused: type.paused,
                            interrupted: type.interrupted,
                            over: type.over,
                            overLimit: type.overLimit
                        )
                },
                empty: "Nobody was given the floor.",
                marked: record.speechTypes.map { $0.over > .zero ? 6 : nil },
                text: 0
            )
        )
        let interruptions = record.turns.indices.filter { record.turns[$0].isInterruption }
        var note: String?
        if !interruptions.isEmpty {
            let count = interruptions.count
            let byType = record.speechTypes.filter(\.interrupts).map { "\($0.name): \($0.turns)" }
            note =
                "\(count) interruption\(count == 1 ? "" : "s") (\(byType.joined(separator: ", "))), "
                + "\(Self.clock(record.interrupting)) in all; the interrupted speakers' clocks stood still "
                + "\(Self.clock(record.turns.reduce(.zero) { $0 + $1.interrupted }))."
        }
        sections.append(
            ListSection(
                title: "Interruptions",
                note: note,
                header: [
                    "#", "Type", "Speaker", "Delegation", "Item", "From", "To", "Interrupts", "Used", "Over/under",
                ],
                alignRight: [true, false, false, false, false, false, false, false, true, true],
                rows: interruptions.map { index in
                    let turn = record.turns[index]
                    return [
                        "\(index + 1)", turn.speechName, turn.speaker, turn.delegation ?? "", turn.itemID,
                        local(turn.grantedAt), turn.endedAt.map(local) ?? "holding",
                        turn.interruptedTurn.map { interruptedText($0) } ?? "",
                        Self.clock(turn.used), Self.signedClock(turn.over),
                    ]
                },
                empty: "No interruptions.",
                marked: interruptions.map { record.turns[$0].over > .zero ? 9 : nil },
                text: 2
            )
        )
        sections.append(
            ListSection(
                title: "Delegations",
                header: ["Delegation"] + totalHeader,
                alignRight: right,
                rows: record.delegations.map { total in
                    [total.speaker]
                        + totalCells(
                            turns: total.turns,
                            allotted: total.allotted,
                            used: total.used,
                            paused: total.paused,
                            interrupted: total.interrupted,
                            over: total.over,
                            overLimit: total.overLimit
                        )
                },
                empty: "No turn was given for a delegation.",
                marked: record.delegations.map { $0.over > .zero ? 6 : nil },
                text: 0
            )
        )
        sections.append(
            ListSection(
                title: "Overrides",
                header: ["At", "Item", "Rule"],
                alignRight: [false, false, false],
                rows: record.overrides.map { [local($0.at), $0.itemID ?? "", $0.rule] },
                empty: "No rule was overridden.",
                marked: record.overrides.map { _ in nil },
                text: 2
            )
        )
        return sections
    }

    /// The sections on plans to end on time, budgets and shares; none for a meeting that had none,
    /// whose report reads as reports did before plans (`TimingRecord.usesPlanning`).
    func planSections() -> [ListSection] {
        guard record.usesPlanning else { return [] }
        var sections: [ListSection] = []
        sections.append(
            ListSection(
                title: "Plans",
                header: ["#", "Accepted", "Hard end", "Re-planned", "Dropped"],
                alignRight: [true, false, false, false, false],
                rows: record.plans.enumerated().map { offset, plan in
                    [
                        "\(offset + 1)", local(plan.at), local(plan.hardEnd),
                        plan.replanned.map { "\(record.items[$0.index].id) (\(Self.clock($0.allotted)))" }
                            .joined(separator: ", "),
                        plan.dropped.map { record.items[$0].id }.joined(separator: ", "),
                    ]
                },
                empty: "No plan was accepted.",
                marked: record.plans.map { _ in nil },
                text: 3
            )
        )
        sections.append(
            ListSection(
                title: "Budgets",
                header: ["Item", "Group", "Planned", "Added", "Used", "Balance"],
                alignRight: [false, false, true, true, true, true],
                rows: record.budgets.map { budget in
                    let balance = budget.balance
                    return [
                        budget.itemID, balance.group, Self.clock(balance.planned),
                        balance.added == .zero ? "" : Self.signedClock(balance.added), Self.clock(balance.used),
                        balance.balance < .zero
                            ? "\(Self.clock(.zero - balance.balance)) over" : Self.clock(balance.balance),
                    ]
                },
                empty: "No item had budgets.",
                marked: record.budgets.map { $0.balance.balance < .zero ? 5 : nil },
                text: 1
            )
        )
        let shares = shareRows
        sections.append(
            ListSection(
                title: "Shares of floor time",
                header: ["Attribute", "Value", "Time", "Share", "Target"],
                alignRight: [false, false, true, true, true],
                rows: shares.map { row in
                    [
                        row.attribute ?? "", row.value ?? "(none)", Self.clock(row.actual ?? .zero),
                        Self.percentText(row.percent ?? 0) + " %", row.target.map { Self.percentText($0) + " %" } ?? "",
                    ]
                },
                empty: "No floor time counted in a share.",
                marked: shares.map { _ in nil },
                text: 1
            )
        )
        return sections
    }

    private func actualSpan(start: Instant?, end: Instant?, running: Bool) -> String {
        guard let start else { return "" }
        return "\(local(start))–\(end.map(local) ?? (running ? "running" : ""))"
    }
}

extension Character {
    var isLetterOrDigit: Bool { isLetter || isNumber }
}
