import Foundation

/// The process's standard streams. All output goes through here, unbuffered, so what a command
/// writes to stdout and stderr appears in the order it was written.
enum Console {
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func write(_ data: Data) {
        FileHandle.standardOutput.write(data)
    }

    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// The style for standard output: colour only at a terminal.
    static var outputStyle: TextStyle {
        TextStyle(isTerminal: isatty(STDOUT_FILENO) != 0, environment: ProcessInfo.processInfo.environment)
    }

    /// The style for standard error: colour only at a terminal.
    static var errorStyle: TextStyle {
        TextStyle(isTerminal: isatty(STDERR_FILENO) != 0, environment: ProcessInfo.processInfo.environment)
    }
}
