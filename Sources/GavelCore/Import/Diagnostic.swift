/// Something an importer has to say about a line of the input: an error stops the import, a
/// warning tells the user how a doubtful line was understood.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable, Codable {
        case error
        case warning
    }

    public var severity: Severity
    /// 1-based line of the input, when the problem has one.
    public var line: Int?
    public var message: String

    public init(_ severity: Severity, line: Int? = nil, _ message: String) {
        self.severity = severity
        self.line = line
        self.message = message
    }

    public static func error(line: Int? = nil, _ message: String) -> Diagnostic {
        Diagnostic(.error, line: line, message)
    }

    public static func warning(line: Int? = nil, _ message: String) -> Diagnostic {
        Diagnostic(.warning, line: line, message)
    }

    /// `line 14: '10:45-12:40' ends before it starts`
    public var description: String {
        if let line { return "line \(line): \(message)" }
        return message
    }
}

/// An agenda could not be imported; `diagnostics` says why, line by line.
public struct AgendaImportError: Error, Sendable, CustomStringConvertible {
    /// Every diagnostic found, errors and warnings, in line order.
    public var diagnostics: [Diagnostic]
    /// Lines of a programme that were read and not used, each with why: when no schedule is
    /// found, they are where it went (`gavel agenda check --verbose`).
    public var skippedLines: [SkippedLine] = []

    public init(diagnostics: [Diagnostic], skippedLines: [SkippedLine] = []) {
        self.diagnostics = diagnostics
        self.skippedLines = skippedLines
    }

    public init(_ message: String, line: Int? = nil) {
        self.diagnostics = [.error(line: line, message)]
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}

/// A line of the input the importer read and did not use, with why: what
/// `gavel agenda check --verbose` shows, so a user sees nothing was dropped silently.
public struct SkippedLine: Hashable, Sendable, CustomStringConvertible {
    /// 1-based line of the input.
    public var line: Int
    /// The line's text, without markup.
    public var text: String
    public var reason: String

    public init(line: Int, text: String, reason: String) {
        self.line = line
        self.text = text
        self.reason = reason
    }

    /// `line 4: 'PROGRAMME': a heading such as 'Programme', not part of an item`
    public var description: String { "line \(line): '\(text.excerpt(60))': \(reason)" }
}
