import ArgumentParser
import GavelCore

/// A duration on the command line: `90s`, `2m`, `1m30s`, `1h15m` or `1:30`.
///
/// A bare number is refused: `gavel extend 2` could mean two seconds or two minutes, and a chair
/// must not be misread (`DurationText.parse` decides).
struct DurationArgument: ExpressibleByArgument, Hashable, CustomStringConvertible {
    var duration: Duration

    init?(argument: String) {
        guard let duration = DurationText.parse(argument) else { return nil }
        self.duration = duration
    }

    init(_ duration: Duration) {
        self.duration = duration
    }

    var description: String { DurationText.compact(duration) }

    var defaultValueDescription: String { description }

    /// Shown with every duration option and in the error for a value that is not one.
    static let forms = "as \(DurationText.acceptedForms)"
}
