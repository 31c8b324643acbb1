import GavelProtocol

/// Sends one command so that retrying is safe: the retry rule of `gavel next`.
///
/// 1. Connect, read `hello` and `state`; build the command from that state, once: it carries a
///    fresh id and the state it expects (e.g. "next, leaving item 2").
/// 2. Send it and wait for the `ack` or `error` with that id.
/// 3. If the connection drops (or the answer does not come) after the command was sent,
///    reconnect once and send the very same command, same id and same expectation. The daemon
///    answers a known id from its journal (`replayed: true`) instead of applying it again, so the
///    retry never advances twice; and if the first attempt never arrived, the expectation still
///    refers to the state the chair saw.
public enum CommandExchange {
    public struct Outcome {
        /// The command as sent (on every attempt).
        public var request: CommandRequest
        public var reply: CommandReply
        /// The session the answer came on, holding the state after the command. Close it after use.
        public var session: DaemonSession
        /// 1, or 2 when the first connection dropped.
        public var attempts: Int
    }

    /// Connects with `connect`, builds the command from the first state with `build`, sends it,
    /// and retries once on a dropped connection as described above.
    ///
    /// - Parameter dropFirstAttemptAfterSend: test-only: drop the first connection right after the
    ///   command is written, to prove the retry rule.
    /// - Parameter sent: the command as an earlier exchange built and sent it (to another server
    ///   of the room, which went away or no longer leads): sent again as it is, never rebuilt.
    public static func perform(
        timeout: Duration,
        sent: CommandRequest? = nil,
        dropFirstAttemptAfterSend: Bool = false,
        connect: () throws(ClientError) -> DaemonSession,
        build: (StateMessage) -> CommandRequest
    ) throws(ClientError) -> Outcome {
        var request = sent
        var attempt = 0
        while true {
            attempt += 1
            let session: DaemonSession
            do {
                session = try connect()
            } catch  where attempt == 1 && error.kind == .connectionLost {
                continue  // dropped before anything was sent: nothing to be careful about
            } catch {
                var failure = error
                if let id = request?.id {
                    failure.commandWasSent = true
                    failure.message +=
                        "; the command (id \(id)) was sent before the connection dropped, so it may "
                        + "have been applied"
                }
                throw failure
            }
            guard session.isControl else {
                session.close()
                throw refusal(session)
            }
            let command = request ?? build(session.state)
            request = command
            guard let id = command.id else {
                preconditionFailure("CommandExchange needs a command id to retry safely")
            }
            if attempt == 1 && dropFirstAttemptAfterSend { session.dropAfterNextSend() }
            do {
                try session.send(command)
                let reply = try session.awaitReply(to: id, timeout: timeout)
                if case .accepted(let ack, _) = reply {
                    // The new state follows the ack; a replayed ack's state was already current.
                    session.awaitState(atLeast: ack.seq, timeout: min(timeout, .seconds(2)))
                }
                return Outcome(request: command, reply: reply, session: session, attempts: attempt)
            } catch  where attempt == 1 && (error.kind == .connectionLost || error.kind == .timedOut) {
                session.close(timeout: .zero)
                continue
            } catch {
                session.close(timeout: .zero)
                var failure = error
                failure.commandWasSent = true
                failure.message += "; the command (id \(id)) may have been applied"
                throw failure
            }
        }
    }

    /// Why the daemon did not take the token, from its hello (older daemons give no reason).
    static func refusal(_ session: DaemonSession) -> ClientError {
        guard let refused = session.hello.controlRefused else {
            return ClientError(.notAuthorized, "\(session.address) refused the control token")
        }
        if refused.code == ProtocolError.Code.rateLimited.rawValue {
            let retryAfter = Duration.milliseconds(refused.retryAfterMs ?? 0)
            return ClientError(
                .rateLimited,
                "\(session.address) refuses wrong tokens from this address for a while, after too many of them",
                retryAfter: retryAfter
            )
        }
        // A wrong token: the caller says which token it was and where it came from.
        return ClientError(.notAuthorized, "\(session.address) refused the control token")
    }
}
