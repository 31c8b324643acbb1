import Foundation

// The canonical JSON form of an agenda. Durations are written as people type them ("3m",
// "1m30s") so that a hand-edited agenda reads naturally; times are "HH:MM" in the venue's zone.

extension Agenda: Codable {
    enum CodingKeys: String, CodingKey {
        case title, titles, subtitle, date, venue, timeZone, hardEnd, defaults, rules, groups, attributes, shares, items
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        title = try c.decode(String.self, forKey: .title)
        titles = try c.decodeTranslations(forKey: .titles)
        subtitle = try c.decodeIfPresent(String.self, forKey: .subtitle)
        date = try c.decode(LocalDate.self, forKey: .date)
        venue = try c.decodeIfPresent(String.self, forKey: .venue)
        timeZone = try c.decode(String.self, forKey: .timeZone)
        defaults = try c.decodeIfPresent(AgendaDefaults.self, forKey: .defaults) ?? AgendaDefaults()
        rules = try c.decodeIfPresent(RulesPack.self, forKey: .rules) ?? .unGeneralAssembly
        groups = try c.decodeIfPresent([SpeakerGroup].self, forKey: .groups) ?? []
        attributes = try c.decodeIfPresent([String: [String: String]].self, forKey: .attributes) ?? [:]
        shares = try c.decodeIfPresent([ShareTarget].self, forKey: .shares) ?? []
        hardEnd = try c.decodeIfPresent(LocalTime.self, forKey: .hardEnd)
        items = try c.decode([AgendaItem].self, forKey: .items)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(title, forKey: .title)
        if !titles.isEmpty { try c.encode(titles, forKey: .titles) }
        try c.encodeIfPresent(subtitle, forKey: .subtitle)
        try c.encode(date, forKey: .date)
        try c.encodeIfPresent(venue, forKey: .venue)
        try c.encode(timeZone, forKey: .timeZone)
        try c.encodeIfPresent(hardEnd, forKey: .hardEnd)
        if !defaults.isEmpty { try c.encode(defaults, forKey: .defaults) }
        if rules != .unGeneralAssembly { try c.encode(rules, forKey: .rules) }
        if !groups.isEmpty { try c.encode(groups, forKey: .groups) }
        if !attributes.isEmpty { try c.encode(attributes, forKey: .attributes) }
        if !shares.isEmpty { try c.encode(shares, forKey: .shares) }
        try c.encode(items, forKey: .items)
    }

    /// The canonical JSON text: pretty-printed, keys in the order of `CodingKeys`, ending in a
    /// newline. Equal agendas give the same bytes on every platform and every run.
    public func canonicalJSON() -> Data {
        // Encoding a value made of strings, booleans and durations cannot fail.
        var data = (try? CanonicalJSONEncoder().encode(self)) ?? Data()
        data.append(0x0A)
        return data
    }
}

extension AgendaDefaults: Codable {
    enum CodingKeys: String, CodingKey { case speakerTime, itemAlerts, floorAlerts }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        speakerTime = try c.decodeDurationIfPresent(forKey: .speakerTime)
        itemAlerts = try c.decodeIfPresent(AlertThresholds.self, forKey: .itemAlerts)
        floorAlerts = try c.decodeIfPresent(AlertThresholds.self, forKey: .floorAlerts)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeDurationIfPresent(speakerTime, forKey: .speakerTime)
        try c.encodeIfPresent(itemAlerts, forKey: .itemAlerts)
        try c.encodeIfPresent(floorAlerts, forKey: .floorAlerts)
    }
}

extension AgendaItem: Codable {
    enum CodingKeys: String, CodingKey {
        case id, title, titles, kind, date, start, end, people, speakerTime, alerts, floorAlerts, notes, list, budgets,
            fixed, minimum, droppable
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        title = try c.decode(String.self, forKey: .title)
        titles = try c.decodeTranslations(forKey: .titles)
        kind = try c.decodeIfPresent(Kind.self, forKey: .kind) ?? .session
        date = try c.decode(LocalDate.self, forKey: .date)
        start = try c.decode(LocalTime.self, forKey: .start)
        end = try c.decode(LocalTime.self, forKey: .end)
        people = try c.decodeIfPresent([Person].self, forKey: .people) ?? []
        speakerTime = try c.decodeDurationIfPresent(forKey: .speakerTime)
        alerts = try c.decodeIfPresent(AlertThresholds.self, forKey: .alerts)
        floorAlerts = try c.decodeIfPresent(AlertThresholds.self, forKey: .floorAlerts)
        notes = try c.decodeIfPresent(String.self, forKey: .notes)
        list = try c.decodeIfPresent(PlannedList.self, forKey: .list) ?? PlannedList()
        budgets = try c.decodeIfPresent([GroupBudget].self, forKey: .budgets) ?? []
        planning = ItemPlanning(
            fixed: try c.decodeIfPresent(Bool.self, forKey: .fixed) ?? false,
            minimum: try c.decodeDurationIfPresent(forKey: .minimum),
            droppable: try c.decodeIfPresent(Bool.self, forKey: .droppable) ?? false
        )
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(title, forKey: .title)
        try c.encodeIfPresent(titlesIfAny, forKey: .titles)
        try c.encode(kind, forKey: .kind)
        try c.encode(date, forKey: .date)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(people, forKey: .people)
        try c.encodeDurationIfPresent(speakerTime, forKey: .speakerTime)
        try c.encodeIfPresent(alerts, forKey: .alerts)
        try c.encodeIfPresent(floorAlerts, forKey: .floorAlerts)
        try c.encodeIfPresent(notes, forKey: .notes)
        if !list.isEmpty { try c.encode(list, forKey: .list) }
        if !budgets.isEmpty { try c.encode(budgets, forKey: .budgets) }
        if planning.fixed { try c.encode(true, forKey: .fixed) }
        try c.encodeDurationIfPresent(planning.minimum, forKey: .minimum)
        if planning.droppable { try c.encode(true, forKey: .droppable) }
    }
}

extension Person: Codable {
    enum CodingKeys: String, CodingKey { case name, names, role, position, speakingTime, placeholder }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decodeIfPresent(String.self, forKey: .name)
        let placeholder = try c.decodeIfPresent(Bool.self, forKey: .placeholder) ?? false
        self.name = placeholder || name.map(Person.isPlaceholderName) ?? true ? nil : name?.trimmingSpaces
        names = self.name == nil ? [:] : try c.decodeTranslations(forKey: .names)
        role = try c.decodeIfPresent(Role.self, forKey: .role) ?? .speaker
        position = try c.decodeIfPresent(String.self, forKey: .position)
        speakingTime = try c.decodeDurationIfPresent(forKey: .speakingTime)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        if let name {
            try c.encode(name, forKey: .name)
            if !names.isEmpty { try c.encode(names, forKey: .names) }
        } else {
            try c.encode(true, forKey: .placeholder)
        }
        try c.encode(role, forKey: .role)
        try c.encodeIfPresent(position, forKey: .position)
        try c.encodeDurationIfPresent(speakingTime, forKey: .speakingTime)
    }
}

extension AlertThresholds: Codable {
    enum CodingKeys: String, CodingKey { case warning, wrapUp, reminderEvery }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = AlertThresholds.itemDefault
        warning = try c.decodeDurationIfPresent(forKey: .warning) ?? defaults.warning
        wrapUp = try c.decodeDurationIfPresent(forKey: .wrapUp) ?? defaults.wrapUp
        reminderEvery = try c.decodeDurationIfPresent(forKey: .reminderEvery) ?? defaults.reminderEvery
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(DurationText.compact(warning), forKey: .warning)
        try c.encode(DurationText.compact(wrapUp), forKey: .wrapUp)
        try c.encode(DurationText.compact(reminderEvery), forKey: .reminderEvery)
    }
}

extension KeyedDecodingContainer {
    /// Decodes "3m", "1m30s", "1:30", or a number of seconds.
    func decodeDurationIfPresent(forKey key: Key) throws -> Duration? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let seconds = try? decode(Int.self, forKey: key) {
            guard seconds >= 0 else {
                throw DecodingError.dataCorruptedError(
                    forKey: key,
                    in: self,
                    debugDescription: "a duration cannot be negative (\(seconds))"
                )
            }
            // As on the wire (CommandRequest): a day at most. A huge number overflowed the
            // millisecond arithmetic of every later export and timer.
            guard seconds <= 86_400 else {
                throw DecodingError.dataCorruptedError(
                    forKey: key,
                    in: self,
                    debugDescription: "a duration in seconds must be at most 86400 (a day), not \(seconds)"
                )
            }
            return .seconds(seconds)
        }
        let text = try decode(String.self, forKey: key)
        guard let duration = DurationText.parse(text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key,
                in: self,
                debugDescription: "'\(text)' is not a duration; write it as \(DurationText.acceptedForms)"
            )
        }
        return duration
    }
}

extension KeyedEncodingContainer {
    mutating func encodeDurationIfPresent(_ duration: Duration?, forKey key: Key) throws {
        guard let duration else { return }
        try encode(DurationText.compact(duration), forKey: key)
    }
}

extension KeyedDecodingContainer {
    /// A text in other languages (`titles`, `names`): an object from language code to text. Codes
    /// are kept lowercased ("FR" is "fr"); empty texts are left out, as if not given.
    func decodeTranslations(forKey key: Key) throws -> [String: String] {
        guard let given = try decodeIfPresent([String: String].self, forKey: key) else { return [:] }
        var result: [String: String] = [:]
        for (code, text) in given {
            let trimmed = text.trimmingSpaces
            guard !trimmed.isEmpty else { continue }
            guard !code.isEmpty, code.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: key,
                    in: self,
                    debugDescription: "'\(code)' is not a language code (use e.g. \"fr\", \"es\", \"zh\")"
                )
            }
            result[code.lowercased()] = trimmed
        }
        return result
    }
}
