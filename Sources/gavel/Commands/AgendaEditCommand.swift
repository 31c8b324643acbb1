import ArgumentParser
import Foundation
import GavelCore
import GavelProtocol

/// `gavel agenda edit …`: change the items that have not started, before or during the meeting.
struct AgendaEditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Insert, remove, move, retitle or retime items that have not started.",
        discussion: """
            Items are named by id or position (1 is the first). An item that ran keeps its plan, \
            the running item changes only by 'gavel extend' or 'gavel trim', and a new or moved \
            item goes after the running one. Every edit is journaled; the report shows each \
            re-planned item's first plan, its new one and when it was held. The secretariat's \
            token may edit the agenda.
            """,
        subcommands: [Insert.self, Remove.self, Move.self, Retitle.self, Retime.self]
    )
}

/// A planned start, `HH:MM` on the 24-hour clock.
struct TimeOfDayArgument: ExpressibleByArgument {
    var time: LocalTime

    init?(argument: String) {
        guard let time = LocalTime(canonical: argument.trimmingCharacters(in: .whitespaces)) else { return nil }
        self.time = time
    }

    static var defaultCompletionKind: CompletionKind { .default }
}

extension AgendaEditCommand {
    struct Insert: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "insert",
            abstract: "Add an item.",
            discussion: """
                Example: gavel agenda edit insert "Announcements" --length 10m --at 3. Without --at it \
                goes last; without --start it starts when the item before it is planned to end.
                """
        )

        @Argument(help: ArgumentHelp("The new item's title.", valueName: "title"))
        var title: String

        @Option(help: ArgumentHelp("How long it is planned to last, \(DurationArgument.forms).", valueName: "duration"))
        var length: DurationArgument

        @Option(name: .customLong("at"), help: ArgumentHelp("Its position (1 is the first).", valueName: "position"))
        var position: Int?

        @Option(help: ArgumentHelp("Its planned start, HH:MM.", valueName: "time"))
        var start: TimeOfDayArgument?

        @Flag(name: .customLong("break"), help: "A break rather than a session.")
        var isBreak = false

        @OptionGroup var options: CommandOptions

        func validate() throws {
            guard !title.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError(
                    "give the new item's title, e.g. gavel agenda edit insert \"Announcements\" --length 10m"
                )
            }
            if let position, position < 1 { throw ValidationError("--at is a position from 1") }
        }

        func run() throws {
            let edit = AgendaEdit.insert(
                title: title,
                length: length.duration,
                position: position,
                start: start?.time,
                kind: isBreak ? .break : .session
            )
            try AgendaEditCommand.send(edit, options) { after in
                let item = after.items.last { $0.title == title.trimmingCharacters(in: .whitespaces) }
                return "Inserted: " + (item.map { AgendaEditCommand.describe($0, in: after) } ?? title) + "."
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "remove", abstract: "Take an item off the agenda.")

        @Argument(help: ArgumentHelp("The item, by id or position.", valueName: "item"))
        var item: String

        @OptionGroup var options: CommandOptions

        func run() throws {
            try AgendaEditCommand.send(.remove(item: item), options) { after in
                "Removed item \(item); the agenda has \(MeetingText.counted(after.items.count, "item"))."
            }
        }
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "move",
            abstract: "Move an item to another position."
        )

        @Argument(help: ArgumentHelp("The item, by id or position.", valueName: "item"))
        var item: String

        @Argument(help: ArgumentHelp("Its new position (1 is the first).", valueName: "position"))
        var position: Int

        @OptionGroup var options: CommandOptions

        func run() throws {
            try AgendaEditCommand.send(.move(item: item, toPosition: position), options) { after in
                let moved = after.items.indices.contains(position - 1) ? after.items[position - 1] : nil
                return "Moved: " + (moved.map { AgendaEditCommand.describe($0, in: after) } ?? "item \(item)")
                    + " is now item \(position) of \(after.items.count)."
            }
        }
    }

    struct Retitle: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "retitle", abstract: "Give an item a new title.")

        @Argument(help: ArgumentHelp("The item, by id or position.", valueName: "item"))
        var item: String

        @Argument(help: ArgumentHelp("Its new title.", valueName: "title"))
        var title: String

        @OptionGroup var options: CommandOptions

        func run() throws {
            try AgendaEditCommand.send(.retitle(item: item, title: title), options) { _ in
                "Retitled item \(item): \(title.trimmingCharacters(in: .whitespaces))."
            }
        }
    }

    struct Retime: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retime",
            abstract: "Change an item's planned start, length, or both.",
            discussion: "Example: gavel agenda edit retime 4 --start 11:30 --length 45m. What is not given is kept."
        )

        @Argument(help: ArgumentHelp("The item, by id or position.", valueName: "item"))
        var item: String

        @Option(help: ArgumentHelp("Its new planned start, HH:MM.", valueName: "time"))
        var start: TimeOfDayArgument?

        @Option(help: ArgumentHelp("Its new length, \(DurationArgument.forms).", valueName: "duration"))
        var length: DurationArgument?

        @OptionGroup var options: CommandOptions

        func validate() throws {
            if start == nil && length == nil { throw ValidationError("give --start, --length, or both") }
        }

        func run() throws {
            try AgendaEditCommand.send(.retime(item: item, start: start?.time, length: length?.duration), options) {
                after in
                let changed =
                    after.items.first { $0.id == item }
                    ?? Int(item).flatMap { position in
                        after.items.indices.contains(position - 1) ? after.items[position - 1] : nil
                    }
                return "Re-planned: " + (changed.map { AgendaEditCommand.describe($0, in: after) } ?? "item \(item)")
                    + "."
            }
        }
    }

    /// Sends an edit; no expectation: an edit names its item, and refuses one that started.
    static func send(_ edit: AgendaEdit, _ options: CommandOptions, summary: @escaping (StateMessage) -> String) throws
    {
        try Remote.send(options, build: { _ in (.editAgenda(edit), nil) }, summary: { _, after in summary(after) })
    }

    /// `item 3 (Announcements), 10:40–10:50`.
    static func describe(_ item: StateMessage.ItemState, in state: StateMessage) -> String {
        let text = MeetingText(state)
        return "\(MeetingText.item(id: item.id, title: item.title)), "
            + "\(text.shortTime(item.plannedStart))–\(text.shortTime(item.plannedEnd))"
    }
}
