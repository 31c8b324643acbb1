/// Splits CSV text into records as RFC 4180 describes: quoted cells may hold separators,
/// doubled quotes and line breaks. Each record remembers the line it starts on, so errors
/// name the line a person sees in an editor even after a cell that spans lines.
enum CSVRecordReader {
    struct Record: Equatable {
        /// 1-based line where the record starts.
        var line: Int
        var cells: [String]
    }

    struct Result: Equatable {
        var records: [Record]
        /// The line of a record whose quoted cell never closes.
        var unclosedQuoteLine: Int?
    }

    /// The separator of the header line: the most frequent of tab, `;` and `,` outside quotes
    /// (a comma when there is none).
    static func separator(of text: String) -> Character {
        var counts: [Character: Int] = [",": 0, ";": 0, "\t": 0]
        var inQuotes = false
        for character in text {
            if character == "\"" { inQuotes.toggle() }
            if inQuotes { continue }
            if character == "\n" || character == "\r\n" || character == "\r" { break }
            if counts[character] != nil { counts[character, default: 0] += 1 }
        }
        let best = [Character("\t"), ";", ","].max { (counts[$0] ?? 0) < (counts[$1] ?? 0) } ?? ","
        return (counts[best] ?? 0) > 0 ? best : ","
    }

    static func records(in text: String, separator: Character) -> Result {
        var records: [Record] = []
        var cells: [String] = []
        var cell = ""
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quoteJustClosed = false
        var cellWasQuoted = false

        func endCell() {
            cells.append(cell)
            cell = ""
            cellWasQuoted = false
        }
        for character in text {
            let isNewline = character == "\n" || character == "\r\n" || character == "\r"
            if inQuotes {
                if character == "\"" {
                    inQuotes = false
                    quoteJustClosed = true
                } else {
                    if isNewline { line += 1 }
                    cell.append(isNewline ? "\n" : character)
                }
                continue
            }
            if quoteJustClosed, character == "\"" {
                cell.append("\"")  // `""` inside a quoted cell.
                inQuotes = true
                quoteJustClosed = false
                continue
            }
            quoteJustClosed = false
            if character == "\"", !cellWasQuoted, cell.allSatisfy({ $0 == " " }) {
                cell = ""
                inQuotes = true
                cellWasQuoted = true
            } else if character == separator {
                endCell()
            } else if isNewline {
                endCell()
                records.append(Record(line: recordLine, cells: cells))
                cells = []
                line += 1
                recordLine = line
            } else {
                cell.append(character)
            }
        }
        if !cells.isEmpty || !cell.isEmpty || cellWasQuoted {
            endCell()
            records.append(Record(line: recordLine, cells: cells))
        }
        return Result(records: records, unclosedQuoteLine: inQuotes ? recordLine : nil)
    }
}
