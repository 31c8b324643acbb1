/// Reads a spreadsheet export: a header row naming the columns (`start,end,title,kind,people`
/// required to have start, end and title; optionally `date`, `id`, `speakerTime`, `notes`),
/// in any order and case, separated by commas, semicolons or tabs; then one row per item.
///
/// Times are read like a programme's (`10:00`, `10.00`, `9:30 am`, `2` and `3 pm`). The
/// people cell lists people separated by `;`, `|` or line breaks, each `Name (role)`,
/// `role: Name` or `Name` (a speaker), optionally `Name, position`; TBC is a placeholder.
/// Rows and columns a spreadsheet pads its export with are ignored.
enum CSVAgendaParser {
    enum Column: String, CaseIterable {
        case start, end, title, kind, people, date, id, speakerTime, notes

        /// Header spellings, lower-cased without spaces, hyphens and underscores.
        var spellings: [String] {
            switch self {
            case .start: ["start", "starttime", "begin", "from"]
            case .end: ["end", "endtime", "finish", "until", "to"]
            case .title: ["title", "item", "session", "topic"]
            case .kind: ["kind", "type"]
            case .people: ["people", "speakers", "persons", "participants"]
            case .date: ["date", "day"]
            case .id: ["id"]
            case .speakerTime: ["speakertime", "speakingtime", "floortime"]
            case .notes: ["notes", "note", "description", "comments"]
            }
        }

        static let required: [Column] = [.start, .end, .title]
    }

    static func parse(_ text: String) -> AgendaDraft {
        var draft = AgendaDraft()
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let result = CSVRecordReader.records(in: text, separator: CSVRecordReader.separator(of: text))
        var records = result.records.filter { record in record.cells.contains { !$0.trimmingSpaces.isEmpty } }
        guard !records.isEmpty else {
            draft.diagnostics.append(
                .error(
                    "the CSV has no header row; start it with a row such as 'start,end,title,kind,people'"
                )
            )
            return draft
        }
        let header = records.removeFirst()
        guard let columns = readHeader(header, diagnostics: &draft.diagnostics) else { return draft }
        if let line = result.unclosedQuoteLine {
            draft.diagnostics.append(
                .error(
                    line: line,
                    "a quoted cell starting on this line is never closed; "
                        + "close it with \" (write \"\" for a quote inside a cell)"
                )
            )
        }
        if records.count > AgendaAssembler.maximumItems {
            // Far too many rows: the assembler refuses the file by its count, so they are only counted.
            if let midnight = LocalTime(secondsSinceMidnight: 0) {
                draft.items = records.map { DraftItem(line: $0.line, title: "", start: midnight, end: midnight) }
            }
            return draft
        }
        // Cells past the last named column; unnamed empty columns a spreadsheet pads with are fine.
        let width = (header.cells.lastIndex { !$0.trimmingSpaces.isEmpty } ?? -1) + 1
        var extraCells: (rows: Int, firstLine: Int)?
        for record in records {
            var diagnostics: [Diagnostic] = []
            if let item = readRow(record, columns: columns, diagnostics: &diagnostics) {
                draft.items.append(item)
            }
            if record.cells.dropFirst(width).contains(where: { !$0.trimmingSpaces.isEmpty }) {
                extraCells = (rows: (extraCells?.rows ?? 0) + 1, firstLine: extraCells?.firstLine ?? record.line)
            }
            for diagnostic in diagnostics { draft.report(diagnostic) }
        }
        if let extraCells {
            draft.diagnostics.append(
                .warning(
                    line: extraCells.firstLine,
                    "\(extraCells.rows) row(s) have cells beyond "
                        + "the header's columns; they were ignored"
                )
            )
        }
        return draft
    }

    /// Column positions by name; nil (with an error) when a required column is missing.
    private static func readHeader(
        _ header: CSVRecordReader.Record,
        diagnostics: inout [Diagnostic]
    ) -> [Column: Int]? {
        var columns: [Column: Int] = [:]
        for (index, cell) in header.cells.enumerated() {
            let name = cell.trimmingSpaces
            guard !name.isEmpty else { continue }
            let key = name.lowercased().filter { $0 != " " && $0 != "_" && $0 != "-" }
            guard let column = Column.allCases.first(where: { $0.spellings.contains(key) }) else {
                diagnostics.append(
                    .warning(
                        line: header.line,
                        "column '\(name.excerpt())' is not one Gavel reads; "
                            + "it was ignored (columns: \(Column.allCases.map(\.rawValue).joined(separator: ", ")))"
                    )
                )
                continue
            }
            if columns[column] != nil {
                diagnostics.append(
                    .warning(
                        line: header.line,
                        "column '\(name.excerpt())' appears twice; the first is used"
                    )
                )
                continue
            }
            columns[column] = index
        }
        let missing = Column.required.filter { columns[$0] == nil }
        guard missing.isEmpty else {
            let names = missing.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            diagnostics.append(
                .error(
                    line: header.line,
                    "the header has no \(names) column; a CSV agenda needs "
                        + "start, end and title columns, e.g. 'start,end,title,kind,people'"
                )
            )
            return nil
        }
        return columns
    }

    private static func readRow(
        _ record: CSVRecordReader.Record,
        columns: [Column: Int],
        diagnostics: inout [Diagnostic]
    ) -> DraftItem? {
        func cell(_ column: Column) -> String {
            guard let index = columns[column], record.cells.indices.contains(index) else { return "" }
            return record.cells[index].trimmingSpaces
        }
        func problem(_ column: Column, _ message: String) {
            diagnostics.append(.error(line: record.line, "column '\(column.rawValue)': \(message)"))
        }

        let times = readTimes(start: cell(.start), end: cell(.end))
        var kind: AgendaItem.Kind?
        let kindText = cell(.kind).lowercased()
        if !kindText.isEmpty {
            kind = AgendaItem.Kind(rawValue: kindText)
            if kind == nil {
                problem(
                    .kind,
                    "'\(cell(.kind).excerpt())' is not a kind; use one of: "
                        + AgendaItem.Kind.allCases.map(\.rawValue).joined(separator: ", ") + " (or leave it empty)"
                )
            }
        }
        var date: LocalDate?
        if !cell(.date).isEmpty {
            date = LocalDate(iso: cell(.date)) ?? DateScanner.whole(cell(.date))
            if date == nil { problem(.date, "'\(cell(.date).excerpt())' is not a date; write it as 2018-05-21") }
        }
        var speakerTime: Duration?
        if !cell(.speakerTime).isEmpty {
            speakerTime = DurationText.parse(cell(.speakerTime))
            if speakerTime == nil {
                problem(
                    .speakerTime,
                    "'\(cell(.speakerTime).excerpt())' is not a duration; "
                        + "write it as \(DurationText.acceptedForms)"
                )
            }
        }
        switch times {
        case .success(let (start, end)):
            return DraftItem(
                line: record.line,
                id: cell(.id).isEmpty ? nil : cell(.id),
                title: cell(.title),
                kind: kind,
                date: date,
                start: start,
                end: end,
                people: people(in: cell(.people)),
                speakerTime: speakerTime,
                notes: cell(.notes).isEmpty ? nil : cell(.notes)
            )
        case .failure(let failure):
            problem(failure.side == .start ? .start : .end, failure.message)
            return nil
        }
    }

    /// The start and end cells read together (`2` and `3 pm` is 14:00-15:00). A start cell
    /// holding a whole range (`10:00-10:40`) with an empty end cell is accepted.
    static func readTimes(start: String, end: String) -> Result<(LocalTime, LocalTime), TimeProblem> {
        let forms = "write it as 10:00, 10.00, 10h00 or 10:00 am"
        if end.isEmpty, case .times(let span) = TimeRangeScanner(start).scanStart(), let spanEnd = span.end {
            return .success((span.start, spanEnd))
        }
        guard !start.isEmpty else { return .failure(TimeProblem("no start time; \(forms)")) }
        guard let first = TimeRangeScanner.readCell(start) else {
            return .failure(TimeProblem("'\(start.excerpt())' is not a time; \(forms)"))
        }
        guard !end.isEmpty else { return .failure(TimeProblem("no end time; \(forms)", side: .end)) }
        guard let second = TimeRangeScanner.readCell(end) else {
            return .failure(TimeProblem("'\(end.excerpt())' is not a time; \(forms)", side: .end))
        }
        return TimeRangeScanner.pair(first, second, zoneGiven: false, allowBare: true)
            ?? .failure(TimeProblem("'\(start.excerpt())' is not a time; \(forms)"))
    }

    /// The people of a cell: `Ms. A (chair); B, Director of X | moderator: TBC`.
    static func people(in cell: String) -> [Person] {
        cell.split(whereSeparator: { $0 == ";" || $0 == "|" || $0.isNewline })
            .map { $0.trimmingSpaces }
            .filter { !$0.isEmpty }
            .map(person)
    }

    private static func person(_ entry: String) -> Person {
        var text = Substring(entry)
        var role: Person.Role?
        var position: String?
        if text.hasSuffix(")"), let open = text.lastIndex(of: "(") {
            let inside = text[text.index(after: open)..<text.index(before: text.endIndex)].trimmingSpaces
            if let phrase = RolePhrase.match(inside), phrase.rest.isEmpty {
                role = phrase.role
                text = Substring(text[..<open].trimmingSpaces)
            }
        }
        if role == nil, let colon = text.firstIndex(of: ":") {
            let label = text[..<colon].trimmingSpaces
            let value = text[text.index(after: colon)...].trimmingSpaces
            if let phrase = RolePhrase.match(label), phrase.rest.isEmpty {
                role = phrase.role
            } else {
                position = label  // "Migrant perspective: TBC"
            }
            text = Substring(value)
        }
        var name = String(text)
        if let comma = text.firstIndex(of: ",") {
            name = text[..<comma].trimmingSpaces
            position = text[text.index(after: comma)...].trimmingSpaces
        }
        if position?.isEmpty == true { position = nil }
        let isPlaceholder = name.isEmpty || Person.isPlaceholderName(name)
        return Person(name: isPlaceholder ? nil : name, role: role ?? .speaker, position: position)
    }
}
