import GRDB
import GavelCore

/// One `MeetingEvent` as the typed columns of an `events` row, and back.
///
/// Every case maps to a few columns, the others stay NULL. Typed columns rather than a JSON blob
/// because a restart replays the whole journal, and decoding JSON per row with Foundation on Linux
/// is far too slow for that. The same column holds the same kind of value across cases:
///
/// | column      | holds                                                        |
/// |-------------|--------------------------------------------------------------|
/// | `item`      | agenda item index: itemStarted, itemEnded, itemAdjusted      |
/// | `amount_ms` | a duration in ms: adjustments (signed), grants, queued time  |
/// | `name`      | a speaker's name: floorGranted, speakerQueued                |
/// | `entry_id`  | a queue entry's id: speakerQueued, speakerUnqueued, speakerMoved |
/// | `to_index`  | speakerMoved's 0-based destination                           |
/// | `text`      | messageShown's text                                          |
/// | `plan_date` | meetingStarted's plan date, `YYYY-MM-DD`                     |
/// | `agenda`    | agendaReplaced's agenda, canonical JSON                      |
struct EventColumns: Equatable {
    var kind: String
    var at: Instant
    var item: Int?
    var amountMilliseconds: Int64?
    var name: String?
    var entryID: Int?
    var toIndex: Int?
    var text: String?
    var planDate: String?
    var agenda: String?

    init(_ event: MeetingEvent) {
        kind = event.kind
        at = event.at
        switch event {
        case .agendaReplaced(let newAgenda, _):
            agenda = newAgenda.journalText
        case .meetingStarted(_, let date):
            planDate = date.description
        case .itemStarted(let index, _), .itemEnded(let index, _):
            item = index
        case .itemAdjusted(let index, let delta, _):
            item = index
            amountMilliseconds = delta.milliseconds
        case .floorGranted(let speaker, let duration, _):
            name = speaker
            amountMilliseconds = duration.milliseconds
        case .floorAdjusted(let delta, _):
            amountMilliseconds = delta.milliseconds
        case .speakerQueued(let id, let speaker, let time, _):
            entryID = id
            name = speaker
            amountMilliseconds = time?.milliseconds
        case .speakerUnqueued(let id, _):
            entryID = id
        case .speakerMoved(let id, let destination, _):
            entryID = id
            toIndex = destination
        case .messageShown(let message, _):
            text = message
        case .meetingPaused, .meetingResumed, .floorPaused, .floorResumed, .floorYielded, .messageCleared,
             .meetingEnded:
            break
        }
    }

    // MARK: - Writing

    static let insertSQL = """
        INSERT INTO events (meeting_id, command_id, kind, at_ms, wall_ms, mono_ns,
                            item, amount_ms, name, entry_id, to_index, text, plan_date, agenda)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// The arguments of `insertSQL` for this event.
    func insertArguments(meeting: Int64, commandID: String?, wall: Instant, monotonicNanoseconds: Int64)
        -> StatementArguments {
        [
            meeting, commandID, kind, at.millisecondsSinceEpoch, wall.millisecondsSinceEpoch, monotonicNanoseconds,
            item, amountMilliseconds, name, entryID, toIndex, text, planDate, agenda,
        ]
    }

    // MARK: - Reading

    /// The columns `event(from:journal:)` reads, in this order.
    static let selectColumns = "seq, kind, at_ms, item, amount_ms, name, entry_id, to_index, text, plan_date, agenda"

    /// Decodes a row selected with `selectColumns`. A row this build cannot read (a kind from a
    /// newer Gavel, a missing field) is an error naming its seq: skipping it would replay a
    /// different meeting from the one that was acknowledged.
    static func event(from row: Row, journal path: String) throws -> MeetingEvent {
        let seq: Int64 = try row.decode(atIndex: 0)
        let fields = FieldReader(row: row, seq: seq, path: path)
        let kind = try fields.string(1, "kind")
        let at = Instant(millisecondsSinceEpoch: try fields.int64(2, "at_ms"))
        switch kind {
        case "agendaReplaced":
            let text = try fields.string(10, "agenda")
            do {
                return .agendaReplaced(try Agenda(journalText: text), at: at)
            } catch {
                let reason = "its agenda is not valid (\(JournalError.reason(for: error)))"
                throw JournalError.unreadableEvent(path, seq: seq, reason: reason)
            }
        case "meetingStarted":
            let text = try fields.string(9, "plan_date")
            guard let date = LocalDate(iso: text) else {
                throw JournalError.unreadableEvent(path, seq: seq, reason: "its plan_date '\(text)' is not a date")
            }
            return .meetingStarted(at: at, planDate: date)
        case "itemStarted": return .itemStarted(index: try fields.int(3, "item"), at: at)
        case "itemEnded": return .itemEnded(index: try fields.int(3, "item"), at: at)
        case "meetingPaused": return .meetingPaused(at: at)
        case "meetingResumed": return .meetingResumed(at: at)
        case "itemAdjusted":
            return .itemAdjusted(index: try fields.int(3, "item"), by: try fields.duration(4, "amount_ms"), at: at)
        case "floorGranted":
            return .floorGranted(
                speaker: try fields.string(5, "name"), duration: try fields.duration(4, "amount_ms"), at: at)
        case "floorAdjusted": return .floorAdjusted(by: try fields.duration(4, "amount_ms"), at: at)
        case "floorPaused": return .floorPaused(at: at)
        case "floorResumed": return .floorResumed(at: at)
        case "floorYielded": return .floorYielded(at: at)
        case "speakerQueued":
            let time = row.hasNull(atIndex: 4) ? nil : try fields.duration(4, "amount_ms")
            return .speakerQueued(
                id: try fields.int(6, "entry_id"), speaker: try fields.string(5, "name"), time: time, at: at)
        case "speakerUnqueued": return .speakerUnqueued(id: try fields.int(6, "entry_id"), at: at)
        case "speakerMoved":
            return .speakerMoved(id: try fields.int(6, "entry_id"), toIndex: try fields.int(7, "to_index"), at: at)
        case "messageShown": return .messageShown(try fields.string(8, "text"), at: at)
        case "messageCleared": return .messageCleared(at: at)
        case "meetingEnded": return .meetingEnded(at: at)
        default:
            throw JournalError.unreadableEvent(
                path, seq: seq, reason: "its kind '\(kind)' is unknown to this Gavel (written by a newer one?)")
        }
    }
}

/// Reads the required fields of one row, naming the row and the field when one is missing.
private struct FieldReader {
    let row: Row
    let seq: Int64
    let path: String

    func int64(_ index: Int, _ column: String) throws -> Int64 {
        guard !row.hasNull(atIndex: index) else { throw missing(column) }
        return try row.decode(atIndex: index)
    }

    func int(_ index: Int, _ column: String) throws -> Int {
        guard !row.hasNull(atIndex: index) else { throw missing(column) }
        return try row.decode(atIndex: index)
    }

    func string(_ index: Int, _ column: String) throws -> String {
        guard !row.hasNull(atIndex: index) else { throw missing(column) }
        return try row.decode(atIndex: index)
    }

    func duration(_ index: Int, _ column: String) throws -> Duration {
        .milliseconds(try int64(index, column))
    }

    private func missing(_ column: String) -> JournalError {
        JournalError.unreadableEvent(path, seq: seq, reason: "its \(column) is missing")
    }
}
