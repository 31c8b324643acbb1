import Foundation
import GavelCore
import GavelJournal
import GavelProtocol
import Logging

/// The answer to a command, the same over WebSocket and HTTP.
enum CommandReply {
    case accepted(id: String, seq: Int64, replayed: Bool)
    case rejected(id: String, MeetingError, replayed: Bool)
    case refused(id: String?, ProtocolError)
}

extension Daemon {
    /// Runs a command: answered from the journal if its id was seen before; otherwise validated,
    /// journaled and synced, and only then acknowledged and broadcast.
    func execute(_ request: CommandRequest, origin: String) -> CommandReply {
        let id = request.id ?? nextCommandID()
        var logger = self.logger
        logger[metadataKey: "gavel.command"] = "\(request.name)"
        logger[metadataKey: "gavel.command.id"] = "\(id)"
        logger[metadataKey: "gavel.origin"] = "\(origin)"

        if request.id != nil {
            do {
                if let outcome = try openJournal().outcome(ofCommand: id) {
                    metrics.record(.replayed)
                    logger.info("retried command answered from the journal")
                    switch outcome {
                    case .accepted(let seq): return .accepted(id: id, seq: seq, replayed: true)
                    case .rejected(let error): return .rejected(id: id, error, replayed: true)
                    }
                }
            } catch {
                return journalFailure(error, id: id, logger: logger)
            }
        }

        if case .readOnly(let reason) = journalHealth {
            metrics.record(.refused)
            logger.info("command refused: the journal is read-only")
            return .refused(id: id, ProtocolError(
                .journalUnavailable,
                "the journal cannot be written (\(reason)); nothing was changed. Displays keep running; "
                    + "gaveld takes commands again as soon as it can write its state directory"))
        }

        let now = clock.now()
        // Thresholds crossed before the command happened whatever it changes.
        perform(publication.announce(upTo: now))

        var command = request.command
        if case .loadAgenda(let agenda) = command {
            let checked: Agenda
            switch validated(agenda) {
            case .success(let agenda): checked = agenda
            case .failure(let error):
                metrics.record(.refused)
                logger.info("agenda refused", metadata: ["gavel.reason": "\(error.message)"])
                return .refused(id: id, error)
            }
            command = .loadAgenda(checked)
            if state.phase == .ended {
                do {
                    try openMeeting(agenda: checked, at: now)
                } catch {
                    return journalFailure(error, id: id, logger: logger)
                }
            }
        }

        var next = state
        let events: [MeetingEvent]
        do {
            events = try next.apply(command, expecting: request.expect, now: now)
        } catch {
            metrics.record(.rejected)
            logger.info("command rejected", metadata: ["gavel.code": "\(error.code.rawValue)", "gavel.reason": "\(error.message)"])
            if request.id != nil {
                // Best effort: a retry of a rejected command is answered the same way. If the
                // journal cannot take even this, the retry is simply validated again.
                try? openJournal().recordRejection(commandID: id, meeting: meetingID, error: error, at: now)
            }
            return .rejected(id: id, error, replayed: false)
        }

        let started = ContinuousClock.now
        let seq: Int64
        do {
            seq = try openJournal().append(
                events, meeting: meetingID, commandID: id, wall: Instant(Date()),
                monotonicNanoseconds: ServerClock.monotonicNanoseconds())
        } catch let error as JournalError where error.kind == .ioError {
            metrics.record(.refused)
            logger.error(
                "journal I/O error; command refused, its outcome unknown", metadata: ["gavel.error": "\(error)"])
            recoverFromIOError(error)
            return .refused(id: id, ProtocolError(
                .journalUnavailable,
                "the disk reported an input/output error while the command was being journaled, so it may or may "
                    + "not have been recorded; gaveld read the journal back and the state shows what it holds. Send "
                    + "the command again with the same id (\(id)) to learn whether it was applied"))
        } catch {
            journalWriteFailed(error)
            return journalFailure(error, id: id, logger: logger)
        }
        journalWriteSucceeded()
        metrics.recordJournalAppend(ContinuousClock.now - started)
        metrics.record(.accepted)
        logger.info("command applied", metadata: [
            "gavel.seq": "\(seq)", "gavel.events": "\(events.map(\.kind).joined(separator: ","))",
        ])
        adopt(next, sequence: seq, at: now)
        return .accepted(id: id, seq: seq, replayed: false)
    }

    /// The journal could not be read or written: nothing was applied, and the sender is told so
    /// rather than being acknowledged for something that would be lost.
    private func journalFailure(_ error: any Error, id: String, logger: Logger) -> CommandReply {
        metrics.record(.refused)
        metrics.recordJournalFailure()
        logger.error("journal unavailable; command refused", metadata: ["gavel.error": "\(error)"])
        return .refused(id: id, ProtocolError(
            .journalUnavailable, "the journal cannot be written (\(error)); nothing was changed, try again"))
    }

    /// Applies the importers' checks to an agenda sent over the wire, as to one read from a file.
    private func validated(_ agenda: Agenda) -> Result<Agenda, ProtocolError> {
        do {
            return .success(try agenda.validated().agenda)
        } catch {
            let reasons = error.errors.map(\.description).joined(separator: "; ")
            return .failure(ProtocolError(.badRequest, "the agenda has errors: \(reasons)"))
        }
    }

    private func nextCommandID() -> String {
        commandCounter += 1
        return "gaveld-\(clock.now().millisecondsSinceEpoch)-\(commandCounter)"
    }
}
