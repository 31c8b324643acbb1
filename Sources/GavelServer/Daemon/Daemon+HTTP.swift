import Foundation
import GavelCore
import GavelProtocol
import Logging

extension Daemon {
    public func transport(_ transport: Transport, handleHTTP request: HTTPRequest) -> HTTPResponse {
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
                controlCount: subscribers.values.filter(\.control).count, sequence: sequence))
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
        case (_, "/api/v1/commands"), (_, "/api/v1/state"), (_, "/api/v1/agenda"), (_, "/healthz"), (_, "/metrics"),
             (_, "/api/v1/meetings"), (_, "/api/v1/report"), (_, "/report"):
            var response = Self.problem(405, "badRequest", "\(request.method) is not allowed on \(request.path)")
            response.headers.append(("Allow", request.path == "/api/v1/commands" ? "POST" : "GET, HEAD"))
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

    /// `POST /api/v1/commands` with `Authorization: Bearer TOKEN`: the WebSocket's commands, for
    /// a Stream Deck, Companion or curl. 200 applied, 400 malformed, 401 no or wrong token,
    /// 409 refused by the meeting (with its reason), 503 journal unavailable.
    private func command(_ request: HTTPRequest) -> HTTPResponse {
        guard configuration.token.matches(authorization: request.headers["authorization"]) else {
            logger.warning("HTTP command without a valid token", metadata: ["gavel.peer": "\(request.peer)"])
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
            let status = error.code == .journalUnavailable ? 503 : error.code == .unauthorized ? 401 : 400
            return .json(status, WireCoding.encode(ErrorMessage(id: id, error)))
        }
    }

    private func health() -> HTTPResponse {
        let body = Health(
            status: "ok", version: WireProtocol.serverVersion, meeting: meetingID, phase: state.phase.rawValue,
            connections: transport.connectionCount, journal: journal.path,
            wallClockOffsetMs: clock.wallClockOffset().milliseconds)
        return .json(200, WireCoding.encode(body))
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
    var status: String
    var version: String
    var meeting: Int64
    var phase: String
    var connections: Int
    var journal: String
    /// How far the wall clock is from the daemon's monotonic timeline (NTP steps since start).
    var wallClockOffsetMs: Int64
}
