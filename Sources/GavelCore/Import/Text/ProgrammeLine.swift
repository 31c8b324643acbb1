import Foundation

/// One line of a programme, cleaned of markup, with what its shape says about it.
struct ProgrammeLine {
    /// 1-based, counting LF, CRLF and lone CR line ends alike.
    var number: Int
    /// The cleaned text with bold markers, without its bullet, trimmed.
    var text: String
    /// The text without bold markers, whitespace runs collapsed.
    var plain: String
    var isBullet: Bool
    /// Starts with a space or a tab in the file.
    var isIndented: Bool
    /// Too long to be a line of a programme: skipped.
    var isOverlong: Bool

    var isBlank: Bool { plain.isEmpty }

    /// Longer lines are not read: no programme line is this long, and it bounds the work.
    static let maximumLength = 20_000

    /// What the bytes of a raw line contain, found while splitting the text, so that most
    /// lines skip most of the work.
    struct Shape: OptionSet {
        let rawValue: UInt8
        /// Anything but printable ASCII and tabs, or `<`, `&`, `*`, `_`: the line needs cleaning.
        static let markup = Shape(rawValue: 1)
        static let tab = Shape(rawValue: 2)
        static let pipe = Shape(rawValue: 4)
        static let doubleSpace = Shape(rawValue: 8)
        static let digit = Shape(rawValue: 16)
        static let colon = Shape(rawValue: 32)
        /// Everything, for text whose bytes were not looked at.
        static let unknown = Shape(rawValue: 63)
    }

    /// May hold table cells (a tab, a pipe, or markup that may become either).
    var mayHaveCells: Bool
    /// May hold a digit, so a time or a date.
    var mayHaveDigit: Bool
    /// May hold a colon, so a label.
    var mayHaveColon: Bool

    /// The lines of `text`, numbered. Line ends are found in the UTF-8 bytes (an LF or CR is
    /// always a character boundary), and each line's shape is noted on the way: one tight
    /// pass over the bytes instead of several over the characters.
    static func lines(of text: String, maximum: Int = .max) -> [ProgrammeLine]? {
        var text = text
        var bounds: [(start: Int, end: Int, shape: UInt8)] = []
        var tooMany = false
        text.withUTF8 { bytes in
            var index = 0
            var start = 0
            var shape: UInt8 = 0
            var previous: UInt8 = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x0A || byte == 0x0D {
                    guard bounds.count < maximum else {
                        tooMany = true
                        return
                    }
                    bounds.append((start, index, shape))
                    index += byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
                    start = index
                    shape = 0
                    previous = 0
                    continue
                }
                if byte >= 0x30 && byte <= 0x39 {
                    shape |= Shape.digit.rawValue
                } else if byte == 0x20 {
                    if previous == 0x20 { shape |= Shape.doubleSpace.rawValue }
                } else if byte == 0x09 {
                    shape |= Shape.tab.rawValue
                } else if byte == 0x7C {
                    shape |= Shape.pipe.rawValue
                } else if byte == 0x3A {
                    shape |= Shape.colon.rawValue
                } else if byte < 0x20 || byte > 0x7E || byte == 0x3C || byte == 0x26 || byte == 0x2A || byte == 0x5F {
                    shape |= Shape.markup.rawValue
                }
                previous = byte
                index += 1
            }
            bounds.append((start, bytes.count, shape))
        }
        guard !tooMany, bounds.count <= maximum else { return nil }
        let utf8 = text.utf8
        var lines: [ProgrammeLine] = []
        lines.reserveCapacity(bounds.count)
        for (number, bound) in bounds.enumerated() {
            let start = utf8.index(utf8.startIndex, offsetBy: bound.start)
            let end = utf8.index(utf8.startIndex, offsetBy: bound.end)
            lines.append(ProgrammeLine(number: number + 1, raw: text[start..<end], shape: Shape(rawValue: bound.shape)))
        }
        return lines
    }

    init(number: Int, raw: Substring, shape: Shape = .unknown) {
        self.number = number
        isIndented = raw.first == " " || raw.first == "\t"
        isOverlong = raw.utf8.count > Self.maximumLength
        let hasMarkup = shape.contains(.markup)
        mayHaveCells = hasMarkup || shape.contains(.tab) || shape.contains(.pipe)
        mayHaveDigit = hasMarkup || shape.contains(.digit)
        mayHaveColon = hasMarkup || shape.contains(.colon)
        guard !isOverlong else {
            text = ""
            plain = ""
            isBullet = false
            return
        }
        var cleaned = hasMarkup ? Substring(HTMLText.clean(raw).trimmingSpaces) : Substring(raw.trimmingSpaces)
        isBullet = false
        if let body = Self.afterBullet(cleaned) {
            cleaned = body
            isBullet = true
        }
        text = String(cleaned)
        plain = hasMarkup || shape.contains(.tab) || shape.contains(.doubleSpace) ? HTMLText.plain(cleaned) : text
    }

    /// The text after a leading bullet (`•`, `-`, `o`, `*`, `–`, `1.`, `a)`), or nil.
    private static func afterBullet(_ text: Substring) -> Substring? {
        guard let first = text.unicodeScalars.first else { return nil }
        // Most lines start with a letter: settle those at once.
        if first.properties.isUppercase || (first.isASCII && first.properties.isLowercase && first != "o") {
            return afterLetterBullet(text)
        }
        let rest = text.dropFirst()
        let spaced = rest.first == " " || rest.first == "\t"
        if symbolBullets.contains(first) || (dashBullets.contains(first) && spaced) {
            let body = rest.trimmingSpaces
            return body.isEmpty ? nil : Substring(body)
        }
        // "1." or "a)" followed by a word, not "10.30" or "1.5 million".
        let label = text.prefix(while: { $0.isASCIIDigit })
        let marker = text.dropFirst(label.count).first
        if (1...2).contains(label.count), marker == "." || marker == ")" {
            let after = text.dropFirst(label.count + 1)
            // "21. Mai 2018" is a date, not item 21.
            if after.first == " ", after.dropFirst().first?.isLetter == true,
                DateScanner.find(in: String(text)) == nil
            {
                return Substring(after.trimmingSpaces)
            }
        }
        return nil
    }

    /// "a) Ms. X": a lower-case letter and a parenthesis.
    private static func afterLetterBullet(_ text: Substring) -> Substring? {
        guard let first = text.first, first.isLowercase, text.dropFirst().first == ")", text.dropFirst(2).first == " "
        else { return nil }
        return Substring(text.dropFirst(2).trimmingSpaces)
    }

    private static let symbolBullets: Set<Unicode.Scalar> = [
        "•", "·", "◦", "▪", "▫", "●", "○", "■", "□", "►", "▶", "➢", "➤", "‣", "⁃",
        "\u{F0B7}", "\u{F0A7}", "\u{F076}", "\u{F0D8}",  // Word's Symbol-font bullets, pasted.
    ]
    /// Bullets that need a space after them, or they are a hyphen, a word or emphasis.
    private static let dashBullets: Set<Unicode.Scalar> = ["-", "\u{2013}", "\u{2014}", "*", "+", "o"]

    // MARK: - What a line says

    /// Cells of a table row: split at tabs, and at `|` when the line has one. Markdown's outer
    /// pipes make no empty cells.
    static func cells(of text: String) -> [String] {
        let splitAtPipes = text.contains("|")
        var cells = text.split(omittingEmptySubsequences: false) { $0 == "\t" || (splitAtPipes && $0 == "|") }
            .map(String.init)
        if splitAtPipes {
            if cells.first?.trimmingSpaces.isEmpty == true { cells.removeFirst() }
            if cells.last?.trimmingSpaces.isEmpty == true { cells.removeLast() }
        }
        return cells
    }

    /// Nothing but punctuation and symbols: `--\t---`, `***`, `|---|---|`.
    static func isDecoration(_ plain: String) -> Bool {
        !plain.contains(where: { $0.isLetter || $0.isNumber })
    }

    /// Words a programme prints around its items that are not items: "DRAFT", "Provisional
    /// programme", "Time", column headings.
    static func isBoilerplate(_ plain: String) -> Bool {
        guard plain.utf8.count <= 80, !plain.contains(where: \.isASCIIDigit) else { return false }
        let words = plain.lowercased().split(whereSeparator: { !$0.isLetter })
        return !words.isEmpty && words.count <= 6 && words.allSatisfy { boilerplateWords.contains(String($0)) }
    }

    private static let boilerplateWords: Set<String> = Set([
        "draft", "provisional", "programme", "program", "agenda", "annotated", "revised", "rev", "final", "version",
        "schedule", "of", "work", "the", "and", "as", "at", "page", "end", "document", "confidential", "projet",
        "programa", "provisoire", "ordre", "du", "jour", "orden", "del", "día", "dia", "tentative", "updated",
        "preliminary",
    ]).union(columnWords)

    /// Words of a table's heading row.
    static let columnWords: Set<String> = [
        "time", "times", "start", "end", "from", "to", "item", "items", "session", "sessions", "title", "topic",
        "subject", "activity", "activities", "programme", "agenda", "speakers", "speaker", "panellists", "panelists",
        "moderator", "moderators", "chair", "chairs", "people", "participants", "who", "what", "when", "where",
        "description", "details", "remarks", "notes", "format", "duration", "hour", "hours", "heure", "heures",
        "horaire", "intervenants", "orateurs", "hora", "horario", "tema", "ponentes", "location", "room", "venue",
        "panel", "and", "talk", "talks", "presentation", "presentations", "lieu", "salle", "sala", "sujet", "titre",
        "título", "titulo", "actividad", "séance", "seance", "sesión", "sesion",
    ]

    /// A heading that names a part of the day, in English, French or Spanish: `Morning session`,
    /// `Séance de l'après-midi`, `SESIÓN DE LA TARDE`, `Matinée`. It heads the rows below it.
    static func isPartOfDayHeading(_ plain: String) -> Bool {
        let words = plain.lowercased().split(whereSeparator: { !$0.isLetter && $0 != "-" }).map(String.init)
        guard !words.isEmpty, words.count <= 6 else { return false }
        return words.contains(where: partOfDayWords.contains)
            && words.allSatisfy { partOfDayWords.contains($0) || partOfDayFillers.contains($0) }
    }

    private static let partOfDayWords: Set<String> = [
        "morning", "afternoon", "evening", "matin", "matinée", "matinee", "après-midi", "apres-midi", "soir",
        "soirée", "mañana", "manana", "tarde", "noche", "vormittag", "nachmittag",
    ]
    private static let partOfDayFillers: Set<String> = [
        "session", "sessions", "segment", "part", "the", "of", "séance", "seance", "sesión", "sesion", "de", "la",
        "du", "l", "del", "première", "deuxième", "first", "second", "partie", "parte", "sitzung",
    ]

    /// The roles a heading row gives its columns (`| Time | Session | Speakers |`), or nil when
    /// the line is not a heading row.
    static func columnRoles(of text: String) -> [Int: Person.Role]? {
        guard text.utf8.count <= 200, text.utf8.contains(where: { $0 == UInt8(ascii: "|") || $0 == 0x09 }) else {
            return nil
        }
        let cells = cells(of: HTMLText.withoutMarkers(text))
        guard cells.count > 1, cells.count <= 12 else { return nil }
        var roles: [Int: Person.Role] = [:]
        for (index, cell) in cells.enumerated() {
            let words = cell.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init)
            guard words.allSatisfy(columnWords.contains) else { return nil }
            if words.contains(where: speakerColumnWords.contains) {
                roles[index] = .speaker
            } else if words.contains(where: { ["panellists", "panelists", "panel"].contains($0) }) {
                roles[index] = .panellist
            } else if words.contains(where: { $0.hasPrefix("moderator") }) {
                roles[index] = .moderator
            } else if words.contains(where: { $0.hasPrefix("chair") }) {
                roles[index] = .chair
            }
        }
        return roles
    }

    private static let speakerColumnWords: Set<String> = [
        "speakers", "speaker", "people", "participants", "who", "intervenants", "orateurs", "ponentes",
    ]

    /// The value of a `Label: value` line whose label is one of `labels` (lower case).
    static func labelValue(_ plain: String, labels: [String]) -> String? {
        guard let colon = plain.firstIndex(of: ":") else { return nil }
        let label = plain[..<colon].trimmingSpaces.lowercased()
        guard labels.contains(label) else { return nil }
        let value = plain[plain.index(after: colon)...].trimmingSpaces
        return value.isEmpty ? nil : value
    }

    static let timeZoneLabels = [
        "time zone", "timezone", "time-zone", "tz", "zone", "fuseau horaire", "zona horaria", "zeitzone",
    ]
    static let venueLabels = ["venue", "location", "place", "lieu", "lugar", "sede", "where", "room", "salle", "sala"]

    /// A line that names a meeting room or building: "Conference Room 4, UN Headquarters".
    static func looksLikeVenue(_ plain: String, strongOnly: Bool) -> Bool {
        let words = plain.lowercased().split(whereSeparator: { !$0.isLetter })
        guard !words.isEmpty, words.count <= 14 else { return false }
        if words.contains(where: { strongVenueWords.contains(String($0)) }) { return true }
        if strongOnly { return false }
        return words.contains(where: { weakVenueWords.contains(String($0)) })
            || (words.count <= 6 && VenueTimeZones.zone(forVenue: plain) != nil)
    }

    /// Words that make a line a venue wherever it stands.
    private static let strongVenueWords: Set<String> = [
        "room", "rooms", "headquarters", "palais", "auditorium", "salle", "sala", "chamber", "hotel", "building",
        "campus", "pavilion", "boardroom",
    ]
    /// Words that make a line a venue once the title is known ("International Conference on ...").
    private static let weakVenueWords: Set<String> = [
        "hall", "centre", "center", "house", "palace", "plenary", "floor", "conference", "convention",
        "sede", "siège", "siege", "centro", "palacio", "edificio",
    ]
}
