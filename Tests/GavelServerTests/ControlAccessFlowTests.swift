import Foundation
import GavelProtocol
import Testing

@testable import GavelServer

/// The access gate through the daemon: what each way in answers, and that the chair is never
/// locked out.
@Suite struct ControlAccessFlowTests {
    func hello(_ gaveld: InProcessDaemon, _ connection: ConnectionID) -> [String: Any] {
        json(gaveld.transport.take(connection).first { $0.type == "hello" }?.text ?? "{}")
    }

    @Test func theHelloSaysWhyATokenWasNotTakenAndTheRightOneAlwaysIs() throws {
        let gaveld = try InProcessDaemon()
        let wrong = "Bearer not-the-token-not-the-token"
        for _ in 1...10 {
            let refused = hello(gaveld, gaveld.connect(authorization: wrong))
            #expect(refused["control"] as? Bool == false)
            #expect((refused["controlRefused"] as? [String: Any])?["code"] as? String == "unauthorized")
        }
        gaveld.advance(by: .seconds(15))
        let limited = hello(gaveld, gaveld.connect(authorization: wrong))
        let refusal = limited["controlRefused"] as? [String: Any]
        #expect(refusal?["code"] as? String == "rateLimited")
        #expect(refusal?["retryAfterMs"] as? Int == 45_000)
        // The chair, from the same address, is not locked out: not at the upgrade, not by `auth`,
        // not over HTTP.
        let chair = hello(gaveld, gaveld.connect(control: true))
        #expect(chair["control"] as? Bool == true && chair["controlRefused"] == nil)
        let display = gaveld.connect()
        #expect(hello(gaveld, display)["controlRefused"] == nil, "no token, nothing to explain")
        gaveld.receive(#"{"type":"auth","token":"\#(InProcessDaemon.token)"}"#, from: display)
        #expect(gaveld.transport.take(display).map(\.type).contains("ack"))
        let command = gaveld.http(
            "POST",
            APIPath.commands,
            headers: ["authorization": "Bearer \(InProcessDaemon.token)"],
            body: #"{"command":"start","id":"c1"}"#
        )
        #expect(command.status == 200)
        // The window ends a minute after it opened: a wrong token is merely wrong again.
        gaveld.advance(by: .seconds(46))
        let later = hello(gaveld, gaveld.connect(authorization: wrong))
        #expect((later["controlRefused"] as? [String: Any])?["code"] as? String == "unauthorized")
    }

    @Test func commandsOnAReadOnlyConnectionAreNotGuessesAndNeverLimit() throws {
        let gaveld = try InProcessDaemon()
        let display = gaveld.connect()
        for n in 0..<30 {
            gaveld.receive(#"{"type":"command","id":"d\#(n)","command":"start"}"#, from: display)
        }
        let codes = gaveld.transport.take(display).filter { $0.type == "error" }.map {
            json($0.text)["code"] as? String
        }
        #expect(codes.count == 30 && codes.allSatisfy { $0 == "unauthorized" })
        let refused = gaveld.http("POST", APIPath.commands, body: #"{"command":"start"}"#)
        #expect(refused.status == 401)
        let wrong = gaveld.http(
            "POST",
            APIPath.commands,
            headers: ["authorization": "Bearer not-the-token-not-the-token"],
            body: #"{"command":"start"}"#
        )
        #expect(wrong.status == 401, "the first wrong token: nothing counted before it")
    }
}
