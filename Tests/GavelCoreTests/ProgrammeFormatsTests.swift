import Foundation
import Testing

@testable import GavelCore

/// The programme layouts of issue 18 that the corpus shows whole, here one rule at a time, and
/// what the importer says instead of guessing.
@Suite struct ProgrammeFormatsTests {
    typealias F = ImportFixtures

    static let zurich = AgendaImportOptions(timeZone: "Europe/Zurich")

    static func programme(_ rows: String, date: String = "Monday, 21 May 2018") -> String {
        "Meeting of experts\n\(date)\n\n\(rows)\n"
    }

    static func ranges(_ imported: ImportedAgenda) -> [String] {
        imported.agenda.items.map { "\($0.start)-\($0.end) \($0.title)" }
    }

    // MARK: - Times

    @Test func frenchSpacedHoursAreRead() throws {
        let imported = try F.importText(Self.programme("15 h 30 – 16 h 45 Synthèse"), options: Self.zurich)

        #expect(Self.ranges(imported) == ["15:30-16:45 Synthèse"])
    }

    @Test func zoneWrittenAgainstCompactTimesIsRead() throws {
        let imported = try F.importText(Self.programme("1600–1645UTC Closing"))

        #expect(Self.ranges(imported) == ["16:00-16:45 Closing"])
        #expect(imported.agenda.timeZone == "UTC")
    }

    @Test func bareHoursInAnAmPmProgrammeAreReadWithAWarning() throws {
        let imported = try F.importText(
            Self.programme("9-10 Registration\n10:00 am - 11:30 am Panel\n1-2 Lunch"),
            options: Self.zurich
        )

        #expect(
            Self.ranges(imported) == [
                "09:00-10:00 Registration", "10:00-11:30 Panel", "11:30-13:00 Break", "13:00-14:00 Lunch",
            ]
        )
        let warnings = imported.warnings.map(\.description)
        #expect(warnings.contains { $0.hasPrefix("line 4: '9-10' has no am or pm; read as 09:00-10:00") })
        #expect(warnings.contains { $0.hasPrefix("line 6: '1-2' has no am or pm; read as 13:00-14:00") })
    }

    @Test func bareHoursWithoutAnyAmPmAreNotGuessed() throws {
        let imported = try F.importText(Self.programme("10:00-11:00 Opening\n2-3 Panel"), options: Self.zurich)

        #expect(imported.agenda.items.count == 1)
        #expect(imported.warnings.map(\.description).contains { $0.hasPrefix("line 5: '2-3' may be hours") })
    }

    @Test func compactStartTimeEndsAProgrammeOfCompactRanges() throws {
        let imported = try F.importText(
            Self.programme("1000-1130 Panel\n1130 Questions\n1300 End"),
            options: Self.zurich
        )

        #expect(Self.ranges(imported) == ["10:00-11:30 Panel", "11:30-13:00 Questions"])
    }

    @Test func afternoonHoursWithoutPmInAnAmPmProgrammeAreReadWithAWarning() throws {
        let imported = try F.importText(
            Self.programme("10:30 AM – 12:00 PM Panel\n1:30 - 3:00 Workshop"),
            options: Self.zurich
        )

        #expect(Self.ranges(imported) == ["10:30-12:00 Panel", "12:00-13:30 Break", "13:30-15:00 Workshop"])
        #expect(imported.warnings.map(\.description).contains { $0.hasPrefix("line 5: '1:30 - 3:00' has no am or pm") })
    }

    @Test func hoursWordAfterCompactTimesIsNotPartOfTheTitle() throws {
        let imported = try F.importText(Self.programme("0900 – 1030 hours Opening"), options: Self.zurich)

        #expect(Self.ranges(imported) == ["09:00-10:30 Opening"])
    }

    // MARK: - Layouts

    @Test func titleThenTimesInAlignedColumnsIsARow() throws {
        let imported = try F.importText(
            Self.programme(
                "   Welcome remarks                 09:30 - 09:45\n   Session 1. Why?                 09:45 - 11:00"
            ),
            options: Self.zurich
        )

        #expect(Self.ranges(imported) == ["09:30-09:45 Welcome remarks", "09:45-11:00 Session 1. Why?"])
    }

    @Test func timesInParenthesesAfterTheTitleMakeARow() throws {
        let imported = try F.importText(
            Self.programme("Session 1 (10:00 – 11:30)\nSession 2 (11:30 – 13:00)"),
            options: Self.zurich
        )

        #expect(Self.ranges(imported) == ["10:00-11:30 Session 1", "11:30-13:00 Session 2"])
    }

    @Test func aSecondDateInTheHeaderIsAWarningNotASilentSwitch() throws {
        let imported = try F.importText(Self.programme("Tuesday 22 May\n10:00-11:00 Opening"), options: Self.zurich)

        #expect(imported.agenda.items.first?.date == F.date("2018-05-21"))
        #expect(
            imported.warnings.map(\.description).contains {
                $0.hasPrefix(
                    "line 4: a second date in the header ('Tuesday 22 May'); the programme is dated 2018-05-21"
                )
            }
        )
    }

    @Test func startTimesOnTheirOwnLinesTakeTheNextLineAsTitleAndEndAtEnd() throws {
        let imported = try F.importText(
            Self.programme("10:00\nOpening\n10:30\nPanel\n11:00\nEnd"),
            options: Self.zurich
        )

        #expect(Self.ranges(imported) == ["10:00-10:30 Opening", "10:30-11:00 Panel"])
        #expect(imported.skippedLines.map(\.description) == ["line 9: 'End': 'End' only ends the item before it"])
    }

    @Test func titleFirstRowsWithACityHintTakeTheCitysZone() throws {
        let imported = try F.importText(
            Self.programme("Opening — 10:00am – 10:30am (Geneva time)\nSession 2 — 2:00pm – 3:30pm (Geneva time)")
        )

        #expect(Self.ranges(imported) == ["10:00-10:30 Opening", "10:30-14:00 Break", "14:00-15:30 Session 2"])
        #expect(imported.agenda.timeZone == "Europe/Zurich")
        #expect(imported.warnings.map(\.description).contains("line 4: time zone Europe/Zurich, from '(Geneva time)'"))
    }

    @Test func titleWithALoneTimeIsNotARow() throws {
        let error = F.importErrors(text: Self.programme("Registration closes at 10:00"), options: Self.zurich)

        #expect(
            error?.errors.map(\.description) == ["no schedule found: no line has a time range such as '10:00-10:40'"]
        )
    }

    @Test func dayHeadingsArePlacedFromTheFirstDateAndSaidSo() throws {
        let imported = try F.importText(
            Self.programme("Day 1 – Monday\n09:00-10:00 Opening\nDay 2 – Tuesday\n09:00-10:00 Closing"),
            options: Self.zurich
        )

        #expect(imported.agenda.items.map { "\($0.date)" } == ["2018-05-21", "2018-05-22"])
        #expect(
            imported.warnings.map(\.description).contains(
                "line 6: the day heading 'Day 2 – Tuesday' is read as Tuesday 2018-05-22"
            )
        )
    }

    @Test func aDayHeadingWhoseWeekdayDisagreesIsAnError() {
        let error = F.importErrors(
            text: Self.programme("09:00-10:00 Opening\nDay 2 – Wednesday\n09:00-10:00 Closing"),
            options: Self.zurich
        )

        #expect(
            error?.errors.map(\.description).first?.hasPrefix(
                "line 5: the day heading 'Day 2 – Wednesday' names a Wednesday, but counted from 2018-05-21 it falls on Tuesday"
            ) == true
        )
    }

    @Test func aDayHeadingWithNoDateBeforeItIsAnError() {
        let error = F.importErrors(
            text: "Meeting of experts\n\nDay 2\n09:00-10:00 Closing\n",
            options: AgendaImportOptions(timeZone: "Europe/Zurich", fallbackDate: F.date("2018-05-21"))
        )

        #expect(
            error?.errors.map(\.description).first?.hasPrefix(
                "line 3: the day heading 'Day 2' cannot be placed: no date comes before it"
            ) == true
        )
    }

    @Test func partOfDayHeadingsInFrenchAndSpanishAreNotItemText() throws {
        let imported = try F.importText(
            Self.programme(
                "10:00-12:00 Débat général\nSéance de l'après-midi\n15:00-16:00 Clôture\nSESIÓN DE LA TARDE"
            ),
            options: Self.zurich
        )

        #expect(imported.agenda.items.compactMap(\.notes).isEmpty)
        #expect(imported.skippedLines.map(\.line) == [5, 7])
    }

    @Test func namesOfAPipeTablesSpeakerColumnArePeople() throws {
        let imported = try F.importText(
            Self.programme("| Time | Talk | Speaker |\n|---|---|---|\n| 10:00-10:40 | Keynote | Anna Richter |"),
            options: Self.zurich
        )

        #expect(imported.agenda.items.first?.people.map(\.name) == ["Anna Richter"])
        #expect(imported.agenda.items.first?.people.map(\.role) == [.speaker])
    }

    @Test func aTitleThatNamesATopicAddsNoPlaceholder() throws {
        let imported = try F.importText(
            Self.programme("10:00-10:40 Keynote: a decade of containers"),
            options: Self.zurich
        )

        #expect(imported.agenda.items.first?.people == [])
    }

    // MARK: - Nothing guessed silently

    @Test func aBackwardsRangeAndAnOverlapAreErrorsWithTheirLines() {
        let error = F.importErrors(
            text: Self.programme("10:00-11:00 One\n10:30-11:30 Two\n12:40-12:10 Three"),
            options: Self.zurich
        )

        #expect(
            error?.errors.map(\.description) == [
                "line 5: '10:30-11:30' overlaps the item on line 4 ('10:00-11:00')",
                "line 6: '12:40-12:10' ends before it starts",
            ]
        )
    }

    @Test func everySkippedLineHasAReason() throws {
        let imported = try F.importText(
            "DRAFT\nMeeting of experts\nSubtitle\nMore header\n21 May 2018\n\n----\n10:00-11:00 One\n",
            options: Self.zurich
        )

        #expect(
            imported.skippedLines.map(\.description) == [
                "line 1: 'DRAFT': a heading such as 'Programme' or 'Draft', not the title",
                "line 4: 'More header': header text after the title and subtitle",
                "line 7: '----': a decoration, not text",
            ]
        )
    }
}
