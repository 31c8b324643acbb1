import Foundation

// Rules, lists and inscriptions in the agenda's canonical JSON (`Agenda+JSON.swift`).
//
// An agenda names a built-in pack (`"rules": "panel"`) or gives its own as an object. An object
// with `"base"` starts from that built-in pack: its `speechTypes` replace the base's types of the
// same id and add the others, and `ranks` and `order`, when given, replace the base's. Without
// `base` the object is the whole pack. The canonical form writes nothing for the default pack,
// the id of another built-in one, and the whole pack otherwise, so it always reads back equal.

extension RulesPack: Codable {
    enum CodingKeys: String, CodingKey { case base, id, name, order, ranks, speechTypes }

    public init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let id = try? single.decode(String.self) {
            guard let pack = RulesPack.builtIn(id) else {
                throw DecodingError.dataCorruptedError(
                    in: single,
                    debugDescription: "unknown rules '\(id)'; built-in rules are "
                        + RulesPack.builtIn.map(\.id).joined(separator: ", ") + ", or give the rules as an object"
                )
            }
            self = pack
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var pack: RulesPack
        if let baseID = try c.decodeIfPresent(String.self, forKey: .base) {
            guard let base = RulesPack.builtIn(baseID) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .base,
                    in: c,
                    debugDescription: "unknown base rules '\(baseID)'; built-in rules are "
                        + RulesPack.builtIn.map(\.id).joined(separator: ", ")
                )
            }
            pack = base
            pack.id = try c.decodeIfPresent(String.self, forKey: .id) ?? base.id + "+agenda"
        } else {
            pack = RulesPack(id: try c.decodeIfPresent(String.self, forKey: .id) ?? "agenda", name: "", speechTypes: [])
        }
        pack.name = try c.decodeIfPresent(String.self, forKey: .name) ?? (pack.name.isEmpty ? pack.id : pack.name)
        if let order = try c.decodeIfPresent(ListOrder.self, forKey: .order) { pack.order = order }
        if let ranks = try c.decodeIfPresent([String].self, forKey: .ranks) { pack.ranks = ranks }
        for type in try c.decodeIfPresent([SpeechType].self, forKey: .speechTypes) ?? [] {
            if let index = pack.speechTypes.firstIndex(where: { $0.id == type.id }) {
                pack.speechTypes[index] = type
            } else {
                pack.speechTypes.append(type)
            }
        }
        self = pack
    }

    public func encode(to encoder: any Encoder) throws {
        if RulesPack.builtIn(id) == self {
            var single = encoder.singleValueContainer()
            try single.encode(id)
            return
        }
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(order, forKey: .order)
        try c.encode(ranks, forKey: .ranks)
        try c.encode(speechTypes, forKey: .speechTypes)
    }
}

extension SpeechType: Codable {
    enum CodingKeys: String, CodingKey { case id, name, placement, limit, limits, perDelegationPerItem }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? id
        placement = try c.decodeIfPresent(Placement.self, forKey: .placement) ?? .list
        if let one = try c.decodeDurationIfPresent(forKey: .limit) {
            limits = [one]
        } else if c.contains(.limits) {
            var list = try c.nestedUnkeyedContainer(forKey: .limits)
            var limits: [Duration] = []
            while !list.isAtEnd {
                let text = try list.decode(String.self)
                guard let duration = DurationText.parse(text) else {
                    throw DecodingError.dataCorruptedError(
                        in: list,
                        debugDescription: "'\(text)' is not a duration; write it as \(DurationText.acceptedForms)"
                    )
                }
                limits.append(duration)
            }
            self.limits = limits
        } else {
            limits = []
        }
        perDelegationPerItem = try c.decodeIfPresent(Int.self, forKey: .perDelegationPerItem)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(placement, forKey: .placement)
        if !limits.isEmpty { try c.encode(limits.map(DurationText.compact), forKey: .limits) }
        try c.encodeIfPresent(perDelegationPerItem, forKey: .perDelegationPerItem)
    }
}

extension Inscription: Codable {
    enum CodingKeys: String, CodingKey { case name, delegation, type, rank, time }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        speaker = try c.decode(String.self, forKey: .name).trimmingSpaces
        delegation = try c.decodeIfPresent(String.self, forKey: .delegation)?.trimmingSpaces.nonEmpty
        speech = try c.decodeIfPresent(String.self, forKey: .type)?.trimmingSpaces.nonEmpty
        rank = try c.decodeIfPresent(String.self, forKey: .rank)?.trimmingSpaces.nonEmpty
        time = try c.decodeDurationIfPresent(forKey: .time)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(speaker, forKey: .name)
        try c.encodeIfPresent(delegation, forKey: .delegation)
        try c.encodeIfPresent(speech, forKey: .type)
        try c.encodeIfPresent(rank, forKey: .rank)
        try c.encodeDurationIfPresent(time, forKey: .time)
    }
}

extension PlannedList: Codable {
    enum CodingKeys: String, CodingKey { case order, closed, speakers }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        order = try c.decodeIfPresent(ListOrder.self, forKey: .order)
        closed = try c.decodeIfPresent(Bool.self, forKey: .closed) ?? false
        speakers = try c.decodeIfPresent([Inscription].self, forKey: .speakers) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(order, forKey: .order)
        if closed { try c.encode(true, forKey: .closed) }
        try c.encode(speakers, forKey: .speakers)
    }
}

extension String {
    /// nil for the empty string.
    var nonEmpty: String? { isEmpty ? nil : self }
}
