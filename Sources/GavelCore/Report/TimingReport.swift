/// The actual-timings report of one meeting: the `TimingRecord` laid out as rows that every
/// format shares (CSV, JSON, Markdown, the terminal table, the HTML page).
///
/// Pure: it takes the record (read by the caller at the instant it chooses) and produces bytes.
/// The same record always gives the same bytes: fixed key and column order, fixed number
/// formatting, times in the venue's zone.
public struct TimingReport: Hashable, Sendable {
    /// What a row describes. CSV writes it in its `section` column.
    public enum Section: String, Hashable, Sendable, CaseIterable {
        case meeting
        case item
        case turn
        case speaker
        /// One speaker's totals within one item.
        case itemSpeaker
        /// One speech type's turns over the meeting.
        case speechType
        /// One speech type's turns within one item.
        case itemSpeechType
        /// One delegation's totals over the meeting.
        case delegation
        /// One delegation's totals within one item.
        case itemDelegation
        /// A rule of procedure the chair overrode.
        case override
        /// A plan to end on time the chair accepted.
        case plan
        /// An item an accepted plan re-planned or dropped.
        case planItem
        /// A group's budget in an item.
        case budget
        /// One value's floor time within a share attribute.
        case share
    }

    /// One line of the report. A field that does not apply to the row's section, or is not known
    /// yet (the end of the current item), is nil.
    struct Row: Hashable, Sendable {
        var section: Section
        var item: String?
        var title: String?
        var kind: String?
        var status: String?
        var turn: Int?
        var speaker: String?
        var turns: Int?
        var plannedStart: Instant?
        var plannedEnd: Instant?
        var actualStart: Instant?
        var actualEnd: Instant?
        var projectedEnd: Instant?
        var planned: Duration?
        var added: Duration?
        var allotted: Duration?
        var actual: Duration?
        var difference: Duration?
        var over: Duration?
        var paused: Duration?
        var speaking: Duration?
        var startDelay: Duration?
        var endDelay: Duration?
        var pauses: [Interval]?
        var adjustments: [Adjustment]?
        var speech: String?
        var speechName: String?
        var delegation: String?
        /// The number (from 1) of the turn this one interrupted.
        var interrupts: Int?
        var interruptions: Int?
        var interrupted: Duration?
        var overLimit: Int?
        var interruptedSpans: [Interval]?
        var rule: String?
        var at: Instant?
        /// An item's first plan, when the meeting re-planned it (`TimingRecord.Item.originalStart`).
        var originalStart: Instant?
        var originalEnd: Instant?
        /// "retimed", "added" or "removed" for an item the meeting re-planned, added or removed
        /// (its agenda edited).
        var edited: String?
        var hardEnd: Instant?
        var replanned: Duration?
        /// The number (from 1) of an accepted plan.
        var plan: Int?
        var group: String?
        var balance: Duration?
        var attribute: String?
        var value: String?
        /// Tenths of a percent: 417 is 41.7 %.
        var percent: Int?
        var target: Int?

        init(_ section: Section) { self.section = section }
    }

    public let record: TimingRecord

    public init(_ record: TimingRecord) {
        self.record = record
    }

    var zone: VenueTimeZone { record.venueTimeZone }

    // MARK: - Rows

    var meetingRow: Row {
        var row = Row(.meeting)
        row.title = record.title
        row.status = record.phase.rawValue
        row.turns = record.turns.count
        row.plannedStart = record.plannedStart
        row.plannedEnd = record.plannedEnd
        row.actualStart = record.actualStart
        row.actualEnd = record.actualEnd
        row.projectedEnd = record.projectedEnd
        row.planned = record.plannedEnd - record.plannedStart
        if let start = record.actualStart {
            let actual = (record.actualEnd ?? record.asOf) - start
            row.actual = actual
            row.difference = actual - (record.plannedEnd - record.plannedStart)
            row.added = record.items.reduce(.zero) { $0 + $1.added }
            row.paused = record.items.reduce(.zero) { $0 + $1.paused }
            row.speaking = record.items.reduce(.zero) { $0 + $1.speaking }
            row.startDelay = start - record.plannedStart
            row.endDelay = record.projectedEnd - record.plannedEnd
            row.interruptions = record.interruptions
            row.interrupted = record.turns.reduce(.zero) { $0 + $1.interrupted }
            row.overLimit = record.turns.filter { $0.over > .zero }.count
        }
        row.hardEnd = record.hardEnd
        return row
    }

    var itemRows: [Row] {
        record.items.map { item in
            var row = Row(.item)
            row.item = item.id
            row.title = item.title
            row.kind = item.kind.rawValue
            row.status = status(of: item)
            row.turns = record.turns.filter { $0.itemIndex == item.index }.count
            row.plannedStart = item.plannedStart
            row.plannedEnd = item.plannedEnd
            row.actualStart = item.actualStart
            row.actualEnd = item.actualEnd
            row.planned = item.plannedDuration
            row.added = item.added
            row.allotted = item.allotted
            row.replanned = item.replanned
            row.pauses = item.pauses
            row.adjustments = item.adjustments
            row.originalStart = item.originalStart
            row.originalEnd = item.originalEnd
            row.edited = item.addedDuringMeeting ? "added" : item.originalStart != nil ? "retimed" : nil
            if let start = item.actualStart {
                row.actual = item.actualDuration
                row.difference = item.actualDuration - item.plannedDuration
                row.over = item.actualDuration - item.allotted
                row.paused = item.paused
                row.speaking = item.speaking
                row.startDelay = start - item.plannedStart
                row.endDelay = item.actualEnd.map { $0 - item.plannedEnd }
                let turns = record.turns.filter { $0.itemIndex == item.index }
                row.interruptions = item.interruptions
                row.interrupted = turns.reduce(.zero) { $0 + $1.interrupted }
                row.overLimit = turns.filter { $0.over > .zero }.count
            }
            return row
        }
    }

    var turnRows: [Row] {
        record.turns.enumerated().map { offset, turn in
            var row = Row(.turn)
            row.turn = offset + 1
            row.item = turn.itemID
            row.speaker = turn.speaker
            row.status = turn.isCurrent ? "current" : "done"
            row.actualStart = turn.grantedAt
            row.actualEnd = turn.endedAt
            row.planned = turn.granted
            row.added = turn.added
            row.allotted = turn.allotted
            row.actual = turn.used
            row.difference = turn.used - turn.granted
            row.over = turn.over
            row.paused = turn.paused
            row.pauses = turn.pauses
            row.adjustments = turn.adjustments
            row.speech = turn.speech
            row.speechName = turn.speechName
            row.delegation = turn.delegation
            row.interrupts = turn.interruptedTurn.map { $0 + 1 }
            row.interruptions = turn.interruptions.count
            row.interrupted = turn.interrupted
            row.interruptedSpans = turn.interruptions
            return row
        }
    }

    var speakerRows: [Row] {
        record.speakers.map { speakerRow(.speaker, $0, item: nil) }
    }

    var itemSpeakerRows: [Row] {
        record.items.flatMap { item in item.speakers.map { speakerRow(.itemSpeaker, $0, item: item.id) } }
    }

    func speakerRow(_ section: Section, _ total: TimingRecord.SpeakerTotal, item: String?) -> Row {
        var row = Row(section)
        row.item = item
        row.speaker = total.speaker
        row.turns = total.turns
        row.planned = total.granted
        row.added = total.added
        row.allotted = total.allotted
        row.actual = total.used
        row.difference = total.used - total.granted
        row.over = total.over
        row.paused = total.paused
        row.interruptions = total.interruptions
        row.interrupted = total.interrupted
        row.overLimit = total.overLimit
        if section == .delegation || section == .itemDelegation {
            row.speaker = nil
            row.delegation = total.speaker
        }
        return row
    }

    var speechTypeRows: [Row] {
        record.speechTypes.map { speechTypeRow(.speechType, $0, item: nil) }
    }

    var itemSpeechTypeRows: [Row] {
        record.items.flatMap { item in item.speechTypes.map { speechTypeRow(.itemSpeechType, $0, item: item.id) } }
    }

    func speechTypeRow(_ section: Section, _ total: TimingRecord.SpeechTypeTotal, item: String?) -> Row {
        var row = Row(section)
        row.item = item
        row.kind = total.placement
        row.speech = total.speech
        row.speechName = total.name
        row.turns = total.turns
        row.planned = total.granted
        row.added = total.added
        row.allotted = total.allotted
        row.actual = total.used
        row.difference = total.used - total.granted
        row.over = total.over
        row.paused = total.paused
        row.interrupted = total.interrupted
        row.overLimit = total.overLimit
        return row
    }

    var delegationRows: [Row] {
        record.delegations.map { speakerRow(.delegation, $0, item: nil) }
    }

    var itemDelegationRows: [Row] {
        record.items.flatMap { item in item.delegations.map { speakerRow(.itemDelegation, $0, item: item.id) } }
    }

    var overrideRows: [Row] {
        record.overrides.map { override in
            var row = Row(.override)
            row.item = override.itemID
            row.rule = override.rule
            row.at = override.at
            return row
        }
    }

    var planRows: [Row] {
        record.plans.enumerated().map { offset, plan in
            var row = Row(.plan)
            row.plan = offset + 1
            row.at = plan.at
            row.hardEnd = plan.hardEnd
            return row
        }
    }

    /// The items each plan changed, plan by plan, in agenda order.
    var planItemRows: [Row] {
        record.plans.enumerated().flatMap { offset, plan in planItemRows(plan, number: offset + 1) }
    }

    func planItemRows(_ plan: TimingRecord.Plan, number: Int) -> [Row] {
        let changes =
            plan.replanned.map { (index: $0.index, allotted: Optional($0.allotted)) }
            + plan.dropped.map { (index: $0, allotted: Duration?.none) }
        return changes.sorted { $0.index < $1.index }.map { change in
            let item = record.items[change.index]
            var row = Row(.planItem)
            row.plan = number
            row.item = item.id
            row.title = item.title
            row.status = change.allotted == nil ? "dropped" : "replanned"
            row.planned = item.plannedDuration
            row.replanned = change.allotted
            return row
        }
    }

    var budgetRows: [Row] {
        record.budgets.map(budgetRow)
    }

    func budgetRow(_ budget: TimingRecord.Budget) -> Row {
        var row = Row(.budget)
        row.item = budget.itemID
        row.group = budget.balance.group
        row.planned = budget.balance.planned
        row.added = budget.balance.added
        row.allotted = budget.balance.budget
        row.actual = budget.balance.used
        row.over = budget.balance.used - budget.balance.budget
        row.balance = budget.balance.balance
        return row
    }

    var shareRows: [Row] {
        record.shares.flatMap(shareRows)
    }

    /// One row per value of the attribute, in its order.
    func shareRows(_ share: FloorShare) -> [Row] {
        share.values.map { value in
            var row = Row(.share)
            row.attribute = share.attribute
            row.value = value.value
            row.actual = value.time
            row.percent = Self.tenths(of: value.time, in: share.total)
            row.target = value.target.map { Int(($0 * 1000).rounded()) }
            return row
        }
    }

    /// Every row, in the order CSV writes them.
    /// Items removed during the meeting: `item` rows with the status `removed`, after the agenda's.
    var removedItemRows: [Row] {
        record.removedItems.map { removed in
            var row = Row(.item)
            row.item = removed.id
            row.title = removed.title
            row.kind = removed.kind.rawValue
            row.status = "removed"
            row.turns = 0
            row.plannedStart = removed.plannedStart
            row.plannedEnd = removed.plannedEnd
            row.planned = removed.plannedDuration
            row.originalStart = removed.originalStart
            row.originalEnd = removed.originalEnd
            row.edited = "removed"
            row.at = removed.removedAt
            return row
        }
    }

    var rows: [Row] {
        [meetingRow] + itemRows + removedItemRows + turnRows + speakerRows + itemSpeakerRows + speechTypeRows
            + itemSpeechTypeRows
            + delegationRows + itemDelegationRows + overrideRows + planRows + planItemRows + budgetRows + shareRows
    }

    /// `done`, `current`, `upcoming`, `skipped` (jumped over: a later item ran), `notReached`
    /// (the meeting ended before it) or `dropped` (left out by an accepted plan, never run);
    /// `removed` is the status of `removedItemRows`.
    func status(of item: TimingRecord.Item) -> String {
        if item.dropped { return "dropped" }
        guard item.status == .skipped else { return item.status.rawValue }
        let laterRan = record.items[(item.index + 1)...].contains { $0.hasStarted }
        return laterRan ? "skipped" : "notReached"
    }

    // MARK: - Formatting shared by the formats

    /// `2018-05-21T10:03:00-04:00`, with milliseconds when there are any
    /// (`2026-11-29T11:02:03.250+01:00`): a meeting run in real time has them.
    func iso(_ instant: Instant) -> String {
        Self.iso(instant, in: zone)
    }

    static func iso(_ instant: Instant, in zone: VenueTimeZone) -> String {
        let text = zone.iso8601(instant)
        let milliseconds = ((instant.millisecondsSinceEpoch % 1000) + 1000) % 1000
        guard milliseconds != 0, text.count > 19 else { return text }
        let digits = String(milliseconds)
        let fraction = "." + String(repeating: "0", count: 3 - digits.count) + digits
        let cut = text.index(text.startIndex, offsetBy: 19)
        return String(text[..<cut]) + fraction + String(text[cut...])
    }

    /// The venue's time of day, `10:03:00`, with the date in front when it is not the plan's day.
    func local(_ instant: Instant) -> String {
        let day = zone.date(at: instant)
        let time = zone.time(at: instant).paddedWithSeconds
        return day == record.planDate ? time : "\(day) \(time)"
    }

    /// Exact seconds as a decimal: `2520`, `7.25`, `-0.001`. The same text JSON writes.
    static func seconds(_ duration: Duration) -> String {
        let ms = duration.milliseconds
        let sign = ms < 0 ? "-" : ""
        let magnitude = ms.magnitude
        let whole = magnitude / 1000
        let fraction = magnitude % 1000
        guard fraction > 0 else { return "\(sign)\(whole)" }
        var digits = String(fraction)
        digits = String(repeating: "0", count: 3 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(sign)\(whole).\(digits)"
    }

    /// For people: `m:ss` (`h:mm:ss` from an hour), truncated, as displays show it: `42:00`,
    /// `-2:30`. Under a minute, a figure with a fraction of a second keeps its tenths (`0:01.7`):
    /// a rehearsal run in seconds would otherwise read "0:00 over".
    static func clock(_ duration: Duration) -> String {
        let ms = duration.milliseconds
        guard ms % 1000 != 0, ms.magnitude < 60_000 else { return DurationText.clock(duration) }
        let magnitude = Duration.milliseconds(Int64(ms.magnitude))
        return (ms < 0 ? "-" : "") + DurationText.clock(magnitude) + ".\(ms.magnitude % 1000 / 100)"
    }

    /// `part` of `whole` in tenths of a percent, rounded half up: 417 for 41.7 %; 0 of nothing.
    static func tenths(of part: Duration, in whole: Duration) -> Int {
        let (p, w) = (part.milliseconds, whole.milliseconds)
        guard w > 0 else { return 0 }
        return Int((p * 1000 * 2 + w) / (w * 2))
    }

    /// Tenths of a percent as text, always with one decimal: `41.7`, `50.0`.
    static func percentText(_ tenths: Int) -> String {
        let sign = tenths < 0 ? "-" : ""
        return "\(sign)\(tenths.magnitude / 10).\(tenths.magnitude % 10)"
    }

    /// A difference for people: `+2:00`, `-2:30`, `0:00`.
    static func signedClock(_ duration: Duration) -> String {
        duration.milliseconds > 0 ? "+" + clock(duration) : clock(duration)
    }

    /// "7:00 late", "2:30 early", "on time": how far an instant is from its plan.
    static func lateness(_ delay: Duration) -> String {
        let ms = delay.milliseconds
        if ms == 0 { return "on time" }
        return ms > 0 ? "\(clock(delay)) late" : "\(clock(.zero - delay)) early"
    }

    /// The words for an item's status, for people.
    static func statusText(_ status: String) -> String {
        switch status {
        case "notReached": "not reached"
        case "notStarted": "not started"
        default: status
        }
    }
}
