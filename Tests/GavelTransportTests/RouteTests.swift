import Testing

@testable import GavelServer

/// The daemon's route table: what each path allows, named once.
@Suite struct RouteTests {
    @Test func allowListsHeadBesideGetAndOptionsLast() {
        let read = Route(access: .read, handlers: ["GET": { _, _ in .json(200, "{}") }])
        #expect(read.allow == "GET, HEAD, OPTIONS")
        let control = Route(access: .control, handlers: ["POST": { _, _ in .json(200, "{}") }])
        #expect(control.allow == "POST, OPTIONS")
        let both = Route(
            access: .read,
            handlers: ["POST": { _, _ in .json(200, "{}") }, "GET": { _, _ in .json(200, "{}") }]
        )
        #expect(both.allow == "GET, HEAD, POST, OPTIONS")
    }

    @Test func everyAPIPathIsInTheTable() {
        for path in [
            "/api/v1/state", "/api/v1/agenda", "/api/v1/commands", "/api/v1/meetings", "/api/v1/report",
            "/report", "/healthz", "/metrics",
        ] {
            #expect(Daemon.routes[path] != nil, "\(path)")
        }
        #expect(Daemon.routes["/api/v1/commands"]?.access == .control)
        #expect(Daemon.routes["/report"]?.access == .page)
    }
}
