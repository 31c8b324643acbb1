import ArgumentParser

@main
struct Gavel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gavel",
        abstract: "The chair's remote for gaveld.",
        subcommands: [AgendaCommand.self]
    )
}
