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
    private let lines: [ProgrammeLine]
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
        let firstRow = scans.firstIndex(where: { $0 != .none }) ?? lines.count
        let rowCount = scans.count { if case .times = $0 { true } else { false } }
        countingOnly = rowCount > AgendaAssembler.maximumItems
        readHeader(lines[..<firstRow])
        currentDate = draft.date
        readBody(firstRow, scans: scans)
        if draft.date == nil, let fallbackDate {
            draft.date = fallbackDate.date
            draft.dateLine = fallbackDate.line
        }
        resolveTimeZone()
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
            if readLabel(plain, line: line) || ProgrammeLine.isDecoration(plain) {
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
                }
                if draft.venue == nil, ProgrammeLine.looksLikeVenue(found.remainder, strongOnly: false) {
                    setVenue(found.remainder, line: line.number)
                }
                previous = .other
                continue
            }
            if line.mayHaveDigit, Self.isDocumentDate(plain), DateScanner.find(in: plain) != nil {
                continue  // "Provisional programme (as of 14 May 2018)"
            }
            if let roles = ProgrammeLine.columnRoles(of: line.text) {
                columnRoles = roles
                continue
            }
            if ProgrammeLine.isBoilerplate(plain) { continue }
            if draft.venue == nil, ProgrammeLine.looksLikeVenue(plain, strongOnly: draft.title == nil) {
                setVenue(plain, line: line.number)
                previous = .other
                continue
            }
            let words = plain.split(separator: " ").count
            if words > 25 || plain.count > 220 {
                previous = .other  // A description, not a title.
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
            if ProgrammeLine.isDecoration(plain) { continue }
            if line.mayHaveCells, let roles = ProgrammeLine.columnRoles(of: line.text) {
                columnRoles = roles
                continue
            }
            // "Speakers:" over a list is a heading, not a column title.
            if !line.mayHaveDigit, ProgrammeLine.isBoilerplate(plain), RolePhrase.match(plain) == nil { continue }
            guard !skippingText, current != nil else { continue }
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
        return endMarkers.contains(words.joined(separator: " "))
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
            if line.isBullet || RolePhrase.match(line.plain) != nil {
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
                isBullet: line.isBullet
            )
        )
    }

    private mutating func finishItem() {
        guard var item = current.take() else { return }
        // A short line after a blank one, at the end of an item's text, heads what follows
        // ("Afternoon session", "Organised by ..."): it is not part of the item.
        while let last = item.body.last, last.afterBlank, !last.isBullet, Self.looksLikeHeading(last.plain) {
            item.body.removeLast()
        }
        var people: [Person] = []
        var notes: String?
        let segments = item.body.flatMap(\.segments)
        peopleBudgetLeft -= segments.reduce(item.title.utf8.count) { $0 + $1.text.utf8.count }
        if peopleBudgetLeft >= 0 {
            if let phrase = RolePhrase.match(item.title), !phrase.rest.isEmpty {
                people = extractor.extract([.init(text: item.title)]).people
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
                notes: notes
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
        guard let first = zoneSuffixes.first else { return }
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

    private mutating func noteOverlong(_ line: ProgrammeLine) {
        overlong = (count: (overlong?.count ?? 0) + 1, firstLine: overlong?.firstLine ?? line.number)
    }
}
