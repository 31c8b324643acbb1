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

// An item added or re-planned during the meeting (`itemInserted`, `itemReplanned`) is stored the
// same way, in `events.agenda`: the item's canonical JSON, as it appears in an agenda file.
extension AgendaItem {
    var journalText: String {
        // Encoding strings, times and durations cannot fail.
        String(decoding: (try? CanonicalJSONEncoder().encode(self)) ?? Data(), as: UTF8.self)
    }

    init(journalText: String) throws {
        self = try JSONDecoder().decode(AgendaItem.self, from: Data(journalText.utf8))
    }
}
