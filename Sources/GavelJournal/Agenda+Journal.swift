import Foundation
import GavelCore

// Agendas are stored as their canonical JSON: readable with sqlite3, the same bytes as an
// exported agenda file, and rare enough (one per meeting or agenda change) that decoding speed
// does not matter.
extension Agenda {
    /// The canonical JSON text stored in `meetings.agenda` and `events.agenda`.
    var journalText: String {
        String(decoding: canonicalJSON(), as: UTF8.self)
    }

    init(journalText: String) throws {
        self = try JSONDecoder().decode(Agenda.self, from: Data(journalText.utf8))
    }
}
