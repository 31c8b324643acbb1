import Foundation
import Testing

@testable import GavelCore

/// An agenda item's title in other languages (`titles`) and a person's name (`names`): read from
/// Gavel JSON, kept through the canonical form, absent when not given (docs/protocol.md).
@Suite struct AgendaTranslationTests {
    private func agenda(item extra: String) throws -> Agenda {
        let json = """
            {"title": "Hearing", "titles": {"ES": "Audiencia", "ru": " "}, "date": "2018-05-21", "timeZone": "America/New_York", "items": [
              {"id": "1", "title": "Panel", "start": "10:00", "end": "11:00"\(extra)}]}
            """
        return try AgendaImporter.importAgenda(Data(json.utf8), format: .json).agenda
    }

    @Test func titlesAndNamesAreReadKeptLowercasedAndSurviveTheCanonicalForm() throws {
        let read = try agenda(
            item: """
                , "titles": {"FR": " Débat ", "zh": "小组讨论", "es": ""},
                "people": [{"name": "Louise Arbour", "names": {"ru": "Луиза Арбур"}, "role": "moderator"}]
                """
        )
        let item = try #require(read.items.first)
        #expect(read.titles == ["es": "Audiencia"])
        #expect(item.title == "Panel")
        #expect(item.titles == ["fr": "Débat", "zh": "小组讨论"])
        #expect(item.people.first?.names == ["ru": "Луиза Арбур"])

        let again = try AgendaImporter.importAgenda(read.canonicalJSON(), format: .json).agenda
        #expect(again == read)
    }

    @Test func anItemWithoutTitlesHasNoneOnTheWire() throws {
        let read = try agenda(item: "")
        #expect(read.items.first?.titles.isEmpty == true)
        #expect(read.items.first?.titlesIfAny == nil)
        let text = String(decoding: read.canonicalJSON(), as: UTF8.self)
        // The meeting's titles only (the helper's agenda gives them), none for the item.
        #expect(text.components(separatedBy: "\"titles\"").count == 2 && !text.contains("names"))
    }

    @Test func aKeyThatIsNotALanguageCodeIsRejected() {
        #expect(throws: (any Error).self) { try agenda(item: #", "titles": {"fr ch!": "x"}"#) }
    }
}
