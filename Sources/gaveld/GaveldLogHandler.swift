import Foundation
import Logging

/// One line per event on stderr: `level label: message key=value ...`.
///
/// Under systemd (JOURNAL_STREAM set) each line starts with a `<N>` syslog priority, which
/// journald turns into the entry's priority, and no timestamp, which journald adds itself.
/// Elsewhere lines carry an ISO 8601 timestamp.
struct GaveldLogHandler: LogHandler {
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let label: String
    let journald: Bool

    init(label: String, level: Logger.Level, journald: Bool) {
        self.label = label
        self.logLevel = level
        self.journald = journald
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = self.metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let fields = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quoted("\($0.value)"))" }
        var line = journald ? "<\(Self.priority(event.level))>" : Self.timestamp() + " "
        line += "\(event.level) \(label): \(event.message)"
        if !fields.isEmpty { line += " " + fields.joined(separator: " ") }
        line += "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Values with spaces or quotes are quoted so a line splits unambiguously into fields.
    static func quoted(_ value: String) -> String {
        guard value.isEmpty || needsQuotes(value) else { return value }
        let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
        return "\"\(escaped)\""
    }

    /// A space, a quote, `=` or a line break (`Character.isNewline`'s), found in the UTF-8 bytes:
    /// every command logs a line of fields, and walking them as Characters was most of its cost.
    static func needsQuotes(_ value: String) -> Bool {
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in value.utf8 {
            switch byte {
            case 0x20, 0x22, 0x3D, 0x0A...0x0D: return true
            // U+0085 is C2 85; U+2028 and U+2029 are E2 80 A8 and E2 80 A9.
            case 0x85 where previous.1 == 0xC2: return true
            case 0xA8 where previous == (0xE2, 0x80), 0xA9 where previous == (0xE2, 0x80): return true
            default: previous = (previous.1, byte)
            }
        }
        return false
    }

    static func priority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    static func timestamp() -> String {
        Date().formatted(
            .iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted)
        )
    }
}
