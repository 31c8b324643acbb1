import GavelCore
import GavelProtocol
import Logging

// The transport's calls, each handed to the daemon method of the same meaning; the in-process
// tests call those methods directly (their transport is a fake).
extension Daemon: TransportDelegate {
    public func transport(
        _ transport: Transport,
        shouldAccept request: UpgradeRequest
    ) -> (code: UInt16, reason: String)? {
        nil
    }

    public func transport(_ transport: Transport, didOpen connection: ConnectionID, request: UpgradeRequest) {
        connectionOpened(connection, request: request)
    }

    public func transport(_ transport: Transport, didReceiveText text: String, from connection: ConnectionID) {
        received(text, from: connection)
    }

    public func transport(_ transport: Transport, didClose connection: ConnectionID) {
        connectionClosed(connection)
    }

    public func transport(_ transport: Transport, timerFired timer: TimerID) {
        timerFired(timer)
    }

    public func transport(_ transport: Transport, handleHTTP request: HTTPRequest) -> HTTPResponse {
        handleHTTP(request)
    }
}

extension Daemon {
    /// A WebSocket subscriber connected: its level is decided here (its `Authorization` header),
    /// the rest by the core.
    func connectionOpened(_ connection: ConnectionID, request: UpgradeRequest) {
        var level: AccessLevel?
        var controlRefused: ControlRefusal?
        let origin = request.headers["origin"]
        if let authorization = request.headers["authorization"] {
            let decision = decideControl(
                .authorization(authorization),
                peer: request.peer,
                origin: origin,
                "WebSocket upgrade with a token",
                reading: readingOnly(peer: request.peer, origin: origin)
            )
            if case .granted(let granted) = decision {
                level = access.mayControl(peer: request.peer, origin: origin) ? granted : .read
            }
            controlRefused = controlError(decision, id: nil, noToken: "").map(ControlRefusal.init)
        }
        let control = level.map { $0 >= .secretariat } ?? false
        var topics = Topic.defaults
        var topicsError: ProtocolError?
        if request.version >= .v2, let list = request.query["topics"] {
            switch Topic.parse(list: list) {
            case .success(let asked): topics = asked
            case .failure(let error): topicsError = ProtocolError(.badRequest, "?topics=: \(error.message)")
            }
        }
        let subscriber = Subscriber(
            level: level,
            reads: level != nil || !configuration.readRequiresToken,
            version: request.version,
            topics: request.version >= .v2 ? topics : [],
            peer: request.peer,
            origin: request.headers["origin"],
            controlRefused: controlRefused
        )
        if subscriber.topics.contains(.venue) { publishRoomStatusIfChanged(forReader: true) }
        perform(core.connectionOpened(connection, subscriber, at: clock.now()))
        if let topicsError { send(ErrorMessage(id: nil, topicsError), to: connection) }
        logger.debug(
            "subscriber connected",
            metadata: [
                "gavel.connection.id": "\(connection)", "gavel.peer": "\(request.peer)", "gavel.control": "\(control)",
                "gavel.protocol": "\(request.version.rawValue)",
            ]
        )
    }

    /// One message from a subscriber: ping, subscribe, auth, command or display.
    func received(_ text: String, from connection: ConnectionID) {
        let received = clock.now()
        guard let subscriber = subscribers[connection] else { return }
        core.heard(from: connection, at: received)
        switch ClientMessage.decode(Array(text.utf8)) {
        case .failure(let error):
            logger.info(
                "bad message",
                metadata: ["gavel.connection.id": "\(connection)", "gavel.reason": "\(error.message)"]
            )
            send(ErrorMessage(id: nil, error), to: connection)

        case .success(.ping(let t0)):
            send(PongMessage(t0: t0, t1: received, t2: clock.now()), to: connection)

        case .success(.display(let info)):
            core.described(connection, as: info, at: received)

        case .success(.subscribe(let tick, let topics)):
            if topics?.contains(.venue) == true { publishRoomStatusIfChanged(forReader: true) }
            perform(core.subscribed(connection, tick: tick, topics: topics, at: received))

        case .success(.auth(let token)):
            let decision = decideControl(
                token.isEmpty ? .none : .token(token),
                peer: subscriber.peer,
                origin: subscriber.origin,
                "WebSocket auth",
                reading: readingOnly(peer: subscriber.peer, origin: subscriber.origin)
            )
            if let error = controlError(decision, id: "auth", noToken: "the auth message has an empty token") {
                send(error, to: connection)
                switch decision {
                case .wrongToken, .rateLimited: perform(core.authenticationFailed(connection))
                default: break
                }
            } else if case .granted(let granted) = decision {
                // A page that may not control reads with any token, and controls with none.
                let level = access.mayControl(peer: subscriber.peer, origin: subscriber.origin) ? granted : .read
                send(AckMessage(id: "auth", seq: sequence, replayed: false, level: level), to: connection)
                perform(core.authenticated(connection, level: level, at: received))
            }

        case .success(.command(let request)):
            guard subscriber.level != nil else {
                // A read-only connection presents no token with its command: not a guess, and
                // not counted (a display page that sent a command must not lock the chair out).
                let decision = decideControl(.none, peer: subscriber.peer, origin: subscriber.origin, "")
                let error = controlError(
                    decision,
                    id: request.id,
                    noToken: "this connection is read-only: send {\"type\":\"auth\",\"token\":...} or connect with "
                        + "'Authorization: Bearer TOKEN' to control the meeting"
                )
                if let error { send(error, to: connection) }
                return
            }
            if let error = levelError(request, level: subscriber.level ?? .read, id: request.id) {
                send(error, to: connection)
                return
            }
            switch execute(request, origin: "ws:\(connection)") {
            case .accepted(let id, let seq, let replayed):
                send(AckMessage(id: id, seq: seq, replayed: replayed), to: connection)
            case .rejected(let id, let error, let replayed):
                send(ErrorMessage(id: id, error, replayed: replayed), to: connection)
            case .refused(let id, let error):
                send(ErrorMessage(id: id, error), to: connection)
            }
            publishPendingState(sender: connection)
        }
    }

    /// With `--read-token`, a token from a page that may not control is taken for reading only,
    /// so that a display served from elsewhere can still present the read token; without it, the
    /// origin gate refuses such a page's token before looking at it, as it always did.
    func readingOnly(peer: String, origin: String?) -> Bool {
        configuration.readRequiresToken && !access.mayControl(peer: peer, origin: origin)
    }

    func connectionClosed(_ connection: ConnectionID) {
        perform(core.connectionClosed(connection, at: clock.now()))
    }

    func timerFired(_ timer: TimerID) {
        if timer == Self.followTimer { return followTimerFired() }
        perform(core.timerFired(timer, at: clock.now()))
    }

    /// Sends a message to one connection, in order with its other replies.
    func send(_ message: some Encodable, to connection: ConnectionID) {
        transport.send(OutboundMessage(utf8: WireCoding.encode(message)), to: connection, delivery: .queued)
    }
}
