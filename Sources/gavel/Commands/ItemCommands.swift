import ArgumentParser
import Foundation
import GavelCore
import GavelProtocol

// The commands that move through the agenda or change the current item's time. Each is a thin
// declaration: the command it sends, what it expects, and the line it prints.

/// What a command that acts on the current item expects: the item the chair saw.
private func expectingCurrentItem(_ state: StateMessage) -> ExpectedState {
    ExpectedState(item: state.item?.id ?? "")
}

struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the meeting with its first item."
    )

    @OptionGroup var options: CommandOptions

    func run() throws {
        try Remote.send(options, build: { _ in (.start, nil) }, summary: { CommandSummary.start(after: $1) })
    }
}

struct Next: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next",
        abstract: "End the current item and start the next one.",
        discussion: """
            Sends the item it expects to leave: if someone else moved the meeting on meanwhile, the \
            daemon refuses (staleState) instead of skipping an item. A dropped connection is retried \
            once with the same command id, which the daemon answers from its journal: a retry never \
            advances twice.
            """
    )

    @OptionGroup var options: CommandOptions

    func run() throws {
        try Remote.send(
            options,
            build: { (.next, expectingCurrentItem($0)) },
            summary: { CommandSummary.next(after: $1) }
        )
    }
}

struct Previous: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "previous",
        abstract: "End the current item and go back to the one before it."
    )

    @OptionGroup var options: CommandOptions

    func run() throws {
        try Remote.send(
            options,
            build: { (.previous, expectingCurrentItem($0)) },
            summary: { CommandSummary.previous(after: $1) }
        )
    }
}

struct GoTo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "goto",
        abstract: "Go to an item, by its id or its position (starts the meeting if needed)."
    )

    @Argument(
        help: ArgumentHelp("The item's id (as 'gavel status' shows it) or its 1-based position.", valueName: "item")
    )
    var item: String

    @OptionGroup var options: CommandOptions

    func validate() throws {
        guard !item.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("give the item's id or position, e.g. 'gavel goto 2'")
        }
    }

    func run() throws {
        try Remote.send(options, build: { _ in (.goTo(item), nil) }, summary: { CommandSummary.goTo(after: $1) })
    }
}

struct Pause: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Stop the clocks: the current item's and the speaker's."
    )

    @OptionGroup var options: CommandOptions

    func run() throws {
        try Remote.send(options, build: { _ in (.pause, nil) }, summary: { CommandSummary.pause(after: $1) })
    }
}

struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Restart the clocks after 'gavel pause'."
    )

    @OptionGroup var options: CommandOptions

    func run() throws {
        try Remote.send(options, build: { _ in (.resume, nil) }, summary: { CommandSummary.resume(after: $1) })
    }
}

struct Extend: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extend",
        abstract: "Give the current item more time."
    )

    @Argument(help: ArgumentHelp("The time to add, \(DurationArgument.forms).", valueName: "duration"))
    var duration: DurationArgument

    @OptionGroup var options: CommandOptions

    func run() throws {
        try Remote.send(
            options,
            build: { (.extend(duration.duration), expectingCurrentItem($0)) },
            summary: { CommandSummary.extend(duration.duration, after: $1) }
        )
    }
}

struct Trim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trim",
        abstract: "Take time from the current item."
    )

    @Argument(help: ArgumentHelp("The time to take, \(DurationArgument.forms).", valueName: "duration"))
    var duration: DurationArgument

    @OptionGroup var options: CommandOptions

    func run() throws {
        try Remote.send(
            options,
            build: { (.trim(duration.duration), expectingCurrentItem($0)) },
            summary: { CommandSummary.trim(duration.duration, after: $1) }
        )
    }
}

struct EndItem: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end",
        abstract: "End the current item without starting another."
    )

    @OptionGroup var options: CommandOptions

    func run() throws {
        try Remote.send(
            options,
            build: { (.endItem, expectingCurrentItem($0)) },
            summary: { CommandSummary.endItem(before: $0, after: $1) }
        )
    }
}

struct EndMeeting: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "end-meeting",
        abstract: "End the meeting."
    )

    @OptionGroup var options: CommandOptions

    func run() throws {
        try Remote.send(options, build: { _ in (.endMeeting, nil) }, summary: { CommandSummary.endMeeting(after: $1) })
    }
}
