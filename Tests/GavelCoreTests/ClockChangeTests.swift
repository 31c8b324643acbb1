import GavelCore
import Testing

/// A sitting on the night the venue's clocks change: the programme's times are what the clocks
/// on the wall will show, so an item across the change lasts the time between those instants,
/// not the difference of its printed times.
@Suite struct ClockChangeTests {
    /// Three items in New York on `day`, printed with the given times.
    static func nightSitting(on day: LocalDate, _ times: [(String, String)]) -> Agenda {
        Agenda(
            title: "Night sitting",
            date: day,
            timeZone: "America/New_York",
            items: times.enumerated().map { index, times in
                AgendaItem(
                    id: "\(index + 1)",
                    title: "Item \(index + 1)",
                    date: day,
                    start: LocalTime(canonical: times.0)!,
                    end: LocalTime(canonical: times.1)!
                )
            }
        )
    }

    @Test func anItemAcrossTheSpringChangeLastsAnHourLess() {
        // 14 March 2027: at 02:00 the clocks go forward to 03:00.
        let day = LocalDate(year: 2027, month: 3, day: 14)!
        var m = MeetingDriver(
            agenda: Self.nightSitting(on: day, [("01:00", "01:30"), ("01:30", "03:30"), ("03:30", "04:00")]),
            at: "01:00"
        )
        m.run(.start)
        m.at("01:30", .next)
        let reading = m.state.itemReading(1, at: m.now)
        #expect(reading.remaining == .minutes(60))
        #expect(m.state.items[1].stopwatch.endsAt == m.instant("03:30"))
        // On time all along: it ends when the clocks say 03:30, and the schedule agrees.
        m.at("03:30", .next)
        let schedule = m.state.schedule(at: m.now)
        #expect(schedule.clockDrift == .zero)
        let record = m.state.timingRecord(at: m.now)
        #expect(record.items[1].plannedDuration == .minutes(60))
        #expect(record.items[1].difference == .zero)
    }

    @Test func anItemAcrossTheAutumnChangeLastsAnHourMore() {
        // 7 November 2027: at 02:00 the clocks go back to 01:00; 01:30 is read as its first
        // occurrence, as the calendar reads a printed time.
        let day = LocalDate(year: 2027, month: 11, day: 7)!
        var m = MeetingDriver(
            agenda: Self.nightSitting(on: day, [("00:30", "01:30"), ("01:30", "02:30"), ("02:30", "03:00")]),
            at: "00:30"
        )
        m.run(.start)
        m.at("01:30", .next)
        #expect(m.state.itemReading(1, at: m.now).remaining == .minutes(120))
        #expect(m.state.items[1].stopwatch.endsAt == m.instant("02:30"))
    }

    @Test func onAnOrdinaryDayTheAllottedTimeIsThePrintedOne() {
        let day = LocalDate(year: 2027, month: 3, day: 13)!
        var m = MeetingDriver(
            agenda: Self.nightSitting(on: day, [("01:00", "01:30"), ("01:30", "03:30"), ("03:30", "04:00")]),
            at: "01:00"
        )
        m.run(.start)
        m.at("01:30", .next)
        #expect(m.state.itemReading(1, at: m.now).remaining == .minutes(120))
    }
}

/// Which day a programme's times apply to: its own, when it is happening around now.
@Suite struct PlanDateTests {
    static func sitting(on day: LocalDate, from start: String, to end: String) -> Agenda {
        Agenda(
            title: "Sitting",
            date: day,
            timeZone: "Europe/Zurich",
            items: [
                AgendaItem(
                    id: "1",
                    title: "Night item",
                    date: day,
                    start: LocalTime(canonical: start)!,
                    end: LocalTime(canonical: end)!
                )
            ]
        )
    }

    let monday = LocalDate(year: 2026, month: 3, day: 9)!
    let tuesday = LocalDate(year: 2026, month: 3, day: 10)!

    @Test func aNightSittingPrintedForTomorrowIsTenMinutesAwayNotADayBehind() {
        let agenda = Self.sitting(on: tuesday, from: "00:00", to: "01:00")
        let state = MeetingState(agenda: agenda)
        let now = agenda.venueTimeZone.instant(on: monday, at: LocalTime(canonical: "23:50")!)
        #expect(state.planDate(startingAt: now) == tuesday)
        let schedule = state.schedule(at: now)
        #expect(!schedule.dateShifted)
        #expect(schedule.clockDrift == .zero, "not behind: it starts in ten minutes")
    }

    @Test func aSittingTenMinutesLatePastMidnightKeepsYesterdaysDate() {
        var m = MeetingDriver(agenda: Self.sitting(on: monday, from: "23:50", to: "23:59"), day: tuesday, at: "00:00")
        m.run(.start)
        #expect(m.state.planDate == monday)
        #expect(m.state.schedule(at: m.now).clockDrift == .minutes(10))
    }

    @Test func aProgrammeFarFromNowIsRunOnTheDayItStarts() {
        // A rehearsal the day before at 15:00 of a 09:00 sitting, and an old programme run today.
        let tomorrow = Self.sitting(on: tuesday, from: "09:00", to: "10:00")
        let rehearsal = tomorrow.venueTimeZone.instant(on: monday, at: LocalTime(canonical: "15:00")!)
        #expect(MeetingState(agenda: tomorrow).planDate(startingAt: rehearsal) == monday)
        let old = Self.sitting(on: LocalDate(year: 2018, month: 5, day: 21)!, from: "09:00", to: "10:00")
        #expect(MeetingState(agenda: old).planDate(startingAt: rehearsal) == monday)
    }
}
