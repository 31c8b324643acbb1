import ArgumentParser
import Foundation
import GavelCore
import GavelDocuments

/// Reads and imports an agenda file the way gaveld would, for `agenda check` and `agenda load`.
enum AgendaFileImport {
    /// The imported agenda. On failure the diagnostics are printed to standard error (with `json`,
    /// the failure document to standard output too) and the exit status is thrown: EX_NOINPUT
    /// for a file that cannot be read, EX_DATAERR for one that is not a usable agenda.
    /// With `verbose`, a failed import also lists the lines it skipped, on standard error.
    static func run(
        file: String,
        arguments: AgendaImportArguments,
        json: Bool,
        verbose: Bool = false
    ) throws -> ImportedAgenda {
        let reader = AgendaFileReader(path: file)
        let name = reader.displayName

        var data: Data
        do {
            data = try reader.read(limit: AgendaDocument.maximumBytes + 1)
        } catch {
            fail([.error("cannot read the file: \(error.message)")], file: name, json: json)
            throw ExitStatus.noInput
        }
        // A Word, Excel or PDF programme is turned into text first; its lines are the text's.
        var fileName = reader.fileNameForDetection
        var format = arguments.format?.agendaFormat
        do {
            if let converted = try AgendaDocument.convert(data, fileName: fileName) {
                data = Data(converted.text.utf8)
                fileName = nil
                if converted.isProgramme, format == nil { format = .text }
            }
        } catch {
            fail([.error(error.message)], file: name, json: json)
            throw ExitStatus.dataError
        }
        guard data.count <= AgendaImporter.maximumBytes else {
            let limit = AgendaImporter.maximumBytes / (1024 * 1024)
            let message = "the file is over \(limit) MB, more than any agenda file; is this the right file?"
            fail([.error(message)], file: name, json: json)
            throw ExitStatus.dataError
        }
        do {
            return try AgendaImporter.importAgenda(
                data,
                fileName: fileName,
                format: format,
                options: arguments.importOptions()
            )
        } catch {
            fail(error.diagnostics, file: name, json: json)
            if verbose { Console.writeError(AgendaCheck.skippedReport(error.skippedLines)) }
            throw ExitStatus.dataError
        }
    }

    /// Prints the warnings of an imported agenda to standard error, compiler-style.
    static func printWarnings(_ imported: ImportedAgenda, file: String) {
        let name = AgendaFileReader(path: file).displayName
        for warning in imported.warnings {
            Console.writeError(DiagnosticReport.compilerStyle(warning, file: name, style: Console.errorStyle) + "\n")
        }
    }

    /// Reports a failed import: every diagnostic on stderr, and the JSON document on stdout for scripts.
    private static func fail(_ diagnostics: [Diagnostic], file: String, json: Bool) {
        let style = Console.errorStyle
        var text = diagnostics.map { DiagnosticReport.compilerStyle($0, file: file, style: style) + "\n" }.joined()
        text += DiagnosticReport.failureVerdict(diagnostics, style: style) + "\n"
        Console.writeError(text)
        if json { Console.write(DiagnosticReport.jsonFailure(diagnostics)) }
    }
}
