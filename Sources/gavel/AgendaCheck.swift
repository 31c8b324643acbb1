import ArgumentParser
import Foundation
import GavelCore

/// `gavel agenda check FILE`: import an agenda as the daemon would and show how it was understood.
struct AgendaCheck: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check an agenda file and show how Gavel understands it.",
        discussion: """
            Reads FILE as a printed programme (text), a spreadsheet export (CSV) or Gavel's JSON, \
            applies the checks gaveld applies when it loads an agenda, and shows the result: the \
            meeting, each item with its times and people, and any warnings. Nothing is loaded or \
            changed. FILE '-' reads standard input.

            With --json, standard output is the agenda as canonical JSON, ready for gaveld, and \
            warnings go to standard error. If the agenda has errors, standard output is instead \
            {"ok":false,"errors":[{"line":N,"message":"..."}],"warnings":[...]}, where line is \
            null for a problem with the whole file.

            Errors and warnings are printed to standard error as FILE:LINE: error: MESSAGE (or \
            warning:), so editors and build logs can jump to the line.

            EXIT CODES
              0   the agenda is usable (it may have warnings)
              64  usage error: unknown option, bad --time-zone or --format (EX_USAGE)
              65  the agenda has errors; nothing was imported (EX_DATAERR)
              66  FILE does not exist or cannot be read (EX_NOINPUT)
            """
    )

    @Argument(
        help: ArgumentHelp("The agenda file (.txt, .csv or .json), or '-' for standard input.", valueName: "file"))
    var file: String

    @Flag(help: "Print the agenda as canonical JSON for scripts, instead of a summary for people.")
    var json = false

    @OptionGroup var importArguments: AgendaImportArguments

    func run() async throws {
        let reader = AgendaFileReader(path: file)
        let name = reader.displayName
        let errorStyle = Console.errorStyle

        let data: Data
        do {
            data = try reader.read()
        } catch {
            fail([.error("cannot read the file: \(error.message)")], file: name, style: errorStyle)
            throw ExitStatus.noInput
        }
        guard data.count <= AgendaImporter.maximumBytes else {
            let limit = AgendaImporter.maximumBytes / (1024 * 1024)
            let message = "the file is over \(limit) MB, more than any agenda file; is this the right file?"
            fail([.error(message)], file: name, style: errorStyle)
            throw ExitStatus.dataError
        }

        let imported: ImportedAgenda
        do {
            imported = try AgendaImporter.importAgenda(
                data, fileName: reader.fileNameForDetection, format: importArguments.format?.agendaFormat,
                options: importArguments.importOptions())
        } catch {
            fail(error.diagnostics, file: name, style: errorStyle)
            throw ExitStatus.dataError
        }

        if json {
            Console.write(imported.agenda.canonicalJSON())
            for warning in imported.warnings {
                Console.writeError(DiagnosticReport.compilerStyle(warning, file: name, style: errorStyle) + "\n")
            }
        } else {
            Console.write(AgendaSummary.render(imported, style: Console.outputStyle))
        }
    }

    /// Reports a failed check: every diagnostic on stderr, and the JSON document on stdout for scripts.
    private func fail(_ diagnostics: [Diagnostic], file: String, style: TextStyle) {
        var text = diagnostics.map { DiagnosticReport.compilerStyle($0, file: file, style: style) + "\n" }.joined()
        text += DiagnosticReport.failureVerdict(diagnostics, style: style) + "\n"
        Console.writeError(text)
        if json { Console.write(DiagnosticReport.jsonFailure(diagnostics)) }
    }
}
