import GavelClient
import GavelCore
import GavelProtocol
import Testing

/// Decoding what gaveld sends, keeping the text for --json.
@Suite struct ServerEventTests {
    @Test func ackAndErrorDecodeWithTheirText() throws {
        let ack = #"{"type":"ack","id":"c-1","seq":58,"replayed":true}"#
        guard case .ack(let message, let json) = try ServerEvent.decode(ack) else {
            Issue.record("not an ack")
            return
        }
        #expect(message == AckMessage(id: "c-1", seq: 58, replayed: true))
        #expect(json == ack)

        let error = #"{"type":"error","id":"c-2","code":"atLastItem","message":"already at the last item"}"#
        guard case .error(let refusal, _) = try ServerEvent.decode(error) else {
            Issue.record("not an error")
            return
        }
        #expect(refusal.code == "atLastItem" && refusal.id == "c-2")
    }

    @Test func unknownTypesAndFieldsAreIgnoredAsTheVersioningRuleSays() throws {
        guard case .other(let type, _) = try ServerEvent.decode(#"{"type":"confetti","colour":"gold"}"#) else {
            Issue.record("an unknown type must not fail")
            return
        }
        #expect(type == "confetti")

        let pong = #"{"type":"pong","t0":1.5,"t1":2,"t2":3,"future":"field"}"#
        guard case .pong(let message) = try ServerEvent.decode(pong) else {
            Issue.record("not a pong")
            return
        }
        #expect(message.t0 == 1.5)
    }

    @Test func alertsSentAheadCarryTheirStateAndOlderDaemonsOnesStillDecode() throws {
        let ahead =
            #"{"type":"alert","serverTime":1000,"timer":"floor","level":"warning","at":3000,"stateSeq":57,"#
            + #""remainingMs":30000,"text":"30s left for Ms. A"}"#
        guard case .alert(let alert, _) = try ServerEvent.decode(ahead) else {
            Issue.record("not an alert")
            return
        }
        #expect(alert.stateSeq == 57 && alert.at.millisecondsSinceEpoch == 3000)

        let atItsInstant =
            #"{"type":"alert","serverTime":3000,"timer":"item","level":"timeUp","at":3000,"#
            + #""remainingMs":0,"text":"Time is up"}"#
        guard case .alert(let old, _) = try ServerEvent.decode(atItsInstant) else {
            Issue.record("an alert without stateSeq must still decode")
            return
        }
        #expect(old.stateSeq == nil)

        let hello = HelloMessage(
            protocol: .v1,
            server: "gaveld",
            serverTime: Instant(millisecondsSinceEpoch: 5),
            connection: "1",
            control: false,
            alertLeadMs: 2000
        )
        #expect(String(decoding: WireCoding.encode(hello), as: UTF8.self).contains(#""alertLeadMs":2000"#))
    }

    @Test func textThatIsNotTheProtocolIsAViolation() {
        #expect(throws: ClientError.self) { try ServerEvent.decode("hello") }
        do {
            _ = try ServerEvent.decode(#"{"type":"ack","id":"x"}"#)
            Issue.record("an ack without seq must not decode")
        } catch {
            #expect(error.kind == .protocolViolation)
            #expect(error.message.contains("'ack'"))
        }
    }
}
