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
/// | `audience`  | `everyone` or `speaker`: messageShown, blackoutStarted, displaysFlashed (schema 3; |
/// |             | NULL, as in every row written before, is everyone)           |
/// | `item`      | also the list's item: speakerQueued, listClosed, listReopened (schema 4; NULL in |
/// |             | older speakerQueued rows, which meant the list then current) |
/// | `delegation`| floorGranted, floorInterrupted, speakerQueued (schema 4)      |
/// | `speech`    | the speech type's id: the same (schema 4; NULL is the rules' default) |
/// | `rank`      | speakerQueued's rank of precedence (schema 4)               |
/// | `text`      | also ruleOverridden's rule name                             |
/// | `item`, `name`, `amount_ms` | budgetAdjusted's item, group and signed change       |
/// | `amount_ms` | planAccepted's hard end, in ms since the epoch                  |
/// | `item`, `amount_ms` | itemAllotted's item and whole allotment; speakerLimitSet's item and limit |
/// | `item`      | itemDropped's item                                           |
/// | `item`, `agenda` | itemInserted's index and the new item (its canonical JSON); the same for |
/// |             | itemReplanned (the item as re-planned)                       |
/// | `item`, `to_index` | itemMoved's index and destination; itemRemoved has `item` only |
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
    var audience: String?
    var delegation: String?
    var speech: String?
    var rank: String?

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
        case .floorGranted(let speaker, let duration, let speechType, let speakerDelegation, _):
            name = speaker
            amountMilliseconds = duration.milliseconds
            speech = speechType
            delegation = speakerDelegation
        case .floorInterrupted(let speaker, let duration, let speechType, let speakerDelegation, _):
            name = speaker
            amountMilliseconds = duration.milliseconds
            speech = speechType
            delegation = speakerDelegation
        case .floorAdjusted(let delta, _):
            amountMilliseconds = delta.milliseconds
        case .speakerQueued(
            let id,
            let speaker,
            let time,
            let listItem,
            let speakerDelegation,
            let speechType,
            let speakerRank,
            _
        ):
            entryID = id
            name = speaker
            amountMilliseconds = time?.milliseconds
            item = listItem
            delegation = speakerDelegation
            speech = speechType
            rank = speakerRank
        case .listClosed(let listItem, _), .listReopened(let listItem, _):
            item = listItem
        case .ruleOverridden(let rule, _):
            text = rule
        case .budgetAdjusted(let budgetItem, let group, let delta, _):
            item = budgetItem
            name = group
            amountMilliseconds = delta.milliseconds
        case .planAccepted(let end, _):
            amountMilliseconds = end.millisecondsSinceEpoch
        case .itemAllotted(let planItem, let allotted, _):
            item = planItem
            amountMilliseconds = allotted.milliseconds
        case .itemDropped(let planItem, _):
            item = planItem
        case .speakerLimitSet(let planItem, let limit, _):
            item = planItem
            amountMilliseconds = limit.milliseconds
        case .speakerUnqueued(let id, _):
            entryID = id
        case .speakerMoved(let id, let destination, _):
            entryID = id
            toIndex = destination
        case .messageShown(let message, let messageAudience, _):
            text = message
            audience = Self.column(messageAudience)
        case .blackoutStarted(let blackoutAudience, _), .displaysFlashed(let blackoutAudience, _):
            audience = Self.column(blackoutAudience)
        case .itemInserted(let newItem, let index, _), .itemReplanned(let index, let newItem, _):
            item = index
            agenda = newItem.journalText
        case .itemRemoved(let index, _):
            item = index
        case .itemMoved(let index, let destination, _):
            item = index
            toIndex = destination
        case .meetingPaused, .meetingResumed, .floorPaused, .floorResumed, .floorYielded, .messageCleared,
            .blackoutEnded, .meetingEnded:
            break
        }
    }

    /// Everyone is NULL, as in the rows written before schema 3 had the column: a message to
    /// everyone is stored exactly as it always was.
    private static func column(_ audience: DisplayAudience) -> String? {
        audience == .everyone ? nil : audience.rawValue
    }

    // MARK: - Writing

    static let insertSQL = """
        INSERT INTO events (meeting_id, command_id, kind, at_ms, wall_ms, mono_ns,
                            item, amount_ms, name, entry_id, to_index, text, plan_date, agenda, audience,
                            delegation, speech, rank)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// The arguments of `insertSQL` for this event.
    func insertArguments(
        meeting: Int64,
        commandID: String?,
        wall: Instant,
        monotonicNanoseconds: Int64
    )
        -> StatementArguments
    {
        [
            meeting, commandID, kind, at.millisecondsSinceEpoch, wall.millisecondsSinceEpoch, monotonicNanoseconds,
            item, amountMilliseconds, name, entryID, toIndex, text, planDate, agenda, audience,
            delegation, speech, rank,
        ]
    }

    // MARK: - Reading

    /// The columns `init(row:)` reads, in this order, from a journal at `schema`: one read as it
    /// is (read-only, before schema 3) has no `audience`, and every row in it is for everyone.
    static func selectColumns(schema: Int) -> String {
        "seq, kind, at_ms, item, amount_ms, name, entry_id, to_index, text, plan_date, agenda, "
            + (schema >= 3 ? "audience" : "NULL AS audience")
            + (schema >= 4 ? ", delegation, speech, rank" : ", NULL AS delegation, NULL AS speech, NULL AS rank")
    }

    /// Decodes a row selected with `selectColumns`. A row this build cannot read (a kind from a
    /// newer Gavel, a missing field) is an error naming its seq: skipping it would replay a
    /// different meeting from the one that was acknowledged.
    static func event(from row: Row, journal path: String) throws -> MeetingEvent {
        let seq: Int64 = try row.decode(atIndex: 0)
        do {
            return try EventColumns(row: row).event()
        } catch let problem as Unreadable {
            throw JournalError.unreadableEvent(path, seq: seq, reason: problem.reason)
        }
    }

    /// Why a row's columns are not an event, said of the row ("its item is missing").
    struct Unreadable: Error {
        var reason: String
    }

    /// The columns of a row selected with `selectColumns`, as they are.
    init(row: Row) throws {
        guard let kind: String = try row.decode(atIndex: 1) else { throw Unreadable(reason: "its kind is missing") }
        guard let at: Int64 = try row.decode(atIndex: 2) else { throw Unreadable(reason: "its at_ms is missing") }
        self.kind = kind
        self.at = Instant(millisecondsSinceEpoch: at)
        item = try row.decode(atIndex: 3)
        amountMilliseconds = try row.decode(atIndex: 4)
        name = try row.decode(atIndex: 5)
        entryID = try row.decode(atIndex: 6)
        toIndex = try row.decode(atIndex: 7)
        text = try row.decode(atIndex: 8)
        planDate = try row.decode(atIndex: 9)
        agenda = try row.decode(atIndex: 10)
        audience = try row.decode(atIndex: 11)
        delegation = try row.decode(atIndex: 12)
        speech = try row.decode(atIndex: 13)
        rank = try row.decode(atIndex: 14)
    }

    /// The event these columns hold; throws `Unreadable` when they hold none this build knows.
    func event() throws -> MeetingEvent {
        func required<Value>(_ value: Value?, _ column: String) throws -> Value {
            guard let value else { throw Unreadable(reason: "its \(column) is missing") }
            return value
        }
        func index() throws -> Int { try required(item, "item") }
        func amount() throws -> Duration { .milliseconds(try required(amountMilliseconds, "amount_ms")) }
        func speaker() throws -> String { try required(name, "name") }
        func entry() throws -> Int { try required(entryID, "entry_id") }
        func displays() throws -> DisplayAudience {
            guard let audience else { return .everyone }
            guard let value = DisplayAudience(rawValue: audience) else {
                throw Unreadable(
                    reason: "its audience '\(audience)' is unknown to this Gavel (written by a newer one?)"
                )
            }
            return value
        }
        func agendaItem() throws -> AgendaItem {
            let text = try required(agenda, "agenda")
            do {
                return try AgendaItem(journalText: text)
            } catch {
                throw Unreadable(reason: "its item is not valid (\(JournalError.reason(for: error)))")
            }
        }
        switch kind {
        case "agendaReplaced":
            let text = try required(agenda, "agenda")
            do {
                return .agendaReplaced(try Agenda(journalText: text), at: at)
            } catch {
                throw Unreadable(reason: "its agenda is not valid (\(JournalError.reason(for: error)))")
            }
        case "meetingStarted":
            let text = try required(planDate, "plan_date")
            guard let date = LocalDate(iso: text) else {
                throw Unreadable(reason: "its plan_date '\(text)' is not a date")
            }
            return .meetingStarted(at: at, planDate: date)
        case "itemStarted": return .itemStarted(index: try index(), at: at)
        case "itemEnded": return .itemEnded(index: try index(), at: at)
        case "meetingPaused": return .meetingPaused(at: at)
        case "meetingResumed": return .meetingResumed(at: at)
        case "itemAdjusted": return .itemAdjusted(index: try index(), by: try amount(), at: at)
        case "floorGranted":
            return .floorGranted(
                speaker: try speaker(),
                duration: try amount(),
                speech: speech,
                delegation: delegation,
                at: at
            )
        case "floorInterrupted":
            return .floorInterrupted(
                speaker: try speaker(),
                duration: try amount(),
                speech: try required(speech, "speech"),
                delegation: delegation,
                at: at
            )
        case "floorAdjusted": return .floorAdjusted(by: try amount(), at: at)
        case "floorPaused": return .floorPaused(at: at)
        case "floorResumed": return .floorResumed(at: at)
        case "floorYielded": return .floorYielded(at: at)
        case "speakerQueued":
            let time = amountMilliseconds.map { Duration.milliseconds($0) }
            return .speakerQueued(
                id: try entry(),
                speaker: try speaker(),
                time: time,
                item: item,
                delegation: delegation,
                speech: speech,
                rank: rank,
                at: at
            )
        case "speakerUnqueued": return .speakerUnqueued(id: try entry(), at: at)
        case "speakerMoved": return .speakerMoved(id: try entry(), toIndex: try required(toIndex, "to_index"), at: at)
        case "listClosed": return .listClosed(item: try index(), at: at)
        case "listReopened": return .listReopened(item: try index(), at: at)
        case "ruleOverridden": return .ruleOverridden(rule: try required(text, "text"), at: at)
        case "budgetAdjusted":
            return .budgetAdjusted(item: try index(), group: try speaker(), by: try amount(), at: at)
        case "planAccepted":
            return .planAccepted(end: Instant(millisecondsSinceEpoch: try amount().milliseconds), at: at)
        case "itemAllotted": return .itemAllotted(item: try index(), allotted: try amount(), at: at)
        case "itemDropped": return .itemDropped(item: try index(), at: at)
        case "speakerLimitSet": return .speakerLimitSet(item: try index(), limit: try amount(), at: at)
        case "messageShown": return .messageShown(try required(text, "text"), audience: try displays(), at: at)
        case "messageCleared": return .messageCleared(at: at)
        case "blackoutStarted": return .blackoutStarted(audience: try displays(), at: at)
        case "blackoutEnded": return .blackoutEnded(at: at)
        case "displaysFlashed": return .displaysFlashed(audience: try displays(), at: at)
        case "meetingEnded": return .meetingEnded(at: at)
        case "itemInserted": return .itemInserted(try agendaItem(), index: try index(), at: at)
        case "itemRemoved": return .itemRemoved(index: try index(), at: at)
        case "itemMoved": return .itemMoved(index: try index(), toIndex: try required(toIndex, "to_index"), at: at)
        case "itemReplanned": return .itemReplanned(index: try index(), try agendaItem(), at: at)
        default:
            throw Unreadable(reason: "its kind '\(kind)' is unknown to this Gavel (written by a newer one?)")
        }
    }
}

extension Journal {
    /// Each event put in the journal's columns and read back from them, as an append and a
    /// restart do, without SQLite between: for the fuzzer, which checks every event it makes
    /// (Fuzz/Sources/GavelFuzz/ReplayTarget.swift). Through a journal in memory the `replay`
    /// target ran 10 inputs a second rather than 400: opening one costs ~10 ms under the
    /// sanitizers, and what SQLite keeps sets off libFuzzer's leak check after every input.
    @_spi(Fuzzing) public static func throughColumns(_ events: [MeetingEvent]) throws -> [MeetingEvent] {
        try events.map { try EventColumns($0).event() }
    }
}
