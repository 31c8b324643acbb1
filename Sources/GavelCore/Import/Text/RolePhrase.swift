/// The phrases that introduce people in a programme and the role each gives them:
/// `Chair:`, `Chaired by`, `Moderator:`, `Panellists:`, `Opening remarks by`, `Keynote address by`,
/// `Statement by`, `Speaker(s):`, `Presenter:`, and their French and Spanish forms.
///
/// A label (`Moderator`) counts only when a colon or a spaced dash follows it, or when it is
/// the whole text (a heading over a list of bullets), so "Panel discussion on migration" or
/// "Chair of the Committee" are not read as roles. A phrase ending in "by" needs nothing more.
struct RolePhrase: Equatable {
    var role: Person.Role
    /// The text after the phrase and its colon: the people, or empty for a heading.
    var rest: String
    /// Whether a colon, a dash or "by" closes the phrase (false for a bare heading: "Panellists").
    var isDelimited: Bool

    private static let labels: [(words: [String], role: Person.Role)] = {
        var list: [(words: [String], role: Person.Role)] = []
        func add(_ role: Person.Role, _ phrases: [String]) {
            list += phrases.map { (words: $0.split(separator: " ").map(String.init), role: role) }
        }
        add(
            .chair,
            [
                "chair", "chairs", "co-chair", "co-chairs", "co chairs", "chairperson", "chairpersons", "chairman",
                "chairwoman", "chairs of the meeting", "presiding officer", "présidence", "président", "présidente",
                "presidencia", "copresidentes", "co-présidents", "co-présidence",
            ]
        )
        add(
            .moderator,
            [
                "moderator", "moderators", "co-moderator", "co-moderators", "facilitator", "facilitators",
                "master of ceremonies", "modérateur", "modératrice", "modérateurs", "modération", "moderador",
                "moderadora", "moderadores", "moderación",
            ]
        )
        add(
            .panellist,
            [
                "panellist", "panellists", "panelist", "panelists", "panel", "panel members", "discussant",
                "discussants", "lead discussant", "lead discussants", "respondent", "respondents", "panéliste",
                "panélistes", "panelista", "panelistas",
            ]
        )
        add(
            .speaker,
            [
                "speaker", "speakers", "keynote speaker", "keynote speakers", "guest speaker", "guest speakers",
                "presenter", "presenters", "briefer", "briefers", "orateur", "orateurs", "oratrice", "intervenant",
                "intervenants", "intervenante", "ponente", "ponentes", "orador", "oradores", "oradora",
            ]
        )
        return list
    }()

    private static let byPhrases: [(words: [String], role: Person.Role)] = [
        (["chaired", "by"], .chair), (["co-chaired", "by"], .chair), (["presided", "by"], .chair),
        (["presided", "over", "by"], .chair), (["présidé", "par"], .chair), (["présidée", "par"], .chair),
        (["presidido", "por"], .chair), (["presidida", "por"], .chair),
        (["moderated", "by"], .moderator), (["co-moderated", "by"], .moderator), (["facilitated", "by"], .moderator),
        (["modéré", "par"], .moderator), (["modérée", "par"], .moderator), (["moderado", "por"], .moderator),
        (["moderada", "por"], .moderator),
        (["presented", "by"], .speaker), (["introduced", "by"], .speaker), (["delivered", "by"], .speaker),
    ]

    /// "Opening remarks by", "Keynote address by", "Video message from", "Statement:".
    private static let speechNouns: Set<String> = [
        "remarks", "remark", "statement", "statements", "address", "addresses", "keynote", "message", "messages",
        "presentation", "presentations", "briefing", "briefings", "welcome", "introduction", "speech", "lecture",
        "greetings", "intervention", "interventions", "overview", "reflections", "allocution", "allocutions",
        "discours", "déclaration", "mot", "palabras", "discurso", "intervención", "declaración",
    ]
    private static let byWords: Set<String> = ["by", "from", "par", "de", "por"]

    /// Every phrase by its first word, so a word that starts none is passed over at once.
    private static let phrasesByFirstWord: [String: [(words: [String], role: Person.Role, needsDelimiter: Bool)]] = {
        var index: [String: [(words: [String], role: Person.Role, needsDelimiter: Bool)]] = [:]
        for (words, role) in byPhrases { index[words[0], default: []].append((words, role, false)) }
        for (words, role) in labels { index[words[0], default: []].append((words, role, true)) }
        return index
    }()

    /// The role phrase at the start of `text`, if any.
    static func match(_ text: some StringProtocol) -> RolePhrase? {
        let words = leadingWords(text, limit: 6)
        guard let first = words.first else { return nil }
        // Longest first: "Panel members:" before "Panel".
        var best: (count: Int, role: Person.Role, needsDelimiter: Bool)?
        func consider(_ count: Int, _ role: Person.Role, needsDelimiter: Bool) {
            if best == nil || count > best?.count ?? 0 { best = (count, role, needsDelimiter) }
        }
        for phrase in phrasesByFirstWord[first.word] ?? [] where phrase.words.count <= words.count {
            if zip(phrase.words, words).allSatisfy({ $0 == $1.word }) {
                consider(phrase.words.count, phrase.role, needsDelimiter: phrase.needsDelimiter)
            }
        }
        if best == nil, var nounIndex = words.prefix(4).firstIndex(where: { speechNouns.contains($0.word) }) {
            while nounIndex + 1 < words.count, speechNouns.contains(words[nounIndex + 1].word) { nounIndex += 1 }
            if nounIndex + 1 < words.count, byWords.contains(words[nounIndex + 1].word) {
                consider(nounIndex + 2, .speaker, needsDelimiter: false)
            } else {
                consider(nounIndex + 1, .speaker, needsDelimiter: true)
            }
        }
        guard let best else { return nil }
        var rest = text[words[best.count - 1].end...]
        // "Speaker(s):"
        if rest.hasPrefix("(s)") { rest = rest.dropFirst(3) }
        rest = rest.drop(while: { $0 == " " })
        var delimited = !best.needsDelimiter
        if rest.first == ":" {
            rest = rest.dropFirst()
            delimited = true
        } else if let dash = rest.first, best.needsDelimiter, isDash(dash), rest.dropFirst().first == " " {
            rest = rest.dropFirst()
            delimited = true
        } else if best.needsDelimiter, !rest.isEmpty {
            return nil
        }
        return RolePhrase(role: best.role, rest: rest.trimmingSpaces, isDelimited: delimited)
    }

    /// Where later role phrases start inside `text` (a capitalised word opening a labelled role
    /// or a "by" phrase), so that "Panellists: TBC Moderator: TBC" is two statements. Reads the
    /// words once; only a word that can start a phrase is tried.
    static func laterStarts(in text: String) -> [String.Index] {
        let end = text.index(text.startIndex, offsetBy: 1000, limitedBy: text.endIndex) ?? text.endIndex
        var words: [(word: String, start: String.Index, isCapitalised: Bool)] = []
        var index = text.startIndex
        while index < end {
            let start = index
            while index < end, isWordCharacter(text[index]) { index = text.index(after: index) }
            if start < index {
                words.append((text[start..<index].lowercased(), start, text[start].isUppercase))
            } else {
                index = text.index(after: index)
            }
        }
        var starts: [String.Index] = []
        for (number, word) in words.enumerated() where word.isCapitalised && word.start != text.startIndex {
            guard text[text.index(before: word.start)] == " " else { continue }
            let candidate =
                phrasesByFirstWord[word.word] != nil
                || words[number..<min(number + 4, words.count)].contains { speechNouns.contains($0.word) }
            if candidate, let phrase = match(text[word.start...]), phrase.isDelimited { starts.append(word.start) }
        }
        return starts
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character == "-" || character == "'" || character == "\u{2019}"
    }

    private static func isDash(_ character: Character) -> Bool {
        character.unicodeScalars.count == 1 && character.unicodeScalars.first.map(TimeRangeScanner.isDash) == true
    }

    /// The first `limit` words (letters, hyphens and apostrophes), lower-cased, with where each ends.
    private static func leadingWords(_ text: some StringProtocol, limit: Int) -> [(word: String, end: String.Index)] {
        var words: [(word: String, end: String.Index)] = []
        var index = text.startIndex
        while words.count < limit {
            while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
            let start = index
            while index < text.endIndex, isWordCharacter(text[index]) {
                index = text.index(after: index)
            }
            guard start < index else { break }
            words.append((text[start..<index].lowercased(), index))
            guard index < text.endIndex, text[index] == " " else { break }
        }
        return words
    }
}
