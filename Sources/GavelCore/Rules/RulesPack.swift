/// A meeting's rules of procedure, as data: its speech types, its ranks of protocol precedence
/// and the order its lists keep. The agenda names one (`"rules": "un-ga"`) or carries its own;
/// the default follows the practice of the United Nations General Assembly.
public struct RulesPack: Hashable, Sendable {
    /// "un-ga", "panel", or the agenda's own name for its pack.
    public var id: String
    public var name: String
    /// The first type placed on the list is what an inscription that names none is.
    public var speechTypes: [SpeechType]
    /// Protocol precedence, highest first ("head-of-state", ..., "civil-society").
    public var ranks: [String]
    /// The order of every list that does not choose its own.
    public var order: ListOrder

    public init(
        id: String,
        name: String,
        speechTypes: [SpeechType],
        ranks: [String] = [],
        order: ListOrder = .inscription
    ) {
        self.id = id
        self.name = name
        self.speechTypes = speechTypes
        self.ranks = ranks
        self.order = order
    }

    public func speechType(_ id: String) -> SpeechType? {
        speechTypes.first { $0.id == id }
    }

    /// The type of an inscription that names none: the first the list takes in order.
    public var defaultSpeechType: SpeechType {
        speechTypes.first { $0.placement == .list } ?? speechTypes.first
            ?? SpeechType(id: "statement", name: "Statement")
    }

    /// A rank's place in precedence, 0 the highest; speakers without a known rank come last.
    public func precedence(of rank: String?) -> Int {
        rank.flatMap { ranks.firstIndex(of: $0) } ?? ranks.count
    }

    /// What is wrong with the pack, for the agenda's validation; empty when it is usable.
    public var problems: [String] {
        var problems: [String] = []
        var seen: Set<String> = []
        if speechTypes.isEmpty { problems.append("the rules '\(id)' have no speech types") }
        if !speechTypes.contains(where: { $0.placement == .list }) && !speechTypes.isEmpty {
            problems.append("the rules '\(id)' have no speech type placed on the list (placement \"list\")")
        }
        for type in speechTypes {
            if !seen.insert(type.id).inserted { problems.append("speech type '\(type.id)' is defined twice") }
            if !Self.isIdentifier(type.id) {
                problems.append("speech type id '\(type.id)' must be lowercase letters, digits and hyphens")
            }
            if type.limits.contains(where: { $0 <= .zero }) {
                problems.append("speech type '\(type.id)' has a limit that is not longer than zero")
            }
            if let cap = type.perDelegationPerItem, cap < 1 {
                problems.append("speech type '\(type.id)' allows \(cap) turns per delegation; at least 1")
            }
        }
        if Set(ranks).count != ranks.count { problems.append("a rank is listed twice in the rules '\(id)'") }
        return problems
    }

    static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 40
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

extension RulesPack {
    /// The United Nations General Assembly's practice (its rules of procedure, rules 71-74 and 88,
    /// and decision 34/401 on rights of reply and explanations of vote).
    ///
    /// The rules set no length for a point of order or an interposed question; two minutes and
    /// one keep their clocks meaningful, and an agenda's own pack can change them.
    public static let unGeneralAssembly = RulesPack(
        id: "un-ga",
        name: "United Nations General Assembly",
        speechTypes: [
            SpeechType(id: "statement", name: "Statement"),
            SpeechType(
                id: "reply",
                name: "Right of reply",
                placement: .endOfItem,
                limits: [.minutes(10), .minutes(5)],
                perDelegationPerItem: 2
            ),
            SpeechType(id: "point-of-order", name: "Point of order", placement: .interruption, limits: [.minutes(2)]),
            SpeechType(id: "question", name: "Interposed question", placement: .interruption, limits: [.minutes(1)]),
            SpeechType(id: "eov-before", name: "Explanation of vote before the vote", limits: [.minutes(10)]),
            SpeechType(id: "eov-after", name: "Explanation of vote after the vote", limits: [.minutes(10)]),
        ],
        ranks: [
            "head-of-state", "vice-president", "head-of-government", "minister", "vice-minister",
            "head-of-delegation", "observer", "civil-society",
        ],
        order: .inscription
    )

    /// A conference panel: a moderator, panellists with seven minutes each, and questions from
    /// the floor. Nothing interrupts; there is no precedence.
    public static let conferencePanel = RulesPack(
        id: "panel",
        name: "Conference panel",
        speechTypes: [
            SpeechType(id: "panellist", name: "Panellist", limits: [.minutes(7)]),
            SpeechType(id: "moderator", name: "Moderator"),
            SpeechType(id: "question", name: "Question from the floor", limits: [.minutes(2)]),
        ],
        order: .inscription
    )

    public static let builtIn: [RulesPack] = [.unGeneralAssembly, .conferencePanel]

    public static func builtIn(_ id: String) -> RulesPack? {
        builtIn.first { $0.id == id }
    }
}

extension RulesPack {
    /// What makes an inscription impossible under these rules, whoever asks: an empty name, a
    /// speech type the rules do not have or that is not taken from a list, a rank they do not
    /// know. nil when it can be inscribed. (Caps and a closed list are rules the chair may
    /// override; they are checked by the meeting.)
    public func problem(with inscription: Inscription) -> String? {
        let name = inscription.speaker.trimmingSpaces
        if name.isEmpty { return "a speaker needs a name" }
        if name.count > 120 || name.contains(where: \.isNewline) {
            return "a speaker's name is one line of at most 120 characters"
        }
        if let delegation = inscription.delegation, delegation.count > 120 || delegation.contains(where: \.isNewline) {
            return "a delegation is one line of at most 120 characters"
        }
        if let id = inscription.speech {
            guard let type = speechType(id) else {
                return "the rules '\(self.id)' have no speech type '\(id)'; they have "
                    + speechTypes.map(\.id).joined(separator: ", ")
            }
            if type.interrupts {
                return "a \(type.name.lowercased()) interrupts the floor and is not inscribed on the list"
            }
        }
        if let rank = inscription.rank, !ranks.contains(rank) {
            return ranks.isEmpty
                ? "the rules '\(id)' have no ranks of precedence, so '\(rank)' means nothing"
                : "unknown rank '\(rank)'; the rules '\(id)' rank " + ranks.joined(separator: ", ")
        }
        if let time = inscription.time, time <= .zero || time > .seconds(12 * 3600) {
            return "a speaker's time is longer than zero and at most 12h, not \(DurationText.compact(time))"
        }
        return nil
    }
}
