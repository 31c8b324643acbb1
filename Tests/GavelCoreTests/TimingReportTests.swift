import Foundation
import Testing

@testable import GavelCore

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The actual-timings report of the hearing (`Hearing.run`), whose every figure is known: the
/// CSV and JSON byte for byte against fixtures read by eye, Markdown and the terminal table as
/// snapshots, the SVG timeline by its structure.
///
/// `GAVEL_UPDATE_REPORT_FIXTURES=1 swift test --filter TimingReportTests` rewrites the fixtures
/// in Tests/GavelCoreTests/Fixtures/reports; review the diff before committing it.
@Suite struct TimingReportTests {
    /// The hearing's record at 13:07, as meeting 1 of a journal.
    static func hearingRecord() -> TimingRecord {
        let m = Hearing.run()
        var record = m.state.timingRecord(at: m.now)
        record.meetingID = 1
        return record
    }

    @Test func csvIsExactlyTheFixture() throws {
        try expectFixture("hearing.csv", TimingReport(Self.hearingRecord()).csvData())
    }

    @Test func jsonIsExactlyTheFixture() throws {
        try expectFixture("hearing.json", TimingReport(Self.hearingRecord()).json())
    }

    @Test func markdownIsTheSnapshot() throws {
        try expectFixture("hearing.md", Array(TimingReport(Self.hearingRecord()).markdown().utf8))
    }

    @Test func terminalTableIsTheSnapshot() throws {
        try expectFixture("hearing.txt", Array(TimingReport(Self.hearingRecord()).table().utf8))
    }

    @Test func renderingTwiceGivesTheSameBytes() {
        let report = TimingReport(Self.hearingRecord())
        #expect(report.csv() == TimingReport(Self.hearingRecord()).csv())
        #expect(report.json() == TimingReport(Self.hearingRecord()).json())
        #expect(TimelineSVG(report.record).render() == TimelineSVG(Self.hearingRecord()).render())
    }

    @Test func csvIsOneRectangularTable() throws {
        let text = TimingReport(Self.hearingRecord()).csv()
        #expect(text.hasPrefix("\u{FEFF}section,meeting,item,"))
        let lines = text.dropFirst().components(separatedBy: "\r\n").dropLast()
        // A header, 1 meeting, 4 items, 8 turns, 7 speakers, 8 speakers within items (4 + 1 + 3),
        // 1 speech type (every turn a statement) and 3 within the items that had turns.
        #expect(lines.count == 1 + 1 + 4 + 8 + 7 + 8 + 1 + 3)
        let header = lines.first!.split(separator: ",", omittingEmptySubsequences: false)
        for line in lines {
            // No field of the hearing holds a quote; commas appear only inside quoted titles.
            #expect(Self.csvFields(line).count == header.count, "\(line)")
        }
        let sections = lines.dropFirst().map { String($0.prefix { $0 != "," }) }
        #expect(
            sections == ["meeting"] + Array(repeating: "item", count: 4) + Array(repeating: "turn", count: 8)
                + Array(repeating: "speaker", count: 7) + Array(repeating: "itemSpeaker", count: 8)
                + ["speechType"] + Array(repeating: "itemSpeechType", count: 3)
        )
    }

    @Test func aFormulaInANameStaysText() throws {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.at("09:01", .grantFloor(speaker: "=HYPERLINK(\"http://x\",\"y\")", duration: .minutes(2))) == nil)
        let csv = TimingReport(m.state.timingRecord(at: m.instant("09:02"))).csv()
        #expect(csv.contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","))
    }

    @Test func subSecondTimesKeepTheirMilliseconds() throws {
        let agenda = TestAgendas.short
        let zone = agenda.venueTimeZone
        let start = zone.instant(on: agenda.date, at: LocalTime(canonical: "09:00")!)
        var state = MeetingState(agenda: agenda)
        try state.apply(.start, now: start)
        try state.apply(.grantFloor(speaker: "Ms. A", duration: .seconds(7)), now: start + .milliseconds(250))
        try state.apply(.yieldFloor, now: start + .milliseconds(7500))
        let report = TimingReport(state.timingRecord(at: start + .milliseconds(8001)))
        let turn = try #require((try Self.jsonObject(report.json())["turns"] as? [[String: Any]])?.first)
        #expect(turn["actualStart"] as? String == "2026-03-10T09:00:00.250+01:00")
        #expect(turn["actualEnd"] as? String == "2026-03-10T09:00:07.500+01:00")
        #expect(turn["actualSeconds"] as? Double == 7.25)
        #expect(turn["overSeconds"] as? Double == 0.25)
        #expect(turn["overClock"] as? String == "0:00")
        let csv = report.csv()
        #expect(
            csv.contains(
                "turn,,1,,,done,1,Ms. A,,,,2026-03-10T09:00:00.250+01:00,2026-03-10T09:00:07.500+01:00,,"
                    + "7,0:07,0,0:00,7,0:07,7.25,0:07,0.25,0:00,0.25,0:00,0,0:00,,,,,,,,"
                    + ",statement,Statement,,,0,0,0:00,,,,\r\n"
            )
        )
        #expect(TimingReport.seconds(.milliseconds(-1)) == "-0.001")
        #expect(TimingReport.seconds(.milliseconds(120_050)) == "120.05")
    }

    // MARK: - A meeting still running, and items that never ran

    @Test func aRunningMeetingIsReadUpToNow() throws {
        var now = Instant(millisecondsSinceEpoch: 0)
        let m = Hearing.run { m, moment in
            if moment == "paused" { now = m.now }
        }
        var state = MeetingState(agenda: TestAgendas.hearing)
        for event in m.events where event.at <= now { state.apply(event) }
        let record = state.timingRecord(at: now)
        let json = try Self.jsonObject(TimingReport(record).json())
        let meeting = try #require(json["meeting"] as? [String: Any])
        #expect(meeting["status"] as? String == "running")
        #expect(meeting["asOf"] as? String == "2018-05-21T11:32:00-04:00")
        #expect(meeting["actualEnd"] is NSNull)
        #expect(meeting["projectedEnd"] as? String == "2018-05-21T13:07:00-04:00")
        #expect(meeting["endDelaySeconds"] as? Int == 420)
        let items = try #require(json["items"] as? [[String: Any]])
        #expect(items.map { $0["status"] as? String } == ["done", "done", "current", "upcoming"])
        #expect(items[2]["actualEnd"] is NSNull)
        #expect(items[2]["endDelaySeconds"] is NSNull)
        // 10:50 to 11:30 ran; 11:30 to 11:32 is an open pause.
        #expect(items[2]["actualSeconds"] as? Int == 40 * 60)
        #expect(items[2]["pausedSeconds"] as? Int == 120)
        let pauses = try #require(items[2]["pauses"] as? [[String: Any]])
        #expect(pauses.count == 1)
        #expect(pauses[0]["end"] is NSNull)
        #expect(pauses[0]["clock"] as? String == "2:00")
        #expect(items[3]["actualStart"] is NSNull)
        #expect(items[3]["actualSeconds"] is NSNull)

        let svg = try SVGStructure(TimelineSVG(record).render())
        #expect(svg.elements(class: "now").count == 1)
        #expect(svg.elements(class: "run open").count == 1)
        #expect(svg.elements(class: "actual-end").isEmpty)
        #expect(svg.elements(class: "planned").count == 4)
        #expect(svg.elements(class: "actual").count == 3)
        #expect(svg.elements(class: "not-run").count == 1)
    }

    @Test func itemsJumpedOverAreSkippedAndThoseAfterTheEndNotReached() throws {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.at("09:05", .goTo("3")) == nil)
        #expect(m.at("09:20", .previous) == nil)
        #expect(m.at("09:22", .next) == nil)
        #expect(m.at("09:25", .endMeeting) == nil)
        var n = MeetingDriver(agenda: TestAgendas.short, at: "09:00")
        #expect(n.run(.start) == nil)
        #expect(n.at("09:10", .goTo("3")) == nil)
        #expect(n.at("09:12", .goTo("1")) == nil)
        #expect(n.at("09:15", .endMeeting) == nil)
        let report = TimingReport(n.state.timingRecord(at: n.now))
        #expect(report.itemRowsStatus == ["done", "skipped", "done"])

        var o = MeetingDriver(agenda: TestAgendas.short, at: "09:00")
        #expect(o.run(.start) == nil)
        #expect(o.at("09:08", .endMeeting) == nil)
        let ended = TimingReport(o.state.timingRecord(at: o.now))
        #expect(ended.itemRowsStatus == ["done", "notReached", "notReached"])
        let csvLines = ended.csv().components(separatedBy: "\r\n")
        #expect(csvLines.filter { $0.hasPrefix("item,") && $0.contains(",notReached,") }.count == 2)

        // Item 3, left for item 2 and reopened, has two runs, both in its one actual bar.
        let reopened = m.state.timingRecord(at: m.now)
        #expect(TimingReport(reopened).itemRowsStatus == ["done", "done", "done"])
        #expect(reopened.items[2].runs.count == 2)
        let svg = try SVGStructure(TimelineSVG(reopened).render())
        #expect(svg.elements(class: "actual").count == 3)
        let third = try #require(svg.elements(class: "item").last)
        #expect(svg.descendants(of: third, class: "run").count == 2)
    }

    // MARK: - The SVG timeline

    @Test func timelineIsWellFormedWithOneBarOfEachKindPerItem() throws {
        let record = Self.hearingRecord()
        let svg = try SVGStructure(TimelineSVG(record).render())
        #expect(svg.root == "svg")
        #expect(svg.rootAttributes["viewBox"]?.hasPrefix("0 0 1200 ") == true)
        let items = svg.elements(class: "item")
        #expect(items.map { $0.attributes["data-item"] } == ["1", "break-1", "2", "3"])
        for item in items {
            #expect(svg.descendants(of: item, class: "planned").count == 1, "\(item.attributes)")
            #expect(svg.descendants(of: item, class: "actual").count == 1, "\(item.attributes)")
        }
        // A segment per turn, in the item the turn was in.
        let turns = svg.elements(class: "turn")
        #expect(turns.map { $0.attributes["data-turn"] } == (1...8).map { "\($0)" })
        #expect(turns.map { $0.attributes["data-speaker"] } == record.turns.map(\.speaker))
        let turnsPerItem = items.map { svg.descendants(of: $0, class: "turn").count }
        #expect(turnsPerItem == [4, 0, 1, 3])
        // Every turn has a tooltip with the speaker's full name.
        for (turn, expected) in zip(turns, record.turns) {
            #expect(svg.title(of: turn)?.contains(expected.speaker) == true)
        }
        // The legend explains every mark; the pauses (a floor pause, a meeting pause) are drawn.
        #expect(svg.elements(class: "legend").count == 1)
        #expect(svg.elements(class: "pause").map { $0.attributes["data-for"] } == ["turn:5", "item:2"])
        #expect(svg.elements(class: "planned-end").count == 1)
        #expect(svg.elements(class: "actual-end").count == 1)
        #expect(svg.text.contains("Planned 10:00–13:00 · Actual 10:03–13:07 (3:04:00) · ended 7:00 late"))
    }

    @Test func overrunsAreMarkedExactlyWhereTimeRanOut() throws {
        let svg = try SVGStructure(TimelineSVG(Self.hearingRecord()).render())
        let marks = svg.elements(class: "overrun").map {
            [$0.attributes["data-for"] ?? "", $0.attributes["data-from"] ?? "", $0.attributes["data-to"] ?? ""]
        }
        // Lajčák's first turn: 5:00 from 10:04, yielded 10:11:30. Item 2: 115:00 from 10:50 plus
        // the 4-minute pause runs out at 12:49, left at 12:49:30. Lajčák's second turn: 13:05 to 13:06:30.
        // Swing used 6:00 of 5:00 + 1:00: on time, no mark.
        #expect(
            marks == [
                ["turn:1", "2018-05-21T10:09:00-04:00", "2018-05-21T10:11:30-04:00"],
                ["item:2", "2018-05-21T12:49:00-04:00", "2018-05-21T12:49:30-04:00"],
                ["turn:8", "2018-05-21T13:05:00-04:00", "2018-05-21T13:06:30-04:00"],
            ]
        )
        // Each overrun is also written beside the bar, not told by colour alone.
        #expect(svg.elements(class: "overrun-label").map { svg.textContent(of: $0) } == ["+0:30 over"])
        #expect(svg.text.contains("+2:30 over"))
        #expect(svg.text.contains("+1:30 over"))
    }

    @Test func overrunSegmentsSkipPauses() {
        let t = { (s: Int64) in Instant(secondsSinceEpoch: s) }
        let spans = TimelineSVG.activeSpans(
            [Interval(start: t(0), end: t(100))],
            minus: [Interval(start: t(30), end: t(50))],
            until: t(100)
        )
        #expect(spans.map { [$0.start, $0.end] } == [[t(0), t(30)], [t(50), t(100)]])
        let over = TimelineSVG.overrunSegments(spans, allotted: .seconds(40))
        #expect(over.map { [$0.start, $0.end] } == [[t(60), t(100)]])
        let early = TimelineSVG.overrunSegments(spans, allotted: .seconds(20))
        #expect(early.map { [$0.start, $0.end] } == [[t(20), t(30)], [t(50), t(100)]])
        #expect(TimelineSVG.overrunSegments(spans, allotted: .seconds(80)).isEmpty)
    }

    @Test func htmlPageInlinesTheTimelineAndLinksTheDownloads() {
        let record = Self.hearingRecord()
        let page = TimingReport(record).html(
            TimingReport.PageContext(
                meetings: [.init(id: 1, label: "1 · hearing")],
                downloads: [.init(label: "SVG", href: "/api/v1/report?meeting=1&format=svg")]
            )
        )
        #expect(page.hasPrefix("<!DOCTYPE html>"))
        #expect(page.contains(TimelineSVG(record, showsHeader: false).render()))
        #expect(page.contains("<a href=\"/api/v1/report?meeting=1&amp;format=svg\" download>SVG</a>"))
        #expect(page.contains("<option value=\"1\" selected>1 · hearing</option>"))
        #expect(page.contains("@page"))
    }

    /// With GAVEL_REPORT_PREVIEW_DIR set, writes the hearing's page and timeline there to look at.
    @Test func previewFilesWhenAsked() throws {
        guard let directory = ProcessInfo.processInfo.environment["GAVEL_REPORT_PREVIEW_DIR"] else { return }
        let record = Self.hearingRecord()
        let page = TimingReport(record).html(
            TimingReport.PageContext(
                meetings: [
                    .init(id: 1, label: "1 · 2018-05-21 · Fifth informal interactive multi-stakeholder hearing")
                ],
                downloads: ["SVG", "CSV", "JSON", "Markdown"].map {
                    .init(label: $0, href: "/api/v1/report?meeting=1&format=\($0.lowercased())")
                }
            )
        )
        try Data(page.utf8).write(to: URL(fileURLWithPath: directory + "/hearing.html"))
        try Data(TimelineSVG(record).render().utf8).write(to: URL(fileURLWithPath: directory + "/hearing.svg"))
        // The hearing that accepted a plan to end on time, with budgets and shares.
        let plan = TimingReport(Self.planRecord())
        try Data(plan.html(TimingReport.PageContext(meetings: [], downloads: [])).utf8)
            .write(to: URL(fileURLWithPath: directory + "/plan.html"))
        try Data(plan.markdown().utf8).write(to: URL(fileURLWithPath: directory + "/plan.md"))
        try Data(plan.table().utf8).write(to: URL(fileURLWithPath: directory + "/plan.txt"))
        try Data(plan.csvData()).write(to: URL(fileURLWithPath: directory + "/plan.csv"))
        try Data(plan.json()).write(to: URL(fileURLWithPath: directory + "/plan.json"))
    }

    // MARK: - Helpers

    private func expectFixture(
        _ name: String,
        _ bytes: [UInt8],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/reports/\(name)")
        if ProcessInfo.processInfo.environment["GAVEL_UPDATE_REPORT_FIXTURES"] == "1" {
            try Data(bytes).write(to: path)
            return
        }
        let expected = try [UInt8](ImportFixtures.data("reports/\(name)"))
        if bytes != expected {
            let got = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
            let want = String(decoding: expected, as: UTF8.self).components(separatedBy: "\n")
            let line =
                zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(got.count, want.count)
            Issue.record(
                """
                \(name) differs from the fixture at line \(line + 1):
                  got:      \(line < got.count ? got[line] : "<end>")
                  expected: \(line < want.count ? want[line] : "<end>")
                """,
                sourceLocation: sourceLocation
            )
        }
    }

    /// The fields of one CSV line (RFC 4180 quoting).
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        var characters = Array(line)[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters.removeFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        fields.append(field)
        return fields
    }

    static func jsonObject(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }
}

extension TimingReport {
    var itemRowsStatus: [String] {
        record.items.map { status(of: $0) }
    }
}

/// An SVG document parsed with Foundation's XMLParser: parsing fails on anything that is not
/// well-formed XML.
struct SVGStructure {
    struct Element {
        var index: Int
        var name: String
        var attributes: [String: String]
        var parent: Int?
        var text = ""
    }

    private(set) var elements: [Element] = []
    var root: String? { elements.first?.name }
    var rootAttributes: [String: String] { elements.first?.attributes ?? [:] }
    /// All the text of the document.
    var text: String { elements.map(\.text).joined(separator: "\n") }

    init(_ svg: String) throws {
        let delegate = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = delegate
        guard parser.parse() else {
            throw SVGError(
                message: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "?") "
                    + "at line \(parser.lineNumber), column \(parser.columnNumber)"
            )
        }
        elements = delegate.elements
    }

    struct SVGError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Elements whose `class` is exactly `name` or has it as one of its words.
    func elements(class name: String) -> [Element] {
        elements.filter { element in
            guard let classes = element.attributes["class"] else { return false }
            return classes == name || classes.split(separator: " ").contains(Substring(name))
        }
    }

    func descendants(of ancestor: Element, class name: String) -> [Element] {
        elements(class: name).filter { isDescendant($0, of: ancestor) }
    }

    private func isDescendant(_ element: Element, of ancestor: Element) -> Bool {
        var parent = element.parent
        while let index = parent {
            if index == ancestor.index { return true }
            parent = elements[index].parent
        }
        return false
    }

    /// The text of the element's own `<title>` child.
    func title(of element: Element) -> String? {
        elements.first { $0.name == "title" && $0.parent == element.index }?.text
    }

    func textContent(of element: Element) -> String {
        element.text
    }

    private final class Collector: NSObject, XMLParserDelegate {
        var elements: [Element] = []
        var stack: [Int] = []

        func parser(
            _ parser: XMLParser,
            didStartElement elementName: String,
            namespaceURI: String?,
            qualifiedName: String?,
            attributes: [String: String] = [:]
        ) {
            elements.append(
                Element(
                    index: elements.count,
                    name: elementName,
                    attributes: attributes,
                    parent: stack.last
                )
            )
            stack.append(elements.count - 1)
        }

        func parser(
            _ parser: XMLParser,
            didEndElement elementName: String,
            namespaceURI: String?,
            qualifiedName: String?
        ) {
            stack.removeLast()
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            if let current = stack.last { elements[current].text += string }
        }
    }
}
