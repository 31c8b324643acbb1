import ArgumentParser
import Foundation
import GavelCore
import GavelProtocol

/// `gavel budget`: the groups' speaking-time budgets in an item, and the chair's changes to them.
struct BudgetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget",
        abstract: "Show the groups' speaking-time budgets and the shares of floor time; add or transfer time.",
        discussion: """
            The agenda gives groups ("groups": regional groups, constituencies) and, per item, each \
            group's budget ("budgets"). A speaker counts against the group of their delegation; \
            interruptions (points of order) count against nobody. Every change is journaled, and a \
            transfer is two changes adding to zero.
            """,
        subcommands: [Show.self, Add.self, Transfer.self],
        defaultSubcommand: Show.self
    )
}

extension BudgetCommand {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Each group's budget, what it used and what is left; the shares of floor time.",
            discussion: "With --json: the daemon's GET /api/v1/budgets (docs/protocol.md)."
        )

        @OptionGroup var list: ListItemOption
        @OptionGroup var client: ClientOptions

        func run() throws {
            let path = APIPath.budgets + (list.item.map { "?item=" + Self.escaped($0) } ?? "")
            guard
                let budgets = try Remote.listing(
                    BudgetsMessage.self,
                    at: path,
                    what: "budgets",
                    notFound: "no such item, or this daemon keeps no budgets (an older gaveld?)",
                    client
                )
            else { return }
            Console.write(BudgetText.render(budgets).joined(separator: "\n") + "\n")
        }

        static func escaped(_ text: String) -> String {
            text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Give a group more time in an item (or take some with --take)."
        )

        @Argument(help: "The group, as the agenda names it.")
        var group: String

        @Argument(help: ArgumentHelp("The time, \(DurationArgument.forms).", valueName: "duration"))
        var duration: DurationArgument

        @Flag(help: "Take the time instead of giving it (not below what the group has used).")
        var take = false

        @OptionGroup var list: ListItemOption
        @OptionGroup var options: CommandOptions

        func run() throws {
            let delta = take ? .zero - duration.duration : duration.duration
            try Remote.send(
                options,
                build: { _ in (.adjustBudget(group: group, by: delta, item: list.item), nil) },
                summary: { _, _ in
                    "\(take ? "Took" : "Gave") \(DurationText.compact(duration.duration)) \(take ? "from" : "to") \(group)"
                        + (list.item.map { " in item \($0)" } ?? "") + "."
                }
            )
        }
    }

    struct Transfer: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "transfer",
            abstract: "Move time from one group's budget to another's."
        )

        @Argument(help: ArgumentHelp("The time, \(DurationArgument.forms).", valueName: "duration"))
        var duration: DurationArgument

        @Option(help: "The group that gives the time.")
        var from: String

        @Option(help: "The group that receives it.")
        var to: String

        @OptionGroup var list: ListItemOption
        @OptionGroup var options: CommandOptions

        func run() throws {
            try Remote.send(
                options,
                build: { _ in (.transferBudget(from: from, to: to, amount: duration.duration, item: list.item), nil) },
                summary: { _, _ in "Moved \(DurationText.compact(duration.duration)) from \(from) to \(to)." }
            )
        }
    }
}

/// How `gavel budget` writes budgets and shares for people.
enum BudgetText {
    static func render(_ budgets: BudgetsMessage) -> [String] {
        var lines: [String] = []
        if budgets.groups.isEmpty {
            lines.append("No budgets in this item.")
        } else {
            lines.append("Budgets:")
            let rows = budgets.groups.map { group -> [String] in
                let balance = Duration.milliseconds(group.balanceMs)
                return [
                    group.group,
                    DurationText.clock(.milliseconds(group.plannedMs)),
                    group.addedMs == 0
                        ? "" : (group.addedMs > 0 ? "+" : "−") + DurationText.clock(.milliseconds(abs(group.addedMs))),
                    "used " + DurationText.clock(.milliseconds(group.usedMs)),
                    balance > .zero
                        ? "left " + DurationText.clock(balance)
                        : balance == .zero
                            ? "spent"
                            : "over " + DurationText.clock(.zero - balance) + " (spent)",
                    group.speaking ? "speaking" : "",
                ]
            }
            lines += table(rows)
        }
        if !budgets.shares.isEmpty {
            lines.append("Shares of floor time:")
            for share in budgets.shares {
                let values = share.values.map { value in
                    (value.value ?? "not given") + " " + String(format: "%.1f %%", value.percent)
                        + (value.targetPercent.map { String(format: " (target %.0f %%)", $0) } ?? "")
                }
                lines.append(
                    "  \(share.attribute): " + (values.isEmpty ? "nobody has spoken" : values.joined(separator: " · "))
                )
            }
        }
        return lines
    }

    private static func table(_ rows: [[String]]) -> [String] {
        guard let columns = rows.first?.count else { return [] }
        let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            "  "
                + row.enumerated().map { column, cell in
                    cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                }.joined(separator: "  ").trimmingSpaces
        }
    }
}
