import ArgumentParser
import Foundation
import GavelClient
import GavelCore
import GavelProtocol

/// Something a remote command could not do, with its exit code, its message for people, and the
/// error object `--json` prints.
struct RemoteFailure: Error {
    var exitCode: ExitCode
    /// The error's code in `--json` output: the daemon's (`atLastItem`, `journalUnavailable`, …)
    /// or the client's (`unreachable`, `timedOut`, `connectionLost`, `unauthorized`, …).
    var code: String
    /// What went wrong and what to do, without the `gavel: ` prefix.
    var message: String
    var id: String?
    var replayed: Bool?

    /// A failure to talk to the daemon at all.
    init(_ error: ClientError, token: ControlToken? = nil) {
        switch error.kind {
        case .unreachable:
            exitCode = ExitStatus.unavailable
            code = "unreachable"
            message = error.message
        case .timedOut:
            exitCode = ExitStatus.unavailable
            code = "timedOut"
            message = error.message
        case .connectionLost:
            exitCode = ExitStatus.unavailable
            code = "connectionLost"
            message = error.message
        case .notAuthorized:
            exitCode = ExitStatus.noPermission
            code = "unauthorized"
            message = Self.tokenMessage(error, token: token)
        case .rateLimited:
            exitCode = ExitStatus.rateLimited
            code = "rateLimited"
            message = Self.rateLimitedMessage(error.retryAfter, error.message, token: token)
        default:
            exitCode = ExitStatus.software
            code = error.kind.description
            message = error.message
        }
        if error.commandWasSent {
            message += "; check with 'gavel status', or send it again with --id (the same id is never applied twice)"
        }
    }

    /// The daemon's refusal of a command.
    init(_ error: ErrorMessage) {
        code = error.code
        message = error.message
        id = error.id
        replayed = error.replayed
        switch error.code {
        case ProtocolError.Code.unauthorized.rawValue, ProtocolError.Code.forbidden.rawValue:
            exitCode = ExitStatus.noPermission
        case ProtocolError.Code.rateLimited.rawValue:
            exitCode = ExitStatus.rateLimited
            message = Self.rateLimitedMessage(error.retryAfterMs.map { .milliseconds($0) }, error.message, token: nil)
        case ProtocolError.Code.journalUnavailable.rawValue:
            exitCode = ExitStatus.temporaryFailure
        case ProtocolError.Code.notLeader.rawValue:
            // A standby: the command belongs to the leader, and may succeed there, or here later.
            exitCode = ExitStatus.temporaryFailure
        case ProtocolError.Code.internalError.rawValue:
            exitCode = ExitStatus.software
        case ProtocolError.Code.idReused.rawValue:
            // Nothing was applied, and sending it again with the same id never will be: a refusal
            // (3), not a failure to try again later (75).
            exitCode = ExitStatus.refused
        default:
            exitCode = ExitStatus.refused
        }
    }

    init(exitCode: ExitCode, code: String, message: String) {
        self.exitCode = exitCode
        self.code = code
        self.message = message
    }

    /// "no control token: …" when there was none; else which token the daemon refused.
    private static func tokenMessage(_ error: ClientError, token: ControlToken?) -> String {
        guard let token else { return error.message }
        if let problem = token.problem { return problem }
        let source = token.source.map { " (from \($0))" } ?? ""
        return "\(error.message)\(source): it is not this daemon's token; use the one gaveld uses "
            + "(its --token-file, or STATE_DIR/token on the daemon's machine)"
    }

    /// "rate limited, retry in N s: …", and which token to check: the daemon always takes the
    /// right one, so this one is most likely wrong.
    private static func rateLimitedMessage(_ retryAfter: Duration?, _ detail: String, token: ControlToken?) -> String {
        let wait = retryAfter.map { " in \(max(1, ($0.milliseconds + 999) / 1000)) s" } ?? " later"
        let source = token?.source.map { " (from \($0))" } ?? ""
        return "rate limited, retry\(wait): \(detail); the daemon always takes its own token, so the one gavel "
            + "uses\(source) is most likely wrong"
    }

    /// Prints the failure (stderr for people; stdout too with `--json`) and returns the exit code
    /// to throw.
    func report(json: Bool) -> ExitCode {
        if json {
            Console.write(JSONOutput.failure(self) + "\n")
        }
        Console.writeError("gavel: \(message)\n")
        return exitCode
    }
}
