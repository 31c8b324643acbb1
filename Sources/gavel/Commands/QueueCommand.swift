import ArgumentParser
import Foundation
import GavelCore
import GavelProtocol

/// `gavel queue …`: the speakers' list.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Keep the list of speakers waiting for the floor.",
        // Remove and move are the list's own (the queue is the current item's list).
        subcommands: [Add.self, List.self, ListCommand.Remove.self, ListCommand.Move.self, NextSpeaker.self]
    )
}

extension QueueCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a speaker at the end of the queue."
        )

        @Argument(help: ArgumentHelp("The speaker's name.", valueName: "name"))
        var speaker: String

        @Option(
            help: ArgumentHelp(
                "Their speaking time, \(DurationArgument.forms) (default: from the agenda).",
                valueName: "duration"
            )
        )
        var time: DurationArgument?

        @OptionGroup var options: CommandOptions

        func validate() throws {
            guard !speaker.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError(
                    "give the speaker's name, e.g. gavel queue add \"Mr. William Lacy Swing\" --time 3m"
                )
            }
        }

        func run() throws {
            try Remote.send(
                options,
                build: { _ in (.queueAdd(speaker: speaker, time: time?.duration), nil) },
                summary: { CommandSummary.queued(speaker, after: $1) }
            )
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Show the queue with positions.",
            discussion: "With --json: {\"queue\":[...]}, the queue of the daemon's state message (docs/protocol.md)."
        )

        @OptionGroup var client: ClientOptions

        func run() throws {
            let (state, json) = try Remote.state(client)
            if client.json {
                Console.write(JSONOutput.member("queue", of: json) + "\n")
            } else {
                Console.write(QueueListing.render(state).joined(separator: "\n") + "\n")
            }
        }
    }

    struct NextSpeaker: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "next",
            abstract: "Give the floor to the speaker at the head of the queue.",
            discussion: """
                Sends the speaker it expects to hold the floor now: if the floor changed hands \
                meanwhile, the daemon refuses (staleState) instead of skipping a speaker.
                """
        )

        @OptionGroup var options: CommandOptions

        func run() throws { try gavel.NextSpeaker.give(options) }
    }
}

/// `gavel queue list` for people.
enum QueueListing {
    static func render(_ state: StateMessage) -> [String] {
        let text = MeetingText(state)
        var lines: [String] = []
        if let floor = state.floor {
            lines.append(
                "Floor: \(floor.speaker), \(CommandSummary.timing(floor.remainingMs, endsAt: floor.endsAt, state))"
            )
        }
        guard !state.queue.isEmpty else {
            lines.append("The speakers' queue is empty.")
            return lines
        }
        lines.append("Speakers' queue: \(state.queue.count) waiting")
        let nameWidth = min(40, state.queue.map(\.speaker.count).max() ?? 0)
        let positionWidth = String(state.queue.count).count
        for (index, entry) in state.queue.enumerated() {
            let time = entry.timeMs.map { MeetingText.compact(ms: $0) } ?? "—"
            lines.append(
                "  \(String(index + 1).padded(to: positionWidth, right: true))  "
                    + "\(entry.speaker.padded(to: nameWidth))  \(time.padded(to: 6))  \(entry.addedAt.map { "added " + text.time($0) } ?? "from the agenda")"
            )
        }
        return lines
    }
}
