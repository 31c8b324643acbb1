import Foundation

/// The report as one CSV table (RFC 4180) that a spreadsheet opens as it is.
///
/// One header row and one rectangular table: every row has every column, and its `section`
/// (`meeting`, `item`, `turn`, `speaker`, `itemSpeaker`, `speechType`, `itemSpeechType`, `delegation`,
/// `itemDelegation`, `override`, `plan`, `planItem`, `budget`, `share`) says what it describes. A column means the
/// same in every section and is empty where it does not apply, so a filter on `section` shows one
/// section, and `csv.DictReader`, pandas or `sqlite3 .import` read the file without splitting it.
/// Columns are described in docs/reports.md.
///
/// - UTF-8 with a byte-order mark, so that Excel reads names such as "Lajčák" as written;
///   lines end with CRLF as RFC 4180 says.
/// - Instants are ISO 8601 in the venue's zone with its offset; durations are exact seconds
///   (`7.25`) and `m:ss` (`Clock` columns, for reading: compute with the `Seconds` columns).
/// - A text cell that a spreadsheet would take for a formula (`=`, `+`, `-`, `@` first) is
///   written with a leading `'`, so a speaker's name typed as `=HYPERLINK(...)` stays text.
extension TimingReport {
    /// The columns, in order. A duration column is two: `<name>Seconds` and `<name>Clock`.
    enum Column: String, CaseIterable, Sendable {
        case section, meeting, item, title, kind, status, turn, speaker, turns
        case plannedStart, plannedEnd, actualStart, actualEnd, projectedEnd
        case planned, added, allotted, actual, difference, over, paused, speaking, startDelay, endDelay
        case pauses, adjustments
        // Added with the list of speakers, after the columns above so that those keep their places.
        case speech, speechName, delegation, interrupts, interruptions, interrupted, overLimit, interruptedSpans
        case rule, at
        // Live agenda editing: present only in reports of meetings whose agenda was edited.
        case edited, originalStart, originalEnd

        /// Whether the column is only in reports of meetings whose agenda was edited.
        var isEditing: Bool { [.edited, .originalStart, .originalEnd].contains(self) }
        // Added with plans to end on time, budgets and shares: written only when the meeting had
        // any (`TimingRecord.usesPlanning`), so that other reports keep their bytes.
        case hardEnd, replanned, plan, group, balance, attribute, value, percent, target

        var isDuration: Bool {
            switch self {
            case .planned, .added, .allotted, .actual, .difference, .over, .paused, .speaking, .startDelay, .endDelay,
                .interrupted, .replanned, .balance:
                true
            default:
                false
            }
        }

        /// A column of plans, budgets and shares.
        var isPlanning: Bool {
            switch self {
            case .hardEnd, .replanned, .plan, .group, .balance, .attribute, .value, .percent, .target: true
            default: false
            }
        }

        /// The header names of the column.
        var headers: [String] {
            isDuration ? [rawValue + "Seconds", rawValue + "Clock"] : [rawValue]
        }
    }

    /// The CSV text (see the type's documentation for the layout).
    public func csv() -> String {
        let columns = csvColumns
        var lines = [columns.flatMap(\.headers).map(Self.csvField).joined(separator: ",")]
        for row in rows {
            lines.append(columns.flatMap { csvCells(row, $0) }.joined(separator: ","))
        }
        return "\u{FEFF}" + lines.map { $0 + "\r\n" }.joined()
    }

    /// The columns of this report: those of agenda edits only when an item was edited, those of
    /// plans, budgets and shares only when the meeting had any, so that other reports keep their bytes.
    var csvColumns: [Column] {
        Column.allCases.filter {
            (record.hasReplannedItems || !$0.isEditing) && (record.usesPlanning || !$0.isPlanning)
        }
    }

    /// The report's CSV bytes, UTF-8 with a byte-order mark.
    public func csvData() -> [UInt8] {
        Array(csv().utf8)
    }

    private func csvCells(_ row: Row, _ column: Column) -> [String] {
        if column.isDuration {
            guard let duration = duration(row, column) else { return ["", ""] }
            return [Self.seconds(duration), Self.csvField(DurationText.clock(duration))]
        }
        let text: String? =
            switch column {
            case .section: row.section.rawValue
            case .meeting: record.meetingID.map { String($0) }
            case .item: row.item.map(Self.defused)
            case .title: row.title.map(Self.defused)
            case .kind: row.kind
            case .status: row.status
            case .turn: row.turn.map { String($0) }
            case .speaker: row.speaker.map(Self.defused)
            case .turns: row.turns.map { String($0) }
            case .plannedStart: row.plannedStart.map(iso)
            case .plannedEnd: row.plannedEnd.map(iso)
            case .originalStart: row.originalStart.map(iso)
            case .originalEnd: row.originalEnd.map(iso)
            case .edited: row.edited
            case .actualStart: row.actualStart.map(iso)
            case .actualEnd: row.actualEnd.map(iso)
            case .projectedEnd: row.projectedEnd.map(iso)
            case .pauses: row.pauses.map(intervalsText)
            case .adjustments: row.adjustments.map(adjustmentsText)
            case .speech: row.speech.map(Self.defused)
            case .speechName: row.speechName.map(Self.defused)
            case .delegation: row.delegation.map(Self.defused)
            case .interrupts: row.interrupts.map { String($0) }
            case .interruptions: row.interruptions.map { String($0) }
            case .overLimit: row.overLimit.map { String($0) }
            case .interruptedSpans: row.interruptedSpans.map(intervalsText)
            case .rule: row.rule.map(Self.defused)
            case .at: row.at.map(iso)
            case .hardEnd: row.hardEnd.map(iso)
            case .plan: row.plan.map { String($0) }
            case .group: row.group.map(Self.defused)
            case .attribute: row.attribute.map(Self.defused)
            case .value: row.value.map(Self.defused)
            case .percent: row.percent.map(Self.percentText)
            case .target: row.target.map(Self.percentText)
            default: nil
            }
        return [Self.csvField(text ?? "")]
    }

    func duration(_ row: Row, _ column: Column) -> Duration? {
        switch column {
        case .planned: row.planned
        case .added: row.added
        case .allotted: row.allotted
        case .actual: row.actual
        case .difference: row.difference
        case .over: row.over
        case .paused: row.paused
        case .speaking: row.speaking
        case .startDelay: row.startDelay
        case .endDelay: row.endDelay
        case .interrupted: row.interrupted
        case .replanned: row.replanned
        case .balance: row.balance
        default: nil
        }
    }

    /// ISO 8601 intervals separated by spaces: `2018-05-21T11:30:00-04:00/2018-05-21T11:34:00-04:00`;
    /// an interval still open ends in nothing after the slash.
    func intervalsText(_ intervals: [Interval]) -> String {
        intervals.map { "\(iso($0.start))/\($0.end.map(iso) ?? "")" }.joined(separator: " ")
    }

    /// Extensions and trims in seconds with their instant, separated by spaces:
    /// `+120s@2018-05-21T10:35:00-04:00`.
    func adjustmentsText(_ adjustments: [Adjustment]) -> String {
        adjustments.map { ($0.by > .zero ? "+" : "") + Self.seconds($0.by) + "s@" + iso($0.at) }.joined(separator: " ")
    }

    /// Quotes a field when it holds a comma, a quote or a line break (RFC 4180).
    static func csvField(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
            return text
        }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Free text that a spreadsheet would read as a formula, made text with a leading quote.
    static func defused(_ text: String) -> String {
        guard let first = text.first, "=+-@\t\r".contains(first) else { return text }
        return "'" + text
    }
}
