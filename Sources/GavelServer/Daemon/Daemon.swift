import Foundation
import GavelCore
import GavelJournal
import GavelProtocol
import Logging

/// gaveld's heart: the live meeting, its journal, and every subscriber, on one thread.
///
/// Every method runs on the transport's service thread, in order, like nginx or Redis: the
/// domain work per command is microseconds, so nothing needs a lock. A command is appended to
/// the journal and synced before it is acknowledged or broadcast; state goes to displays as
/// snapshots with absolute deadlines; one timer waits for the next alert instant.
///
/// `@unchecked Sendable` only so that another thread can hand work to it through
/// `Transport.post(_:)` (a signal asking for shutdown): the closure runs on the service thread,
/// which is the only thread that ever touches the daemon's state.
public final class Daemon: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// The agenda gaveld was started with: used for a new meeting, or to replace the agenda of
        /// a meeting that has not started.
        public var agenda: Agenda
        public var token: AccessToken
        public var staticFiles: StaticFiles
        /// systemd's watchdog interval (WATCHDOG_USEC), if any: the daemon pings at half of it.
        public var watchdogInterval: Duration?
        /// Which browser pages may control the meeting (reading is open to all).
        public var originPolicy: OriginPolicy
        /// Failed control attempts (wrong or missing token) one address may make in
        /// `controlFailureWindow` before all its control attempts are refused until the window ends.
        public var controlFailureLimit: Int
        public var controlFailureWindow: Duration
        /// Reopens the journal after an I/O error, and for writing while it is read-only; nil
        /// leaves the journal as it is.
        public var journalOpener: JournalOpener?
        /// While the journal cannot be written: how often to try again.
        public var journalRetryInterval: Duration
        /// How long before its instant an alert goes out. Displays present it at its instant, so a
        /// fan-out to thousands of them, or a slow network, does not make it late. Zero sends each
        /// alert at its instant.
        public var alertLead: Duration

        public init(
            agenda: Agenda, token: AccessToken, staticFiles: StaticFiles, watchdogInterval: Duration? = nil,
            originPolicy: OriginPolicy = .sameHostOnly, controlFailureLimit: Int = 10,
            controlFailureWindow: Duration = .seconds(60), journalOpener: JournalOpener? = nil,
            journalRetryInterval: Duration = .seconds(5), alertLead: Duration = .seconds(2)
        ) {
            self.agenda = agenda
            self.token = token
            self.staticFiles = staticFiles
            self.watchdogInterval = watchdogInterval
            self.originPolicy = originPolicy
            self.controlFailureLimit = controlFailureLimit
            self.controlFailureWindow = controlFailureWindow
            self.journalOpener = journalOpener
            self.journalRetryInterval = journalRetryInterval
            self.alertLead = alertLead
        }
    }

    let configuration: Configuration
    let transport: any DaemonTransport
    /// nil only when, after an I/O error, the journal could be opened neither for writing nor for
    /// reading: the meeting then lives in memory, commands are refused, and reopening is retried.
    var journal: Journal?
    /// Whether commands can be journaled; anything but `.writable` shows as degraded in /healthz.
    var journalHealth: JournalHealth = .writable
    let clock: any Timeline
    var logger: Logger
    let metrics = DaemonMetrics()
    var controlAttempts: ControlAttemptLimiter

    private(set) var state: MeetingState
    private(set) var meetingID: Int64
    /// The journal sequence number of the meeting's last event.
    private(set) var sequence: Int64
    var subscribers: [ConnectionID: Subscriber] = [:]
    /// When the state and the alerts go to whom (`Publication`: decisions only).
    var publication: Publication
    /// The latest snapshot, serialised once and shared by every subscriber and new connection.
    var currentStateMessage: OutboundMessage?
    var commandCounter = 0

    static let alertTimer = TimerID("alert")
    static let tickTimer = TimerID("tick")
    static let watchdogTimer = TimerID("watchdog")
    static let journalRetryTimer = TimerID("journal-retry")

    /// Opens or resumes the meeting from the journal. Throws when the journal cannot be written.
    ///
    /// With a read-only journal (`Journal.openReadOnly`) and the reason it could not be opened
    /// for writing, the daemon starts degraded: it resumes the meeting the journal holds, serves
    /// displays, refuses commands, and tries every `journalRetryInterval` to open it for writing.
    public init(
        configuration: Configuration, transport: any DaemonTransport, journal: Journal, readOnlyReason: String? = nil,
        clock: any Timeline, logger: Logger
    ) throws {
        self.configuration = configuration
        self.transport = transport
        self.journal = journal
        self.clock = clock
        self.logger = logger
        self.controlAttempts = ControlAttemptLimiter(policy: ControlAttemptLimiter.Policy(
            maxFailures: configuration.controlFailureLimit, window: configuration.controlFailureWindow))
        let now = clock.now()
        meetingID = 0
        state = MeetingState(agenda: configuration.agenda)
        sequence = 0
        publication = Publication(alertLead: configuration.alertLead, at: now)
        if journal.isReadOnly {
            journalHealth = .readOnly(readOnlyReason ?? "the journal was opened for reading only")
        }
        try loadMeeting(at: now)
        if !journal.isReadOnly { persistClockAnchor() }
        transport.delegate = self
    }

    /// Makes the journal's latest meeting current: resumed if it has not ended, else a new
    /// meeting with the configured agenda. A read-only journal's latest meeting is shown even if
    /// it ended (nothing new can be opened); with no meeting at all, the configured agenda is shown
    /// as meeting 0, which the journal will number when it can be written.
    func loadMeeting(at now: Instant) throws {
        guard let journal else { return }
        let latest = try journal.latestMeeting()
        if let latest, latest.endedAt == nil || journal.isReadOnly {
            meetingID = latest.id
            state = latest.replayed()
            sequence = latest.lastSequence
            logger.info("resumed meeting from the journal", metadata: [
                "gavel.meeting": "\(latest.id)",
                "gavel.events": "\(latest.events.count)", "gavel.phase": "\(state.phase.rawValue)",
                "gavel.item": "\(state.currentAgendaItem?.id ?? "-")",
                "gavel.floor": "\(state.floor?.speaker ?? "-")",
            ])
        } else if journal.isReadOnly {
            meetingID = 0
            state = MeetingState(agenda: configuration.agenda)
            sequence = 0
        } else {
            try openMeeting(agenda: configuration.agenda, at: now)
        }
        if !journal.isReadOnly { try adoptConfiguredAgenda(at: now) }
        publication.meetingLoaded(at: now)
    }

    /// A meeting that has not started takes the agenda gaveld was started with; a running one
    /// keeps its own (changing it mid-meeting would rewrite what was planned).
    private func adoptConfiguredAgenda(at now: Instant) throws {
        guard state.agenda != configuration.agenda, let journal else { return }
        guard state.phase == .notStarted else {
            logger.warning("the running meeting keeps the agenda it started with; the agenda file differs and is ignored")
            return
        }
        let events = try state.events(for: .loadAgenda(configuration.agenda), at: now)
        sequence = try journal.append(
            events, meeting: meetingID, commandID: nil, wall: Instant(Date()),
            monotonicNanoseconds: ServerClock.monotonicNanoseconds())
        for event in events { state.apply(event) }
        logger.info("the meeting, not started yet, now has the configured agenda")
    }

    /// Stores the clock's anchor, so a daemon restarted on this boot continues the same timeline.
    func persistClockAnchor() {
        guard let journal, !journal.isReadOnly else { return }
        let stored = try? journal.value(forMetaKey: ServerClock.anchorMetaKey)
        if stored != clock.anchor.serialized {
            try? journal.setValue(clock.anchor.serialized, forMetaKey: ServerClock.anchorMetaKey)
        }
    }

    /// Call once `transport.run()` is about to start on this thread: arms timers, says READY.
    public func start() {
        perform([publication.alertTimer(state.nextAlertInstant(after:))])
        if let interval = configuration.watchdogInterval {
            transport.schedule(Self.watchdogTimer, after: interval / 2)
        }
        if case .readOnly(let reason) = journalHealth {
            logger.error("journal read-only: displays are served, commands are refused until it can be written",
                         metadata: ["gavel.reason": "\(reason)",
                                    "gavel.retry_s": "\(configuration.journalRetryInterval.components.seconds)"])
            scheduleJournalRetry()
        }
        notifySystemd("READY=1\nSTATUS=\(statusLine())")
    }

    /// Closes every WebSocket with 1001 and stops the loop; the journal is already synced
    /// (every append is a synchronous FULL commit).
    public func shutdown() {
        logger.info("shutting down", metadata: ["gavel.connections": "\(subscribers.count)"])
        notifySystemd("STOPPING=1")
        transport.cancel(Self.alertTimer)
        transport.cancel(Self.tickTimer)
        transport.cancel(Self.watchdogTimer)
        transport.cancel(Self.journalRetryTimer)
        transport.closeAll(code: CloseCode.goingAway, reason: "gaveld is shutting down")
        transport.requestStop()
    }

    /// Call once `transport.run()` has returned: closes the journal, which folds its write-ahead
    /// log into the database file (every command was already on disk) and releases its lock.
    public func finish() {
        do {
            try journal?.close()
        } catch {
            logger.warning(
                "the journal did not close cleanly; its write-ahead log stays beside it and is read at the next start",
                metadata: ["gavel.error": "\(error)"])
        }
        journal = nil
    }

    // MARK: - State to subscribers

    /// Carries out what `publication` decided.
    func perform(_ actions: [Publication.Action]) {
        for action in actions {
            switch action {
            case .snapshot(let sender):
                let message = OutboundMessage(utf8: WireCoding.encode(stateMessage(at: clock.now())))
                currentStateMessage = message
                if let sender { transport.send(message, to: sender, delivery: .latest) }
            case .scheduleFanOut:
                transport.afterAnswers { [weak self] in self?.fanOutState() }
            case .broadcastSnapshot(let except):
                guard let message = currentStateMessage else { break }
                // Lazily: no array of every subscriber per fan-out.
                transport.broadcast(message, to: subscribers.keys.lazy.filter { !except.contains($0) }, delivery: .latest)
            case .announceAlerts(let from, let to):
                announceAlerts(from: from, to: to, at: clock.now())
            case .armAlertTimer(let at):
                if let at {
                    transport.schedule(Self.alertTimer, after: max(.zero, at - clock.now()))
                } else {
                    transport.cancel(Self.alertTimer)
                }
            }
        }
    }

    /// The round's answers are written: the newest snapshot to everyone who lacks it, then the
    /// alerts due within the lead.
    func fanOutState() {
        perform(publication.fanOut(at: clock.now(), nextAlert: state.nextAlertInstant(after:)))
    }

    func stateMessage(at now: Instant) -> StateMessage {
        StateMessage(state: state, meetingID: meetingID, seq: sequence, at: now)
    }

    /// Sends the snapshot of a change applied since the last one, if any: to `sender` (the
    /// command's, if it is a subscriber) first, to everyone else after the round's answers.
    func publishPendingState(sender: ConnectionID? = nil) {
        perform(publication.publishPending(sender: sender.flatMap { subscribers[$0] != nil ? $0 : nil }))
    }

    /// Makes `newState` current after its events were journaled at `newSequence`; the snapshot
    /// follows with `publishPendingState()`.
    func adopt(_ newState: MeetingState, sequence newSequence: Int64, at now: Instant) {
        state = newState
        sequence = newSequence
        stateBecameCurrent(at: now)
    }

    /// After the state changed (a command, or a reload from the journal): its snapshot is due,
    /// and the alert timer, the tick and the service manager's status follow it.
    func stateBecameCurrent(at now: Instant) {
        perform(publication.stateChanged(at: now, nextAlert: state.nextAlertInstant(after:)))
        rescheduleTick()
        notifySystemd("STATUS=\(statusLine())")
    }

    /// Switches to a fresh meeting (after the last one ended and a new agenda was loaded).
    func openMeeting(agenda: Agenda, at now: Instant) throws {
        guard let journal else { throw DaemonError("the journal is not open") }
        meetingID = try journal.createMeeting(agenda: agenda, at: now)
        state = MeetingState(agenda: agenda)
        sequence = 0
        logger[metadataKey: "gavel.meeting"] = "\(meetingID)"
        logger.info("opened a new meeting", metadata: ["gavel.title": "\(agenda.title)"])
    }

    func statusLine() -> String {
        let prefix = journalHealth == .writable ? "" : "DEGRADED (journal \(journalHealth.name)): "
        return prefix + meetingStatus()
    }

    private func meetingStatus() -> String {
        switch state.phase {
        case .notStarted: "meeting \(meetingID) not started: \(state.agenda.title)"
        case .ended: "meeting \(meetingID) ended"
        case .running:
            "meeting \(meetingID): item \(state.currentAgendaItem?.id ?? "-")"
                + (state.isPaused ? " (paused)" : "") + ", \(subscribers.count) connections"
        }
    }

    func notifySystemd(_ message: String) {
        _ = ServiceNotifier.notify(message)
    }
}
