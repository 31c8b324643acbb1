import GavelCore

/// What goes to the subscribers, and when: the decisions of the daemon's fan-out, with no
/// transport and no clock (every call takes `now`), so that they can be tested alone.
///
/// - A change's snapshot goes to the command's sender at once, after its answer, and to everyone
///   else once the round's answers are written: one fan-out per round however many changes it
///   made, carrying the newest snapshot, skipping whoever already holds it.
/// - Alerts go out `alertLead` ahead of their instant, for the state they follow from, on one
///   timer armed for the next one; never before the snapshot of that state has gone out.
///
/// The daemon applies the actions: it serialises the snapshot, sends, arms the timer.
struct Publication {
    enum Action: Equatable {
        /// Serialise the current state as the new snapshot; send it to `sender` if there is one.
        case snapshot(sender: ConnectionID?)
        /// Run `fanOut(at:nextAlert:)` once the round's answers are written.
        case scheduleFanOut
        /// The current snapshot to every subscriber except these.
        case broadcastSnapshot(except: Set<ConnectionID>)
        /// The current state's alerts crossed in `(from, to]`, to every subscriber.
        case announceAlerts(from: Instant, to: Instant)
        /// Arm the alert timer to fire at this instant; nil cancels it.
        case armAlertTimer(at: Instant?)
    }

    let alertLead: Duration
    /// Alerts are sent, for the current state, for thresholds crossed up to this instant.
    private(set) var alertsAnnouncedUpTo: Instant
    /// When the state the alerts follow from became current: an alert due inside the lead then
    /// could not go out before it.
    private(set) var alertStateSince: Instant
    /// A change whose snapshot has not gone out yet.
    private(set) var statePending = false
    /// A fan-out waits for the round's answers.
    private(set) var fanOutScheduled = false
    /// Who already holds the newest snapshot before its fan-out: the sender, and connections
    /// greeted with it since.
    private(set) var holding: Set<ConnectionID> = []

    init(alertLead: Duration, at now: Instant) {
        self.alertLead = alertLead
        alertsAnnouncedUpTo = now
        alertStateSince = now
    }

    /// A meeting was loaded (at start, or reopened): alerts count from now.
    mutating func meetingLoaded(at now: Instant) {
        alertsAnnouncedUpTo = max(alertsAnnouncedUpTo, now)
        alertStateSince = now
    }

    /// The state changed (a command, a reload from the journal): its snapshot is due. Alerts sent
    /// ahead followed from the old state; the new snapshot voids those still to come, and the
    /// fan-out sends again the ones that still stand. Those crossed before `now` stay due.
    mutating func stateChanged(at now: Instant, nextAlert: (Instant) -> Instant?) -> [Action] {
        alertsAnnouncedUpTo = min(alertsAnnouncedUpTo, now)
        alertStateSince = now
        statePending = true
        return [alertTimer(nextAlert)]
    }

    /// After an answer (or a reload): the pending change's snapshot, to `sender` (a subscriber)
    /// at once, and a fan-out for the others unless one is already waiting.
    mutating func publishPending(sender: ConnectionID?) -> [Action] {
        guard statePending else { return [] }
        statePending = false
        holding = sender.map { [$0] } ?? []
        var actions: [Action] = [.snapshot(sender: sender)]
        if !fanOutScheduled {
            fanOutScheduled = true
            actions.append(.scheduleFanOut)
        }
        return actions
    }

    /// The round's answers are written: the newest snapshot to those who lack it, then the alerts
    /// due within the lead (after the state they follow from).
    mutating func fanOut(at now: Instant, nextAlert: (Instant) -> Instant?) -> [Action] {
        fanOutScheduled = false
        let except = holding
        holding = []
        return [.broadcastSnapshot(except: except)] + announce(upTo: now + alertLead) + [alertTimer(nextAlert)]
    }

    /// A connection was greeted with the newest snapshot: a fan-out still to come skips it.
    mutating func greeted(_ connection: ConnectionID) {
        if fanOutScheduled { holding.insert(connection) }
    }

    /// The alert timer fired: the alerts now within the lead, and the timer for the next. Not
    /// while a snapshot waits for its fan-out (displays would drop alerts of a state they do not
    /// hold yet); the fan-out sends them.
    mutating func alertTimerFired(at now: Instant, nextAlert: (Instant) -> Instant?) -> [Action] {
        guard !fanOutScheduled else { return [] }
        return announce(upTo: now + alertLead) + [alertTimer(nextAlert)]
    }

    /// The alerts crossed by `instant` and not sent yet (before a command: those crossed by now).
    mutating func announce(upTo instant: Instant) -> [Action] {
        guard instant > alertsAnnouncedUpTo else { return [] }
        let from = alertsAnnouncedUpTo
        alertsAnnouncedUpTo = instant
        return [.announceAlerts(from: from, to: instant)]
    }

    /// The timer for the next alert not sent yet, `alertLead` before it.
    func alertTimer(_ nextAlert: (Instant) -> Instant?) -> Action {
        .armAlertTimer(at: nextAlert(alertsAnnouncedUpTo).map { $0 - alertLead })
    }

    /// The alerts already sent that are still ahead, for a display connecting in between.
    func pendingAlerts(at now: Instant) -> (from: Instant, to: Instant)? {
        alertsAnnouncedUpTo > now ? (now, alertsAnnouncedUpTo) : nil
    }

    /// How late an alert at `instant` went out at `now`: from its instant less the lead, or from
    /// when its state became current if later (a 3-s floor grant sends its warning at once).
    func lateness(ofAlertAt instant: Instant, at now: Instant) -> Duration {
        max(.zero, now - max(instant - alertLead, alertStateSince))
    }
}
