import Foundation
import Testing

@testable import GavelCore

/// Inputs the fuzz targets (Fuzz/, docs/reliability.md) found to crash or break a property, each
/// kept as the smallest input that showed it. The same inputs seed Fuzz/Corpus.
@Suite struct FuzzRegressionTests {
    typealias F = ImportFixtures

    /// `M:SS` took any number of minutes: `922337203685477580:00` overflowed while parsing and
    /// `4972036854775807:30` when the duration was next written out. `ClientMessage.decode` parses
    /// durations, so one message from any client trapped the daemon.
    @Test(arguments: ["922337203685477580:00", "4972036854775807:30", "1000000:00", "9223372036854775807:00:00"])
    func clockDurationWithTooManyDigitsIsNotADuration(text: String) {
        #expect(DurationText.parse(text) == nil)
    }

    @Test func clockDurationWithSixDigitsStillParses() {
        #expect(DurationText.parse("999999:59") == .seconds(999_999 * 60 + 59))
        #expect(DurationText.parse("999999:59:59") == .seconds(999_999 * 3600 + 59 * 60 + 59))
    }

    @Test func csvSpeakerTimeWithTooManyDigitsIsAnError() throws {
        let csv = "date,start,end,title,speakerTime\n2018-05-21,10:00,11:00,Opening,922337203685477580:00\n"
        let error = F.importErrors(Data(csv.utf8), format: .csv, options: AgendaImportOptions(timeZone: "UTC"))

        #expect(
            error?.errors.map(\.description) == [
                "line 2: column 'speakerTime': '922337203685477580:00' is not a duration; "
                    + "write it as \(DurationText.acceptedForms)"
            ]
        )
    }

    /// A JSON agenda took any whole number of seconds; `Int64.max` imported, then trapped the
    /// canonical export (`gavel agenda check --json`, the daemon's check of `loadAgenda`).
    @Test(arguments: [
        (#""defaults":{"speakerTime":9223372036854775807},"#, "defaults.speakerTime"),
        (#""defaults":{"itemAlerts":{"reminderEvery":86401}},"#, "defaults.itemAlerts.reminderEvery"),
    ])
    func hugeWholeSecondsInAJSONAgendaAreAnError(fragment: String, path: String) {
        let json =
            #"{"title":"T","date":"2018-05-21","timeZone":"UTC",\#(fragment)"#
            + #""items":[{"title":"A","start":"10:00","end":"11:00"}]}"#
        let error = F.importErrors(Data(json.utf8), format: .json)

        #expect(error?.errors.first?.message.hasPrefix("\(path): a duration in seconds must be at most 86400") == true)
    }

    @Test func aDayOfWholeSecondsIsStillADuration() throws {
        let json =
            #"{"title":"T","date":"2018-05-21","timeZone":"UTC","defaults":{"speakerTime":86400},"#
            + #""items":[{"title":"A","start":"10:00","end":"11:00"}]}"#
        let imported = try AgendaImporter.importAgenda(Data(json.utf8), format: .json)

        #expect(imported.agenda.defaults.speakerTime == .seconds(86_400))
        #expect(
            try AgendaImporter.importAgenda(imported.agenda.canonicalJSON(), format: .json).agenda == imported.agenda
        )
    }
}
