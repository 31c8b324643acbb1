import GavelCore
import Testing

/// A sitting on the night the venue's clocks change: the programme's times are what the clocks
/// on the wall will show, so an item across the change lasts the time between those instants,
/// not the difference of its printed times.
@Suite struct ClockChangeTests {
    /// Three items in New York on `day`, printed with the given times.
    static func nightSitting(on day: LocalDate, _ times: [(String, String)]) -> Agenda {
        Agenda(
            title: "Night sitting", date: day, timeZone: "America/New_York",
            items: times.enumerated().map { index, times in
                AgendaItem(
                    id: "\(index + 1)", title: "Item \(index + 1)", date: day,
                    start: LocalTime(canonical: times.0)!, end: LocalTime(canonical: times.1)!)
            })
    }

    @Test func anItemAcrossTheSpringChangeLastsAnHourLess() {
        // 14 March 2027: at 02:00 the clocks go forward to 03:00.
        let day = LocalDate(year: 2027, month: 3, day: 14)!
        var m = MeetingDriver(
            agenda: Self.nightSitting(on: day, [("01:00", "01:30"), ("01:30", "03:30"), ("03:30", "04:00")]), at: "01:00")
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
            agenda: Self.nightSitting(on: day, [("00:30", "01:30"), ("01:30", "02:30"), ("02:30", "03:00")]), at: "00:30")
        m.run(.start)
        m.at("01:30", .next)
        #expect(m.state.itemReading(1, at: m.now).remaining == .minutes(120))
        #expect(m.state.items[1].stopwatch.endsAt == m.instant("02:30"))
    }

    @Test func onAnOrdinaryDayTheAllottedTimeIsThePrintedOne() {
        let day = LocalDate(year: 2027, month: 3, day: 13)!
        var m = MeetingDriver(
            agenda: Self.nightSitting(on: day, [("01:00", "01:30"), ("01:30", "03:30"), ("03:30", "04:00")]), at: "01:00")
        m.run(.start)
        m.at("01:30", .next)
        #expect(m.state.itemReading(1, at: m.now).remaining == .minutes(120))
    }
}
