extension AgendaDraft {
    /// Errors shown for one file: enough to fix a real agenda, few enough to read when the
    /// file is not an agenda at all.
    static let maximumErrors = 50

    /// Adds an error, or, past `maximumErrors`, one last error saying the rest were dropped.
    mutating func report(_ error: Diagnostic) {
        let shown = diagnostics.count { $0.severity == .error }
        if shown < Self.maximumErrors {
            diagnostics.append(error)
        } else if shown == Self.maximumErrors {
            diagnostics.append(
                .error(
                    line: error.line,
                    "more than \(Self.maximumErrors) errors; "
                        + "the rest are not shown. Is this the right file?"
                )
            )
        }
    }
}

extension StringProtocol {
    /// The text as a message may quote it: at most `limit` characters, cut with an ellipsis.
    func excerpt(_ limit: Int = 40) -> String {
        guard count > limit else { return String(self) }
        return prefix(limit - 1).trimmingSpaces + "…"
    }
}
