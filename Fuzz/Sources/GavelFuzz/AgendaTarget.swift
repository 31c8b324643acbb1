import Foundation
import GavelCore
import GavelProtocol

/// The `text`, `csv` and `json` targets: every importer through `AgendaImporter.importAgenda`,
/// so the shared assembler rules run too. An accepted agenda must keep the promises the rest of
/// Gavel relies on, survive its canonical JSON unchanged, and run as a meeting.
enum AgendaTarget {
    /// A caller that passes the machine's zone and today's date, as `gavel agenda check` does,
    /// so inputs without a zone or a date still reach the assembler's later rules.
    static let options = AgendaImportOptions(
        fallbackTimeZone: "Europe/Zurich",
        fallbackDate: LocalDate(year: 2018, month: 5, day: 21)
    )

    static func run(_ data: Data, format: AgendaFormat) {
        let imported: ImportedAgenda
        do {
            imported = try AgendaImporter.importAgenda(data, format: format, options: options)
        } catch {
            require(!error.errors.isEmpty, "an import failed without an error: \(error.diagnostics)")
            return
        }
        require(imported.warnings.allSatisfy { $0.severity == .warning }, "an accepted import carries errors")
        AgendaProperties.check(imported.agenda)
        AgendaProperties.runsAsMeeting(imported.agenda)
    }
}

/// What any agenda that passed the importer must satisfy.
enum AgendaProperties {
    static func check(_ agenda: Agenda) {
        require(!agenda.items.isEmpty, "an imported agenda has no items")
        require(
            !agenda.title.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            "an imported agenda has no title"
        )
        require(VenueTimeZone(identifier: agenda.timeZone) != nil, "'\(agenda.timeZone)' is not a usable zone")
        require(Set(agenda.items.map(\.id)).count == agenda.items.count, "item ids repeat: \(agenda.items.map(\.id))")
        for (index, item) in agenda.items.enumerated() {
            require(!item.id.isEmpty, "item \(index) has an empty id")
            require(item.start < item.end, "item \(index) '\(item.start)-\(item.end)' has no positive length")
            if index > 0 {
                let previous = agenda.items[index - 1]
                require(
                    previous.date < item.date || (previous.date == item.date && previous.end <= item.start),
                    "items \(index - 1) and \(index) are out of order or overlap"
                )
            }
            require(agenda.itemAlerts(for: item).problem == nil, "item \(index) has unusable alert thresholds")
            require(agenda.floorAlerts(for: item).problem == nil, "item \(index) has unusable floor thresholds")
        }

        // import(export(a)) == a, and the export is canonical: the same bytes again.
        let json = agenda.canonicalJSON()
        let reimported: ImportedAgenda
        do {
            reimported = try AgendaImporter.importAgenda(json, format: .json)
        } catch {
            fatalError(
                "property violated: the canonical JSON of an accepted agenda does not import: \(error)\n"
                    + String(decoding: json, as: UTF8.self)
            )
        }
        require(
            reimported.agenda == agenda,
            "the canonical JSON round trip changed the agenda:\n"
                + "before: \(agenda)\nafter:  \(reimported.agenda)\njson: \(String(decoding: json, as: UTF8.self))"
        )
        require(reimported.agenda.canonicalJSON() == json, "exporting the re-imported agenda gives other bytes")
    }

    /// Starts the agenda at its planned start, gives the floor, moves on, and reads everything
    /// the daemon would send: a valid agenda must never trap the meeting or its messages.
    static func runsAsMeeting(_ agenda: Agenda) {
        var state = MeetingState(agenda: agenda)
        let zone = agenda.venueTimeZone
        var now = zone.instant(on: agenda.items[0].date, at: agenda.items[0].start)
        let script: [MeetingCommand] = [.start, .grantFloor(speaker: "Fuzz", duration: nil), .next, .endMeeting]
        for command in script {
            now = now + .seconds(90)
            _ = try? state.apply(command, now: now)
            _ = state.schedule(at: now)
            _ = state.alerts(from: now - .seconds(90), to: now)
            _ = WireCoding.encode(StateMessage(state: state, meetingID: 1, seq: Int64(state.sequence), at: now))
        }
    }
}
