import Foundation
import GavelCore
import GavelProtocol
import Testing

@testable import GavelServer

/// The technician's list (`GET /api/v1/displays`): what each connection said it is, when it was
/// last heard, and that only the token holder may read it.
@Suite struct DisplayListTests {
    static let bearer = ["authorization": "Bearer \(InProcessDaemon.token)"]

    func list(_ gaveld: InProcessDaemon) throws -> DisplayList {
        let response = gaveld.http("GET", APIPath.displays, headers: Self.bearer)
        #expect(response.status == 200)
        return try WireCoding.decoder().decode(DisplayList.self, from: Data(response.body))
    }

    @Test func displaysAreListedByViewThenAddressWithClientsLastAndLastSeenFollowsTheirMessages() throws {
        let gaveld = try InProcessDaemon()
        let start = gaveld.clock.now()
        let watch = gaveld.connect(control: true)
        let speaker = gaveld.connect(version: .v2)
        let hall = gaveld.connect(version: .v2)
        gaveld.receive(
            #"{"type":"display","view":"speaker","language":"fr","clockOffsetMs":-600000.5,"roundTripMs":3.1,"#
                + #""screen":"1920x1080","userAgent":"Mozilla/5.0 (X11; Linux x86_64)"}"#,
            from: speaker
        )
        gaveld.receive(#"{"type":"display","view":"hall","language":"en"}"#, from: hall)
        gaveld.advance(by: .seconds(4))
        gaveld.receive(#"{"type":"ping","t0":1}"#, from: hall)
        gaveld.advance(by: .seconds(3))

        let displays = try list(gaveld)
        #expect(displays.serverTime == start + .seconds(7))
        #expect(displays.displays.map(\.connection) == [hall, speaker, watch].map(\.description))
        let (first, second, third) = (displays.displays[0], displays.displays[1], displays.displays[2])
        #expect(first.kind == "display" && first.display?.view == "hall" && first.display?.language == "en")
        #expect(first.display?.clockOffsetMs == nil, "not synced yet: no clock figures")
        #expect(first.lastSeen == start + .seconds(4), "its ping")
        #expect(second.display?.clockOffsetMs == -600_000.5 && second.display?.roundTripMs == 3.1)
        #expect(second.display?.screen == "1920x1080" && second.protocol == "gavel.v2")
        #expect(second.lastSeen == start && second.connectedAt == start)
        #expect(third.kind == "client" && third.display == nil && third.control && third.protocol == "gavel.v1")
        #expect(third.address == "127.0.0.1")

        // A newer description replaces the last; a closed connection leaves the list.
        gaveld.receive(
            #"{"type":"display","view":"hall","language":"de","clockOffsetMs":12.5,"roundTripMs":2}"#,
            from: hall
        )
        gaveld.disconnect(speaker)
        let after = try list(gaveld)
        #expect(after.displays.map(\.connection) == [hall, watch].map(\.description))
        #expect(after.displays[0].display?.language == "de" && after.displays[0].describedAt == start + .seconds(7))
    }

    @Test func theListNeedsTheTokenThroughTheSameGateAsCommands() throws {
        let gaveld = try InProcessDaemon()
        gaveld.connect()
        let anonymous = gaveld.http("GET", APIPath.displays)
        #expect(anonymous.status == 401)
        #expect(!String(decoding: anonymous.body, as: UTF8.self).contains("127.0.0.1"))
        let wrong = gaveld.http(
            "GET",
            APIPath.displays,
            headers: ["authorization": "Bearer not-the-token-not-the-token"]
        )
        #expect(wrong.status == 401)
        // A page of another origin may not read it even with the token, as it may not send commands.
        let foreign = gaveld.http(
            "GET",
            APIPath.displays,
            headers: Self.bearer.merging(["origin": "http://evil.example"]) { $1 }
        )
        #expect(foreign.status == 403)
        #expect(gaveld.http("POST", APIPath.displays, headers: Self.bearer).status == 405)
        // Wrong tokens here count toward the address's limit like any other.
        for _ in 1...10 {
            _ = gaveld.http("GET", APIPath.displays, headers: ["authorization": "Bearer not-the-token-not-the-token"])
        }
        let limited = gaveld.http(
            "GET",
            APIPath.displays,
            headers: ["authorization": "Bearer not-the-token-not-the-token"]
        )
        #expect(limited.status == 429)
        #expect(try list(gaveld).displays.count == 1, "the right token is always taken")
    }

    @Test func badDisplayMessagesAreRefusedAndTheConnectionKept() throws {
        let gaveld = try InProcessDaemon()
        let page = gaveld.connect(version: .v2)
        gaveld.receive(#"{"type":"display","view":"hall","language":"en"}"#, from: page)
        gaveld.transport.clearSent()
        let long = String(repeating: "x", count: 257)
        let bad = [
            #"{"type":"display","view":"hall","colour":"red"}"#: "unknown field 'colour'",
            #"{"type":"display","userAgent":"\#(long)"}"#: "'userAgent' is over 256 characters",
            #"{"type":"display","view":"hall\u001b[2J"}"#: "'view' has control characters",
            #"{"type":"display","clockOffsetMs":1e300}"#: "'clockOffsetMs'",
            #"{"type":"display","roundTripMs":-1}"#: "'roundTripMs'",
            #"{"type":"display","view":42}"#: "display:",
            #"{"type":"display","screen":"\#(String(repeating: "1", count: 1100))"}"#: "over 1024 bytes",
        ]
        for (message, reason) in bad {
            gaveld.receive(message, from: page)
            let answers = gaveld.transport.take(page)
            #expect(answers.count == 1 && answers[0].type == "error", "\(message)")
            let error = json(answers.first?.text ?? "{}")
            #expect(error["code"] as? String == "badRequest")
            #expect((error["message"] as? String)?.contains(reason) == true, "\(error)")
        }
        #expect(gaveld.transport.closed[page] == nil, "kept")
        let listed = try list(gaveld).displays
        #expect(
            listed.count == 1 && listed[0].display == DisplayInfo(view: "hall", language: "en"),
            "the good one stays"
        )
    }
}
