import ArgumentParser

/// `gavel agenda …`: work with agenda files before a meeting.
struct AgendaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "Check an agenda file, load it into a meeting that has not started, or edit the agenda live.",
        subcommands: [AgendaCheck.self, AgendaLoad.self, AgendaEditCommand.self]
    )
}
