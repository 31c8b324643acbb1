import Foundation
import GavelCore
import GavelProtocol
import Testing

/// A room's summary for the venue overview: what it says at an instant, and that a reader who
/// projects it to a later instant sees what a summary made then would say, so that the daemon
/// need not publish on the clock's second.
@Suite struct RoomStatusTests {
    let date = CouncilAgenda.date
    var agenda: Agenda { CouncilAgenda.agenda }

    func instant(_ time: String) -> Instant { CouncilAgenda.instant(time) }

    func status(_ state: MeetingState, at time: Instant) -> RoomStatus {
        RoomStatus(room: "hall-a", state: state, meetingID: 3, seq: 9, lastAlert: nil, at: time)
    }

    /// The reader's projection from `made` equals the summary made at each later instant.
    func expectProjectionHolds(_ state: MeetingState, from made: Instant, minutes: Int = 40) {
        let published = status(state, at: made)
        for minute in stride(from: 0, through: minutes, by: 1) {
            for second in [0, 17, 59] {
                let later = made + .seconds(Int64(minute * 60 + second))
                let fresh = status(state, at: later)
                #expect(published.driftMs(at: later) == fresh.schedule.clockDriftMs, "drift at +\(minute)m\(second)s")
                #expect(
                    published.projectedEnd(at: later) == fresh.schedule.projectedEnd,
                    "end at +\(minute)m\(second)s"
                )
                if let timer = published.speaker?.timer, let now = fresh.speaker?.timer {
                    #expect(timer.remainingMs(at: later) == now.remainingMs)
                    #expect(timer.level(at: later) == now.level)
                }
            }
        }
    }

    @Test func aRunningRoomSaysItsItemSpeakerDriftAndEnds() throws {
        var state = MeetingState(agenda: agenda)
        try state.apply(.start, now: instant("09:02"))
        try state.apply(
            .grantFloor(speaker: "H.E. Ms. Ana Ruiz", duration: nil, delegation: "Chile"),
            now: instant("09:03")
        )
        let summary = status(state, at: instant("09:04"))

        #expect(summary.room == "hall-a")
        #expect(summary.meeting == 3)
        #expect(summary.seq == 9)
        #expect(summary.title == "Council")
        #expect(summary.timeZone == "Europe/Zurich")
        #expect(summary.phase == .running)
        #expect(summary.item?.index == 0)
        #expect(summary.item?.title == "Opening")
        #expect(summary.item?.timer.endsAt == instant("09:12"))
        #expect(summary.speaker?.name == "H.E. Ms. Ana Ruiz")
        #expect(summary.speaker?.delegation == "Chile")
        #expect(summary.speaker?.timer.endsAt == instant("09:06"))
        #expect(summary.schedule.clockDriftMs == 2 * 60_000)
        #expect(summary.schedule.plannedEnd == instant("10:00"))
        #expect(summary.schedule.projectedEnd == instant("10:02"))
        // Within its time the item's end does not move; from its end it grows with the clock.
        #expect(summary.schedule.growsFrom == instant("09:12"))
        #expect(summary.driftMs(at: instant("09:11")) == 2 * 60_000)
        #expect(summary.driftMs(at: instant("09:15")) == 5 * 60_000)
        #expect(summary.projectedEnd(at: instant("09:15")) == instant("10:05"))
    }

    @Test func projectionMatchesTheDaemonWhileAnItemRunsAndOverruns() throws {
        var state = MeetingState(agenda: agenda)
        try state.apply(.start, now: instant("09:02"))
        try state.apply(.grantFloor(speaker: "Mr. B", duration: .minutes(3)), now: instant("09:03"))
        expectProjectionHolds(state, from: instant("09:04"))
    }

    @Test func projectionMatchesTheDaemonWhilePaused() throws {
        var state = MeetingState(agenda: agenda)
        try state.apply(.start, now: instant("09:00"))
        try state.apply(.pause, now: instant("09:05"))
        let summary = status(state, at: instant("09:06"))
        #expect(summary.phase == .paused)
        #expect(summary.item?.timer.running == false)
        #expect(summary.schedule.growsFrom == instant("09:06"))
        expectProjectionHolds(state, from: instant("09:06"))
    }

    @Test func projectionMatchesTheDaemonBeforeTheStartAndBetweenItems() throws {
        let waiting = MeetingState(agenda: agenda)
        #expect(status(waiting, at: instant("08:50")).phase == .notStarted)
        #expect(status(waiting, at: instant("08:50")).schedule.growsFrom == instant("09:00"))
        expectProjectionHolds(waiting, from: instant("08:50"))

        var between = MeetingState(agenda: agenda)
        try between.apply(.start, now: instant("09:00"))
        try between.apply(.endItem, now: instant("09:08"))
        #expect(status(between, at: instant("09:09")).item == nil)
        expectProjectionHolds(between, from: instant("09:09"))
    }

    @Test func anEndedMeetingDoesNotDrift() throws {
        var state = MeetingState(agenda: agenda)
        try state.apply(.start, now: instant("09:00"))
        try state.apply(.endMeeting, now: instant("09:30"))
        let summary = status(state, at: instant("09:31"))
        #expect(summary.phase == .ended)
        #expect(summary.schedule.growsFrom == nil)
        #expect(summary.driftMs(at: instant("11:00")) == summary.schedule.clockDriftMs)
        expectProjectionHolds(state, from: instant("09:31"))
    }

    @Test func theLastAlertTravelsWithItsInstant() throws {
        var state = MeetingState(agenda: agenda)
        try state.apply(.start, now: instant("09:00"))
        try state.apply(.grantFloor(speaker: "Mr. B", duration: .minutes(1)), now: instant("09:01"))
        let crossed = state.alerts(from: instant("09:01"), to: instant("09:03"))
        let last = try #require(crossed.last)
        let alert = AlertMessage(last, state: state, stateSeq: 9, serverTime: instant("09:03"))
        let summary = RoomStatus(room: "r", state: state, meetingID: 1, seq: 9, lastAlert: alert, at: instant("09:03"))
        #expect(summary.lastAlert?.level == alert.level)
        #expect(summary.lastAlert?.at == alert.at)
        #expect(summary.lastAlert?.timer == alert.timer)
    }

    @Test func theSummaryReadsBackFromItsJSON() throws {
        var state = MeetingState(agenda: agenda)
        try state.apply(.start, now: instant("09:02"))
        let summary = status(state, at: instant("09:04"))
        let bytes = WireCoding.encode(summary)
        #expect(try WireCoding.decoder().decode(RoomStatus.self, from: Data(bytes)) == summary)
    }
}
