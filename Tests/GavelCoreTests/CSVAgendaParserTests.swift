import Foundation
import Testing

@testable import GavelCore

/// Spreadsheet exports, read through `AgendaImporter` as the CLI reads them.
@Suite struct CSVAgendaParserTests {
    typealias F = ImportFixtures
    static let newYork = AgendaImportOptions(timeZone: "America/New_York")
    static let geneva = AgendaImportOptions(timeZone: "Europe/Zurich", fallbackDate: F.date("2026-03-10"))

    @Test func commaSeparatedAgendaWithQuotedCellsImports() throws {
        let imported = try F.importAgenda("agenda.csv", options: Self.newYork)
        let day = "2018-05-21"

        #expect(imported.format == .csv)
        #expect(imported.agenda.date == F.date(day))
        #expect(
            imported.agenda.items == [
                F.item(
                    "1",
                    "Opening of the hearing, part one",
                    on: day,
                    "10:00",
                    "10:40",
                    people: [
                        Person(
                            name: "H.E. Mr. Miroslav Lajčák",
                            role: .chair,
                            position: "President of the General Assembly"
                        ),
                        Person(name: "Ms. Louise Arbour", role: .speaker),
                    ]
                ),
                F.item("break-1", "Coffee", .break, on: day, "10:40", "10:45"),
                F.item(
                    "2",
                    "Panel: \"Best practices\"",
                    on: day,
                    "10:45",
                    "12:40",
                    people: [.placeholder(.panellist), .placeholder(.moderator)],
                    notes: "Webcast live.\nInterpretation in six languages."
                ),
                F.item(
                    "3",
                    "Closing",
                    on: day,
                    "12:40",
                    "13:00",
                    people: [
                        .placeholder(.speaker, position: "Migrant perspective"),
                        Person(name: "Mr. William Lacy Swing", role: .speaker),
                    ]
                ),
            ]
        )
        #expect(
            imported.warnings.map(\.description) == [
                "no title found; the meeting is called 'Meeting of 2018-05-21'"
            ]
        )
    }

    @Test func rowsKeepTheLineTheyStartOnAfterCellsThatSpanLines() throws {
        let draft = CSVAgendaParser.parse(String(decoding: try F.data("agenda.csv"), as: UTF8.self))

        // Row 4's notes and row 5's people each span two lines.
        #expect(draft.items.map(\.line) == [2, 3, 4, 6])
    }

    @Test func endBeforeStartAfterAMultiLineCellNamesTheRowsLine() throws {
        let error = try #require(try F.importErrors("quoted-lines.csv", options: Self.geneva))

        #expect(error.errors.map(\.description) == ["line 5: '10:40-10:30' ends before it starts"])
    }

    @Test func semicolonsByteOrderMarkAndPaddingRowsAndColumnsAreAccepted() throws {
        let imported = try F.importAgenda("agenda-semicolon.csv", options: Self.geneva)
        let day = "2026-03-10"

        var opening = F.item(
            "opening",
            "Opening",
            on: day,
            "09:00",
            "09:30",
            people: [Person(name: "Ms. Ana Costa", role: .chair)]
        )
        opening.speakerTime = .minutes(3)
        var debate = F.item(
            "1",
            "Debate",
            on: day,
            "09:30",
            "10:30",
            people: [
                Person(name: "Mr. Peter Olsen", role: .speaker),
                Person(name: "Dr. Amina Yusuf", role: .moderator),
            ]
        )
        debate.speakerTime = .minutes(2)
        #expect(imported.agenda.items == [opening, debate])
        #expect(
            imported.warnings.map(\.description) == [
                "no date found in the file; the agenda is dated 2026-03-10",
                "no title found; the meeting is called 'Meeting of 2026-03-10'",
            ]
        )
    }

    @Test func tabSeparatedAgendaReadsTimesLikeAProgramme() throws {
        let imported = try F.importAgenda("agenda.tsv", options: Self.newYork)
        let day = "2018-05-21"

        #expect(
            imported.agenda.items == [
                F.item("1", "Opening", on: day, "09:30", "10:15", people: [Person(name: "Ms. Jane Doe", role: .chair)]),
                F.item("break-1", "Break", .break, on: day, "10:15", "14:00"),
                // "2" and "3 pm": the end's pm applies to the start.
                F.item("2", "Afternoon session", on: day, "14:00", "15:00", people: [.placeholder(.speaker)]),
            ]
        )
    }

    @Test func badTimeNamesTheLineAndColumn() throws {
        let error = try #require(try F.importErrors("bad-time.csv", options: Self.geneva))

        #expect(
            error.errors.map(\.description) == [
                "line 3: column 'start': '25:00' is not a time of day: hours run 0-23 and minutes 0-59"
            ]
        )
    }

    @Test func unknownKindListsTheAcceptedKinds() throws {
        let error = try #require(try F.importErrors("unknown-kind.csv", options: Self.geneva))

        #expect(
            error.errors.map(\.description) == [
                "line 3: column 'kind': 'meal' is not a kind; use one of: session, break (or leave it empty)"
            ]
        )
    }

    @Test func unknownColumnIsAWarning() throws {
        let imported = try F.importAgenda("unknown-column.csv", options: Self.geneva)

        #expect(imported.agenda.items.map(\.title) == ["Opening"])
        #expect(
            imported.warnings.map(\.description).contains(
                "line 1: column 'room' is not one Gavel reads; it was "
                    + "ignored (columns: start, end, title, kind, people, date, id, speakerTime, notes)"
            )
        )
    }

    @Test func missingRequiredColumnIsAnError() throws {
        let text = "start,title\n10:00,Opening\n"
        let error = try #require(F.importErrors(text: text, format: .csv, options: Self.geneva))

        #expect(
            error.errors.map(\.description) == [
                "line 1: the header has no 'end' column; a CSV agenda needs start, end and title columns, "
                    + "e.g. 'start,end,title,kind,people'"
            ]
        )
    }

    @Test func headerWithoutRowsHasNoSchedule() throws {
        let error = try #require(F.importErrors(text: "start,end,title\n,,\n", format: .csv, options: Self.geneva))

        #expect(error.errors.map(\.description) == ["no schedule found: the CSV has a header but no rows"])
    }

    @Test func unclosedQuoteNamesTheLineItOpensOn() throws {
        let text = "start,end,title\n10:00,10:40,Opening\n10:40,11:00,\"Unclosed\n11:00,12:00,Lost\n"
        let error = try #require(F.importErrors(text: text, format: .csv, options: Self.geneva))

        #expect(
            error.errors.map(\.description) == [
                "line 3: a quoted cell starting on this line is never closed; close it with \" "
                    + "(write \"\" for a quote inside a cell)"
            ]
        )
    }

    @Test(arguments: [
        (
            "speakerTime", "soon",
            "line 2: column 'speakerTime': 'soon' is not a duration; write it as \(DurationText.acceptedForms)"
        ),
        ("date", "someday", "line 2: column 'date': 'someday' is not a date; write it as 2018-05-21"),
        ("end", "", "line 2: column 'end': no end time; write it as 10:00, 10.00, 10h00 or 10:00 am"),
        ("end", "later", "line 2: column 'end': 'later' is not a time; write it as 10:00, 10.00, 10h00 or 10:00 am"),
    ])
    func badCellsNameTheLineAndColumn(column: String, value: String, message: String) throws {
        var cells = ["start": "10:00", "end": "10:40", "title": "Opening", "speakerTime": "", "date": ""]
        cells[column] = value
        let order = ["start", "end", "title", "speakerTime", "date"]
        let text = order.joined(separator: ",") + "\n" + order.map { cells[$0] ?? "" }.joined(separator: ",") + "\n"
        let error = try #require(F.importErrors(text: text, format: .csv, options: Self.geneva))

        #expect(error.errors.map(\.description) == [message])
    }

    @Test(arguments: [
        ("10:00", "10:40", "10:00-10:40"), ("9.30", "10.15", "09:30-10:15"), ("9h30", "10h", "09:30-10:00"),
        ("9:30 am", "12 noon", "09:30-12:00"), ("2", "3 pm", "14:00-15:00"), ("11 am", "1:30", "11:00-13:30"),
        ("0900", "1030", "09:00-10:30"), ("9", "17", "09:00-17:00"), ("10:00-10:40", "", "10:00-10:40"),
        ("10:00:30", "10:01", "10:00:30-10:01"),
    ])
    func timesAreReadInEveryProgrammeForm(start: String, end: String, expected: String) throws {
        let times = try CSVAgendaParser.readTimes(start: start, end: end).get()

        #expect("\(times.0)-\(times.1)" == expected)
    }

    @Test func peopleCellFormsAreRead() {
        let cell =
            "Ms. A Jones (chair); moderator: Mr. B Smith | Dr. C Wu, Director of X\n"
            + "TBC (panelist); Youth voice: TBC; Ali"

        #expect(
            CSVAgendaParser.people(in: cell) == [
                Person(name: "Ms. A Jones", role: .chair),
                Person(name: "Mr. B Smith", role: .moderator),
                Person(name: "Dr. C Wu", role: .speaker, position: "Director of X"),
                .placeholder(.panellist),
                .placeholder(.speaker, position: "Youth voice"),
                Person(name: "Ali", role: .speaker),
            ]
        )
    }

    @Test func separatorIsTheHeadersMostFrequent() {
        #expect(CSVRecordReader.separator(of: "start;end;title,with comma\n1,2,3,4,5") == ";")
        #expect(CSVRecordReader.separator(of: "start\tend\ttitle\n") == "\t")
        #expect(CSVRecordReader.separator(of: "start,end,title") == ",")
        #expect(CSVRecordReader.separator(of: "\"a;b;c\",end,title") == ",")
        #expect(CSVRecordReader.separator(of: "title") == ",")
    }

    @Test func recordsFollowRFC4180() {
        let result = CSVRecordReader.records(in: "a,\"b,\"\"c\"\"\",d\r\n\"multi\r\nline\",x\n\"\"", separator: ",")

        #expect(
            result.records == [
                CSVRecordReader.Record(line: 1, cells: ["a", "b,\"c\"", "d"]),
                CSVRecordReader.Record(line: 2, cells: ["multi\nline", "x"]),
                CSVRecordReader.Record(line: 4, cells: [""]),
            ]
        )
        #expect(result.unclosedQuoteLine == nil)
    }
}
