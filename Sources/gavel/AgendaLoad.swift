import ArgumentParser
import GavelCore

/// `gavel agenda load FILE`: replace the agenda of a meeting that has not started.
struct AgendaLoad: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Replace the agenda of a meeting that has not started.",
        discussion: """
            Imports FILE here exactly as 'gavel agenda check' does (same formats and options; its \
            warnings are printed to standard error), then sends the agenda to gaveld. The daemon \
            refuses it once the meeting has started (exit 3, with its reason); after the meeting \
            has ended, the agenda opens a new meeting.
            """
    )

    @Argument(
        help: ArgumentHelp(
            "The agenda file (.txt, .csv, .json, .docx, .xlsx or .pdf), or '-' for standard input.",
            valueName: "file"
        )
    )
    var file: String

    @OptionGroup var importArguments: AgendaImportArguments

    @OptionGroup var options: CommandOptions

    func run() throws {
        let imported = try AgendaFileImport.run(file: file, arguments: importArguments, json: options.client.json)
        AgendaFileImport.printWarnings(imported, file: file)
        try Remote.send(
            options,
            build: { _ in (.loadAgenda(imported.agenda), nil) },
            summary: { CommandSummary.agendaLoaded(after: $1) }
        )
    }
}
