import Foundation
import Testing

@testable import GavelCore

/// The report of a General Assembly item run on the list of speakers, on a manual clock: a
/// statement interrupted by a question, two rights of reply of France (the first paused by the
/// chair and interrupted by a point of order), and a statement the chair inscribed on the closed
/// list by overriding the rule. Every figure below is worked out by hand:
///
/// | # | speaker (delegation) | type | from–to | granted | used | paused | interrupted | over |
/// |---|---|---|---|---|---|---|---|---|
/// | 1 | Mr. A (Austria) | statement | 09:00–09:17 | 15:00 | 15:30 | | 1:30 | +0:30 |
/// | 2 | Mr. Q (Qatar) | question, on 1 | 09:05–09:06:30 | 1:00 | 1:30 | | | +0:30 |
/// | 3 | Ms. B (Brazil) | statement | 09:17–09:27 | 15:00 | 10:00 | | | -5:00 |
/// | 4 | Ms. F (France) | reply | 09:27–09:42 | 10:00 | 11:00 | 2:00 | 2:00 | +1:00 |
/// | 5 | Mr. E (Egypt) | point of order, on 4 | 09:30–09:32 | 2:00 | 2:00 | | | 0:00 |
/// | 6 | Ms. F (France) | reply | 09:43–09:47 | 5:00 | 4:00 | | | -1:00 |
/// | 7 | Mr. C (Chile) | statement | 09:48–09:50 | 15:00 | 2:00 | | | -13:00 |
///
/// Turn 4: spoke 09:27–09:29, paused by the chair 09:29–09:30, stood still under the point of
/// order 09:30–09:32 (the chair's pause ends where the interruption begins), paused again on
/// return 09:32–09:33 (still held by the chair), spoke 09:33–09:42: 2 + 9 = 11:00 used.
extension TimingReportTests {
    static func listMeeting() -> MeetingDriver {
        var m = MeetingDriver(agenda: SpeakersListTests.assembly(), at: "09:00")
        #expect(m.run(SpeakersListTests.inscribe("Mr. A", "Austria")) == nil)
        #expect(m.run(SpeakersListTests.inscribe("Ms. B", "Brazil")) == nil)
        #expect(m.run(.start) == nil)
        #expect(m.run(.queueNext) == nil)
        #expect(
            m.at("09:05", .interrupt(Inscription(speaker: "Mr. Q", delegation: "Qatar", speech: "question"))) == nil
        )
        #expect(m.at("09:06:30", .returnFloor) == nil)
        #expect(m.at("09:17", .yieldFloor) == nil)
        #expect(m.run(.queueNext) == nil)
        #expect(m.at("09:27", .yieldFloor) == nil)
        #expect(m.run(SpeakersListTests.inscribe("Ms. F", "France", type: "reply")) == nil)
        #expect(m.run(.queueNext) == nil)
        #expect(m.at("09:29", .pauseFloor) == nil)
        #expect(
            m.at("09:30", .interrupt(Inscription(speaker: "Mr. E", delegation: "Egypt", speech: "point-of-order")))
                == nil
        )
        #expect(m.at("09:32", .returnFloor) == nil)
        #expect(m.at("09:33", .resumeFloor) == nil)
        #expect(m.at("09:42", .yieldFloor) == nil)
        #expect(m.at("09:43", SpeakersListTests.inscribe("Ms. F", "France", type: "reply")) == nil)
        #expect(m.run(.queueNext) == nil)
        #expect(m.at("09:47", .yieldFloor) == nil)
        #expect(m.run(.closeList()) == nil)
        #expect(m.at("09:48", SpeakersListTests.inscribe("Mr. C", "Chile"))?.code == .ruleViolation)
        #expect(m.run(.inscribe(Inscription(speaker: "Mr. C", delegation: "Chile"), override: true)) == nil)
        #expect(m.run(.queueNext) == nil)
        #expect(m.at("09:50", .yieldFloor) == nil)
        #expect(m.run(.endItem) == nil)
        #expect(m.at("09:51", .endMeeting) == nil)
        return m
    }

    static func listRecord() -> TimingRecord {
        let m = listMeeting()
        return m.state.timingRecord(at: m.now)
    }

    @Test func turnsCarryTheirTypeDelegationAndInterruptions() {
        let record = Self.listRecord()
        let turns = record.turns
        #expect(turns.map(\.speaker) == ["Mr. A", "Mr. Q", "Ms. B", "Ms. F", "Mr. E", "Ms. F", "Mr. C"])
        #expect(
            turns.map(\.speech) == [
                "statement", "question", "statement", "reply", "point-of-order", "reply", "statement",
            ]
        )
        #expect(turns[3].speechName == "Right of reply")
        #expect(turns.map(\.delegation) == ["Austria", "Qatar", "Brazil", "France", "Egypt", "France", "Chile"])
        #expect(turns.map(\.interruptedTurn) == [nil, 0, nil, nil, 3, nil, nil])
        #expect(turns.map(\.isInterruption) == [false, true, false, false, true, false, false])
        #expect(
            turns.map(\.granted) == [
                .minutes(15), .minutes(1), .minutes(15), .minutes(10), .minutes(2), .minutes(5), .minutes(15),
            ]
        )
        #expect(
            turns.map(\.used) == [
                .seconds(15 * 60 + 30), .seconds(90), .minutes(10), .minutes(11), .minutes(2), .minutes(4), .minutes(2),
            ]
        )
        #expect(turns.map(\.paused) == [.zero, .zero, .zero, .minutes(2), .zero, .zero, .zero])
        #expect(turns.map(\.interrupted) == [.seconds(90), .zero, .zero, .minutes(2), .zero, .zero, .zero])
        #expect(
            turns.map(\.over) == [
                .seconds(30), .seconds(30), .minutes(-5), .minutes(1), .zero, .minutes(-1), .minutes(-13),
            ]
        )
        // Used, paused and stood still add up to the turn's span: nothing counted twice or lost.
        for turn in turns {
            #expect(turn.used + turn.paused + turn.interrupted == turn.endedAt! - turn.grantedAt, "\(turn.speaker)")
        }
        #expect(record.usesSpeakersList)
    }

    @Test func totalsByTypeDelegationAndSpeakerAndTheOverride() {
        let record = Self.listRecord()
        let types = record.speechTypes
        #expect(types.map(\.speech) == ["statement", "reply", "point-of-order", "question"])
        #expect(types.map(\.turns) == [3, 2, 1, 1])
        #expect(types.map(\.allotted) == [.minutes(45), .minutes(15), .minutes(2), .minutes(1)])
        #expect(types.map(\.used) == [.seconds(27 * 60 + 30), .minutes(15), .minutes(2), .seconds(90)])
        #expect(types.map(\.over) == [.seconds(-(17 * 60 + 30)), .zero, .zero, .seconds(30)])
        #expect(types.map(\.overLimit) == [1, 1, 0, 1])
        #expect(types.map(\.interrupted) == [.seconds(90), .minutes(2), .zero, .zero])
        #expect(types.map(\.placement) == ["list", "endOfItem", "interruption", "interruption"])
        #expect(record.interruptions == 2)
        #expect(record.interrupting == .seconds(210))
        // One item ran: its totals are the meeting's.
        #expect(record.items[0].speechTypes == types)
        #expect(record.items[0].interruptions == 2)
        #expect(record.items[1].speechTypes.isEmpty)

        let delegations = record.delegations
        #expect(delegations.map(\.speaker) == ["Austria", "Qatar", "Brazil", "France", "Egypt", "Chile"])
        #expect(delegations.map(\.turns) == [1, 1, 1, 2, 1, 1])
        #expect(delegations[3].allotted == .minutes(15))
        #expect(delegations[3].used == .minutes(15))
        #expect(delegations[3].over == .zero)
        #expect(delegations[3].overLimit == 1)
        #expect(delegations[3].paused == .minutes(2))
        #expect(delegations[3].interrupted == .minutes(2))
        #expect(delegations[3].interruptions == 1)
        #expect(record.items[0].delegations == delegations)

        let speakers = record.speakers
        #expect(speakers.map(\.speaker) == ["Mr. A", "Mr. Q", "Ms. B", "Ms. F", "Mr. E", "Mr. C"])
        #expect(speakers[0].interrupted == .seconds(90))
        #expect(speakers[3].used == .minutes(15))

        #expect(record.overrides.count == 1)
        #expect(record.overrides.first?.rule == "closed-list")
        #expect(record.overrides.first?.itemID == "8")
        let m = Self.listMeeting()
        #expect(record.overrides.first?.at == m.instant("09:48"))
    }

    @Test func csvCarriesTheNewColumnsAtTheEndAndTheNewSections() throws {
        let report = TimingReport(Self.listRecord())
        let lines = report.csv().dropFirst().components(separatedBy: "\r\n").dropLast()
        let header = Self.csvFields(lines.first!)
        let hearingHeader = Self.csvFields(
            TimingReport(Self.hearingRecord()).csv().dropFirst().components(separatedBy: "\r\n")[0]
        )
        #expect(header == hearingHeader)
        // The columns before the list's keep their places.
        #expect(
            Array(header.prefix(9)) == [
                "section", "meeting", "item", "title", "kind", "status", "turn", "speaker", "turns",
            ]
        )
        #expect(
            Array(header.suffix(11)) == [
                "speech", "speechName", "delegation", "interrupts", "interruptions", "interruptedSeconds",
                "interruptedClock", "overLimit", "interruptedSpans", "rule", "at",
            ]
        )
        let rows = lines.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, Self.csvFields($0))) }
        for line in lines { #expect(Self.csvFields(line).count == header.count, "\(line)") }
        let sections = rows.map { $0["section"]! }
        #expect(
            sections == ["meeting"] + Array(repeating: "item", count: 2) + Array(repeating: "turn", count: 7)
                + Array(repeating: "speaker", count: 6) + Array(repeating: "itemSpeaker", count: 6)
                + Array(repeating: "speechType", count: 4) + Array(repeating: "itemSpeechType", count: 4)
                + Array(repeating: "delegation", count: 6) + Array(repeating: "itemDelegation", count: 6) + ["override"]
        )
        let meeting = rows[0]
        #expect(meeting["interruptions"] == "2")
        #expect(meeting["interruptedSeconds"] == "210")
        #expect(meeting["overLimit"] == "3")
        let poo = rows.filter { $0["section"] == "turn" }[4]
        #expect(poo["speaker"] == "Mr. E")
        #expect(poo["speech"] == "point-of-order")
        #expect(poo["speechName"] == "Point of order")
        #expect(poo["delegation"] == "Egypt")
        #expect(poo["interrupts"] == "4")
        #expect(poo["actualSeconds"] == "120")
        let reply = rows.filter { $0["section"] == "turn" }[3]
        #expect(reply["interruptions"] == "1")
        #expect(reply["interruptedSeconds"] == "120")
        #expect(reply["interruptedClock"] == "2:00")
        #expect(reply["pausedSeconds"] == "120")
        #expect(reply["actualSeconds"] == "660")
        #expect(reply["interruptedSpans"] == "2026-09-22T09:30:00-04:00/2026-09-22T09:32:00-04:00")
        #expect(
            reply["pauses"]
                == "2026-09-22T09:29:00-04:00/2026-09-22T09:30:00-04:00 2026-09-22T09:32:00-04:00/2026-09-22T09:33:00-04:00"
        )
        let question = rows.first { $0["section"] == "speechType" && $0["speech"] == "question" }!
        #expect(question["kind"] == "interruption")
        #expect(question["turns"] == "1")
        #expect(question["actualSeconds"] == "90")
        #expect(question["overSeconds"] == "30")
        #expect(question["overLimit"] == "1")
        let france = rows.first { $0["section"] == "delegation" && $0["delegation"] == "France" }!
        #expect(france["speaker"] == "")
        #expect(france["turns"] == "2")
        #expect(france["actualSeconds"] == "900")
        #expect(france["overSeconds"] == "0")
        let override = rows.last!
        #expect(override["rule"] == "closed-list")
        #expect(override["at"] == "2026-09-22T09:48:00-04:00")
        #expect(override["item"] == "8")
    }

    @Test func jsonCarriesTheSameFigures() throws {
        let json = try Self.jsonObject(TimingReport(Self.listRecord()).json())
        let turns = try #require(json["turns"] as? [[String: Any]])
        #expect(turns[1]["speech"] as? String == "question")
        #expect(turns[1]["interrupts"] as? Int == 1)
        #expect(turns[0]["interrupts"] is NSNull)
        #expect(turns[0]["interruptedSeconds"] as? Int == 90)
        let spans = try #require(turns[0]["interruptedSpans"] as? [[String: Any]])
        #expect(spans.count == 1)
        #expect(spans[0]["clock"] as? String == "1:30")
        let types = try #require(json["speechTypes"] as? [[String: Any]])
        #expect(types.map { $0["speech"] as? String } == ["statement", "reply", "point-of-order", "question"])
        #expect(types.map { $0["overLimit"] as? Int } == [1, 1, 0, 1])
        let delegations = try #require(json["delegations"] as? [[String: Any]])
        #expect(
            delegations.map { $0["delegation"] as? String } == [
                "Austria", "Qatar", "Brazil", "France", "Egypt", "Chile",
            ]
        )
        let overrides = try #require(json["overrides"] as? [[String: Any]])
        #expect(overrides.count == 1)
        #expect(overrides[0]["rule"] as? String == "closed-list")
        let items = try #require(json["items"] as? [[String: Any]])
        #expect((items[0]["speechTypes"] as? [Any])?.count == 4)
        #expect((items[0]["delegations"] as? [Any])?.count == 6)
        #expect(items[0]["interruptions"] as? Int == 2)
        let meeting = try #require(json["meeting"] as? [String: Any])
        #expect(meeting["interruptions"] as? Int == 2)
        #expect(meeting["overLimit"] as? Int == 3)
    }

    @Test func markdownAndTableShowTheListSections() {
        let report = TimingReport(Self.listRecord())
        let markdown = report.markdown()
        #expect(
            markdown.contains(
                "| # | Speaker | Item | From | To | Granted | Added | Used | Paused | Over/under | Type | Delegation | Interrupts | Interrupted |"
            )
        )
        #expect(
            markdown.contains(
                "| 2 | Mr. Q | 8 | 09:05:00 | 09:06:30 | 1:00 |  | 1:30 |  | +0:30 | Interposed question | Qatar | #1 Mr. A |  |"
            )
        )
        #expect(
            markdown.contains(
                "| 4 | Ms. F | 8 | 09:27:00 | 09:42:00 | 10:00 |  | 11:00 | 2:00 | +1:00 | Right of reply | France |  | 2:00 |"
            )
        )
        #expect(markdown.contains("\n## Turns by type\n"))
        #expect(markdown.contains("| Statement | 3 | 45:00 | 27:30 |  | 1:30 | -17:30 | 1 |"))
        #expect(markdown.contains("| Right of reply | 2 | 15:00 | 15:00 | 2:00 | 2:00 | 0:00 | 1 |"))
        #expect(markdown.contains("\n## Interruptions\n"))
        #expect(markdown.contains("2 interruptions (Point of order: 1, Interposed question: 1), 3:30 in all"))
        #expect(
            markdown.contains("| # | Type | Speaker | Delegation | Item | From | To | Interrupts | Used | Over/under |")
        )
        #expect(
            markdown.contains(
                "| 5 | Point of order | Mr. E | Egypt | 8 | 09:30:00 | 09:32:00 | #4 Ms. F | 2:00 | 0:00 |"
            )
        )
        #expect(markdown.contains("| France | 2 | 15:00 | 15:00 | 2:00 | 2:00 | 0:00 | 1 |"))
        #expect(markdown.contains("\n## Overrides\n"))
        #expect(markdown.contains("| 09:48:00 | 8 | closed-list |"))

        let table = report.table()
        #expect(table.contains("\nTURNS BY TYPE\n"))
        #expect(table.contains("\nINTERRUPTIONS\n"))
        #expect(table.contains("\nDELEGATIONS\n"))
        #expect(table.contains("\nOVERRIDES\n"))
        #expect(table.contains("closed-list"))
    }

    @Test func aListMeetingWithoutInterruptionsOrOverridesSaysSo() {
        var m = MeetingDriver(agenda: SpeakersListTests.assembly(), at: "09:00")
        #expect(m.run(SpeakersListTests.inscribe("Mr. A", "Austria")) == nil)
        #expect(m.run(.start) == nil)
        #expect(m.run(.queueNext) == nil)
        #expect(m.at("09:10", .yieldFloor) == nil)
        let report = TimingReport(m.state.timingRecord(at: m.now))
        let markdown = report.markdown()
        #expect(markdown.contains("## Interruptions\n\nNo interruptions.\n"))
        #expect(markdown.contains("## Overrides\n\nNo rule was overridden.\n"))
        #expect(markdown.contains("| Austria | 1 | 15:00 | 10:00 |  |  | -5:00 |  |"))
        #expect(report.html(.init(meetings: [], downloads: [])).contains("<p>No interruptions.</p>"))
    }

    @Test func aMeetingWithoutTheListReadsAsBefore() throws {
        // The hearing (plain grants, no delegations): no list sections in the human formats, and
        // every turn is of the rules' default type in CSV and JSON.
        let record = Self.hearingRecord()
        #expect(!record.usesSpeakersList)
        let report = TimingReport(record)
        for text in [report.markdown(), report.table(), report.html(.init(meetings: [], downloads: []))] {
            #expect(!text.contains("Interruptions") && !text.contains("INTERRUPTIONS"))
            #expect(!text.contains("Overrides") && !text.contains("OVERRIDES"))
            #expect(!text.contains("Delegation") && !text.contains("DELEGATION"))
        }
        #expect(record.speechTypes.map(\.speech) == ["statement"])
        #expect(record.speechTypes.first?.turns == 8)
        #expect(record.delegations.isEmpty)
        #expect(record.overrides.isEmpty)
    }

    @Test func theTimelineMarksInterruptionsAndStopsTheOverrunUnderThem() throws {
        let record = Self.listRecord()
        let svg = try SVGStructure(TimelineSVG(record).render())
        let interruptions = svg.elements(class: "interruption")
        #expect(interruptions.map { $0.attributes["data-turn"] } == ["2", "5"])
        #expect(interruptions.map { $0.attributes["data-interrupts"] } == ["1", "4"])
        #expect(svg.title(of: interruptions[1])?.contains("Point of order, Mr. E (Egypt), interrupting turn 4") == true)
        #expect(TimelineSVG(record).render().contains("5  Mr. E (item 8, interrupting 4) 2:00 of 2:00"))
        // Mr. A's 15:00 ran out at 09:16:30 (1:30 stood still under the question), not at 09:15.
        let overruns = svg.elements(class: "overrun").filter { $0.attributes["data-for"] == "turn:1" }
        #expect(overruns.map { $0.attributes["data-from"] } == ["2026-09-22T09:16:30-04:00"])
        // France's first reply ran out at 09:41: 2 minutes before the pause, 8 after it.
        let reply = svg.elements(class: "overrun").filter { $0.attributes["data-for"] == "turn:4" }
        #expect(reply.map { $0.attributes["data-from"] } == ["2026-09-22T09:41:00-04:00"])
    }

    /// With GAVEL_REPORT_PREVIEW_DIR set, writes this meeting's page, timeline, Markdown and table
    /// there to look at.
    @Test func previewListFilesWhenAsked() throws {
        guard let directory = ProcessInfo.processInfo.environment["GAVEL_REPORT_PREVIEW_DIR"] else { return }
        let report = TimingReport(Self.listRecord())
        let files = [
            ("list.html", report.html(TimingReport.PageContext(meetings: [], downloads: []))),
            ("list.svg", TimelineSVG(report.record).render()),
            ("list.md", report.markdown()),
            ("list.txt", report.table()),
        ]
        for (name, text) in files {
            try Data(text.utf8).write(to: URL(fileURLWithPath: directory + "/" + name))
        }
    }

    @Test func aPointOfOrderStillOnTheFloorIsReadUpToNow() throws {
        // Read at 09:31, a minute into the point of order on France's paused reply.
        let m = Self.listMeeting()
        let now = m.instant("09:31")
        var state = MeetingState(agenda: m.state.agenda)
        for event in m.events where event.at <= now { state.apply(event) }
        let record = state.timingRecord(at: now)
        let reply = record.turns[3]
        #expect(reply.used == .minutes(2))
        #expect(reply.paused == .minutes(1))
        #expect(reply.interrupted == .minutes(1))
        #expect(reply.interruptions.map(\.end) == [nil])
        let poo = record.turns[4]
        #expect(poo.isCurrent)
        #expect(poo.used == .minutes(1))
        #expect(record.interruptions == 2)
        let json = try Self.jsonObject(TimingReport(record).json())
        let turns = try #require(json["turns"] as? [[String: Any]])
        let spans = try #require(turns[3]["interruptedSpans"] as? [[String: Any]])
        #expect(spans.first?["end"] is NSNull)
        #expect(spans.first?["seconds"] as? Int == 60)
        #expect(
            TimingReport(record).markdown().contains(
                "| 5 | Point of order | Mr. E | Egypt | 8 | 09:30:00 | holding | #4 Ms. F | 1:00 | -1:00 |"
            )
        )
    }

    @Test func anOldJournalsTurnsAreOfTheDefaultTypeAndDelegationsMatchIgnoringCase() {
        let agenda = SpeakersListTests.assembly()
        let zone = agenda.venueTimeZone
        func at(_ time: String) -> Instant { zone.instant(on: SpeakersListTests.day, at: LocalTime(canonical: time)!) }
        // As a journal from before lists wrote them: no speech type, no delegation.
        let old = MeetingState(
            agenda: agenda,
            replaying: [
                .meetingStarted(at: at("09:00"), planDate: SpeakersListTests.day),
                .itemStarted(index: 0, at: at("09:00")),
                .floorGranted(speaker: "Mr. A", duration: .minutes(5), at: at("09:00")),
                .floorYielded(at: at("09:04")),
            ]
        )
        let record = old.timingRecord(at: at("09:05"))
        #expect(record.turns.map(\.speech) == ["statement"])
        #expect(record.turns.map(\.isDefaultType) == [true])
        #expect(!record.usesSpeakersList)
        #expect(!TimingReport(record).markdown().contains("Turns by type"))

        var m = MeetingDriver(agenda: agenda, at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.run(.grantFloor(speaker: "Ms. F", duration: .minutes(3), delegation: "France")) == nil)
        #expect(m.at("09:02", .yieldFloor) == nil)
        #expect(m.run(.grantFloor(speaker: "Mr. G", duration: .minutes(3), delegation: "FRANCE")) == nil)
        #expect(m.at("09:06", .yieldFloor) == nil)
        let delegations = m.state.timingRecord(at: m.now).delegations
        #expect(delegations.map(\.speaker) == ["France"])
        #expect(delegations.map(\.turns) == [2])
        #expect(delegations.map(\.used) == [.minutes(6)])
        #expect(delegations.map(\.overLimit) == [1])
    }
}
