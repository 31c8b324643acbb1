import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The text of a Word document (`word/document.xml`): a line per paragraph, a line per table
/// row with its cells' first paragraphs separated by tabs (further paragraphs of a cell follow
/// as lines of their own, as the people under an item do), list paragraphs marked with `•`.
enum WordDocument {
    static func text(of data: Data) throws(AgendaDocumentError) -> String {
        let parts = try ZipParts(data, label: "Word document")
        guard let xml = try parts.part("word/document.xml") else {
            throw AgendaDocumentError("the Word document has no word/document.xml; is it a .docx (not a .doc)?")
        }
        let reader = Reader()
        let parser = XMLParser(data: xml)
        parser.delegate = reader
        guard parser.parse() else {
            let reason = parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error"
            throw AgendaDocumentError("the Word document's text cannot be read (\(reason))")
        }
        return reader.lines.joined(separator: "\n") + "\n"
    }

    /// Reads the body in order. Nested tables are flattened into the cell that holds them.
    private final class Reader: NSObject, XMLParserDelegate {
        var lines: [String] = []
        private var paragraph = ""
        private var inText = false
        private var isListItem = false
        private var tableDepth = 0
        /// The paragraphs of each cell of the row being read (outermost table only).
        private var row: [[String]] = []
        private var cell: [String] = []

        func parser(
            _ parser: XMLParser,
            didStartElement name: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            switch name {
            case "w:p":
                paragraph = ""
                isListItem = false
            case "w:numPr":
                isListItem = true
            case "w:t":
                inText = true
            case "w:tab":
                paragraph += "\t"
            case "w:br", "w:cr":
                paragraph += " "
            case "w:tbl":
                tableDepth += 1
            case "w:tr" where tableDepth == 1:
                row = []
            case "w:tc" where tableDepth == 1:
                cell = []
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if inText { paragraph += string }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "w:t":
                inText = false
            case "w:p":
                let text = paragraph.trimmingCharacters(in: .whitespaces)
                let line = isListItem && !text.isEmpty ? "• " + text : text
                if tableDepth > 0 {
                    if !text.isEmpty { cell.append(line.replacingOccurrences(of: "\t", with: " ")) }
                } else {
                    lines.append(line)
                }
            case "w:tc" where tableDepth == 1:
                row.append(cell)
            case "w:tr" where tableDepth == 1:
                emitRow()
            case "w:tbl":
                tableDepth -= 1
                if tableDepth == 0 { lines.append("") }
            default:
                break
            }
        }

        private func emitRow() {
            let first = row.map { $0.first ?? "" }
            guard first.contains(where: { !$0.isEmpty }) || row.contains(where: { $0.count > 1 }) else { return }
            var cells = first
            while cells.last?.isEmpty == true { cells.removeLast() }
            lines.append(cells.joined(separator: "\t"))
            for paragraphs in row { lines += paragraphs.dropFirst() }
        }
    }
}
