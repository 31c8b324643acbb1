import Foundation
import GavelCore
import Testing

/// The agenda files under `Fixtures/`, copied into the test bundle, and what importer tests
/// build their expectations from.
enum ImportFixtures {
    /// The options a caller who knows nothing passes: no zone, no date.
    static let noOptions = AgendaImportOptions()

    /// The bytes of a fixture, e.g. `hearing-2018-05-21.txt`.
    static func data(_ name: String) throws -> Data {
        let fileName = name as NSString
        let resource = "Fixtures/\(fileName.deletingPathExtension)"
        let url = try #require(
            Bundle.module.url(forResource: resource, withExtension: fileName.pathExtension),
            "fixture \(name) is missing from the test bundle"
        )
        return try Data(contentsOf: url)
    }

    /// Imports a fixture through the public entry point, choosing the format by its name as the CLI does.
    static func importAgenda(_ name: String, options: AgendaImportOptions = noOptions) throws -> ImportedAgenda {
        try AgendaImporter.importAgenda(data(name), fileName: name, options: options)
    }

    /// The diagnostics of an import that must fail.
    static func importErrors(
        _ data: Data,
        fileName: String? = nil,
        format: AgendaFormat? = nil,
        options: AgendaImportOptions = noOptions,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> AgendaImportError? {
        do {
            let imported = try AgendaImporter.importAgenda(data, fileName: fileName, format: format, options: options)
            Issue.record(
                "expected the import to fail, got \(imported.agenda.items.count) items",
                sourceLocation: sourceLocation
            )
            return nil
        } catch {
            return error
        }
    }

    static func importErrors(
        _ name: String,
        options: AgendaImportOptions = noOptions,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> AgendaImportError? {
        importErrors(try data(name), fileName: name, options: options, sourceLocation: sourceLocation)
    }

    /// The diagnostics of an import of inline text that must fail.
    static func importErrors(
        text: String,
        format: AgendaFormat = .text,
        options: AgendaImportOptions = noOptions,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> AgendaImportError? {
        importErrors(Data(text.utf8), format: format, options: options, sourceLocation: sourceLocation)
    }

    /// Imports programme text given inline.
    static func importText(_ text: String, options: AgendaImportOptions = noOptions) throws -> ImportedAgenda {
        try AgendaImporter.importAgenda(Data(text.utf8), format: .text, options: options)
    }

    static func date(_ iso: String) -> LocalDate {
        LocalDate(iso: iso) ?? LocalDate(year: 1970, month: 1, day: 1)!
    }

    static func time(_ text: String) -> LocalTime {
        LocalTime(canonical: text) ?? LocalTime(secondsSinceMidnight: 0)!
    }

    /// An item as an importer numbers it.
    static func item(
        _ id: String,
        _ title: String,
        _ kind: AgendaItem.Kind = .session,
        on date: String,
        _ start: String,
        _ end: String,
        people: [Person] = [],
        notes: String? = nil
    ) -> AgendaItem {
        AgendaItem(
            id: id,
            title: title,
            kind: kind,
            date: Self.date(date),
            start: time(start),
            end: time(end),
            people: people,
            notes: notes
        )
    }

    /// The fixtures that import without errors, with the options each needs.
    static let importable: [(name: String, options: AgendaImportOptions)] = [
        ("hearing-2018-05-21.txt", noOptions), ("dashes-and-to.txt", noOptions), ("dots-and-h.txt", noOptions),
        ("am-pm.txt", noOptions), ("time-on-own-line.txt", noOptions), ("pipe-rows.txt", noOptions),
        ("markdown-table.md", noOptions), ("zone-gmt-london.txt", noOptions), ("zone-cet.txt", noOptions),
        ("zone-utc.txt", noOptions), ("zone-edt.txt", noOptions), ("bullets-and-wrapped-names.txt", noOptions),
        ("multi-day.txt", noOptions), ("timezone-line.txt", noOptions), ("venue-label.txt", noOptions),
        ("start-times-only.txt", noOptions),
        ("agenda.csv", AgendaImportOptions(timeZone: "America/New_York")),
        ("agenda-semicolon.csv", AgendaImportOptions(timeZone: "Europe/Zurich", fallbackDate: date("2026-03-10"))),
        ("agenda.tsv", AgendaImportOptions(timeZone: "America/New_York")),
        ("unknown-column.csv", AgendaImportOptions(timeZone: "Europe/Zurich", fallbackDate: date("2026-03-10"))),
    ]
}
