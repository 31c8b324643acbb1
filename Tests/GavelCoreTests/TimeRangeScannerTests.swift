import Testing

@testable import GavelCore

/// The times at the start of a programme row, in the forms programmes print.
@Suite struct TimeRangeScannerTests {
    /// The times read at the start of `text`, cleaned as a programme line is, as "HH:MM-HH:MM",
    /// "HH:MM" for a start only, or nil.
    func read(_ text: String) -> String? {
        guard case .times(let span) = TimeRangeScanner(HTMLText.clean(text)).scanStart() else { return nil }
        return span.end.map { "\(span.start)-\($0)" } ?? "\(span.start)"
    }

    @Test(arguments: [
        ("10:00-10:40 Opening", "10:00-10:40"),
        ("10:00 – 10:40", "10:00-10:40"),
        ("10:00—10:40", "10:00-10:40"),
        ("10:00 ‒ 10:40", "10:00-10:40"),
        ("10:00 − 10:40", "10:00-10:40"),
        ("10:00 to 10:40", "10:00-10:40"),
        ("10:00 until 10:40", "10:00-10:40"),
        ("From 10:00 to 10:40", "10:00-10:40"),
        ("de 10h à 11h", "10:00-11:00"),
        ("10.20-11.00", "10:20-11:00"),
        ("10h20 - 11h", "10:20-11:00"),
        ("10H20-11H05", "10:20-11:05"),
        ("9:30 am – 12 noon", "09:30-12:00"),
        ("9:30am-12noon", "09:30-12:00"),
        ("12 noon - 1 p.m.", "12:00-13:00"),
        ("2 – 3 pm", "14:00-15:00"),
        ("11 – 12:30 pm", "11:00-12:30"),
        ("11 am – 1:30", "11:00-13:30"),
        ("10 - 11 a.m.", "10:00-11:00"),
        ("3:15 PM-4:00 PM", "15:15-16:00"),
        ("12 am - 1 AM", "00:00-01:00"),
        ("10 – noon", "10:00-12:00"),
        ("0900-1030 GMT", "09:00-10:30"),
        ("0900-1030 hrs", "09:00-10:30"),
        ("0900 – 1030", "09:00-10:30"),
        ("10:00 | 10:40 | Opening", "10:00-10:40"),
        ("| 10:00 – 10:40 | Opening |", "10:00-10:40"),
        ("**10:00-10:40** Opening", "10:00-10:40"),
        ("(10:00-10:40) Opening", "10:00-10:40"),
        ("13:00:30-13:05", "13:00:30-13:05"),
        ("10:00 Opening", "10:00"),
        ("10:00 – Opening", "10:00"),
        ("10:00\tOpening", "10:00"),
        ("9 am Opening", "09:00"),
        ("0900 GMT Opening", "09:00"),
    ])
    func timesAreRead(text: String, expected: String) {
        #expect(read(text) == expected)
    }

    @Test(arguments: [
        "Opening at 10:00-10:40", "1990-2000 review", "2019-2020 biennium", "3 - 4 members", "2.1 Background",
        "1.5 million", "21.05.2018", "10th anniversary", "10 hours of debate", "1: Opening", "10.30 Lunch", "", "   ",
        "2030 Agenda for Sustainable Development", "100 days",
    ])
    func textThatIsNotATimeIsNone(text: String) {
        #expect(TimeRangeScanner(text).scanStart() == .none)
    }

    @Test(
        arguments: [
            ("25:00-26:00", "'25:00' is not a time of day: hours run 0-23 and minutes 0-59"),
            ("10:00-25:00", "'25:00' is not a time of day: hours run 0-23 and minutes 0-59"),
            (
                "10:00-10:4O",
                "'10:00-10:4O' looks like a time range but its end cannot be read; write it as 10:00-10:40"
            ),
            ("10:00 - ??", "'10:00 - ?' looks like a time range but has no readable end; write it as 10:00-10:40"),
            ("1O:00", nil),
            (
                "10:0O Opening",
                "'10:0O' looks like a time but cannot be read; write times as 10:40, 10.40, 10h40 "
                    + "or 10:40 am"
            ),
            ("13 pm - 14 pm", nil),
            ("0 am", "'0 am' is not a time: with am/pm, hours run 1-12"),
            ("25:00 Opening", "'25:00' is not a time of day: hours run 0-23 and minutes 0-59"),
        ] as [(String, String?)]
    )
    func unreadableTimesSayWhy(text: String, message: String?) {
        let scan = TimeRangeScanner(text).scanStart()
        if let message {
            #expect(scan == .unreadable(message))
        } else if case .unreadable(let said) = scan {
            Issue.record("'\(text)' was reported: \(said)")
        }
    }

    @Test func zoneSuffixAndCellsAreReported() throws {
        guard case .times(let gmt) = TimeRangeScanner("0900-1030 GMT Opening").scanStart(),
            case .times(let offset) = TimeRangeScanner("09:00-10:00 (UTC+02:00) Opening").scanStart(),
            case .times(let cells) = TimeRangeScanner("10:00 | 10:40 | Opening").scanStart()
        else {
            Issue.record("times not read")
            return
        }
        #expect(gmt.zone == "GMT")
        #expect(offset.zone == "UTC+2")
        #expect(cells.cellsCrossed == 1)
        #expect(cells.text == "10:00 | 10:40")
    }

    @Test func aCellHoldsOneTime() {
        #expect(TimeRangeScanner.readCell(" 9:30 am ")?.resolved() == .success(LocalTime(hour: 9, minute: 30)!))
        #expect(TimeRangeScanner.readCell("noon")?.resolved() == .success(LocalTime(hour: 12, minute: 0)!))
        #expect(TimeRangeScanner.readCell("9:30 and more") == nil)
        #expect(TimeRangeScanner.readCell("") == nil)
    }
}
