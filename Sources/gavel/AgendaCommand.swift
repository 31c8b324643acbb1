import ArgumentParser

/// `gavel agenda …`: work with agenda files before a meeting.
struct AgendaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda",
        abstract: "Check agenda files before a meeting.",
        subcommands: [AgendaCheck.self]
    )
}
