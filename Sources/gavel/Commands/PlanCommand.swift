import ArgumentParser
import Foundation
import GavelCore
import GavelProtocol

/// `gavel plan`: will the meeting end by its hard end, and if not, what to shorten or drop.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Propose new allotments that end the meeting by a hard end; --accept applies them.",
        discussion: """
            The plan never moves an item the agenda marks "fixed", never gives an item less than its \
            "minimum" (an item without one keeps its length), and drops "droppable" items only when \
            shortening is not enough, the latest first. When no plan fits it says why. Without --end, \
            the agenda's "hardEnd" (or the last accepted plan's). --accept journals the plan as one \
            command: the displays show the new times at once, and the report shows planned, re-planned \
            and actual. With --json: the daemon's GET /api/v1/plan, or with --accept its answer.
            """
    )

    @Option(help: ArgumentHelp("The hard end, HH:MM in the venue's time (24-hour clock).", valueName: "time"))
    var end: String?

    @Flag(help: "Accept the plan: the daemon makes it again at this instant and journals it.")
    var accept = false

    @OptionGroup var options: CommandOptions

    func validate() throws {
        if let end, Self.time(end) == nil {
            throw ValidationError("--end takes a time of day as HH:MM (24-hour clock), such as 13:00, not '\(end)'")
        }
    }

    /// `13:00`, `9:30` or `13:00:30`.
    static func time(_ text: String) -> LocalTime? {
        LocalTime(canonical: text) ?? LocalTime(canonical: "0" + text)
    }

    func run() throws {
        let hardEnd = end.flatMap(Self.time)
        if accept {
            try Remote.send(
                options,
                build: { _ in (.acceptPlan(end: hardEnd), nil) },
                summary: { before, after in PlanText.accepted(before: before, after: after) }
            )
            return
        }
        let path = APIPath.plan + (hardEnd.map { "?end=\($0.description)" } ?? "")
        guard
            let plan = try Remote.listing(
                PlanMessage.self,
                at: path,
                what: "plan",
                notFound: "no item remains to plan",
                options.client
            )
        else { return }
        Console.write(PlanText.render(plan, end: end).joined(separator: "\n") + "\n")
    }
}

/// How `gavel plan` writes a plan for people.
enum PlanText {
    static func render(_ plan: PlanMessage, end: String?) -> [String] {
        let text = MeetingText(timeZone: plan.timeZone)
        let late = plan.projectedEnd - plan.hardEnd
        var lines = [
            "Hard end \(text.shortTime(plan.hardEnd)); as things stand the meeting ends at "
                + "\(text.shortTime(plan.projectedEnd))"
                + (late > .zero ? " (\(DurationText.compact(late)) late)." : ", in time.")
        ]
        switch plan.outcome {
        case "onTime":
            lines.append("Nothing to change.")
            return lines
        case "infeasible":
            lines.append("No plan ends by \(text.shortTime(plan.hardEnd)): \(plan.reason ?? "the items do not fit").")
            return lines
        default:
            lines.append("Under this plan it ends at \(text.shortTime(plan.plannedEnd)):")
        }
        let rows = plan.items.map { item -> [String] in
            var notes: [String] = []
            if item.current { notes.append("running") }
            if item.fixed { notes.append("fixed") }
            if let limit = item.speakerLimitMs {
                notes.append("speakers \(DurationText.clock(.milliseconds(limit))) each")
            }
            if let minimum = item.minimumMs, !item.dropped {
                notes.append("minimum \(DurationText.compact(.milliseconds(minimum)))")
            }
            return [
                item.id,
                item.title.count > 40 ? String(item.title.prefix(39)) + "…" : item.title,
                DurationText.compact(.milliseconds(item.beforeMs)),
                item.dropped ? "dropped" : DurationText.compact(.milliseconds(item.afterMs)),
                item.dropped ? "" : text.shortTime(item.start),
                notes.joined(separator: ", "),
            ]
        }
        let header = ["#", "Item", "Now", "Plan", "Starts", ""]
        let widths = (0..<header.count).map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for row in [header] + rows {
            lines.append(
                "  "
                    + row.enumerated().map { column, cell in
                        column == row.count - 1
                            ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    }.joined(separator: "  ").trimmingSpaces
            )
        }
        lines.append("Accept it with: gavel plan\(end.map { " --end \($0)" } ?? "") --accept")
        return lines
    }

    /// "Plan accepted: the meeting ends by 13:00. Item 3 55m (was 1h), item 4 dropped."
    static func accepted(before: StateMessage, after: StateMessage) -> String {
        let text = MeetingText(after)
        var changes: [String] = []
        for (old, new) in zip(before.items, after.items) {
            if new.dropped == true, old.dropped != true {
                changes.append("item \(new.id) dropped")
            } else if new.allottedMs != old.allottedMs {
                changes.append(
                    "item \(new.id) \(DurationText.compact(.milliseconds(new.allottedMs))) "
                        + "(was \(DurationText.compact(.milliseconds(old.allottedMs))))"
                )
            }
        }
        let end = after.schedule.hardEnd.map { text.shortTime($0) } ?? "?"
        return "Plan accepted: the meeting is to end by \(end)"
            + (changes.isEmpty
                ? "; nothing had to change." : ". " + changes.joined(separator: "; ").capitalizedFirst + ".")
    }
}

extension String {
    /// "item 3 …" at the start of a sentence: "Item 3 …".
    fileprivate var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
