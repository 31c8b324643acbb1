import Foundation
import Testing

@testable import GavelCore

/// The report of the hearing of `PlanToEndOnTimeTests`, whose first panel overruns by 20 minutes,
/// with budgets per group and shares of floor time in its second panel, on a manual clock. Every
/// figure below is worked out by hand:
///
/// - 11:00: Panel 1 (item 2) is extended by 20 minutes and the chair accepts the plan to end at
///   13:00: Panel 2 (item 3) is re-planned to 55:00, Questions (item 4) dropped, Panel 2's speakers
///   limited to 4:30.
/// - Panel 2, 11:50–12:45: Speaker 1 (Delegation 1, North; female, Africa) 11:50–11:56, 6:00;
///   Speaker 2 (Delegation 2, North; male, Europe) 11:56–12:00, 4:00; at 12:00 the chair adds
///   2:00 to North and moves 1:00 from South to North; Speaker 3 (Delegation 3, South; female,
///   Africa) 12:00–12:03, 3:00; Speaker 4 (Delegation 4, no group, nothing known) 12:03–12:05, 2:00.
/// - Budgets in Panel 2: North 5:00 + 3:00 = 8:00, used 10:00, balance -2:00 (over);
///   South 10:00 - 1:00 = 9:00, used 3:00, balance 6:00.
/// - Shares of the 15:00 of floor time: gender female 9:00 (60.0 %, target 50 %), male 4:00
///   (26.7 %, target 50 %), none 2:00 (13.3 %); region Africa 9:00 (60.0 %), Europe 4:00 (26.7 %),
///   none 2:00 (13.3 %).
/// - The closing starts at 12:45 (next passes over the dropped questions); the meeting ends at 13:00.
extension TimingReportTests {
    static func planAgenda() -> Agenda {
        var agenda = PlanToEndOnTimeTests.agenda()
        agenda.groups = [
            SpeakerGroup(name: "North", members: ["Delegation 1", "Delegation 2"]),
            SpeakerGroup(name: "South", members: ["Delegation 3"]),
        ]
        agenda.items[3].budgets = [
            GroupBudget(group: "North", time: .minutes(5)), GroupBudget(group: "South", time: .minutes(10)),
        ]
        agenda.attributes = [
            "Delegation 1": ["region": "Africa"], "Delegation 2": ["region": "Europe"],
            "Delegation 3": ["region": "Africa"], "Speaker 1": ["gender": "female"], "Speaker 2": ["gender": "male"],
            "Speaker 3": ["gender": "female"],
        ]
        agenda.shares = [
            ShareTarget(attribute: "gender", targets: ["female": 50, "male": 50]), ShareTarget(attribute: "region"),
        ]
        return agenda
    }

    static func planMeeting() -> MeetingDriver {
        var m = MeetingDriver(agenda: planAgenda(), at: "10:00")
        #expect(m.run(.start) == nil)
        #expect(m.at("10:15", .next) == nil)
        #expect(m.at("11:00", .extend(.minutes(20))) == nil)
        #expect(m.run(.acceptPlan()) == nil)
        #expect(m.at("11:35", .next) == nil)
        #expect(m.at("11:50", .next) == nil)
        #expect(m.run(.queueNext) == nil)
        #expect(m.at("11:56", .yieldFloor) == nil)
        #expect(m.run(.queueNext) == nil)
        #expect(m.at("12:00", .yieldFloor) == nil)
        #expect(m.run(.adjustBudget(group: "North", by: .minutes(2))) == nil)
        #expect(m.run(.transferBudget(from: "South", to: "North", amount: .minutes(1))) == nil)
        #expect(m.run(.queueNext) == nil)
        #expect(m.at("12:03", .yieldFloor) == nil)
        #expect(m.run(.queueNext) == nil)
        #expect(m.at("12:05", .yieldFloor) == nil)
        #expect(m.at("12:45", .next) == nil)
        #expect(m.at("13:00", .endMeeting) == nil)
        return m
    }

    static func planRecord() -> TimingRecord {
        let m = planMeeting()
        return m.state.timingRecord(at: m.now)
    }

    @Test func theRecordHasTheReplannedAllotmentsTheDroppedItemThePlanTheBudgetsAndTheShares() {
        let m = Self.planMeeting()
        let record = m.state.timingRecord(at: m.now)
        #expect(record.turns.map(\.speaker) == ["Speaker 1", "Speaker 2", "Speaker 3", "Speaker 4"])
        #expect(record.turns.map(\.granted) == Array(repeating: .seconds(270), count: 4))
        #expect(record.items.map(\.replanned) == [nil, nil, nil, .minutes(55), nil, nil])
        #expect(record.items.map(\.dropped) == [false, false, false, false, true, false])
        #expect(record.items[3].allotted == .minutes(55))
        #expect(record.items[3].actualDuration == .minutes(55))
        #expect(record.hardEnd == m.instant("13:00"))
        #expect(
            record.plans == [
                TimingRecord.Plan(
                    at: m.instant("11:00"),
                    hardEnd: m.instant("13:00"),
                    replanned: [TimingRecord.Replanned(index: 3, allotted: .minutes(55))],
                    dropped: [4]
                )
            ]
        )
        #expect(record.budgets.map(\.itemID) == ["3", "3"])
        #expect(record.budgets.map(\.balance.group) == ["North", "South"])
        #expect(record.budgets.map(\.balance.added) == [.minutes(3), .minutes(-1)])
        #expect(record.budgets.map(\.balance.used) == [.minutes(10), .minutes(3)])
        #expect(record.budgets.map(\.balance.balance) == [.minutes(-2), .minutes(6)])
        #expect(record.shares.map(\.attribute) == ["gender", "region"])
        #expect(record.shares[0].values.map(\.value) == ["female", "male", nil])
        #expect(record.shares[1].values.map(\.value) == ["Africa", "Europe", nil])
        #expect(record.shares[0].values.map(\.time) == [.minutes(9), .minutes(4), .minutes(2)])
        #expect(record.usesPlanning)
        #expect(TimingReport(record).itemRowsStatus == ["done", "done", "done", "done", "dropped", "done"])
        // The journal replayed (as the daemon reports an earlier meeting) gives the same record:
        // each plan keeps the changes journaled with it.
        #expect(MeetingState(agenda: Self.planAgenda(), replaying: m.events).timingRecord(at: m.now) == record)
    }

    @Test func csvAddsTheReplannedColumnAndThePlanBudgetAndShareSections() throws {
        let report = TimingReport(Self.planRecord())
        let lines = report.csv().dropFirst().components(separatedBy: "\r\n").dropLast()
        let header = Self.csvFields(lines.first!)
        let hearingHeader = Self.csvFields(
            TimingReport(Self.hearingRecord()).csv().dropFirst().components(separatedBy: "\r\n")[0]
        )
        // Every column of other reports keeps its place; the new ones follow.
        #expect(Array(header.prefix(hearingHeader.count)) == hearingHeader)
        #expect(
            Array(header.dropFirst(hearingHeader.count)) == [
                "hardEnd", "replannedSeconds", "replannedClock", "plan", "group", "balanceSeconds", "balanceClock",
                "attribute", "value", "percent", "target",
            ]
        )
        for line in lines { #expect(Self.csvFields(line).count == header.count, "\(line)") }
        let rows = lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, Self.csvFields($0))) }
        #expect(rows[0]["section"] == "meeting")
        #expect(rows[0]["hardEnd"] == "2026-06-10T13:00:00-04:00")

        let items = rows.filter { $0["section"] == "item" }
        #expect(items.map { $0["item"] } == ["1", "2", "break", "3", "4", "5"])
        #expect(items.map { $0["status"] } == ["done", "done", "done", "done", "dropped", "done"])
        #expect(items.map { $0["replannedSeconds"] } == ["", "", "", "3300", "", ""])
        #expect(items[3]["replannedClock"] == "55:00")
        #expect(items[3]["plannedSeconds"] == "3600")
        #expect(items[3]["allottedSeconds"] == "3300")
        #expect(items[3]["actualSeconds"] == "3300")
        #expect(items[3]["overSeconds"] == "0")
        #expect(items[4]["actualSeconds"] == "")

        let sections = rows.map { $0["section"]! }
        #expect(
            Array(sections.suffix(11)) == ["plan", "planItem", "planItem", "budget", "budget"]
                + Array(repeating: "share", count: 6)
        )
        let plan = try #require(rows.first { $0["section"] == "plan" })
        #expect(plan["plan"] == "1")
        #expect(plan["at"] == "2026-06-10T11:00:00-04:00")
        #expect(plan["hardEnd"] == "2026-06-10T13:00:00-04:00")
        let changes = rows.filter { $0["section"] == "planItem" }
        #expect(changes.map { $0["plan"] } == ["1", "1"])
        #expect(changes.map { $0["item"] } == ["3", "4"])
        #expect(changes.map { $0["status"] } == ["replanned", "dropped"])
        #expect(changes.map { $0["plannedSeconds"] } == ["3600", "900"])
        #expect(changes.map { $0["replannedSeconds"] } == ["3300", ""])

        let budgets = rows.filter { $0["section"] == "budget" }
        #expect(budgets.map { $0["item"] } == ["3", "3"])
        #expect(budgets.map { $0["group"] } == ["North", "South"])
        #expect(budgets.map { $0["plannedSeconds"] } == ["300", "600"])
        #expect(budgets.map { $0["addedSeconds"] } == ["180", "-60"])
        #expect(budgets.map { $0["allottedSeconds"] } == ["480", "540"])
        #expect(budgets.map { $0["actualSeconds"] } == ["600", "180"])
        #expect(budgets.map { $0["overSeconds"] } == ["120", "-360"])
        #expect(budgets.map { $0["balanceSeconds"] } == ["-120", "360"])
        #expect(budgets.map { $0["balanceClock"] } == ["-2:00", "6:00"])

        let shares = rows.filter { $0["section"] == "share" }
        #expect(shares.map { $0["attribute"] } == ["gender", "gender", "gender", "region", "region", "region"])
        #expect(shares.map { $0["value"] } == ["female", "male", "", "Africa", "Europe", ""])
        #expect(shares.map { $0["actualSeconds"] } == ["540", "240", "120", "540", "240", "120"])
        #expect(shares.map { $0["percent"] } == ["60.0", "26.7", "13.3", "60.0", "26.7", "13.3"])
        #expect(shares.map { $0["target"] } == ["50.0", "50.0", "", "", "", ""])
    }

    @Test func jsonCarriesThePlansBudgetsAndSharesWithTheSameFigures() throws {
        let json = try Self.jsonObject(TimingReport(Self.planRecord()).json())
        let meeting = try #require(json["meeting"] as? [String: Any])
        #expect(meeting["hardEnd"] as? String == "2026-06-10T13:00:00-04:00")
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.map { $0["status"] as? String } == ["done", "done", "done", "done", "dropped", "done"])
        #expect(items[3]["replannedSeconds"] as? Int == 3300)
        #expect(items[3]["replannedClock"] as? String == "55:00")
        #expect(items[1]["replannedSeconds"] is NSNull)
        #expect(items.allSatisfy { $0["budgets"] is [Any] })
        let budgets = try #require(items[3]["budgets"] as? [[String: Any]])
        #expect(budgets.map { $0["group"] as? String } == ["North", "South"])
        #expect(budgets.map { $0["addedSeconds"] as? Int } == [180, -60])
        #expect(budgets.map { $0["actualSeconds"] as? Int } == [600, 180])
        #expect(budgets.map { $0["balanceSeconds"] as? Int } == [-120, 360])
        #expect((items[0]["budgets"] as? [Any])?.isEmpty == true)

        let plans = try #require(json["plans"] as? [[String: Any]])
        #expect(plans.count == 1)
        #expect(plans[0]["plan"] as? Int == 1)
        #expect(plans[0]["at"] as? String == "2026-06-10T11:00:00-04:00")
        #expect(plans[0]["hardEnd"] as? String == "2026-06-10T13:00:00-04:00")
        let changes = try #require(plans[0]["items"] as? [[String: Any]])
        #expect(changes.map { $0["item"] as? String } == ["3", "4"])
        #expect(changes.map { $0["status"] as? String } == ["replanned", "dropped"])
        #expect(changes[0]["replannedSeconds"] as? Int == 3300)
        #expect(changes[1]["replannedSeconds"] is NSNull)

        let shares = try #require(json["shares"] as? [[String: Any]])
        #expect(shares.map { $0["attribute"] as? String } == ["gender", "region"])
        #expect(shares.map { $0["actualSeconds"] as? Int } == [900, 900])
        let gender = try #require(shares[0]["values"] as? [[String: Any]])
        #expect(gender.map { $0["value"] as? String } == ["female", "male", nil])
        #expect(gender[2]["value"] is NSNull)
        #expect(gender.map { $0["actualSeconds"] as? Int } == [540, 240, 120])
        #expect(gender.map { ($0["percent"] as? NSNumber)?.doubleValue } == [60, 26.7, 13.3])
        #expect(gender.map { ($0["target"] as? NSNumber)?.doubleValue } == [50, 50, nil])
    }

    @Test func markdownTableAndPageShowTheReplannedColumnAndTheNewSections() {
        let report = TimingReport(Self.planRecord())
        let markdown = report.markdown()
        #expect(markdown.contains("- **Hard end:** 13:00:00 (1 plan accepted)\n"))
        #expect(
            markdown.contains(
                "| Item | Title | Status | Scheduled | Held | Planned | Re-planned | Actual | Difference | Paused | "
                    + "Extensions | Overrun | Turns |"
            )
        )
        #expect(
            markdown.contains(
                "| 3 | Panel 2: interactive dialogue | done | 11:30:00–12:30:00 | 11:50:00–12:45:00 | 1:00:00 | "
                    + "55:00 | 55:00 | -5:00 |  |  |  | 4 |"
            )
        )
        #expect(
            markdown.contains(
                "| 4 | Questions from the floor | dropped | 12:30:00–12:45:00 |  | 15:00 |  |  |  |  |  |  |  |"
            )
        )
        #expect(markdown.contains("\n## Plans\n\n| # | Accepted | Hard end | Re-planned | Dropped |\n"))
        #expect(markdown.contains("| 1 | 11:00:00 | 13:00:00 | 3 (55:00) | 4 |"))
        #expect(markdown.contains("\n## Budgets\n\n| Item | Group | Planned | Added | Used | Balance |\n"))
        #expect(markdown.contains("| 3 | North | 5:00 | +3:00 | 10:00 | 2:00 over |"))
        #expect(markdown.contains("| 3 | South | 10:00 | -1:00 | 3:00 | 6:00 |"))
        #expect(markdown.contains("\n## Shares of floor time\n\n| Attribute | Value | Time | Share | Target |\n"))
        #expect(markdown.contains("| gender | female | 9:00 | 60.0 % | 50.0 % |"))
        #expect(markdown.contains("| gender | male | 4:00 | 26.7 % | 50.0 % |"))
        #expect(markdown.contains("| gender | (none) | 2:00 | 13.3 % |  |"))
        #expect(markdown.contains("| region | Africa | 9:00 | 60.0 % |  |"))
        // The new sections follow those of the list of speakers.
        let overrides = markdown.range(of: "\n## Overrides\n")
        let plans = markdown.range(of: "\n## Plans\n")
        #expect(overrides != nil && plans != nil && overrides!.lowerBound < plans!.lowerBound)

        let table = report.table()
        #expect(table.contains("Hard end:"))
        #expect(table.contains("REPLANNED"))
        #expect(table.contains("\nPLANS\n"))
        #expect(table.contains("\nBUDGETS\n"))
        #expect(table.contains("\nSHARES OF FLOOR TIME\n"))
        let tableLines = table.components(separatedBy: "\n")
        let panel = tableLines.first { $0.hasPrefix("3 ") && $0.contains("Panel 2") }
        // Planned, re-planned, actual, difference.
        let words = panel?.split(separator: " ").map(String.init) ?? []
        #expect(words.suffix(5) == ["1:00:00", "55:00", "55:00", "-5:00", "4"], "\(panel ?? "")")
        #expect(tableLines.contains { $0.hasPrefix("4 ") && $0.contains(" dropped ") })
        #expect(tableLines.contains { $0.hasPrefix("3     North") && $0.hasSuffix("2:00 over") })

        let page = report.html(TimingReport.PageContext(meetings: [], downloads: []))
        #expect(page.contains("<th class=\"num\" scope=\"col\">Re-planned</th>"))
        #expect(page.contains("<td>dropped</td>"))
        #expect(page.contains("<section class=\"plans\">\n<h2>Plans</h2>"))
        #expect(page.contains("<section class=\"budgets\">\n<h2>Budgets</h2>"))
        #expect(page.contains("<td class=\"num over\">2:00 over</td>"))
        #expect(page.contains("<section class=\"shares-of-floor-time\">"))
        #expect(page.contains("<td class=\"num\">26.7 %</td>"))

        let svg = TimelineSVG(report.record).render()
        #expect(svg.contains("<g class=\"item\" data-item=\"4\" data-status=\"dropped\">"))
        #expect(svg.contains("Panel 2: interactive dialogue: planned 11:30:00–12:30:00 (1:00:00), re-planned 55:00"))
    }

    @Test func aPlanThatChangedNothingStillShowsItsHardEndAndASecondPlanIsNumberedTwo() throws {
        var agenda = Self.planAgenda()
        agenda.items[3].budgets = []
        agenda.shares = []
        agenda.groups = []
        var m = MeetingDriver(agenda: agenda, at: "10:00")
        #expect(m.run(.start) == nil)
        // In time: the first plan changes nothing.
        #expect(m.at("10:05", .acceptPlan(end: LocalTime(canonical: "13:30"))) == nil)
        #expect(m.at("10:15", .next) == nil)
        #expect(m.at("11:00", .extend(.minutes(20))) == nil)
        #expect(m.run(.acceptPlan()) == nil)
        let report = TimingReport(m.state.timingRecord(at: m.now))
        #expect(report.record.plans.map(\.hardEnd) == [m.instant("13:30"), m.instant("13:00")])
        #expect(report.record.plans[0].replanned.isEmpty && report.record.plans[0].dropped.isEmpty)
        #expect(report.record.hardEnd == m.instant("13:00"))
        let markdown = report.markdown()
        #expect(markdown.contains("- **Hard end:** 13:00:00 (2 plans accepted)\n"))
        #expect(markdown.contains("| 1 | 10:05:00 | 13:30:00 |  |  |"))
        #expect(markdown.contains("| 2 | 11:00:00 | 13:00:00 | 3 (55:00) | 4 |"))
        #expect(markdown.contains("\n## Budgets\n\nNo item had budgets.\n"))
        #expect(markdown.contains("\n## Shares of floor time\n\nNo floor time counted in a share.\n"))
        // While the meeting runs, the dropped item is dropped, not upcoming.
        #expect(report.itemRowsStatus == ["done", "current", "upcoming", "upcoming", "dropped", "upcoming"])
        let csv = report.csv().dropFirst().components(separatedBy: "\r\n").dropLast()
        let header = Self.csvFields(csv.first!)
        let plans = csv.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, Self.csvFields($0))) }
            .filter { $0["section"] == "plan" }
        #expect(plans.map { $0["plan"] } == ["1", "2"])
    }

    @Test func anItemTheChairStartsAfterAPlanDroppedItIsNoLongerDroppedButThePlanStillSaysSo() throws {
        var m = MeetingDriver(agenda: PlanToEndOnTimeTests.agenda(), at: "10:00")
        #expect(m.run(.start) == nil)
        #expect(m.at("10:15", .next) == nil)
        #expect(m.at("11:00", .extend(.minutes(20))) == nil)
        #expect(m.run(.acceptPlan()) == nil)
        #expect(m.at("11:05", .goTo("4")) == nil)
        // Read at 11:30: the questions' 15 minutes, from 11:05, ran out at 11:20.
        let report = TimingReport(m.state.timingRecord(at: m.instant("11:30")))
        #expect(report.itemRowsStatus == ["done", "done", "skipped", "skipped", "current", "upcoming"])
        #expect(!report.record.items[4].dropped)
        #expect(report.record.plans.first?.dropped == [4])
        let csv = report.csv().dropFirst().components(separatedBy: "\r\n").dropLast()
        let header = Self.csvFields(csv.first!)
        let rows = csv.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, Self.csvFields($0))) }
        let dropped = try #require(rows.first { $0["section"] == "planItem" && $0["item"] == "4" })
        #expect(dropped["status"] == "dropped")
        // The page marks the overrun in its column, after Re-planned.
        let page = report.html(TimingReport.PageContext(meetings: [], downloads: []))
        #expect(page.contains("<td class=\"num\"></td><td class=\"num over\">10:00</td><td class=\"num\"></td></tr>"))
    }

    @Test func aMeetingWithoutPlansBudgetsOrSharesHasNoneOfTheirColumnsOrSections() throws {
        for record in [Self.hearingRecord(), Self.listRecord()] {
            #expect(!record.usesPlanning)
            let report = TimingReport(record)
            let header = Self.csvFields(report.csv().dropFirst().components(separatedBy: "\r\n")[0])
            #expect(!header.contains("hardEnd") && !header.contains("replannedSeconds"))
            #expect(header.last == "at")
            let json = try Self.jsonObject(report.json())
            #expect(json["plans"] == nil && json["shares"] == nil)
            #expect((json["meeting"] as? [String: Any])?["hardEnd"] == nil)
            let items = try #require(json["items"] as? [[String: Any]])
            #expect(items.allSatisfy { $0["replannedSeconds"] == nil && $0["budgets"] == nil })
            let markdown = report.markdown()
            #expect(!markdown.contains("Re-planned") && !markdown.contains("## Plans"))
            #expect(!markdown.contains("Hard end"))
            #expect(!report.table().contains("PLANS"))
        }
    }

    @Test func percentagesAreRoundedToATenthHalfUp() {
        #expect(TimingReport.tenths(of: .minutes(4), in: .minutes(15)) == 267)
        #expect(TimingReport.tenths(of: .minutes(2), in: .minutes(15)) == 133)
        #expect(TimingReport.tenths(of: .seconds(1), in: .seconds(2000)) == 1)
        #expect(TimingReport.tenths(of: .seconds(1), in: .seconds(2001)) == 0)
        #expect(TimingReport.tenths(of: .zero, in: .zero) == 0)
        #expect(TimingReport.percentText(267) == "26.7")
        #expect(TimingReport.percentText(1000) == "100.0")
        #expect(TimingReport.percentText(5) == "0.5")
    }
}
