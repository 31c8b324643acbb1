/// Reads who takes part in an item from the text printed with it.
///
/// The text comes as segments (table cells, paragraphs, clauses set off by wide spacing,
/// bullets). A segment that opens with a role phrase (`Remarks by:`, `Moderator:`) lists people
/// of that role; a heading such as `Panellists:` gives its role to the bullets under it; a
/// label with a name or TBC (`Migrant Perspective: TBC`) is a speaker in that capacity.
/// Names that run together are split where an honorific (`Mr.`, `H.E.`, `Ambassador`) starts a
/// new one, and the text after a name is the person's position. A position with no name
/// ("Closing remarks by the President of the General Assembly") is the person named earlier
/// with that position, or a placeholder. What is not about people is returned as leftovers.
struct PeopleExtractor {
    /// A piece of an item's text.
    struct Segment: Equatable {
        var text: String
        var isBullet = false
        /// The role a table column gives its cells ("Speakers"), used when a cell names none.
        var columnRole: Person.Role?
    }

    struct Extraction: Equatable {
        var people: [Person] = []
        /// Text that is not about people, in order.
        var leftovers: [String] = []
    }

    /// Everyone named so far in the programme with a position, by `positionKey`, for
    /// positions given without a name; the latest wins.
    private var knownByPosition: [String: Person] = [:]

    /// Longer segments are prose, not lists of people.
    static let maximumSegmentLength = 1500

    /// Extracts the people of one item.
    mutating func extract(_ segments: [Segment]) -> Extraction {
        var result = Extraction()
        var heading: Person.Role?
        for segment in segments {
            let text = Self.collapsed(segment.text)
            guard !text.isEmpty else { continue }
            guard text.count <= Self.maximumSegmentLength else {
                result.leftovers.append(text)
                heading = nil
                continue
            }
            for piece in Self.pieces(of: text) {
                if let phrase = RolePhrase.match(piece) {
                    heading = phrase.role
                    if !phrase.rest.isEmpty { add(people(in: phrase.rest, role: phrase.role), to: &result) }
                } else if let labelled = labelled(piece) {
                    add(labelled, to: &result)
                } else if let role = segment.columnRole {
                    add(people(in: piece, role: role), to: &result)
                } else if let role = heading, segment.isBullet || Self.looksLikePersonEntry(piece) {
                    add(people(in: piece, role: role), to: &result)
                } else if Self.startsWithHonorific(piece) {
                    add(people(in: piece, role: .speaker), to: &result)
                } else {
                    result.leftovers.append(piece)
                    if !segment.isBullet { heading = nil }
                }
            }
        }
        return result
    }

    private mutating func add(_ found: (people: [Person], leftover: String?), to result: inout Extraction) {
        for person in found.people {
            let duplicate =
                person.name != nil
                && result.people.contains { $0.name == person.name && $0.role == person.role }
            if !duplicate { result.people.append(person) }
            if person.name != nil, let position = person.position {
                knownByPosition[Self.positionKey(position)] = person
            }
        }
        if let leftover = found.leftover { result.leftovers.append(leftover) }
    }

    /// The segment split before each later role phrase: "Panellists: TBC Moderator: TBC".
    private static func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        var start = text.startIndex
        for index in RolePhrase.laterStarts(in: text) {
            pieces.append(text[start..<index].trimmingSpaces)
            start = index
        }
        pieces.append(text[start...].trimmingSpaces)
        return pieces.filter { !$0.isEmpty }
    }

    // MARK: - Lists of people

    /// The people in `text` (what follows a role phrase), and any trailing clause that is not
    /// about them ("– co-facilitators of the consultations").
    func people(in text: String, role: Person.Role) -> (people: [Person], leftover: String?) {
        var people: [Person] = []
        var leftovers: [String] = []
        for part in Self.split(text, at: ";") {
            let found = peopleInPart(part, role: role, earlier: people)
            people += found.people
            if let leftover = found.leftover { leftovers.append(leftover) }
        }
        return (people, leftovers.isEmpty ? nil : leftovers.joined(separator: " "))
    }

    private func peopleInPart(
        _ part: String,
        role: Person.Role,
        earlier: [Person]
    ) -> (people: [Person], leftover: String?) {
        let text = Self.trimmedList(part)
        guard !text.isEmpty else { return ([], nil) }
        if Person.isPlaceholderName(text) { return ([.placeholder(role)], nil) }
        let tokens = Self.normalisedHonorifics(text).split(separator: " ").map(String.init)
        var chunkStarts: [Int] = []
        for index in tokens.indices where Self.isHonorific(tokens, at: index) {
            if index == 0 || !Self.isHonorific(tokens, at: index - 1) { chunkStarts.append(index) }
        }
        guard let firstChunk = chunkStarts.first else {
            return peopleWithoutHonorifics(text, role: role, earlier: earlier)
        }

        var people: [Person] = []
        var leftover: String?
        let prefix = Self.trimmedList(tokens[0..<firstChunk].joined(separator: " "))
        for (number, start) in chunkStarts.enumerated() {
            let end = number + 1 < chunkStarts.count ? chunkStarts[number + 1] : tokens.count
            var (person, tail) = Self.person(from: Array(tokens[start..<end]), role: role)
            if number == 0, !prefix.isEmpty, person.position == nil, !Self.looksLikeName(prefix) {
                // "the President of the General Assembly, H.E. Mr. Miroslav Lajčák"
                person.position = Self.cleanPosition(prefix).position
            }
            people.append(person)
            if let tail { leftover = [leftover, tail].compactMap { $0 }.joined(separator: " ") }
        }
        if !prefix.isEmpty, Self.looksLikeName(prefix) {
            people.insert(Person(name: prefix, role: role), at: 0)
        }
        return (people, leftover)
    }

    /// "John Smith, Director of X", "Jane Doe (IOM) and Ali Khan", or a position alone.
    private func peopleWithoutHonorifics(
        _ text: String,
        role: Person.Role,
        earlier: [Person]
    ) -> (people: [Person], leftover: String?) {
        var people: [Person] = []
        var leadingPosition: [String] = []
        for piece in Self.split(text, at: ",") {
            let names = Self.splitNames(piece)
            if !names.isEmpty {
                for (name, position) in names {
                    people.append(Person(name: name, role: role, position: position))
                }
            } else if people.isEmpty {
                leadingPosition.append(piece)
            } else {
                let last = people.count - 1
                people[last].position = [people[last].position, piece].compactMap { $0 }.joined(separator: ", ")
            }
        }
        for index in people.indices {
            if let position = people[index].position {
                people[index].position = Self.cleanPosition(position).position
            }
        }
        if people.isEmpty {
            let (position, tail) = Self.cleanPosition(text)
            guard let position else { return ([.placeholder(role)], tail) }
            return ([resolve(position: position, role: role, earlier: earlier)], tail)
        }
        if !leadingPosition.isEmpty, people[0].position == nil {
            people[0].position = Self.cleanPosition(leadingPosition.joined(separator: ", ")).position
        }
        return (people, nil)
    }

    /// The person known with this position ("the President of the General Assembly"), or a placeholder.
    private func resolve(position: String, role: Person.Role, earlier: [Person]) -> Person {
        let key = Self.positionKey(position)
        let match = earlier.last { $0.name != nil && $0.position.map(Self.positionKey) == key } ?? knownByPosition[key]
        if let match {
            return Person(name: match.name, role: role, position: match.position)
        }
        return .placeholder(role, position: position)
    }

    /// One name with its honorifics, and the position after it.
    private static func person(from tokens: [String], role: Person.Role) -> (Person, tail: String?) {
        var index = 0
        while index < tokens.count,
            isHonorific(tokens, at: index) || (index > 0 && honorificWords.contains(tokens[index].lowercased()))
        {
            index += 1
        }
        let honorificEnd = index
        var nameEnd = index
        var endsWithComma = false
        while nameEnd < tokens.count, nameEnd - honorificEnd < 8, !endsWithComma {
            let token = tokens[nameEnd]
            let core = String(token.reversed().drop(while: { ",;:".contains($0) }).reversed())
            endsWithComma = core.count < token.count
            let next = nameEnd + 1 < tokens.count ? tokens[nameEnd + 1] : nil
            if isNameWord(core), !(nameEnd - honorificEnd >= 2 && positionWords.contains(core.lowercased())) {
                nameEnd += 1
            } else if particles.contains(core.lowercased()), !endsWithComma, let next, isNameWord(next) {
                nameEnd += 1
            } else {
                endsWithComma = false
                break
            }
        }
        let nameWords = tokens[honorificEnd..<nameEnd].joined(separator: " ")
        var name: String? = trimmedList(tokens[0..<nameEnd].joined(separator: " "))
        if nameWords.isEmpty || Person.isPlaceholderName(trimmedList(nameWords)) { name = nil }
        let rest = tokens[nameEnd...].joined(separator: " ")
        let (position, tail) = cleanPosition(rest)
        return (Person(name: name, role: role, position: position), tail)
    }

    /// "Migrant Perspective: TBC", "Youth representative: Ms. Jane Doe".
    private func labelled(_ text: String) -> (people: [Person], leftover: String?)? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let label = text[..<colon].trimmingSpaces
        let value = text[text.index(after: colon)...].trimmingSpaces
        let words = label.split(separator: " ")
        guard !value.isEmpty, (1...5).contains(words.count), !label.contains(where: \.isNumber),
            label.first?.isUppercase == true
        else { return nil }
        if Person.isPlaceholderName(value) { return ([.placeholder(.speaker, position: label)], nil) }
        guard Self.looksLikePersonEntry(value) else { return nil }
        var found = people(in: value, role: .speaker)
        for index in found.people.indices where found.people[index].position == nil {
            found.people[index].position = label
        }
        return found
    }

    // MARK: - Words

    static func startsWithHonorific(_ text: String) -> Bool {
        let tokens = normalisedHonorifics(text).split(separator: " ", maxSplits: 2).map(String.init)
        return !tokens.isEmpty && isHonorific(tokens, at: 0)
    }

    /// A name with an honorific, a placeholder, or two to six capitalised words before a comma.
    static func looksLikePersonEntry(_ text: String) -> Bool {
        if startsWithHonorific(text) || Person.isPlaceholderName(text) { return true }
        let head = text.split(separator: ",", maxSplits: 1).first.map(String.init) ?? text
        return !splitNames(head).isEmpty
    }

    /// Titles that always start a name.
    private static let honorifics: Set<String> = [
        "mr.", "mr", "ms.", "ms", "mrs.", "mrs", "miss", "mx.", "dr.", "dr", "prof.", "prof", "h.e.", "s.e.",
        "h.e", "hon.", "rt.", "rev.", "mme", "mme.", "mlle", "sr.", "sra.", "dra.", "h.r.h.", "hrh", "h.h.",
        "excmo.", "excma.", "amb.", "sen.", "gen.", "col.", "capt.",
    ]
    /// Words that are a title before a name ("Ambassador Jurg Lauber") but a position before
    /// "of" ("Ambassador of Mexico").
    private static let honorificWords: Set<String> = [
        "ambassador", "professor", "judge", "senator", "sir", "dame", "lord", "lady", "baroness", "honourable",
        "honorable", "sheikh", "sheikha", "minister", "mayor", "bishop", "archbishop", "cardinal", "monsieur",
        "madame", "señor", "señora",
    ]

    private static func isHonorific(_ tokens: [String], at index: Int) -> Bool {
        let token = tokens[index]
        guard token.first?.isUppercase == true else { return false }
        let lower = token.lowercased()
        if honorifics.contains(lower) { return true }
        guard honorificWords.contains(lower), index + 1 < tokens.count else { return false }
        let next = tokens[index + 1]
        return isNameWord(next) || honorifics.contains(next.lowercased())
    }

    /// "H. E." as one word, so it reads as one title.
    private static func normalisedHonorifics(_ text: String) -> String {
        guard text.contains("H. E.") || text.contains("S. E.") else { return text }
        var text = text
        while let range = text.range(of: "H. E.") { text.replaceSubrange(range, with: "H.E.") }
        while let range = text.range(of: "S. E.") { text.replaceSubrange(range, with: "S.E.") }
        return text
    }

    /// A capitalised word of a name: `Lajčák`, `O'Neill`, `Gomez-Camacho`, `J.`, `SMITH`.
    private static func isNameWord(_ word: String) -> Bool {
        guard let first = word.first, first.isUppercase, word.count <= 40 else { return false }
        return word.allSatisfy { $0.isLetter || $0 == "-" || $0 == "'" || $0 == "\u{2019}" || $0 == "." }
            && !nonNameWords.contains(word.lowercased())
    }

    private static let particles: Set<String> = [
        "de", "da", "das", "do", "dos", "del", "della", "di", "du", "van", "von", "der", "den", "la", "le", "y",
        "bin", "binti", "al", "el", "ibn", "ter", "ten", "zu", "af", "e",
    ]

    /// Capitalised words that start a position, not a name, once a name has two words.
    private static let positionWords: Set<String> = [
        "director", "president", "minister", "secretary", "secretary-general", "head", "chief", "chair",
        "permanent", "executive", "special", "deputy", "under-secretary-general", "assistant", "representative",
        "founder", "ceo", "senior", "commissioner", "high", "vice-president", "coordinator", "member",
    ]

    /// Words that never make a name: institutions, roles, function words.
    private static let nonNameWords: Set<String> = [
        "the", "of", "for", "and", "to", "on", "in", "at", "by", "with", "a", "an", "president", "director",
        "minister", "secretary", "secretary-general", "general", "representative", "representatives", "permanent",
        "chair", "head", "chief", "officer", "member", "members", "states", "state", "nations", "united", "assembly",
        "council", "committee", "commission", "organisation", "organization", "office", "department", "division",
        "unit", "ministry", "government", "university", "institute", "group", "groups", "civil", "society",
        "delegation", "delegations", "perspective", "youth", "migrant", "migrants", "panel", "panellists",
        "panelists", "speakers", "speaker", "participants", "experts", "expert", "high", "level", "high-level",
        "special", "envoy", "rapporteur", "adviser", "advisor", "coordinator", "manager", "deputy", "vice",
        "executive", "senior", "programme", "program", "foundation", "network", "association", "federation",
        "union", "bank", "fund", "agency", "center", "centre", "forum", "partnership", "alliance", "initiative",
        "international", "national", "global", "regional", "world", "european", "african", "ministers", "mayor",
        "governor", "prime", "assistant", "mission", "embassy", "observer", "observers", "session", "discussion",
        "dialogue", "remarks", "statement", "opening", "closing", "conference", "tbc", "tbd",
        "tba", "private", "sector", "public", "affairs", "foreign", "republic", "kingdom", "countries", "country",
        "academia", "ngo", "ngos", "un", "people", "women", "children", "director-general", "board", "team",
    ]

    /// Names in a comma-free piece: "John Smith", "Jane Doe (IOM)", "John Smith and Jane Doe".
    /// Empty when the piece is not names.
    private static func splitNames(_ piece: String) -> [(name: String, position: String?)] {
        var names: [(name: String, position: String?)] = []
        for candidate in split(piece, atWords: ["and", "&", "et", "y"]) {
            var name = candidate
            var position: String?
            if let open = candidate.firstIndex(of: "("), let close = candidate.lastIndex(of: ")"), open < close {
                name = candidate[..<open].trimmingSpaces
                position = candidate[candidate.index(after: open)..<close].trimmingSpaces
                if position.map(Person.isPlaceholderName) == true || position?.isEmpty == true { position = nil }
            }
            guard looksLikeName(name) else { return [] }
            names.append((name, position))
        }
        return names
    }

    /// Two to six capitalised words with no word that names an institution or a role.
    static func looksLikeName(_ text: String) -> Bool {
        let words = text.split(separator: " ").map(String.init)
        guard (2...6).contains(words.count), let first = words.first, let last = words.last,
            isNameWord(first), isNameWord(last)
        else { return false }
        return words.allSatisfy { isNameWord($0) || particles.contains($0) }
    }

    // MARK: - Text helpers

    /// The position after a name, cleaned, and a trailing lower-case clause set off by a dash.
    static func cleanPosition(_ raw: String) -> (position: String?, tail: String?) {
        var text = Substring(raw.trimmingSpaces)
        var tail: String?
        if text.first == "(", let close = text.firstIndex(of: ")") {
            let inside = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...].trimmingSpaces
            let afterText = after.drop(while: { $0 == "," || $0 == " " })
            text = afterText.isEmpty ? inside : Substring(inside + ", " + afterText)
        }
        text = text.drop(while: { ",: -\u{2013}\u{2014}".contains($0) })
        for dash in [" \u{2013} ", " \u{2014} ", " - "] {
            if let range = text.range(of: dash), text[range.upperBound...].first?.isLowercase == true {
                tail = text[range.upperBound...].trimmingSpaces
                text = text[..<range.lowerBound]
                break
            }
        }
        var position = trimmedList(String(text))
        for article in ["the ", "The "] where position.hasPrefix(article) {
            position = String(position.dropFirst(article.count))
        }
        if Person.isPlaceholderName(position) { position = "" }
        return (position.isEmpty ? nil : position, tail?.isEmpty == false ? tail : nil)
    }

    /// Text without the list punctuation and conjunctions at its ends: ", and", ";", ".".
    static func trimmedList(_ text: String) -> String {
        var text = Substring(text.trimmingSpaces)
        while true {
            let before = text.count
            text = Substring(text.trimmingSpaces)
            while let last = text.last, ",;:.".contains(last) { text = text.dropLast() }
            for word in [" and", " et", " y", " &"] where text.hasSuffix(word) { text = text.dropLast(word.count) }
            for word in ["and ", "& "] where text.hasPrefix(word) { text = text.dropFirst(word.count) }
            while let first = text.first, ",;:".contains(first) { text = text.dropFirst() }
            if ["and", "&", "et", "y"].contains(text) { text = "" }
            if text.count == before { break }
        }
        return String(text).trimmingSpaces
    }

    /// `text` split at `separator`, outside parentheses.
    private static func split(_ text: String, at separator: Character) -> [String] {
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth = max(0, depth - 1) }
            if character == separator, depth == 0 {
                parts.append(current.trimmingSpaces)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current.trimmingSpaces)
        return parts.filter { !$0.isEmpty }
    }

    /// `text` split at any of the whole words `words`.
    private static func split(_ text: String, atWords words: Set<String>) -> [String] {
        var parts: [[Substring]] = [[]]
        for word in text.split(separator: " ") {
            if words.contains(String(word)) {
                parts.append([])
            } else {
                parts[parts.count - 1].append(word)
            }
        }
        return parts.map { $0.joined(separator: " ") }.filter { !$0.isEmpty }
    }

    private static func positionKey(_ position: String) -> String {
        var key = collapsed(position).lowercased()
        if key.hasPrefix("the ") { key.removeFirst(4) }
        return key
    }

    /// Whitespace runs as single spaces, trimmed.
    static func collapsed(_ text: some StringProtocol) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
                || (!scalar.isASCII && scalar.properties.isWhitespace)
            {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(scalar)
        }
        return String(out)
    }
}
