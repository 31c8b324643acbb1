import Foundation
import GavelCore
import GavelJournal
import GavelProtocol
import Logging

// The journal's health: refusing commands while it cannot take them, recovering without a
// restart when it can again, and re-reading it after an I/O error left a write's fate unknown.
extension Daemon {
    /// The journal, or the error a command or report is answered with when there is none.
    func openJournal() throws -> Journal {
        guard let journal else {
            throw DaemonError("the journal is not open (\(journalHealth.reason ?? "unknown reason"))")
        }
        return journal
    }

    /// A write failed cleanly (the disk, not the request): note it (one log line per change of
    /// health) and keep probing.
    func journalWriteFailed(_ error: any Error) {
        guard journalHealth == .writable, (error as? JournalError)?.kind == .cannotWrite else { return }
        journalHealth = .failing("\(error)")
        logger.error("journal writes failing; each command is refused while writing fails",
                     metadata: ["gavel.error": "\(error)"])
        notifySystemd("STATUS=\(statusLine())")
        scheduleJournalRetry()
    }

    /// A write succeeded: if writes were failing, they no longer are.
    func journalWriteSucceeded() {
        guard case .failing = journalHealth else { return }
        journalHealth = .writable
        transport.cancel(Self.journalRetryTimer)
        logger.notice("journal writable again")
        notifySystemd("STATUS=\(statusLine())")
    }

    func scheduleJournalRetry() {
        transport.schedule(Self.journalRetryTimer, after: configuration.journalRetryInterval)
    }

    /// Every retry interval while degraded: probe a failing journal with a small write, or try
    /// to open a read-only one for writing (replaying the meeting from it before taking commands).
    func journalRetryTimerFired() {
        switch journalHealth {
        case .writable:
            return
        case .failing:
            do {
                try openJournal().setValue(
                    "\(clock.now().millisecondsSinceEpoch)", forMetaKey: "writableCheckedAt")
                journalWriteSucceeded()
                return
            } catch {
                logger.debug("journal still not writable", metadata: ["gavel.error": "\(error)"])
            }
        case .readOnly:
            if reopenForWriting() { return }
        }
        scheduleJournalRetry()
    }

    /// Opens the journal for writing in place of a read-only one (or none) and reloads the meeting
    /// from it. True once commands can be taken again.
    private func reopenForWriting() -> Bool {
        guard let opener = configuration.journalOpener else { return false }
        // The read-only connection goes first: SQLite shares a file's WAL index between the
        // connections of a process, and one mapped read-only would make the new one read-only too.
        try? journal?.close()
        journal = nil
        let writable: Journal
        do {
            writable = try opener.openForWriting()
            journal = writable
            try loadMeeting(at: clock.now())
        } catch {
            // Still read-only, or opened but the meeting cannot be resumed or created (a full disk).
            try? journal?.close()
            journal = try? opener.openForReading()
            logger.debug("journal still cannot be written", metadata: ["gavel.error": "\(error)"])
            return false
        }
        journalHealth = .writable
        persistClockAnchor()
        logger.notice("journal writable again: commands are accepted", metadata: [
            "gavel.journal": "\(writable.path)", "gavel.meeting": "\(meetingID)", "gavel.seq": "\(sequence)",
        ])
        stateReloaded()
        return true
    }

    /// After an I/O error while committing a command: SQLite rolled the transaction back, yet its
    /// pages may be whole in the write-ahead log, so a reopened journal (or the next start) may
    /// hold the command after all. The daemon cannot tell, so it closes the journal, opens it
    /// again and replays the meeting from it: the live state is then what the journal holds, and
    /// what any later start would replay. If the journal cannot be opened for writing, it is
    /// opened read-only (degraded); if not even that, the meeting stays as it was, in memory.
    func recoverFromIOError(_ error: JournalError) {
        metrics.recordJournalFailure()
        logger.error("journal I/O error: whether the last command reached the disk is unknown; re-reading the journal",
                     metadata: ["gavel.error": "\(error)"])
        guard let opener = configuration.journalOpener else {
            journalHealth = .readOnly(error.message)
            scheduleJournalRetry()
            return
        }
        let previousSequence = sequence
        try? journal?.close()
        journal = nil
        var problem: String?
        do {
            journal = try opener.openForWriting()
            try loadMeeting(at: clock.now())
        } catch let reopening {
            var reason = "\(error.message); reopening it for writing failed: \(reopening)"
            try? journal?.close()
            journal = try? opener.openForReading()
            if journal == nil {
                reason += "; it cannot be read either, so the meeting is kept as it was, in memory"
            } else if (try? loadMeeting(at: clock.now())) == nil {
                reason += "; reading the meeting back failed too, so it is kept as it was, in memory"
            }
            problem = reason
        }
        if let problem {
            journalHealth = .readOnly(problem)
            logger.error("journal not writable after the I/O error: commands are refused until it is",
                         metadata: ["gavel.reason": "\(problem)"])
            scheduleJournalRetry()
        } else {
            journalHealth = .writable
            logger.notice("journal reopened after the I/O error; the meeting is as the journal holds it",
                          metadata: ["gavel.seq": "\(sequence)", "gavel.seq.before": "\(previousSequence)"])
        }
        stateReloaded()
    }

    /// The meeting was (re)loaded from the journal: timers and subscribers follow.
    private func stateReloaded() {
        stateBecameCurrent(at: clock.now())
        publishPendingState()
    }
}
