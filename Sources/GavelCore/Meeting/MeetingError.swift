/// Why a command was rejected. The code is stable (scripts and the wire protocol use it);
/// the message says what was wrong and what to do, for a person.
public struct MeetingError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable, Codable, CaseIterable {
        case notStarted
        case alreadyStarted
        case meetingEnded
        case noCurrentItem
        case atLastItem
        case atFirstItem
        case unknownItem
        case alreadyCurrent
        case invalidDuration
        case paused
        case notPaused
        case noFloor
        case floorPaused
        case floorNotPaused
        case queueEmpty
        case unknownSpeaker
        case alreadyQueued
        case invalidText
        case noMessage
        case alreadyBlackedOut
        case noBlackout
        case staleState
        case listClosed
        case listOpen
        case notInterrupted
        case unknownSpeechType
        /// An agenda edit of an item that has started: it ran, or runs (extend or trim it).
        case itemStarted
        /// A position outside the agenda, or before the item running.
        case invalidPosition
        /// A rule of procedure refuses it; the message names the rule, and the chair may override.
        case ruleViolation
        /// No plan ends the meeting by the hard end asked for; the message says why.
        case noPlan
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
