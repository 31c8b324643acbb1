import GavelCore

// The journal's health as the core sees it: commands are refused while it cannot take them,
// and the daemon is asked to retry every `journalRetryInterval` until it can.
extension DaemonCore {
    /// A write failed and was rolled back (`cannotWrite`: the disk, not the request): the first
    /// such failure makes the journal `failing`, with one status change and a retry timer.
    mutating func journalWriteFailed(_ reason: String, cannotWrite: Bool, at now: Instant) -> [DaemonAction] {
        guard journalHealth == .writable, cannotWrite else { return [] }
        journalHealth = .failing(reason)
        return [.notifyServiceManager("STATUS=\(statusLine)"), retryTimer(at: now)]
    }

    /// Before serving, the journal could not take a command's write (a full volume): commands
    /// are tried, each refused while writing fails; `start(at:)` arms the retry timer.
    mutating func journalFailingAtStart(_ reason: String) {
        journalHealth = .failing(reason)
    }

    /// The headroom probe succeeded: if writes were failing, they no longer are.
    mutating func journalWriteSucceeded() -> [DaemonAction] {
        guard case .failing = journalHealth else { return [] }
        journalHealth = .writable
        return [.cancel(Self.journalRetryTimer), .notifyServiceManager("STATUS=\(statusLine)")]
    }

    /// The journal can only be read (or not at all): commands are refused before they are tried.
    /// While serving, the retry timer is armed at once; at start, by `start(at:)`.
    mutating func journalBecameReadOnly(_ reason: String, at now: Instant? = nil) -> [DaemonAction] {
        journalHealth = .readOnly(reason)
        guard let now else { return [] }
        return [retryTimer(at: now)]
    }

    /// The journal was opened for writing again (the meeting then reloads from it).
    mutating func journalReopened() {
        journalHealth = .writable
    }

    /// A standby applied the events its primary journaled (`state`, its last event at `sequence`):
    /// everyone gets it as a change, as displays of the primary do.
    mutating func followed(_ state: MeetingState, sequence: Int64, at now: Instant) -> [DaemonAction] {
        self.state = state
        self.sequence = sequence
        return stateBecameCurrent(at: now) + answered(sender: nil, at: now)
    }

    /// A retry found the journal still unavailable: the next one.
    func journalStillUnavailable(at now: Instant) -> [DaemonAction] {
        [retryTimer(at: now)]
    }

    private func retryTimer(at now: Instant) -> DaemonAction {
        .arm(Self.journalRetryTimer, at: now + settings.journalRetryInterval)
    }

    /// One of the core's timers fell due.
    mutating func timerFired(_ timer: TimerID, at now: Instant) -> [DaemonAction] {
        switch timer {
        case Self.alertTimer:
            publish(publication.alertTimerFired(at: now, nextAlert: state.nextAlertInstant(after:)), at: now)
        case Self.tickTimer:
            tickTimerFired(at: now)
        case Self.watchdogTimer:
            [.notifyServiceManager("WATCHDOG=1")]
                + (settings.watchdogInterval.map { [.arm(timer, at: now + $0 / 2)] } ?? [])
        case Self.journalRetryTimer:
            journalHealth == .writable ? [] : [.retryJournal]
        default:
            []
        }
    }
}
