/// A list of speakers as a spreadsheet exports it: a header row naming the columns, then one
/// speaker per row. Columns, in any order and any case: `name` (or `speaker`, required),
/// `delegation` (or `group`, `country`, `organisation`), `type` (or `speech`), `rank`, `time`.
/// Pure: the caller reads the file.
public enum SpeakersListCSV {
    public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
        public var line: Int?
        public var message: String
        public var description: String { line.map { "line \($0): \(message)" } ?? message }
    }

    /// The inscriptions of `text`, in file order; the first problem found refuses the file.
    public static func inscriptions(in text: String) throws(Problem) -> [Inscription] {
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let result = CSVRecordReader.records(in: text, separator: CSVRecordReader.separator(of: text))
        if let line = result.unclosedQuoteLine { throw Problem(line: line, message: "a quoted cell never closes") }
        let records = result.records.filter { !$0.cells.allSatisfy { $0.trimmingSpaces.isEmpty } }
        guard let header = records.first else { throw Problem(message: "the file is empty") }
        let names: [String: [String]] = [
            "name": ["name", "speaker", "nom", "nombre"],
            "delegation": [
                "delegation", "group", "country", "organisation", "organization", "délégation", "delegación",
            ],
            "type": ["type", "speech", "speech type"],
            "rank": ["rank", "precedence"],
            "time": ["time", "duration", "minutes"],
        ]
        var columns: [String: Int] = [:]
        for (index, cell) in header.cells.enumerated() {
            let label = cell.trimmingSpaces.lowercased()
            if let key = names.first(where: { $0.value.contains(label) })?.key, columns[key] == nil {
                columns[key] = index
            }
        }
        guard let nameColumn = columns["name"] else {
            throw Problem(
                line: header.line,
                message: "the first row names no 'name' column; give a header such as name,delegation,type,rank,time"
            )
        }
        func cell(_ record: CSVRecordReader.Record, _ key: String) -> String? {
            guard let index = columns[key], record.cells.indices.contains(index) else { return nil }
            let value = record.cells[index].trimmingSpaces
            return value.isEmpty ? nil : value
        }
        var inscriptions: [Inscription] = []
        for record in records.dropFirst() {
            guard let name = cell(record, "name") else {
                throw Problem(line: record.line, message: "no name in column \(nameColumn + 1)")
            }
            var time: Duration?
            if let text = cell(record, "time") {
                // A bare number in a "minutes" or "time" column is minutes, as people type it.
                if let minutes = Int(text) {
                    time = .seconds(minutes * 60)
                } else if let parsed = DurationText.parse(text) {
                    time = parsed
                } else {
                    throw Problem(
                        line: record.line,
                        message: "'\(text)' is not a time; write minutes (5) or \(DurationText.acceptedForms)"
                    )
                }
            }
            inscriptions.append(
                Inscription(
                    speaker: name,
                    delegation: cell(record, "delegation"),
                    speech: cell(record, "type")?.lowercased(),
                    rank: cell(record, "rank")?.lowercased(),
                    time: time
                )
            )
        }
        guard !inscriptions.isEmpty else { throw Problem(message: "the file has a header but no speakers") }
        return inscriptions
    }
}
