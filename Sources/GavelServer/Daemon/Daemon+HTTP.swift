import Foundation
import GavelCore
import GavelProtocol
import Logging

/// One path of the daemon's HTTP API: what it answers to, and who may read it from a browser.
struct Route: Sendable {
    /// Who may call it from a page of another origin (CORS).
    enum Access {
        /// Read-only API: open to pages from any origin (`Access-Control-Allow-Origin: *`), like
        /// the displays.
        case read
        /// Commands and the displays list: pages of the origins the `OriginPolicy` allows, with a
        /// preflight.
        case control
        /// A page for people (the report): served, not shared with other origins' scripts.
        case page
    }

    typealias Handler = @Sendable (Daemon, HTTPRequest) -> HTTPResponse

    var access: Access
    /// By method. "GET" also answers HEAD: the transport asks for GET and leaves the body out.
    var handlers: [String: Handler]

    /// The `Allow` header: the methods, HEAD beside GET, and OPTIONS (answered for every route).
    var allow: String {
        var methods = handlers.keys.sorted()
        if handlers["GET"] != nil { methods.insert("HEAD", at: methods.firstIndex(of: "GET")! + 1) }
        return (methods + ["OPTIONS"]).joined(separator: ", ")
    }
}

extension Daemon {
    /// The HTTP API, one row per path: 404, 405 with `Allow`, HEAD, OPTIONS and CORS all follow
    /// from it (`respond(to:)`). Anything else is a display file, or 404.
    static let routes: [String: Route] = [
        APIPath.state: Route(
            access: .read,
            handlers: [
                "GET": { daemon, _ in
                    .json(200, WireCoding.encode(daemon.stateMessage(at: daemon.clock.now())))
                }
            ]
        ),
        APIPath.agenda: Route(
            access: .read,
            handlers: [
                "GET": { daemon, _ in
                    .json(200, Array(daemon.state.agenda.canonicalJSON()))
                }
            ]
        ),
        APIPath.health: Route(access: .read, handlers: ["GET": { daemon, _ in daemon.health() }]),
        APIPath.leader: Route(
            access: .read,
            handlers: ["GET": { daemon, _ in .json(200, WireCoding.encode(daemon.leaderMessage())) }]
        ),
        APIPath.metrics: Route(access: .read, handlers: ["GET": { daemon, _ in daemon.metricsResponse() }]),
        APIPath.meetings: Route(access: .read, handlers: ["GET": { daemon, _ in daemon.meetingsResponse() }]),
        APIPath.alerts: Route(access: .read, handlers: ["GET": { daemon, request in daemon.alertsResponse(request) }]),
        APIPath.lists: Route(
            access: .read,
            handlers: [
                "GET": { daemon, _ in
                    let now = daemon.clock.now()
                    let lists = ListsMessage(
                        state: daemon.state,
                        meetingID: daemon.meetingID,
                        seq: daemon.sequence,
                        at: now
                    )
                    var response = HTTPResponse.json(200, WireCoding.encode(lists))
                    response.headers.append(("Cache-Control", "no-store"))
                    return response
                }
            ]
        ),
        APIPath.budgets: Route(
            access: .read,
            handlers: ["GET": { daemon, request in daemon.budgetsResponse(request) }]
        ),
        APIPath.plan: Route(access: .read, handlers: ["GET": { daemon, request in daemon.planResponse(request) }]),
        APIPath.report: Route(access: .read, handlers: ["GET": { daemon, request in daemon.reportResponse(request) }]),
        APIPath.venue: Route(access: .read, handlers: ["GET": { daemon, _ in daemon.venueResponse() }]),
        APIPath.reportPage: Route(access: .page, handlers: ["GET": { daemon, request in daemon.reportPage(request) }]),
        // Control, not read: it lists the clients' addresses, which anonymous readers must not see.
        APIPath.displays: Route(
            access: .control,
            handlers: ["GET": { daemon, request in daemon.displaysResponse(request) }]
        ),
        APIPath.pairings: Route(
            access: .control,
            handlers: ["POST": { daemon, request in daemon.pairingResponse(request) }]
        ),
        APIPath.pair: Route(access: .control, handlers: ["POST": { daemon, request in daemon.pairResponse(request) }]),
        APIPath.commands: Route(
            access: .control,
            handlers: [
                "POST": { daemon, request in
                    defer { daemon.publishPendingState() }
                    return daemon.command(request)
                }
            ]
        ),
    ]

    /// One HTTP request: answered from the route table, with the CORS headers its route allows.
    func handleHTTP(_ request: HTTPRequest) -> HTTPResponse {
        var response = respond(to: request)
        if let origin = request.headers["origin"], let route = Self.routes[request.path] {
            switch route.access {
            case .read:
                response.headers.append(("Access-Control-Allow-Origin", "*"))
            case .control where configuration.originPolicy.allowsControl(origin: origin):
                response.headers.append(("Access-Control-Allow-Origin", origin))
                response.headers.append(("Vary", "Origin"))
            case .control, .page:
                break
            }
        }
        return response
    }

    private func respond(to request: HTTPRequest) -> HTTPResponse {
        guard let route = Self.routes[request.path] else { return staticFile(request) }
        if request.method == "OPTIONS" { return preflight(request, route) }
        guard let handler = route.handlers[request.method] else {
            return Self.problem(405, .methodNotAllowed, "\(request.method) is not allowed on \(request.path)")
                .adding(header: "Allow", route.allow)
        }
        if configuration.readRequiresToken, route.access != .control, !Self.alwaysPublic.contains(request.path),
            case .refused(let refusal) = authorize(request, "read", reading: true)
        {
            return refusal
        }
        return handler(self, request)
    }

    /// What `--read-token` leaves open: monitoring (health and the counters, which name nothing
    /// of the meeting).
    static let alwaysPublic: Set<String> = [APIPath.health, APIPath.metrics]

    /// The display's files: GET (and HEAD) only.
    private func staticFile(_ request: HTTPRequest) -> HTTPResponse {
        guard let file = configuration.staticFiles.file(for: request.path) else {
            return Self.problem(404, .notFound, "no such resource: \(request.path)")
        }
        guard request.method == "GET" else {
            return Self.problem(405, .methodNotAllowed, "\(request.method) is not allowed on \(request.path)")
                .adding(header: "Allow", "GET, HEAD")
        }
        return HTTPResponse(
            status: 200,
            contentType: file.contentType,
            headers: [("Cache-Control", "no-cache")],
            body: file.bytes
        )
    }

    /// OPTIONS: what the path allows; for a browser's preflight, whether its page may call it.
    private func preflight(_ request: HTTPRequest, _ route: Route) -> HTTPResponse {
        switch route.access {
        case .control:
            return controlPreflight(request, allow: route.allow)
        case .read:
            return HTTPResponse(
                status: 204,
                contentType: "text/plain",
                headers: [
                    ("Access-Control-Allow-Methods", route.allow), ("Access-Control-Max-Age", "600"),
                    ("Allow", route.allow),
                ]
            )
        case .page:
            return HTTPResponse(status: 204, contentType: "text/plain", headers: [("Allow", route.allow)])
        }
    }

    private func metricsResponse() -> HTTPResponse {
        HTTPResponse(
            status: 200,
            contentType: "text/plain; version=0.0.4; charset=utf-8",
            body: metrics.render(
                transport: transport.statistics,
                connectionCount: transport.connectionCount,
                clientConnectionCount: transport.clientConnectionCount,
                controlCount: subscribers.values.filter(\.control).count,
                sequence: sequence,
                journalWritable: journalHealth == .writable
            )
        )
    }

    /// `GET /api/v1/alerts[?limit=N]`: the current meeting's alerts whose instant has come, newest
    /// last, each as it was sent (`alert`); at most `limit` (default and most: 200).
    private func alertsResponse(_ request: HTTPRequest) -> HTTPResponse {
        var limit = AlertHistory.capacity
        if let text = request.query["limit"] {
            guard let asked = Int(text), asked >= 0 else {
                return Self.problem(400, .badRequest, "?limit= takes a whole number of alerts, 0 or more")
            }
            limit = min(asked, AlertHistory.capacity)
        }
        let now = clock.now()
        let body = AlertsResponse(
            meeting: meetingID,
            serverTime: now,
            alerts: core.alertHistory.past(at: now, limit: limit)
        )
        var response = HTTPResponse.json(200, WireCoding.encode(body))
        response.headers.append(("Cache-Control", "no-store"))
        return response
    }

    /// The CORS preflight of a browser page that wants a control route (a command, the displays
    /// list): allowed for the origins that may control the meeting (`OriginPolicy`), 403 for the
    /// others.
    private func controlPreflight(_ request: HTTPRequest, allow: String) -> HTTPResponse {
        let origin = request.headers["origin"]
        guard let origin, configuration.originPolicy.allowsControl(origin: origin) else {
            return Self.problem(
                403,
                .unauthorized,
                "\(request.path) is not open to pages of "
                    + "\(OriginPolicy.describe(origin)); start gaveld with --allowed-origin to allow it"
            )
        }
        return HTTPResponse(
            status: 204,
            contentType: "text/plain",
            headers: [
                ("Access-Control-Allow-Methods", allow),
                ("Access-Control-Allow-Headers", "Authorization, Content-Type"), ("Access-Control-Max-Age", "600"),
                ("Allow", allow),
            ]
        )
    }

    /// `POST /api/v1/commands` with `Authorization: Bearer TOKEN`: the WebSocket's commands, for
    /// a Stream Deck, Companion or curl. 200 applied, 400 malformed, 401 no or wrong token, 403
    /// from a browser page of an origin that may not control, 409 refused by the meeting (with its
    /// reason), 429 after too many failed attempts from the address, 503 journal unavailable.
    fileprivate func command(_ request: HTTPRequest) -> HTTPResponse {
        let level: AccessLevel
        switch authorize(request, "HTTP command") {
        case .refused(let refusal): return refusal
        case .granted(let granted): level = granted
        }
        let commandRequest: CommandRequest
        do {
            commandRequest = try WireCoding.decoder().decode(CommandRequest.self, from: Data(request.body))
        } catch {
            return Self.problem(
                400,
                .badRequest,
                "\(WireCoding.describe(error)); see docs/protocol.md for the command format"
            )
        }
        if let error = levelError(commandRequest, level: level, id: commandRequest.id) {
            return .json(403, WireCoding.encode(error))
        }
        switch execute(commandRequest, origin: "http:\(request.peer)") {
        case .accepted(let id, let seq, let replayed):
            let body = CommandResponse(
                ok: true,
                id: id,
                seq: seq,
                replayed: replayed,
                state: stateMessage(at: clock.now())
            )
            return .json(200, WireCoding.encode(body))
        case .rejected(let id, let error, let replayed):
            return .json(409, WireCoding.encode(ErrorMessage(id: id, error, replayed: replayed)))
        case .refused(let id, let error):
            let status =
                switch error.code {
                case .journalUnavailable, .notLeader: 503
                case .idReused: 409
                case .unauthorized: 401
                case .forbidden: 403
                case .rateLimited: 429
                default: 400
                }
            return .json(status, WireCoding.encode(ErrorMessage(id: id, error)))
        }
    }

    /// An HTTP request's access: the level of its token, or the answer refusing it.
    enum HTTPAccess {
        case granted(AccessLevel)
        case refused(HTTPResponse)
    }

    /// The answer to an HTTP request that needs a token of `minimum` level, nil when it has one:
    /// 403 `forbidden` for a right token of a lower level (`action` says what it may not do).
    func refusedControl(
        _ request: HTTPRequest,
        _ what: String,
        minimum: AccessLevel = .secretariat,
        action: String = "see this"
    ) -> HTTPResponse? {
        switch authorize(request, what) {
        case .refused(let refusal):
            return refusal
        case .granted(let level) where level < minimum:
            metrics.recordControlForbidden()
            return Self.problem(
                403,
                .forbidden,
                "the \(level == .read ? "read" : "secretariat") token may not \(action); the chair's token may"
            )
        case .granted:
            return nil
        }
    }

    /// Decides the token of a request (`Authorization: Bearer TOKEN`) through the access gate:
    /// its level, or the refusal: 401 no or wrong token, 403 from a browser page of an origin
    /// that may not control (unless `reading`), 429 after too many wrong tokens.
    func authorize(_ request: HTTPRequest, _ what: String, reading: Bool = false) -> HTTPAccess {
        let decision = decideControl(
            request.headers["authorization"].map { .authorization($0) } ?? .none,
            peer: request.peer,
            origin: request.headers["origin"],
            what,
            reading: reading
        )
        if case .granted(let level) = decision { return .granted(level) }
        guard
            let error = controlError(
                decision,
                id: nil,
                noToken: reading
                    ? "this daemon's meeting is not public (--read-token): send 'Authorization: Bearer TOKEN' "
                        + "with a token of any level (the state directory's token-read)"
                    : "send 'Authorization: Bearer TOKEN' (the daemon's token file)"
            )
        else { return .refused(Self.problem(500, .internalError, "access decided nothing")) }
        var response = HTTPResponse.json(401, WireCoding.encode(error))
        switch decision {
        case .forbiddenOrigin:
            response.status = 403
        case .rateLimited(let seconds):
            response.status = 429
            response.headers.append(("Retry-After", "\(seconds)"))
        default:
            response.headers.append(("WWW-Authenticate", "Bearer realm=\"gaveld\""))
        }
        return .refused(response)
    }

    /// 200 `"ok"`; 503 `"degraded"` with the reason while commands cannot be journaled, so that
    /// monitoring notices (displays are still served).
    fileprivate func health() -> HTTPResponse {
        let degraded = journalHealth != .writable
        let body = Health(
            status: degraded ? "degraded" : "ok",
            version: WireProtocol.serverVersion,
            meeting: meetingID,
            phase: state.phase.rawValue,
            connections: transport.connectionCount,
            clientConnections: transport.clientConnectionCount,
            journalStatus: journalHealth.name,
            reason: journalHealth.reason.map {
                Health.withoutPaths($0, journal: journal?.path ?? configuration.journalOpener?.path)
            },
            commands: isReadOnly || leadershipRefusal() != nil ? "refused" : "accepted",
            wallClockOffsetMs: clock.wallClockOffset().milliseconds,
            role: leaderMessage().role.rawValue,
            leader: leaderMessage().leader
        )
        var response = HTTPResponse.json(degraded ? 503 : 200, WireCoding.encode(body))
        response.headers.append(("Cache-Control", "no-store"))
        if degraded { response.headers.append(("Retry-After", "5")) }
        return response
    }

    private var isReadOnly: Bool {
        if case .readOnly = journalHealth { true } else { false }
    }

    static func problem(_ status: Int, _ code: ProtocolError.Code, _ message: String) -> HTTPResponse {
        .json(status, WireCoding.encode(ErrorMessage(id: nil, ProtocolError(code, message))))
    }
}

/// `GET /api/v1/alerts`.
struct AlertsResponse: Encodable {
    var meeting: Int64
    var serverTime: Instant
    var alerts: [AlertMessage]
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
    /// "writable", "failing" (writes fail; each command is tried) or "readOnly" (commands refused).
    var journalStatus: String
    var reason: String?
    /// "accepted", or "refused" while the journal is read-only.
    var commands: String
    /// How far the wall clock is from the daemon's monotonic timeline (NTP steps since start).
    var wallClockOffsetMs: Int64
    /// "primary", "standby" or "single", as `/api/v1/leader` says.
    var role: String
    /// The URL of the daemon that leads the room, as `/api/v1/leader` says.
    var leader: String?

    /// `reason` as anyone may read it: /healthz answers without a token, so where the state
    /// directory is stays out of it (the log has the whole reason). The journal's path becomes
    /// "the journal", any other absolute path "(a path)".
    static func withoutPaths(_ reason: String, journal: String?) -> String {
        var text = reason
        if let journal, !journal.isEmpty { text = text.replacingOccurrences(of: journal, with: "the journal") }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let before = index == text.startIndex ? " " : text[text.index(before: index)]
            if character == "/" && (before.isWhitespace || "('\"=:".contains(before)) {
                let end = text[index...].firstIndex { $0.isWhitespace || ":;,'\")".contains($0) } ?? text.endIndex
                if text.distance(from: index, to: end) > 1 {
                    result += "(a path)"
                    index = end
                    continue
                }
            }
            result.append(character)
            index = text.index(after: index)
        }
        return result
    }
}
