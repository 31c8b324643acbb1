import Foundation

/// A heading that names a day of a multi-day programme without its date: `Day 2 – Tuesday`,
/// `Tuesday`, `DAY 3`, `Jour 2 — mardi`, `Día 2`. The reader places it from the programme's
/// first date; a heading it cannot place, or whose weekday disagrees, is reported, not guessed.
struct DayHeading: Equatable {
    /// `Day 2` gives 2.
    var dayNumber: Int?
    /// 0 = Monday ... 6 = Sunday.
    var weekday: Int?

    /// Reads a line that is only a day heading, or nil.
    static func read(_ plain: String) -> DayHeading? {
        guard plain.utf8.count <= 40 else { return nil }
        var heading = DayHeading()
        var expectNumber = false
        var words: [String] = []
        var current = ""
        for character in plain.lowercased() {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        guard !words.isEmpty else { return nil }
        for word in words {
            let folded = word.folding(options: [.diacriticInsensitive], locale: nil)
            if dayWords.contains(folded) {
                expectNumber = true
            } else if expectNumber, let number = Int(folded), (1...14).contains(number) {
                heading.dayNumber = number
                expectNumber = false
            } else if expectNumber, let number = ordinalWords[folded] {
                heading.dayNumber = number
                expectNumber = false
            } else if let weekday = weekdays[folded], heading.weekday == nil {
                heading.weekday = weekday
            } else {
                return nil
            }
        }
        guard heading.dayNumber != nil || heading.weekday != nil else { return nil }
        return heading
    }

    /// 0 = Monday ... 6 = Sunday (1 January 1970 was a Thursday).
    static func weekday(of date: LocalDate) -> Int {
        ((date.daysSinceEpoch + 3) % 7 + 7) % 7
    }

    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    private static let dayWords: Set<String> = ["day", "jour", "journee", "dia", "jornada", "tag"]

    private static let ordinalWords: [String: Int] = [
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    ]

    private static let weekdays: [String: Int] = {
        let names: [[String]] = [
            ["monday", "lundi", "lunes", "montag"],
            ["tuesday", "mardi", "martes", "dienstag"],
            ["wednesday", "mercredi", "miercoles", "mittwoch"],
            ["thursday", "jeudi", "jueves", "donnerstag"],
            ["friday", "vendredi", "viernes", "freitag"],
            ["saturday", "samedi", "sabado", "samstag"],
            ["sunday", "dimanche", "domingo", "sonntag"],
        ]
        var table: [String: Int] = [:]
        for (index, words) in names.enumerated() {
            for word in words { table[word] = index }
        }
        return table
    }()
}
