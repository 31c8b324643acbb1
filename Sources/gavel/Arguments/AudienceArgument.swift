import ArgumentParser
import GavelCore

/// `--to everyone|speaker`: which displays a message, blackout or flash is for.
extension DisplayAudience: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(rawValue: argument.lowercased())
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
