import GavelProtocol
import Logging

/// What stands between a control attempt and the token check.
enum ControlGate: Equatable {
    case open
    /// A browser page from an origin that may not control the meeting (see `OriginPolicy`).
    case forbiddenOrigin(String)
    /// The address made too many failed attempts; the window ends in `retryAfterSeconds`.
    case rateLimited(retryAfterSeconds: Int)
}

// Who may control the meeting: the origin policy for browsers, and the per-address limit on
// failed attempts, shared by WebSocket `auth` and commands and by `POST /api/v1/commands`.
extension Daemon {
    /// Checked before the token is compared, so that neither a page from another origin nor an
    /// address past its limit learns anything about the token.
    func controlGate(peer: String, origin: String?, host: String?) -> ControlGate {
        guard configuration.originPolicy.allowsControl(origin: origin, host: host) else {
            return .forbiddenOrigin(OriginPolicy.describe(origin))
        }
        switch controlAttempts.verdict(for: peer, now: .now) {
        case .allowed:
            return .open
        case .limited(let retryAfter):
            let seconds = retryAfter.components.seconds + (retryAfter.components.attoseconds > 0 ? 1 : 0)
            return .rateLimited(retryAfterSeconds: Int(max(1, seconds)))
        }
    }

    /// The error for a closed gate (nil when it is open).
    func controlGateError(_ gate: ControlGate, id: String?) -> ErrorMessage? {
        switch gate {
        case .open:
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
        case .rateLimited(let seconds):
            metrics.recordControlRateLimited()
            return ErrorMessage(
                id: id,
                ProtocolError(
                    .rateLimited,
                    "too many failed control attempts from this address; try again in \(seconds) s with the right token"
                )
            )
        }
    }

    /// A wrong or missing token from `peer`: counted against its address. Logged once when its
    /// window opens and once (a warning) when it reaches the limit, never once per attempt.
    func recordFailedControl(peer: String, _ what: String) {
        metrics.recordControlFailure()
        let window = controlAttempts.policy.window.components.seconds
        switch controlAttempts.recordFailure(of: peer, now: .now) {
        case .first:
            logger.info(
                "failed control attempt; more from this address are counted, not logged",
                metadata: [
                    "gavel.peer": "\(peer)", "gavel.attempt": "\(what)", "gavel.window_s": "\(window)",
                ]
            )
        case .counted:
            break
        case .limitReached(let retryAfter):
            logger.warning(
                "too many failed control attempts: refusing control from this address",
                metadata: [
                    "gavel.peer": "\(peer)", "gavel.failures": "\(controlAttempts.policy.maxFailures)",
                    "gavel.window_s": "\(window)", "gavel.retry_after_s": "\(retryAfter.components.seconds)",
                    "gavel.attempt": "\(what)",
                ]
            )
        }
    }
}
