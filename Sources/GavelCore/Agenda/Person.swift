/// Someone with a part in an item, or a placeholder ("TBC") for someone not yet named.
public struct Person: Hashable, Sendable {
    public enum Role: String, Hashable, Sendable, Codable, CaseIterable {
        case chair
        case speaker
        case panellist
        case moderator
    }

    /// nil for a placeholder: "Panellists: TBC" is a slot, not a person called TBC.
    public var name: String?
    /// The name in other scripts or languages, by language code ("ru": "Луиза Арбур"); empty
    /// when the agenda gives none.
    public var names: [String: String] = [:]
    public var role: Role
    /// What the programme says of them: "President of the General Assembly",
    /// "Migrant perspective".
    public var position: String?
    /// This person's own floor time, overriding the item's.
    public var speakingTime: Duration?

    public init(name: String?, role: Role, position: String? = nil, speakingTime: Duration? = nil) {
        self.name = name
        self.role = role
        self.position = position
        self.speakingTime = speakingTime
    }

    /// A slot whose person is to be confirmed.
    public static func placeholder(_ role: Role, position: String? = nil) -> Person {
        Person(name: nil, role: role, position: position)
    }

    public var isPlaceholder: Bool { name == nil }

    /// The words programmes use for a slot not yet filled.
    public static func isPlaceholderName(_ text: String) -> Bool {
        let folded = text.trimmingSpaces.lowercased().filter { $0.isLetter }
        return ["tbc", "tbd", "tba", "tobeconfirmed", "tobedetermined", "tobeannounced"].contains(folded)
    }

    /// How a display or report names the person: the name, or "TBC (moderator)".
    public var displayName: String {
        name ?? "TBC"
    }
}
