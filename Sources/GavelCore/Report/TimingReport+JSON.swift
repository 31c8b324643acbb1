import Foundation

/// The report as JSON: the CSV's sections as arrays of objects, with the same names.
///
/// ```
/// {"format": "gavel.report.v1",
///  "meeting": {...}, "items": [{..., "runs": [...], "pauses": [...], "adjustments": [...],
///  "speakers": [...], "speechTypes": [...], "delegations": [...]}], "turns": [...], "speakers": [...],
///  "speechTypes": [...], "delegations": [...], "overrides": [...]}
/// ```
///
/// A meeting with plans to end on time, budgets or shares (`TimingRecord.usesPlanning`) adds
/// `hardEnd` to the meeting, `replanned…` and `budgets` to items, and `plans` and `shares` at the
/// end; any other meeting's JSON is as it was.
///
/// Keys are always written, in a fixed order, `null` when a value is not known (the end of the
/// item still running) or does not exist (the actual times of an item that never ran). Instants
/// are ISO 8601 in the venue's zone with its offset; each duration is two keys, exact seconds
/// (`"plannedSeconds": 2400`) and `m:ss` (`"plannedClock": "40:00"`). docs/reports.md has every key.
extension TimingReport {
    /// The version of the report's layout: a new key is added within it, a changed one is not.
    public static let jsonFormat = "gavel.report.v1"

    /// Pretty-printed JSON (two spaces), ending with a newline.
    public func json() -> [UInt8] {
        let data = (try? CanonicalJSONEncoder(prettyPrinted: true).encode(jsonValue)) ?? Data("{}".utf8)
        return Array(data) + [UInt8(ascii: "\n")]
    }

    var jsonValue: ReportJSON {
        var fields: [(String, ReportJSON)] = [
            ("format", .string(Self.jsonFormat)),
            ("meeting", meetingJSON),
            ("items", .array(zip(record.items, itemRows).map { itemJSON($0, $1) })),
            ("turns", .array(turnRows.map { rowJSON($0, Self.turnColumns) })),
            ("speakers", .array(speakerRows.map { rowJSON($0, Self.speakerColumns) })),
            ("speechTypes", .array(speechTypeRows.map { rowJSON($0, Self.speechTypeColumns) })),
            ("delegations", .array(delegationRows.map { rowJSON($0, Self.delegationColumns) })),
            ("overrides", .array(overrideRows.map { rowJSON($0, Self.overrideColumns) })),
        ]
        // Only when the agenda lost items during the meeting, so that other reports read as before.
        if !record.removedItems.isEmpty {
            fields.append(("removedItems", .array(removedItemRows.map { removedItemJSON($0) })))
        }
        // Plans, budgets and shares only when the meeting had any: other reports keep their bytes.
        if record.usesPlanning {
            fields.append(("plans", .array(zip(record.plans, planRows).map { planJSON($0, $1) })))
            fields.append(("shares", .array(record.shares.map(shareJSON))))
        }
        return .object(fields)
    }

    private func planJSON(_ plan: TimingRecord.Plan, _ row: Row) -> ReportJSON {
        var fields = Self.planColumns.flatMap { fieldsJSON(row, $0) }
        let items = planItemRows(plan, number: row.plan ?? 0)
        fields.append(("items", .array(items.map { rowJSON($0, Self.planItemColumns) })))
        return .object(fields)
    }

    private func shareJSON(_ share: FloorShare) -> ReportJSON {
        let rows = shareRows(share)
        return .object(
            [
                ("attribute", .string(share.attribute)),
                ("actualSeconds", .seconds(share.total)), ("actualClock", .string(DurationText.clock(share.total))),
                ("values", .array(rows.map { rowJSON($0, Self.shareColumns) })),
            ]
        )
    }

    private var meetingJSON: ReportJSON {
        let row = meetingRow
        var fields: [(String, ReportJSON)] = [
            ("id", record.meetingID.map { .int(Int($0)) } ?? .null),
            ("title", .string(record.title)),
            ("subtitle", record.subtitle.map(ReportJSON.string) ?? .null),
            ("venue", record.venue.map(ReportJSON.string) ?? .null),
            ("timeZone", .string(record.timeZone)),
            ("agendaDate", .string(record.agendaDate.description)),
            ("planDate", .string(record.planDate.description)),
            ("dateShifted", .bool(record.dateShifted)),
            ("asOf", .string(iso(record.asOf))),
        ]
        fields += Self.meetingColumns.flatMap { fieldsJSON(row, $0) }
        if record.usesPlanning { fields += fieldsJSON(row, .hardEnd) }
        return .object(fields)
    }

    private func removedItemJSON(_ row: Row) -> ReportJSON {
        var fields: [(String, ReportJSON)] = [("id", .string(row.item ?? ""))]
        fields += [Column.title, .kind, .plannedStart, .plannedEnd, .planned, .originalStart, .originalEnd]
            .flatMap { fieldsJSON(row, $0) }
        fields += [("removedAt", row.at.map { .string(iso($0)) } ?? .null)]
        return .object(fields)
    }

    private func itemJSON(_ item: TimingRecord.Item, _ row: Row) -> ReportJSON {
        var fields: [(String, ReportJSON)] = [("index", .int(item.index)), ("id", .string(item.id))]
        fields += Self.itemColumns.flatMap { fieldsJSON(row, $0) }
        // Only in reports of meetings whose agenda was edited, so that the others read as before.
        if record.hasReplannedItems {
            fields += [Column.edited, .originalStart, .originalEnd].flatMap { fieldsJSON(row, $0) }
        }
        if record.usesPlanning { fields += fieldsJSON(row, .replanned) }
        fields.append(
            (
                "runs",
                .array(
                    item.runs.map { run in
                        .object([
                            ("start", .string(iso(run.start))), ("end", run.end.map { .string(iso($0)) } ?? .null),
                        ])
                    }
                )
            )
        )
        fields.append(("pauses", pausesJSON(item.pauses)))
        fields.append(("adjustments", adjustmentsJSON(item.adjustments)))
        let speakers = item.speakers.map { speakerRow(.itemSpeaker, $0, item: item.id) }
        fields.append(("speakers", .array(speakers.map { rowJSON($0, Self.speakerColumns) })))
        let types = item.speechTypes.map { speechTypeRow(.itemSpeechType, $0, item: item.id) }
        fields.append(("speechTypes", .array(types.map { rowJSON($0, Self.speechTypeColumns) })))
        let delegations = item.delegations.map { speakerRow(.itemDelegation, $0, item: item.id) }
        fields.append(("delegations", .array(delegations.map { rowJSON($0, Self.delegationColumns) })))
        if record.usesPlanning {
            let budgets = record.budgets.filter { $0.itemIndex == item.index }.map(budgetRow)
            fields.append(("budgets", .array(budgets.map { rowJSON($0, Self.budgetColumns) })))
        }
        return .object(fields)
    }

    private func rowJSON(_ row: Row, _ columns: [Column]) -> ReportJSON {
        .object(
            columns.flatMap { column -> [(String, ReportJSON)] in
                switch column {
                case .pauses: [("pauses", pausesJSON(row.pauses ?? []))]
                case .adjustments: [("adjustments", adjustmentsJSON(row.adjustments ?? []))]
                case .interruptedSpans: [("interruptedSpans", pausesJSON(row.interruptedSpans ?? []))]
                default: fieldsJSON(row, column)
                }
            }
        )
    }

    /// The key (or, for a duration, the two keys) of one column.
    private func fieldsJSON(_ row: Row, _ column: Column) -> [(String, ReportJSON)] {
        if column.isDuration {
            let duration = duration(row, column)
            return [
                (column.rawValue + "Seconds", duration.map(ReportJSON.seconds) ?? .null),
                (column.rawValue + "Clock", duration.map { .string(DurationText.clock($0)) } ?? .null),
            ]
        }
        let value: ReportJSON =
            switch column {
            case .item: row.item.map(ReportJSON.string) ?? .null
            case .title: row.title.map(ReportJSON.string) ?? .null
            case .kind: row.kind.map(ReportJSON.string) ?? .null
            case .status: row.status.map(ReportJSON.string) ?? .null
            case .turn: row.turn.map(ReportJSON.int) ?? .null
            case .speaker: row.speaker.map(ReportJSON.string) ?? .null
            case .turns: row.turns.map(ReportJSON.int) ?? .null
            case .plannedStart: instantJSON(row.plannedStart)
            case .plannedEnd: instantJSON(row.plannedEnd)
            case .originalStart: instantJSON(row.originalStart)
            case .originalEnd: instantJSON(row.originalEnd)
            case .edited: row.edited.map(ReportJSON.string) ?? .null
            case .actualStart: instantJSON(row.actualStart)
            case .actualEnd: instantJSON(row.actualEnd)
            case .projectedEnd: instantJSON(row.projectedEnd)
            case .speech: row.speech.map(ReportJSON.string) ?? .null
            case .speechName: row.speechName.map(ReportJSON.string) ?? .null
            case .delegation: row.delegation.map(ReportJSON.string) ?? .null
            case .interrupts: row.interrupts.map(ReportJSON.int) ?? .null
            case .interruptions: row.interruptions.map(ReportJSON.int) ?? .null
            case .overLimit: row.overLimit.map(ReportJSON.int) ?? .null
            case .rule: row.rule.map(ReportJSON.string) ?? .null
            case .at: instantJSON(row.at)
            case .hardEnd: instantJSON(row.hardEnd)
            case .plan: row.plan.map(ReportJSON.int) ?? .null
            case .group: row.group.map(ReportJSON.string) ?? .null
            case .attribute: row.attribute.map(ReportJSON.string) ?? .null
            case .value: row.value.map(ReportJSON.string) ?? .null
            case .percent: row.percent.map(ReportJSON.percent) ?? .null
            case .target: row.target.map(ReportJSON.percent) ?? .null
            default: .null
            }
        return [(column.rawValue, value)]
    }

    private func instantJSON(_ instant: Instant?) -> ReportJSON {
        instant.map { .string(iso($0)) } ?? .null
    }

    private func pausesJSON(_ pauses: [Interval]) -> ReportJSON {
        .array(
            pauses.map { pause in
                let length = pause.length(at: record.asOf)
                return .object([
                    ("start", .string(iso(pause.start))), ("end", instantJSON(pause.end)),
                    ("seconds", .seconds(length)), ("clock", .string(DurationText.clock(length))),
                ])
            }
        )
    }

    private func adjustmentsJSON(_ adjustments: [Adjustment]) -> ReportJSON {
        .array(
            adjustments.map { adjustment in
                .object([
                    ("at", .string(iso(adjustment.at))), ("seconds", .seconds(adjustment.by)),
                    ("clock", .string(DurationText.clock(adjustment.by))),
                ])
            }
        )
    }

    static let meetingColumns: [Column] = [
        .status, .turns, .plannedStart, .plannedEnd, .actualStart, .actualEnd, .projectedEnd,
        .planned, .added, .actual, .difference, .paused, .speaking, .startDelay, .endDelay,
        .interruptions, .interrupted, .overLimit,
    ]
    static let itemColumns: [Column] = [
        .title, .kind, .status, .turns, .plannedStart, .plannedEnd, .actualStart, .actualEnd,
        .planned, .added, .allotted, .actual, .difference, .over, .paused, .speaking, .startDelay, .endDelay,
        .interruptions, .interrupted, .overLimit,
    ]
    static let turnColumns: [Column] = [
        .turn, .item, .speaker, .status, .actualStart, .actualEnd,
        .planned, .added, .allotted, .actual, .difference, .over, .paused, .pauses, .adjustments,
        .speech, .speechName, .delegation, .interrupts, .interruptions, .interrupted, .interruptedSpans,
    ]
    static let speakerColumns: [Column] = [
        .speaker, .turns, .planned, .added, .allotted, .actual, .difference, .over, .paused,
        .interruptions, .interrupted, .overLimit,
    ]
    static let speechTypeColumns: [Column] = [
        .speech, .speechName, .kind, .turns, .planned, .added, .allotted, .actual, .difference, .over, .paused,
        .interrupted, .overLimit,
    ]
    static let delegationColumns: [Column] = [
        .delegation, .turns, .planned, .added, .allotted, .actual, .difference, .over, .paused,
        .interruptions, .interrupted, .overLimit,
    ]
    static let overrideColumns: [Column] = [.rule, .at, .item]
    static let planColumns: [Column] = [.plan, .at, .hardEnd]
    static let planItemColumns: [Column] = [.item, .title, .status, .planned, .replanned]
    static let budgetColumns: [Column] = [.group, .planned, .added, .allotted, .actual, .over, .balance]
    static let shareColumns: [Column] = [.value, .actual, .percent, .target]
}

/// A JSON value whose objects keep their keys in the order given, for `CanonicalJSONEncoder`.
enum ReportJSON: Encodable, Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([ReportJSON])
    case object([(String, ReportJSON)])

    /// Exact seconds: an integer when whole, else the decimal with up to three places.
    static func seconds(_ duration: Duration) -> ReportJSON {
        let ms = duration.milliseconds
        return ms % 1000 == 0 ? .int(Int(ms / 1000)) : .double(Double(ms) / 1000)
    }

    /// Tenths of a percent as a number: `41.7`, `50`.
    static func percent(_ tenths: Int) -> ReportJSON {
        tenths % 10 == 0 ? .int(tenths / 10) : .double(Double(tenths) / 10)
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .string(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .int(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .double(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .bool(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .array(let values):
            var container = encoder.unkeyedContainer()
            for value in values { try container.encode(value) }
        case .object(let fields):
            var container = encoder.container(keyedBy: Key.self)
            for (key, value) in fields { try container.encode(value, forKey: Key(stringValue: key)) }
        }
    }
}
