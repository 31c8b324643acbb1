import Foundation

/// Turns a Word, Excel or PDF programme into the text that `AgendaImporter` reads: the I/O and
/// file formats stay here, outside the pure core. Word tables and spreadsheet rows become lines
/// whose cells are separated by tabs, as a table pasted from Word is; a PDF is laid out by
/// poppler's `pdftotext -layout`, columns aligned with spaces.
public enum AgendaDocument {
    public enum Kind: String, Sendable, CaseIterable {
        case docx
        case xlsx
        case pdf

        /// How a person names it in a message.
        public var label: String {
            switch self {
            case .docx: "Word document"
            case .xlsx: "Excel workbook"
            case .pdf: "PDF"
            }
        }
    }

    /// A document file may be larger than a text agenda (a logo in a Word file), up to this.
    public static let maximumBytes = 20 * 1024 * 1024

    /// The text of a document, and whether the importer must read it as a programme (`.text`)
    /// or may detect the format from its content (a spreadsheet with `start` and `end` columns
    /// is read as CSV with tabs).
    public struct Converted: Sendable {
        public var kind: Kind
        public var text: String
        /// True for Word and PDF: always a programme. A sheet may be a table with a header row.
        public var isProgramme: Bool
    }

    /// The kind of document, by extension, else by content (`PK` zip with a Word or Excel part,
    /// `%PDF-`); nil for anything else, which the importer reads as it is.
    public static func kind(of data: Data, fileName: String?) -> Kind? {
        if let fileName, let dot = fileName.lastIndex(of: ".") {
            switch fileName[fileName.index(after: dot)...].lowercased() {
            case "docx": return .docx
            case "xlsx": return .xlsx
            case "pdf": return .pdf
            default: break
            }
        }
        if data.starts(with: Array("%PDF-".utf8)) { return .pdf }
        guard data.starts(with: [0x50, 0x4B, 0x03, 0x04]) else { return nil }
        let head = data.prefix(64 * 1024)
        if head.range(of: Data("word/".utf8)) != nil { return .docx }
        if head.range(of: Data("xl/".utf8)) != nil { return .xlsx }
        return nil
    }

    /// The document's text, or nil when `data` is not a document this reads.
    public static func convert(
        _ data: Data,
        fileName: String?,
        pdfToText: PDFToText = PDFToText()
    ) throws(AgendaDocumentError) -> Converted? {
        guard let kind = kind(of: data, fileName: fileName) else { return nil }
        if data.count > maximumBytes {
            throw AgendaDocumentError(
                "the \(kind.label) is over \(maximumBytes / 1_048_576) MB, more than any programme; "
                    + "is this the right file?"
            )
        }
        switch kind {
        case .docx:
            return Converted(kind: kind, text: try WordDocument.text(of: data), isProgramme: true)
        case .xlsx:
            return Converted(kind: kind, text: try ExcelWorkbook.text(of: data), isProgramme: false)
        case .pdf:
            return Converted(kind: kind, text: try pdfToText.text(of: data), isProgramme: true)
        }
    }
}

/// A document could not be read: the message says what was wrong and what to do.
public struct AgendaDocumentError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
