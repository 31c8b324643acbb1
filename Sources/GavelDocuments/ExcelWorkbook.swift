import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The first sheet of an Excel workbook as lines of tab-separated cells, a line per row (an
/// empty row stays an empty line, so rows keep their numbers). Times and dates stored as day
/// fractions and serial days are written as `09:30` and `2018-05-21` when their cell's number
/// format says they are times or dates; a bare number is written as it is.
enum ExcelWorkbook {
    static func text(of data: Data) throws(AgendaDocumentError) -> String {
        let parts = try ZipParts(data, label: "Excel workbook")
        let sheetPath = try firstSheetPath(parts)
        guard let sheet = try parts.part(sheetPath) else {
            throw AgendaDocumentError("the Excel workbook has no \(sheetPath); is it a real .xlsx (not a .xls)?")
        }
        var strings: [String] = []
        if let part = try parts.part("xl/sharedStrings.xml") { strings = try read(part, into: SharedStrings()).strings }
        var styles: [ValueKind] = []
        if let part = try parts.part("xl/styles.xml") { styles = try read(part, into: Styles()).kinds }
        let reader = try read(sheet, into: SheetReader(strings: strings, styles: styles))
        return reader.lines.joined(separator: "\n") + "\n"
    }

    /// The first sheet's part, through the workbook and its relationships.
    private static func firstSheetPath(_ parts: ZipParts) throws(AgendaDocumentError) -> String {
        let fallback = "xl/worksheets/sheet1.xml"
        guard let workbook = try parts.part("xl/workbook.xml") else { return fallback }
        let sheets = try read(workbook, into: FirstSheet())
        guard let id = sheets.relationshipID,
            let rels = try parts.part("xl/_rels/workbook.xml.rels")
        else { return fallback }
        let targets = try read(rels, into: Relationships()).targets
        guard let target = targets[id] else { return fallback }
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        return "xl/" + target
    }

    private static func read<Delegate: XMLParserDelegate>(
        _ data: Data,
        into delegate: Delegate
    ) throws(AgendaDocumentError) -> Delegate {
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error"
            throw AgendaDocumentError("the Excel workbook cannot be read (\(reason))")
        }
        return delegate
    }

    /// What a cell's number format makes of a number.
    enum ValueKind { case number, time, date, dateTime }

    private final class FirstSheet: NSObject, XMLParserDelegate {
        var relationshipID: String?
        func parser(
            _ parser: XMLParser,
            didStartElement name: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if name == "sheet", relationshipID == nil { relationshipID = attributes["r:id"] }
        }
    }

    private final class Relationships: NSObject, XMLParserDelegate {
        var targets: [String: String] = [:]
        func parser(
            _ parser: XMLParser,
            didStartElement name: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] {
                targets[id] = target
            }
        }
    }

    private final class SharedStrings: NSObject, XMLParserDelegate {
        var strings: [String] = []
        private var current = ""
        private var inText = false
        func parser(
            _ parser: XMLParser,
            didStartElement name: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            if name == "si" { current = "" }
            if name == "t" { inText = true }
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { current += string }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "t" { inText = false }
            if name == "si" { strings.append(current) }
        }
    }

    /// The value kind of each cell format (`cellXfs`), from its number format.
    private final class Styles: NSObject, XMLParserDelegate {
        var kinds: [ValueKind] = []
        private var custom: [Int: String] = [:]
        private var inCellFormats = false
        func parser(
            _ parser: XMLParser,
            didStartElement name: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch name {
            case "numFmt":
                if let id = attributes["numFmtId"].flatMap(Int.init), let code = attributes["formatCode"] {
                    custom[id] = code
                }
            case "cellXfs":
                inCellFormats = true
            case "xf" where inCellFormats:
                let id = attributes["numFmtId"].flatMap(Int.init) ?? 0
                kinds.append(Self.kind(id, code: custom[id]))
            default:
                break
            }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "cellXfs" { inCellFormats = false }
        }

        static func kind(_ id: Int, code: String?) -> ValueKind {
            switch id {
            case 14...17: return .date
            case 18...21, 45...47: return .time
            case 22: return .dateTime
            default: break
            }
            guard let code else { return .number }
            // Quoted text and colours are not format letters.
            var letters = ""
            var quoted = false
            var bracket = false
            for character in code.lowercased() {
                if character == "\"" {
                    quoted.toggle()
                } else if character == "[" {
                    bracket = true
                } else if character
                    == "]"
                {
                    bracket = false
                } else if !quoted, !bracket {
                    letters.append(character)
                }
            }
            let hasDate = letters.contains("d") || letters.contains("y")
            let hasTime = letters.contains("h") || letters.contains("s")
            switch (hasDate, hasTime) {
            case (true, true): return .dateTime
            case (true, false): return .date
            case (false, true): return .time
            default: return .number
            }
        }
    }

    private final class SheetReader: NSObject, XMLParserDelegate {
        var lines: [String] = []
        private let strings: [String]
        private let styles: [ValueKind]
        private var cells: [Int: String] = [:]
        private var cellColumn = 0
        private var nextColumn = 0
        private var cellType = ""
        private var cellStyle = 0
        private var value = ""
        private var inValue = false
        /// Sheets are at most this wide and long for a programme; the rest is not read.
        private static let maximumColumns = 64
        private static let maximumRows = 20_000

        init(strings: [String], styles: [ValueKind]) {
            self.strings = strings
            self.styles = styles
        }

        func parser(
            _ parser: XMLParser,
            didStartElement name: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch name {
            case "row":
                cells = [:]
                nextColumn = 0
                if let number = attributes["r"].flatMap(Int.init), number <= Self.maximumRows {
                    while lines.count < number - 1 { lines.append("") }
                }
            case "c":
                cellColumn = attributes["r"].flatMap(Self.column) ?? nextColumn
                nextColumn = cellColumn + 1
                cellType = attributes["t"] ?? "n"
                cellStyle = attributes["s"].flatMap(Int.init) ?? 0
                value = ""
            case "v", "t":
                inValue = true
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inValue { value += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "v", "t":
                inValue = false
            case "c":
                if cellColumn < Self.maximumColumns { cells[cellColumn] = rendered() }
            case "row":
                guard lines.count < Self.maximumRows else { return }
                let width = (cells.keys.max() ?? -1) + 1
                let row = (0..<width).map { column in
                    (cells[column] ?? "").replacingOccurrences(of: "\t", with: " ")
                        .replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
                }
                lines.append(row.joined(separator: "\t"))
            default:
                break
            }
        }

        private func rendered() -> String {
            switch cellType {
            case "s":
                return Int(value).flatMap { strings.indices.contains($0) ? strings[$0] : nil } ?? ""
            case "str", "inlineStr", "e":
                return value
            case "b":
                return value == "1" ? "TRUE" : "FALSE"
            default:
                guard let number = Double(value) else { return value }
                let kind = styles.indices.contains(cellStyle) ? styles[cellStyle] : .number
                return ExcelWorkbook.format(number, as: kind)
            }
        }

        /// `B12` is column 1.
        static func column(_ reference: String) -> Int? {
            var column = 0
            var letters = 0
            for scalar in reference.unicodeScalars {
                guard ("A"..."Z").contains(scalar) else { break }
                column = column * 26 + Int(scalar.value - 64)
                letters += 1
            }
            return letters == 0 || letters > 3 ? nil : column - 1
        }
    }
}

extension ExcelWorkbook {
    static func format(_ number: Double, as kind: ValueKind) -> String {
        switch kind {
        case .number:
            if number == number.rounded(), abs(number) < 1e15 { return String(Int(number)) }
            return String(number)
        case .time:
            return time(number)
        case .date:
            return date(number)
        case .dateTime:
            return date(number) + " " + time(number)
        }
    }

    /// The fraction of a day as `HH:MM` (or `HH:MM:SS` when it has seconds), rounded to the second.
    static func time(_ number: Double) -> String {
        let fraction = number - number.rounded(.down)
        let seconds = Int((fraction * 86_400).rounded()) % 86_400
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        return s == 0 ? String(format: "%02d:%02d", h, m) : String(format: "%02d:%02d:%02d", h, m, s)
    }

    /// A serial day of the 1900 date system as `YYYY-MM-DD` (serial 1 is 1900-01-01, and
    /// Excel counts a 29 February 1900 that never was, so day 0 is 1899-12-30 after it).
    static func date(_ number: Double) -> String {
        let serial = Int(number.rounded(.down))
        guard serial > 60 else { return String(serial) }
        let days = serial - 25_569  // 1970-01-01
        let date = Date(timeIntervalSince1970: Double(days) * 86_400)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
