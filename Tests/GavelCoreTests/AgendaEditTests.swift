import GavelCore
import Testing

/// Live agenda editing: items that have not started change; the past and the running item do not.
@Suite struct AgendaEditTests {
    func started(at time: String = "09:00") -> MeetingDriver {
        var m = MeetingDriver(agenda: TestAgendas.short, at: time)
        #expect(m.run(.start) == nil)
        return m
    }

    func expectRejected(
        _ m: inout MeetingDriver,
        _ edit: AgendaEdit,
        _ code: MeetingError.Code,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let before = m.state
        let error = m.run(.editAgenda(edit))
        #expect(error?.code == code, sourceLocation: sourceLocation)
        #expect(error?.message.isEmpty == false, sourceLocation: sourceLocation)
        #expect(m.state == before, "a rejected edit changed the state", sourceLocation: sourceLocation)
    }

    func titles(_ m: MeetingDriver) -> [String] { m.state.agenda.items.map(\.title) }
    func time(_ text: String) -> LocalTime { LocalTime(canonical: text)! }

    @Test func insertPutsANewItemAfterTheOneBeforeIt() {
        var m = started()
        #expect(m.at("09:02", .editAgenda(.insert(title: "Announcements", length: .minutes(5), position: 2))) == nil)
        #expect(titles(m) == ["First", "Announcements", "Second", "Third"])
        let added = m.state.agenda.items[1]
        #expect(added.id == "added-1")
        #expect((added.start, added.end) == (time("09:10"), time("09:15")))
        #expect(m.state.items[1].inserted)
        #expect(m.state.items[1].stopwatch.allotted == .minutes(5))
        #expect(m.state.lists.count == 4)
        #expect(m.state.currentItem == 0, "the running item is untouched")
        // Next goes to the new item.
        #expect(m.at("09:10", .next) == nil)
        #expect(m.state.currentAgendaItem?.title == "Announcements")
    }

    @Test func insertWithoutPositionAppendsAndTakesAGivenStart() {
        var m = started()
        #expect(
            m.run(.editAgenda(.insert(title: "Any other business", length: .minutes(15), start: time("10:05")))) == nil
        )
        #expect(m.state.agenda.items.last?.title == "Any other business")
        #expect((m.state.agenda.items.last?.start, m.state.agenda.items.last?.end) == (time("10:05"), time("10:20")))
    }

    @Test func insertBeforeTheRunningItemIsRefused() {
        var m = started()
        #expect(m.at("09:10", .next) == nil)
        expectRejected(&m, .insert(title: "Late", length: .minutes(5), position: 1), .invalidPosition)
        expectRejected(&m, .insert(title: "Late", length: .minutes(5), position: 2), .invalidPosition)
        expectRejected(&m, .insert(title: "Far", length: .minutes(5), position: 9), .invalidPosition)
        expectRejected(&m, .insert(title: "Far", length: .minutes(5), position: .min), .invalidPosition)
        expectRejected(&m, .move(item: "3", toPosition: .min), .invalidPosition)
        expectRejected(&m, .move(item: "3", toPosition: .max), .invalidPosition)
        #expect(m.run(.editAgenda(.insert(title: "Soon", length: .minutes(5), position: 3))) == nil)
    }

    @Test func badTitlesAndLengthsAreRefusedAndChangeNothing() {
        var m = started()
        expectRejected(&m, .insert(title: "  ", length: .minutes(5)), .invalidText)
        expectRejected(&m, .insert(title: "Two\nlines", length: .minutes(5)), .invalidText)
        expectRejected(&m, .insert(title: "Nothing", length: .zero), .invalidDuration)
        expectRejected(
            &m,
            .insert(title: "Past midnight", length: .minutes(30), start: time("23:45")),
            .invalidDuration
        )
        expectRejected(&m, .retime(item: "3", start: nil, length: nil), .invalidDuration)
        expectRejected(&m, .retitle(item: "nine", title: "Who"), .unknownItem)
        expectRejected(&m, .remove(item: "\(Int.min)"), .unknownItem)
        #expect(m.run(.goTo("\(Int.min)"))?.code == .unknownItem, "the smallest Int is no position")
    }

    @Test func theRunningItemChangesOnlyByExtendOrTrim() {
        var m = started()
        expectRejected(&m, .retime(item: "1", start: nil, length: .minutes(20)), .itemStarted)
        expectRejected(&m, .retitle(item: "1", title: "Renamed"), .itemStarted)
        expectRejected(&m, .remove(item: "1"), .itemStarted)
        expectRejected(&m, .move(item: "1", toPosition: 3), .itemStarted)
        let error = m.run(.editAgenda(.retime(item: "1", start: nil, length: .minutes(20))))
        #expect(error?.message.contains("extend or trim") == true)
        #expect(m.run(.extend(.minutes(10))) == nil)
    }

    @Test func anItemThatRanKeepsItsPlan() {
        var m = started()
        #expect(m.at("09:10", .next) == nil)
        expectRejected(&m, .retitle(item: "1", title: "Renamed"), .itemStarted)
        expectRejected(&m, .remove(item: "First"), .unknownItem)
        expectRejected(&m, .remove(item: "1"), .itemStarted)
    }

    @Test func removeTakesAnItemOffAndNextSkipsIt() {
        var m = started()
        #expect(m.run(.editAgenda(.remove(item: "2"))) == nil)
        #expect(titles(m) == ["First", "Third"])
        #expect(m.at("09:10", .next) == nil)
        #expect(m.state.currentAgendaItem?.id == "3")
    }

    @Test func removingTheOnlyItemIsRefused() {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "08:00")
        #expect(m.run(.editAgenda(.remove(item: "1"))) == nil)
        #expect(m.run(.editAgenda(.remove(item: "2"))) == nil)
        expectRejected(&m, .remove(item: "3"), .invalidPosition)
    }

    @Test func moveReordersAndCarriesTheListWithTheItem() {
        var m = started()
        #expect(m.run(.inscribe(Inscription(speaker: "Chile"), item: "3")) == nil)
        #expect(m.run(.editAgenda(.move(item: "3", toPosition: 2))) == nil)
        #expect(titles(m) == ["First", "Third", "Second"])
        #expect(m.state.lists[1].entries.map(\.speaker) == ["Chile"])
        #expect(m.state.lists[2].entries.isEmpty)
        expectRejected(&m, .move(item: "3", toPosition: 1), .invalidPosition)
        expectRejected(&m, .move(item: "3", toPosition: 2), .invalidPosition)
        expectRejected(&m, .move(item: "3", toPosition: 4), .invalidPosition)
    }

    @Test func retimeChangesStartLengthOrBothAndKeepsTheOriginal() {
        var m = started()
        #expect(m.run(.editAgenda(.retime(item: "2", start: time("09:15"), length: nil))) == nil)
        #expect((m.state.agenda.items[1].start, m.state.agenda.items[1].end) == (time("09:15"), time("09:35")))
        #expect(m.run(.editAgenda(.retime(item: "2", start: nil, length: .minutes(30)))) == nil)
        #expect((m.state.agenda.items[1].start, m.state.agenda.items[1].end) == (time("09:15"), time("09:45")))
        #expect(m.state.items[1].stopwatch.allotted == .minutes(30))
        #expect(m.state.items[1].originalPlan == PlannedTimes(start: time("09:10"), end: time("09:30")))
        expectRejected(&m, .retime(item: "2", start: time("09:15"), length: .minutes(30)), .invalidDuration)
    }

    @Test func retitleRenamesWithoutReplanningTimes() {
        var m = started()
        #expect(m.run(.editAgenda(.retitle(item: "2", title: "Second, renamed"))) == nil)
        #expect(m.state.agenda.items[1].title == "Second, renamed")
        #expect(m.state.items[1].originalPlan == nil)
        expectRejected(&m, .retitle(item: "2", title: "Second, renamed"), .invalidText)
    }

    @Test func editsBeforeTheStartAreKeptWhenTheMeetingStarts() {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "08:30")
        #expect(m.run(.editAgenda(.retime(item: "1", start: nil, length: .minutes(15)))) == nil)
        #expect(m.run(.editAgenda(.insert(title: "Welcome", length: .minutes(5), position: 1))) == nil)
        #expect(m.state.agenda.items[0].start == time("08:55"), "before the first item, it ends where that starts")
        #expect(m.at("08:55", .start) == nil)
        #expect(m.state.items[0].inserted)
        #expect(m.state.items[1].originalPlan == PlannedTimes(start: time("09:00"), end: time("09:10")))
        #expect(m.state.items[1].stopwatch.allotted == .minutes(15))
    }

    @Test func editsAreRefusedAfterTheMeetingEnded() {
        var m = started()
        #expect(m.at("09:05", .endMeeting) == nil)
        expectRejected(&m, .insert(title: "Too late", length: .minutes(5)), .meetingEnded)
    }

    @Test func replayingTheEventsGivesTheSameMeeting() {
        var m = started()
        #expect(m.run(.inscribe(Inscription(speaker: "Peru"), item: "2")) == nil)
        #expect(m.run(.editAgenda(.insert(title: "Inserted", length: .minutes(5), position: 2))) == nil)
        #expect(m.at("09:03", .grantFloor(speaker: "Chile", duration: .minutes(2))) == nil)
        #expect(m.run(.editAgenda(.move(item: "3", toPosition: 2))) == nil)
        #expect(m.run(.editAgenda(.remove(item: "added-1"))) == nil)
        #expect(m.run(.editAgenda(.retime(item: "2", start: time("10:00"), length: .minutes(10)))) == nil)
        #expect(m.at("09:10", .next) == nil)
        let replayed = MeetingState(agenda: TestAgendas.short, replaying: m.events)
        #expect(replayed == m.state)
        #expect(titles(m) == ["First", "Third", "Second"])
        #expect(m.state.currentAgendaItem?.id == "3")
        #expect(m.state.grants.first?.itemIndex == 0)
    }

    @Test func removingASkippedItemBeforeTheRunningOneRenumbersIt() {
        var m = started()
        #expect(m.at("09:05", .goTo("3")) == nil)
        #expect(m.run(.grantFloor(speaker: "Chile", duration: .minutes(2))) == nil)
        #expect(m.run(.editAgenda(.remove(item: "2"))) == nil)
        #expect(m.state.currentItem == 1)
        #expect(m.state.currentAgendaItem?.id == "3")
        #expect(m.state.floor?.itemIndex == 1)
        #expect(m.state.lastItem == 1)
        #expect(MeetingState(agenda: TestAgendas.short, replaying: m.events) == m.state)
    }

    @Test func aTurnInAnItemAfterAnEditedOneKeepsItsItem() {
        var m = started()
        #expect(m.at("09:10", .next) == nil)
        #expect(m.run(.grantFloor(speaker: "Chile", duration: .minutes(2))) == nil)
        #expect(m.run(.editAgenda(.insert(title: "After", length: .minutes(5), position: 3))) == nil)
        #expect(m.state.floor?.itemIndex == 1)
        #expect(m.state.currentItem == 1)
        #expect(m.at("09:30", .next) == nil)
        #expect(m.state.currentAgendaItem?.title == "After")
    }
}
