import Foundation
import GRDB
import GavelCore
import Testing

@testable import GavelJournal

/// The journal as the daemon uses it: meetings, their events, and replay after a restart.
@Suite struct JournalTests {
    /// A short meeting with items, pauses, speakers, the queue and a message, ended.
    func runMeeting(_ meeting: inout JournaledMeeting) throws {
        try meeting.run(.queueAdd(speaker: "Early bird", time: nil), at: -60)
        try meeting.run(.start, at: 0)
        try meeting.run(.grantFloor(speaker: "Ms. Arbour", duration: .minutes(2)), at: 30)
        try meeting.run(.extendFloor(.seconds(30)), at: 100)
        try meeting.run(.pause, at: 120)
        try meeting.run(.resume, at: 180)
        try meeting.run(.queueAdd(speaker: "Mr. Swing", time: .minutes(3)), at: 200)
        try meeting.run(.queueNext, at: 240)
        try meeting.run(.showMessage("Please keep to time"), at: 250)
        try meeting.run(.next, at: 600)
        try meeting.run(.trim(.minutes(5)), at: 610)
        try meeting.run(.clearMessage, at: 620)
        try meeting.run(.next, at: 1800)
        try meeting.run(.endMeeting, at: 3000)
    }

    @Test(arguments: JournalBackend.available) func appendedEventsSurviveReopeningAndReplayToTheLiveState(
        _ backend: JournalBackend
    ) throws {
        let place = try JournalPlace(backend)
        var live = try JournaledMeeting(journal: try place.open(), agenda: TestAgendas.short)
        try runMeeting(&live)
        #expect(live.state.phase == .ended)
        try live.journal.close()

        let reopened = try place.open()
        let stored = try #require(try reopened.latestMeeting())
        #expect(stored.id == live.id)
        #expect(stored.agenda == TestAgendas.short)
        #expect(stored.events == live.events)
        #expect(stored.replayed() == live.state)
        #expect(MeetingState(agenda: stored.agenda, replaying: stored.events) == live.state)
    }

    @Test(arguments: JournalBackend.available) func meetingsAreListedOldestFirstWithTheirTimesAndEventCounts(
        _ backend: JournalBackend
    ) throws {
        let place = try JournalPlace(backend)
        let journal = try place.open()
        var first = try JournaledMeeting(journal: journal, agenda: TestAgendas.short, createdAt: .meeting(-600))
        try runMeeting(&first)
        let second = try JournaledMeeting(journal: journal, agenda: TestAgendas.full, createdAt: .meeting(3600))

        let summaries = try journal.meetings()
        #expect(
            summaries == [
                MeetingSummary(
                    id: first.id,
                    title: "Short meeting",
                    createdAt: .meeting(-600),
                    startedAt: .meeting(0),
                    endedAt: .meeting(3000),
                    eventCount: first.events.count
                ),
                MeetingSummary(
                    id: second.id,
                    title: TestAgendas.full.title,
                    createdAt: .meeting(3600),
                    startedAt: nil,
                    endedAt: nil,
                    eventCount: 0
                ),
            ]
        )
    }

    @Test(arguments: JournalBackend.available) func endingAMeetingRecordsWhenItEnded(_ backend: JournalBackend) throws {
        let place = try JournalPlace(backend)
        let journal = try place.open()
        var meeting = try JournaledMeeting(journal: journal, agenda: TestAgendas.short)
        try meeting.run(.start, at: 0)
        #expect(try journal.meeting(id: meeting.id)?.endedAt == nil)
        try meeting.run(.endMeeting, at: 900)
        #expect(try journal.meeting(id: meeting.id)?.endedAt == .meeting(900))
        #expect(try journal.meetings().first?.endedAt == .meeting(900))
    }

    @Test(arguments: JournalBackend.available) func latestMeetingIsTheNewestOne(_ backend: JournalBackend) throws {
        let place = try JournalPlace(backend)
        let journal = try place.open()
        #expect(try journal.latestMeeting() == nil)
        var older = try JournaledMeeting(journal: journal, agenda: TestAgendas.short, createdAt: .meeting(0))
        try older.run(.start, at: 0)
        let newer = try JournaledMeeting(journal: journal, agenda: TestAgendas.full, createdAt: .meeting(60))
        // The older meeting keeps getting events; "latest" is about creation, not activity.
        try older.run(.next, at: 120)

        let latest = try #require(try journal.latestMeeting())
        #expect(latest.id == newer.id)
        #expect(latest.agenda == TestAgendas.full)
        #expect(latest.events.isEmpty)
        #expect(try journal.meeting(id: older.id)?.events == older.events)
        #expect(try journal.meeting(id: 999) == nil)
    }

    @Test(arguments: JournalBackend.available) func replacingTheAgendaKeepsTheOpeningAgendaAndRetitlesTheMeeting(
        _ backend: JournalBackend
    ) throws {
        let place = try JournalPlace(backend)
        let journal = try place.open()
        var meeting = try JournaledMeeting(journal: journal, agenda: TestAgendas.short)
        try meeting.run(.loadAgenda(TestAgendas.full), at: -30)
        try meeting.run(.start, at: 0)

        let stored = try #require(try journal.meeting(id: meeting.id))
        #expect(stored.agenda == TestAgendas.short)
        #expect(stored.replayed() == meeting.state)
        #expect(stored.replayed().agenda == TestAgendas.full)
        #expect(try journal.meetings().map(\.title) == [TestAgendas.full.title])
    }

    @Test(arguments: JournalBackend.available) func aThousandEventsAppendAndReplay(_ backend: JournalBackend) throws {
        let place = try JournalPlace(backend)
        let journal = try place.open()
        var meeting = try JournaledMeeting(journal: journal, agenda: TestAgendas.short)
        try meeting.run(.start, at: 0)
        var second: Int64 = 0
        while meeting.events.count < 1_000 {
            second += 1
            let command: MeetingCommand =
                switch second % 4 {
                case 1: .grantFloor(speaker: "Speaker \(second)", duration: .seconds(90))
                case 2: .extend(.seconds(second))
                case 3: .showMessage("Message \(second)")
                default: .yieldFloor
                }
            #expect(try meeting.run(command, at: second).isAccepted)
        }
        try journal.close()

        let stored = try #require(try place.open().latestMeeting())
        #expect(stored.events.count == meeting.events.count)
        #expect(stored.events == meeting.events)
        #expect(stored.replayed() == meeting.state)
    }

    @Test(arguments: JournalBackend.available) func metaValuesAreStoredReplacedRemovedAndSurviveReopening(
        _ backend: JournalBackend
    ) throws {
        let place = try JournalPlace(backend)
        let journal = try place.open()
        #expect(try journal.value(forMetaKey: "clock.anchor") == nil)
        try journal.setValue("boot=1 wall=1 mono=1", forMetaKey: "clock.anchor")
        try journal.setValue("boot=2 wall=2 mono=2", forMetaKey: "clock.anchor")
        try journal.setValue("x", forMetaKey: "other")
        try journal.setValue(nil, forMetaKey: "other")
        try journal.close()

        let reopened = try place.open()
        #expect(try reopened.value(forMetaKey: "clock.anchor") == "boot=2 wall=2 mono=2")
        #expect(try reopened.value(forMetaKey: "other") == nil)
    }

    @Test func anOpenedJournalIsInWALModeWithFullSync() throws {
        let directory = try TemporaryDirectory()
        let journal = try Journal(path: directory.path("journal.sqlite"))
        let (mode, synchronous, foreignKeys) = try journal.database.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                try Bool.fetchOne(db, sql: "PRAGMA foreign_keys")
            )
        }
        #expect(mode == "wal")
        #expect(synchronous == 2, "2 is FULL: every commit is fsynced")
        #expect(foreignKeys == true)
    }
}

extension CommandOutcome {
    var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }
}
