import GavelCore
import GavelProtocol
import Testing

@testable import gavel

/// The full-screen layout of `gavel watch`, from a state and a size: no terminal needed.
@Suite struct WatchScreenTests {
    static let big = ScreenSize(columns: 100, rows: 30)

    func screen(
        _ state: StateMessage?,
        at time: String,
        size: ScreenSize = big,
        colour: Bool = true,
        connection: WatchSnapshot.Connection = .connected,
        alert: AlertMessage? = nil
    ) -> [String] {
        let now = TestMeeting.at(time)
        let snapshot = WatchSnapshot(
            server: "127.0.0.1:8417",
            state: state?.advanced(to: now),
            now: now,
            connection: connection,
            alert: alert
        )
        return WatchScreen.render(snapshot, size: size, colour: colour)
    }

    func plain(_ line: String) -> String {
        var text = ""
        var escaped = false
        for character in line {
            if character == "\u{1B}" {
                escaped = true
                continue
            }
            if escaped {
                if character == "m" { escaped = false }
                continue
            }
            text.append(character)
        }
        return text
    }

    @Test func everyFrameFillsTheScreenExactly() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        for size in [Self.big, ScreenSize(columns: 50, rows: 12), ScreenSize(columns: 20, rows: 5)] {
            let lines = screen(meeting.message(at: "09:00"), at: "09:01", size: size)
            #expect(lines.count == size.rows)
            #expect(lines.allSatisfy { plain($0).count == size.columns }, "padded, never wider: \(size)")
        }
    }

    @Test func theItemCountsDownLocallyFromItsEndsAt() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        let state = meeting.message(at: "09:00")

        let lines = screen(state, at: "09:03:20", colour: false)

        #expect(lines[0].hasPrefix("Short meeting") && lines[0].contains("09:03:20"), "the venue clock")
        #expect(lines[1].hasPrefix("Item 1 of 3 · 1 · Opening"))
        let digits = lines.filter { $0.contains("██") }
        #expect(digits.count == 5)
        #expect(
            digits.map { $0.trimmingTrailingSpaces() }
                == BigDigits.render("6:40").map {
                    String(repeating: " ", count: (100 - BigDigits.width(of: "6:40")) / 2) + $0
                }.map { $0.trimmingTrailingSpaces() }
        )
        #expect(lines.contains { $0.contains("Item 6:40 left of 10:00 · ends 09:10:00") })
        #expect(lines.last?.hasPrefix(" ● 127.0.0.1:8417 · seq \(meeting.seq)") == true, "\(lines.last ?? "")")
    }

    @Test(arguments: [
        ("09:02:00", "32", ""), ("09:08:30", "33", "WARNING"), ("09:09:45", "31", "WRAP UP"),
        ("09:10:05", "97;41", "TIME"), ("09:12:00", "31", "OVER"),
    ])
    func theCountdownTakesTheColourAndLabelOfItsLevel(time: String, sgr: String, label: String) throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")

        let lines = screen(meeting.message(at: "09:00"), at: time)

        let digits = lines.filter { $0.contains("██") }
        #expect(digits.count == 5)
        #expect(digits.allSatisfy { $0.contains("\u{1B}[\(sgr)m") }, "\(time): \(digits)")
        if !label.isEmpty {
            #expect(lines.contains { $0.contains("\u{1B}[1;\(sgr)m\(label)\u{1B}[0m") }, "\(label) at \(time)")
        }
    }

    @Test func theSpeakerTakesTheBigCountdownAndTheItemMovesBelow() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        try meeting.apply(.grantFloor(speaker: "Ms. Louise Arbour", duration: .minutes(3)), at: "09:01")

        let lines = screen(meeting.message(at: "09:01"), at: "09:03:45", colour: false)

        #expect(lines[2].hasPrefix("Speaker  Ms. Louise Arbour"))
        #expect(lines.contains { $0.contains("WARNING · Speaker 0:15 left of 3:00 · ends 09:04:00") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("Item      6:15 left of 10:00 · ends 09:10:00") })
    }

    @Test func aSmallTerminalGetsAOneLineCountdown() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")

        let lines = screen(
            meeting.message(at: "09:00"),
            at: "09:08:30",
            size: ScreenSize(columns: 60, rows: 12),
            colour: false
        )

        #expect(!lines.contains { $0.contains("██") })
        #expect(lines.contains { $0.hasPrefix("  1:30  WARNING · Item 1:30 left of 10:00") })
    }

    @Test func pausedTimersStopAndSaySo() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        try meeting.apply(.pause, at: "09:02")

        let lines = screen(meeting.message(at: "09:02"), at: "09:30", colour: false)

        #expect(lines[1].hasPrefix("PAUSED · Item 1 of 3"))
        #expect(lines.contains { $0.contains("PAUSED · Item 8:00 left of 10:00") })
    }

    @Test func beforeTheStartTheVenueClockShows() {
        let lines = screen(TestMeeting().message(at: "08:55"), at: "08:57:10", colour: false)

        #expect(lines[1].hasPrefix("Not started · first: item 1 (Opening) at 09:00"))
        #expect(lines.filter { $0.contains("██") }.count == 5)
        #expect(lines.contains { $0.contains("Local time · starts at 09:00") })
    }

    @Test func reconnectingKeepsTheLastStateAndSaysSoInTheStatusBar() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")

        let lines = screen(
            meeting.message(at: "09:00"),
            at: "09:05",
            colour: false,
            connection: .connecting(attempt: 3, problem: "nothing answered")
        )

        #expect(lines[1].hasPrefix("Item 1 of 3"))
        #expect(lines.last?.hasPrefix(" ○ reconnecting to 127.0.0.1:8417… (attempt 3) nothing answered") == true)
    }

    @Test func anAlertIsShownUnderTheCountdown() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        let alerts = meeting.state.alerts(from: TestMeeting.at("09:00"), to: TestMeeting.at("09:08:30"))
        let warning = try #require(alerts.first)
        let message = AlertMessage(warning, state: meeting.state, stateSeq: 1, serverTime: TestMeeting.at("09:08:00"))

        let lines = screen(meeting.message(at: "09:00"), at: "09:08:30", colour: false, alert: message)

        #expect(lines.contains { $0.contains("⚑ 2m left for item 1 (Opening)") })
    }

    @Test func withoutAStateItSaysItIsConnecting() {
        let lines = screen(nil, at: "09:00", colour: false, connection: .connecting(attempt: 0, problem: nil))

        #expect(lines[0].hasPrefix("Connecting to 127.0.0.1:8417…"))
        #expect(lines.last?.hasPrefix(" ○ connecting to 127.0.0.1:8417…") == true)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

extension WatchScreenTests {
    /// `gavel status` said these and `gavel watch` did not: a chair watching the meeting must see
    /// that the room's displays are black, and that a message went to the speaker only.
    @Test func aSpeakerOnlyMessageAndABlackoutAreSaid() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        try meeting.apply(.showMessage("Please wrap up", audience: .speaker), at: "09:00:30")
        try meeting.apply(.blackout(.everyone), at: "09:00:40")
        let lines = screen(meeting.message(at: "09:00:40"), at: "09:01").map(plain)
        #expect(lines.contains { $0.contains("Message   to the speaker only: “Please wrap up”") }, "\(lines)")
        #expect(lines.contains { $0.contains("Displays  BLACKED OUT since 09:00:40 (every display)") }, "\(lines)")
        try meeting.apply(.endBlackout, at: "09:00:50")
        try meeting.apply(.showMessage("Welcome", audience: .everyone), at: "09:00:55")
        let after = screen(meeting.message(at: "09:00:55"), at: "09:01").map(plain)
        #expect(!after.contains { $0.contains("BLACKED OUT") || $0.contains("speaker only") })
        #expect(after.contains { $0.contains("Message   “Welcome”") })
    }
}
