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

        public init(agenda: Agenda, token: AccessToken, staticFiles: StaticFiles, watchdogInterval: Duration? = nil) {
            self.agenda = agenda
            self.token = token
            self.staticFiles = staticFiles
            self.watchdogInterval = watchdogInterval
        }
    }

    let configuration: Configuration
    let transport: Transport
    let journal: Journal
    let clock: ServerClock
    var logger: Logger
    let metrics = DaemonMetrics()

    private(set) var state: MeetingState
    private(set) var meetingID: Int64
    /// The journal sequence number of the meeting's last event.
    private(set) var sequence: Int64
    var subscribers: [ConnectionID: Subscriber] = [:]
    /// Alerts are fired for thresholds crossed up to this instant.
    var alertsCheckedUpTo: Instant
    /// The latest snapshot, serialised once and shared by every subscriber and new connection.
    var currentStateMessage: OutboundMessage?
    var commandCounter = 0
    /// A change was applied and its snapshot not yet broadcast: it goes out after the reply to
    /// the command, so the sender reads its ack before the new state.
    var statePending = false

    static let alertTimer = TimerID("alert")
    static let tickTimer = TimerID("tick")
    static let watchdogTimer = TimerID("watchdog")

    /// Opens or resumes the meeting from the journal. Throws when the journal cannot be written.
    public init(configuration: Configuration, transport: Transport, journal: Journal, clock: ServerClock, logger: Logger) throws {
        self.configuration = configuration
        self.transport = transport
        self.journal = journal
        self.clock = clock
        self.logger = logger
        let now = clock.now()
        if let latest = try journal.latestMeeting(), latest.endedAt == nil {
            meetingID = latest.id
            state = latest.replayed()
            sequence = latest.lastSequence
            logger.info("resumed meeting from the journal", metadata: [
                "gavel.meeting": "\(latest.id)",
                "gavel.events": "\(latest.events.count)", "gavel.phase": "\(state.phase.rawValue)",
                "gavel.item": "\(state.currentAgendaItem?.id ?? "-")",
                "gavel.floor": "\(state.floor?.speaker ?? "-")",
            ])
        } else {
            meetingID = try journal.createMeeting(agenda: configuration.agenda, at: now)
            state = MeetingState(agenda: configuration.agenda)
            sequence = 0
            logger.info("opened a new meeting", metadata: ["gavel.meeting": "\(meetingID)", "gavel.title": "\(configuration.agenda.title)"])
        }
        alertsCheckedUpTo = now
        transport.delegate = self
        try adoptConfiguredAgenda(at: now)
    }

    /// A meeting that has not started takes the agenda gaveld was started with; a running one
    /// keeps its own (changing it mid-meeting would rewrite what was planned).
    private func adoptConfiguredAgenda(at now: Instant) throws {
        guard state.agenda != configuration.agenda else { return }
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

    /// Call once `transport.run()` is about to start on this thread: arms timers, says READY.
    public func start() {
        rescheduleAlertTimer()
        if let interval = configuration.watchdogInterval {
            transport.schedule(Self.watchdogTimer, after: interval / 2)
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
        transport.closeAll(code: CloseCode.goingAway, reason: "gaveld is shutting down")
        transport.requestStop()
    }

    // MARK: - State to subscribers

    /// Serialises the current state once and hands the same bytes to every subscriber; a slow
    /// one keeps only the newest snapshot.
    func publishState(at now: Instant) {
        let message = OutboundMessage(utf8: WireCoding.encode(stateMessage(at: now)))
        currentStateMessage = message
        transport.broadcast(message, to: subscribers.keys, delivery: .latest)
    }

    func stateMessage(at now: Instant) -> StateMessage {
        StateMessage(state: state, meetingID: meetingID, seq: sequence, at: now)
    }

    /// Broadcasts the snapshot of a change applied since the last broadcast, if any.
    func publishPendingState() {
        guard statePending else { return }
        statePending = false
        publishState(at: clock.now())
    }

    /// Makes `newState` current after its events were journaled at `newSequence`; the snapshot
    /// follows with `publishPendingState()`.
    func adopt(_ newState: MeetingState, sequence newSequence: Int64, at now: Instant) {
        state = newState
        sequence = newSequence
        alertsCheckedUpTo = max(alertsCheckedUpTo, now)
        statePending = true
        rescheduleAlertTimer()
        rescheduleTick()
        notifySystemd("STATUS=\(statusLine())")
    }

    /// Switches to a fresh meeting (after the last one ended and a new agenda was loaded).
    func openMeeting(agenda: Agenda, at now: Instant) throws {
        meetingID = try journal.createMeeting(agenda: agenda, at: now)
        state = MeetingState(agenda: agenda)
        sequence = 0
        logger[metadataKey: "gavel.meeting"] = "\(meetingID)"
        logger.info("opened a new meeting", metadata: ["gavel.title": "\(agenda.title)"])
    }

    func statusLine() -> String {
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
