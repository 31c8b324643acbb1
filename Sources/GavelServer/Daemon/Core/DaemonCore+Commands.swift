import GavelCore
import GavelJournal
import GavelProtocol

/// The answer to a command, the same over WebSocket and HTTP.
enum CommandReply {
    case accepted(id: String, seq: Int64, replayed: Bool)
    case rejected(id: String, MeetingError, replayed: Bool)
    case refused(id: String?, ProtocolError)
}

/// Events the meeting accepted for a command, waiting for the journal before they count.
struct PendingCommand {
    var id: String
    /// Journaled with the id when the sender chose it (a retry can then be recognised).
    var digest: CommandDigest?
    var events: [MeetingEvent]
    /// The state once they are applied.
    var next: MeetingState
    /// A `load_agenda` after the meeting ended opens a new meeting with this agenda; the events
    /// belong to it.
    var newMeeting: Agenda?
}

/// What to do with a command.
enum CommandDecision {
    /// Answer it now: it was seen before, refused, or rejected by the meeting.
    case answer(CommandReply)
    /// Journal these events (and sync), then report `journaled` or `journalWriteFailed`.
    case journal(PendingCommand)
}

// Commands: decided on the current state, applied only once the journal holds them.
extension DaemonCore {
    /// The largest agenda a `loadAgenda` may journal, as the journal keeps it (canonical JSON,
    /// indented). A message is at most 64 KiB, and a real agenda grows by about half when
    /// indented (the example hearing: 1.8 KB sent, 2.6 KB kept); but an item or a person given as
    /// `{}` comes back with every default written out, dozens of times larger. The limit bounds
    /// the largest transaction a command can make, which the journal's headroom probe must prove
    /// fits (`headroomProbeBytes`).
    static let largestAgendaBytes = 192 * 1024

    /// What the headroom probe writes: the largest agenda, and room for the rest of that
    /// command's transaction (the event's other columns, the index, the command's outcome, the
    /// sequence, the meeting's row: a few pages).
    static let headroomProbeBytes = largestAgendaBytes + 32 * 1024

    /// An id for a command sent without one (its retry cannot be recognised, so it needs none).
    mutating func nextCommandID(at now: Instant) -> String {
        commandCounter += 1
        return "gaveld-\(now.millisecondsSinceEpoch)-\(commandCounter)"
    }

    /// Decides a command: answered from the journal's record if its id was seen before
    /// (`previous`) with the same command (`digest`), refused if it was seen with another one,
    /// refused while the journal is read-only or for an invalid agenda, rejected if the meeting
    /// refuses it; otherwise its events, to journal. The actions are the alerts crossed before
    /// the command, which stand whatever it changes.
    mutating func decide(
        _ request: CommandRequest,
        id: String,
        digest: CommandDigest? = nil,
        previous: RecordedCommand?,
        at now: Instant
    ) -> (CommandDecision, [DaemonAction]) {
        if let previous {
            // A command journaled before digests were kept has none: answered as a retry, as it was.
            if let stored = previous.digest, let digest, stored != digest.bytes {
                return (.answer(.refused(id: id, Self.idReused(id, first: previous.outcome))), [])
            }
            switch previous.outcome {
            case .accepted(let seq): return (.answer(.accepted(id: id, seq: seq, replayed: true)), [])
            case .rejected(let error): return (.answer(.rejected(id: id, error, replayed: true)), [])
            }
        }
        if case .readOnly(let reason) = journalHealth {
            return (
                .answer(
                    .refused(
                        id: id,
                        ProtocolError(
                            .journalUnavailable,
                            "the journal cannot be written (\(reason)); nothing was changed. Displays keep running; "
                                + "gaveld takes commands again as soon as it can write its state directory"
                        )
                    )
                ), []
            )
        }
        let actions = publish(publication.announce(upTo: now), at: now)

        var command = request.command
        var next = state
        var newMeeting: Agenda?
        if case .loadAgenda(let agenda) = command {
            let checked: Agenda
            do {
                checked = try agenda.validated().agenda
            } catch {
                let reasons = error.errors.map(\.description).joined(separator: "; ")
                return (
                    .answer(.refused(id: id, ProtocolError(.badRequest, "the agenda has errors: \(reasons)"))), actions
                )
            }
            let kept = checked.canonicalJSON().count
            if kept > Self.largestAgendaBytes {
                return (
                    .answer(
                        .refused(
                            id: id,
                            ProtocolError(
                                .badRequest,
                                "the agenda is \(kept / 1024) KiB as the journal keeps it (canonical JSON), over the "
                                    + "\(Self.largestAgendaBytes / 1024) KiB a command may write; start gaveld with it "
                                    + "(--agenda) instead"
                            )
                        )
                    ), actions
                )
            }
            command = .loadAgenda(checked)
            if state.phase == .ended {
                newMeeting = checked
                next = MeetingState(agenda: checked)
            }
        }
        do {
            let events = try next.apply(command, expecting: request.expect, now: now)
            return (
                .journal(PendingCommand(id: id, digest: digest, events: events, next: next, newMeeting: newMeeting)),
                actions
            )
        } catch {
            return (.answer(.rejected(id: id, error, replayed: false)), actions)
        }
    }

    /// The journal holds the command's events, its last at `seq` (in meeting `meetingID` if the
    /// command opened one): the new state is current, the command is accepted.
    mutating func journaled(
        _ command: PendingCommand,
        seq: Int64,
        meetingID newMeeting: Int64?,
        at now: Instant
    ) -> (CommandReply, [DaemonAction]) {
        if let newMeeting {
            meetingID = newMeeting
            alertHistory = AlertHistory()
        }
        state = command.next
        sequence = seq
        // While the journal is failing, one command that fitted does not prove the next will:
        // the headroom probe (the retry timer's) decides when it is writable again.
        return (.accepted(id: command.id, seq: seq, replayed: false), stateBecameCurrent(at: now))
    }

    /// The refusal of an id already journaled with a different command (`first` its outcome).
    static func idReused(_ id: String, first: CommandOutcome) -> ProtocolError {
        let outcome =
            switch first {
            case .accepted(let seq): "applied at seq \(seq)"
            case .rejected(let error): "refused with \(error.code.rawValue)"
            }
        return ProtocolError(
            .idReused,
            "command id '\(id)' was already used for a different command (\(outcome)); nothing was applied. Send "
                + "this command with a fresh id: an id is sent again only to retry the very same command"
        )
    }
}
