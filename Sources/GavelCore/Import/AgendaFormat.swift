import Foundation

/// The agenda file formats Gavel imports.
public enum AgendaFormat: String, Sendable, CaseIterable, Codable {
    /// Canonical JSON (`Agenda+JSON.swift`).
    case json
    /// A spreadsheet export with a header row: `start,end,title,kind,people`.
    case csv
    /// A programme as printed or pasted: title lines, a date, a venue, timed rows.
    case text

    /// Chooses by file extension, then by content: JSON starts with `{`, CSV has a header
    /// row naming `start` and `end` columns; anything else is read as a programme.
    public static func detect(fileName: String?, data: Data) -> AgendaFormat {
        if let ext = fileName?.split(separator: ".").last?.lowercased(), fileName?.contains(".") == true {
            switch ext {
            case "json": return .json
            case "csv", "tsv": return .csv
            case "txt", "md", "text", "html", "htm": return .text
            default: break
            }
        }
        let head = String(decoding: data.prefix(4096), as: UTF8.self)
        let trimmed = head.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        if trimmed.first == "{" { return .json }
        if let firstLine = trimmed.split(whereSeparator: \.isNewline).first {
            let cells = firstLine.lowercased().split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "\t" })
                .map { $0.trimmingSpaces.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            if cells.contains("start") && cells.contains("end") { return .csv }
        }
        return .text
    }
}
