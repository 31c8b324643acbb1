import ArgumentParser
import Foundation
import GavelCore

/// The options every command that reads an agenda file shares.
struct AgendaImportArguments: ParsableArguments {
    @Option(
        name: .customLong("time-zone"),
        help: ArgumentHelp(
            "The venue's IANA time zone, e.g. Europe/Zurich, for a file that names none and whose venue "
                + "is not a known city. Without it, this machine's zone is assumed, with a warning.",
            valueName: "zone"
        )
    )
    var timeZone: String?

    @Option(
        help: ArgumentHelp(
            "Read the file as this format instead of guessing from its name and content.",
            valueName: "format"
        )
    )
    var format: AgendaFileFormat?

    func validate() throws {
        if let timeZone, VenueTimeZone(identifier: timeZone) == nil {
            throw ValidationError(
                "'\(timeZone)' is not an IANA time zone; use a name such as America/New_York or Europe/Zurich"
            )
        }
    }

    /// The import options, with the machine's zone and today's date there as fallbacks.
    ///
    /// Reading the machine's clock and zone is I/O, so it happens here and not in GavelCore.
    func importOptions(now: Date = Date(), machineZone: TimeZone = .current) -> AgendaImportOptions {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = machineZone
        let today = calendar.dateComponents([.year, .month, .day], from: now)
        return AgendaImportOptions(
            timeZone: timeZone,
            fallbackTimeZone: machineZone.identifier,
            fallbackDate: LocalDate(year: today.year ?? 1970, month: today.month ?? 1, day: today.day ?? 1)
        )
    }
}

/// `--format`: the formats a person names on the command line.
enum AgendaFileFormat: String, CaseIterable, ExpressibleByArgument {
    case text
    case csv
    case json

    var agendaFormat: AgendaFormat {
        switch self {
        case .text: .text
        case .csv: .csv
        case .json: .json
        }
    }
}
