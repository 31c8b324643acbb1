import Foundation
import GavelCore
import GavelJournal
import GavelProtocol
import Logging

// A command's I/O: the journal's record of its id, the append and sync, and what each outcome
// is logged and counted as. What to do with it is the core's (`DaemonCore.decide`).
extension Daemon {
    /// Runs a command: answered from the journal if its id was seen before with the same command
    /// (refused if with another); otherwise decided, journaled and synced, and only then
    /// acknowledged; its snapshot follows the answer (`publishPendingState`).
    func execute(_ request: CommandRequest, origin: String) -> CommandReply {
        let now = clock.now()
        let id = request.id ?? core.nextCommandID(at: now)
        var logger = self.logger
        logger[metadataKey: "gavel.command"] = "\(request.name)"
        logger[metadataKey: "gavel.command.id"] = "\(id)"
        logger[metadataKey: "gavel.origin"] = "\(origin)"
        if let refusal = leadershipRefusal() {
            answered(.refused(id: id, refusal), digest: nil, at: now, logger: logger)
            return .refused(id: id, refusal)
        }

        var previous: RecordedCommand?
        var digest: CommandDigest?
        if request.id != nil {
            digest = CommandDigest(request.command)
            do {
                previous = try openJournal().command(id)
            } catch {
                return journalFailure(error, id: id, logger: logger)
            }
        }
        let (decision, actions) = core.decide(request, id: id, digest: digest, previous: previous, at: now)
        perform(actions)
        switch decision {
        case .answer(let reply):
            answered(reply, digest: digest, at: now, logger: logger)
            return reply
        case .journal(let command):
            return journal(command, at: now, logger: logger)
        }
    }

    /// Logs and counts an answer given without journaling; a rejection of a command with an id
    /// (and so a `digest`) is recorded, so that its retry is answered the same way.
    private func answered(_ reply: CommandReply, digest: CommandDigest?, at now: Instant, logger: Logger) {
        switch reply {
        case .accepted(_, _, true), .rejected(_, _, true):
            metrics.record(.replayed)
            logger.info("retried command answered from the journal")
        case .accepted:
            break
        case .rejected(let id, let error, _):
            metrics.record(.rejected)
            logger.info(
                "command rejected",
                metadata: ["gavel.code": "\(error.code.rawValue)", "gavel.reason": "\(error.message)"]
            )
            // Best effort: if the journal cannot take even this, the retry is simply decided again.
            if let digest {
                try? openJournal().recordRejection(
                    commandID: id,
                    digest: digest.bytes,
                    meeting: meetingID,
                    error: error,
                    at: now
                )
            }
        case .refused(_, let error):
            metrics.record(.refused)
            logger.info(
                "command refused",
                metadata: ["gavel.code": "\(error.code.rawValue)", "gavel.reason": "\(error.message)"]
            )
        }
    }

    /// Appends a decided command's events and syncs them; then the core makes them current.
    private func journal(_ command: PendingCommand, at now: Instant, logger: Logger) -> CommandReply {
        let started = ContinuousClock.now
        var newMeeting: Int64?
        let seq: Int64
        do {
            if let agenda = command.newMeeting { newMeeting = try openMeeting(agenda: agenda, at: now) }
            seq = try openJournal().append(
                command.events,
                meeting: newMeeting ?? meetingID,
                commandID: command.id,
                digest: command.digest?.bytes,
                wall: Instant(Date()),
                monotonicNanoseconds: ServerClock.monotonicNanoseconds()
            )
        } catch let error as JournalError where error.kind == .fenced {
            // Another daemon took the lease: the lease's thread says so too, and this one stands by.
            metrics.record(.refused)
            logger.warning(
                "journal refused the write: this gaveld no longer leads",
                metadata: ["gavel.error": "\(error)"]
            )
            return .refused(
                id: command.id,
                ProtocolError(.notLeader, "\(error.message); send the command to the daemon that leads the room")
            )
        } catch let error as JournalError where error.kind == .ioError {
            metrics.record(.refused)
            logger.error(
                "journal I/O error; command refused, its outcome unknown",
                metadata: ["gavel.error": "\(error)"]
            )
            recoverFromIOError(error)
            return .refused(
                id: command.id,
                ProtocolError(
                    .journalUnavailable,
                    "the disk reported an input/output error while the command was being journaled, so it may or may "
                        + "not have been recorded; gaveld read the journal back and the state shows what it holds. Send "
                        + "the command again with the same id (\(command.id)) to learn whether it was applied"
                )
            )
        } catch {
            journalWriteFailed(error)
            if let newMeeting, let agenda = command.newMeeting {
                // The new meeting is in the journal, without the command's events: it is what a
                // restart would resume, so it is what the daemon shows.
                perform(core.reloaded(MeetingState(agenda: agenda), meetingID: newMeeting, sequence: 0, at: now))
            }
            return journalFailure(error, id: command.id, logger: logger)
        }
        metrics.recordJournalAppend(ContinuousClock.now - started)
        metrics.record(.accepted)
        logger.info(
            "command applied",
            metadata: [
                "gavel.seq": "\(seq)", "gavel.events": "\(command.events.map(\.kind).joined(separator: ","))",
            ]
        )
        let (reply, actions) = core.journaled(command, seq: seq, meetingID: newMeeting, at: now)
        perform(actions)
        if let refusal = acknowledgementRefusal(id: command.id, seq: seq) {
            logger.warning("command journaled but not acknowledged: the lease may have run out")
            return .refused(id: command.id, refusal)
        }
        return reply
    }

    /// The journal could not be read or written: nothing was applied, and the sender is told so
    /// rather than being acknowledged for something that would be lost.
    private func journalFailure(_ error: any Error, id: String, logger: Logger) -> CommandReply {
        metrics.record(.refused)
        metrics.recordJournalFailure()
        logger.error("journal unavailable; command refused", metadata: ["gavel.error": "\(error)"])
        return .refused(
            id: id,
            ProtocolError(
                .journalUnavailable,
                "the journal cannot be written (\(error)); nothing was changed, try again"
            )
        )
    }
}
