import Crypto
import Foundation
import GavelCore
import GavelProtocol

/// A command's fingerprint, journaled with its id: SHA-256 of the command and its arguments in
/// their canonical wire form, `{"type":"command","command":"showMessage","text":"Back in five"}`
/// (`CommandRequest.encode`, keys in its order, no spaces).
///
/// An id sent again is a retry only if its digest is the same; with another command, it is
/// refused (`idReused`) rather than answered with the first command's outcome. So the digest
/// leaves out what a genuine retry may change:
/// - the id, which it is kept beside;
/// - `expect`: `gavel next --id X` run again by a script builds `expect` from the state it finds,
///   which the first attempt may have moved on, and it is still the same command.
///
/// Two spellings of one argument (`"90s"`, `90`, `"1:30"`) decode to the same command, so they
/// give the same digest.
struct CommandDigest: Hashable, Sendable {
    /// The 32 bytes, as the journal stores them.
    let bytes: Data

    init(_ command: MeetingCommand) {
        // Cannot fail: a command is strings, integers and finite durations (an agenda, the same).
        let canonical =
            (try? CanonicalJSONEncoder(prettyPrinted: false).encode(CommandRequest(id: nil, command: command)))
            ?? Data(command.wireName.utf8)
        bytes = Data(SHA256.hash(data: canonical))
    }

    /// A digest the journal returned.
    init(bytes: Data) {
        self.bytes = bytes
    }
}
