import Foundation
import GRDB
import GavelCore
import Testing

@testable import GavelJournal

/// Every event is stored in typed columns and read back exactly; a row this build cannot read is
/// an error naming it, never skipped.
@Suite struct EventColumnsTests {
    /// Every `MeetingEvent` case, built explicitly, with the optional parts both present and absent.
    static let everyEvent: [MeetingEvent] = [
        .agendaReplaced(TestAgendas.full, at: .meeting(-120)),
        .speakerQueued(id: 1, speaker: "Early bird", time: nil, at: .meeting(-60)),
        .speakerQueued(id: 2, speaker: "Ms. Louise Arbour", time: .seconds(150), at: .meeting(-59)),
        .speakerQueued(
            id: 3,
            speaker: "H.E. Ms. Ana Ruiz",
            time: .minutes(4),
            item: 1,
            delegation: "Chile",
            speech: "statement",
            rank: "minister",
            at: .meeting(-58)
        ),
        .speakerQueued(
            id: 4,
            speaker: "France",
            time: nil,
            item: 0,
            delegation: "France",
            speech: "reply",
            at: .meeting(-57)
        ),
        .listClosed(item: 1, at: .meeting(-56)),
        .listReopened(item: 1, at: .meeting(-55)),
        .budgetAdjusted(item: 1, group: "GRULAC", by: .minutes(3), at: .meeting(-54)),
        .budgetAdjusted(item: 1, group: "WEOG", by: .zero - .seconds(90), at: .meeting(-53)),
        .itemInserted(Self.addedItem, index: 1, at: .meeting(-52)),
        .itemMoved(index: 1, toIndex: 2, at: .meeting(-51)),
        .itemReplanned(index: 2, Self.replannedItem, at: .meeting(-50)),
        .itemRemoved(index: 2, at: .meeting(-49)),
        .meetingStarted(at: .meeting(0), planDate: LocalDate(year: 2026, month: 3, day: 10)!),
        .itemStarted(index: 0, at: .meeting(0)),
        .itemAdjusted(index: 0, by: .minutes(5), at: .meeting(10)),
        .itemAdjusted(index: 0, by: .zero - .milliseconds(90_500), at: .meeting(11)),
        .floorGranted(speaker: "H.E. Mr. Miroslav Lajčák", duration: .minutes(3), at: .meeting(20)),
        .floorAdjusted(by: .seconds(30), at: .meeting(30)),
        .ruleOverridden(rule: "point-of-order-limit", at: .meeting(32)),
        .floorInterrupted(
            speaker: "Egypt",
            duration: .minutes(3),
            speech: "point-of-order",
            delegation: nil,
            at: .meeting(32)
        ),
        .floorInterrupted(
            speaker: "Mr. Q",
            duration: .seconds(45),
            speech: "question",
            delegation: "Chile",
            at: .meeting(33)
        ),
        .floorYielded(at: .meeting(34)),
        .floorYielded(at: .meeting(35)),
        .floorAdjusted(by: .zero - .seconds(15), at: .meeting(31)),
        .floorPaused(at: .meeting(40)),
        .floorResumed(at: .meeting(50)),
        .meetingPaused(at: .meeting(60)),
        .meetingResumed(at: .meeting(70)),
        .floorYielded(at: .meeting(80)),
        .floorGranted(
            speaker: "France",
            duration: .minutes(10),
            speech: "reply",
            delegation: "France",
            at: .meeting(81)
        ),
        .floorYielded(at: .meeting(82)),
        .speakerMoved(id: 2, toIndex: 0, at: .meeting(90)),
        .speakerUnqueued(id: 1, at: .meeting(100)),
        .messageShown("Merci de respecter le temps de parole — 30 s", audience: .everyone, at: .meeting(110)),
        .messageCleared(at: .meeting(120)),
        .messageShown("Please wrap up", audience: .speaker, at: .meeting(121)),
        .blackoutStarted(audience: .speaker, at: .meeting(122)),
        .blackoutStarted(audience: .everyone, at: .meeting(123)),
        .blackoutEnded(at: .meeting(124)),
        .displaysFlashed(audience: .everyone, at: .meeting(125)),
        .displaysFlashed(audience: .speaker, at: .meeting(126)),
        .itemEnded(index: 0, at: .meeting(130)),
        .meetingEnded(at: .meeting(140)),
    ]

    /// An item added during the meeting, with every field an added item may carry.
    static var addedItem: AgendaItem {
        var item = TestAgendas.full.items[0]
        item.id = "added-1"
        item.title = "Announcements — “late” item"
        item.titles = ["fr": "Annonces"]
        item.kind = .break
        return item
    }

    static var replannedItem: AgendaItem {
        var item = addedItem
        item.start = LocalTime(canonical: "11:05")!
        item.end = LocalTime(canonical: "11:35:30")!
        return item
    }

    @Test func everyEventRoundTripsThroughTheColumns() throws {
        let kinds = Set(Self.everyEvent.map(\.kind))
        #expect(kinds.count == 30, "a new MeetingEvent case needs a line in everyEvent")

        let journal = try Journal.inMemory()
        let meeting = try journal.createMeeting(agenda: TestAgendas.short, at: .meeting(-600))
        for (number, event) in Self.everyEvent.enumerated() {
            try journal.append(
                [event],
                meeting: meeting,
                commandID: "c\(number)",
                wall: event.at,
                monotonicNanoseconds: Int64(number)
            )
        }
        #expect(try journal.meeting(id: meeting)?.events == Self.everyEvent)
    }

    @Test func eventsAreStoredInTypedColumnsThatSQLCanRead() throws {
        let journal = try Journal.inMemory()
        let meeting = try journal.createMeeting(agenda: TestAgendas.short, at: .meeting())
        try journal.append(
            [.floorGranted(speaker: "Ms. Arbour", duration: .minutes(3), at: .meeting(20))],
            meeting: meeting,
            commandID: "grant",
            wall: .meeting(21),
            monotonicNanoseconds: 123_456_789
        )
        let row = try #require(
            try journal.database.read { db in
                try Row.fetchOne(
                    db,
                    sql: """
                        SELECT kind, at_ms, wall_ms, mono_ns, name, amount_ms, typeof(amount_ms), command_id, item, agenda
                        FROM events
                        """
                )
            }
        )
        #expect(row[0] == "floorGranted")
        #expect(row[1] == Instant.meeting(20).millisecondsSinceEpoch)
        #expect(row[2] == Instant.meeting(21).millisecondsSinceEpoch)
        #expect(row[3] == 123_456_789 as Int64)
        #expect(row[4] == "Ms. Arbour")
        #expect(row[5] == 180_000 as Int64)
        #expect(row[6] == "integer")
        #expect(row[7] == "grant")
        #expect(row.hasNull(atIndex: 8) && row.hasNull(atIndex: 9))
    }

    @Test func anAddedItemThatIsNotAnItemIsAnErrorNamingItsSeq() throws {
        let journal = try Journal.inMemory()
        let meeting = try journal.createMeeting(agenda: TestAgendas.short, at: .meeting())
        try journal.append(
            [.itemInserted(Self.addedItem, index: 1, at: .meeting())],
            meeting: meeting,
            commandID: "insert",
            wall: .meeting(),
            monotonicNanoseconds: 0
        )
        try journal.database.write { try $0.execute(sql: "UPDATE events SET agenda = '{\"id\":\"x\"}'") }
        let error = #expect(throws: JournalError.self) { try journal.meeting(id: meeting) }
        #expect(error?.message.contains("event 1 cannot be decoded: its item is not valid") == true)
    }

    @Test func anEventOfAnUnknownKindIsAnErrorNamingItsSeq() throws {
        let journal = try Journal.inMemory()
        let meeting = try journal.createMeeting(agenda: TestAgendas.short, at: .meeting())
        try journal.append(
            [.meetingStarted(at: .meeting(), planDate: TestAgendas.date), .itemStarted(index: 0, at: .meeting())],
            meeting: meeting,
            commandID: "start",
            wall: .meeting(),
            monotonicNanoseconds: 0
        )
        try journal.database.write { db in
            try db.execute(
                sql: "INSERT INTO events (meeting_id, kind, at_ms, wall_ms, mono_ns) VALUES (?, 'rollCall', 0, 0, 0)",
                arguments: [meeting]
            )
        }
        let error = #expect(throws: JournalError.self) { try journal.latestMeeting() }
        #expect(error?.kind == .unreadableRecord)
        #expect(error?.message.contains("event 3 cannot be decoded: its kind 'rollCall' is unknown") == true)
    }

    @Test(arguments: [
        ("UPDATE events SET item = NULL WHERE kind = 'itemStarted'", "event 2 cannot be decoded: its item is missing"),
        (
            "UPDATE events SET plan_date = '2026-02-30' WHERE kind = 'meetingStarted'",
            "event 1 cannot be decoded: its plan_date '2026-02-30' is not a date"
        ),
    ])
    func anEventWithABadFieldIsAnErrorNamingItsSeqAndColumn(damage: String, words: String) throws {
        let journal = try Journal.inMemory()
        let meeting = try journal.createMeeting(agenda: TestAgendas.short, at: .meeting())
        try journal.append(
            [.meetingStarted(at: .meeting(), planDate: TestAgendas.date), .itemStarted(index: 0, at: .meeting())],
            meeting: meeting,
            commandID: "start",
            wall: .meeting(),
            monotonicNanoseconds: 0
        )
        try journal.database.write { try $0.execute(sql: damage) }
        let error = #expect(throws: JournalError.self) { try journal.meeting(id: meeting) }
        #expect(error?.message.contains(words) == true, "\(String(describing: error))")
    }

    @Test func aDamagedAgendaIsAnErrorNamingTheEvent() throws {
        let journal = try Journal.inMemory()
        let meeting = try journal.createMeeting(agenda: TestAgendas.short, at: .meeting())
        try journal.append(
            [.agendaReplaced(TestAgendas.full, at: .meeting())],
            meeting: meeting,
            commandID: "load",
            wall: .meeting(),
            monotonicNanoseconds: 0
        )
        try journal.database.write { try $0.execute(sql: "UPDATE events SET agenda = '{\"title\": 5}'") }
        let error = #expect(throws: JournalError.self) { try journal.meeting(id: meeting) }
        #expect(error?.message.contains("event 1 cannot be decoded: its agenda is not valid") == true)
    }
}
