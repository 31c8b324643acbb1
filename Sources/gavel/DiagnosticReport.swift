import Foundation
import GavelCore

/// Diagnostics as tools read them: compiler-style lines for editors and people, a JSON
/// document for scripts.
enum DiagnosticReport {
    /// `hearing.txt:14: error: '10:45-12:40' ends before it starts`, the form compilers use, so
    /// editors and CI logs link to the line. A diagnostic about the whole file has no line number.
    static func compilerStyle(_ diagnostic: Diagnostic, file: String, style: TextStyle = .plain) -> String {
        let location = diagnostic.line.map { "\(file):\($0):" } ?? "\(file):"
        let label =
            switch diagnostic.severity {
            case .error: style.error("error:")
            case .warning: style.warning("warning:")
            }
        return "\(style.bold(location)) \(label) \(diagnostic.message)"
    }

    /// `FAILED: 2 errors, 1 warning`: the last line after the diagnostics of a failed check.
    static func failureVerdict(_ diagnostics: [Diagnostic], style: TextStyle = .plain) -> String {
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        var text = AgendaSummary.counted(errors, "error")
        if warnings > 0 { text += ", \(AgendaSummary.counted(warnings, "warning"))" }
        return "\(style.error("FAILED:")) \(text); the agenda was not imported"
    }

    /// `{"ok":false,"errors":[{"line":3,"message":"…"}],"warnings":[]}` on one line, keys in
    /// that order; `line` is null for a diagnostic about the whole file.
    static func jsonFailure(_ diagnostics: [Diagnostic]) -> String {
        let document = Failure(
            errors: diagnostics.filter { $0.severity == .error }.map(Entry.init),
            warnings: diagnostics.filter { $0.severity == .warning }.map(Entry.init)
        )
        // A document of strings, numbers and booleans always encodes.
        let data = (try? CanonicalJSONEncoder(prettyPrinted: false).encode(document)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    private struct Failure: Encodable {
        var errors: [Entry]
        var warnings: [Entry]

        enum CodingKeys: String, CodingKey { case ok, errors, warnings }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(false, forKey: .ok)
            try container.encode(errors, forKey: .errors)
            try container.encode(warnings, forKey: .warnings)
        }
    }

    private struct Entry: Encodable {
        var line: Int?
        var message: String

        init(_ diagnostic: Diagnostic) {
            line = diagnostic.line
            message = diagnostic.message
        }

        enum CodingKeys: String, CodingKey { case line, message }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            // Always present, null when the diagnostic has no line, so scripts need not test for it.
            try container.encode(line, forKey: .line)
            try container.encode(message, forKey: .message)
        }
    }
}
