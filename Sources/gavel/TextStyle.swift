/// ANSI styling for output meant for a person, or none at all.
///
/// Colour only helps a person at a terminal; in a pipe, a file or an editor's build log the
/// escape codes are noise, so the style is chosen per stream (see `init(isTerminal:environment:)`).
struct TextStyle: Sendable, Equatable {
    var usesColour: Bool

    static let plain = TextStyle(usesColour: false)

    init(usesColour: Bool) {
        self.usesColour = usesColour
    }

    /// Colour for a terminal, unless `NO_COLOR` is set (no-color.org) or the terminal is dumb.
    init(isTerminal: Bool, environment: [String: String]) {
        let noColour = !(environment["NO_COLOR"] ?? "").isEmpty || environment["TERM"] == "dumb"
        self.usesColour = isTerminal && !noColour
    }

    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func error(_ text: String) -> String { wrap(text, "1;31") }
    func warning(_ text: String) -> String { wrap(text, "1;33") }
    func success(_ text: String) -> String { wrap(text, "1;32") }

    private func wrap(_ text: String, _ code: String) -> String {
        usesColour && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}

extension String {
    /// The text padded with spaces to `width` characters (grapheme clusters), on the right by default.
    func padded(to width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: Swift.max(0, width - count))
        return right ? padding + self : self + padding
    }
}
