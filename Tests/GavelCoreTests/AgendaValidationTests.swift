import Foundation
import Testing

@testable import GavelCore

/// An agenda that arrives as a value (a `load_agenda` command) meets the importers' rules, with
/// its items named by position since it has no lines.
@Suite struct AgendaValidationTests {
    typealias F = ImportFixtures

    @Test(arguments: ImportFixtures.importable.map(\.name))
    func anImportedAgendaIsValidAsItIs(name: String) throws {
        let options = try #require(F.importable.first { $0.name == name }?.options)
        let imported = try F.importAgenda(name, options: options)

        let validated = try imported.agenda.validated()

        #expect(validated.agenda == imported.agenda)
        #expect(validated.warnings.isEmpty)
    }

    @Test func anAgendaLoadedByCommandKeepsItsRulesListsAndTitlesInOtherLanguages() throws {
        var agenda = ExampleAgenda.agenda
        agenda.titles = ["fr": "Audition des parties prenantes"]
        agenda.items[0].titles = ["es": "Apertura"]
        agenda.items[0].list = PlannedList(
            order: .precedence,
            speakers: [Inscription(speaker: "H.E. Ms. A", rank: "minister")]
        )
        agenda.rules = .conferencePanel
        agenda.items[0].list.speakers[0].rank = nil

        let validated = try agenda.validated().agenda

        #expect(validated == agenda)
    }

    @Test func validationMatchesImportingTheAgendasJSON() throws {
        var agenda = ExampleAgenda.agenda
        agenda.items[0].title = "  Opening  "
        // A gap of ten minutes between the first two items.
        agenda.items[0].end = LocalTime(secondsSinceMidnight: agenda.items[0].end.secondsSinceMidnight - 600)!

        let validated = try agenda.validated().agenda
        let imported = try AgendaImporter.importAgenda(agenda.canonicalJSON(), format: .json).agenda

        #expect(validated == imported)
        #expect(validated.items[0].title == "Opening")
        #expect(validated.items.count == agenda.items.count + 1)
        #expect(validated.items[1].kind == .break)
    }

    @Test func errorsNameItemsByPosition() throws {
        var agenda = ExampleAgenda.agenda
        agenda.items[1].start = agenda.items[0].start
        agenda.items[2].id = agenda.items[0].id
        let first = agenda.items[0]
        let second = agenda.items[1]

        let error = try #require(throws: AgendaImportError.self) { try agenda.validated() }

        #expect(
            error.errors.map(\.description) == [
                "item 2: '\(second.start)-\(second.end)' overlaps item 1 ('\(first.start)-\(first.end)')",
                "item 3: item id '\(first.id)' is already used by item 1",
            ]
        )
    }

    @Test func anUnknownTimeZoneIsAnError() {
        var agenda = ExampleAgenda.agenda
        agenda.timeZone = "Mars/Olympus_Mons"

        #expect(throws: AgendaImportError.self) { try agenda.validated() }
    }
}
