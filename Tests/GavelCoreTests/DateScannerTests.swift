import Testing

@testable import GavelCore

/// Dates in the forms programmes print them.
@Suite struct DateScannerTests {
    @Test(arguments: [
        ("21 May 2018", "2018-05-21"), ("May 21, 2018", "2018-05-21"), ("Monday, 21 May 2018", "2018-05-21"),
        ("2018-05-21", "2018-05-21"), ("21.05.2018", "2018-05-21"), ("21/05/2018", "2018-05-21"),
        ("05/21/2018", "2018-05-21"), ("21.05.18", "2018-05-21"), ("21st May 2018", "2018-05-21"),
        ("Sept. 3, 2018", "2018-09-03"), ("1er juin 2018", "2018-06-01"), ("lundi 21 mai 2018", "2018-05-21"),
        ("21 de mayo de 2018", "2018-05-21"), ("21. Mai 2018", "2018-05-21"), ("21-23 May 2018", "2018-05-21"),
        ("29 février 2020", "2020-02-29"), ("Dezember 3 2018", "2018-12-03"),
    ])
    func datesAreRead(text: String, iso: String) {
        #expect(DateScanner.find(in: text)?.date() == LocalDate(iso: iso))
    }

    @Test(arguments: [
        "31 February 2018", "29 February 2019", "2018-13-01", "32 May 2018", "May 2018", "10:00-10:40", "no date",
    ])
    func impossibleOrPartialDatesAreNotDates(text: String) {
        #expect(DateScanner.find(in: text)?.date() == nil)
    }

    @Test func dayAndMonthWithoutAYearTakeTheYearGiven() throws {
        let found = try #require(DateScanner.find(in: "Tuesday 22 May"))

        #expect(found.year == nil)
        #expect(found.date(contextYear: 2018) == LocalDate(year: 2018, month: 5, day: 22))
    }

    @Test func headingHasNoOtherWordsAndTheRemainderIsWhatElseTheLineSays() throws {
        let heading = try #require(DateScanner.find(in: "Day 2 – Tuesday, 22 May 2018"))
        let venue = try #require(DateScanner.find(in: "Tuesday, 22 May 2018 · Conference Room 6, New York"))

        #expect(heading.otherWords == 0)
        #expect(heading.remainder == "")
        #expect(venue.otherWords == 4)
        #expect(venue.remainder == "Conference Room 6, New York")
    }

    @Test func wholeCellMustBeADate() {
        #expect(DateScanner.whole("Monday 21 May 2018") == LocalDate(year: 2018, month: 5, day: 21))
        #expect(DateScanner.whole("Adopted 21 May 2018") == nil)
    }
}
