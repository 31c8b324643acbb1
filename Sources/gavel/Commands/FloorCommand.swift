import ArgumentParser
import Foundation
import GavelCore
import GavelProtocol

/// `gavel floor …`: the speaker holding the floor and their clock.
struct FloorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floor",
        abstract: "Give the floor to a speaker and run their clock.",
        discussion: """
            'extend' and 'yield' send the speaker the chair saw: if the floor changed hands \
            meanwhile, the daemon refuses (staleState) instead of acting on the next speaker.
            """,
        subcommands: [Grant.self, ExtendFloor.self, PauseFloor.self, ResumeFloor.self, Yield.self]
    )
}

/// What a command on the current speaker expects: the speaker the chair saw.
private func expectingCurrentSpeaker(_ state: StateMessage) -> ExpectedState {
    ExpectedState(speaker: state.floor?.speaker ?? "")
}

extension FloorCommand {
    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grant",
            abstract: "Give the floor to a speaker.",
            discussion: """
                Without DURATION the speaker gets the time the rules give the speech type (a second \
                right of reply is shorter than the first), else the person's, the item's, the \
                meeting's, else 3 minutes. Whoever held the floor yields, interrupted speakers too.
                """
        )

        @Argument(help: ArgumentHelp("The speaker's name, as it should appear on the displays.", valueName: "name"))
        var speaker: String

        @Argument(help: ArgumentHelp("Their speaking time, \(DurationArgument.forms).", valueName: "duration"))
        var duration: DurationArgument?

        @Option(
            name: .customLong("type"),
            help: ArgumentHelp(
                "The speech type under the agenda's rules (default: the rules' first).",
                valueName: "type"
            )
        )
        var speech: String?

        @Option(help: ArgumentHelp("The delegation they speak for.", valueName: "name"))
        var delegation: String?

        @OptionGroup var override: OverrideFlag
        @OptionGroup var options: CommandOptions

        func validate() throws {
            guard !speaker.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("give the speaker's name, e.g. gavel floor grant \"Ms. Louise Arbour\" 3m")
            }
        }

        func run() throws {
            try Remote.send(
                options,
                build: { _ in
                    (
                        .grantFloor(
                            speaker: speaker,
                            duration: duration?.duration,
                            speech: speech,
                            delegation: delegation,
                            override: override.isOn
                        ), nil
                    )
                },
                summary: { CommandSummary.floorGranted(after: $1) }
            )
        }
    }

    struct ExtendFloor: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "extend",
            abstract: "Give the speaker more time."
        )

        @Argument(help: ArgumentHelp("The time to add, \(DurationArgument.forms).", valueName: "duration"))
        var duration: DurationArgument

        @OptionGroup var options: CommandOptions

        func run() throws {
            try Remote.send(
                options,
                build: { (.extendFloor(duration.duration), expectingCurrentSpeaker($0)) },
                summary: { CommandSummary.floorExtended(duration.duration, after: $1) }
            )
        }
    }

    struct PauseFloor: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pause",
            abstract: "Stop the speaker's clock (the item's keeps running)."
        )

        @OptionGroup var options: CommandOptions

        func run() throws {
            try Remote.send(
                options,
                build: { _ in (.pauseFloor, nil) },
                summary: { CommandSummary.floorPaused(after: $1) }
            )
        }
    }

    struct ResumeFloor: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resume",
            abstract: "Restart the speaker's clock."
        )

        @OptionGroup var options: CommandOptions

        func run() throws {
            try Remote.send(
                options,
                build: { _ in (.resumeFloor, nil) },
                summary: { CommandSummary.floorResumed(after: $1) }
            )
        }
    }

    struct Yield: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "yield",
            abstract: "End the speaker's turn: nobody holds the floor."
        )

        @OptionGroup var options: CommandOptions

        func run() throws {
            try Remote.send(
                options,
                build: { (.yieldFloor, expectingCurrentSpeaker($0)) },
                summary: { CommandSummary.floorYielded(before: $0, after: $1) }
            )
        }
    }
}
