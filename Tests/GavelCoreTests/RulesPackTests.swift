import Foundation
import GavelCore
import Testing

/// Rules of procedure and lists of speakers in the agenda's JSON, and lists from a spreadsheet.
@Suite struct RulesPackTests {
    static func agendaJSON(rules: String?, list: String? = nil) -> Data {
        Data(
            """
            {
              "title": "Plenary",
              "date": "2026-09-22",
              "timeZone": "America/New_York",
              \(rules.map { "\"rules\": \($0)," } ?? "")
              "items": [
                {"id": "8", "title": "General debate", "start": "09:00", "end": "13:00"\(list.map { ", \"list\": \($0)" } ?? "")}
              ]
            }
            """.utf8
        )
    }

    static func importing(rules: String?, list: String? = nil) throws(AgendaImportError) -> Agenda {
        try AgendaImporter.importAgenda(agendaJSON(rules: rules, list: list), format: .json).agenda
    }

    @Test func anAgendaWithoutRulesHasTheGeneralAssemblysAndWritesNone() throws {
        let agenda = try Self.importing(rules: nil)
        #expect(agenda.rules == .unGeneralAssembly)
        #expect(!String(decoding: agenda.canonicalJSON(), as: UTF8.self).contains("rules"))
    }

    @Test func aBuiltInPackIsNamedAndRoundTripsByName() throws {
        let agenda = try Self.importing(rules: "\"panel\"")
        #expect(agenda.rules == .conferencePanel)
        let json = String(decoding: agenda.canonicalJSON(), as: UTF8.self)
        #expect(json.contains("\"rules\" : \"panel\"") || json.contains("\"rules\": \"panel\""))
        #expect(try AgendaImporter.importAgenda(agenda.canonicalJSON(), format: .json).agenda == agenda)
    }

    @Test func aPackBasedOnABuiltInOneChangesOnlyWhatItSays() throws {
        let agenda = try Self.importing(
            rules: """
                {"base": "un-ga", "order": "precedence",
                 "speechTypes": [{"id": "statement", "name": "Statement", "limit": "5m"},
                                 {"id": "motion", "name": "Procedural motion", "limits": ["2m", "1m"]}]}
                """
        )
        #expect(agenda.rules.order == .precedence)
        #expect(agenda.rules.speechType("statement")?.limits == [.minutes(5)])
        #expect(agenda.rules.speechType("reply") == RulesPack.unGeneralAssembly.speechType("reply"))
        #expect(agenda.rules.speechType("motion")?.limit(after: 3) == .minutes(1))
        #expect(agenda.rules.ranks == RulesPack.unGeneralAssembly.ranks)
        // Written whole, it reads back equal.
        #expect(try AgendaImporter.importAgenda(agenda.canonicalJSON(), format: .json).agenda == agenda)
    }

    @Test(arguments: [
        ("\"robert\"", "unknown rules 'robert'"),
        ("{\"base\": \"nope\"}", "unknown base rules 'nope'"),
        ("{\"speechTypes\": [{\"id\": \"q\", \"placement\": \"interruption\"}]}", "no speech type placed on the list"),
        ("{\"speechTypes\": [{\"id\": \"Statement!\"}]}", "lowercase letters, digits and hyphens"),
        ("{\"base\": \"un-ga\", \"speechTypes\": [{\"id\": \"reply\", \"limits\": [\"0s\"]}]}", "not longer than zero"),
        ("{\"base\": \"un-ga\", \"ranks\": [\"a\", \"a\"]}", "a rank is listed twice"),
    ])
    func aBadPackIsRefusedSayingWhy(rules: String, words: String) {
        let error = #expect(throws: AgendaImportError.self) { try Self.importing(rules: rules) }
        #expect(error?.description.contains(words) == true, "\(error?.description ?? "")")
    }

    @Test func anItemsListIsReadCheckedAndRoundTrips() throws {
        let agenda = try Self.importing(
            rules: nil,
            list: """
                {"order": "precedence", "closed": true, "speakers": [
                  {"name": "H.E. Mr. A", "delegation": "Austria", "rank": "minister", "time": "12m"},
                  {"name": "France", "type": "reply"}]}
                """
        )
        let list = agenda.items[0].list
        #expect(list.order == .precedence && list.closed)
        #expect(
            list.speakers == [
                Inscription(speaker: "H.E. Mr. A", delegation: "Austria", rank: "minister", time: .minutes(12)),
                Inscription(speaker: "France", speech: "reply"),
            ]
        )
        #expect(try AgendaImporter.importAgenda(agenda.canonicalJSON(), format: .json).agenda == agenda)
    }

    @Test(arguments: [
        (
            "{\"speakers\": [{\"name\": \"A\", \"type\": \"sermon\"}]}",
            "speaker 1: the rules 'un-ga' have no speech type 'sermon'"
        ),
        (
            "{\"speakers\": [{\"name\": \"A\"}, {\"name\": \"B\", \"rank\": \"emperor\"}]}",
            "speaker 2: unknown rank 'emperor'"
        ),
        ("{\"speakers\": [{\"name\": \"A\", \"type\": \"point-of-order\"}]}", "interrupts the floor"),
        ("{\"order\": \"alphabetical\"}", "list"),
    ])
    func aBadListIsRefusedNamingTheItemAndTheSpeaker(list: String, words: String) {
        let error = #expect(throws: AgendaImportError.self) { try Self.importing(rules: nil, list: list) }
        #expect(error?.description.contains(words) == true, "\(error?.description ?? "")")
    }

    // MARK: - A list from a spreadsheet

    @Test func aSpreadsheetsListIsReadInAnyColumnOrder() throws {
        let csv = """
            \u{FEFF}Delegation;Name;Rank;Minutes;Type
            Austria;"H.E. Mr. A, Minister";Minister;5;
            ;Ms. B;;;reply

            Chile;Mr. C;;2m30s;statement
            """
        let inscriptions = try SpeakersListCSV.inscriptions(in: csv)
        #expect(
            inscriptions == [
                Inscription(
                    speaker: "H.E. Mr. A, Minister",
                    delegation: "Austria",
                    rank: "minister",
                    time: .minutes(5)
                ),
                Inscription(speaker: "Ms. B", speech: "reply"),
                Inscription(speaker: "Mr. C", delegation: "Chile", speech: "statement", time: .seconds(150)),
            ]
        )
    }

    @Test(arguments: [
        ("", "the file is empty"),
        ("delegation,rank\nAustria,minister", "line 1: the first row names no 'name' column"),
        ("name,time\nA,5\nB,soon", "line 3: 'soon' is not a time"),
        ("name,delegation\n,Austria", "line 2: no name in column 1"),
        ("name\n", "a header but no speakers"),
        ("name\n\"A", "line 2: a quoted cell never closes"),
    ])
    func aBadSpreadsheetIsRefusedWithItsLine(csv: String, words: String) {
        let error = #expect(throws: SpeakersListCSV.Problem.self) { try SpeakersListCSV.inscriptions(in: csv) }
        #expect(error?.description.contains(words) == true, "\(error?.description ?? "")")
    }
}
