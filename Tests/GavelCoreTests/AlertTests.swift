import GavelCore
import Testing

@Suite struct AlertTests {
    @Test func levelFollowsRemainingTime() {
        let t = AlertThresholds.itemDefault
        #expect(AlertLevel(remaining: .minutes(3), thresholds: t) == .normal)
        #expect(AlertLevel(remaining: .minutes(2), thresholds: t) == .warning)
        #expect(AlertLevel(remaining: .seconds(30), thresholds: t) == .wrapUp)
        #expect(AlertLevel(remaining: .seconds(1), thresholds: t) == .wrapUp)
        #expect(AlertLevel(remaining: .zero, thresholds: t) == .timeUp)
        #expect(AlertLevel(remaining: .seconds(-9), thresholds: t) == .timeUp)
        #expect(AlertLevel(remaining: .seconds(-10), thresholds: t) == .overrun)
    }

    @Test func nextAlertInstantWalksEveryThresholdInOrder() {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "09:00")
        #expect(m.run(.start) == nil)
        var instants: [String] = []
        var from = m.now
        while let next = m.state.nextAlertInstant(after: from), instants.count < 6 {
            instants.append(m.local(next))
            from = next
        }
        #expect(instants == ["09:08", "09:09:30", "09:10", "09:11", "09:12", "09:13"])
    }

    @Test func nothingFiresWhileStoppedOrBeforeStart() {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "09:00")
        #expect(m.state.nextAlertInstant(after: m.now) == nil)
        #expect(m.run(.start) == nil)
        #expect(m.at("09:01", .pause) == nil)
        #expect(m.state.nextAlertInstant(after: m.now) == nil)
        #expect(m.state.alerts(from: m.now, to: m.instant("10:00")).isEmpty)
    }

    @Test func alertsBetweenTwoInstantsAreHalfOpen() {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "09:00")
        #expect(m.run(.start) == nil)
        let state = m.state
        #expect(state.alerts(from: m.instant("09:07"), to: m.instant("09:08")).map(\.kind) == [.warning])
        #expect(state.alerts(from: m.instant("09:08"), to: m.instant("09:09")).isEmpty)
        let late = state.alerts(from: m.instant("09:09"), to: m.instant("09:12:30"))
        #expect(late.map(\.kind) == [.wrapUp, .timeUp, .overrun(reminder: 1), .overrun(reminder: 2)])
        #expect(late.map(\.remaining) == [.seconds(30), .zero, .minutes(-1), .minutes(-2)])
    }

    @Test func resumingAfterAThresholdDoesNotFireItAgain() {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.at("09:09", .pause) == nil)
        #expect(m.at("09:20", .resume) == nil)
        m.advance(to: "09:25")
        // Warning fired at 09:08 before the pause; after resuming at 09:20 with 1 minute left:
        // wrap-up at 09:20:30, time up at 09:21, then reminders.
        #expect(
            m.alertLines() == [
                "09:08 item 1 warning", "09:20:30 item 1 wrapUp", "09:21 item 1 timeUp",
                "09:22 item 1 overrun 1", "09:23 item 1 overrun 2", "09:24 item 1 overrun 3", "09:25 item 1 overrun 4",
            ]
        )
    }

    @Test func anExtensionAfterAWarningWarnsAgainLater() {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.at("09:09", .extend(.minutes(5))) == nil)
        m.advance(to: "09:15")
        #expect(
            m.alertLines() == [
                "09:08 item 1 warning", "09:13 item 1 warning", "09:14:30 item 1 wrapUp", "09:15 item 1 timeUp",
            ]
        )
    }

    @Test func perItemThresholdsOverrideTheMeetingsDefaults() {
        var agenda = TestAgendas.short
        agenda.defaults.itemAlerts = AlertThresholds(
            warning: .minutes(5),
            wrapUp: .minutes(1),
            reminderEvery: .minutes(2)
        )
        agenda.items[1].alerts = AlertThresholds(warning: .seconds(30), wrapUp: .zero, reminderEvery: .minutes(5))
        var m = MeetingDriver(agenda: agenda, at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.at("09:14", .next) == nil)
        m.advance(to: "09:45")
        #expect(
            m.alertLines() == [
                "09:05 item 1 warning", "09:09 item 1 wrapUp", "09:10 item 1 timeUp", "09:12 item 1 overrun 1",
                "09:14 item 1 overrun 2",
                "09:33:30 item 2 warning", "09:34 item 2 timeUp", "09:39 item 2 overrun 1", "09:44 item 2 overrun 2",
            ]
        )
    }

    @Test func aShortGrantStartsAtItsLevelWithoutAnAlert() {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.run(.grantFloor(speaker: "A", duration: .seconds(20))) == nil)
        #expect(m.state.floorLevel(at: m.now) == .warning)
        m.advance(to: "09:00:20")
        #expect(m.alertLines() == ["09:00:10 floor A wrapUp", "09:00:20 floor A timeUp"])
    }
}

@Suite struct VenueTimeZoneTests {
    @Test func currentIANANamesAreAcceptedEvenWhereTheSystemListLagsBehind() {
        #expect(VenueTimeZone(identifier: "Asia/Kolkata") != nil)
        #expect(VenueTimeZone(identifier: "Europe/Kyiv") != nil)
        #expect(VenueTimeZone(identifier: "UTC") != nil)
    }

    @Test func abbreviationsAndUnknownNamesAreRefused() {
        // "EST" has no daylight saving: a meeting in New York in May would be an hour off.
        #expect(VenueTimeZone(identifier: "EST") == nil)
        #expect(VenueTimeZone(identifier: "Foo/Bar") == nil)
        #expect(VenueTimeZone(identifier: "") == nil)
    }

    @Test func isoTimesCarryTheVenueOffsetAcrossDaylightSaving() {
        let zone = VenueTimeZone(identifier: "America/New_York")!
        let may = zone.instant(on: LocalDate(year: 2018, month: 5, day: 21)!, at: LocalTime(hour: 10, minute: 0)!)
        let january = zone.instant(on: LocalDate(year: 2018, month: 1, day: 22)!, at: LocalTime(hour: 10, minute: 0)!)
        #expect(zone.iso8601(may) == "2018-05-21T10:00:00-04:00")
        #expect(zone.iso8601(january) == "2018-01-22T10:00:00-05:00")
    }
}

@Suite struct AlertBacklogTests {
    @Test func aBacklogKeepsEveryThresholdButOnlyTheLatestReminderPerTimer() {
        var m = MeetingDriver(agenda: TestAgendas.short, at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.run(.grantFloor(speaker: "A", duration: .minutes(1))) == nil)
        // Three hours without a check, as after a machine resumed from sleep.
        let backlog = m.state.alerts(from: m.now, to: m.instant("12:00"))
        #expect(backlog.count > 300)
        let kept = backlog.collapsingOverrunReminders()
        let lines = kept.map { alert -> String in
            let timer: String
            switch alert.timer {
            case .item: timer = "item"
            case .floor: timer = "floor"
            case .budget: timer = "budget"
            }
            return "\(m.local(alert.at)) \(timer) \(alert.kind)"
        }
        #expect(
            lines == [
                "09:00:30 floor warning", "09:00:50 floor wrapUp", "09:01 floor timeUp",
                "09:08 item warning", "09:09:30 item wrapUp", "09:10 item timeUp",
                "12:00 item overrun(reminder: 170)", "12:00 floor overrun(reminder: 179)",
            ]
        )
    }
}
