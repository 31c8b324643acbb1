import GavelCore
import GavelProtocol
import Testing

@testable import gavel

/// `gavel watch` piped: one plain line per change and per alert.
@Suite struct WatchLogTests {
    @Test func oneLinePerStateInVenueTimeAndNoRepeats() throws {
        var meeting = TestMeeting()
        var log = WatchLog()
        #expect(log.line(for: meeting.message(at: "08:50")) == "08:50:00 not started; first item 1 Opening at 09:00")

        try meeting.apply(.start, at: "09:00:05")
        let started = meeting.message(at: "09:00:05")
        #expect(log.line(for: started) == "09:00:05 item 1 Opening 10:00 left")
        #expect(log.line(for: started) == nil, "the same state again (a reconnect) prints nothing")

        try meeting.apply(.grantFloor(speaker: "Ms. X", duration: .minutes(2)), at: "09:01")
        try meeting.apply(.queueAdd(speaker: "Mr. Y", time: nil), at: "09:01")
        try meeting.apply(.showMessage("Quiet please"), at: "09:01")
        #expect(
            log.line(for: meeting.message(at: "09:01"))
                == "09:01:00 item 1 Opening 9:05 left · floor Ms. X 2:00 left · queue 1 · message “Quiet please”"
        )

        try meeting.apply(.endMeeting, at: "09:20")
        #expect(log.line(for: meeting.message(at: "09:20")) == "09:20:00 meeting ended · message “Quiet please”")
    }

    @Test func alertsNameTheirLevel() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        let alerts = meeting.state.alerts(from: TestMeeting.at("09:00"), to: TestMeeting.at("09:11:30"))
        let lines = alerts.map {
            WatchLog().line(
                for: AlertMessage($0, state: meeting.state, stateSeq: 1, serverTime: $0.at),
                timeZone: "Europe/Zurich"
            )
        }

        #expect(
            lines == [
                "09:08:00 WARNING 2m left for item 1 (Opening)",
                "09:09:30 WRAP UP 30s left for item 1 (Opening)",
                "09:10:00 TIME Time is up for item 1 (Opening)",
                "09:11:00 OVER Item 1 (Opening) is 1m over time (reminder 1)",
            ]
        )
    }
}
