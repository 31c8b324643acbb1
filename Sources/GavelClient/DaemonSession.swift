import Foundation
import GavelProtocol

/// A WebSocket session with gaveld: connected, greeted (`hello`) and holding the meeting's
/// latest `state`, ready to send commands or to follow the meeting.
///
/// It offers gavel.v2 (and gavel.v1, for an older daemon). Over v2 it takes the agenda, the
/// progress and the queue as they change, and puts the whole state together itself at each
/// `state` (`StateMessage(agenda:progress:queue:live:)`): what gavel shows, and `--json` prints,
/// is the same whole state whichever protocol the daemon speaks.
public final class DaemonSession {
    public let address: ServerAddress
    public let hello: HelloMessage
    /// The protocol the daemon chose.
    public let version: ProtocolVersion
    /// The newest state received (over v2, put together from the messages held), and its JSON.
    public private(set) var state: StateMessage
    public private(set) var stateJSON: String
    private let socket: WebSocketClient
    private var parts: Parts

    /// What a gavel.v2 session holds to put the state together.
    private struct Parts {
        var agenda: AgendaMessage?
        var progress: ProgressMessage?
        var queue: QueueMessage?
        var live: LiveStateMessage?

        mutating func take(_ event: ServerEvent) {
            switch event {
            case .liveState(let message, _): live = message
            case .agenda(let message): agenda = message
            case .progress(let message): progress = message
            case .queue(let message): queue = message
            default: break
            }
        }

        /// The whole state, once every part is in.
        func assembled() throws(ClientError) -> StateMessage? {
            guard let agenda, let progress, let queue, let live else { return nil }
            do {
                return try StateMessage(agenda: agenda, progress: progress, queue: queue, live: live)
            } catch {
                throw ClientError(.protocolViolation, "the daemon's messages do not fit together: \(error)")
            }
        }
    }

    /// What gavel asks a gavel.v2 daemon for: everything it shows.
    static let topics = "agenda,progress,queue"

    private init(
        address: ServerAddress,
        socket: WebSocketClient,
        hello: HelloMessage,
        version: ProtocolVersion,
        parts: Parts,
        state: StateMessage,
        json: String
    ) {
        self.address = address
        self.socket = socket
        self.hello = hello
        self.version = version
        self.parts = parts
        self.state = state
        self.stateJSON = json
    }

    /// Connects to `/ws` (with `Authorization: Bearer TOKEN` when a token is given) and reads the
    /// `hello` and the first `state`, all within `timeout`.
    public static func connect(
        to address: ServerAddress,
        token: String?,
        timeout: Duration
    ) throws(ClientError)
        -> DaemonSession
    {
        let deadline = ContinuousClock.now + timeout
        let headers = token.map { [(name: "Authorization", value: "Bearer \($0)")] } ?? []
        let socket = try WebSocketClient(
            address: address,
            path: WireProtocol.webSocketPath + "?topics=" + topics,
            subprotocol: WireProtocol.offer,
            headers: headers,
            timeout: timeout
        )
        var hello: HelloMessage?
        var version = ProtocolVersion.v1
        var parts = Parts()
        while true {
            let remaining = deadline - .now
            guard remaining > .zero, let text = try socket.receive(timeout: remaining) else {
                throw ClientError(
                    .timedOut,
                    "\(address) accepted the connection but sent no meeting state within \(timeout.text)"
                )
            }
            let event = try ServerEvent.decode(text, version: version)
            if case .hello(let message) = event {
                hello = message
                version = ProtocolVersion(rawValue: message.protocol) ?? .v1
                continue
            }
            guard let hello else {
                throw ClientError(.protocolViolation, "\(address) sent a message before its hello; is this gaveld?")
            }
            var whole: (StateMessage, String)?
            switch event {
            case .state(let state, let json):
                whole = (state, json)
            case .liveState, .agenda, .progress, .queue:
                parts.take(event)
                if case .liveState = event, let state = try parts.assembled() {
                    whole = (state, Self.json(state))
                }
            default:
                continue
            }
            if let (state, json) = whole {
                return DaemonSession(
                    address: address,
                    socket: socket,
                    hello: hello,
                    version: version,
                    parts: parts,
                    state: state,
                    json: json
                )
            }
        }
    }

    /// Whether the daemon accepted this connection as a control connection.
    public var isControl: Bool { hello.control }

    /// Sends a command (or any client message).
    public func send(_ request: CommandRequest) throws(ClientError) {
        let text: String
        do {
            text = String(decoding: try WireCoding.encoder().encode(request), as: UTF8.self)
        } catch {
            throw ClientError(.protocolViolation, "cannot encode the command: \(error)")
        }
        try socket.send(text)
    }

    public func send(_ message: ClientMessageText) throws(ClientError) {
        try socket.send(message.text)
    }

    /// Waits for the `ack` or `error` answering command `id`, keeping the state up to date meanwhile.
    public func awaitReply(to id: String, timeout: Duration) throws(ClientError) -> CommandReply {
        let deadline = ContinuousClock.now + timeout
        while true {
            let remaining = deadline - .now
            guard remaining > .zero, let event = try next(timeout: remaining) else {
                throw ClientError(.timedOut, "\(address) did not answer the command within \(timeout.text)")
            }
            switch event {
            case .ack(let ack, let json) where ack.id == id:
                return .accepted(ack, json: json)
            case .error(let error, let json) where error.id == id:
                return .refused(error, json: json)
            case .error(let error, let json) where error.id == nil && error.code == "badRequest":
                // The daemon could not read the command at all, so it could not tell its id.
                return .refused(error, json: json)
            default:
                continue
            }
        }
    }

    /// Waits until the state has reached `seq` (the state after an acknowledged command follows
    /// its ack); false if it did not within `timeout`.
    @discardableResult
    public func awaitState(atLeast seq: Int64, timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while state.seq < seq {
            let remaining = deadline - .now
            guard remaining > .zero, (try? next(timeout: remaining)) != nil else { return state.seq >= seq }
        }
        return true
    }

    /// The next message within `timeout`, or nil; a `state` also becomes `self.state`. Over
    /// gavel.v2 a `state` comes back as the whole state (`.state`), put together; the topics'
    /// messages come back as they are.
    public func next(timeout: Duration) throws(ClientError) -> ServerEvent? {
        guard let text = try socket.receive(timeout: timeout) else { return nil }
        var event = try ServerEvent.decode(text, version: version)
        switch event {
        case .liveState:
            parts.take(event)
            guard let state = try parts.assembled() else {
                throw ClientError(.protocolViolation, "\(address) sent a state without the agenda it refers to")
            }
            event = .state(state, json: Self.json(state))
        case .agenda, .progress, .queue:
            parts.take(event)
        default:
            break
        }
        if case .state(let state, let json) = event,
            state.seq >= self.state.seq || state.meeting.id != self.state.meeting.id
        {
            self.state = state
            stateJSON = json
        }
        return event
    }

    private static func json(_ state: StateMessage) -> String {
        String(decoding: WireCoding.encode(state), as: UTF8.self)
    }

    /// Closes the connection cleanly, waiting up to `timeout` for the daemon to confirm.
    public func close(timeout: Duration = .milliseconds(500)) {
        socket.close(timeout: timeout)
    }

    /// Test-only: drop the connection right after the next message is written.
    public func dropAfterNextSend() {
        socket.dropAfterNextSend()
    }
}

/// The daemon's answer to a command, with its JSON text.
public enum CommandReply: Sendable {
    case accepted(AckMessage, json: String)
    case refused(ErrorMessage, json: String)
}

/// A client message other than a command, as JSON text: `ping`, `subscribe`, `auth`.
public struct ClientMessageText: Sendable {
    public var text: String

    public static func ping(t0: Double) -> ClientMessageText {
        ClientMessageText(text: #"{"type":"ping","t0":\#(formatted(t0))}"#)
    }

    /// Milliseconds with three decimals at most: JSON has no room for `1.7e12`-style surprises.
    private static func formatted(_ value: Double) -> String {
        String(format: "%.3f", value)
    }
}
