import GavelCore
import GavelProtocol
import Testing

@testable import gavel

/// The one line each command prints for people, from the state before and after it.
@Suite struct CommandSummaryTests {
    @Test func startNamesTheFirstItemItsStartInVenueTimeAndItsPlannedLength() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:02:30")

        let line = CommandSummary.start(after: meeting.message(at: "09:02:30"))

        #expect(line == "Started: item 1 (Opening) at 09:02:30; 10:00 planned.")
    }

    @Test func nextShortensALongTitleAndGivesThePlannedLength() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        try meeting.apply(.next, at: "09:11:05")

        let line = CommandSummary.next(after: meeting.message(at: "09:11:05"))

        #expect(
            line == "Next: item 2 (Panel Discussion: Best practices to support…) started at 09:11:05; 20:00 planned."
        )
    }

    @Test func previousResumesTheItemWithTheTimeItHasLeft() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        try meeting.apply(.next, at: "09:04")
        try meeting.apply(.previous, at: "09:05")

        let line = CommandSummary.previous(after: meeting.message(at: "09:05"))

        #expect(line == "Previous: item 1 (Opening) resumed at 09:05:00; 6:00 left (ends 09:11:00).")
    }

    @Test func extendSaysByHowMuchAndTheNewEnd() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        try meeting.apply(.extend(.minutes(2)), at: "09:01")

        let line = CommandSummary.extend(.minutes(2), after: meeting.message(at: "09:01"))

        #expect(line == "Extended item 1 (Opening) by 2m: 11:00 left (ends 09:12:00).")
    }

    @Test func pauseSaysWhatIsLeftAndThatTheSpeakerStoppedToo() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        try meeting.apply(.grantFloor(speaker: "Ms. Louise Arbour", duration: nil), at: "09:01")
        try meeting.apply(.pause, at: "09:02:15")

        let line = CommandSummary.pause(after: meeting.message(at: "09:02:15"))

        #expect(
            line == "Paused: item 1 (Opening) at 09:02:15 with 7:45 left; Ms. Louise Arbour's clock is stopped too."
        )
    }

    @Test func floorGrantGivesTheSpeakerTheirTimeAndWhenItEnds() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        try meeting.apply(.grantFloor(speaker: "Ms. Louise Arbour", duration: nil), at: "09:04")

        let line = CommandSummary.floorGranted(after: meeting.message(at: "09:04"))

        #expect(line == "Floor: Ms. Louise Arbour, 3:00 (ends 09:07:00).")
    }

    @Test func yieldNamesWhoYieldedAndWhoIsNextInTheQueue() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        try meeting.apply(.grantFloor(speaker: "Ms. Louise Arbour", duration: .minutes(2)), at: "09:01")
        try meeting.apply(.queueAdd(speaker: "Mr. William Lacy Swing", time: nil), at: "09:01:30")
        let before = meeting.message(at: "09:02")
        try meeting.apply(.yieldFloor, at: "09:02")

        let line = CommandSummary.floorYielded(before: before, after: meeting.message(at: "09:02"))

        #expect(
            line
                == "Floor yielded by Ms. Louise Arbour; nobody holds the floor. Next in the queue: Mr. William Lacy Swing."
        )
    }

    @Test func queueLinesGivePositionsAndCounts() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        try meeting.apply(.queueAdd(speaker: "A", time: nil), at: "09:01")
        try meeting.apply(.queueAdd(speaker: "B", time: .seconds(90)), at: "09:01")
        #expect(
            CommandSummary.queued("B", after: meeting.message(at: "09:01"))
                == "Queued: B at position 2 (1m30s); 2 waiting."
        )

        let before = meeting.message(at: "09:01")
        try meeting.apply(.queueMove(.speaker("B"), toPosition: 1), at: "09:02")
        #expect(
            CommandSummary.moved(.speaker("B"), to: 1, before: before, after: meeting.message(at: "09:02"))
                == "Moved B to position 1 of 2."
        )

        let beforeRemoval = meeting.message(at: "09:02")
        try meeting.apply(.queueRemove(.position(2)), at: "09:03")
        #expect(
            CommandSummary.removed(.position(2), before: beforeRemoval, after: meeting.message(at: "09:03"))
                == "Removed A from the queue; 1 waiting."
        )
    }

    @Test func endItemNamesTheEndedItemAndTheNextOne() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        let before = meeting.message(at: "09:09")
        try meeting.apply(.endItem, at: "09:09")

        let line = CommandSummary.endItem(before: before, after: meeting.message(at: "09:09"))

        #expect(
            line
                == "Ended item 1 (Opening) at 09:09:00; no item is running. Next: item 2 (Panel Discussion: Best practices to support…)."
        )
    }

    @Test func overrunningItemSaysHowFarOver() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        try meeting.apply(.trim(.minutes(9)), at: "09:02")

        let line = CommandSummary.trim(.minutes(9), after: meeting.message(at: "09:02"))

        #expect(line == "Trimmed item 1 (Opening) by 9m: 1:00 over.")
    }
}
