/// How an item may give way when the meeting runs late: what a plan to end on time
/// (`EndPlanner`) may do with it.
public struct ItemPlanning: Hashable, Sendable {
    /// Must start at its planned time (a closing with the President): a plan never moves it.
    public var fixed = false
    /// The shortest the item may be made (elastic); nil keeps its length.
    public var minimum: Duration?
    /// May be left out when shortening the elastic items is not enough.
    public var droppable = false

    public init(fixed: Bool = false, minimum: Duration? = nil, droppable: Bool = false) {
        self.fixed = fixed
        self.minimum = minimum
        self.droppable = droppable
    }

    public var isDefault: Bool { !fixed && minimum == nil && !droppable }

    /// What is wrong with these marks on an item of `length`, if anything.
    func problem(length: Duration) -> String? {
        if let minimum {
            guard minimum > .zero, minimum <= length else {
                return "minimum \(DurationText.compact(minimum)) must be more than zero and at most the item's "
                    + "\(DurationText.compact(length))"
            }
        }
        if fixed && droppable {
            return "an item cannot be both fixed (it must start on time) and droppable (it may not happen)"
        }
        return nil
    }
}

/// A target share of floor time for the values of one attribute the agenda gives speakers
/// ("gender": female 50 %), for the chair view and the report. A target may name only some
/// values; values without one are shown without.
public struct ShareTarget: Hashable, Sendable, Codable {
    public var attribute: String
    /// Percentages of the floor time, by value.
    public var targets: [String: Double]

    public init(attribute: String, targets: [String: Double] = [:]) {
        self.attribute = attribute
        self.targets = targets
    }

    enum CodingKeys: String, CodingKey { case attribute, targets }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        attribute = try c.decode(String.self, forKey: .attribute).trimmingSpaces
        targets = try c.decodeIfPresent([String: Double].self, forKey: .targets) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(attribute, forKey: .attribute)
        if !targets.isEmpty { try c.encode(targets, forKey: .targets) }
    }

    /// What is wrong with it, if anything.
    var problem: String? {
        guard !attribute.isEmpty else { return "a share names the attribute it counts" }
        for (value, percent) in targets where !(0...100).contains(percent) || value.trimmingSpaces.isEmpty {
            return "share of '\(attribute)': the target for '\(value)' must be a value and a percentage "
                + "from 0 to 100 (\(percent))"
        }
        let total = targets.values.reduce(0, +)
        guard total <= 100.000_1 else {
            return "share of '\(attribute)': the targets add up to \(total) %, more than 100"
        }
        return nil
    }
}

extension Agenda {
    /// The attributes of the speaker who spoke for `party`: the party's (a delegation's region),
    /// then the speaker's own (their gender), the speaker's winning; `group` from the agenda's
    /// groups unless given.
    public func attributes(speaker: String, party: String) -> [String: String] {
        var result: [String: String] = [:]
        if let group = group(of: party) { result["group"] = group }
        for name in [party, speaker] {
            if let own = attributes[name]
                ?? attributes.first(where: { $0.key.lowercased() == name.lowercased() })?.value
            {
                result.merge(own) { _, new in new }
            }
        }
        return result
    }
}
