import GavelProtocol
import Logging

// Who may control the meeting: `ControlAccess` decides, for WebSocket upgrades, `auth` messages,
// commands on read-only connections and `POST /api/v1/commands` alike; here the decision is
// timed, counted, logged and put into words.
extension Daemon {
    /// The decision for one control attempt. A wrong token is logged once when its address's
    /// window opens and once (a warning) when the address reaches the limit, never once per
    /// attempt, and never with the token.
    func decideControl(
        _ credential: ControlAccess.Credential,
        peer: String,
        origin: String?,
        _ what: String,
        reading: Bool = false
    ) -> ControlAccess.Decision {
        let decision = access.decide(credential, peer: peer, origin: origin, at: clock.now(), reading: reading)
        countFailure(decision, peer: peer, what)
        return decision
    }

    /// Counts and logs a refused guess (a wrong token or pairing code).
    func countFailure(_ decision: ControlAccess.Decision, peer: String, _ what: String) {
        let window = access.failures.policy.window.components.seconds
        switch decision {
        case .wrongToken(.first):
            metrics.recordControlFailure()
            logger.info(
                "failed control attempt; more from this address are counted, not logged",
                metadata: [
                    "gavel.peer": "\(peer)", "gavel.attempt": "\(what)", "gavel.window_s": "\(window)",
                ]
            )
        case .wrongToken(.limitReached(let retryAfter)):
            metrics.recordControlFailure()
            logger.warning(
                "too many wrong tokens: refusing wrong tokens from this address (the right one is still taken)",
                metadata: [
                    "gavel.peer": "\(peer)", "gavel.failures": "\(access.failures.policy.maxFailures)",
                    "gavel.window_s": "\(window)",
                    "gavel.retry_after_s": "\(ControlAccess.wholeSeconds(retryAfter))", "gavel.attempt": "\(what)",
                ]
            )
        case .wrongToken(.counted):
            metrics.recordControlFailure()
        case .rateLimited:
            metrics.recordControlRateLimited()
        case .granted, .forbiddenOrigin, .noToken:
            break
        }
    }

    /// The refusal of a command the presenting token's level may not run, nil when it may. Not a
    /// guess: counted apart from wrong tokens (`gavel_control_forbidden_total`), never rate-limited.
    func levelError(_ request: CommandRequest, level: AccessLevel, id: String?) -> ErrorMessage? {
        let required = request.command.requiredLevel
        guard level < required else { return nil }
        metrics.recordControlForbidden()
        logger.info(
            "command refused for its token's level",
            metadata: ["gavel.command": "\(request.name)", "gavel.level": "\(level)"]
        )
        let what =
            switch level {
            case .read: "the read token may not run commands (\(request.name)); use the secretariat's or the chair's"
            case .secretariat:
                "the secretariat token may not run clock commands (\(request.name)); the chair's token may"
            case .chair: "the chair's token may not run \(request.name)"
            }
        return ErrorMessage(id: id ?? request.id, ProtocolError(.forbidden, what))
    }

    /// The error for a refused attempt, nil when it was granted. `noToken` is what the attempt
    /// lacked, said for the way it came (a read-only WebSocket, an HTTP request without a header).
    func controlError(_ decision: ControlAccess.Decision, id: String?, noToken: String) -> ErrorMessage? {
        switch decision {
        case .granted:
            return nil
        case .forbiddenOrigin(let origin):
            return ErrorMessage(
                id: id,
                ProtocolError(
                    .unauthorized,
                    "control is not allowed from pages of \(origin) (reading is); serve the page from gaveld, or start "
                        + "gaveld with --allowed-origin \(origin)"
                )
            )
        case .noToken:
            return ErrorMessage(id: id, ProtocolError(.unauthorized, noToken))
        case .wrongToken:
            return ErrorMessage(
                id: id,
                ProtocolError(.unauthorized, "wrong token: it is not this daemon's (its token file)")
            )
        case .rateLimited(let seconds):
            var error = ErrorMessage(
                id: id,
                ProtocolError(
                    .rateLimited,
                    "too many wrong tokens from this address: wrong tokens are refused for \(seconds) s more; "
                        + "the right token is taken at any time"
                )
            )
            error.retryAfterMs = Int64(seconds) * 1000
            return error
        }
    }
}
