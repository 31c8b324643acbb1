import ArgumentParser

/// The exit codes of `gavel`, from BSD's sysexits(3) where one fits, so scripts can tell a bad
/// agenda from a missing one and an unreachable daemon from a refused command. Usage errors are
/// argument-parser's `ExitCode.validationFailure`, which is `EX_USAGE` (64) on Linux and macOS.
///
/// The table is printed by `gavel --help` and the man page (`Gavel.exitCodes`); keep them in step.
enum ExitStatus {
    /// The meeting refused the command (e.g. "already at the last item"), or the daemon refused
    /// its id (used before for a different command); nothing changed.
    static let refused = ExitCode(3)
    /// The daemon refuses tokens from this address for a while after too many wrong ones. Not
    /// EX_NOPERM: waiting helps; not EX_TEMPFAIL: the daemon always takes the right token, so the
    /// token this client has is most likely wrong, and retrying it blindly will not do.
    static let rateLimited = ExitCode(4)
    /// EX_USAGE: a bad option or argument (argument-parser's `validationFailure`).
    static let usage = ExitCode.validationFailure
    /// EX_DATAERR: the file was read but is not a usable agenda.
    static let dataError = ExitCode(65)
    /// EX_NOINPUT: the file does not exist or cannot be read.
    static let noInput = ExitCode(66)
    /// EX_UNAVAILABLE: the daemon cannot be reached, or did not answer in time.
    static let unavailable = ExitCode(69)
    /// EX_SOFTWARE: an internal error, in gavel or in the daemon (or they do not understand each other).
    static let software = ExitCode(70)
    /// EX_CANTCREAT: an output file cannot be written.
    static let cannotCreate = ExitCode(73)
    /// EX_TEMPFAIL: the daemon cannot write its journal right now; nothing changed, try again.
    static let temporaryFailure = ExitCode(75)
    /// EX_NOPERM: no control token, or the daemon refused it.
    static let noPermission = ExitCode(77)
}
