/// The report as plain text for a terminal: the summary, then aligned columns of items, floor
/// turns and speakers. Long titles are shortened with "…"; everything else is as in Markdown.
extension TimingReport {
    /// The widest an item title or a speaker's name gets in a column.
    static let tableTextWidth = 40

    public func table() -> String {
        var out = record.title + "\n"
        if let subtitle = record.subtitle { out += subtitle + "\n" }
        out += "\n"
        let summary = summaryLines()
        let labelWidth = summary.map { $0.label.count }.max() ?? 0
        for line in summary {
            out += Self.padded(line.label + ":", labelWidth + 1) + " " + line.text + "\n"
        }

        out += "\nITEMS\n"
        out += Self.textTable(
            header: withReplannedColumn(
                [
                    "ITEM", "TITLE", "STATUS", "SCHEDULED", "HELD", "PLANNED", "ACTUAL", "DIFF", "PAUSED", "ADDED",
                    "OVERRUN", "TURNS",
                ],
                "REPLANNED"
            ),
            alignRight: withReplannedColumn(
                [false, false, false, false, false, true, true, true, true, true, true, true],
                true
            ),
            rows: itemTableRows().map { Self.shortened($0, column: 1) }
        )

        if record.hasReplannedItems {
            out += "\nRE-PLANNED ITEMS\n"
            out += Self.textTable(
                header: Self.replannedHeader.map { $0.uppercased() },
                alignRight: [false, false, false, false, false],
                rows: replannedTableRows().map { Self.shortened($0, column: 1) }
            )
        }

        out += "\nFLOOR TURNS\n"
        if record.turns.isEmpty {
            out += "Nobody was given the floor.\n"
        } else {
            let list = record.usesSpeakersList
            out += Self.textTable(
                header: ["#", "SPEAKER", "ITEM", "FROM", "TO", "GRANTED", "ADDED", "USED", "PAUSED", "OVER"]
                    + (list ? Self.listTurnHeader.map { $0.uppercased() } : []),
                alignRight: [true, false, false, false, false, true, true, true, true, true]
                    + (list ? [false, false, false, true] : []),
                rows: turnTableRows().map { Self.shortened($0, column: 1) }
            )
        }

        out += "\nSPEAKERS\n"
        if record.speakers.isEmpty {
            out += "Nobody was given the floor.\n"
        } else {
            let list = record.usesSpeakersList
            out += Self.textTable(
                header: ["SPEAKER", "TURNS", "ALLOTTED", "USED", "PAUSED", "OVER"] + (list ? ["INTERRUPTED"] : []),
                alignRight: [false, true, true, true, true, true] + (list ? [true] : []),
                rows: speakerTableRows().map { Self.shortened($0, column: 0) }
            )
        }

        for section in listSections() + planSections() {
            out += "\n\(section.title.uppercased())\n"
            if let note = section.note { out += note + "\n" }
            if section.rows.isEmpty {
                out += section.empty + "\n"
            } else {
                out += Self.textTable(
                    header: section.header.map { $0.uppercased() },
                    alignRight: section.alignRight,
                    rows: section.rows.map { Self.shortened($0, column: section.text) }
                )
            }
        }
        return out
    }

    private static func textTable(header: [String], alignRight: [Bool], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            let cells = row.indices.map { column in
                alignRight[column]
                    ? padded(row[column], widths[column], right: true)
                    : column == row.count - 1 ? row[column] : padded(row[column], widths[column])
            }
            return trimmedTrailingSpaces(cells.joined(separator: "  ")) + "\n"
        }.joined()
    }

    private static func shortened(_ row: [String], column: Int) -> [String] {
        var row = row
        if row[column].count > tableTextWidth {
            row[column] = String(row[column].prefix(tableTextWidth - 1)) + "…"
        }
        return row
    }

    /// Pads to `width` characters (grapheme clusters, which is what a terminal shows for the
    /// Latin, Cyrillic and Greek names of a programme).
    private static func padded(_ text: String, _ width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - text.count))
        return right ? padding + text : text + padding
    }

    private static func trimmedTrailingSpaces(_ text: String) -> String {
        var text = text
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
