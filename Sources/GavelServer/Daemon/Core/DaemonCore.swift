import GavelCore
import GavelProtocol

/// gaveld's decisions, with no I/O and no clock: the live meeting, who subscribes, what goes to
/// whom and when, which timers are armed, whether commands can be journaled. Every event is a
/// call that takes `now` and returns the actions to carry out (`DaemonAction`); the daemon does
/// the I/O (journal, transport, systemd) and reports back what happened, as
/// swift-nio's `ProtocolNegotiationHandlerStateMachine` leaves its channel to its handler.
///
/// A command is two events: `decide` (answered at once, or events to journal) and, once the
/// journal has them on disk, `journaled` (or `journalWriteFailed`). Nothing is acknowledged or
/// broadcast before the second.
struct DaemonCore {
    struct Settings {
        /// How long before its instant an alert goes out (`Publication`).
        var alertLead: Duration
        /// The display pages' default language, said in every hello.
        var displayLanguage: DisplayLanguage? = nil
        /// systemd's watchdog interval, if any: the daemon pings at half of it.
        var watchdogInterval: Duration?
        /// While the journal cannot be written: how often to try again.
        var journalRetryInterval: Duration
    }

    static let alertTimer = TimerID("alert")
    static let tickTimer = TimerID("tick")
    static let watchdogTimer = TimerID("watchdog")
    static let journalRetryTimer = TimerID("journal-retry")

    let settings: Settings
    // Written only by the core's own methods (its extensions are in other files, hence not
    // `private(set)`); the daemon reads them.
    var state: MeetingState
    var meetingID: Int64 = 0
    /// The journal sequence number of the meeting's last event.
    var sequence: Int64 = 0
    var subscribers: [ConnectionID: Subscriber] = [:]
    /// Who receives each kind of broadcast: kept with `subscribers`, so that a fan-out to
    /// thousands walks a set of IDs, not every subscriber's record.
    var audiences: [Feed: Set<ConnectionID>] = [:]
    /// Whether commands can be journaled; anything but `.writable` shows as degraded in /healthz.
    var journalHealth: JournalHealth = .writable
    /// When the state and the alerts go to whom.
    var publication: Publication
    /// The latest snapshot, serialised once and shared by every subscriber and new connection.
    var snapshot: Snapshot?
    /// gavel.v2 topics that changed since the last fan-out: their messages go out with it, and
    /// to a command's sender with its answer.
    var pendingTopics: Set<Topic> = []
    var commandCounter = 0
    /// The meeting's alerts so far (`GET /api/v1/alerts`); the daemon rebuilds it from the
    /// journal when it resumes a meeting.
    var alertHistory = AlertHistory()
    /// The venue overview as last made (`venueChanged`); nil before the first.
    var venueMessage: OutboundMessage?

    init(settings: Settings, agenda: Agenda, at now: Instant) {
        self.settings = settings
        state = MeetingState(agenda: agenda)
        publication = Publication(alertLead: settings.alertLead, at: now)
    }

    // MARK: - The meeting

    /// The meeting the journal holds became current, before the daemon serves anyone (at start).
    mutating func load(_ state: MeetingState, meetingID: Int64, sequence: Int64, at now: Instant) {
        self.state = state
        self.meetingID = meetingID
        self.sequence = sequence
        publication.meetingLoaded(at: now)
    }

    /// The meeting was read back from the journal while serving (it became writable again, or
    /// was re-read after an I/O error): everyone gets it as a change.
    mutating func reloaded(_ state: MeetingState, meetingID: Int64, sequence: Int64, at now: Instant) -> [DaemonAction]
    {
        load(state, meetingID: meetingID, sequence: sequence, at: now)
        return stateBecameCurrent(at: now) + answered(sender: nil, at: now)
    }

    /// The service loop is about to run: the alert timer, the watchdog, and READY.
    mutating func start(at now: Instant) -> [DaemonAction] {
        var actions = publish([publication.alertTimer(state.nextAlertInstant(after:))], at: now)
        if let interval = settings.watchdogInterval {
            actions.append(.arm(Self.watchdogTimer, at: now + interval / 2))
        }
        if journalHealth != .writable {
            actions.append(.arm(Self.journalRetryTimer, at: now + settings.journalRetryInterval))
        }
        actions.append(.notifyServiceManager("READY=1\nSTATUS=\(statusLine)"))
        return actions
    }

    /// Shutting down: timers off, every connection closed with 1001, the loop stopped.
    func shutdown() -> [DaemonAction] {
        [.notifyServiceManager("STOPPING=1")]
            + [Self.alertTimer, Self.tickTimer, Self.watchdogTimer, Self.journalRetryTimer].map { .cancel($0) }
            + [.stop(code: CloseCode.goingAway, reason: "gaveld is shutting down")]
    }

    func stateMessage(at now: Instant) -> StateMessage {
        StateMessage(state: state, meetingID: meetingID, seq: sequence, at: now)
    }

    /// The line systemd shows for the service.
    var statusLine: String {
        let prefix = journalHealth == .writable ? "" : "DEGRADED (journal \(journalHealth.name)): "
        return prefix + meetingStatus
    }

    private var meetingStatus: String {
        switch state.phase {
        case .notStarted: "meeting \(meetingID) not started: \(state.agenda.title)"
        case .ended: "meeting \(meetingID) ended"
        case .running:
            "meeting \(meetingID): item \(state.currentAgendaItem?.id ?? "-")"
                + (state.isPaused ? " (paused)" : "") + ", \(subscribers.count) connections"
        }
    }

    // MARK: - Publishing

    /// After the state changed: its snapshot is due, and the alert timer, the tick and the
    /// service manager's status follow it.
    mutating func stateBecameCurrent(at now: Instant) -> [DaemonAction] {
        publish(publication.stateChanged(at: now, nextAlert: state.nextAlertInstant(after:)), at: now)
            + [tick(at: now), .notifyServiceManager("STATUS=\(statusLine)")]
    }

    /// A command (or a reload) was answered: the pending change's snapshot to `sender` (if it
    /// subscribes) at once, to everyone else after the round's answers.
    mutating func answered(sender: ConnectionID?, at now: Instant) -> [DaemonAction] {
        let sender = sender.flatMap { subscribers[$0] != nil ? $0 : nil }
        return publish(publication.publishPending(sender: sender), at: now)
    }

    /// The round's answers are written: the newest snapshot to everyone who lacks it, then the
    /// alerts due within the lead.
    mutating func answersWritten(at now: Instant) -> [DaemonAction] {
        publish(publication.fanOut(at: now, nextAlert: state.nextAlertInstant(after:)), at: now)
    }

    /// Carries out `publication`'s decisions as the daemon's actions.
    mutating func publish(_ decisions: [Publication.Action], at now: Instant) -> [DaemonAction] {
        var actions: [DaemonAction] = []
        for decision in decisions {
            switch decision {
            case .snapshot(let sender):
                let changed = takeSnapshot(at: now)
                pendingTopics.formUnion(changed)
                if let sender { actions += snapshotMessages(for: sender, topics: pendingTopics, at: now) }
            case .scheduleFanOut:
                actions.append(.afterAnswers)
            case .broadcastSnapshot(let except):
                actions += fanOut(except: except, at: now)
            case .announceAlerts(let from, let to):
                // Each carries its own instant: a display presents it then, however early it arrived.
                // With --read-token, only to those that may read.
                let everyoneReads = subscribers.values.allSatisfy(\.reads)
                let readers: DaemonAction.Audience =
                    everyoneReads ? .everyone : .connections(subscribers.filter(\.value.reads).map(\.key))
                for alert in alertMessages(from: from, to: to, at: now) {
                    alertHistory.record(alert)
                    actions.append(
                        .broadcast(
                            OutboundMessage(utf8: WireCoding.encode(alert)),
                            to: readers,
                            delivery: .queued
                        )
                    )
                    actions.append(.alertSent(alert, lateness: publication.lateness(ofAlertAt: alert.at, at: now)))
                }
            case .armAlertTimer(let at):
                actions.append(at.map { .arm(Self.alertTimer, at: $0) } ?? .cancel(Self.alertTimer))
            }
        }
        return actions
    }

    /// The snapshot of the current state (the next one after a change), and the topics whose
    /// content changed with it.
    mutating func takeSnapshot(at now: Instant) -> Set<Topic> {
        let v1 = !(audiences[.state(.v1)]?.isEmpty ?? true)
        guard var snapshot else {
            snapshot = Snapshot(state: state, meetingID: meetingID, seq: sequence, at: now, v1: v1)
            if let venueMessage { snapshot?.venue = venueMessage }
            return []
        }
        let changed = snapshot.advance(to: state, meetingID: meetingID, seq: sequence, at: now, v1: v1)
        self.snapshot = snapshot
        return changed
    }

    /// The newest snapshot for one subscriber: the messages of `topics` it takes, then the state
    /// of its protocol (the state last: it may name items only the agenda before it has).
    mutating func snapshotMessages(for connection: ConnectionID, topics: Set<Topic>, at now: Instant) -> [DaemonAction]
    {
        guard let subscriber = subscribers[connection] else { return [] }
        if snapshot == nil { _ = takeSnapshot(at: now) }
        var actions: [DaemonAction] = []
        if subscriber.version >= .v2 {
            for topic in Topic.allCases where topics.contains(topic) && subscriber.topics.contains(topic) {
                actions.append(.send(snapshot!.message(for: topic), to: connection, delivery: .latest(topic.slot)))
            }
            actions.append(.send(snapshot!.live, to: connection, delivery: .latest(.state)))
        } else {
            let message = snapshot!.v1Message(state: state, meetingID: meetingID, at: now)
            actions.append(.send(message, to: connection, delivery: .latest(.state)))
        }
        return actions
    }

    /// The newest snapshot to every subscriber but `except` (who hold it): the changed topics to
    /// their subscribers, then each protocol's state.
    mutating func fanOut(except: Set<ConnectionID>, at now: Instant) -> [DaemonAction] {
        guard snapshot != nil else { return [] }
        var actions: [DaemonAction] = []
        for topic in Topic.allCases where pendingTopics.contains(topic) && reaches(.topic(topic), except: except) {
            let message = snapshot!.message(for: topic)
            actions.append(.broadcast(message, to: .feed(.topic(topic), except: except), delivery: .latest(topic.slot)))
        }
        pendingTopics = []
        if let v1 = snapshot!.v1, reaches(.state(.v1), except: except) {
            actions.append(.broadcast(v1, to: .feed(.state(.v1), except: except), delivery: .latest(.state)))
        }
        if reaches(.state(.v2), except: except) {
            actions.append(
                .broadcast(snapshot!.live, to: .feed(.state(.v2), except: except), delivery: .latest(.state))
            )
        }
        return actions
    }

    /// Someone but `except` receives `feed`.
    private func reaches(_ feed: Feed, except: Set<ConnectionID>) -> Bool {
        audiences[feed]?.contains(where: { !except.contains($0) }) ?? false
    }

    /// The current state's alerts in `(from, to]`, as sent (after a stall, only the latest overrun
    /// reminder of each timer).
    func alertMessages(from: Instant, to: Instant, at now: Instant) -> [AlertMessage] {
        state.alerts(from: from, to: to).collapsingOverrunReminders().map {
            AlertMessage($0, state: state, stateSeq: sequence, serverTime: now)
        }
    }

    /// The 1 Hz tick runs only while a subscriber that may read asked for it and a timer is
    /// running, so an idle daemon wakes for nothing.
    func tick(at now: Instant) -> DaemonAction {
        let running = state.currentItem.map { state.items[$0].stopwatch.isRunning } ?? false
        return running && !(audiences[.tick]?.isEmpty ?? true)
            ? .arm(Self.tickTimer, at: now + .seconds(1)) : .cancel(Self.tickTimer)
    }
}
