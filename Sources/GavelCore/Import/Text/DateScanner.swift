import Foundation

/// Finds a date in a line of a programme, in the forms programmes print: `21 May 2018`,
/// `May 21, 2018`, `Monday, 21 May 2018`, `2018-05-21`, `21.05.2018` (day first), `21st May`,
/// `21-23 May 2018` (the first day), and French, Spanish and German month names
/// (`lundi 21 mai 2018`, `21 de mayo de 2018`, `21. Mai 2018`).
struct DateScanner {
    struct Found: Equatable {
        var day: Int
        var month: Int
        /// nil when the line names no year (`Tuesday 22 May`).
        var year: Int?
        /// Words on the line that are neither the date nor weekday names and the like: a line with
        /// none is a date heading.
        var otherWords: Int
        /// The line without the date, trimmed of the punctuation around it.
        var remainder: String

        /// The date, taking the year from `contextYear` when the line has none.
        func date(contextYear: Int? = nil) -> LocalDate? {
            guard let year = year ?? contextYear else { return nil }
            return LocalDate(year: year, month: month, day: day)
        }
    }

    private enum Token: Equatable {
        case word(String)
        case number(Int, digits: Int)
        case punctuation(Unicode.Scalar)
    }

    private var tokens: [Token] = []
    /// Scalar offsets of each token in the line, for cutting the date out.
    private var spans: [Range<Int>] = []
    private let scalars: [Unicode.Scalar]

    private init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count, tokens.count < 200 {
            let scalar = scalars[i]
            let start = i
            if TimeRangeScanner.isDigit(scalar) {
                var value = 0
                while i < scalars.count, TimeRangeScanner.isDigit(scalars[i]) {
                    if i - start < 6 { value = value * 10 + Int(scalars[i].value - 48) }
                    i += 1
                }
                tokens.append(.number(value, digits: i - start))
            } else if scalar.properties.isAlphabetic {
                while i < scalars.count,
                    scalars[i].properties.isAlphabetic || scalars[i].properties.generalCategory == .nonspacingMark
                {
                    i += 1
                }
                let letters = scalars[start..<i]
                if letters.count > 10 {
                    tokens.append(.word("-"))  // Longer than any month or weekday name: a word, no more.
                } else if letters.allSatisfy(\.isASCII) {
                    tokens.append(.word(String(String.UnicodeScalarView(letters.map(TimeRangeScanner.lowercased)))))
                } else {
                    let word = String(String.UnicodeScalarView(letters))
                    tokens.append(.word(word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)))
                }
            } else if scalar == " " || scalar == "\t" || TimeRangeScanner.isMarker(scalar) {
                i += 1
                continue
            } else {
                i += 1
                tokens.append(.punctuation(scalar))
            }
            spans.append(start..<i)
        }
    }

    /// The first date on the line, or nil.
    static func find(in text: String) -> Found? {
        guard text.unicodeScalars.contains(where: TimeRangeScanner.isDigit) else { return nil }
        let scanner = DateScanner(text)
        for start in scanner.tokens.indices {
            if let (day, month, year, end) = scanner.match(at: start) {
                return scanner.found(day: day, month: month, year: year, tokens: start..<end)
            }
        }
        return nil
    }

    /// A whole cell or heading that is only a date (with weekday names and the like), or nil.
    static func whole(_ text: String) -> LocalDate? {
        guard let found = find(in: text), found.otherWords == 0 else { return nil }
        return found.date()
    }

    private func found(day: Int, month: Int, year: Int?, tokens dateTokens: Range<Int>) -> Found {
        var others = 0
        for (index, token) in tokens.enumerated() where !dateTokens.contains(index) {
            switch token {
            case .word(let word):
                let belongs =
                    Self.weekdays.contains(word) || Self.connectives.contains(word)
                    || Self.months[word] != nil
                if !belongs { others += 1 }
            case .number(let value, let digits):
                if digits >= 3 && value > 31 { others += 1 }
            case .punctuation:
                break
            }
        }
        // A weekday or "Day 2 –" before the date belongs to it, not to the rest of the line.
        var first = dateTokens.lowerBound
        extending: while first > 0 {
            switch tokens[first - 1] {
            case .word(let word) where Self.weekdays.contains(word) || Self.connectives.contains(word):
                first -= 1
            case .punctuation(let mark) where mark == "," || TimeRangeScanner.isDash(mark):
                first -= 1
            case .number(_, let digits) where digits <= 2 && first >= 2 && tokens[first - 2] == .word("day"):
                first -= 1
            default:
                break extending
            }
        }
        let lower = spans[first].lowerBound
        let upper = spans[dateTokens.upperBound - 1].upperBound
        var remainder =
            String(String.UnicodeScalarView(scalars[..<lower])).trimmingSpaces
            + " " + String(String.UnicodeScalarView(scalars[upper...])).trimmingSpaces
        remainder = remainder.trimmingCharacters(in: Self.aroundDates)
        return Found(day: day, month: month, year: year, otherWords: others, remainder: remainder)
    }

    /// A date starting at token `t`: (day, month, year, index after the date).
    private func match(at t: Int) -> (Int, Int, Int?, Int)? {
        switch token(t) {
        case .number(let first, let digits)?:
            if digits == 4, let (month, day, end) = isoTail(after: t),
                LocalDate(year: first, month: month, day: day) != nil
            {
                return (day, month, first, end)
            }
            if digits <= 2, let (second, year, end) = numericTail(after: t) {
                // Day first, as everywhere but the United States; `05/21/2018` can only be month first.
                let (day, month) = first <= 12 && second > 12 ? (second, first) : (first, second)
                return LocalDate(year: year, month: month, day: day) == nil ? nil : (day, month, year, end)
            }
            if digits <= 2 { return dayFirst(day: first, at: t + 1) }
        case .word(let word)?:
            if let month = Self.months[word] { return monthFirst(month: month, at: t + 1) }
        default:
            break
        }
        return nil
    }

    /// `-05-21` after a four-digit year.
    private func isoTail(after t: Int) -> (Int, Int, Int)? {
        guard case .punctuation(let separator)? = token(t + 1), separator == "-" || separator == "/",
            case .number(let month, let monthDigits)? = token(t + 2), monthDigits <= 2,
            case .punctuation(separator)? = token(t + 3),
            case .number(let day, let dayDigits)? = token(t + 4), dayDigits <= 2,
            LocalDate(year: 2000, month: month, day: day) != nil
        else { return nil }
        return (month, day, t + 5)
    }

    /// `.05.2018` or `/05/18` after a day.
    private func numericTail(after t: Int) -> (Int, Int, Int)? {
        guard case .punctuation(let separator)? = token(t + 1),
            separator == "." || separator == "/" || separator == "-",
            case .number(let second, let secondDigits)? = token(t + 2), secondDigits <= 2,
            case .punctuation(separator)? = token(t + 3),
            case .number(let year, let yearDigits)? = token(t + 4), yearDigits == 4 || yearDigits == 2
        else { return nil }
        return (second, yearDigits == 2 ? 2000 + year : year, t + 5)
    }

    /// `21 May 2018`, `21st May`, `21 de mayo de 2018`, `21. Mai 2018`, `21-23 May 2018`.
    private func dayFirst(day: Int, at start: Int) -> (Int, Int, Int?, Int)? {
        var t = start
        if case .punctuation(let dash)? = token(t), TimeRangeScanner.isDash(dash),
            case .number(_, let digits)? = token(t + 1), digits <= 2
        {
            t += 2  // A span of days: the meeting starts on the first.
        }
        if case .word(let word)? = token(t), Self.ordinals.contains(word) { t += 1 }
        if case .punctuation(".")? = token(t) { t += 1 }
        if case .word("de")? = token(t) { t += 1 }
        guard case .word(let monthName)? = token(t), let month = Self.months[monthName] else { return nil }
        t += 1
        if case .punctuation(".")? = token(t) { t += 1 }
        let (year, end) = year(at: t)
        guard LocalDate(year: year ?? 2000, month: month, day: day) != nil else { return nil }
        return (day, month, year, year == nil ? t : end)
    }

    /// `May 21, 2018`, `May 21st 2018`, `Sept. 3`.
    private func monthFirst(month: Int, at start: Int) -> (Int, Int, Int?, Int)? {
        var t = start
        if case .punctuation(".")? = token(t) { t += 1 }
        guard case .number(let day, let digits)? = token(t), digits <= 2, (1...31).contains(day) else { return nil }
        t += 1
        if case .word(let word)? = token(t), Self.ordinals.contains(word) { t += 1 }
        let (year, end) = year(at: t)
        guard LocalDate(year: year ?? 2000, month: month, day: day) != nil else { return nil }
        return (day, month, year, year == nil ? t : end)
    }

    /// A four-digit year at `t`, after an optional comma or `de`/`del`.
    private func year(at start: Int) -> (Int?, Int) {
        var t = start
        if case .punctuation(",")? = token(t) { t += 1 }
        if case .word(let word)? = token(t), word == "de" || word == "del" { t += 1 }
        guard case .number(let year, 4)? = token(t), (1900...2199).contains(year) else { return (nil, start) }
        return (year, t + 1)
    }

    /// Punctuation that joins a date to the rest of its line: "21 May 2018 · Room 4".
    private static let aroundDates = CharacterSet(charactersIn: " ,;:–—-|()[]·•").union(.whitespaces)

    private func token(_ index: Int) -> Token? {
        tokens.indices.contains(index) ? tokens[index] : nil
    }

    /// True when `word` (lower case) names a month: `may`, `mai`, `sept`.
    static func isMonthName(_ word: String) -> Bool {
        months[word.folding(options: [.diacriticInsensitive], locale: nil)] != nil
    }

    /// Month names and abbreviations, folded to lower case without accents.
    private static let months: [String: Int] = {
        let names: [[String]] = [
            ["january", "jan", "janvier", "janv", "enero", "ene", "januar"],
            ["february", "feb", "fevrier", "fevr", "fev", "febrero", "februar"],
            ["march", "mar", "mars", "marzo", "marz"],
            ["april", "apr", "avril", "avr", "abril", "abr"],
            ["may", "mai", "mayo"],
            ["june", "jun", "juin", "junio", "juni"],
            ["july", "jul", "juillet", "juil", "julio", "juli"],
            ["august", "aug", "aout", "agosto", "ago"],
            ["september", "sep", "sept", "septembre", "septiembre", "setiembre"],
            ["october", "oct", "octobre", "octubre", "oktober", "okt"],
            ["november", "nov", "novembre", "noviembre"],
            ["december", "dec", "decembre", "diciembre", "dic", "dezember", "dez"],
        ]
        var table: [String: Int] = [:]
        for (index, words) in names.enumerated() {
            for word in words { table[word] = index + 1 }
        }
        return table
    }()

    private static let weekdays: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
        "lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo",
        "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
    ]

    private static let ordinals: Set<String> = ["st", "nd", "rd", "th", "er", "eme", "e", "o", "a"]

    /// Words a date heading may carry besides the date: `Day 2 – Tuesday, 22 May`, `le 21 mai`.
    private static let connectives: Set<String> = [
        "day", "jour", "journee", "dia", "jornada", "tag", "the", "of", "on", "le", "la", "el", "de", "del", "du",
        "date", "am", "den", "st", "nd", "rd", "th", "er", "eme", "one", "two", "three", "four", "five",
    ]
}
