import Foundation
import Testing

@testable import GavelCore

/// Programmes as printed or pasted, read through `AgendaImporter` as the CLI reads them.
@Suite struct TextProgrammeParserTests {
    typealias F = ImportFixtures

    // MARK: - The example programme

    static let president = "President of the General Assembly"
    static let lajcak = Person(name: "H.E. Mr. Miroslav Lajčák", role: .speaker, position: president)

    /// The hearing of 21 May 2018 as its programme prints it.
    static let hearing = Agenda(
        title: "Fifth informal interactive multi-stakeholder hearing",
        subtitle: "Migration – What’s Really Going On: Lessons from the field",
        date: F.date("2018-05-21"),
        venue: "Conference Room 4, UN Headquarters, New York",
        timeZone: "America/New_York",
        items: [
            F.item(
                "1",
                "Opening of the multi-stakeholder hearing",
                on: "2018-05-21",
                "10:00",
                "10:40",
                people: [
                    lajcak,
                    Person(
                        name: "Ms. Louise Arbour",
                        role: .speaker,
                        position: "Secretary-General of the intergovernmental conference on international migration"
                    ),
                    Person(
                        name: "Mr. William Lacy Swing",
                        role: .speaker,
                        position: "Director General of the International Organisation for Migration"
                    ),
                    .placeholder(.speaker, position: "Migrant Perspective"),
                ]
            ),
            F.item("break-1", "Break", .break, on: "2018-05-21", "10:40", "10:45"),
            F.item(
                "2",
                "Panel Discussion: Best practices to support safe, orderly and regular migration",
                on: "2018-05-21",
                "10:45",
                "12:40",
                people: [.placeholder(.panellist), .placeholder(.moderator)]
            ),
            F.item(
                "3",
                "Closing of the multi-stakeholder hearing",
                on: "2018-05-21",
                "12:40",
                "13:00",
                people: [
                    Person(
                        name: "H.E. Mr. Juan Jose Gomez Camacho",
                        role: .speaker,
                        position: "Permanent Representative of Mexico to the United Nations"
                    ),
                    Person(
                        name: "H.E. Mr. Jurg Lauber",
                        role: .speaker,
                        position: "Permanent Representative of Switzerland to the United Nations"
                    ),
                    lajcak,
                ],
                notes: "co-facilitators of the intergovernmental consultations and negotiations on issues related "
                    + "to the Global Compact for Safe, Orderly and Regular Migration, the intergovernmental conference"
            ),
        ]
    )

    static let hearingWarnings = [
        "line 7: time zone America/New_York, inferred from the venue",
        "line 17: the 5m gap between 10:40 and 10:45 becomes a break",
    ]

    @Test func exampleProgrammeImportsAsPrinted() throws {
        let imported = try F.importAgenda("hearing-2018-05-21.txt")

        #expect(imported.format == .text)
        #expect(imported.agenda == Self.hearing)
        #expect(imported.warnings.map(\.description) == Self.hearingWarnings)
        #expect(imported.timeZoneSource == .venue)
    }

    @Test func exampleFixtureIsTheSharedExampleByteForByte() throws {
        // The fixture is a copy; this pins its content so an edit to it shows up here.
        let data = try F.data("hearing-2018-05-21.txt")
        #expect(data.count == 2255)
        #expect(String(decoding: data, as: UTF8.self).contains("12:40 \u{2013} 13:00\t<b>Closing"))
    }

    @Test(arguments: ["\r\n", "\r"])
    func exampleReadsTheSameWithOtherLineEnds(lineEnd: String) throws {
        let text = String(decoding: try F.data("hearing-2018-05-21.txt"), as: UTF8.self)
        let converted = text.replacingOccurrences(of: "\n", with: lineEnd)

        let imported = try F.importText(converted)

        #expect(imported.agenda == Self.hearing)
        #expect(imported.warnings.map(\.description) == Self.hearingWarnings)
    }

    @Test func secondMentionOfAPositionIsThePersonNamedBefore() throws {
        let imported = try F.importAgenda("hearing-2018-05-21.txt")
        let closing = try #require(imported.agenda.items.last)

        // "Closing remarks by the President of the General Assembly", named in item 1.
        #expect(closing.people.last == Self.lajcak)
    }

    @Test func positionWithNobodyNamedBeforeIsAPlaceholder() throws {
        let text = """
            Hearing
            21 May 2018
            Conference Room 4, UN Headquarters, New York

            10:00-10:30 Opening  Remarks by the President of the General Assembly
            """
        let imported = try F.importText(text)

        #expect(imported.agenda.items[0].people == [.placeholder(.speaker, position: Self.president)])
    }

    // MARK: - Time forms

    @Test func dashesHyphensToAndUntilAllSeparateTimes() throws {
        let imported = try F.importAgenda("dashes-and-to.txt")
        let day = "2019-03-12"

        #expect(imported.agenda.title == "Regional consultation on youth employment")
        #expect(imported.agenda.venue == "Palais des Nations, Geneva")
        #expect(imported.agenda.timeZone == "Europe/Zurich")
        #expect(
            imported.agenda.items == [
                F.item("1", "Registration", on: day, "09:00", "09:30"),
                F.item("2", "Welcome and introduction", on: day, "09:30", "10:00"),
                F.item(
                    "3",
                    "Keynote address by Ms. Ana Costa, Director of Youth Programmes",
                    on: day,
                    "10:00",
                    "10:45",
                    people: [Person(name: "Ms. Ana Costa", role: .speaker, position: "Director of Youth Programmes")]
                ),
                F.item("break-1", "Coffee break", .break, on: day, "10:45", "11:00"),
                F.item(
                    "4",
                    "Working groups",
                    on: day,
                    "11:00",
                    "12:30",
                    people: [Person(name: "Mr. Peter Olsen", role: .moderator)]
                ),
                F.item(
                    "5",
                    "Closing remarks by the Chair",
                    on: day,
                    "12:30",
                    "13:00",
                    people: [.placeholder(.speaker, position: "Chair")]
                ),
            ]
        )
        #expect(imported.warnings.map(\.description) == ["line 3: time zone Europe/Zurich, inferred from the venue"])
    }

    @Test func dottedAndFrenchHourTimesAreRead() throws {
        let imported = try F.importAgenda("dots-and-h.txt")
        let day = "2018-05-21"

        #expect(imported.agenda.date == F.date(day))
        #expect(imported.agenda.venue == "Salle XVII, Palais des Nations, Genève")
        #expect(imported.agenda.timeZone == "Europe/Zurich")
        #expect(
            imported.agenda.items == [
                F.item(
                    "1",
                    "Ouverture",
                    on: day,
                    "09:30",
                    "10:15",
                    people: [Person(name: "S.E. M. Jean Martin", role: .chair)]
                ),
                F.item("2", "Table ronde", on: day, "10:15", "11:00"),
                F.item(
                    "3",
                    "Débat général",
                    on: day,
                    "11:00",
                    "12:30",
                    people: [Person(name: "Mme Claire Dubois", role: .moderator)]
                ),
            ]
        )
    }

    @Test func amPmAndNoonAreReadOnA24HourClock() throws {
        let imported = try F.importAgenda("am-pm.txt")
        let day = "2018-05-21"

        #expect(imported.agenda.title == "Town hall with civil society")
        #expect(imported.agenda.venue == "Trusteeship Council Chamber, UN Headquarters, New York")
        #expect(
            imported.agenda.items == [
                F.item(
                    "1",
                    "Morning session",
                    on: day,
                    "09:30",
                    "12:00",
                    people: [Person(name: "Ms. Jane Doe", role: .chair)]
                ),
                F.item("break-1", "Lunch", .break, on: day, "12:00", "13:00"),
                F.item("break-2", "Break", .break, on: day, "13:00", "14:00"),
                // "2 – 3 pm": the end's pm applies to the start.
                F.item(
                    "2",
                    "Afternoon dialogue",
                    on: day,
                    "14:00",
                    "15:00",
                    people: [
                        Person(name: "Mr. John Roe", role: .speaker),
                        Person(name: "Dr. Amina Yusuf", role: .speaker, position: "UNICEF"),
                    ]
                ),
                F.item("break-3", "Break", .break, on: day, "15:00", "15:15"),
                F.item("3", "Wrap-up", on: day, "15:15", "16:00"),
            ]
        )
        #expect(
            imported.warnings.map(\.description) == [
                "line 3: time zone America/New_York, inferred from the venue",
                "line 7: the 1h gap between 13:00 and 14:00 becomes a break",
                "line 8: the 15m gap between 15:00 and 15:15 becomes a break",
            ]
        )
    }

    @Test func timeRangeAloneOnALineTakesItsTitleFromTheNextLine() throws {
        let imported = try F.importAgenda("time-on-own-line.txt")
        let day = "2018-05-21"

        #expect(
            imported.agenda.items == [
                F.item(
                    "1",
                    "Session 1: Setting the scene",
                    on: day,
                    "10:00",
                    "11:30",
                    people: [
                        Person(
                            name: "H.E. Ms. Maria Silva",
                            role: .chair,
                            position: "Permanent Representative of Brazil"
                        )
                    ]
                ),
                F.item(
                    "2",
                    "Session 2: Tools and methods",
                    on: day,
                    "11:30",
                    "13:00",
                    people: [
                        Person(name: "Dr. Kwame Mensah", role: .panellist, position: "University of Ghana"),
                        Person(name: "Ms. Li Wei", role: .panellist, position: "National Bureau of Statistics"),
                    ]
                ),
            ]
        )
    }

    @Test func pipeSeparatedRowsAreRead() throws {
        let imported = try F.importAgenda("pipe-rows.txt")
        let day = "2018-05-21"

        #expect(imported.agenda.venue == "ECOSOC Chamber, UN Headquarters, New York")
        #expect(
            imported.agenda.items == [
                F.item(
                    "1",
                    "Opening",
                    on: day,
                    "10:00",
                    "10:40",
                    people: [Person(name: "Mr. Carlos Ruiz", role: .chair)]
                ),
                F.item(
                    "2",
                    "Briefings",
                    on: day,
                    "10:40",
                    "11:30",
                    people: [
                        Person(name: "Ms. Ana Lopez", role: .speaker, position: "OCHA"),
                        Person(name: "Mr. Tom Berg", role: .speaker, position: "WFP"),
                    ]
                ),
                F.item("3", "Questions and answers", on: day, "11:30", "12:00", people: [.placeholder(.moderator)]),
            ]
        )
    }

    @Test func markdownTableCellsTakeTheirRoleFromTheColumnHeading() throws {
        let imported = try F.importAgenda("markdown-table.md")
        let day = "2018-05-22"

        #expect(imported.agenda.title == "Side event: Financing for development")
        // Date and venue share a line.
        #expect(imported.agenda.date == F.date(day))
        #expect(imported.agenda.venue == "Conference Room 6, UN Headquarters, New York")
        #expect(
            imported.agenda.items == [
                F.item(
                    "1",
                    "Welcome",
                    on: day,
                    "13:15",
                    "13:30",
                    people: [Person(name: "H.E. Mr. Omar Hilale", role: .speaker)]
                ),
                F.item(
                    "2",
                    "Panel on blended finance",
                    on: day,
                    "13:30",
                    "14:30",
                    people: [
                        Person(name: "Ms. Sara Kim", role: .speaker, position: "World Bank"),
                        Person(name: "Mr. Luis Mora", role: .speaker, position: "Inter-American Development Bank"),
                    ]
                ),
                F.item("3", "Closing", on: day, "14:30", "14:45", people: [.placeholder(.speaker)]),
            ]
        )
    }

    // MARK: - Zone suffixes

    @Test func gmtAtALondonVenueIsLondonTime() throws {
        let imported = try F.importAgenda("zone-gmt-london.txt")

        #expect(imported.agenda.timeZone == "Europe/London")
        #expect(imported.timeZoneSource == .file)
        #expect(imported.agenda.items.map { "\($0.start)-\($0.end)" } == ["09:00-10:30", "10:30-11:00", "11:00-12:30"])
        #expect(
            imported.warnings.map(\.description) == [
                "line 5: times marked 'GMT' are read in Europe/London, the venue's time zone",
                "line 6: the 30m gap between 10:30 and 11:00 becomes a break",
            ]
        )
    }

    @Test func gmtWithoutAVenueIsUTCWithAWarning() throws {
        let imported = try F.importText("Call\n21 May 2018\n\n0900-1000 GMT Update\n")

        #expect(imported.agenda.timeZone == "UTC")
        #expect(
            imported.warnings.map(\.description) == [
                "line 4: times marked 'GMT' are read as UTC, with no summer time; for a meeting in the UK, Ireland or "
                    + "Portugal add a line such as 'Time zone: Europe/London'"
            ]
        )
    }

    @Test func cetWithoutAVenueIsParisTimeWithAWarning() throws {
        let imported = try F.importAgenda("zone-cet.txt")

        #expect(imported.agenda.timeZone == "Europe/Paris")
        #expect(imported.agenda.items.map(\.title) == ["Partners' update", "Next steps"])
        #expect(imported.agenda.items.map { "\($0.start)-\($0.end)" } == ["09:00-10:00", "10:00-10:30"])
        #expect(
            imported.warnings.map(\.description) == [
                "line 4: times marked 'CET' (Central European Time) are read in Europe/Paris; if the meeting is "
                    + "elsewhere, add a line such as 'Time zone: Europe/Zurich'"
            ]
        )
    }

    @Test func cetAtAGenevaVenueIsGenevaTime() throws {
        let imported = try F.importText("Call\n21 May 2018\nPalais des Nations, Geneva\n\n0900-1000 CET Update\n")

        #expect(imported.agenda.timeZone == "Europe/Zurich")
        #expect(
            imported.warnings.map(\.description) == [
                "line 5: times marked 'CET' are read in Europe/Zurich, the venue's time zone"
            ]
        )
    }

    @Test func utcSuffixIsUTC() throws {
        let imported = try F.importAgenda("zone-utc.txt")

        #expect(imported.agenda.timeZone == "UTC")
        #expect(imported.agenda.items.map { "\($0.start)-\($0.end)" } == ["14:00-15:00", "15:00-15:30"])
        #expect(imported.warnings.map(\.description) == ["line 4: times marked 'UTC' are read as UTC"])
    }

    @Test func edtSuffixIsNewYorkTime() throws {
        let imported = try F.importAgenda("zone-edt.txt")

        #expect(imported.agenda.timeZone == "America/New_York")
        #expect(imported.agenda.items.map { "\($0.start)-\($0.end)" } == ["10:00-11:00", "11:00-11:30"])
        #expect(
            imported.warnings.map(\.description) == [
                "line 4: times marked 'EDT' (Eastern Daylight Time) are read in America/New_York; if the meeting is "
                    + "elsewhere, add a line such as 'Time zone: Europe/Zurich'"
            ]
        )
    }

    @Test func offsetSuffixIsReadThroughTheVenue() throws {
        let imported = try F.importText("Call\n21 May 2018\nPalais des Nations, Geneva\n\n09:00-10:00 UTC+2 Update\n")

        #expect(imported.agenda.timeZone == "Europe/Zurich")
        #expect(
            imported.warnings.map(\.description) == [
                "line 5: times marked 'UTC+2' are read in Europe/Zurich, the venue's time zone"
            ]
        )
    }

    @Test func offsetSuffixWithoutAVenueIsLeftForTheUserToName() throws {
        let error = try #require(F.importErrors(text: "Call\n21 May 2018\n\n09:00-10:00 UTC+2 Update\n"))

        #expect(
            error.diagnostics.map(\.description).contains(
                "line 4: 'UTC+2' is an offset, not a place; add a line such as 'Time zone: Europe/Zurich' "
                    + "naming the meeting's zone"
            )
        )
    }

    @Test func twoDifferentZoneSuffixesAreAnError() throws {
        let text = "Call\n21 May 2018\n\n0900-1000 GMT Update\n1000-1100 EST Questions\n"
        let error = try #require(F.importErrors(text: text))

        #expect(
            error.errors.map(\.description) == [
                "line 5: the times here are marked 'EST' but line 4 marks them 'GMT'; a programme has one time zone"
            ]
        )
    }

    // MARK: - People

    @Test func bulletsUnderARoleHeadingTakeItsRoleAndWrappedLinesJoinTheirBullet() throws {
        let imported = try F.importAgenda("bullets-and-wrapped-names.txt")

        #expect(imported.agenda.items.count == 1)
        #expect(imported.agenda.items[0].title == "Interactive panel")
        #expect(
            imported.agenda.items[0].people == [
                // "•", then a name wrapped onto an indented line.
                Person(
                    name: "H.E. Ms. Maria Fernanda Espinosa Garcés",
                    role: .panellist,
                    position: "Minister for Foreign Affairs of Ecuador"
                ),
                // "-", position wrapped onto an indented line.
                Person(
                    name: "Mr. Antonio Vitorino",
                    role: .panellist,
                    position: "Director General, International Organization for Migration"
                ),
                // "o"
                Person(name: "Ms. Michelle Bachelet", role: .panellist, position: "High Commissioner for Human Rights"),
                // "*", position wrapped onto a line that is not indented.
                Person(name: "Dr. Jane Smith", role: .panellist, position: "Professor of Law, University of Oxford"),
                // "–"
                Person(name: "Prof. Ahmed Ali", role: .panellist, position: "Chair of the Advisory Board"),
                // An indented bullet under "Moderator:".
                Person(name: "Ms. Laura Chen", role: .moderator, position: "journalist"),
            ]
        )
        #expect(imported.agenda.items[0].notes == nil)
    }

    @Test func labelledRolesAreRecognised() throws {
        let text = """
            Meeting
            21 May 2018
            Room 1, UN Headquarters, New York

            10:00-11:00 Session one
            Co-chairs: Ms. Ana Costa and Mr. Peter Olsen
            Chaired by H.E. Mr. Omar Hilale
            Moderated by Dr. Amina Yusuf
            Keynote address by Prof. Ahmed Ali
            Statement by the Secretary-General
            Speaker(s): Mr. John Roe
            Presenter: Ms. Li Wei
            Panelists: Ms. Sara Kim; Mr. Luis Mora
            """
        let imported = try F.importText(text)

        #expect(
            imported.agenda.items[0].people == [
                Person(name: "Ms. Ana Costa", role: .chair),
                Person(name: "Mr. Peter Olsen", role: .chair),
                Person(name: "H.E. Mr. Omar Hilale", role: .chair),
                Person(name: "Dr. Amina Yusuf", role: .moderator),
                Person(name: "Prof. Ahmed Ali", role: .speaker),
                .placeholder(.speaker, position: "Secretary-General"),
                Person(name: "Mr. John Roe", role: .speaker),
                Person(name: "Ms. Li Wei", role: .speaker),
                Person(name: "Ms. Sara Kim", role: .panellist),
                Person(name: "Mr. Luis Mora", role: .panellist),
            ]
        )
    }

    // MARK: - Header

    @Test(arguments: [
        "21 May 2018", "May 21, 2018", "Monday, 21 May 2018", "2018-05-21", "21.05.2018", "21/05/2018",
        "21st May 2018", "Monday, May 21, 2018", "lundi 21 mai 2018", "lunes, 21 de mayo de 2018", "21. Mai 2018",
        "**21 May 2018**", "Date: 21 May 2018",
    ])
    func headerDateFormsAreRead(dateLine: String) throws {
        let imported = try F.importText("Meeting\n\(dateLine)\nPalais des Nations, Geneva\n\n10:00-11:00 Opening\n")

        #expect(imported.agenda.date == F.date("2018-05-21"))
        #expect(imported.agenda.title == "Meeting")
        #expect(imported.agenda.venue == "Palais des Nations, Geneva")
    }

    @Test func documentDateIsNotTheMeetingDate() throws {
        let text = "Provisional programme (as of 14 May 2018)\nMeeting on water\n21 May 2018\n\n10:00-11:00 Opening\n"
        let imported = try F.importText(text, options: AgendaImportOptions(timeZone: "UTC"))

        #expect(imported.agenda.date == F.date("2018-05-21"))
        #expect(imported.agenda.title == "Meeting on water")
    }

    @Test func boilerplateAndDescriptionsAreNotTheTitle() throws {
        let text = """
            DRAFT
            Provisional programme
            # Open-ended working group on ageing
            Tenth session
            21 May 2018

            The working group will consider the contributions received from Member States and other \
            stakeholders on the focus areas selected at its previous session, and hold an interactive dialogue.

            Time
            10:00-11:00 Opening
            """
        let imported = try F.importText(text, options: AgendaImportOptions(timeZone: "America/New_York"))

        #expect(imported.agenda.title == "Open-ended working group on ageing")
        #expect(imported.agenda.subtitle == "Tenth session")
        #expect(imported.agenda.items.map(\.title) == ["Opening"])
    }

    @Test func multiDayProgrammeDatesItemsByTheHeadingAboveThem() throws {
        let imported = try F.importAgenda("multi-day.txt")

        #expect(imported.agenda.date == F.date("2018-05-21"))
        #expect(
            imported.agenda.items.map { "\($0.date) \($0.start)-\($0.end) \($0.title)" } == [
                "2018-05-21 10:00-12:00 Opening plenary",
                "2018-05-21 12:00-14:00 Break",
                "2018-05-21 14:00-17:00 Roundtable 1",
                "2018-05-22 10:00-12:00 Roundtable 2",  // May 22, 2018
                "2018-05-23 09:30-11:00 Roundtable 3",  // 2018-05-23
                "2018-05-24 10:00-11:00 Roundtable 4",  // 24.05.2018
                "2018-05-25 10:00-12:00 Séance de clôture",  // vendredi 25 mai 2018
                "2018-05-26 10:00-11:00 Visita de campo",  // sábado, 26 de mayo de 2018
                "2018-05-27 10:00-10:30 Departures",  // Sunday 27 May: the year of the heading before
            ]
        )
    }

    @Test func dateHeadingWithoutAYearOrAnEarlierDateIsAnError() throws {
        let text = "Meeting\n\n10:00-11:00 Opening\nTuesday 22 May\n11:00-12:00 More\n"
        let error = try #require(F.importErrors(text: text))

        #expect(
            error.errors.map(\.description).contains(
                "line 4: the date heading 'Tuesday 22 May' is not a date with a year; write it in full, "
                    + "such as 'Tuesday, 22 May 2018'"
            )
        )
    }

    @Test func timeZoneLineSetsTheZone() throws {
        let imported = try F.importAgenda("timezone-line.txt")

        #expect(imported.agenda.timeZone == "Europe/Zurich")
        #expect(imported.timeZoneSource == .file)
        #expect(imported.agenda.venue == "Room XX, Palais des Nations")
        #expect(imported.agenda.title == "Consultation with Member States")
        #expect(imported.warnings.isEmpty)
    }

    @Test func timeZoneLineWithAnAbbreviationIsReadThroughTheVenue() throws {
        let text = "Meeting\nTimezone: CET\n21 May 2018\nPalais des Nations, Geneva\n\n10:00-11:00 Opening\n"
        let imported = try F.importText(text)

        #expect(imported.agenda.timeZone == "Europe/Zurich")
        #expect(
            imported.warnings.map(\.description) == [
                "line 2: times marked 'CET' are read in Europe/Zurich, the venue's time zone"
            ]
        )
    }

    @Test func timeZoneLineThatIsNotAZoneIsAnErrorOnItsLine() throws {
        let text = "Meeting\n21 May 2018\nTime zone: Mars/Olympus\n\n10:00-11:00 Opening\n"
        let error = try #require(F.importErrors(text: text))

        #expect(error.errors.map(\.line) == [3])
    }

    @Test func venueAndDateLabelsAreRead() throws {
        let imported = try F.importAgenda("venue-label.txt")

        #expect(imported.agenda.date == F.date("2018-05-21"))
        #expect(imported.agenda.venue == "Trusteeship Council Chamber, United Nations, New York")
        #expect(
            imported.agenda.items == [
                F.item("1", "Statements", on: "2018-05-21", "15:00", "16:00", people: [.placeholder(.chair)])
            ]
        )
    }

    // MARK: - Start times only

    @Test func startTimesAloneRunUntilTheNextRowAndEndRowsOnlyEnd() throws {
        let imported = try F.importAgenda("start-times-only.txt")
        let day = "2018-05-21"

        #expect(
            imported.agenda.items == [
                F.item(
                    "1",
                    "Opening statement by the Spokesperson",
                    on: day,
                    "12:00",
                    "12:15",
                    people: [.placeholder(.speaker, position: "Spokesperson")]
                ),
                F.item("2", "Questions from journalists", on: day, "12:15", "12:45"),
            ]
        )
        #expect(
            imported.warnings.map(\.description).contains(
                "line 5: '12:00 Opening statement by the Spokesperson' gives only a start time; "
                    + "items without an end time run until the next item starts"
            )
        )
    }

    @Test func startTimeWithNothingAfterItIsAnError() throws {
        let error = try #require(F.importErrors(text: "Meeting\n21 May 2018\n\n10:00 Opening\n"))

        #expect(
            error.errors.map(\.description).contains(
                "line 4: '10:00 Opening' has a start time but no end, and no row follows it on the same day; "
                    + "write it as a range such as '10:00-11:00'"
            )
        )
    }

    // MARK: - Bad input

    @Test func hourOutOfRangeIsReportedOnItsLine() throws {
        let error = try #require(try F.importErrors("bad-hour.txt"))

        #expect(
            error.errors.map(\.description) == [
                "line 6: '25:00' is not a time of day: hours run 0-23 and minutes 0-59"
            ]
        )
    }

    @Test func unreadableTimeRangeIsReportedNotDropped() throws {
        let error = try #require(try F.importErrors("unreadable-range.txt"))

        #expect(
            error.errors.map(\.description) == [
                "line 5: '10:00-10:4O' looks like a time range but its end cannot be read; write it as 10:00-10:40"
            ]
        )
    }

    @Test func endBeforeStartNamesItsLine() throws {
        let error = try #require(try F.importErrors("end-before-start.txt"))

        #expect(error.errors.map(\.description) == ["line 6: '10:45-10:00' ends before it starts"])
    }

    @Test func overlappingItemsNameBothLines() throws {
        let error = try #require(try F.importErrors("overlapping.txt"))

        #expect(
            error.errors.map(\.description) == [
                "line 6: '10:30-11:30' overlaps the item on line 5 ('10:00-11:00')"
            ]
        )
    }

    @Test func programmeWithoutTimesHasNoSchedule() throws {
        let error = try #require(try F.importErrors("no-times.txt"))

        #expect(
            error.errors.map(\.description) == [
                "no schedule found: no line has a time range such as '10:00-10:40'"
            ]
        )
    }

    @Test(arguments: [
        ("10:00-24:00 Late", "'24:00' is not a time of day: items cannot run past midnight; end at 23:59"),
        ("10:60-11:00 Odd", "'10:60' is not a time of day: hours run 0-23 and minutes 0-59"),
        ("13 am - 2 pm Odd", "'13 am' is not a time: with am/pm, hours run 1-12"),
        (
            "10:00 - Opening\n10:00-",
            "'10:00-' looks like a time range but has no readable end; write it as 10:00-10:40"
        ),
        (
            "10:4-11:00 Odd",
            "'10:4-11:00' looks like a time but cannot be read; write times as 10:40, 10.40, 10h40 "
                + "or 10:40 am"
        ),
    ])
    func badTimesAreErrorsOnTheirLine(row: String, message: String) throws {
        let text = "Meeting\n21 May 2018\nRoom 1, Palais des Nations\n\n" + row + "\n"
        let error = try #require(F.importErrors(text: text))

        #expect(
            error.errors.map(\.description).contains { $0.hasSuffix(message) && $0.hasPrefix("line ") },
            "\(error.errors)"
        )
    }

    @Test func numbersThatAreNotTimesAreText() throws {
        let text = """
            Meeting
            21 May 2018
            Palais des Nations, Geneva

            10:00-11:00 Opening
            2019-2020 biennium review
            1.5 million migrants
            2.1 Background
            """
        let imported = try F.importText(text)

        #expect(imported.agenda.items.count == 1)
        #expect(imported.agenda.items[0].notes == "2019-2020 biennium review 1.5 million migrants 2.1 Background")
    }

    @Test(arguments: [
        "e\u{301}\u{301}\u{301} 1\u{301}0:00-10:40 Z\u{335}\u{336}",
        "10:00\u{301}-10:40\u{20DD} Opening\u{200D}",
        "\u{202E}10:00-10:40 gninepO\u{202C}",
        "👩🏽‍⚖️ Chair: 👩🏽‍⚖️\n10:00–10:40 🎤",
        "<b><i><p></b></i>&#0;&#x110000;&#xD800;&amp\u{E000}\u{E001}",
        String(repeating: "<", count: 5000) + String(repeating: "&", count: 5000),
        String(repeating: "**", count: 3000),
        "10:00-10:40 " + String(repeating: "Mr. ", count: 3000),
        "\r\r\n\n\r" + String(repeating: "\u{85}\u{2028}\u{2029}\u{0B}\u{0C}", count: 100),
    ])
    func hostileTextDoesNotCrash(text: String) {
        let draft = TextProgrammeParser.parse(text)
        let lineCount = ProgrammeLine.lines(of: text)?.count ?? 0

        #expect(draft.items.allSatisfy { (1...lineCount).contains($0.line) })
        #expect(draft.diagnostics.allSatisfy { $0.line.map { (1...lineCount).contains($0) } ?? true })
    }
}
