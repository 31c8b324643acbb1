/// A clock time as written on a programme, before the am/pm and range rules apply.
struct WrittenTime: Equatable {
    enum Meridiem { case am, pm, noon, midnight }
    enum Form { case colon, dot, letterH, compact, bareHour, word }

    var hour: Int
    var minute: Int
    var second = 0
    var meridiem: Meridiem?
    var form: Form
    /// `0900 hrs`, `10 h`.
    var hasHoursSuffix = false
    /// As written, for messages.
    var text = ""

    /// Written so that it can only be a clock time: `10:40`, `10h40`, `9 am`, `noon`, `0900 hrs`.
    /// `10.40` and a bare `10` or `0900` could be section numbers or years.
    var isUnmistakable: Bool {
        form == .colon || form == .letterH || form == .word || meridiem != nil || hasHoursSuffix
    }

    /// A number with nothing that says it is a time (`2`, `0900`).
    var isBare: Bool { (form == .bareHour || form == .compact) && meridiem == nil && !hasHoursSuffix }

    private var meridiemHours: String { "with am/pm, hours run 1-12" }

    /// The time on a 24-hour clock, reading it with `meridiem` (the time's own if nil).
    func resolved(meridiem override: Meridiem? = nil) -> Result<LocalTime, TimeProblem> {
        var hour = hour
        switch override ?? meridiem {
        case .am?:
            guard (1...12).contains(hour) else { return .failure(.init("'\(text)' is not a time: \(meridiemHours)")) }
            hour %= 12
        case .pm?:
            // "13:00 pm" is redundant but clear; "0 pm" is not.
            guard (1...23).contains(hour) else { return .failure(.init("'\(text)' is not a time: \(meridiemHours)")) }
            if hour < 12 { hour += 12 }
        case .noon?:
            guard hour == 12 || form == .word, minute == 0 else {
                return .failure(.init("'\(text)' is not a time: noon is 12:00"))
            }
            hour = 12
        case .midnight?:
            hour = 0
        case nil:
            break
        }
        if hour == 24, minute == 0, second == 0 {
            return .failure(.init("'\(text)' is not a time of day: items cannot run past midnight; end at 23:59"))
        }
        guard let time = LocalTime(hour: hour, minute: minute, second: second) else {
            return .failure(.init("'\(text)' is not a time of day: hours run 0-23 and minutes 0-59"))
        }
        return .success(time)
    }
}

/// Why a time could not be read, in words for the user.
struct TimeProblem: Error, Equatable {
    enum Side { case start, end }
    var message: String
    var side: Side = .start

    init(_ message: String, side: Side = .start) {
        self.message = message
        self.side = side
    }
}

/// The times at the start of a programme row.
struct TimeSpan: Equatable {
    var start: LocalTime
    /// nil when the row gives only a start time (`10:00 Opening`).
    var end: LocalTime?
    /// A zone suffix as written: `GMT`, `CET`, `UTC+2`.
    var zone: String?
    /// The scalar index just after the times and their zone.
    var endIndex: Int
    /// How many cell separators (`|` or tab) lie between the times (`10:00 | 10:40` crosses one).
    var cellsCrossed: Int
    /// The times as written, for messages.
    var text: String
}

/// Finds and reads the times programmes print: `10:00-10:40`, `12:40 – 13:00`, `10.20`, `10h20`,
/// `9:30 am – 12 noon`, `2 – 3 pm`, `10:00 to 10:40`, `0900-1030 GMT`, `10:00 | 10:40`.
///
/// Works on an array of Unicode scalars with plain index arithmetic, looking only a few
/// characters ahead, so a line of any content is read in time linear in its length.
struct TimeRangeScanner {
    enum Scan: Equatable {
        case times(TimeSpan)
        /// Something that looks like times but cannot be read; the message says why.
        case unreadable(String)
        case none
    }

    private enum Written {
        case time(WrittenTime, next: Int)
        /// Looks like a time (`10:4O`, `10:`) but is not one; `next` is past the bad part.
        case malformed(next: Int)
        case none
    }

    let scalars: [Unicode.Scalar]

    init(_ scalars: [Unicode.Scalar]) {
        self.scalars = scalars
    }

    init(_ text: some StringProtocol) {
        self.scalars = Array(text.unicodeScalars)
    }

    /// Reads the times at the start of the line (after spaces, bold markers, `|`, `(`, `[`).
    func scanStart() -> Scan {
        var i = skip(from: 0, over: { " \t|([".unicodeScalars.contains($0) || Self.isMarker($0) })
        if let next = word(at: i, in: ["from", "de", "desde", "entre", "von"]), next < scalars.count,
            scalars[next] == " "
        {
            let afterWord = skipFiller(from: next)
            if afterWord < scalars.count, Self.isDigit(scalars[afterWord]) { i = afterWord }
        }
        let begin = i
        let first = written(at: i)
        guard case .time(let start, let afterStart) = first else {
            if case .malformed(let next) = first {
                return .unreadable(
                    "'\(snippet(begin, next))' looks like a time but cannot be read; "
                        + "write times as 10:40, 10.40, 10h40 or 10:40 am"
                )
            }
            return .none
        }
        var k = skipFiller(from: afterStart)
        var separator: Separator?
        if k < scalars.count, Self.isDash(scalars[k]) {
            separator = .dash
            k += 1
        } else if let next = word(at: k, in: ["to", "till", "until", "à", "a", "al", "hasta", "bis", "au"]),
            next < scalars.count, scalars[next] == " "
        {
            separator = .word
            k = next
        } else if k < scalars.count, scalars[k] == "|" || scalars[k] == "\t" {
            separator = .cell
            k = skip(from: k, over: { $0 == "|" || $0 == "\t" || $0 == " " || Self.isMarker($0) })
        }
        if let separator {
            let m = skipFiller(from: k)
            switch written(at: m) {
            case .time(let end, let afterEnd):
                let (zone, afterZone) = zoneSuffix(at: afterEnd)
                switch Self.pair(start, end, zoneGiven: zone != nil) {
                case .success(let (from, to)):
                    return .times(span(from, to, zone, begin, afterZone))
                case .failure(let problem):
                    return .unreadable(problem.message)
                case nil:
                    return .none
                }
            case .malformed(let next):
                guard start.isUnmistakable || separator != .cell else { return .none }
                return .unreadable(
                    "'\(snippet(begin, next))' looks like a time range but its end cannot be read; "
                        + "write it as 10:00-10:40"
                )
            case .none:
                if separator == .cell { break }
                let rest = m < scalars.count ? scalars[m] : " "
                if rest.properties.isAlphabetic || Self.isMarker(rest) || rest == "\"" || rest == "\u{201C}" {
                    break  // `10:00 – Opening`: a start time, then the title.
                }
                guard start.isUnmistakable else { return .none }
                return .unreadable(
                    "'\(snippet(begin, min(m + 1, scalars.count)))' looks like a time range "
                        + "but has no readable end; write it as 10:00-10:40"
                )
            }
        }
        // Only a start time.
        guard start.isUnmistakable || (start.form == .compact && zoneSuffix(at: afterStart).zone != nil) else {
            return .none
        }
        let (zone, afterZone) = zoneSuffix(at: afterStart)
        switch start.resolved() {
        case .success(let time):
            return .times(span(time, nil, zone, begin, afterZone))
        case .failure(let problem):
            return .unreadable(problem.message)
        }
    }

    private enum Separator { case dash, word, cell }

    /// A time range after the title, as some programmes print it:
    /// `Session 2 — 2:00pm – 3:30pm (Geneva time)`. The range must end the line, but for a
    /// hint in parentheses; it must be a range (a lone time after a title is too often a
    /// deadline or a mention). Returns the line rewritten times first, and the hint.
    func scanAfterTitle() -> (rewritten: String, hint: String?)? {
        var i = 1
        var tried = 0
        while i < scalars.count, tried < 4 {
            let mark = scalars[i]
            // A column gap (two spaces or more, as pdftotext -layout aligns) separates too.
            let isColumnGap = mark == " " && scalars[i - 1] == " "
            let isSeparator =
                Self.isDash(mark) || mark == "|" || mark == "\t" || mark == "," || isColumnGap || mark == "("
                || (mark == ":" && !Self.isDigit(scalars[i - 1]))
            guard isSeparator,
                scalars[i - 1] == " " || mark == ":" || mark == "," || mark == "\t" || mark == "|" || isColumnGap
            else {
                i += 1
                continue
            }
            let j = skip(from: i + 1, over: { $0 == " " || $0 == "\t" || Self.isMarker($0) })
            guard j < scalars.count, j > i + 1 || mark == "\t" || mark == "(" || isColumnGap, Self.isDigit(scalars[j])
            else {
                i += 1
                continue
            }
            tried += 1
            let tail = TimeRangeScanner(Array(scalars[j...]))
            if case .times(let span) = tail.scanStart(), span.end != nil {
                var rest = String(String.UnicodeScalarView(tail.scalars[span.endIndex...])).trimmingSpaces
                // `Session 1 (10:00 – 11:30)`: the range in parentheses, closed after it.
                if mark == "(" {
                    guard rest.first == ")" else { return nil }
                    rest = String(rest.dropFirst()).trimmingSpaces
                }
                var hint: String?
                if rest.first == "(", rest.last == ")", rest.split(separator: " ").count <= 5 {
                    hint = String(rest.dropFirst().dropLast()).trimmingSpaces
                } else if !rest.isEmpty {
                    return nil
                }
                let title = String(String.UnicodeScalarView(scalars[..<i])).trimmingSpaces
                guard title.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else { return nil }
                let times = String(String.UnicodeScalarView(tail.scalars[..<span.endIndex])).trimmingSpaces
                return (times + " " + title, hint)
            }
            i += 1
        }
        return nil
    }

    /// `1300 Title` at the start of a row: a four-digit time alone, which only a programme
    /// whose rows are written `1130-1300` makes a time. Returns it and the index after it.
    func scanCompactStart() -> (hour: Int, minute: Int, endIndex: Int)? {
        let begin = skip(from: 0, over: { " \t|([".unicodeScalars.contains($0) || Self.isMarker($0) })
        let (value, count, after) = number(at: begin)
        guard count == 4, value / 100 < 24, value % 100 < 60 else { return nil }
        let t = skip(from: after, over: { $0 == " " || $0 == "\t" })
        guard t > after, t < scalars.count, scalars[t].properties.isAlphabetic else { return nil }
        return (value / 100, value % 100, after)
    }

    /// `9-10` at the start of a row: two bare hours, which only an am/pm programme makes times.
    /// Returns the two hours and the scalar index after them; the caller reads them.
    func scanBareHours() -> (start: Int, end: Int, endIndex: Int)? {
        let begin = skip(from: 0, over: { " \t|([".unicodeScalars.contains($0) || Self.isMarker($0) })
        let (first, firstCount, afterFirst) = number(at: begin)
        guard (1...2).contains(firstCount), (1...12).contains(first) else { return nil }
        var k = skip(from: afterFirst, over: { $0 == " " })
        guard k < scalars.count, Self.isDash(scalars[k]) else { return nil }
        k = skip(from: k + 1, over: { $0 == " " })
        let (second, secondCount, afterSecond) = number(at: k)
        guard (1...2).contains(secondCount), (1...12).contains(second) else { return nil }
        // A title must follow: `9-10 Registration`, not `3-4 May` or `1-2`.
        let t = skip(from: afterSecond, over: { $0 == " " || $0 == "\t" || $0 == "|" })
        guard t > afterSecond, t < scalars.count, scalars[t].properties.isAlphabetic else { return nil }
        let word = String(String.UnicodeScalarView(scalars[t..<min(scalars.count, t + 12)]))
            .prefix(while: \.isLetter).lowercased()
        guard DateScanner.isMonthName(word) == false else { return nil }
        return (first, second, afterSecond)
    }

    private func span(
        _ start: LocalTime,
        _ end: LocalTime?,
        _ zone: String?,
        _ begin: Int,
        _ endIndex: Int
    ) -> TimeSpan {
        let crossed = scalars[begin..<endIndex].reduce(0) { $1 == "|" || $1 == "\t" ? $0 + 1 : $0 }
        return TimeSpan(
            start: start,
            end: end,
            zone: zone,
            endIndex: endIndex,
            cellsCrossed: crossed,
            text: snippet(begin, endIndex)
        )
    }

    /// Reads a spreadsheet cell that should hold one time, the whole cell.
    static func readCell(_ text: some StringProtocol) -> WrittenTime? {
        let scanner = TimeRangeScanner(text.trimmingSpaces)
        guard case .time(let time, let next) = scanner.written(at: 0),
            scanner.skipFiller(from: next) == scanner.scalars.count
        else { return nil }
        return time
    }

    /// A start and an end read together, so `2 – 3 pm` is 14:00-15:00 and `11 am – 1:30` ends at
    /// 13:30. nil when the two are not times at all (`1990-2000`, `3 - 4`).
    static func pair(
        _ start: WrittenTime,
        _ end: WrittenTime,
        zoneGiven: Bool,
        allowBare: Bool = false
    ) -> Result<(LocalTime, LocalTime), TimeProblem>? {
        if !allowBare {
            if start.isBare, end.isBare {
                // Two plain numbers are times only in the 24-hour `0900-1030` form with a zone.
                guard start.form == .compact, end.form == .compact, zoneGiven || !(isYearLike(start) && isYearLike(end))
                else { return nil }
            }
        }
        let endResult = end.resolved()
        var startResult = start.resolved()
        if start.meridiem == nil, let shared = end.meridiem, shared == .am || shared == .pm, start.form != .compact,
            case .success(let endTime) = endResult, case .success(let candidate) = start.resolved(meridiem: shared),
            candidate < endTime
        {
            // The end's am/pm applies to the start when that makes a forward range.
            startResult = .success(candidate)
        }
        // The start is reported first: it is what the reader sees first.
        let startTime: LocalTime
        let endTime: LocalTime
        switch (startResult, endResult) {
        case (.failure(let problem), _):
            return .failure(problem)
        case (_, .failure(var problem)):
            problem.side = .end
            return .failure(problem)
        case (.success(let from), .success(let to)):
            (startTime, endTime) = (from, to)
        }
        var finalEnd = endTime
        if end.meridiem == nil, start.meridiem == .am || start.meridiem == .pm || start.meridiem == .noon,
            endTime <= startTime, end.hour < 12, case .success(let afternoon) = end.resolved(meridiem: .pm)
        {
            finalEnd = afternoon
        }
        return .success((startTime, finalEnd))
    }

    private static func isYearLike(_ time: WrittenTime) -> Bool {
        let value = time.hour * 100 + time.minute
        return (1900...2099).contains(value)
    }

    // MARK: - Single times

    /// A time starting at `start`.
    private func written(at start: Int) -> Written {
        var i = start
        var digits = 0
        var value = 0
        while i < scalars.count, Self.isDigit(scalars[i]) {
            if digits < 6 { value = value * 10 + Int(scalars[i].value - 48) }
            digits += 1
            i += 1
        }
        if digits == 0 {
            if let (meridiem, next) = meridiemWord(at: i), meridiem == .noon || meridiem == .midnight {
                let time = WrittenTime(
                    hour: meridiem == .noon ? 12 : 0,
                    minute: 0,
                    meridiem: meridiem,
                    form: .word,
                    text: snippet(start, next)
                )
                return .time(time, next: next)
            }
            return .none
        }
        let hasColon = i < scalars.count && scalars[i] == ":"
        guard digits <= 2 || digits == 4 else { return hasColon ? .malformed(next: wordEnd(from: i)) : .none }
        if digits == 4 && (hasColon || (i < scalars.count && scalars[i] == "." && isDigit(at: i + 1))) {
            return hasColon ? .malformed(next: wordEnd(from: i)) : .none
        }
        var time: WrittenTime
        if digits == 4 {
            time = WrittenTime(hour: value / 100, minute: value % 100, form: .compact)
        } else if hasColon {
            let (minute, count, next) = number(at: i + 1)
            // `1: Opening` is a numbered line; `10:4` and `10:400` are broken times.
            guard count == 2 else { return count == 0 ? .none : .malformed(next: wordEnd(from: next)) }
            time = WrittenTime(hour: value, minute: minute, form: .colon)
            i = next
            if i < scalars.count, scalars[i] == ":", isDigit(at: i + 1) {
                let (second, secondCount, afterSecond) = number(at: i + 1)
                guard secondCount == 2 else { return .malformed(next: wordEnd(from: afterSecond)) }
                time.second = second
                i = afterSecond
            }
            if i < scalars.count, Self.isDigit(scalars[i]) || (scalars[i] == ":" && isDigit(at: i + 1)) {
                return .malformed(next: wordEnd(from: i))
            }
        } else if i < scalars.count, scalars[i] == ".", isDigit(at: i + 1) {
            let (minute, count, next) = number(at: i + 1)
            // `21.05.2018` is a date and `1.5` a number, not times.
            let continues =
                next < scalars.count && (scalars[next] == "." || scalars[next] == ":")
                && isDigit(at: next + 1)
            guard count == 2, !continues else { return .none }
            time = WrittenTime(hour: value, minute: minute, form: .dot)
            i = next
        } else if i < scalars.count, scalars[i] == "h" || scalars[i] == "H" {
            let (minute, count, next) = number(at: i + 1)
            if count == 2 {
                time = WrittenTime(hour: value, minute: minute, form: .letterH)
                i = next
            } else if count == 0, !(next < scalars.count && scalars[next].properties.isAlphabetic) {
                time = WrittenTime(hour: value, minute: 0, form: .letterH)
                i = next
            } else if count == 0 {
                time = WrittenTime(hour: value, minute: 0, form: .bareHour)  // `10hrs`: the suffix below.
            } else {
                return .malformed(next: wordEnd(from: next))
            }
        } else {
            time = WrittenTime(hour: value, minute: 0, form: .bareHour)
            // `15 h 30`: French typography spaces the h on both sides.
            if i + 2 < scalars.count, scalars[i] == " ", scalars[i + 1] == "h" || scalars[i + 1] == "H",
                scalars[i + 2] == " "
            {
                let (minute, count, next) = number(at: i + 3)
                if count == 2 {
                    time = WrittenTime(hour: value, minute: minute, form: .letterH)
                    i = next
                }
            }
        }
        let afterSpace = skip(from: i, over: { $0 == " " })
        if afterSpace - i <= 2, let (meridiem, next) = meridiemWord(at: afterSpace) {
            time.meridiem = meridiem
            i = next
        } else if afterSpace - i <= 2, time.form != .letterH,
            let next = word(at: afterSpace, in: time.form == .compact ? Self.compactSuffixes : Self.hourSuffixes)
        {
            time.hasHoursSuffix = true
            i = next
        }
        if i < scalars.count {
            let after = scalars[i]
            if Self.isDigit(after) {
                return time.form == .bareHour || time.form == .compact ? .none : .malformed(next: wordEnd(from: i))
            }
            // `1345UTC`: a zone written against the time makes it one.
            if after.properties.isAlphabetic, time.isBare || time.form == .dot, !isZoneWord(at: i) { return .none }
        }
        time.text = snippet(start, i)
        return .time(time, next: i)
    }

    private static let hourSuffixes = ["h", "hrs", "hr", "uhr"]
    /// `0900 hours` is military style; `10 hours of debate` is a duration.
    private static let compactSuffixes = hourSuffixes + ["hours"]

    /// `am`, `a.m.`, `AM`, `p.m.`, `pm`, `noon`, `midday`, `midnight`, followed by a non-letter.
    private func meridiemWord(at start: Int) -> (WrittenTime.Meridiem, Int)? {
        guard start < scalars.count else { return nil }
        if let next = word(at: start, in: ["noon", "midday"]) { return (.noon, next) }
        if let next = word(at: start, in: ["midnight"]) { return (.midnight, next) }
        let first = Self.lowercased(scalars[start])
        guard first == "a" || first == "p", start + 1 < scalars.count else { return nil }
        var i = start + 1
        if scalars[i] == "." { i += 1 }
        if i < scalars.count, scalars[i] == " ", scalars[start + 1] == "." { i += 1 }
        guard i < scalars.count, Self.lowercased(scalars[i]) == "m" else { return nil }
        i += 1
        if i < scalars.count, scalars[i] == "." { i += 1 }
        if i < scalars.count, scalars[i].properties.isAlphabetic { return nil }
        return (first == "a" ? .am : .pm, i)
    }

    /// A zone after the times: `GMT`, `(CET)`, `UTC+2`, `GMT+01:00`; known abbreviations only.
    private func zoneSuffix(at start: Int) -> (zone: String?, next: Int) {
        var i = skipFiller(from: start)
        let opened = i < scalars.count && scalars[i] == "("
        if opened { i += 1 }
        let lettersStart = i
        while i < scalars.count, i - lettersStart < 6, ("A"..."Z").contains(scalars[i]) { i += 1 }
        let letters = String(String.UnicodeScalarView(scalars[lettersStart..<i]))
        guard letters.count >= 2, ZoneAbbreviations.isKnown(letters) else { return (nil, start) }
        var zone = letters
        if letters == "UTC" || letters == "GMT", i < scalars.count, "+-\u{2212}".unicodeScalars.contains(scalars[i]) {
            let sign = scalars[i] == "+" ? "+" : "-"
            let (hours, count, next) = number(at: i + 1)
            if count >= 1, count <= 2 {
                zone += "\(sign)\(hours)"
                i = next
                if i < scalars.count, scalars[i] == ":" {
                    let (minutes, minuteCount, afterMinutes) = number(at: i + 1)
                    if minuteCount == 2 {
                        if minutes != 0 { zone += ":\(minutes)" }
                        i = afterMinutes
                    }
                }
            }
        }
        if i < scalars.count, scalars[i].properties.isAlphabetic { return (nil, start) }
        if opened {
            guard i < scalars.count, scalars[i] == ")" else { return (nil, start) }
            i += 1
        }
        return (zone, i)
    }

    /// A known zone abbreviation in capitals at `start`, not followed by a letter.
    private func isZoneWord(at start: Int) -> Bool {
        var i = start
        while i < scalars.count, i - start < 6, ("A"..."Z").contains(scalars[i]) { i += 1 }
        guard i - start >= 2, !(i < scalars.count && scalars[i].properties.isAlphabetic) else { return false }
        return ZoneAbbreviations.isKnown(String(String.UnicodeScalarView(scalars[start..<i])))
    }

    // MARK: - Helpers

    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func isMarker(_ scalar: Unicode.Scalar) -> Bool { scalar == HTMLText.boldOn || scalar == HTMLText.boldOff }

    /// Hyphen, the Unicode dashes, the minus sign, a tilde.
    static func isDash(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x2D, 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D, 0x7E: true
        default: false
        }
    }

    private func isDigit(at index: Int) -> Bool { index < scalars.count && Self.isDigit(scalars[index]) }

    /// The value of the digits at `start` (at most 6 counted), their count, and the index after them.
    private func number(at start: Int) -> (value: Int, count: Int, next: Int) {
        var i = start
        var value = 0
        while i < scalars.count, Self.isDigit(scalars[i]) {
            if i - start < 6 { value = value * 10 + Int(scalars[i].value - 48) }
            i += 1
        }
        return (value, i - start, i)
    }

    private func skip(from start: Int, over predicate: (Unicode.Scalar) -> Bool) -> Int {
        var i = start
        while i < scalars.count, predicate(scalars[i]) { i += 1 }
        return i
    }

    /// Skips spaces and bold markers.
    func skipFiller(from start: Int) -> Int {
        skip(from: start, over: { $0 == " " || Self.isMarker($0) })
    }

    /// The end of the run of non-space characters at `start`.
    private func wordEnd(from start: Int) -> Int {
        skip(from: start, over: { $0 != " " && $0 != "\t" && $0 != "|" })
    }

    /// The index after one of `words` (lower-case) at `start`, when followed by a non-letter.
    private func word(at start: Int, in words: [String]) -> Int? {
        guard start < scalars.count, scalars[start].properties.isAlphabetic else { return nil }
        for candidate in words {
            var i = start
            var matched = true
            for expected in candidate.unicodeScalars {
                guard i < scalars.count, Self.lowercased(scalars[i]) == expected else {
                    matched = false
                    break
                }
                i += 1
            }
            if matched, !(i < scalars.count && scalars[i].properties.isAlphabetic) { return i }
        }
        return nil
    }

    /// The scalar in lower case: ASCII by arithmetic, the rest when it maps to one scalar.
    static func lowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if ("A"..."Z").contains(scalar) { return Unicode.Scalar(UInt8(scalar.value + 32)) }
        guard !scalar.isASCII, scalar.properties.isUppercase else { return scalar }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first ?? scalar : scalar
    }

    private func snippet(_ start: Int, _ end: Int) -> String {
        let upper = min(max(start, end), scalars.count, start + 40)
        guard start < upper else { return "" }
        return HTMLText.withoutMarkers(String(String.UnicodeScalarView(scalars[start..<upper]))).trimmingSpaces
    }
}
