/// The messages a chair sends again and again, named once so that the CLI, the wire protocol and
/// the docs agree: `gavel say --to speaker --preset wrap-up`, or `{"command":"showMessage",
/// "preset":"wrap-up"}`. A preset is only a shorthand: the message shown (and journaled) is its
/// text, so a later change of wording does not rewrite past meetings.
public struct MessagePreset: Hashable, Sendable {
    /// The name a command uses, in kebab case.
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }

    /// Every preset, in the order `gavel say --list-presets` shows them.
    public static let all: [MessagePreset] = [
        MessagePreset(name: "wrap-up", text: "Please wrap up"),
        MessagePreset(name: "time-up", text: "Your time is up"),
        MessagePreset(name: "one-minute", text: "One minute left"),
        MessagePreset(name: "slow-down", text: "Please slow down for the interpreters"),
        MessagePreset(name: "speak-up", text: "Please speak closer to the microphone"),
        MessagePreset(name: "silence-phones", text: "Please silence your phones"),
        MessagePreset(name: "take-seats", text: "Please take your seats"),
    ]

    /// The preset named `name`, ignoring case; nil for a name that is none.
    public static func named(_ name: String) -> MessagePreset? {
        let key = name.trimmingSpaces.lowercased()
        return all.first { $0.name == key }
    }

    /// "wrap-up, time-up, ...", for error messages that list what a name may be.
    public static var names: String { all.map(\.name).joined(separator: ", ") }
}
