/// Reads the lines of a programme into a draft.
///
/// - The header (the lines before the first timed row) gives the title (the first line that
///   is not a date, a venue, a label, boilerplate such as "DRAFT" or a long description), the
///   subtitle (the title's next line), the date, the venue and a "Time zone:" line.
/// - A timed row starts an item. Its title is the bold part after the times, else its first
///   segment, else the next line. The rest of the row and the lines up to the next row are
///   the item's text, read for people; what is not about people becomes the notes.
/// - A line that is only a date ("Tuesday, 22 May 2018") switches the date for the rows after it.
/// - A row with only a start time ends when the next row starts; a row such as "13:00 End"
///   only ends the one before it.
struct ProgrammeReader {
    private var lines: [ProgrammeLine]
    private var draft = AgendaDraft()
    private var extractor = PeopleExtractor()

    /// Roles given by the columns of the last table heading row.
    private var columnRoles: [Int: Person.Role] = [:]
    /// Zone suffixes on rows (`0900-1030 GMT`), in order.
    private var zoneSuffixes: [(zone: String, line: Int)] = []
    /// The value of a "Time zone:" line, which wins over suffixes.
    private var explicitZone: (value: String, line: Int)?
    private var fallbackDate: (date: LocalDate, line: Int)?
    private var overlong: (count: Int, firstLine: Int)?
    /// A place in parentheses after a title-first row's times: `(Geneva time)`.
    private var placeHint: (zone: String, text: String, line: Int)?
    /// Lines read but not used, with why, for `gavel agenda check --verbose`.
    private var skipped: [SkippedLine] = []
    /// Why the text after the last heading or unreadable row is skipped.
    private var skipReason = "text before the first timed row"
    static let headingReason = "a short line after a blank one at the end of an item: a heading, not the item's text"
    /// A `Day 1 – Monday` heading above the first row, placed once the header's date is known.
    private var headerDay: (heading: DayHeading, text: String, line: Int)?

    private var current: OpenItem?
    /// After a row that could not be read, its text is skipped.
    private var skippingText = false
    private var currentDate: LocalDate?
    /// An item given only a start time, waiting for the next row to end it.
    private var openEnded: Int?
    private var openEndedWarned = false
    private var unendedItems: Set<Int> = []
    /// More rows than an agenda holds: rows are only counted, for the assembler's message.
    private var countingOnly = false
    private var peopleBudgetLeft = Self.peopleReadingBudget
    private var longItemWarned = false
    private var budgetWarned = false

    /// An item whose text is still being read.
    private struct OpenItem {
        var line: Int
        var span: TimeSpan
        var title: String
        var date: LocalDate?
        var titleNeeded: Bool
        var body: [BodyLine] = []
    }

    private struct BodyLine {
        var segments: [PeopleExtractor.Segment]
        var plain: String
        var afterBlank: Bool
        var isBullet: Bool
        /// The line it came from, for the list of skipped lines.
        var number: Int?
    }

    /// Header lines read for the title, date and venue; a longer header is not a programme's.
    static let maximumHeaderLines = 300
    /// Lines of text read for one item.
    static let maximumItemLines = 200
    /// Characters of item text read for people in the whole file: many times a real
    /// programme's, and it bounds the work on a file that only looks like one.
    static let peopleReadingBudget = 150_000
    /// Notes longer than this are cut: notes are shown on a display, not a document.
    static let maximumNotesLength = 300

    init(lines: [ProgrammeLine]) {
        self.lines = lines
    }

    mutating func read() -> AgendaDraft {
        var scans: [TimeRangeScanner.Scan] = []
        scans.reserveCapacity(lines.count)
        for line in lines {
            scans.append(line.isBlank ? .none : TimeRangeScanner(line.text).scanStart())
        }
        rereadRows(&scans)
        let firstRow = scans.firstIndex(where: { $0 != .none }) ?? lines.count
        let rowCount = scans.count { if case .times = $0 { true } else { false } }
        countingOnly = rowCount > AgendaAssembler.maximumItems
        readHeader(lines[..<firstRow])
        currentDate = draft.date
        if let headerDay { switchDay(headerDay.heading, text: headerDay.text, line: headerDay.line) }
        readBody(firstRow, scans: scans)
        if draft.date == nil, let fallbackDate {
            draft.date = fallbackDate.date
            draft.dateLine = fallbackDate.line
        }
        resolveTimeZone()
        draft.skipped = skipped.sorted { $0.line < $1.line }
        if let overlong {
            draft.diagnostics.append(
                .warning(
                    line: overlong.firstLine,
                    "\(overlong.count) line(s) longer than \(ProgrammeLine.maximumLength) characters were skipped"
                )
            )
        }
        return draft
    }

    /// Second readings of lines with no times at their start: a range after the title
    /// (`Session 2 — 2:00pm – 3:30pm (Geneva time)`), and bare hours (`9-10 Registration`) in a
    /// programme whose other times say am or pm. Each is rewritten times first, so the rest of
    /// the reader sees one kind of row, and each reading that is a guess is reported.
    private mutating func rereadRows(_ scans: inout [TimeRangeScanner.Scan]) {
        let usesMeridiem = scans.contains {
            guard case .times(let span) = $0 else { return false }
            let text = span.text.lowercased()
            return ["am", "pm", "a.m", "p.m", "noon"].contains(where: text.contains)
        }
        let usesCompact = scans.contains {
            guard case .times(let span) = $0 else { return false }
            return span.text.prefix(4).allSatisfy(\.isNumber) && span.text.count > 4
        }
        if usesMeridiem { readAfternoonHours(&scans) }
        for index in lines.indices where scans[index] == .none && lines[index].mayHaveDigit {
            let line = lines[index]
            guard !line.isBlank, line.plain.utf8.count <= 300 else { continue }
            let scanner = TimeRangeScanner(line.text)
            if let (rewritten, hint) = scanner.scanAfterTitle() {
                // "Monday, 21 May 2018, 10:00-13:00" dates the meeting; it is not an item.
                let title = rewritten.drop(while: { !$0.isLetter })
                if let found = DateScanner.find(in: String(title)), found.otherWords == 0 { continue }
                let scan = TimeRangeScanner(rewritten).scanStart()
                guard case .times = scan else { continue }
                lines[index].text = rewritten
                lines[index].plain = PeopleExtractor.collapsed(HTMLText.withoutMarkers(rewritten))
                scans[index] = scan
                if let hint { notePlaceHint(hint, line: line.number) }
            } else if usesCompact, let time = scanner.scanCompactStart() {
                // `1300 End of the hearing` under rows such as `1130-1300`: the programme's own form.
                let rest = String(String.UnicodeScalarView(scanner.scalars[time.endIndex...]))
                let title = rest.trimmingSpaces
                if (1900...2099).contains(time.hour * 100 + time.minute), !Self.isEndMarker(title) { continue }
                let rewritten = String(format: "%02d:%02d", time.hour, time.minute) + rest
                let scan = TimeRangeScanner(rewritten).scanStart()
                guard case .times = scan else { continue }
                lines[index].text = rewritten
                lines[index].plain = PeopleExtractor.collapsed(HTMLText.withoutMarkers(rewritten))
                scans[index] = scan
            } else if let bare = scanner.scanBareHours() {
                let written = String(String.UnicodeScalarView(scanner.scalars[..<bare.endIndex])).trimmingSpaces
                guard usesMeridiem else {
                    draft.diagnostics.append(
                        .warning(
                            line: line.number,
                            "'\(written)' may be hours, but the programme gives no am or pm and no minutes; "
                                + "the line was read as text. Write it as 09:00-10:00"
                        )
                    )
                    continue
                }
                let start = bare.start == 12 ? 12 : (bare.start >= 7 ? bare.start : bare.start + 12)
                let end = [bare.end % 12, bare.end % 12 + 12].first { $0 > start } ?? bare.end
                let times = String(format: "%02d:00-%02d:00", start, end)
                let rest = String(String.UnicodeScalarView(scanner.scalars[bare.endIndex...]))
                let rewritten = times + rest
                let scan = TimeRangeScanner(rewritten).scanStart()
                guard case .times = scan else { continue }
                draft.diagnostics.append(
                    .warning(
                        line: line.number,
                        "'\(written)' has no am or pm; read as \(times), as the programme's other times "
                            + "say am or pm. Write it as '\(times)' to be sure"
                    )
                )
                lines[index].text = rewritten
                lines[index].plain = PeopleExtractor.collapsed(HTMLText.withoutMarkers(rewritten))
                scans[index] = scan
            }
        }
    }

    /// `1:30 - 3:00` in a programme whose other times say am or pm: before 7 o'clock it is
    /// the afternoon, as everyone reading the programme takes it; said in a warning.
    private mutating func readAfternoonHours(_ scans: inout [TimeRangeScanner.Scan]) {
        let hour = 3600
        for index in scans.indices {
            guard case .times(var span) = scans[index] else { continue }
            let text = span.text.lowercased()
            guard !["am", "pm", "a.m", "p.m", "noon", "midnight"].contains(where: text.contains),
                text.first != "0", span.start.secondsSinceMidnight < 7 * hour,
                span.start.secondsSinceMidnight >= hour,
                let start = LocalTime(secondsSinceMidnight: span.start.secondsSinceMidnight + 12 * hour)
            else { continue }
            var end = span.end
            if let old = span.end, old.secondsSinceMidnight < 12 * hour {
                end = LocalTime(secondsSinceMidnight: old.secondsSinceMidnight + 12 * hour)
            }
            span.start = start
            span.end = end
            scans[index] = .times(span)
            let reading = end.map { "\(start)-\($0)" } ?? "\(start)"
            draft.diagnostics.append(
                .warning(
                    line: lines[index].number,
                    "'\(span.text)' has no am or pm; read as \(reading), as the programme's other times say "
                        + "am or pm. Write it with pm to be sure"
                )
            )
        }
    }

    /// `(Geneva time)`: a place that names the programme's zone, when it is a place we know.
    private mutating func notePlaceHint(_ hint: String, line: Int) {
        guard let zone = VenueTimeZones.zone(forVenue: hint) else { return }
        if let placeHint, placeHint.zone != zone {
            report(
                .error(
                    line: line,
                    "the times here are '\(hint.excerpt())' but line \(placeHint.line) gives "
                        + "'\(placeHint.text.excerpt())'; a programme has one time zone"
                )
            )
            return
        }
        if placeHint == nil { placeHint = (zone, hint, line) }
    }

    // MARK: - Header

    private enum HeaderLine { case none, title, other }

    private mutating func readHeader(_ header: ArraySlice<ProgrammeLine>) {
        var previous = HeaderLine.none
        var read = 0
        for line in header {
            if line.isOverlong { noteOverlong(line) }
            guard !line.isBlank else { continue }
            read += 1
            if read > Self.maximumHeaderLines { break }
            let plain = Self.withoutHeadingMarks(line.plain)
            if let heading = DayHeading.read(plain) {
                headerDay = (heading, plain, line.number)
                previous = .other
                continue
            }
            if readLabel(plain, line: line) {
                previous = .other
                continue
            }
            if ProgrammeLine.isDecoration(plain) {
                skip(line, "a decoration, not text")
                previous = .other
                continue
            }
            if ProgrammeLine.isPartOfDayHeading(plain) {
                skip(line, "a heading for part of the day, not the title")
                previous = .other
                continue
            }
            if plain.utf8.count <= 200, let found = DateScanner.find(in: plain),
                found.otherWords <= 3 || ProgrammeLine.looksLikeVenue(found.remainder, strongOnly: true),
                !Self.isDocumentDate(plain)
            {
                if draft.date == nil, let date = found.date() {
                    draft.date = date
                    draft.dateLine = line.number
                } else if let first = draft.date, let dateLine = draft.dateLine,
                    let other = found.date(contextYear: first.year), other != first
                {
                    // Not guessed silently: the first date of the header dates the programme.
                    draft.diagnostics.append(
                        .warning(
                            line: line.number,
                            "a second date in the header ('\(plain.excerpt())'); the programme is dated "
                                + "\(first) from line \(dateLine). Put a date heading just above the rows it dates"
                        )
                    )
                }
                if draft.venue == nil, ProgrammeLine.looksLikeVenue(found.remainder, strongOnly: false) {
                    setVenue(found.remainder, line: line.number)
                }
                previous = .other
                continue
            }
            if line.mayHaveDigit, Self.isDocumentDate(plain), DateScanner.find(in: plain) != nil {
                skip(line, "it dates the document, not the meeting")  // "Provisional programme (as of 14 May 2018)"
                continue
            }
            if let roles = ProgrammeLine.columnRoles(of: line.text) {
                columnRoles = roles
                continue
            }
            if ProgrammeLine.isBoilerplate(plain) {
                skip(line, "a heading such as 'Programme' or 'Draft', not the title")
                continue
            }
            if draft.venue == nil, ProgrammeLine.looksLikeVenue(plain, strongOnly: draft.title == nil) {
                setVenue(plain, line: line.number)
                previous = .other
                continue
            }
            let words = plain.split(separator: " ").count
            if words > 25 || plain.count > 220 {
                previous = .other
                skip(line, "a description in the header (over 25 words), not a title")
                continue
            }
            if fallbackDate == nil, let date = DateScanner.find(in: plain)?.date(), !Self.isDocumentDate(plain) {
                fallbackDate = (date, line.number)
            }
            if draft.title == nil {
                draft.title = Self.titleText(plain)
                previous = .title
            } else if draft.subtitle == nil, previous == .title {
                draft.subtitle = Self.titleText(plain)
                previous = .other
            } else {
                skip(line, "header text after the title and subtitle")
                previous = .other
            }
        }
    }

    /// Reads a "Time zone:" or "Venue:" line; false when the line is neither.
    private mutating func readLabel(_ plain: String, line: ProgrammeLine) -> Bool {
        if let value = ProgrammeLine.labelValue(plain, labels: ProgrammeLine.timeZoneLabels) {
            setExplicitZone(value, line: line.number)
            return true
        }
        if let value = ProgrammeLine.labelValue(plain, labels: ProgrammeLine.venueLabels) {
            if draft.venue == nil { setVenue(value, line: line.number) }
            return true
        }
        return false
    }

    private mutating func setVenue(_ venue: String, line: Int) {
        draft.venue = venue
        draft.venueLine = line
    }

    private mutating func setExplicitZone(_ value: String, line: Int) {
        let token = String(value.prefix(while: { !$0.isWhitespace && $0 != "(" && $0 != "," && $0 != ";" }))
        if let explicitZone, explicitZone.value != token {
            report(
                .error(
                    line: line,
                    "a second time zone '\(token.excerpt())' (line \(explicitZone.line) gave "
                        + "'\(explicitZone.value.excerpt())'); a programme has one time zone"
                )
            )
            return
        }
        explicitZone = (token, line)
    }

    /// "Provisional programme (as of 14 May 2018)" dates the document, not the meeting.
    private static func isDocumentDate(_ plain: String) -> Bool {
        let lower = plain.lowercased()
        return ["as of", "as at", "updated", "revised", "version", "printed", "issued", "état au", "mise à jour"]
            .contains(where: lower.contains)
    }

    /// A markdown heading's `#` marks removed.
    private static func withoutHeadingMarks(_ plain: String) -> String {
        guard plain.first == "#" else { return plain }
        return plain.drop(while: { $0 == "#" }).trimmingSpaces
    }

    /// A title without the punctuation that joined it to what followed.
    private static func titleText(_ text: String) -> String {
        var title = Substring(PeopleExtractor.collapsed(text))
        while let last = title.last,
            ":|;,".contains(last) || TimeRangeScanner.isDash(last.unicodeScalars.first ?? " ")
        {
            title = Substring(title.dropLast().trimmingSpaces)
        }
        return String(title)
    }

    // MARK: - Rows

    private mutating func readBody(_ firstRow: Int, scans: [TimeRangeScanner.Scan]) {
        var afterBlank = false
        for index in firstRow..<lines.count {
            let line = lines[index]
            if line.isOverlong { noteOverlong(line) }
            if line.isBlank {
                afterBlank = true
                continue
            }
            defer { afterBlank = false }
            switch scans[index] {
            case .times(let span):
                startRow(span, line: line)
                continue
            case .unreadable(let message):
                finishItem()
                report(.error(line: line.number, message))
                skippingText = true
                skipReason = "text of the row on line \(line.number), whose time cannot be read"
                continue
            case .none:
                break
            }
            let plain = line.plain
            if line.mayHaveColon, let value = ProgrammeLine.labelValue(plain, labels: ProgrammeLine.timeZoneLabels) {
                setExplicitZone(value, line: line.number)
                continue
            }
            // Headings are short; a long line is text, however many dates it mentions.
            if line.mayHaveDigit, plain.utf8.count <= 80, let found = DateScanner.find(in: plain),
                found.otherWords == 0
            {
                switchDate(found, line: line)
                continue
            }
            if current?.titleNeeded != true, let heading = DayHeading.read(plain) {
                switchDay(heading, text: plain, line: line.number)
                continue
            }
            if ProgrammeLine.isDecoration(plain) {
                skip(line, "a decoration, not text")
                continue
            }
            if let item = current, item.titleNeeded, !skippingText {
                // "11:00" then "End" on the next line: it only ends the item before.
                if item.span.end == nil, Self.isEndMarker(plain) {
                    current = nil
                    skippingText = true
                    skip(line, "'\(plain.excerpt())' only ends the item before it")
                    skipReason = "text under '\(plain.excerpt())', which ends the programme"
                    continue
                }
                // The line under a time on its own is the item's title, whatever it looks like.
                addText(line, afterBlank: afterBlank)
                continue
            }
            if current?.titleNeeded != true, !line.isBullet, ProgrammeLine.isPartOfDayHeading(plain) {
                skip(line, "a heading for part of the day, not part of an item")
                continue
            }
            if line.mayHaveCells, let roles = ProgrammeLine.columnRoles(of: line.text) {
                columnRoles = roles
                continue
            }
            // "Speakers:" over a list is a heading, not a column title.
            if !line.mayHaveDigit, ProgrammeLine.isBoilerplate(plain), RolePhrase.match(plain) == nil {
                skip(line, "a heading such as 'Programme', not part of an item")
                continue
            }
            guard !skippingText, current != nil else {
                skip(line, skipReason)
                continue
            }
            addText(line, afterBlank: afterBlank)
        }
        finishItem()
        endOpenItem(at: nil)
        if !unendedItems.isEmpty {
            draft.items = draft.items.enumerated().filter { !unendedItems.contains($0.offset) }.map(\.element)
        }
    }

    private mutating func startRow(_ span: TimeSpan, line: ProgrammeLine) {
        if countingOnly {
            draft.items.append(DraftItem(line: line.number, title: "", start: span.start, end: span.end ?? span.start))
            return
        }
        finishItem()
        skippingText = false
        endOpenItem(at: span.start)
        if let zone = span.zone { zoneSuffixes.append((zone, line.number)) }

        let scalars = Array(line.text.unicodeScalars)
        var bold = false
        for scalar in scalars[..<span.endIndex] where TimeRangeScanner.isMarker(scalar) {
            bold = scalar == HTMLText.boldOn
        }
        var start = span.endIndex
        while start < scalars.count {
            let scalar = scalars[start]
            if scalar == HTMLText.boldOff {
                bold = false
            } else if !(scalar == " " || scalar == ")" || scalar == "]" || scalar == ":" || scalar == ","
                || scalar == "." || TimeRangeScanner.isDash(scalar))
            {
                break
            }
            start += 1
        }
        // Past the budget only the title is wanted, and it is near the start.
        let readsPeople = peopleBudgetLeft > 0
        let restEnd = readsPeople ? scalars.count : min(scalars.count, start + 600)
        let rest = String(String.UnicodeScalarView(scalars[start..<max(start, restEnd)]))
        // The first piece is what is left of the cell holding the (end) time.
        var cellIndex = span.cellsCrossed - 1
        var title = ""
        var segments: [PeopleExtractor.Segment] = []
        let isPipeRow = line.text.contains("|")
        let cells = rest.split(omittingEmptySubsequences: false) { $0 == "\t" || (isPipeRow && $0 == "|") }
        for cell in cells {
            cellIndex += 1
            guard !HTMLText.withoutMarkers(cell).trimmingSpaces.isEmpty else { continue }
            if title.isEmpty {
                let (cellTitle, remainder) = Self.title(of: cell, bold: bold)
                title = cellTitle
                if !readsPeople { break }
                segments += remainder.map { PeopleExtractor.Segment(text: $0, columnRole: columnRoles[cellIndex]) }
            } else {
                segments += HTMLText.segments(of: cell).map {
                    PeopleExtractor.Segment(text: $0, columnRole: columnRoles[cellIndex])
                }
            }
        }

        if span.end == nil, Self.isEndMarker(title) {
            skippingText = true  // "13:00 End": it only ends the item before.
            skip(line, "'\(title.excerpt())' only ends the item before it")
            skipReason = "text under '\(title.excerpt())', which ends the programme"

            return
        }
        current = OpenItem(line: line.number, span: span, title: title, date: currentDate, titleNeeded: title.isEmpty)
        if !segments.isEmpty {
            current?.body.append(BodyLine(segments: segments, plain: "", afterBlank: false, isBullet: false))
        }
    }

    /// The title of a row's first cell: its bold part when it opens with one, else its first
    /// segment, cut before a role phrase ("Opening. Remarks by ..."); and the rest of the cell.
    private static func title(of cell: some StringProtocol, bold: Bool) -> (String, [String]) {
        let text = cell.trimmingSpaces
        var title: String
        var rest: [String]
        if bold || text.unicodeScalars.first == HTMLText.boldOn {
            let body = text.unicodeScalars.drop(while: { $0 == HTMLText.boldOn })
            let end = body.firstIndex(of: HTMLText.boldOff) ?? body.endIndex
            title = HTMLText.plain(String(body[..<end]))
            rest = HTMLText.segments(of: String(body[end...]))
            if title.isEmpty, !rest.isEmpty { title = rest.removeFirst() }
        } else {
            rest = HTMLText.segments(of: text)
            title = rest.isEmpty ? "" : rest.removeFirst()
        }
        if let cut = RolePhrase.laterStarts(in: title).first {
            rest.insert(title[cut...].trimmingSpaces, at: 0)
            title = String(title[..<cut])
        }
        return (titleText(title), rest)
    }

    private static let endMarkers: Set<String> = [
        "end", "end of meeting", "end of the meeting", "end of session", "end of the session", "end of day",
        "end of the day", "close", "close of meeting", "close of the meeting", "closure", "adjournment", "adjourn",
        "meeting adjourned", "meeting adjourns", "meeting ends", "fin", "fin de la réunion", "fin de la séance",
        "levée de la séance", "fin de la sesión",
    ]

    private static func isEndMarker(_ title: String) -> Bool {
        let words = title.lowercased().split(whereSeparator: { !$0.isLetter })
        if endMarkers.contains(words.joined(separator: " ")) { return true }
        // "End of the hearing", "Close of the first day", "Fin de la jornada".
        guard words.count >= 3, words.count <= 5, words[1] == "of" || words[1] == "de" else { return false }
        return ["end", "close", "fin"].contains(words[0])
    }

    /// A line of an item's text: a title still wanted, a bullet's wrapped line, or more text.
    private mutating func addText(_ line: ProgrammeLine, afterBlank: Bool) {
        // Taken out, not copied, so the body grows in place.
        guard var item = current.take() else { return }
        defer { current = item }
        guard item.body.count < Self.maximumItemLines else {
            if !longItemWarned {
                longItemWarned = true
                draft.diagnostics.append(
                    .warning(
                        line: line.number,
                        "the item on line \(item.line) has more than "
                            + "\(Self.maximumItemLines) lines of text; the rest was not read"
                    )
                )
            }
            return
        }
        if item.titleNeeded {
            item.titleNeeded = false
            // "Panel" alone is a title; "Panel: Ms. A, Mr. B" is people.
            if line.isBullet || RolePhrase.match(line.plain).map({ !$0.rest.isEmpty }) == true {
                // People, not a title: the assembler reports the item as untitled.
                item.body.append(
                    BodyLine(
                        segments: HTMLText.segments(of: line.text).map { .init(text: $0, isBullet: line.isBullet) },
                        plain: line.plain,
                        afterBlank: afterBlank,
                        isBullet: line.isBullet
                    )
                )
                return
            }
            let (title, rest) = Self.title(of: line.text, bold: false)
            item.title = title
            if !rest.isEmpty {
                item.body.append(
                    BodyLine(
                        segments: rest.map { .init(text: $0) },
                        plain: "",
                        afterBlank: false,
                        isBullet: false
                    )
                )
            }
            return
        }
        if !line.isBullet, !afterBlank, let last = item.body.last, last.isBullet,
            line.isIndented || !(last.plain.hasSuffix(".") || last.plain.hasSuffix(";")),
            RolePhrase.match(line.plain) == nil, !PeopleExtractor.startsWithHonorific(line.plain),
            var segment = last.segments.last
        {
            // A bullet whose name or position wraps onto the next line.
            segment.text += " " + line.plain
            item.body[item.body.count - 1].segments[last.segments.count - 1] = segment
            item.body[item.body.count - 1].plain += " " + line.plain
            return
        }
        let isPipeRow = line.text.contains("|")
        var segments: [PeopleExtractor.Segment] = []
        for (index, cell) in (isPipeRow ? ProgrammeLine.cells(of: line.text) : [line.text]).enumerated() {
            let role = isPipeRow ? columnRoles[index] : nil
            segments += HTMLText.segments(of: cell).map {
                PeopleExtractor.Segment(text: $0, isBullet: line.isBullet, columnRole: role)
            }
        }
        item.body.append(
            BodyLine(
                segments: segments,
                plain: line.plain,
                afterBlank: afterBlank,
                isBullet: line.isBullet,
                number: line.number
            )
        )
    }

    private mutating func finishItem() {
        guard var item = current.take() else { return }
        // A short line after a blank one, at the end of an item's text, heads what follows
        // ("Afternoon session", "Organised by ..."): it is not part of the item.
        while let last = item.body.last, last.afterBlank, !last.isBullet, Self.looksLikeHeading(last.plain) {
            let heading = item.body.removeLast()
            if let number = heading.number {
                skipped.append(SkippedLine(line: number, text: heading.plain, reason: Self.headingReason))
            }
        }
        // "Déjeuner libre" under the last item of the morning names the gap that follows.
        var breakTitle: String?
        if let last = item.body.last, !last.isBullet, let number = last.number, last.segments.count == 1,
            last.plain.split(separator: " ").count <= 4, AgendaAssembler.looksLikeBreak(last.plain),
            RolePhrase.match(last.plain) == nil
        {
            item.body.removeLast()
            breakTitle = Self.titleText(last.plain)
            skipped.append(
                SkippedLine(
                    line: number,
                    text: last.plain,
                    reason: "a break without times of its own: it names the gap after the item above, if there is one"
                )
            )
        }
        var people: [Person] = []
        var notes: String?
        let segments = item.body.flatMap(\.segments)
        peopleBudgetLeft -= segments.reduce(item.title.utf8.count) { $0 + $1.text.utf8.count }
        if peopleBudgetLeft >= 0 {
            if let phrase = RolePhrase.match(item.title), !phrase.rest.isEmpty {
                // "Remarks by the Chair" names a role to fill; "Keynote: a decade of containers" names
                // a topic, not a person: a placeholder from a title is kept only for a short position.
                people = extractor.extract([.init(text: item.title)]).people.filter {
                    !$0.isPlaceholder || ($0.position?.split(separator: " ").count ?? 0) <= 2
                }
            }
            let extraction = extractor.extract(segments)
            for person in extraction.people where !people.contains(person) { people.append(person) }
            notes = Self.notes(extraction.leftovers)
        } else if !budgetWarned {
            budgetWarned = true
            draft.diagnostics.append(
                .warning(
                    line: item.line,
                    "the file has more text than any programme; "
                        + "people are not read from this item on"
                )
            )
        }
        if item.span.end == nil {
            openEnded = draft.items.count
            if !openEndedWarned {
                openEndedWarned = true
                draft.diagnostics.append(
                    .warning(
                        line: item.line,
                        "'\(item.span.text) \(item.title.excerpt())' gives only a start time; "
                            + "items without an end time run until the next item starts"
                    )
                )
            }
        }
        draft.items.append(
            DraftItem(
                line: item.line,
                title: item.title,
                date: item.date,
                start: item.span.start,
                end: item.span.end ?? item.span.start,
                people: people,
                notes: notes,
                breakTitle: breakTitle
            )
        )
    }

    /// Ends the item that had only a start time at `time`, or reports it when nothing ends it.
    private mutating func endOpenItem(at time: LocalTime?) {
        guard let index = openEnded else { return }
        openEnded = nil
        if let time {
            draft.items[index].end = time
        } else {
            let item = draft.items[index]
            unendedItems.insert(index)
            let example = "\(item.start)-\(Self.example(after: item.start))"
            report(
                .error(
                    line: item.line,
                    "'\(item.start) \(item.title.excerpt())' has a start time but no end, "
                        + "and no row follows it on the same day; write it as a range such as '\(example)'"
                )
            )
        }
    }

    private static func example(after time: LocalTime) -> LocalTime {
        LocalTime(secondsSinceMidnight: min(time.secondsSinceMidnight + 3600, 86_340)) ?? time
    }

    private static func looksLikeHeading(_ plain: String) -> Bool {
        plain.split(separator: " ").count <= 8 && !plain.contains(":") && RolePhrase.match(plain) == nil
            && !PeopleExtractor.startsWithHonorific(plain) && !Person.isPlaceholderName(plain)
    }

    private static func notes(_ leftovers: [String]) -> String? {
        let meaningful = leftovers.filter { !ProgrammeLine.isDecoration($0) }
        let text = PeopleExtractor.collapsed(meaningful.joined(separator: " "))
        guard !text.isEmpty else { return nil }
        guard text.count > maximumNotesLength else { return text }
        let cut = text.prefix(maximumNotesLength)
        let words = cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut
        return words.trimmingSpaces + "…"
    }

    private mutating func switchDate(_ found: DateScanner.Found, line: ProgrammeLine) {
        finishItem()
        endOpenItem(at: nil)
        skippingText = true
        skipReason = "text under the date heading on line \(line.number), before the next timed row"
        guard let date = found.date(contextYear: currentDate?.year ?? draft.date?.year) else {
            report(
                .error(
                    line: line.number,
                    "the date heading '\(line.plain.excerpt())' is not a date with a year; "
                        + "write it in full, such as 'Tuesday, 22 May 2018'"
                )
            )
            return
        }
        currentDate = date
        if draft.date == nil {
            draft.date = date
            draft.dateLine = line.number
        }
    }

    /// Places a heading such as `Day 2 – Tuesday` from the programme's first date, checking its
    /// weekday; one that cannot be placed is an error, so no item lands on a guessed day.
    private mutating func switchDay(_ heading: DayHeading, text: String, line: Int) {
        finishItem()
        endOpenItem(at: nil)
        skippingText = true
        skipReason = "text under the day heading on line \(line), before the next timed row"
        let quoted = "'\(text.excerpt())'"
        let date: LocalDate
        if let number = heading.dayNumber {
            guard let first = draft.date else {
                report(
                    .error(
                        line: line,
                        "the day heading \(quoted) cannot be placed: no date comes before it; "
                            + "give its date, such as 'Day \(number) – Tuesday, 22 May 2018'"
                    )
                )
                return
            }
            date = first.adding(days: number - 1)
        } else {
            guard let base = currentDate ?? draft.date, let weekday = heading.weekday else {
                report(
                    .error(
                        line: line,
                        "the day heading \(quoted) cannot be placed: no date comes before it; "
                            + "give its date, such as 'Tuesday, 22 May 2018'"
                    )
                )
                return
            }
            var offset = (weekday - DayHeading.weekday(of: base) + 7) % 7
            if offset == 0, draft.items.contains(where: { ($0.date ?? draft.date) == base }) { offset = 7 }
            date = base.adding(days: offset)
        }
        let weekdayName = DayHeading.weekdayNames[DayHeading.weekday(of: date)]
        if let weekday = heading.weekday, weekday != DayHeading.weekday(of: date) {
            report(
                .error(
                    line: line,
                    "the day heading \(quoted) names a \(DayHeading.weekdayNames[weekday]), but counted from "
                        + "\(draft.date.map { "\($0)" } ?? "the first date") it falls on \(weekdayName) \(date); "
                        + "give its date, such as '\(DayHeading.weekdayNames[weekday]), 22 May 2018'"
                )
            )
            return
        }
        if let current = currentDate, date < current {
            report(
                .error(
                    line: line,
                    "the day heading \(quoted) falls on \(date), before the day above it (\(current)); "
                        + "give its date in full"
                )
            )
            return
        }
        currentDate = date
        draft.diagnostics.append(.warning(line: line, "the day heading \(quoted) is read as \(weekdayName) \(date)"))
    }

    // MARK: - Time zone and diagnostics

    private mutating func resolveTimeZone() {
        let year = draft.date?.year ?? 2024
        if let explicitZone {
            draft.timeZoneLine = explicitZone.line
            let base = String(explicitZone.value.prefix(while: \.isLetter))
            if VenueTimeZone(identifier: explicitZone.value) == nil, ZoneAbbreviations.isKnown(base) {
                let reading = ZoneAbbreviations.read(explicitZone.value, venue: draft.venue, year: year)
                draft.diagnostics.append(.warning(line: explicitZone.line, reading.warning))
                draft.timeZone = reading.zone
                if reading.zone == nil { draft.timeZoneLine = nil }
            } else {
                draft.timeZone = explicitZone.value
            }
            return
        }
        guard let first = zoneSuffixes.first else {
            if let placeHint {
                draft.timeZone = placeHint.zone
                draft.timeZoneLine = placeHint.line
                draft.diagnostics.append(
                    .warning(line: placeHint.line, "time zone \(placeHint.zone), from '(\(placeHint.text))'")
                )
            }
            return
        }
        var readings: [String: ZoneAbbreviations.Reading] = [:]
        func reading(_ zone: String) -> ZoneAbbreviations.Reading {
            if let known = readings[zone] { return known }
            let reading = ZoneAbbreviations.read(zone, venue: draft.venue, year: year)
            readings[zone] = reading
            return reading
        }
        let chosen = reading(first.zone)
        draft.diagnostics.append(.warning(line: first.line, chosen.warning))
        if let zone = chosen.zone {
            draft.timeZone = zone
            draft.timeZoneLine = first.line
        }
        for other in zoneSuffixes.dropFirst() where reading(other.zone).zone != chosen.zone {
            report(
                .error(
                    line: other.line,
                    "the times here are marked '\(other.zone)' but line \(first.line) marks "
                        + "them '\(first.zone)'; a programme has one time zone"
                )
            )
        }
    }

    private mutating func report(_ error: Diagnostic) {
        draft.report(error)
    }

    private mutating func skip(_ line: ProgrammeLine, _ reason: String) {
        skipped.append(SkippedLine(line: line.number, text: line.plain, reason: reason))
    }

    private mutating func noteOverlong(_ line: ProgrammeLine) {
        overlong = (count: (overlong?.count ?? 0) + 1, firstLine: overlong?.firstLine ?? line.number)
    }
}
