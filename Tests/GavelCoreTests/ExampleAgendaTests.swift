import Foundation
import GavelCore
import Testing

/// The agenda shipped in `Examples/` and embedded in the library.
@Suite struct ExampleAgendaTests {
    /// The repository root, from this file's path (Tests/GavelCoreTests/ExampleAgendaTests.swift).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func embeddedJSONImportsWithoutErrorsOrWarnings() throws {
        let imported = try AgendaImporter.importAgenda(Data(ExampleAgenda.json.utf8), format: .json)

        #expect(imported.warnings.isEmpty, "\(imported.warnings)")
        #expect(imported.timeZoneSource == .file)
        #expect(imported.agenda == ExampleAgenda.agenda)
    }

    @Test func embeddedJSONIsTheShippedFileByteForByte() throws {
        let url = Self.repositoryRoot.appendingPathComponent("Examples").appendingPathComponent(ExampleAgenda.fileName)
        let file = try Data(contentsOf: url)

        // Bytes, not strings: String equality would hide a change of Unicode normalisation.
        #expect(file == Data(ExampleAgenda.json.utf8))
    }

    @Test func embeddedJSONIsCanonical() throws {
        let imported = try AgendaImporter.importAgenda(Data(ExampleAgenda.json.utf8), format: .json)

        #expect(imported.agenda.canonicalJSON() == Data(ExampleAgenda.json.utf8))
    }

    @Test func embeddedAgendaHoldsTheFactsOfThePrintedProgramme() {
        #expect(ExampleAgenda.agenda == Self.programme)
    }

    /// The hearing as printed (shared/examples/hearing-2018-05-21.txt), with our floor times.
    static let programme: Agenda = {
        let date = LocalDate(year: 2018, month: 5, day: 21)!
        func time(_ hour: Int, _ minute: Int) -> LocalTime { LocalTime(hour: hour, minute: minute)! }
        let president = Person(
            name: "H.E. Mr. Miroslav Lajčák",
            role: .speaker,
            position: "President of the General Assembly"
        )
        return Agenda(
            title: "Fifth informal interactive multi-stakeholder hearing",
            subtitle: "Migration – What’s Really Going On: Lessons from the field",
            date: date,
            venue: "Conference Room 4, UN Headquarters, New York",
            timeZone: "America/New_York",
            defaults: AgendaDefaults(speakerTime: .minutes(5)),
            items: [
                AgendaItem(
                    id: "1",
                    title: "Opening of the multi-stakeholder hearing",
                    date: date,
                    start: time(10, 0),
                    end: time(10, 40),
                    people: [
                        president,
                        Person(
                            name: "Ms. Louise Arbour",
                            role: .speaker,
                            position: "Secretary-General of the intergovernmental conference on "
                                + "international migration"
                        ),
                        Person(
                            name: "Mr. William Lacy Swing",
                            role: .speaker,
                            position: "Director General of the International Organisation for Migration"
                        ),
                        .placeholder(.speaker, position: "Migrant Perspective"),
                    ]
                ),
                AgendaItem(
                    id: "break-1",
                    title: "Break",
                    kind: .break,
                    date: date,
                    start: time(10, 40),
                    end: time(10, 45)
                ),
                AgendaItem(
                    id: "2",
                    title: "Panel Discussion: Best practices to support safe, orderly and regular migration",
                    date: date,
                    start: time(10, 45),
                    end: time(12, 40),
                    people: [.placeholder(.panellist), .placeholder(.moderator)],
                    speakerTime: .minutes(7)
                ),
                AgendaItem(
                    id: "3",
                    title: "Closing of the multi-stakeholder hearing",
                    date: date,
                    start: time(12, 40),
                    end: time(13, 0),
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
                        president,
                    ]
                ),
            ]
        )
    }()
}
