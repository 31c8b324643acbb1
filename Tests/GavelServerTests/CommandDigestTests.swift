import Foundation
import GavelCore
import GavelProtocol
import Testing

@testable import GavelServer

/// The digest journaled with a command id: the same for a retry of the command however it is
/// spelt, different for any other command or argument.
@Suite struct CommandDigestTests {
    func digest(_ json: String) throws -> CommandDigest {
        CommandDigest(try WireCoding.decoder().decode(CommandRequest.self, from: Data(json.utf8)).command)
    }

    func hex(_ digest: CommandDigest) -> String {
        digest.bytes.map { String(format: "%02x", $0) }.joined()
    }

    /// SHA-256 of the canonical wire form; the expected values are `sha256sum` of those bytes.
    @Test func theDigestIsTheSHA256OfTheCommandsCanonicalForm() throws {
        // printf '{"type":"command","command":"next"}' | sha256sum
        #expect(hex(CommandDigest(.next)) == "cb063f7b463d761d2ba375f7ba502eccb2852c3201ea7701b2df759a74a3b101")
        // printf '{"type":"command","command":"showMessage","text":"Back in five"}' | sha256sum
        #expect(
            hex(CommandDigest(.showMessage("Back in five")))
                == "8ca2011ba041c91fff0e07baf65c4c4375360bc5362d4de6836a6768d618b543"
        )
        #expect(CommandDigest(.next).bytes.count == 32)
    }

    /// A retry is the same command whatever its id, its `expect` (a script's retry builds it from
    /// the state it finds), the order of its fields, or the spelling of a duration.
    @Test func aRetryHasTheSameDigest() throws {
        let first = try digest(#"{"id":"a","command":"next","expect":{"item":"1"}}"#)
        #expect(try digest(#"{"id":"b","command":"next"}"#) == first)
        #expect(try digest(#"{"command":"next","expect":{"item":"2"},"type":"command"}"#) == first)

        let extend = try digest(#"{"command":"extend","duration":"90s"}"#)
        #expect(try digest(#"{"command":"extend","duration":90}"#) == extend)
        #expect(try digest(#"{"command":"extend","duration":"1:30"}"#) == extend)
        #expect(try digest(#"{"duration":"1m30s","command":"extend"}"#) == extend)
    }

    @Test func anyOtherCommandOrArgumentHasAnotherDigest() throws {
        let digests = try [
            #"{"command":"next"}"#,
            #"{"command":"previous"}"#,
            #"{"command":"showMessage","text":"different"}"#,
            #"{"command":"showMessage","text":"Different"}"#,
            #"{"command":"extend","duration":"90s"}"#,
            #"{"command":"extend","duration":"91s"}"#,
            #"{"command":"trim","duration":"90s"}"#,
            #"{"command":"extend","duration":90.5}"#,
            #"{"command":"floorGrant","speaker":"Ms. A"}"#,
            #"{"command":"floorGrant","speaker":"Ms. A","duration":"3m"}"#,
            #"{"command":"queueRemove","position":1}"#,
            #"{"command":"queueRemove","speaker":"1"}"#,
            #"{"command":"goto","item":"2"}"#,
            #"{"command":"goto","item":"3"}"#,
        ].map(digest)
        #expect(Set(digests).count == digests.count)
    }
}
