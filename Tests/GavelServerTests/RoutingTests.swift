import Foundation
import GavelProtocol
import Testing

@testable import GavelServer

/// HTTP through the daemon's route table: 404, 405 with Allow, OPTIONS, CORS, and a command over
/// HTTP that reaches the displays like one over WebSocket.
@Suite struct RoutingTests {
    func code(_ response: HTTPResponse) -> String? {
        json(String(decoding: response.body, as: UTF8.self))["code"] as? String
    }

    func header(_ response: HTTPResponse, _ name: String) -> String? {
        response.headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    @Test func aWrongMethodIs405WithAllowAndAnUnknownPathIs404() throws {
        let gaveld = try InProcessDaemon()
        let wrong = gaveld.http("GET", APIPath.commands)
        #expect(wrong.status == 405 && code(wrong) == "methodNotAllowed")
        #expect(header(wrong, "Allow") == "POST, OPTIONS")
        let post = gaveld.http("POST", APIPath.state)
        #expect(post.status == 405 && header(post, "Allow") == "GET, HEAD, OPTIONS")
        let missing = gaveld.http("GET", "/api/v1/nothing")
        #expect(missing.status == 404 && code(missing) == "notFound")
    }

    @Test func readPathsAreOpenToEveryOriginAndCommandsOnlyToAllowedOnes() throws {
        let gaveld = try InProcessDaemon()
        let state = gaveld.http("GET", APIPath.state, headers: ["origin": "https://elsewhere.example"])
        #expect(state.status == 200 && header(state, "Access-Control-Allow-Origin") == "*")
        let preflight = gaveld.http("OPTIONS", APIPath.state, headers: ["origin": "https://elsewhere.example"])
        #expect(preflight.status == 204 && header(preflight, "Allow") == "GET, HEAD, OPTIONS")
        let command = gaveld.http(
            "OPTIONS",
            APIPath.commands,
            headers: [
                "origin": "https://elsewhere.example", "host": "127.0.0.1:8417",
            ]
        )
        #expect(command.status == 403 && header(command, "Access-Control-Allow-Origin") == nil)
        let own = gaveld.http(
            "OPTIONS",
            APIPath.commands,
            headers: [
                "origin": "http://127.0.0.1:8417", "host": "127.0.0.1:8417",
            ]
        )
        #expect(own.status == 204 && header(own, "Access-Control-Allow-Origin") == "http://127.0.0.1:8417")
        // The Host a request claims does not make its origin gaveld's (DNS rebinding).
        let rebound = gaveld.http(
            "OPTIONS",
            APIPath.commands,
            headers: ["origin": "http://evil.example:8417", "host": "evil.example:8417"]
        )
        #expect(rebound.status == 403 && header(rebound, "Access-Control-Allow-Origin") == nil)
    }

    @Test func anHTTPCommandNeedsTheTokenAndReachesTheDisplays() throws {
        let gaveld = try InProcessDaemon()
        let display = gaveld.connect()
        gaveld.transport.clearSent()
        let refused = gaveld.http("POST", APIPath.commands, body: #"{"command":"start"}"#)
        #expect(refused.status == 401 && code(refused) == "unauthorized")
        #expect(gaveld.transport.take(display).isEmpty)

        let accepted = gaveld.http(
            "POST",
            APIPath.commands,
            headers: [
                "authorization": "Bearer \(InProcessDaemon.token)"
            ],
            body: #"{"command":"start","id":"h1"}"#
        )
        #expect(accepted.status == 200)
        #expect(gaveld.transport.take(display).map(\.type) == ["state"])
    }
}
