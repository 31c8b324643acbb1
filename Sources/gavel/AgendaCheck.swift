import ArgumentParser
import Foundation
import GavelCore

/// `gavel agenda check FILE`: import an agenda as the daemon would and show how it was understood.
struct AgendaCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check an agenda file and show how Gavel understands it.",
        discussion: """
            Reads FILE as a printed programme (text), a spreadsheet export (CSV) or Gavel's JSON, \
            or a Word (.docx), Excel (.xlsx) or PDF programme turned into text first (a PDF needs \
            pdftotext, from Debian's poppler-utils); line numbers then count lines of that text. \
            applies the checks gaveld applies when it loads an agenda, and shows the result: the \
            meeting, each item with its times and people, and any warnings. Nothing is loaded or \
            changed. FILE '-' reads standard input.

            With --verbose, every line of a programme that was read and not used is listed with \
            why (a heading, a decoration, header text after the title, text under an unreadable \
            row), on standard output, or standard error with --json or when the import fails.

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
        help: ArgumentHelp(
            "The agenda file (.txt, .csv, .json, .docx, .xlsx or .pdf), or '-' for standard input.",
            valueName: "file"
        )
    )
    var file: String

    @Flag(help: "Print the agenda as canonical JSON for scripts, instead of a summary for people.")
    var json = false

    @Flag(help: "Also list every line of a programme that was read and not used, and why.")
    var verbose = false

    @OptionGroup var importArguments: AgendaImportArguments

    func run() throws {
        let imported = try AgendaFileImport.run(file: file, arguments: importArguments, json: json, verbose: verbose)
        if json {
            Console.write(imported.agenda.canonicalJSON())
            AgendaFileImport.printWarnings(imported, file: file)
        } else {
            Console.write(AgendaSummary.render(imported, style: Console.outputStyle))
        }
        if verbose {
            let report = Self.skippedReport(imported.skippedLines)
            if json { Console.writeError(report) } else { Console.write(report) }
        }
    }

    /// `Skipped lines:` and one line each, or a sentence saying there were none.
    static func skippedReport(_ skipped: [SkippedLine]) -> String {
        guard !skipped.isEmpty else { return "No line was skipped.\n" }
        return "Skipped lines (\(skipped.count)):\n" + skipped.map { "  \($0)\n" }.joined()
    }
}
