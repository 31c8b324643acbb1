import ArgumentParser
import Foundation
import GavelCore

/// `gavel say TEXT` / `gavel say --clear`: a message on every display.
struct Say: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "say",
        abstract: "Show a message on every display, or clear it.",
        discussion: """
            The words are joined with spaces: gavel say Please silence your phones. A new message \
            replaces the one shown; at most 280 characters.
            """
    )

    @Argument(help: ArgumentHelp("The message.", valueName: "text"))
    var words: [String] = []

    @Flag(help: "Clear the message instead.")
    var clear = false

    @OptionGroup var options: CommandOptions

    var text: String { words.joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines) }

    func validate() throws {
        if clear && !words.isEmpty {
            throw ValidationError("give either a message or --clear, not both")
        }
        if !clear && text.isEmpty {
            throw ValidationError("give the message to show (gavel say Please take your seats), or --clear")
        }
    }

    func run() throws {
        if clear {
            try Remote.send(
                options,
                build: { _ in (.clearMessage, nil) },
                summary: { _, _ in CommandSummary.messageCleared() }
            )
        } else {
            try Remote.send(
                options,
                build: { _ in (.showMessage(text), nil) },
                summary: { CommandSummary.messageShown(after: $1) }
            )
        }
    }
}
