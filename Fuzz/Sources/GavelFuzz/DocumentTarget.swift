import Foundation
import GavelCore
import GavelDocuments

/// The `document` target: bytes as a Word or an Excel file (the first byte chooses), through
/// ZIPFoundation and the XML readers to text, and that text through the importer. A document
/// either converts or throws a message; what it converts to must import as any text does.
enum DocumentTarget {
    static func run(_ data: Data) {
        guard let first = data.first else { return }
        let name = first & 1 == 0 ? "fuzz.docx" : "fuzz.xlsx"
        let converted: AgendaDocument.Converted?
        do {
            converted = try AgendaDocument.convert(data.dropFirst(), fileName: name)
        } catch {
            require(!error.message.isEmpty, "a document was refused without a reason")
            return
        }
        guard let converted else { fatalError("property violated: a .docx or .xlsx name was not taken as one") }
        let text = Data(converted.text.utf8)
        guard text.count <= AgendaImporter.maximumBytes else { return }
        do {
            let imported = try AgendaImporter.importAgenda(
                text,
                format: converted.isProgramme ? .text : nil,
                options: AgendaTarget.options
            )
            AgendaProperties.check(imported.agenda)
        } catch {
            require(!error.errors.isEmpty, "an import failed without an error: \(error.diagnostics)")
        }
    }
}
