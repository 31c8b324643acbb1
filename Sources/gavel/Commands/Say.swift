import ArgumentParser
import Foundation
import GavelCore

/// `gavel say TEXT` / `gavel say --preset wrap-up` / `gavel say --clear`: a message on the
/// displays, or on the speaker's alone.
struct Say: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "say",
        abstract: "Show a message on the displays (or the speaker's only), or clear it.",
        discussion: """
            The words are joined with spaces: gavel say Please silence your phones. A new message \
            replaces the one shown; at most 280 characters. --preset NAME shows a prepared message \
            (gavel say --list-presets); --to speaker shows it on the speaker's display only, which \
            the hall does not see (the chair's view shows it too, marked "to the speaker"): \
            gavel say --to speaker --preset wrap-up.
            """
    )

    @Argument(help: ArgumentHelp("The message.", valueName: "text"))
    var words: [String] = []

    @Option(help: ArgumentHelp("A prepared message instead of text (see --list-presets).", valueName: "name"))
    var preset: String?

    @Option(name: .customLong("to"), help: "Which displays show it: everyone or speaker.")
    var audience: DisplayAudience = .everyone

    @Flag(help: "Clear the message instead.")
    var clear = false

    @Flag(help: "List the prepared messages and exit.")
    var listPresets = false

    @OptionGroup var options: CommandOptions

    var text: String { words.joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines) }

    func validate() throws {
        if listPresets { return }
        if clear && (!words.isEmpty || preset != nil) {
            throw ValidationError("give either a message or --clear, not both")
        }
        if let preset {
            guard words.isEmpty else { throw ValidationError("give either text or --preset, not both") }
            guard MessagePreset.named(preset) != nil else {
                throw ValidationError("unknown preset '\(preset)'; presets are \(MessagePreset.names)")
            }
        } else if !clear && text.isEmpty {
            throw ValidationError(
                "give the message to show (gavel say Please take your seats), --preset NAME, or --clear"
            )
        }
    }

    func run() throws {
        if listPresets {
            listThePresets()
        } else if clear {
            try Remote.send(
                options,
                build: { _ in (.clearMessage, nil) },
                summary: { _, _ in CommandSummary.messageCleared() }
            )
        } else {
            // A preset is sent as its text: the daemon journals what the displays showed.
            let message = preset.flatMap(MessagePreset.named)?.text ?? text
            try Remote.send(
                options,
                build: { _ in (.showMessage(message, audience: audience), nil) },
                summary: { CommandSummary.messageShown(after: $1) }
            )
        }
    }

    private func listThePresets() {
        if options.client.json {
            let list = MessagePreset.all.map { ["name": $0.name, "text": $0.text] }
            let data = (try? JSONSerialization.data(withJSONObject: list, options: [.sortedKeys])) ?? Data("[]".utf8)
            print(String(decoding: data, as: UTF8.self))
            return
        }
        let width = MessagePreset.all.map(\.name.count).max() ?? 0
        for preset in MessagePreset.all {
            print(preset.name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + preset.text)
        }
    }
}
