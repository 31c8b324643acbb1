import GavelProtocol

extension Daemon {
    /// `GET /api/v1/displays` with `Authorization: Bearer TOKEN`: every connection, for the
    /// technician (`gavel displays`, the /displays page). The token, through the same gate as
    /// commands, because the list names the clients' addresses.
    func displaysResponse(_ request: HTTPRequest) -> HTTPResponse {
        if let refusal = refusedControl(request, "displays list", action: "list the displays") { return refusal }
        var response = HTTPResponse.json(200, WireCoding.encode(core.displayList(at: clock.now())))
        response.headers.append(("Cache-Control", "no-store"))
        return response
    }
}
