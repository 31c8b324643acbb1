import GavelCore
import GavelProtocol
import Testing

@testable import GavelServer

/// Access levels, pairing codes and live agenda edits through the daemon, in-process on a
/// manual clock: what each connection is sent, and what each request is answered.
@Suite struct AccessLevelFlowTests {
    let secretariat = "Bearer \(InProcessDaemon.secretariatToken)"

    @Test func theSecretariatKeepsTheListButRunsNoClock() throws {
        let gaveld = try InProcessDaemon()
        let desk = gaveld.connect(authorization: secretariat, version: .v2)
        let hello = json(try #require(gaveld.transport.take(desk).first).text)
        #expect(hello["control"] as? Bool == true)
        #expect(hello["level"] as? String == "secretariat")

        gaveld.command("next", id: "n1", from: desk)
        let refused = try #require(gaveld.transport.take(desk).first)
        #expect(json(refused.text)["code"] as? String == "forbidden")
        #expect((json(refused.text)["message"] as? String)?.contains("may not run clock commands (next)") == true)
        #expect(gaveld.daemon.state.phase == .notStarted)

        gaveld.command("listAdd", id: "l1", from: desk, fields: #""speaker":"Ms. A","delegation":"Chile""#)
        #expect(gaveld.transport.take(desk).first?.type == "ack")
        #expect(gaveld.daemon.state.queue.map(\.speaker) == ["Ms. A"])
        #expect(gaveld.daemon.access.failures.trackedCount == 0, "a right token of a lower level is no guess")
    }

    @Test func theAuthAckSaysTheLevelTheTokenGives() throws {
        // A browser cannot send Authorization at the upgrade: the console learns its level here.
        let gaveld = try InProcessDaemon()
        let desk = gaveld.connect(version: .v2)
        _ = gaveld.transport.take(desk)
        gaveld.receive(#"{"type":"auth","token":"\#(InProcessDaemon.secretariatToken)"}"#, from: desk)
        let ack = json(try #require(gaveld.transport.take(desk).first).text)
        #expect(ack["type"] as? String == "ack")
        #expect(ack["level"] as? String == "secretariat")
        gaveld.receive(#"{"type":"auth","token":"\#(InProcessDaemon.token)"}"#, from: desk)
        #expect(json(try #require(gaveld.transport.take(desk).first).text)["level"] as? String == "chair")
    }

    @Test func anInsertedItemReachesV2DisplaysAsANewAgenda() throws {
        let gaveld = try InProcessDaemon()
        let chair = gaveld.connect(control: true, version: .v2)
        let display = gaveld.connect(version: .v2)
        gaveld.command("start", id: "s1", from: chair)
        gaveld.transport.clearSent()
        gaveld.command(
            "agendaInsert",
            id: "i1",
            from: chair,
            fields: #""title":"Announcements","duration":"5m","position":2"#
        )
        let seen = gaveld.transport.take(display)
        #expect(seen.map(\.type) == ["agenda", "state"])
        let items = try #require(json(seen[0].text)["items"] as? [[String: Any]])
        #expect(items.map { $0["title"] as? String }.count == gaveld.daemon.state.agenda.items.count)
        #expect(items[1]["title"] as? String == "Announcements")
        #expect(items[1]["plannedMs"] as? Int == 300_000)

        // The running item changes only by extend or trim.
        _ = gaveld.transport.take(chair)
        gaveld.command("agendaRetime", id: "r1", from: chair, fields: #""item":1,"duration":"1h""#)
        let refusal = try #require(gaveld.transport.take(chair).first)
        #expect(json(refusal.text)["code"] as? String == "itemStarted")
    }

    @Test func withReadTokenADisplayGetsNothingOfTheMeetingUntilItPresentsOne() throws {
        let gaveld = try InProcessDaemon(readRequiresToken: true)
        let display = gaveld.connect(version: .v2)
        let chair = gaveld.connect(control: true, version: .v2)
        let greeting = gaveld.transport.take(display)
        #expect(greeting.map(\.type) == ["hello"])
        #expect(json(greeting[0].text)["readTokenRequired"] as? Bool == true)
        #expect(gaveld.transport.take(chair).map(\.type) == ["hello", "agenda", "state"], "a token reads")

        gaveld.command("start", id: "s1", from: chair)
        gaveld.advance(by: .seconds(600))  // alerts fall due
        #expect(gaveld.transport.take(display).isEmpty)

        gaveld.receive(#"{"type":"auth","token":"\#(InProcessDaemon.readToken)"}"#, from: display)
        #expect(gaveld.transport.take(display).map(\.type).prefix(3) == ["ack", "agenda", "state"])
        gaveld.command("start", id: "s2", from: display)
        #expect(json(try #require(gaveld.transport.take(display).first).text)["code"] as? String == "forbidden")

        #expect(gaveld.http("GET", "/api/v1/state").status == 401)
        #expect(gaveld.http("GET", "/api/v1/state", headers: ["authorization": secretariat]).status == 200)
        #expect(gaveld.http("GET", "/healthz").status == 200)
    }

    @Test func aPairingCodeWorksOnceAndExpires() throws {
        let gaveld = try InProcessDaemon()
        let chair = ["authorization": "Bearer \(InProcessDaemon.token)"]
        let made = gaveld.http(
            "POST",
            "/api/v1/pairings",
            headers: chair,
            body: #"{"level":"secretariat","ttlSeconds":60}"#
        )
        #expect(made.status == 201)
        let code = try #require(json(String(decoding: made.body, as: UTF8.self))["code"] as? String)
        let paired = gaveld.http("POST", "/api/v1/pair", body: #"{"code":"\#(code)"}"#)
        #expect(paired.status == 200)
        #expect(
            json(String(decoding: paired.body, as: UTF8.self))["token"] as? String == InProcessDaemon.secretariatToken
        )
        #expect(gaveld.http("POST", "/api/v1/pair", body: #"{"code":"\#(code)"}"#).status == 401)

        let second = gaveld.http("POST", "/api/v1/pairings", headers: chair, body: #"{"ttlSeconds":60}"#)
        let late = try #require(json(String(decoding: second.body, as: UTF8.self))["code"] as? String)
        gaveld.advance(by: .seconds(60))
        let expired = gaveld.http("POST", "/api/v1/pair", body: #"{"code":"\#(late)"}"#)
        #expect(expired.status == 410)
        let error = json(String(decoding: expired.body, as: UTF8.self))
        #expect(error["code"] as? String == "pairingExpired")
        // 09:01 in Geneva, the agenda's zone.
        #expect(
            error["message"] as? String == "this pairing code expired at 09:01; ask for a new one with gavel console"
        )

        for body in [#"{"ttlSeconds":1e300}"#, #"{"ttlSeconds":0.5}"#, #"{"ttlSeconds":3601}"#, #"{"level":"admin"}"#] {
            #expect(gaveld.http("POST", "/api/v1/pairings", headers: chair, body: body).status == 400, "\(body)")
        }
        #expect(gaveld.http("POST", "/api/v1/pair", body: #"{"nope":1}"#).status == 400)

        let fromSecretariat = gaveld.http(
            "POST",
            "/api/v1/pairings",
            headers: ["authorization": secretariat],
            body: "{}"
        )
        #expect(fromSecretariat.status == 403)
    }
}
