import ArgumentParser

/// The exit codes of `gavel`, from BSD's sysexits(3) so scripts can tell a bad agenda from a
/// missing one. Usage errors are argument-parser's `ExitCode.validationFailure`, which is
/// `EX_USAGE` (64) on Linux and macOS.
enum ExitStatus {
    /// EX_USAGE: a bad option or argument (argument-parser's `validationFailure`).
    static let usage = ExitCode.validationFailure
    /// EX_DATAERR: the file was read but is not a usable agenda.
    static let dataError = ExitCode(65)
    /// EX_NOINPUT: the file does not exist or cannot be read.
    static let noInput = ExitCode(66)
}
