import Foundation
import GavelCore
import GavelProtocol
import Testing

/// Inputs the `wire` fuzz target (Fuzz/, docs/reliability.md) found to crash or break a property,
/// each kept as the smallest message that showed it.
@Suite struct FuzzRegressionTests {
    /// Decodes `text`, which must be a command, and checks that the CLI's encoding of it decodes
    /// to the same command.
    static func roundTrip(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard case .success(.command(let request)) = ClientMessage.decode(Array(text.utf8)) else {
            Issue.record("\(text) did not decode as a command", sourceLocation: sourceLocation)
            return
        }
        let encoded = try WireCoding.encoder().encode(request)
        #expect(
            ClientMessage.decode(encoded) == .success(.command(request)),
            "sent as \(String(decoding: encoded, as: UTF8.self))",
            sourceLocation: sourceLocation
        )
    }

    /// `30.5` seconds was re-encoded as "30s": a client resending a decoded command lost the half second.
    @Test func fractionalSecondsSurviveReencoding() throws {
        try Self.roundTrip(#"{"type":"command","command":"floorExtend","duration":30.5}"#)
        try Self.roundTrip(#"{"type":"command","command":"queueAdd","speaker":"B","duration":0.001}"#)
        try Self.roundTrip(#"{"type":"command","command":"extend","duration":86399.999}"#)
    }

    /// A clock-form duration with a huge minute count trapped the decoder (integer overflow): one
    /// message from any client, control or not, stopped the daemon.
    @Test(arguments: ["922337203685477580:00", "4972036854775807:30"])
    func clockDurationWithTooManyDigitsIsABadRequest(duration: String) {
        let text = #"{"type":"command","command":"trim","duration":"\#(duration)"}"#
        guard case .failure(let error) = ClientMessage.decode(Array(text.utf8)) else {
            Issue.record("\(duration) was accepted")
            return
        }
        #expect(error.code == .badRequest)
        #expect(error.message.contains("'\(duration)' is not a duration"))
    }

    /// A `loadAgenda` with `Int64.max` seconds decoded, then trapped the daemon's check of it.
    @Test func loadAgendaWithHugeWholeSecondsIsABadRequest() {
        let text =
            #"{"type":"command","command":"loadAgenda","agenda":{"title":"T","date":"2018-05-21","#
            + #""timeZone":"UTC","defaults":{"speakerTime":9223372036854775807},"#
            + #""items":[{"id":"1","title":"A","date":"2018-05-21","start":"10:00","end":"11:00"}]}}"#
        guard case .failure(let error) = ClientMessage.decode(Array(text.utf8)) else {
            Issue.record("the agenda was accepted")
            return
        }
        #expect(error.code == .badRequest)
        #expect(error.message.contains("at most 86400"))
    }
}
