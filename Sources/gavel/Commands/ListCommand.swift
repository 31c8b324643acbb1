import ArgumentParser
import Foundation
import GavelCore
import GavelProtocol

/// `gavel list …`: the current item's list of speakers (or another item's), with speech types,
/// delegations and ranks, under the agenda's rules of procedure.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Keep the list of speakers: inscribe, remove, move, close, reopen, import.",
        discussion: """
            Each agenda item has its own list; without --item a command acts on the current item's \
            (between items, the next one's). A rule of procedure that refuses a command (a closed \
            list, two replies per delegation, a type's time limit) is named in the error; the chair \
            sets it aside with --override, which the journal records.
            """,
        subcommands: [Show.self, Add.self, Remove.self, Move.self, Close.self, Reopen.self, Import.self, Plan.self],
        defaultSubcommand: Show.self
    )
}

/// The options every inscription shares.
struct InscriptionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The delegation, group or organisation they speak for.", valueName: "name"))
    var delegation: String?

    @Option(
        name: .customLong("type"),
        help: ArgumentHelp(
            "The speech type under the agenda's rules (un-ga: statement, reply, eov-before, eov-after; "
                + "panel: panellist, moderator, question). Default: the rules' first.",
            valueName: "type"
        )
    )
    var speech: String?

    @Option(
        help: ArgumentHelp(
            "A rank of protocol precedence (un-ga: head-of-state, vice-president, head-of-government, minister, "
                + "vice-minister, head-of-delegation, observer, civil-society).",
            valueName: "rank"
        )
    )
    var rank: String?

    @Option(help: ArgumentHelp("The time asked for, \(DurationArgument.forms).", valueName: "duration"))
    var time: DurationArgument?

    func inscription(_ speaker: String) -> Inscription {
        Inscription(speaker: speaker, delegation: delegation, speech: speech, rank: rank, time: time?.duration)
    }
}

/// `--override`: the chair sets a rule of procedure aside.
struct OverrideFlag: ParsableArguments {
    @Flag(
        name: .customLong("override"),
        help: "Set aside a rule of procedure that refuses this (the chair's decision; journaled)."
    )
    var isOn = false
}

/// `--item`: another item's list than the current one.
struct ListItemOption: ParsableArguments {
    @Option(
        help: ArgumentHelp("The item whose list, by id or position (default: the current list).", valueName: "item")
    )
    var item: String?
}

extension ListCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show the current list with types, delegations and the time each gets.",
            discussion: """
                With --json: {"queue":[...]}, the list of the daemon's state message; with --item or \
                --all, the daemon's GET /api/v1/lists (docs/protocol.md).
                """
        )

        @Option(help: ArgumentHelp("Another item's list, by id or position.", valueName: "item"))
        var item: String?

        @Flag(help: "Every item's list.")
        var all = false

        @OptionGroup var client: ClientOptions

        func validate() throws {
            if all && item != nil { throw ValidationError("give --item or --all, not both") }
        }

        func run() throws {
            if all || item != nil {
                guard
                    let answer = try Remote.listing(
                        ListsMessage.self,
                        at: APIPath.lists,
                        what: "lists of speakers",
                        notFound: "this daemon keeps no lists of speakers (an older gaveld?)",
                        client
                    )
                else { return }
                let chosen = answer.lists.filter { list in
                    guard let item else { return true }
                    return list.id == item || Int(item) == list.index + 1
                }
                guard all || !chosen.isEmpty else {
                    throw ValidationError(
                        "there is no item '\(item ?? "")'; items are " + answer.lists.map(\.id).joined(separator: ", ")
                    )
                }
                Console.write(SpeakersListing.render(chosen, current: answer.current).joined(separator: "\n") + "\n")
                return
            }
            let (state, json) = try Remote.state(client)
            if client.json {
                Console.write(JSONOutput.member("queue", of: json) + "\n")
            } else {
                Console.write(SpeakersListing.render(state).joined(separator: "\n") + "\n")
            }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Inscribe a speaker on the list.",
            discussion: """
                Example: gavel list add "H.E. Ms. Ana Ruiz" --delegation Chile --rank minister. \
                Where they go depends on the list's order (inscription or precedence) and the type: \
                rights of reply wait for the end of the item.
                """
        )

        @Argument(help: ArgumentHelp("The speaker's name.", valueName: "name"))
        var speaker: String

        @OptionGroup var inscription: InscriptionOptions
        @OptionGroup var list: ListItemOption
        @OptionGroup var override: OverrideFlag
        @OptionGroup var options: CommandOptions

        func validate() throws {
            guard !speaker.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError(
                    "give the speaker's name, e.g. gavel list add \"Ms. Ana Ruiz\" --delegation Chile"
                )
            }
        }

        func run() throws {
            try Remote.send(
                options,
                build: { _ in
                    (.inscribe(inscription.inscription(speaker), item: list.item, override: override.isOn), nil)
                },
                summary: { SpeakersListing.inscribed(speaker, item: list.item, after: $1) }
            )
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Take a speaker off the list, by name or position."
        )

        @Argument(help: ArgumentHelp("The speaker's name, or their position (1 is the head).", valueName: "name|n"))
        var speaker: String

        @OptionGroup var list: ListItemOption
        @OptionGroup var options: CommandOptions

        func run() throws {
            let reference = QueueReference(speaker)
            try Remote.send(
                options,
                build: { _ in (.queueRemove(reference, item: list.item), nil) },
                summary: { CommandSummary.removed(reference, before: $0, after: $1) }
            )
        }
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "move",
            abstract: "Move a speaker to another position on the list."
        )

        @Argument(help: ArgumentHelp("The speaker's name, or their position.", valueName: "name|n"))
        var speaker: String

        @Argument(help: ArgumentHelp("The new position (1 is the head).", valueName: "position"))
        var position: Int

        @OptionGroup var list: ListItemOption
        @OptionGroup var options: CommandOptions

        func validate() throws {
            guard position >= 1 else { throw ValidationError("the position is 1 (the head of the list) or more") }
        }

        func run() throws {
            let reference = QueueReference(speaker)
            try Remote.send(
                options,
                build: { _ in (.queueMove(reference, toPosition: position, item: list.item), nil) },
                summary: { CommandSummary.moved(reference, to: position, before: $0, after: $1) }
            )
        }
    }

    struct Close: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "close",
            abstract: "Close the list: then only the chair adds to it (--override); replies are still taken."
        )

        @OptionGroup var list: ListItemOption
        @OptionGroup var options: CommandOptions

        func run() throws {
            try Remote.send(
                options,
                build: { _ in (.closeList(item: list.item), nil) },
                summary: { SpeakersListing.closed(true, item: list.item, after: $1) }
            )
        }
    }

    struct Reopen: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reopen",
            abstract: "Reopen a closed list."
        )

        @OptionGroup var list: ListItemOption
        @OptionGroup var options: CommandOptions

        func run() throws {
            try Remote.send(
                options,
                build: { _ in (.reopenList(item: list.item), nil) },
                summary: { SpeakersListing.closed(false, item: list.item, after: $1) }
            )
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Inscribe every speaker of a CSV file, all or none.",
            discussion: """
                The first row names the columns, in any order: name (required), delegation, type, \
                rank, time (a number is minutes). Example: name,delegation,rank / "H.E. Mr. A",Austria,minister.
                """
        )

        @Argument(help: ArgumentHelp("The CSV file ('-' reads standard input).", valueName: "file"))
        var file: String

        @OptionGroup var list: ListItemOption
        @OptionGroup var override: OverrideFlag
        @OptionGroup var options: CommandOptions

        func run() throws {
            let text: String
            do {
                let data =
                    file == "-"
                    ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
                text = String(decoding: data, as: UTF8.self)
            } catch {
                throw CleanExit.message("gavel: cannot read \(file): \(error.localizedDescription)")
            }
            let inscriptions: [Inscription]
            do {
                inscriptions = try SpeakersListCSV.inscriptions(in: text)
            } catch {
                throw ValidationError("\(file): \(error)")
            }
            try Remote.send(
                options,
                build: { _ in (.inscribeAll(inscriptions, item: list.item, override: override.isOn), nil) },
                summary: {
                    "Inscribed \(inscriptions.count) speakers" + SpeakersListing.suffix(item: list.item, after: $1)
                }
            )
        }
    }
}

extension ListCommand {
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Say whether the list fits the item's time, and what would make it fit.",
            discussion: """
                Example: "23 inscribed, 1:09:00 in all; 55:00 left in the item: 14:00 over. All fit \
                at 2:20 each, or close the list after speaker 18 (Ms. X)." With --json: the state's \
                listPlan (docs/protocol.md).
                """
        )

        @OptionGroup var client: ClientOptions

        func run() throws {
            let (state, json) = try Remote.state(client)
            if client.json {
                Console.write(JSONOutput.member("listPlan", of: json) + "\n")
                return
            }
            guard let plan = state.listPlan else {
                throw CleanExit.message("No item is running, so no list is being taken.")
            }
            Console.write(SpeakersListing.plan(plan, queue: state.queue) + "\n")
        }
    }
}

/// `gavel next-speaker`: the head of the list takes the floor.
struct NextSpeaker: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "next-speaker",
        abstract: "Give the floor to the head of the list, with the time the rules give their speech type.",
        discussion: """
            Sends the speaker it expects to hold the floor now: if the floor changed hands \
            meanwhile, the daemon refuses (staleState) instead of skipping a speaker.
            """
    )

    @OptionGroup var options: CommandOptions

    func run() throws { try Self.give(options) }

    /// Also `gavel queue next`.
    static func give(_ options: CommandOptions) throws {
        try Remote.send(
            options,
            build: { (.queueNext, ExpectedState(speaker: $0.floor?.speaker ?? "")) },
            summary: { CommandSummary.floorGranted(after: $1) }
        )
    }
}

/// `gavel point-of-order`, `gavel question`, `gavel interrupt`: an interruption takes the floor.
struct Interrupt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "interrupt",
        abstract: "Interrupt the speaker: a point of order or a question takes the floor, their clock stops.",
        discussion: "'gavel return' gives the floor back to the interrupted speaker with the time they had left.",
        aliases: []
    )

    @Argument(help: ArgumentHelp("Who interrupts: a delegation or a speaker.", valueName: "name"))
    var speaker: String

    @Option(
        name: .customLong("type"),
        help: ArgumentHelp("The interruption's type (un-ga: point-of-order, question).", valueName: "type")
    )
    var speech: String?

    @Option(help: ArgumentHelp("The delegation they speak for, when the name is a person's.", valueName: "name"))
    var delegation: String?

    @Option(
        help: ArgumentHelp("Its time (default: the rules' limit), \(DurationArgument.forms).", valueName: "duration")
    )
    var time: DurationArgument?

    @OptionGroup var override: OverrideFlag
    @OptionGroup var options: CommandOptions

    func run() throws {
        try Self.send(speaker, speech: speech, delegation: delegation, time: time, override: override.isOn, options)
    }

    static func send(
        _ speaker: String,
        speech: String?,
        delegation: String?,
        time: DurationArgument?,
        override: Bool,
        _ options: CommandOptions
    ) throws {
        let inscription = Inscription(
            speaker: speaker,
            delegation: delegation ?? speaker,
            speech: speech,
            time: time?.duration
        )
        try Remote.send(
            options,
            build: { (.interrupt(inscription, override: override), ExpectedState(speaker: $0.floor?.speaker ?? "")) },
            summary: { SpeakersListing.interrupted(after: $1) }
        )
    }
}

/// What `gavel point-of-order` and `gavel question` share: who, for how long, an override.
struct InterruptionArguments: ParsableArguments {
    @Argument(help: ArgumentHelp("The delegation (or speaker) rising.", valueName: "delegation"))
    var delegation: String

    @Option(
        help: ArgumentHelp("Its time (default: the rules' limit), \(DurationArgument.forms).", valueName: "duration")
    )
    var time: DurationArgument?

    @OptionGroup var override: OverrideFlag
    @OptionGroup var options: CommandOptions

    func send(_ speech: String) throws {
        try Interrupt.send(delegation, speech: speech, delegation: nil, time: time, override: override.isOn, options)
    }
}

struct PointOfOrder: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "point-of-order",
        abstract: "A delegation rises to a point of order: it takes the floor, the speaker's clock stops."
    )

    @OptionGroup var arguments: InterruptionArguments

    func run() throws { try arguments.send("point-of-order") }
}

struct Question: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "question",
        abstract: "An interposed question: it takes the floor, the speaker's clock stops."
    )

    @OptionGroup var arguments: InterruptionArguments

    func run() throws { try arguments.send("question") }
}

/// `gavel return`: the interruption yields, the interrupted speaker goes on.
struct Return: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "return",
        abstract: "End the interruption: the interrupted speaker goes on with the time they had left."
    )

    @OptionGroup var options: CommandOptions

    func run() throws {
        try Remote.send(
            options,
            build: { (.returnFloor, ExpectedState(speaker: $0.floor?.speaker ?? "")) },
            summary: { CommandSummary.floorYielded(before: $0, after: $1) }
        )
    }
}

/// `gavel reply DELEGATION`: a right of reply, inscribed for the end of the item.
struct Reply: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reply",
        abstract:
            "Inscribe a right of reply, taken at the end of the item (un-ga: 10 min, a second 5 min, two at most).",
        discussion: "A third reply by one delegation in one item is refused by the rules unless --override."
    )

    @Argument(help: ArgumentHelp("The delegation replying.", valueName: "delegation"))
    var delegation: String

    @Option(help: ArgumentHelp("Who speaks for it (default: the delegation's name).", valueName: "name"))
    var speaker: String?

    @Option(help: ArgumentHelp("The time asked for, \(DurationArgument.forms).", valueName: "duration"))
    var time: DurationArgument?

    @OptionGroup var list: ListItemOption
    @OptionGroup var override: OverrideFlag
    @OptionGroup var options: CommandOptions

    func run() throws {
        let name = speaker ?? delegation
        let inscription = Inscription(speaker: name, delegation: delegation, speech: "reply", time: time?.duration)
        try Remote.send(
            options,
            build: { _ in (.inscribe(inscription, item: list.item, override: override.isOn), nil) },
            summary: { SpeakersListing.inscribed(name, item: list.item, after: $1) }
        )
    }
}

/// The list for people: `gavel list`, and the summaries of its commands.
enum SpeakersListing {
    static func render(_ state: StateMessage) -> [String] {
        var lines: [String] = []
        if let floor = state.floor {
            lines.append(
                "Floor: \(describe(floor)), \(CommandSummary.timing(floor.remainingMs, endsAt: floor.endsAt, state))"
            )
            for below in floor.interrupted ?? [] {
                lines.append(
                    "  interrupted: \(below.speaker)\(kind(below.speechName, below.delegation, below.speaker)), "
                        + "\(MeetingText.remaining(ms: below.remainingMs)) left"
                )
            }
        }
        guard !state.queue.isEmpty else {
            lines.append("The list of speakers is empty\(state.listClosed == true ? " and closed" : "").")
            return lines
        }
        lines.append(
            "List of speakers\(state.listClosed == true ? " (closed)" : ""): \(state.queue.count) inscribed, \(MeetingText.compact(ms: total(state))) in all"
        )
        lines += entries(state.queue)
        return lines
    }

    /// Several items' lists (`gavel list show --item/--all`).
    static func render(_ lists: [ListsMessage.ItemList], current: Int?) -> [String] {
        var lines: [String] = []
        for list in lists {
            if !lines.isEmpty { lines.append("") }
            var heading = "Item \(list.id) · \(list.title)"
            if list.index == current { heading += " (current)" }
            if list.closed { heading += " · closed" }
            if list.order == .precedence { heading += " · by precedence" }
            lines.append(heading)
            lines += entries(list.speakers)
        }
        return lines
    }

    /// One line per waiting speaker, or a line saying there is none.
    static func entries(_ queue: [StateMessage.QueuedSpeaker]) -> [String] {
        guard !queue.isEmpty else { return ["  nobody inscribed"] }
        let nameWidth = min(40, queue.map(\.speaker.count).max() ?? 0)
        let positionWidth = String(queue.count).count
        return queue.enumerated().map { index, entry in
            let time = entry.allottedMs.map { MeetingText.compact(ms: $0) } ?? "—"
            var line =
                "  \(String(index + 1).padded(to: positionWidth, right: true))  "
                + "\(entry.speaker.padded(to: nameWidth))  \(time.padded(to: 6))"
            var details: [String] = []
            if let delegation = entry.delegation, delegation != entry.speaker { details.append(delegation) }
            if let name = entry.speechName, entry.speech != "statement" { details.append(name.lowercased()) }
            if let rank = entry.rank { details.append(rank) }
            if !details.isEmpty { line += "  " + details.joined(separator: ", ") }
            return line
        }
    }

    static func total(_ state: StateMessage) -> Int64 {
        state.queue.reduce(0) { $0 + ($1.allottedMs ?? 0) }
    }

    /// "France (Right of reply)", "Mr. X (Point of order, Egypt)".
    static func describe(_ floor: StateMessage.FloorState) -> String {
        floor.speaker + kind(floor.speechName, floor.delegation, floor.speaker)
    }

    private static func kind(_ speechName: String?, _ delegation: String?, _ speaker: String) -> String {
        var parts: [String] = []
        if let speechName, speechName != "Statement" { parts.append(speechName) }
        if let delegation, delegation != speaker { parts.append(delegation) }
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    /// `23 inscribed, 1:09:00 in all; 55:00 left in the item: 14:00 over. All fit at 2:20 each,
    /// or close the list after speaker 18 (Ms. X).`
    static func plan(_ plan: StateMessage.ListPlan, queue: [StateMessage.QueuedSpeaker]) -> String {
        let clock = { (ms: Int64) in MeetingText.clock(ms: ms) }
        var line = "\(plan.count) inscribed, \(clock(plan.totalMs)) in all"
        if plan.onTheFloorMs > 0 { line += ", after \(clock(plan.onTheFloorMs)) still on the floor" }
        line += "; \(clock(plan.availableMs)) left in the item"
        guard plan.overMs > 0 else {
            return line + ": all fit, with \(clock(plan.availableMs - plan.onTheFloorMs - plan.totalMs)) to spare."
        }
        line += ": \(clock(plan.overMs)) over."
        guard let limit = plan.limitForAllMs else {
            return line + " The floor alone runs past the item's end: nobody more fits."
        }
        line += " All fit at \(clock(limit)) each"
        if plan.fitting == 0 {
            line += "; as they are, nobody more fits."
        } else {
            let last = queue.indices.contains(plan.fitting - 1) ? " (\(queue[plan.fitting - 1].speaker))" : ""
            line += ", or close the list after speaker \(plan.fitting)\(last)."
        }
        return line
    }

    /// `Inscribed Mr. X at position 3 (10m); 3 inscribed.`
    static func inscribed(_ speaker: String, item: String?, after: StateMessage) -> String {
        guard item == nil else { return "Inscribed \(speaker)" + suffix(item: item, after: after) }
        let trimmed = speaker.trimmingCharacters(in: .whitespaces)
        let position = after.queue.lastIndex { $0.speaker == trimmed }.map { $0 + 1 }
        var line = "Inscribed \(trimmed)"
        if let position {
            let entry = after.queue[position - 1]
            line += " at position \(position)"
            if let ms = entry.allottedMs {
                line +=
                    " (\(MeetingText.compact(ms: ms))"
                    + (entry.speech == "statement" ? ")" : ", \(entry.speechName?.lowercased() ?? entry.speech ?? ""))")
            }
        }
        return line + "; \(after.queue.count) inscribed."
    }

    static func suffix(item: String?, after: StateMessage) -> String {
        item.map { " on the list of item \($0)." } ?? "; \(after.queue.count) inscribed."
    }

    static func closed(_ closed: Bool, item: String?, after: StateMessage) -> String {
        "List of speakers " + (closed ? "closed" : "reopened") + (item.map { " (item \($0))" } ?? "")
            + "; \(after.queue.count) inscribed."
    }

    /// `Point of order: Egypt, 2:00 (ends 10:07:00); Ms. A waits with 3:10 left.`
    static func interrupted(after: StateMessage) -> String {
        guard let floor = after.floor else { return "Floor interrupted." }
        var line = "\(floor.speechName ?? "Interruption"): \(floor.speaker), \(MeetingText.clock(ms: floor.allottedMs))"
        if let endsAt = floor.endsAt { line += " (ends \(MeetingText(after).time(endsAt)))" }
        if let below = floor.interrupted?.first {
            line += "; \(below.speaker) waits with \(MeetingText.remaining(ms: below.remainingMs)) left"
        }
        return line + "."
    }
}
