import Foundation

/// Imports an agenda from any supported format, with line-numbered errors and warnings.
public enum AgendaImporter {
    /// Larger than any programme (the example is 3 KB); a bigger file is refused before parsing
    /// so a wrong file given by mistake answers at once instead of churning.
    public static let maximumBytes = 2 * 1024 * 1024

    /// Imports `data`. The format is `format` if given, else detected from `fileName` and content.
    public static func importAgenda(
        _ data: Data,
        fileName: String? = nil,
        format: AgendaFormat? = nil,
        options: AgendaImportOptions = AgendaImportOptions()
    ) throws(AgendaImportError) -> ImportedAgenda {
        if data.isEmpty {
            throw AgendaImportError("the file is empty: an agenda needs at least one timed item")
        }
        if data.count > maximumBytes {
            throw AgendaImportError(
                "the file is \(byteCount(data.count)); an agenda file is at most \(byteCount(maximumBytes)). "
                    + "Is this the right file?"
            )
        }
        var decodeWarnings: [Diagnostic] = []
        let text = try decodeText(data, warnings: &decodeWarnings)
        let format = format ?? AgendaFormat.detect(fileName: fileName, data: data)
        var draft: AgendaDraft
        switch format {
        case .json:
            draft = JSONAgendaParser.parse(text)
        case .csv:
            draft = CSVAgendaParser.parse(text)
        case .text:
            draft = TextProgrammeParser.parse(text)
        }
        draft.diagnostics.insert(contentsOf: decodeWarnings, at: 0)
        return try AgendaAssembler.assemble(draft, format: format, options: options)
    }

    /// UTF-8 (with or without a byte-order mark); otherwise Windows-1252, which old word
    /// processors export, with a warning. NUL bytes mean the file is not text at all.
    static func decodeText(_ data: Data, warnings: inout [Diagnostic]) throws(AgendaImportError) -> String {
        if let nul = data.firstIndex(of: 0) {
            throw AgendaImportError(
                "the file is not text (a NUL byte at offset \(nul - data.startIndex)); "
                    + "give an agenda as plain text, CSV or JSON"
            )
        }
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) {
            return text
        }
        let controls = bytes.filter { $0 < 0x09 || ($0 > 0x0D && $0 < 0x20) }.count
        if controls > bytes.count / 100 {
            throw AgendaImportError(
                "the file is not text (\(controls) control bytes); give an agenda as plain text, CSV or JSON"
            )
        }
        warnings.append(.warning("the file is not UTF-8; it was read as Windows-1252"))
        return String(
            decoding: bytes.map { windows1252ToUnicode($0) }.flatMap { Array(String($0).utf8) },
            as: UTF8.self
        )
    }

    private static func windows1252ToUnicode(_ byte: UInt8) -> Character {
        let table: [UInt8: UInt32] = [
            0x80: 0x20AC, 0x82: 0x201A, 0x83: 0x0192, 0x84: 0x201E, 0x85: 0x2026, 0x86: 0x2020, 0x87: 0x2021,
            0x88: 0x02C6, 0x89: 0x2030, 0x8A: 0x0160, 0x8B: 0x2039, 0x8C: 0x0152, 0x8E: 0x017D, 0x91: 0x2018,
            0x92: 0x2019, 0x93: 0x201C, 0x94: 0x201D, 0x95: 0x2022, 0x96: 0x2013, 0x97: 0x2014, 0x98: 0x02DC,
            0x99: 0x2122, 0x9A: 0x0161, 0x9B: 0x203A, 0x9C: 0x0153, 0x9E: 0x017E, 0x9F: 0x0178,
        ]
        let scalar = table[byte] ?? UInt32(byte)
        return Character(Unicode.Scalar(scalar) ?? "?")
    }

    private static func byteCount(_ count: Int) -> String {
        count >= 1024 * 1024
            ? String(format: "%.1f MB", Double(count) / 1_048_576)
            : String(format: "%.0f KB", (Double(count) / 1024).rounded(.up))
    }
}
