import GavelCore
import Testing

/// Each command validated: what it does, and the reason it is refused when it makes no sense now.
@Suite struct MeetingCommandTests {
    func started(at time: String = "09:00") -> MeetingDriver {
        var m = MeetingDriver(agenda: TestAgendas.short, at: time)
        #expect(m.run(.start) == nil)
        return m
    }

    /// Runs `command`, expects the rejection `code`, and checks that nothing changed.
    func expectRejected(
        _ m: inout MeetingDriver,
        _ command: MeetingCommand,
        expecting: ExpectedState? = nil,
        _ code: MeetingError.Code,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let before = m.state
        let error = m.run(command, expecting: expecting)
        #expect(error?.code == code, sourceLocation: sourceLocation)
        #expect(error?.message.isEmpty == false, sourceLocation: sourceLocation)
        #expect(m.state == before, "a rejected command changed the state", sourceLocation: sourceLocation)
    }

    @Test func startBeginsTheFirstItemOnTheVenuesDate() {
        let m = started()
        #expect(m.state.phase == .running)
        #expect(m.state.currentItem == 0)
        #expect(m.state.planDate == LocalDate(year: 2026, month: 3, day: 10))
        #expect(m.events.map(\.kind) == ["meetingStarted", "itemStarted"])
    }

    @Test func commandsBeforeStartAreRejected() {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "08:50")
        expectRejected(&m, .next, .notStarted)
        expectRejected(&m, .pause, .notStarted)
        expectRejected(&m, .grantFloor(speaker: "A", duration: nil), .notStarted)
        expectRejected(&m, .endMeeting, .notStarted)
        #expect(m.run(.queueAdd(speaker: "Early bird", time: nil)) == nil, "the queue can be prepared before the start")
    }

    @Test func startTwiceIsRejected() {
        var m = started()
        expectRejected(&m, .start, .alreadyStarted)
    }

    @Test func nextAfterLastItemIsRejected() {
        var m = started()
        #expect(m.at("09:10", .next) == nil)
        #expect(m.at("09:30", .next) == nil)
        expectRejected(&m, .next, .atLastItem)
    }

    @Test func previousFromFirstItemIsRejectedAndReopensOtherwise() {
        var m = started()
        expectRejected(&m, .previous, .atFirstItem)
        #expect(m.at("09:05", .next) == nil)
        #expect(m.at("09:06", .previous) == nil)
        #expect(m.state.currentItem == 0)
        #expect(m.state.items[0].runs.count == 2)
        // 5 minutes in the first run, 1 more after reopening.
        m.advance(to: "09:07")
        #expect(m.state.itemReading(0, at: m.now).elapsed == .minutes(6))
    }

    @Test func goToJumpsByIdOrPositionAndStartsTheMeeting() {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "09:00")
        #expect(m.run(.goTo("2")) == nil)
        #expect(m.state.phase == .running)
        #expect(m.state.currentItem == 1)
        expectRejected(&m, .goTo("2"), .alreadyCurrent)
        expectRejected(&m, .goTo("nine"), .unknownItem)
        #expect(m.at("09:01", .goTo("1")) == nil)
        let schedule = m.state.schedule(at: m.now)
        #expect(schedule.entries.map(\.status) == [.current, .done, .upcoming])
    }

    @Test func skippedItemsAreReportedAsSkipped() {
        var m = started()
        #expect(m.at("09:05", .goTo("3")) == nil)
        #expect(m.state.schedule(at: m.now).entries.map(\.status) == [.done, .skipped, .current])
    }

    @Test func endItemLeavesNoCurrentItemAndNextContinues() {
        var m = started()
        #expect(m.at("09:08", .endItem) == nil)
        #expect(m.state.currentItem == nil)
        expectRejected(&m, .pause, .noCurrentItem)
        expectRejected(&m, .grantFloor(speaker: "A", duration: nil), .noCurrentItem)
        expectRejected(&m, .endItem, .noCurrentItem)
        #expect(m.at("09:09", .next) == nil)
        #expect(m.state.currentItem == 1)
    }

    @Test func pauseAndResumeStopTheItemClock() {
        var m = started()
        #expect(m.at("09:02", .pause) == nil)
        expectRejected(&m, .pause, .paused)
        m.advance(to: "09:07")
        let reading = m.state.itemReading(0, at: m.now)
        #expect(reading.elapsed == .minutes(2))
        #expect(reading.paused == .minutes(5))
        #expect(reading.endsAt == nil)
        #expect(m.run(.resume) == nil)
        expectRejected(&m, .resume, .notPaused)
        #expect(m.state.itemReading(0, at: m.now).endsAt == m.instant("09:15"))
    }

    @Test func nextDuringAPauseEndsThePauseCleanly() {
        var m = started()
        #expect(m.at("09:02", .pause) == nil)
        #expect(m.at("09:04", .next) == nil)
        #expect(!m.state.isPaused)
        #expect(m.state.items[0].pauses == [Interval(start: m.instant("09:02"), end: m.instant("09:04"))])
        #expect(m.state.itemReading(1, at: m.now).isRunning)
    }

    @Test func extendAndTrimChangeTheAllottedTime() {
        var m = started()
        #expect(m.run(.extend(.minutes(3))) == nil)
        #expect(m.run(.trim(.minutes(1))) == nil)
        #expect(m.state.itemReading(0, at: m.now).allotted == .minutes(12))
        #expect(m.state.itemReading(0, at: m.now).added == .minutes(2))
        expectRejected(&m, .extend(.zero), .invalidDuration)
        expectRejected(&m, .extend(.zero - .minutes(2)), .invalidDuration)
        expectRejected(&m, .trim(.minutes(13)), .invalidDuration)
        expectRejected(&m, .extend(.seconds(13 * 3600)), .invalidDuration)
    }

    @Test func expectationStopsADoubleNext() {
        var m = started()
        // Two people press "next" at once, both from item 1: one item advances, not two.
        #expect(m.at("09:10", .next, expecting: ExpectedState(item: "1")) == nil)
        expectRejected(&m, .next, expecting: ExpectedState(item: "1"), .staleState)
        #expect(m.state.currentItem == 1)
        #expect(m.run(.next, expecting: ExpectedState(item: "2")) == nil)
    }

    @Test func floorExpectationStopsADoubleQueueNext() {
        var m = started()
        #expect(m.run(.queueAdd(speaker: "A", time: nil)) == nil)
        #expect(m.run(.queueAdd(speaker: "B", time: nil)) == nil)
        #expect(m.run(.queueNext, expecting: ExpectedState(speaker: "")) == nil)
        expectRejected(&m, .queueNext, expecting: ExpectedState(speaker: ""), .staleState)
        #expect(m.state.floor?.speaker == "A")
    }

    @Test func grantUsesTheDefaultTimeAndReplacesTheCurrentSpeaker() {
        var m = started()
        #expect(m.run(.grantFloor(speaker: "  Ms. A  ", duration: nil)) == nil)
        #expect(m.state.floor?.speaker == "Ms. A")
        #expect(m.state.floor?.granted == .minutes(3), "three minutes when neither item nor meeting says")
        #expect(m.at("09:01", .grantFloor(speaker: "Mr. B", duration: .seconds(90))) == nil)
        #expect(m.state.grants.count == 2)
        #expect(m.state.grants[0].endedAt == m.instant("09:01"))
        #expect(m.state.floor?.stopwatch.endsAt == m.instant("09:02:30"))
        expectRejected(&m, .grantFloor(speaker: "   ", duration: nil), .invalidText)
        expectRejected(&m, .grantFloor(speaker: "C", duration: .zero), .invalidDuration)
        expectRejected(&m, .grantFloor(speaker: String(repeating: "x", count: 200), duration: nil), .invalidText)
    }

    @Test func aDirectGrantTakesTheSpeakerOffTheQueue() {
        // Once, `queue add A`, `floor grant A 5s` left A waiting: the chair view listed A as
        // waiting while A spoke, and `queue next` gave A a second turn.
        var m = started()
        #expect(m.run(.queueAdd(speaker: "Ms. A", time: .minutes(2))) == nil)
        #expect(m.run(.queueAdd(speaker: "Mr. B", time: nil)) == nil)
        #expect(m.run(.grantFloor(speaker: "ms. a", duration: .seconds(5))) == nil)
        #expect(m.state.floor?.speaker == "Ms. A", "the list's spelling")
        #expect(m.state.floor?.granted == .seconds(5))
        #expect(m.state.queue.map(\.speaker) == ["Mr. B"])
        #expect(m.run(.queueNext) == nil)
        #expect(m.state.floor?.speaker == "Mr. B" && m.state.queue.isEmpty)
        // Without a time of its own, the grant takes the time asked for on the list.
        #expect(m.run(.queueAdd(speaker: "Dr. C", time: .seconds(75))) == nil)
        #expect(m.run(.grantFloor(speaker: "Dr. C", duration: nil)) == nil)
        #expect(m.state.floor?.granted == .seconds(75) && m.state.queue.isEmpty)
        // Someone not on the list leaves it as it is.
        #expect(m.run(.queueAdd(speaker: "Ms. D", time: nil)) == nil)
        #expect(m.run(.grantFloor(speaker: "Ms. E", duration: nil)) == nil)
        #expect(m.state.queue.map(\.speaker) == ["Ms. D"])
    }

    @Test func floorCommandsNeedSomeoneHoldingTheFloor() {
        var m = started()
        expectRejected(&m, .extendFloor(.seconds(30)), .noFloor)
        expectRejected(&m, .pauseFloor, .noFloor)
        expectRejected(&m, .resumeFloor, .noFloor)
        expectRejected(&m, .yieldFloor, .noFloor)
    }

    @Test func floorPauseStopsOnlyTheSpeaker() {
        var m = started()
        #expect(m.run(.grantFloor(speaker: "A", duration: .minutes(2))) == nil)
        #expect(m.at("09:01", .pauseFloor) == nil)
        expectRejected(&m, .pauseFloor, .floorPaused)
        m.advance(to: "09:03")
        #expect(m.state.floorReading(0, at: m.now).elapsed == .minutes(1))
        #expect(m.state.itemReading(0, at: m.now).elapsed == .minutes(3))
        // A meeting pause and resume while the chair holds the speaker does not restart them.
        #expect(m.run(.pause) == nil)
        #expect(m.at("09:04", .resume) == nil)
        #expect(!m.state.floorReading(0, at: m.now).isRunning)
        #expect(m.run(.resumeFloor) == nil)
        expectRejected(&m, .resumeFloor, .floorNotPaused)
        #expect(m.state.floor?.stopwatch.endsAt == m.instant("09:05"))
    }

    @Test func meetingPauseStopsTheSpeakerToo() {
        var m = started()
        #expect(m.run(.grantFloor(speaker: "A", duration: .minutes(2))) == nil)
        #expect(m.at("09:01", .pause) == nil)
        expectRejected(&m, .grantFloor(speaker: "B", duration: nil), .paused)
        expectRejected(&m, .queueNext, .queueEmpty)
        #expect(m.at("09:05", .resume) == nil)
        let reading = m.state.floorReading(0, at: m.now)
        #expect(reading.elapsed == .minutes(1))
        #expect(reading.paused == .minutes(4))
        #expect(reading.endsAt == m.instant("09:06"))
    }

    @Test func changingItemTakesTheFloorBack() {
        var m = started()
        #expect(m.run(.grantFloor(speaker: "A", duration: nil)) == nil)
        #expect(m.at("09:02", .next) == nil)
        #expect(m.state.floor == nil)
        #expect(m.state.grants[0].endedAt == m.instant("09:02"))
    }

    @Test func queueKeepsOrderAndRejectsNonsense() {
        var m = started()
        for name in ["A", "B", "C"] { #expect(m.run(.queueAdd(speaker: name, time: nil)) == nil) }
        expectRejected(&m, .queueAdd(speaker: "b", time: nil), .alreadyQueued)
        expectRejected(&m, .queueAdd(speaker: "D", time: .zero), .invalidDuration)
        #expect(m.run(.queueMove(.speaker("C"), toPosition: 1)) == nil)
        #expect(m.state.queue.map(\.speaker) == ["C", "A", "B"])
        #expect(m.run(.queueRemove(.position(2))) == nil)
        #expect(m.state.queue.map(\.speaker) == ["C", "B"])
        expectRejected(&m, .queueRemove(.position(3)), .unknownSpeaker)
        expectRejected(&m, .queueRemove(.speaker("Z")), .unknownSpeaker)
        expectRejected(&m, .queueMove(.position(1), toPosition: 5), .unknownSpeaker)
        #expect(m.run(.queueAdd(speaker: "D", time: .seconds(45))) == nil)
        #expect(m.run(.queueNext) == nil)
        #expect(m.state.floor?.speaker == "C")
        #expect(m.run(.queueRemove(.speaker("b"))) == nil)
        #expect(m.run(.queueNext) == nil)
        #expect(m.state.floor?.speaker == "D")
        #expect(m.state.floor?.granted == .seconds(45))
        expectRejected(&m, .queueNext, .queueEmpty)
    }

    @Test func messagesShowAndClear() {
        var m = started()
        expectRejected(&m, .clearMessage, .noMessage)
        expectRejected(&m, .showMessage("   "), .invalidText)
        expectRejected(&m, .showMessage(String(repeating: "a", count: 281)), .invalidText)
        #expect(m.run(.showMessage("Please silence your phones")) == nil)
        #expect(m.state.message?.text == "Please silence your phones")
        #expect(m.run(.clearMessage) == nil)
        #expect(m.state.message == nil)
    }

    @Test func aMessageForTheSpeakerSaysSoAndAMessageToEveryoneReplacesIt() {
        var m = started()
        #expect(m.at("09:01", .showMessage("  Please wrap up ", audience: .speaker)) == nil)
        #expect(m.events.last == .messageShown("Please wrap up", audience: .speaker, at: m.now))
        #expect(m.state.message == DisplayMessage(text: "Please wrap up", shownAt: m.now, audience: .speaker))
        #expect(m.at("09:02", .showMessage("Back at 10:30")) == nil)
        #expect(m.state.message?.audience == .everyone)
        expectRejected(&m, .showMessage(" ", audience: .speaker), .invalidText)
    }

    @Test func aBlackoutLastsUntilItEndsAndMayWidenToEveryDisplay() {
        var m = started()
        expectRejected(&m, .endBlackout, .noBlackout)
        #expect(m.at("09:01", .blackout(.speaker)) == nil)
        #expect(m.state.blackout == DisplayCue(audience: .speaker, at: m.now))
        expectRejected(&m, .blackout(.speaker), .alreadyBlackedOut)
        let speakerSince = m.now
        #expect(m.at("09:02", .blackout(.everyone)) == nil)
        #expect(m.state.blackout == DisplayCue(audience: .everyone, at: m.now))
        #expect(m.state.blackout?.at != speakerSince)
        expectRejected(&m, .blackout(.everyone), .alreadyBlackedOut)
        // The meeting runs on in the dark: the item's clock does not stop.
        #expect(m.state.isPaused == false)
        #expect(m.at("09:03", .endBlackout) == nil)
        #expect(m.state.blackout == nil)
        #expect(m.events.suffix(1) == [.blackoutEnded(at: m.now)])
        expectRejected(&m, .endBlackout, .noBlackout)
    }

    @Test func aFlashIsKeptWithItsInstantAndAudience() {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "08:50")
        #expect(m.state.lastFlash == nil)
        // Before the start too: the chair may call the room to order.
        #expect(m.run(.flash(.everyone)) == nil)
        #expect(m.state.lastFlash == DisplayCue(audience: .everyone, at: m.now))
        #expect(m.at("08:51", .flash(.speaker)) == nil)
        #expect(m.events.last == .displaysFlashed(audience: .speaker, at: m.now))
        #expect(m.state.lastFlash == DisplayCue(audience: .speaker, at: m.now))
    }

    @Test func blackoutFlashAndTheSpeakersMessageSurviveAReplay() {
        var m = started()
        #expect(m.at("09:01", .showMessage("Please wrap up", audience: .speaker)) == nil)
        #expect(m.at("09:02", .flash(.speaker)) == nil)
        #expect(m.at("09:03", .blackout(.everyone)) == nil)
        let replayed = MeetingState(agenda: TestAgendas.short, replaying: m.events)
        #expect(replayed == m.state)
        #expect(replayed.blackout?.audience == .everyone)
        #expect(replayed.message?.audience == .speaker)
        #expect(replayed.lastFlash?.audience == .speaker)
    }

    @Test func presetsAreNamedOnceWithDistinctNamesAndTexts() {
        #expect(MessagePreset.named("wrap-up")?.text == "Please wrap up")
        #expect(MessagePreset.named(" Time-Up ")?.text == "Your time is up")
        #expect(MessagePreset.named("wrap up") == nil)
        #expect(Set(MessagePreset.all.map(\.name)).count == MessagePreset.all.count)
        #expect(Set(MessagePreset.all.map(\.text)).count == MessagePreset.all.count)
        #expect(MessagePreset.all.allSatisfy { $0.text.count <= 280 && !$0.name.contains(" ") })
        #expect(MessagePreset.names.hasPrefix("wrap-up, time-up"))
    }

    @Test func anEndedMeetingRefusesChangesButTakesMessages() {
        var m = started()
        #expect(m.at("09:05", .endMeeting) == nil)
        #expect(m.state.currentItem == nil)
        expectRejected(&m, .next, .meetingEnded)
        expectRejected(&m, .goTo("2"), .meetingEnded)
        expectRejected(&m, .start, .meetingEnded)
        expectRejected(&m, .endMeeting, .meetingEnded)
        expectRejected(&m, .queueAdd(speaker: "A", time: nil), .meetingEnded)
        #expect(m.run(.showMessage("The meeting is adjourned")) == nil)
    }

    @Test func agendaCanBeReplacedOnlyBeforeTheStart() {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "08:00")
        #expect(m.run(.loadAgenda(TestAgendas.hearing)) == nil)
        #expect(m.state.agenda == TestAgendas.hearing)
        #expect(m.state.items.count == 4)
        #expect(m.run(.start) == nil)
        expectRejected(&m, .loadAgenda(TestAgendas.short), .alreadyStarted)
    }

    @Test func aClockThatWentBackDoesNotMakeTimeNegative() {
        var m = started()
        var state = m.state
        _ = try? state.apply(.grantFloor(speaker: "A", duration: nil), now: m.instant("08:00"))
        #expect(state.floor?.grantedAt == m.instant("09:00"))
        #expect(state.itemReading(0, at: m.instant("08:00")).elapsed == .zero)
        m.advance(to: "09:01")
    }
}
