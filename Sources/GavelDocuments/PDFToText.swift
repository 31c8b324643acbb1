import Foundation

/// Lays out a PDF as text with poppler's `pdftotext -layout`, which keeps a programme's columns
/// aligned. The tool is found on `PATH`; when it is missing, the error names Debian's package.
public struct PDFToText: Sendable {
    /// Where to look for `pdftotext`: the `PATH` directories, unless a test gives others.
    public var searchPath: [String]

    public init(searchPath: [String]? = nil) {
        self.searchPath =
            searchPath
            ?? (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
    }

    /// The executable, or nil when no directory of the search path has it.
    public var executable: String? {
        searchPath.map { ($0 as NSString).appendingPathComponent("pdftotext") }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let missingMessage =
        "reading a PDF needs pdftotext, which is not installed: install Debian's poppler-utils package "
        + "(apt-get install poppler-utils), or save the programme as .docx or .txt"

    func text(of data: Data) throws(AgendaDocumentError) -> String {
        guard let executable else { throw AgendaDocumentError(Self.missingMessage) }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gavel-pdf-\(UUID().uuidString)", isDirectory: true)
        let input = directory.appendingPathComponent("programme.pdf")
        let output = directory.appendingPathComponent("programme.txt")
        defer { try? FileManager.default.removeItem(at: directory) }
        let process = Process()
        let errors = Pipe()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try data.write(to: input)
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = ["-layout", "-enc", "UTF-8", input.path, output.path]
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
        } catch {
            throw AgendaDocumentError("cannot run \(executable): \(error)")
        }
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let text = try? String(contentsOf: output, encoding: .utf8) else {
            // poppler prints a warning per problem; the last line says why it gave up.
            let detail =
                String(decoding: message, as: UTF8.self).split(whereSeparator: \.isNewline).last
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            throw AgendaDocumentError(
                "pdftotext cannot read the PDF (exit \(process.terminationStatus)"
                    + (detail.isEmpty ? ")" : ": \(detail))") + "; is it a real PDF with text, not a scan?"
            )
        }
        // pdftotext ends each page with a form feed; a page break is a blank line to the importer.
        return text.replacingOccurrences(of: "\u{0C}", with: "\n")
    }
}
