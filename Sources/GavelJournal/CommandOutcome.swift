import GavelCore

/// What became of a command id: the answer a retry of the same id gets again.
public enum CommandOutcome: Hashable, Sendable {
    /// Applied; `seq` is the journal sequence number of its last event.
    case accepted(seq: Int64)
    /// Refused, for this reason; nothing changed.
    case rejected(MeetingError)
}
