import Foundation

/// The meeting as a timeline: per item a planned bar and, beneath it, the actual bar with the
/// speakers' turns inside, overruns hatched and pauses dotted, on a time axis in the venue's
/// local time.
///
/// Self-contained SVG 1.1 (no fonts, CSS or images from outside), sized by its `viewBox` so it
/// scales to any width, and readable in black and white: nothing is told by colour alone.
/// Planned bars are white with a dashed outline, turns alternate dark and light and carry a
/// label where it fits (the turn's number otherwise, explained in the key below the chart),
/// an overrun is a hatched segment from the instant the time ran out with its length written
/// beside the bar, a pause is dotted. Full names and figures are in `<title>` tooltips.
///
/// Elements carry classes and `data-` attributes (`item`, `planned`, `actual`, `turn`,
/// `overrun`, `pause`) so tests and scripts can find them.
public struct TimelineSVG: Sendable {
    public let record: TimingRecord
    /// Whether to draw the title, date, venue and summary above the chart: an SVG on its own
    /// needs them; the report page, which shows them already, leaves them out.
    public var showsHeader: Bool

    public init(_ record: TimingRecord, showsHeader: Bool = true) {
        self.record = record
        self.showsHeader = showsHeader
    }

    // Layout, in viewBox units (≈ CSS pixels at 1200 wide).
    static let width = 1200.0
    static let margin = 24.0
    static let labelWidth = 300.0
    static let chartLeft = 336.0
    static let chartRight = 1140.0
    static let rowHeight = 58.0
    static let plannedOffset = 6.0
    static let plannedHeight = 12.0
    static let actualOffset = 22.0
    static let actualHeight = 26.0
    static let font = "'DejaVu Sans', 'Helvetica Neue', Helvetica, Arial, sans-serif"

    private var zone: VenueTimeZone { record.venueTimeZone }

    /// The SVG document, ending with a newline.
    public func render() -> String {
        let scale = TimeScale(record: record, left: Self.chartLeft, right: Self.chartRight)
        let report = TimingReport(record)
        var out = ""
        let headerHeight = showsHeader ? 118.0 : 30.0
        let axisY = headerHeight
        let rowsTop = axisY + 14
        let rowsBottom = rowsTop + Double(record.items.count) * Self.rowHeight
        let markersBottom = rowsBottom + 44
        let legendTop = markersBottom + 10
        let keyLines = turnKeyLayout()
        let keyTop = legendTop + 44
        let height = keyTop + (keyLines.isEmpty ? 0 : 22 + Double(keyLines.count) * 16) + Self.margin

        out += """
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(n(Self.width)) \(n(height))" \
            width="\(n(Self.width))" height="\(n(height))" role="img" aria-labelledby="timeline-title" \
            font-family="\(Self.font)" font-size="12" class="gavel-timeline">

            """
        out += "<title id=\"timeline-title\">\(x("Actual timings: \(record.title), \(record.planDate)"))</title>\n"
        out += Self.definitions
        out += rect(0, 0, Self.width, height, fill: "#ffffff", extra: "class=\"background\"")
        if showsHeader { out += header(report) }
        // Back to front: row bands, the grid, the meeting's end lines, then the bars over them.
        for offset in record.items.indices where offset % 2 == 1 {
            out += rect(
                Self.margin,
                rowsTop + Double(offset) * Self.rowHeight,
                Self.width - 2 * Self.margin,
                Self.rowHeight,
                fill: "#f6f6f6",
                extra: "class=\"band\""
            )
        }
        out += axis(scale, top: axisY, bottom: rowsBottom)
        out += endMarkers(scale, top: axisY - 2, bottom: rowsBottom, labelY: rowsBottom + 18)
        for (offset, item) in record.items.enumerated() {
            out += row(item, top: rowsTop + Double(offset) * Self.rowHeight, scale: scale, report: report)
        }
        out += legend(top: legendTop)
        out += turnKey(keyLines, top: keyTop)
        out += "</svg>\n"
        return out
    }

    // MARK: - Parts

    private func header(_ report: TimingReport) -> String {
        let left = Self.margin
        var out = "<g class=\"header\">\n"
        out += text(left, 34, record.title, size: 20, weight: "bold", extra: "class=\"title\"")
        if let subtitle = record.subtitle {
            out += text(left, 54, subtitle, size: 13, fill: "#333333")
        }
        var meta = [Self.longDate(record.planDate)]
        if let venue = record.venue { meta.append(venue) }
        meta.append("times in \(record.timeZone) (UTC\(zone.isoOffset(at: record.plannedStart)))")
        if record.dateShifted { meta.append("agenda dated \(record.agendaDate)") }
        out += text(left, 74, meta.joined(separator: " · "), size: 12, fill: "#333333")
        out += text(left, 96, summary(report), size: 13, weight: "bold", extra: "class=\"summary\"")
        out += "</g>\n"
        return out
    }

    /// "Planned 10:00–13:00 · Actual 10:03–13:07 (3:04:00) · ended 7:00 late".
    private func summary(_ report: TimingReport) -> String {
        let meeting = report.meetingRow
        var parts = ["Planned \(short(record.plannedStart))–\(short(record.plannedEnd))"]
        switch record.phase {
        case .notStarted:
            parts.append("not started")
        case .running:
            if let start = record.actualStart { parts.append("Actual \(short(start))– running") }
            if let delay = meeting.endDelay {
                parts.append("projected end \(short(record.projectedEnd)) (\(TimingReport.lateness(delay)))")
            }
        case .ended:
            if let start = record.actualStart, let end = record.actualEnd, let actual = meeting.actual {
                parts.append("Actual \(short(start))–\(short(end)) (\(TimingReport.clock(actual)))")
            }
            if let delay = meeting.endDelay { parts.append("ended \(TimingReport.lateness(delay))") }
        }
        return parts.joined(separator: " · ")
    }

    private func axis(_ scale: TimeScale, top: Double, bottom: Double) -> String {
        var out = "<g class=\"axis\">\n"
        out += line(Self.chartLeft, top, Self.chartRight, top, stroke: "#333333")
        for tick in scale.ticks() {
            let px = scale.x(tick)
            out += line(px, top, px, bottom, stroke: "#d8d8d8", extra: "class=\"grid\"")
            out += line(px, top - 4, px, top, stroke: "#333333")
            out += text(
                px,
                top - 8,
                scale.label(tick),
                size: 11,
                anchor: "middle",
                fill: "#333333",
                extra: "class=\"tick\""
            )
        }
        out += "</g>\n"
        return out
    }

    private func row(_ item: TimingRecord.Item, top: Double, scale: TimeScale, report: TimingReport) -> String {
        let status = report.status(of: item)
        var out = "<g class=\"item\" data-item=\"\(x(item.id))\" data-status=\"\(status)\">\n"
        // The label: the item's id (as turns and tables name it) and title, then the figures.
        let label = item.kind == .break ? item.title : "\(item.id)  \(item.title)"
        out += "<text x=\"\(n(Self.margin + 6))\" y=\"\(n(top + 20))\" font-size=\"12\" font-weight=\"bold\">"
        out += "<title>\(x(item.title))</title>\(x(Self.fitted(label, width: Self.labelWidth - 6, size: 12)))</text>\n"
        out += text(
            Self.margin + 6,
            top + 38,
            figures(item, status: status),
            size: 11,
            fill: "#333333",
            extra: "class=\"figures\""
        )

        // Planned bar.
        let plannedY = top + Self.plannedOffset
        let plannedTitle =
            "\(item.title): planned \(local(item.plannedStart))–\(local(item.plannedEnd))"
            + " (\(TimingReport.clock(item.plannedDuration)))"
            + (item.replanned.map { ", re-planned \(TimingReport.clock($0))" } ?? "")
        out += "<rect class=\"planned\" x=\"\(n(scale.x(item.plannedStart)))\" y=\"\(n(plannedY))\" "
        out += "width=\"\(n(scale.width(item.plannedStart, item.plannedEnd)))\" height=\"\(n(Self.plannedHeight))\" "
        out += "fill=\"#ffffff\" stroke=\"#333333\" stroke-width=\"1\" stroke-dasharray=\"4 2\">"
        out += "<title>\(x(plannedTitle))</title></rect>\n"

        guard item.hasStarted else {
            let words = status == "upcoming" ? "upcoming" : TimingReport.statusText(status)
            out += text(
                scale.x(item.plannedStart) + 4,
                top + Self.actualOffset + 17,
                words,
                size: 11,
                style: "italic",
                fill: "#333333",
                extra: "class=\"not-run\""
            )
            out += "</g>\n"
            return out
        }

        // Actual bar: one rectangle per run, the turns inside, then pauses and overruns on top.
        let actualY = top + Self.actualOffset
        let fill = item.kind == .break ? "#efefef" : "#c9c9c9"
        out += "<g class=\"actual\">\n"
        for run in item.runs {
            let end = run.end ?? record.asOf
            let runTitle =
                "\(item.title): actual \(local(run.start))–\(run.end.map(local) ?? "now")"
                + " (\(TimingReport.clock(item.actualDuration)) used)"
            out += "<rect class=\"run\(run.end == nil ? " open" : "")\" x=\"\(n(scale.x(run.start)))\" "
            out += "y=\"\(n(actualY))\" width=\"\(n(scale.width(run.start, end)))\" height=\"\(n(Self.actualHeight))\" "
            out += "fill=\"\(fill)\" stroke=\"#222222\" stroke-width=\"1\"><title>\(x(runTitle))</title></rect>\n"
        }
        var labels = ""
        for (offset, turn) in record.turns.enumerated() where turn.itemIndex == item.index {
            let segment = turnSegment(turn, number: offset + 1, top: actualY, scale: scale)
            out += segment.shapes
            labels += segment.label
        }
        for pause in item.pauses {
            out += pauseMark(pause, top: actualY, height: Self.actualHeight, scale: scale, owner: "item:\(item.id)")
        }
        let spans = Self.activeSpans(item.runs, minus: item.pauses, until: record.asOf)
        for segment in Self.overrunSegments(spans, allotted: item.allotted) {
            out += overrunMark(
                segment,
                top: actualY,
                height: Self.actualHeight,
                scale: scale,
                owner: "item:\(item.id)",
                what: "\(item.title)"
            )
        }
        // Labels last, above the item's pauses and overrun.
        out += labels
        out += "</g>\n"
        let lastEnd = item.runs.map { $0.end ?? record.asOf }.max() ?? record.asOf
        if item.overrun > .zero {
            let label = "+\(TimingReport.clock(item.overrun)) over"
            let px = scale.x(lastEnd) + 5
            let fits = px + Self.textWidth(label, size: 11) <= Self.width - 4
            out += text(
                fits ? px : scale.x(lastEnd) - 5,
                actualY + 17,
                label,
                size: 11,
                weight: "bold",
                anchor: fits ? "start" : "end",
                fill: "#8c1d18",
                extra: "class=\"overrun-label\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\""
            )
        }
        out += "</g>\n"
        return out
    }

    /// "40:00 planned · 42:00 actual (+2:00)", or the status of an item that did not run.
    private func figures(_ item: TimingRecord.Item, status: String) -> String {
        let planned = "\(TimingReport.clock(item.plannedDuration)) planned"
        guard item.hasStarted else { return "\(planned) · \(TimingReport.statusText(status))" }
        var text = "\(planned) · \(TimingReport.clock(item.actualDuration)) actual"
        text += " (\(TimingReport.signedClock(item.difference)))"
        if item.status == .current { text += " · running" }
        return text
    }

    /// A turn's segment (with its pauses and overrun) and, separately, its label, which the row
    /// draws after everything else so that nothing covers it.
    private func turnSegment(
        _ turn: TimingRecord.Turn,
        number: Int,
        top: Double,
        scale: TimeScale
    ) -> (shapes: String, label: String) {
        let inset = 3.0
        let y = top + inset
        let height = Self.actualHeight - 2 * inset
        let end = turn.endedAt ?? record.asOf
        let x0 = scale.x(turn.grantedAt)
        let width = scale.width(turn.grantedAt, end)
        let dark = number % 2 == 1
        var title = "Turn \(number): \(turn.speaker), \(local(turn.grantedAt))–\(turn.endedAt.map(local) ?? "now");"
        if !turn.isDefaultType || turn.isInterruption {
            title = "Turn \(number): \(turn.speechName), \(turn.speaker)"
            if let delegation = turn.delegation, delegation != turn.speaker { title += " (\(delegation))" }
            if let interrupted = turn.interruptedTurn { title += ", interrupting turn \(interrupted + 1)" }
            title += ", \(local(turn.grantedAt))–\(turn.endedAt.map(local) ?? "now");"
        }
        title += " granted \(TimingReport.clock(turn.granted))"
        if !turn.adjustments.isEmpty { title += " \(TimingReport.signedClock(turn.added))" }
        title += ", used \(TimingReport.clock(turn.used))"
        if turn.paused > .zero { title += ", paused \(TimingReport.clock(turn.paused))" }
        if turn.interrupted > .zero { title += ", interrupted \(TimingReport.clock(turn.interrupted))" }
        title +=
            turn.over > .zero
            ? ", \(TimingReport.clock(turn.over)) over"
            : turn.over < .zero ? ", \(TimingReport.clock(.zero - turn.over)) under" : ", on time"

        // An interruption is drawn over the turn it interrupted (it comes later in order), white
        // with a heavy outline, so it stands out from the alternating turns without colour.
        let interruption = turn.isInterruption
        var out = "<g class=\"turn\(interruption ? " interruption" : "")\" data-turn=\"\(number)\" "
        out += "data-speaker=\"\(x(turn.speaker))\""
        if let interrupted = turn.interruptedTurn { out += " data-interrupts=\"\(interrupted + 1)\"" }
        out += ">"
        out += "<title>\(x(title))</title>\n"
        out += rect(
            x0,
            y,
            width,
            height,
            fill: interruption ? "#ffffff" : dark ? "#44546a" : "#a9b8cc",
            stroke: "#222222",
            strokeWidth: interruption ? 2 : 1,
            extra: "class=\"segment\""
        )
        for pause in turn.pauses {
            out += pauseMark(pause, top: y, height: height, scale: scale, owner: "turn:\(number)")
        }
        let spans = Self.activeSpans(
            [Interval(start: turn.grantedAt, end: turn.endedAt)],
            // Under an interruption the clock stood still, as it does in a pause.
            minus: turn.pauses + turn.interruptions,
            until: record.asOf
        )
        for segment in Self.overrunSegments(spans, allotted: turn.allotted) {
            out += overrunMark(
                segment,
                top: y,
                height: height,
                scale: scale,
                owner: "turn:\(number)",
                what: turn.speaker
            )
        }
        out += "</g>\n"
        var label = ""
        if let words = turnLabel(turn, number: number, width: width - 6) {
            // A halo in the segment's colour keeps the label legible over pause dots and hatching.
            let light = interruption || !dark
            let halo =
                "stroke=\"\(light ? (interruption ? "#ffffff" : "#a9b8cc") : "#44546a")\" stroke-width=\"3\" paint-order=\"stroke\""
            label = text(
                x0 + width / 2,
                y + height / 2 + 4,
                words,
                size: 10,
                weight: "bold",
                anchor: "middle",
                fill: light ? "#111111" : "#ffffff",
                extra: "class=\"turn-label\" data-turn=\"\(number)\" \(halo)"
            )
        }
        return (out, label)
    }

    /// The longest label that fits: name and time, the name, the surname, or the turn's number.
    private func turnLabel(_ turn: TimingRecord.Turn, number: Int, width: Double) -> String? {
        let name = Self.shortName(turn.speaker)
        let surname = name.split(separator: " ").last.map(String.init) ?? name
        let used = TimingReport.clock(turn.used)
        let candidates = ["\(name) \(used)", name, "\(surname) \(used)", surname, "\(number)"]
        return candidates.first { Self.textWidth($0, size: 10) <= width }
    }

    private func pauseMark(_ pause: Interval, top: Double, height: Double, scale: TimeScale, owner: String) -> String {
        let end = pause.end ?? record.asOf
        let title =
            "Paused \(local(pause.start))–\(pause.end.map(local) ?? "now")"
            + " (\(TimingReport.clock(pause.length(at: record.asOf))))"
        var out = "<rect class=\"pause\" data-for=\"\(x(owner))\" x=\"\(n(scale.x(pause.start)))\" y=\"\(n(top))\" "
        out += "width=\"\(n(max(1.5, scale.width(pause.start, end))))\" height=\"\(n(height))\" "
        out += "fill=\"url(#gavel-pause)\" stroke=\"#222222\" stroke-width=\"0.75\"><title>\(x(title))</title></rect>\n"
        return out
    }

    private func overrunMark(
        _ segment: (start: Instant, end: Instant),
        top: Double,
        height: Double,
        scale: TimeScale,
        owner: String,
        what: String
    ) -> String {
        let title =
            "\(what): over time \(local(segment.start))–\(local(segment.end))"
            + " (\(TimingReport.clock(segment.end - segment.start)))"
        let from = TimingReport.iso(segment.start, in: zone)
        let to = TimingReport.iso(segment.end, in: zone)
        var out = "<rect class=\"overrun\" data-for=\"\(x(owner))\" data-from=\"\(from)\" data-to=\"\(to)\" "
        out += "x=\"\(n(scale.x(segment.start)))\" y=\"\(n(top))\" "
        out += "width=\"\(n(max(2, scale.width(segment.start, segment.end))))\" height=\"\(n(height))\" "
        out += "fill=\"url(#gavel-overrun)\" stroke=\"#8c1d18\" stroke-width=\"1\"><title>\(x(title))</title></rect>\n"
        return out
    }

    private func endMarkers(_ scale: TimeScale, top: Double, bottom: Double, labelY: Double) -> String {
        var out = "<g class=\"markers\">\n"
        // The planned end is labelled on one line, the actual end (or now) on the next, each on
        // the side of its line that has room, so the two never collide however close they are.
        func label(_ x: Double, _ y: Double, _ content: String, weight: String? = nil, fill: String? = nil) -> String {
            let toRight = x + 4 + Self.textWidth(content, size: 11) <= Self.width - 4
            return text(
                toRight ? x + 4 : x - 4,
                y,
                content,
                size: 11,
                weight: weight,
                anchor: toRight ? "start" : "end",
                fill: fill
            )
        }
        let planned = scale.x(record.plannedEnd)
        out += line(
            planned,
            top,
            planned,
            bottom + 4,
            stroke: "#111111",
            width: 1.5,
            dash: "6 3",
            extra: "class=\"planned-end\""
        )
        out += label(planned, labelY, "planned end \(short(record.plannedEnd))")
        if record.phase == .ended, let actualEnd = record.actualEnd {
            let x = scale.x(actualEnd)
            out += line(x, top, x, bottom + 18, stroke: "#111111", width: 2, extra: "class=\"actual-end\"")
            out += label(x, labelY + 14, "actual end \(short(actualEnd))", weight: "bold")
        }
        if record.phase == .running {
            let x = scale.x(record.asOf)
            out += line(x, top, x, bottom + 18, stroke: "#8c1d18", width: 1.5, dash: "2 2", extra: "class=\"now\"")
            out += label(x, labelY + 14, "now \(short(record.asOf))", weight: "bold", fill: "#8c1d18")
        }
        out += "</g>\n"
        return out
    }

    private func legend(top: Double) -> String {
        var out = "<g class=\"legend\" transform=\"translate(\(n(Self.margin)) \(n(top)))\">\n"
        out += text(0, 12, "Legend", size: 12, weight: "bold")
        var x = 64.0
        func entry(_ swatch: String, _ label: String) {
            out += "<g transform=\"translate(\(n(x)) 0)\">\(swatch)"
            out += text(34, 12, label, size: 11)
            out += "</g>\n"
            x += 34 + Self.textWidth(label, size: 11) + 22
        }
        entry(rect(0, 3, 28, 10, fill: "#ffffff", stroke: "#333333", dash: "4 2"), "planned")
        entry(rect(0, 0, 28, 16, fill: "#c9c9c9", stroke: "#222222"), "actual (item running)")
        entry(
            rect(0, 2, 14, 12, fill: "#44546a", stroke: "#222222")
                + rect(
                    14,
                    2,
                    14,
                    12,
                    fill: "#a9b8cc",
                    stroke: "#222222"
                ),
            "speakers' turns, alternating"
        )
        entry(rect(0, 0, 28, 16, fill: "url(#gavel-overrun)", stroke: "#8c1d18"), "over time (+m:ss)")
        entry(rect(0, 0, 28, 16, fill: "url(#gavel-pause)", stroke: "#222222"), "paused")
        entry(line(0, 8, 28, 8, stroke: "#111111", width: 1.5, dash: "6 3"), "planned end")
        entry(line(0, 8, 28, 8, stroke: "#111111", width: 2), "actual end")
        out += "</g>\n"
        return out
    }

    // MARK: - The key of turns

    /// The turn key's entries, laid out in two columns: "1  Lajčák (item 1) 7:30 of 5:00, +2:30 over".
    private func turnKeyLayout() -> [[String]] {
        let entries = record.turns.enumerated().map { offset, turn -> String in
            // An interruption says so, and whom: "2  Mr. Q (item 8, interrupting 1) 1:30 of 1:00".
            let interrupting = turn.interruptedTurn.map { ", interrupting \($0 + 1)" } ?? ""
            var entry =
                "\(offset + 1)  \(turn.speaker) (item \(turn.itemID)\(interrupting)) \(TimingReport.clock(turn.used))"
            entry += " of \(TimingReport.clock(turn.allotted))"
            if turn.over > .zero { entry += ", +\(TimingReport.clock(turn.over)) over" }
            if turn.isCurrent { entry += ", speaking" }
            return Self.fitted(entry, width: Self.keyColumnWidth - 12, size: 11)
        }
        return stride(from: 0, to: entries.count, by: 2).map { Array(entries[$0..<min($0 + 2, entries.count)]) }
    }

    static let keyColumnWidth = (width - 2 * margin) / 2

    private func turnKey(_ lines: [[String]], top: Double) -> String {
        guard !lines.isEmpty else { return "" }
        var out = "<g class=\"turn-key\" transform=\"translate(\(n(Self.margin)) \(n(top)))\">\n"
        out += text(0, 12, "Turns (used of allotted)", size: 12, weight: "bold")
        for (lineIndex, entries) in lines.enumerated() {
            for (column, entry) in entries.enumerated() {
                out += text(Double(column) * Self.keyColumnWidth, 30 + Double(lineIndex) * 16, entry, size: 11)
            }
        }
        out += "</g>\n"
        return out
    }

    // MARK: - Time arithmetic

    /// The spans during which a timer ran: `runs` (open ones up to `asOf`) without `pauses`.
    static func activeSpans(
        _ runs: [Interval],
        minus pauses: [Interval],
        until asOf: Instant
    )
        -> [(start: Instant, end: Instant)]
    {
        var spans: [(start: Instant, end: Instant)] = []
        for run in runs {
            var pieces = [(start: run.start, end: run.end ?? asOf)]
            for pause in pauses {
                let pauseEnd = pause.end ?? asOf
                pieces = pieces.flatMap { piece -> [(start: Instant, end: Instant)] in
                    guard pause.start < piece.end, pauseEnd > piece.start else { return [piece] }
                    var kept: [(start: Instant, end: Instant)] = []
                    if pause.start > piece.start { kept.append((piece.start, pause.start)) }
                    if pauseEnd < piece.end { kept.append((pauseEnd, piece.end)) }
                    return kept
                }
            }
            spans += pieces.filter { $0.end > $0.start }
        }
        return spans.sorted { $0.start < $1.start }
    }

    /// The parts of `spans` after `allotted` of running time was used up.
    static func overrunSegments(
        _ spans: [(start: Instant, end: Instant)],
        allotted: Duration
    )
        -> [(start: Instant, end: Instant)]
    {
        var left = allotted
        var segments: [(start: Instant, end: Instant)] = []
        for span in spans {
            let length = span.end - span.start
            if left <= .zero {
                segments.append(span)
            } else if length > left {
                segments.append((span.start + left, span.end))
                left = .zero
            } else {
                left -= length
            }
        }
        return segments
    }

    // MARK: - Text and drawing helpers

    private func local(_ instant: Instant) -> String {
        TimingReport(record).local(instant)
    }

    /// `10:03`, or `12:49:30` when the seconds matter.
    private func short(_ instant: Instant) -> String {
        let time = zone.time(at: instant)
        let text = time.second == 0 ? String(format: "%02d:%02d", time.hour, time.minute) : time.paddedWithSeconds
        let day = zone.date(at: instant)
        return day == record.planDate ? text : "\(day) \(text)"
    }

    /// "Monday 21 May 2018".
    static func longDate(_ date: LocalDate) -> String {
        let weekdays = ["Thursday", "Friday", "Saturday", "Sunday", "Monday", "Tuesday", "Wednesday"]
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September",
            "October", "November", "December",
        ]
        let weekday = weekdays[((date.daysSinceEpoch % 7) + 7) % 7]
        return "\(weekday) \(date.day) \(months[date.month - 1]) \(date.year)"
    }

    /// A rough width of `text` at `size`: DejaVu Sans averages about 0.6 em per character, wider
    /// than most fonts, so a label estimated to fit does fit.
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }

    /// `text`, shortened with "…" to fit `width`.
    static func fitted(_ text: String, width: Double, size: Double) -> String {
        guard textWidth(text, size: size) > width else { return text }
        let characters = max(1, Int(width / (size * 0.6)) - 1)
        return String(text.prefix(characters)).trimmingCharacters(in: .whitespaces) + "…"
    }

    /// A name without honorifics: "H.E. Mr. Miroslav Lajčák" → "Miroslav Lajčák".
    static func shortName(_ name: String) -> String {
        let words = name.split(separator: " ")
        let kept = words.drop { $0.hasSuffix(".") && $0.count <= 5 }
        return kept.isEmpty ? name : kept.joined(separator: " ")
    }

    /// A number for an attribute: one decimal at most, no trailing ".0".
    private func n(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        let whole = Int(tenths) / 10
        let fraction = abs(Int(tenths)) % 10
        if fraction == 0 { return String(Int(tenths) / 10) }
        return tenths < 0 && whole == 0 ? "-0.\(fraction)" : "\(whole).\(fraction)"
    }

    /// XML-escaped text for content and attributes.
    private func x(_ text: String) -> String {
        TimelineSVG.escaped(text)
    }

    /// Text escaped for XML and HTML content and attribute values.
    public static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n":
                out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private func text(
        _ x: Double,
        _ y: Double,
        _ content: String,
        size: Double,
        weight: String? = nil,
        style: String? = nil,
        anchor: String? = nil,
        fill: String? = nil,
        extra: String? = nil
    ) -> String {
        var out = "<text x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\""
        if let weight { out += " font-weight=\"\(weight)\"" }
        if let style { out += " font-style=\"\(style)\"" }
        if let anchor { out += " text-anchor=\"\(anchor)\"" }
        if let fill { out += " fill=\"\(fill)\"" }
        if let extra { out += " " + extra }
        return out + ">\(self.x(content))</text>\n"
    }

    private func rect(
        _ x: Double,
        _ y: Double,
        _ width: Double,
        _ height: Double,
        fill: String,
        stroke: String? = nil,
        strokeWidth: Double = 1,
        dash: String? = nil,
        extra: String? = nil
    ) -> String {
        var out = "<rect"
        if let extra { out += " " + extra }
        out += " x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, width)))\" height=\"\(n(height))\" fill=\"\(fill)\""
        if let stroke { out += " stroke=\"\(stroke)\" stroke-width=\"\(n(strokeWidth))\"" }
        if let dash { out += " stroke-dasharray=\"\(dash)\"" }
        return out + "/>\n"
    }

    private func line(
        _ x1: Double,
        _ y1: Double,
        _ x2: Double,
        _ y2: Double,
        stroke: String,
        width: Double = 1,
        dash: String? = nil,
        extra: String? = nil
    ) -> String {
        var out = "<line"
        if let extra { out += " " + extra }
        out += " x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\""
        out += " stroke-width=\"\(n(width))\""
        if let dash { out += " stroke-dasharray=\"\(dash)\"" }
        return out + "/>\n"
    }

    /// The hatch of overruns (dark red diagonal stripes on pale red: black stripes on grey when
    /// printed in black and white) and the dots of pauses.
    static let definitions = """
        <defs>
        <pattern id="gavel-overrun" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">\
        <rect width="6" height="6" fill="#f4cccc"/><rect width="2.5" height="6" fill="#8c1d18"/></pattern>
        <pattern id="gavel-pause" width="5" height="5" patternUnits="userSpaceOnUse">\
        <rect width="5" height="5" fill="#ffffff"/><circle cx="2.5" cy="2.5" r="1" fill="#333333"/></pattern>
        </defs>

        """
}

/// Instants to x positions across the chart, and the ticks of the axis in venue local time.
struct TimeScale {
    let start: Instant
    let end: Instant
    let left: Double
    let right: Double
    let step: Int
    let zone: VenueTimeZone

    /// Steps a tick may take, in seconds.
    static let steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600]

    init(record: TimingRecord, left: Double, right: Double) {
        var first = record.plannedStart
        var last = record.plannedEnd
        for instant in [
            record.actualStart, record.actualEnd, record.phase == .running ? record.asOf : nil,
            record.phase == .notStarted ? nil : record.projectedEnd,
        ].compactMap({ $0 }) {
            first = min(first, instant)
            last = max(last, instant)
        }
        for item in record.items {
            for run in item.runs {
                first = min(first, run.start)
                last = max(last, run.end ?? record.asOf)
            }
        }
        let span = max(1, (last - first).wholeSeconds)
        let step = Self.steps.first { span / Int64($0) <= 12 } ?? 21600
        zone = record.venueTimeZone
        // Start on a tick of the venue's clock; end on the next tick after the last instant.
        let offset = Int64(zone.time(at: first).secondsSinceMidnight % step)
        let startMs = first.millisecondsSinceEpoch - offset * 1000 - first.millisecondsSinceEpoch % 1000
        start = Instant(millisecondsSinceEpoch: startMs)
        let stepMs = Int64(step) * 1000
        let ticks = (last.millisecondsSinceEpoch - startMs + stepMs - 1) / stepMs
        end = Instant(millisecondsSinceEpoch: startMs + max(1, ticks) * stepMs)
        self.left = left
        self.right = right
        self.step = step
    }

    func x(_ instant: Instant) -> Double {
        let total = Double((end - start).milliseconds)
        return left + Double((instant - start).milliseconds) / total * (right - left)
    }

    func width(_ from: Instant, _ to: Instant) -> Double {
        max(0, x(to) - x(from))
    }

    func ticks() -> [Instant] {
        let stepMs = Int64(step) * 1000
        let count = (end.millisecondsSinceEpoch - start.millisecondsSinceEpoch) / stepMs
        return (0...max(0, count)).map { Instant(millisecondsSinceEpoch: start.millisecondsSinceEpoch + $0 * stepMs) }
    }

    /// `10:15`, or `10:15:05` when ticks are closer than a minute.
    func label(_ instant: Instant) -> String {
        let time = zone.time(at: instant)
        return step < 60 ? time.paddedWithSeconds : String(format: "%02d:%02d", time.hour, time.minute)
    }
}
