import Foundation
import GavelCore
import GavelJournal
import GavelProtocol
import Logging

// The journal's I/O when it fails: probing it, reopening it for writing, and re-reading it after
// an I/O error left a write's fate unknown. When to do so is the core's (`DaemonCore+Journal`).
extension Daemon {
    /// The journal, or the error a command or report is answered with when there is none.
    func openJournal() throws -> Journal {
        guard let journal else {
            throw DaemonError("the journal is not open (\(journalHealth.reason ?? "unknown reason"))")
        }
        return journal
    }

    /// A write failed cleanly (the disk, not the request): logged once per change of health.
    func journalWriteFailed(_ error: any Error) {
        let actions = core.journalWriteFailed(
            "\(error)",
            cannotWrite: (error as? JournalError)?.kind == .cannotWrite,
            at: clock.now()
        )
        if !actions.isEmpty {
            logger.error(
                "journal writes failing; each command is refused while writing fails",
                metadata: ["gavel.error": "\(error)"]
            )
        }
        perform(actions)
    }

    /// The retry timer fired while the journal cannot take commands: probe a failing journal with
    /// a write as large as a command's can be, or try to open a read-only one for writing
    /// (replaying the meeting from it before taking commands).
    func retryJournal() {
        switch journalHealth {
        case .writable:
            return
        case .failing:
            do {
                try probeHeadroom()
                logger.notice("journal writable again")
                perform(core.journalWriteSucceeded())
                return
            } catch {
                logger.debug("journal still not writable", metadata: ["gavel.error": "\(error)"])
            }
        case .readOnly:
            if reopenForWriting() { return }
        }
        perform(core.journalStillUnavailable(at: clock.now()))
    }

    /// At start, before serving: a journal that cannot take the largest command's write (a full
    /// volume) makes the daemon start degraded, `failing`, probing every retry interval, rather
    /// than report ok and refuse the first command.
    func checkHeadroomAtStart() {
        guard journalHealth == .writable else { return }
        do {
            try probeHeadroom()
        } catch {
            logger.error(
                "the journal cannot take a command's write; starting degraded, commands refused while writing fails",
                metadata: ["gavel.error": "\(error)"]
            )
            metrics.recordJournalFailure()
            core.journalFailingAtStart("\(error)")
        }
    }

    /// Proves the journal can commit a transaction as large as the largest command's (a small
    /// write may succeed on a full disk while the next command does not fit: `checkHeadroom`).
    private func probeHeadroom() throws {
        try openJournal().checkHeadroom(bytes: DaemonCore.headroomProbeBytes)
    }

    /// Opens the journal for writing in place of a read-only one (or none) and reloads the meeting
    /// from it. True once it is open for writing: commands are taken again, or, if it has no room
    /// for a command's write, tried as while `failing` (the retry armed).
    private func reopenForWriting() -> Bool {
        guard let opener = configuration.journalOpener else { return false }
        // The read-only connection goes first: SQLite shares a file's WAL index between the
        // connections of a process, and one mapped read-only would make the new one read-only too.
        try? journal?.close()
        journal = nil
        let writable: Journal
        let loaded: (state: MeetingState, meetingID: Int64, sequence: Int64)
        do {
            writable = try opener.openForWriting()
            journal = writable
            loaded = try loadMeeting(at: clock.now())
        } catch {
            // Still read-only, or opened but the meeting cannot be resumed or created (a full disk).
            try? journal?.close()
            journal = try? opener.openForReading()
            logger.debug("journal still cannot be written", metadata: ["gavel.error": "\(error)"])
            return false
        }
        core.journalReopened()
        persistClockAnchor()
        var actions = core.reloaded(
            loaded.state,
            meetingID: loaded.meetingID,
            sequence: loaded.sequence,
            at: clock.now()
        )
        do {
            try probeHeadroom()
            logger.notice(
                "journal writable again: commands are accepted",
                metadata: [
                    "gavel.journal": "\(writable.path)", "gavel.meeting": "\(loaded.meetingID)",
                    "gavel.seq": "\(loaded.sequence)",
                ]
            )
        } catch {
            // Writable, but without room for a command (a full volume given write access back).
            logger.error(
                "journal writes failing; each command is refused while writing fails",
                metadata: ["gavel.error": "\(error)"]
            )
            actions += core.journalWriteFailed("\(error)", cannotWrite: true, at: clock.now())
        }
        perform(actions)
        return true
    }

    /// After an I/O error while committing a command: SQLite rolled the transaction back, yet its
    /// pages may be whole in the write-ahead log, so a reopened journal (or the next start) may
    /// hold the command after all. The daemon cannot tell, so it closes the journal, opens it
    /// again and replays the meeting from it: the live state is then what the journal holds, and
    /// what any later start would replay. If the journal cannot be opened for writing, it is
    /// opened read-only (degraded); if not even that, the meeting stays as it was, in memory.
    func recoverFromIOError(_ error: any Error) {
        let message = (error as? JournalError)?.message ?? "\(error)"
        metrics.recordJournalFailure()
        logger.error(
            "journal I/O error: whether the last command reached the disk is unknown; re-reading the journal",
            metadata: ["gavel.error": "\(error)"]
        )
        let now = clock.now()
        guard let opener = configuration.journalOpener else {
            perform(
                core.journalBecameReadOnly(message, at: now)
                    + core.reloaded(state, meetingID: meetingID, sequence: sequence, at: now)
            )
            return
        }
        let previousSequence = sequence
        try? journal?.close()
        journal = nil
        var loaded: (state: MeetingState, meetingID: Int64, sequence: Int64)?
        var problem: String?
        do {
            journal = try opener.openForWriting()
            loaded = try loadMeeting(at: now)
        } catch let reopening {
            var reason = "\(message); reopening it for writing failed: \(reopening)"
            try? journal?.close()
            journal = try? opener.openForReading()
            if journal == nil {
                reason += "; it cannot be read either, so the meeting is kept as it was, in memory"
            } else if let readBack = try? loadMeeting(at: now) {
                loaded = readBack
            } else {
                reason += "; reading the meeting back failed too, so it is kept as it was, in memory"
            }
            problem = reason
        }
        var actions: [DaemonAction] = []
        if let problem {
            logger.error(
                "journal not writable after the I/O error: commands are refused until it is",
                metadata: ["gavel.reason": "\(problem)"]
            )
            actions = core.journalBecameReadOnly(problem, at: now)
        } else {
            core.journalReopened()
            logger.notice(
                "journal reopened after the I/O error; the meeting is as the journal holds it",
                metadata: ["gavel.seq": "\(loaded?.sequence ?? sequence)", "gavel.seq.before": "\(previousSequence)"]
            )
        }
        let meeting = loaded ?? (state, meetingID, sequence)
        perform(
            actions + core.reloaded(meeting.state, meetingID: meeting.meetingID, sequence: meeting.sequence, at: now)
        )
    }
}
