import Foundation

/// What the journal holds for a command id: its outcome, and the digest of the command it was
/// given to, so that the id sent again with another command can be told from a retry.
public struct RecordedCommand: Hashable, Sendable {
    public var outcome: CommandOutcome
    /// The digest the daemon journaled with the command (SHA-256 of the command and its
    /// arguments); nil for a command journaled before the journal kept digests (schema 2).
    public var digest: Data?

    public init(outcome: CommandOutcome, digest: Data?) {
        self.outcome = outcome
        self.digest = digest
    }
}
