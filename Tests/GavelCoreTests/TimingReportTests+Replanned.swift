import Foundation
import Testing

@testable import GavelCore

/// Items re-planned or added during the meeting, in the report: planned, re-planned, held.
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
}
