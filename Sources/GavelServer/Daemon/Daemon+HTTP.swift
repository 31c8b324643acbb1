import Foundation
import GavelCore
import GavelProtocol
import Logging

extension Daemon {
    /// The API's read paths: open to pages from any origin (CORS `*`), like the displays.
    static let readPaths: Set<String> = [
        "/api/v1/state", "/api/v1/agenda", "/api/v1/meetings", "/api/v1/report", "/healthz", "/metrics",
    ]
    static let commandsPath = "/api/v1/commands"

    public func transport(_ transport: Transport, handleHTTP request: HTTPRequest) -> HTTPResponse {
        var response = route(request)
        if request.headers["origin"] != nil {
            if Self.readPaths.contains(request.path) {
                response.headers.append(("Access-Control-Allow-Origin", "*"))
            } else if request.path == Self.commandsPath, let origin = request.headers["origin"],
                      configuration.originPolicy.allowsControl(origin: origin, host: request.headers["host"]) {
                response.headers.append(("Access-Control-Allow-Origin", origin))
                response.headers.append(("Vary", "Origin"))
            }
        }
        return response
    }

    private func route(_ request: HTTPRequest) -> HTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/api/v1/state"), ("HEAD", "/api/v1/state"):
            return .json(200, WireCoding.encode(stateMessage(at: clock.now())))
        case ("GET", "/api/v1/agenda"), ("HEAD", "/api/v1/agenda"):
            return .json(200, Array(state.agenda.canonicalJSON()))
        case ("GET", "/healthz"), ("HEAD", "/healthz"):
            return health()
        case ("GET", "/metrics"):
            var response = HTTPResponse(status: 200, contentType: "text/plain", body: metrics.render(
                transport: transport.statistics, connectionCount: transport.connectionCount,
                clientConnectionCount: transport.clientConnectionCount,
                controlCount: subscribers.values.filter(\.control).count, sequence: sequence,
                journalWritable: journalHealth == .writable))
            response.contentType = "text/plain; version=0.0.4; charset=utf-8"
            return response
        case ("POST", "/api/v1/commands"):
            defer { publishPendingState() }
            return command(request)
        case ("GET", "/api/v1/meetings"):
            return meetingsResponse()
        case ("GET", "/api/v1/report"):
            return reportResponse(request)
        case ("GET", "/report"):
            return reportPage(request)
        case ("OPTIONS", Self.commandsPath):
            return commandsPreflight(request)
        case ("OPTIONS", _) where Self.readPaths.contains(request.path):
            var response = HTTPResponse(status: 204, contentType: "text/plain")
            response.headers += [
                ("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS"),
                ("Access-Control-Max-Age", "600"), ("Allow", "GET, HEAD, OPTIONS"),
            ]
            return response
        case (_, "/api/v1/commands"), (_, "/api/v1/state"), (_, "/api/v1/agenda"), (_, "/healthz"), (_, "/metrics"),
             (_, "/api/v1/meetings"), (_, "/api/v1/report"), (_, "/report"):
            var response = Self.problem(405, "badRequest", "\(request.method) is not allowed on \(request.path)")
            let allowed = request.path == Self.commandsPath ? "POST, OPTIONS" : "GET, HEAD, OPTIONS"
            response.headers.append(("Allow", allowed))
            return response
        default:
            if request.method == "GET" || request.method == "HEAD", let file = configuration.staticFiles.file(for: request.path) {
                var response = HTTPResponse(status: 200, contentType: file.contentType, body: file.bytes)
                response.headers.append(("Cache-Control", "no-cache"))
                return response
            }
            return Self.problem(404, "notFound", "no such resource: \(request.path)")
        }
    }

    /// The CORS preflight of a browser page that wants to POST a command: allowed for the origins
    /// that may control the meeting (`OriginPolicy`), 403 for the others.
    private func commandsPreflight(_ request: HTTPRequest) -> HTTPResponse {
        let origin = request.headers["origin"]
        guard let origin, configuration.originPolicy.allowsControl(origin: origin, host: request.headers["host"]) else {
            return Self.problem(403, "unauthorized", "commands are not accepted from pages of "
                + "\(OriginPolicy.describe(origin)); start gaveld with --allowed-origin to allow it")
        }
        var response = HTTPResponse(status: 204, contentType: "text/plain")
        response.headers += [
            ("Access-Control-Allow-Methods", "POST, OPTIONS"),
            ("Access-Control-Allow-Headers", "Authorization, Content-Type"), ("Access-Control-Max-Age", "600"),
            ("Allow", "POST, OPTIONS"),
        ]
        return response
    }

    /// `POST /api/v1/commands` with `Authorization: Bearer TOKEN`: the WebSocket's commands, for
    /// a Stream Deck, Companion or curl. 200 applied, 400 malformed, 401 no or wrong token, 403
    /// from a browser page of an origin that may not control, 409 refused by the meeting (with its
    /// reason), 429 after too many failed attempts from the address, 503 journal unavailable.
    private func command(_ request: HTTPRequest) -> HTTPResponse {
        let gate = controlGate(peer: request.peer, origin: request.headers["origin"], host: request.headers["host"])
        if let error = controlGateError(gate, id: nil) {
            var response = HTTPResponse.json(gate == .open ? 400 : 403, WireCoding.encode(error))
            if case .rateLimited(let seconds) = gate {
                response.status = 429
                response.headers.append(("Retry-After", "\(seconds)"))
            }
            return response
        }
        guard configuration.token.matches(authorization: request.headers["authorization"]) else {
            let what = request.headers["authorization"] == nil
                ? "HTTP command without a token" : "HTTP command with a wrong token"
            recordFailedControl(peer: request.peer, what)
            var response = Self.problem(401, "unauthorized", "send 'Authorization: Bearer TOKEN' (the daemon's token file)")
            response.headers.append(("WWW-Authenticate", "Bearer realm=\"gaveld\""))
            return response
        }
        let commandRequest: CommandRequest
        do {
            commandRequest = try WireCoding.decoder().decode(CommandRequest.self, from: Data(request.body))
        } catch {
            return Self.problem(400, "badRequest", "\(WireCoding.describe(error)); see docs/protocol.md for the command format")
        }
        switch execute(commandRequest, origin: "http:\(request.peer)") {
        case .accepted(let id, let seq, let replayed):
            let body = CommandResponse(ok: true, id: id, seq: seq, replayed: replayed, state: stateMessage(at: clock.now()))
            return .json(200, WireCoding.encode(body))
        case .rejected(let id, let error, let replayed):
            return .json(409, WireCoding.encode(ErrorMessage(id: id, error, replayed: replayed)))
        case .refused(let id, let error):
            let status = switch error.code {
            case .journalUnavailable: 503
            case .unauthorized: 401
            case .rateLimited: 429
            default: 400
            }
            return .json(status, WireCoding.encode(ErrorMessage(id: id, error)))
        }
    }

    /// 200 `"ok"`; 503 `"degraded"` with the reason while commands cannot be journaled, so that
    /// monitoring notices (displays are still served).
    private func health() -> HTTPResponse {
        let degraded = journalHealth != .writable
        let body = Health(
            status: degraded ? "degraded" : "ok", version: WireProtocol.serverVersion, meeting: meetingID,
            phase: state.phase.rawValue, connections: transport.connectionCount,
            clientConnections: transport.clientConnectionCount,
            journal: journal?.path ?? configuration.journalOpener?.path ?? "", journalStatus: journalHealth.name,
            reason: journalHealth.reason, commands: isReadOnly ? "refused" : "accepted",
            wallClockOffsetMs: clock.wallClockOffset().milliseconds)
        var response = HTTPResponse.json(degraded ? 503 : 200, WireCoding.encode(body))
        response.headers.append(("Cache-Control", "no-store"))
        if degraded { response.headers.append(("Retry-After", "5")) }
        return response
    }

    private var isReadOnly: Bool {
        if case .readOnly = journalHealth { true } else { false }
    }

    static func problem(_ status: Int, _ code: String, _ message: String) -> HTTPResponse {
        .json(status, WireCoding.encode(ErrorMessage(id: nil, code: code, message: message)))
    }
}

/// The answer to an accepted HTTP command: the ack and the new state in one.
struct CommandResponse: Encodable {
    var ok: Bool
    var id: String
    var seq: Int64
    var replayed: Bool
    var state: StateMessage
}

struct Health: Encodable {
    /// "ok", or "degraded" while commands cannot be journaled (`reason` says why).
    var status: String
    var version: String
    var meeting: Int64
    var phase: String
    /// Open WebSocket connections.
    var connections: Int
    /// Open client connections, HTTP and WebSocket.
    var clientConnections: Int
    var journal: String
    /// "writable", "failing" (writes fail; each command is tried) or "readOnly" (commands refused).
    var journalStatus: String
    var reason: String?
    /// "accepted", or "refused" while the journal is read-only.
    var commands: String
    /// How far the wall clock is from the daemon's monotonic timeline (NTP steps since start).
    var wallClockOffsetMs: Int64
}
