import ArgumentParser
import Foundation
import GavelClient
import GavelCore
import GavelProtocol

/// What the subcommands share: connecting to gaveld, sending a command with the retry rule,
/// printing the answer for people or as JSON, and turning failures into exit codes.
enum Remote {
    /// Sends the meeting command `build` makes from the state the chair sees (the command and
    /// what it expects), retrying once on a dropped connection with the same id, and prints one
    /// line from `summary(before, after)`, or the JSON answer.
    static func send(
        _ command: CommandOptions,
        build: (StateMessage) -> (command: MeetingCommand, expect: ExpectedState?),
        summary: (_ before: StateMessage, _ after: StateMessage) -> String
    ) throws {
        let options = command.client
        let token = options.controlToken()
        var address = options.address
        let timeout = options.timeoutDuration
        let failoverDeadline = ContinuousClock.now + options.failoverWaitDuration
        var before: StateMessage?
        // The command as built and sent: on another server of the room, sent again unchanged
        // (same id, same expectation), so a command the old primary journaled is not applied twice.
        var sent: CommandRequest?
        var outcome: CommandExchange.Outcome
        while true {
            do {
                outcome = try CommandExchange.perform(
                    timeout: timeout,
                    sent: sent,
                    dropFirstAttemptAfterSend: TestHooks.dropFirstConnectionAfterSend,
                    connect: { () throws(ClientError) -> DaemonSession in
                        try DaemonSession.connect(to: address, token: token.value, timeout: timeout)
                    },
                    build: { state in
                        before = state
                        let (meetingCommand, expect) = build(state)
                        let request = CommandRequest(
                            id: command.id ?? UUID().uuidString.lowercased(),
                            command: meetingCommand,
                            expect: expect
                        )
                        sent = request
                        return request
                    }
                )
            } catch {
                // Gone: the next server that leads, if there are others and time is left.
                if let next = failover(options, from: address, hint: nil, error: error, until: failoverDeadline) {
                    address = next
                    continue
                }
                throw RemoteFailure(error, token: token).report(json: options.json)
            }
            // A standby refused it: to the leader it names, or the one that leads now.
            if case .refused(let error, _) = outcome.reply, error.code == notLeader, !options.choice.isSingle,
                ContinuousClock.now < failoverDeadline
            {
                outcome.session.close(timeout: .zero)
                sent = outcome.request
                let hint = error.leader.flatMap { try? ServerAddress.parse($0).get() }
                do {
                    address = try options.nextLeader(after: address, hint: hint, until: failoverDeadline)
                    continue
                } catch {
                    throw RemoteFailure(error, token: token).report(json: options.json)
                }
            }
            break
        }
        let session = outcome.session
        let id = outcome.request.id ?? ""
        defer { session.close() }
        switch outcome.reply {
        case .accepted(let ack, _):
            if options.json {
                Console.write(
                    JSONOutput.accepted(
                        id: ack.id,
                        seq: ack.seq,
                        replayed: ack.replayed,
                        stateJSON: session.stateJSON
                    ) + "\n"
                )
            } else {
                var line = summary(before ?? session.state, session.state)
                if ack.replayed { line += " (applied once: the daemon had it before the connection dropped)" }
                Console.write(line + "\n")
            }
        case .refused(let error, _):
            var failure = RemoteFailure(error)
            if failure.exitCode == ExitStatus.temporaryFailure {
                // The daemon may not know whether it recorded the command: only the same id can tell.
                failure.message += "; to retry safely, run the same gavel command with --id \(id)"
            }
            if error.code == MeetingError.Code.ruleViolation.rawValue {
                failure.message += " with --override (the journal records it)"
            }
            throw failure.report(json: options.json)
        }
    }

    /// The error code of a standby refusing a command (`ErrorMessage.leader` names the primary).
    static let notLeader = "notLeader"

    /// After `error` from `address`: the server to try next, when the room has others, the
    /// error says the server is gone (not that it refused), and `deadline` has not passed.
    static func failover(
        _ options: ClientOptions,
        from address: ServerAddress,
        hint: ServerAddress?,
        error: ClientError,
        until deadline: ContinuousClock.Instant
    ) -> ServerAddress? {
        guard !options.choice.isSingle, ContinuousClock.now < deadline,
            [.unreachable, .connectionLost, .timedOut].contains(error.kind)
        else { return nil }
        return try? options.nextLeader(after: address, hint: hint, until: deadline)
    }

    /// A read-only session (status, queue list, watch): the token is sent when there is one,
    /// but not required.
    static func connect(_ options: ClientOptions) throws -> DaemonSession {
        let token = options.controlToken()
        var address = options.address
        let deadline = ContinuousClock.now + options.failoverWaitDuration
        while true {
            do {
                return try DaemonSession.connect(to: address, token: token.value, timeout: options.timeoutDuration)
            } catch {
                if let next = failover(options, from: address, hint: nil, error: error, until: deadline) {
                    address = next
                    continue
                }
                throw RemoteFailure(error, token: token).report(json: options.json)
            }
        }
    }

    /// The meeting's state now, computed by the daemon for this request (`GET /api/v1/state`):
    /// unlike the snapshot a WebSocket gets on connect, its remaining times and drift are current.
    static func state(_ options: ClientOptions) throws -> (state: StateMessage, json: String) {
        let response = try get(APIPath.state, options)
        guard response.status == 200 else {
            throw HTTPAnswer.failure(
                response,
                from: options.address,
                path: "GET /api/v1/state",
                notFound: "no meeting state"
            )
            .report(json: options.json)
        }
        do throws(ClientError) {
            guard case .state(let state, let json) = try ServerEvent.decode(response.text) else {
                throw ClientError(.protocolViolation, "\(options.address) answered /api/v1/state with something else")
            }
            return (state, json)
        } catch {
            throw RemoteFailure(error).report(json: options.json)
        }
    }

    /// `GET path` for a listing command (`gavel meetings`, `gavel displays`): with `--json` the
    /// daemon's answer is printed as it sent it and nil returned; else the answer decoded. A
    /// refusal, or an answer gavel cannot read, is reported and thrown.
    static func listing<Answer: Decodable>(
        _ type: Answer.Type,
        at path: String,
        what: String,
        notFound: String,
        _ options: ClientOptions,
        decoder: JSONDecoder = WireCoding.decoder()
    ) throws -> Answer? {
        let response = try get(path, options)
        guard response.status == 200 else {
            throw HTTPAnswer.failure(response, from: options.address, path: "GET \(path)", notFound: notFound)
                .report(json: options.json)
        }
        if options.json {
            Console.write(response.text.hasSuffix("\n") ? response.text : response.text + "\n")
            return nil
        }
        do {
            return try decoder.decode(type, from: Data(response.body))
        } catch {
            throw RemoteFailure(
                exitCode: ExitStatus.software,
                code: "protocolViolation",
                message: "the daemon's \(what) is not what gavel expects (\(WireCoding.describe(error)))"
            )
            .report(json: false)
        }
    }

    /// GETs `path` from the daemon, sending the token when there is one.
    static func get(_ path: String, _ options: ClientOptions) throws -> HTTPClient.Response {
        let token = options.controlToken()
        let headers = token.value.map { [(name: "Authorization", value: "Bearer \($0)")] } ?? []
        var address = options.address
        let deadline = ContinuousClock.now + options.failoverWaitDuration
        while true {
            do {
                return try HTTPClient.get(path, from: address, headers: headers, timeout: options.timeoutDuration)
            } catch {
                if let next = failover(options, from: address, hint: nil, error: error, until: deadline) {
                    address = next
                    continue
                }
                throw RemoteFailure(error, token: token).report(json: options.json)
            }
        }
    }
}

/// Hooks that exist only so tests can provoke what is hard to provoke from outside. Not for people:
/// they are documented here and in the tests, not in `--help`.
enum TestHooks {
    /// `GAVEL_TEST_DROP_AFTER_SEND=1`: the first connection of a command drops right after the
    /// command is written, before its answer is read, so the retry rule can be tested end to end.
    static var dropFirstConnectionAfterSend: Bool {
        ProcessInfo.processInfo.environment["GAVEL_TEST_DROP_AFTER_SEND"] == "1"
    }
}
