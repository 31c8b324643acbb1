import GavelCore
import GavelJournal

/// Runs a meeting as the daemon does: each command is applied to the live state, and its events
/// (or its rejection) are journaled before anything else happens.
struct JournaledMeeting {
    let journal: Journal
    let id: Int64
    private(set) var state: MeetingState
    private(set) var events: [MeetingEvent] = []
    private var commandsRun = 0

    init(journal: Journal, agenda: Agenda, createdAt: Instant = .meeting(-600)) throws {
        self.journal = journal
        self.id = try journal.createMeeting(agenda: agenda, at: createdAt)
        self.state = MeetingState(agenda: agenda)
    }

    /// Runs `command` at `.meeting(seconds)` under a fresh command id; returns its outcome.
    @discardableResult
    mutating func run(_ command: MeetingCommand, at seconds: Int64) throws -> CommandOutcome {
        commandsRun += 1
        let commandID = "cmd-\(commandsRun)"
        let now = Instant.meeting(seconds)
        do {
            let new = try state.apply(command, now: now)
            let seq = try journal.append(
                new,
                meeting: id,
                commandID: commandID,
                wall: now,
                monotonicNanoseconds: seconds * 1_000_000_000
            )
            events += new
            return .accepted(seq: seq)
        } catch let error as MeetingError {
            try journal.recordRejection(commandID: commandID, meeting: id, error: error, at: now)
            return .rejected(error)
        }
    }
}
