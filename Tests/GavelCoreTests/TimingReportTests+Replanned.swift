import Foundation
import Testing

@testable import GavelCore

/// Items re-planned, added or removed during the meeting, in the report: planned, re-planned, held.
@Suite struct ReplannedReportTests {
    /// The short meeting: item 2 moved to 09:15 for 30 minutes, an item added after it, run to the end.
    static func edited() -> MeetingDriver {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(
            m.at("09:02", .editAgenda(.retime(item: "2", start: LocalTime(canonical: "09:15")!, length: .minutes(30))))
                == nil
        )
        #expect(m.run(.editAgenda(.insert(title: "Announcements", length: .minutes(5), position: 3))) == nil)
        #expect(m.at("09:12", .next) == nil)
        #expect(m.at("09:40", .next) == nil)
        #expect(m.at("09:44", .next) == nil)
        #expect(m.at("10:10", .endMeeting) == nil)
        return m
    }

    @Test func theRecordKeepsTheFirstPlanOfARetimedItem() throws {
        let m = Self.edited()
        let record = m.state.timingRecord(at: m.now)
        #expect(record.hasReplannedItems)
        let second = try #require(record.items.first { $0.id == "2" })
        #expect(second.originalStart == m.instant("09:10"))
        #expect(second.originalEnd == m.instant("09:30"))
        #expect(second.plannedStart == m.instant("09:15"))
        #expect(second.plannedEnd == m.instant("09:45"))
        let added = try #require(record.items.first { $0.title == "Announcements" })
        #expect(added.addedDuringMeeting && added.originalStart == nil)
        #expect((added.plannedStart, added.plannedEnd) == (m.instant("09:45"), m.instant("09:50")))
        #expect(record.items.first { $0.id == "1" }?.isReplanned == false)
    }

    @Test func markdownListsPlannedReplannedAndHeld() {
        let m = Self.edited()
        let markdown = TimingReport(m.state.timingRecord(at: m.now)).markdown()
        #expect(markdown.contains("## Re-planned items"))
        #expect(markdown.contains("| 2 | Second | 09:10:00–09:30:00 | 09:15:00–09:45:00 | 09:12:00–09:40:00 |"))
        #expect(
            markdown.contains(
                "| added-1 | Announcements | added during the meeting | 09:45:00–09:50:00 | 09:40:00–09:44:00 |"
            )
        )
    }

    @Test func csvAndJSONCarryTheFirstPlanOnlyWhenTheAgendaWasEdited() throws {
        let m = Self.edited()
        let csv = TimingReport(m.state.timingRecord(at: m.now)).csv()
        let header = try #require(csv.split(separator: "\r\n").first)
        #expect(header.hasSuffix(",edited,originalStart,originalEnd"))
        #expect(csv.contains(",retimed,2026-03-10T09:10:00+01:00,2026-03-10T09:30:00+01:00\r\n"))
        let json = String(decoding: TimingReport(m.state.timingRecord(at: m.now)).json(), as: UTF8.self)
        #expect(json.contains("\"edited\""))

        var plain = MeetingDriver(agenda: TestAgendas.short, at: "09:00")
        #expect(plain.run(.start) == nil)
        let plainReport = TimingReport(plain.state.timingRecord(at: plain.now))
        #expect(!plainReport.csv().contains("originalStart"))
        #expect(!String(decoding: plainReport.json(), as: UTF8.self).contains("\"edited\""))
        #expect(!plainReport.markdown().contains("Re-planned"))
    }

    /// The short meeting: item 3 retimed, then removed; an item added, then removed; item 2 held.
    static func withRemovals() -> MeetingDriver {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(
            m.at("09:01", .editAgenda(.retime(item: "3", start: LocalTime(canonical: "09:40")!, length: nil))) == nil
        )
        #expect(m.run(.editAgenda(.insert(title: "Announcements", length: .minutes(5)))) == nil)
        #expect(m.at("09:05", .editAgenda(.remove(item: "3"))) == nil)
        #expect(m.at("09:06", .editAgenda(.remove(item: "added-1"))) == nil)
        #expect(m.at("09:10", .next) == nil)
        #expect(m.at("09:30", .endMeeting) == nil)
        return m
    }

    @Test func aRemovedItemStaysInTheRecordAsPlannedAndNotHeld() throws {
        let m = Self.withRemovals()
        let record = m.state.timingRecord(at: m.now)
        #expect(record.items.map(\.id) == ["1", "2"])
        #expect(record.hasReplannedItems)
        #expect(record.removedItems.count == 2)
        let third = try #require(record.removedItems.first)
        #expect(third.id == "3" && third.title == "Third" && !third.addedDuringMeeting && third.position == 2)
        #expect((third.plannedStart, third.plannedEnd) == (m.instant("09:40"), m.instant("10:10")))
        #expect((third.originalStart, third.originalEnd) == (m.instant("09:30"), m.instant("10:00")))
        #expect(third.removedAt == m.instant("09:05"))
        let added = try #require(record.removedItems.last)
        #expect(added.title == "Announcements" && added.addedDuringMeeting && added.originalStart == nil)
        #expect(added.removedAt == m.instant("09:06"))
        // Replaying the journal's events gives the same record.
        #expect(MeetingState(agenda: TestAgendas.short, replaying: m.events).timingRecord(at: m.now) == record)
    }

    @Test func everyFormatListsTheRemovedItems() throws {
        let m = Self.withRemovals()
        let report = TimingReport(m.state.timingRecord(at: m.now))
        let markdown = report.markdown()
        #expect(markdown.contains("## Re-planned items"))
        #expect(markdown.contains("| 3 | Third | 09:30:00–10:00:00 | removed at 09:05:00 | not held |"))
        #expect(
            markdown.contains("| added-1 | Announcements | added during the meeting | removed at 09:06:00 | not held |")
        )
        #expect(report.table().contains("removed at 09:05:00"))
        #expect(report.html(TimingReport.PageContext(meetings: [], downloads: [])).contains("removed at 09:05:00"))
        let csv = report.csv()
        let header = try #require(csv.split(separator: "\r\n").first).split(separator: ",").map(String.init)
        let third = try #require(
            csv.split(separator: "\r\n").first { $0.hasPrefix("item,") && $0.contains(",3,Third,") }
        )
        let cells = third.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        func cell(_ name: String) -> String? { header.firstIndex(of: name).map { cells[$0] } }
        #expect(cell("status") == "removed" && cell("edited") == "removed")
        #expect(
            cell("plannedStart") == "2026-03-10T09:40:00+01:00" && cell("originalStart") == "2026-03-10T09:30:00+01:00"
        )
        #expect(cell("at") == "2026-03-10T09:05:00+01:00" && cell("actualStart") == "")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.json())) as? [String: Any])
        let removed = try #require(json["removedItems"] as? [[String: Any]])
        #expect(removed.map { $0["id"] as? String } == ["3", "added-1"])
        #expect(removed.first?["removedAt"] as? String == "2026-03-10T09:05:00+01:00")
        #expect((json["items"] as? [Any])?.count == 2)
    }
}
