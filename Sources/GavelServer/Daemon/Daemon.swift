import Foundation
import GavelCore
import GavelJournal
import GavelProtocol
import Logging
import Synchronization

/// gaveld's heart: the live meeting, its journal, and every subscriber, on one thread.
///
/// What to do is decided by `core` (`DaemonCore`: pure, tested alone); the daemon does the I/O
/// around it: it reads and appends the journal, checks tokens and origins, and carries the
/// core's actions out on its transport (`perform(_:)`). A command is appended to the journal and
/// synced before it is acknowledged or broadcast; state goes to displays as snapshots with
/// absolute deadlines; one timer waits for the next alert instant.
///
/// Every method runs on the transport's service thread, in order, like nginx or Redis: the
/// domain work per command is microseconds, so nothing needs a lock.
///
/// `@unchecked Sendable` only so that another thread can hand work to it through
/// `Transport.post(_:)` (a signal asking for shutdown): the closure runs on the service thread,
/// which is the only thread that ever touches the daemon's state.
public final class Daemon: @unchecked Sendable {
    public struct Configuration: Sendable {
        /// The agenda gaveld was started with: used for a new meeting, or to replace the agenda of
        /// a meeting that has not started.
        public var agenda: Agenda
        /// The chair's token: everything (the one control token of older versions).
        public var token: AccessToken
        /// The secretariat's: the agenda, the lists and messages, not the clocks; nil: no such level.
        public var secretariatToken: AccessToken?
        /// The displays': reading, which needs a token only when `readRequiresToken`.
        public var readToken: AccessToken?
        /// `--read-token`: the displays' state and the read API need a token (any level's).
        public var readRequiresToken: Bool
        public var staticFiles: StaticFiles
        /// systemd's watchdog interval (WATCHDOG_USEC), if any: the daemon pings at half of it.
        public var watchdogInterval: Duration?
        /// Which browser pages may control the meeting (reading is open to all).
        public var originPolicy: OriginPolicy
        /// Wrong tokens one address may present in `controlFailureWindow` before its wrong tokens
        /// are answered `rateLimited` until the window ends (the right token is always taken).
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
        /// The language of display pages that name none (`HelloMessage.displayLanguage`); nil
        /// leaves each page to its browser's language.
        public var displayLanguage: DisplayLanguage?
        /// The room this daemon keeps (`--room`), as `/api/v1/leader` and the venue overview name
        /// it: PostgreSQL's room, or the default room's name ("main") with SQLite.
        public var room: String
        /// Where the room's summary goes for the venue overview; nil: the overview is this room.
        public var venueBoard: (any VenueBoard)?
        /// The URL clients reach this daemon at (`--advertise`): the leader's, told to clients.
        public var advertisedURL: String?
        /// `--standby`: the room's lease decides whether this daemon leads or follows; nil: it
        /// is alone in its room.
        public var lease: RoomLease?

        public init(
            agenda: Agenda,
            token: AccessToken,
            staticFiles: StaticFiles,
            watchdogInterval: Duration? = nil,
            originPolicy: OriginPolicy = .servedOnly,
            controlFailureLimit: Int = 10,
            controlFailureWindow: Duration = .seconds(60),
            journalOpener: JournalOpener? = nil,
            journalRetryInterval: Duration = .seconds(5),
            alertLead: Duration = .seconds(2),
            displayLanguage: DisplayLanguage? = nil,
            secretariatToken: AccessToken? = nil,
            readToken: AccessToken? = nil,
            readRequiresToken: Bool = false,
            room: String = "main",
            venueBoard: (any VenueBoard)? = nil
        ) {
            self.room = room
            self.venueBoard = venueBoard
            self.secretariatToken = secretariatToken
            self.readToken = readToken
            self.readRequiresToken = readRequiresToken
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
            self.displayLanguage = displayLanguage
        }
    }

    let configuration: Configuration
    let transport: any DaemonTransport
    /// nil only when, after an I/O error, the journal could be opened neither for writing nor for
    /// reading: the meeting then lives in memory, commands are refused, and reopening is retried.
    /// Every journal the daemon opens writes with its term (`fenceTerm`).
    var journal: Journal? {
        didSet {
            journal?.fence(term: fenceTerm)
            listening = nil
        }
    }
    /// Primary, standby, or alone in the room (`Daemon+Leadership`).
    var leadership = Leadership.single {
        didSet {
            journal?.fence(term: fenceTerm)
            leadershipChangedForVenue(from: oldValue)
        }
    }
    /// The journal whose notices a standby listens to (a reopened journal must listen again).
    var listening: ObjectIdentifier?
    /// A catch-up is already posted to the service thread: notices arriving meanwhile add nothing.
    let followPosted = Mutex(false)
    /// Posts `follow()` to the service thread (gaveld sets it to its transport's `post`).
    public var post: (@Sendable (@escaping @Sendable () -> Void) -> Void)?
    let clock: any Timeline
    var logger: Logger
    let metrics = DaemonMetrics()
    /// Who may control: origins, the token, failed attempts per address.
    var access: ControlAccess
    /// Pairing codes waiting to be redeemed (memory only).
    var pairings = PairingCodes()
    /// Every decision: the meeting, the subscribers, what goes to whom, the timers.
    var core: DaemonCore
    /// The venue overview: this room's summary as published, the rooms as read.
    var venue = VenueTracker()

    var state: MeetingState { core.state }
    var meetingID: Int64 { core.meetingID }
    var sequence: Int64 { core.sequence }
    var subscribers: [ConnectionID: Subscriber] { core.subscribers }
    var journalHealth: JournalHealth { core.journalHealth }

    /// Opens or resumes the meeting from the journal. Throws when the journal cannot be written.
    ///
    /// With a read-only journal (`Journal.openReadOnly`) and the reason it could not be opened
    /// for writing, the daemon starts degraded: it resumes the meeting the journal holds, serves
    /// displays, refuses commands, and tries every `journalRetryInterval` to open it for writing.
    public init(
        configuration: Configuration,
        transport: any DaemonTransport,
        journal: Journal,
        readOnlyReason: String? = nil,
        clock: any Timeline,
        logger: Logger
    ) throws {
        self.configuration = configuration
        self.transport = transport
        let leadership = configuration.lease.map { Leadership($0.status) } ?? .single
        self.leadership = leadership
        self.journal = journal
        journal.fence(term: leadership.fenceTerm)
        if case .standby = leadership { configuration.venueBoard?.speaksForRoom(false) }
        self.clock = clock
        self.logger = logger
        var tokens: [AccessLevel: AccessToken] = [.chair: configuration.token]
        tokens[.secretariat] = configuration.secretariatToken
        tokens[.read] = configuration.readToken
        self.access = ControlAccess(
            tokens: tokens,
            originPolicy: configuration.originPolicy,
            limit: ControlAttemptLimiter.Policy(
                maxFailures: configuration.controlFailureLimit,
                window: configuration.controlFailureWindow
            )
        )
        let now = clock.now()
        core = DaemonCore(
            settings: DaemonCore.Settings(
                alertLead: configuration.alertLead,
                displayLanguage: configuration.displayLanguage,
                watchdogInterval: configuration.watchdogInterval,
                journalRetryInterval: configuration.journalRetryInterval
            ),
            agenda: configuration.agenda,
            at: now
        )
        if journal.isReadOnly {
            _ = core.journalBecameReadOnly(readOnlyReason ?? "the journal was opened for reading only")
        }
        let loaded = try loadMeeting(at: now)
        core.load(loaded.state, meetingID: loaded.meetingID, sequence: loaded.sequence, at: now)
        persistClockAnchor()
        transport.delegate = self
    }

    /// The journal's latest meeting: resumed if it has not ended, else a new meeting with the
    /// configured agenda. A read-only journal's latest meeting is shown even if it ended (nothing
    /// new can be opened); with no meeting at all, the configured agenda is shown as meeting 0,
    /// which the journal will number when it can be written.
    func loadMeeting(at now: Instant) throws -> (state: MeetingState, meetingID: Int64, sequence: Int64) {
        guard let journal else { return (core.state, core.meetingID, core.sequence) }
        // A standby reads as a read-only journal is read: it shows what is there, writes nothing.
        let readOnly = !mayWrite
        var loaded: (state: MeetingState, meetingID: Int64, sequence: Int64)
        let latest = try journal.latestMeeting()
        // The alert history goes with the meeting read back: rebuilt from its events.
        var history = AlertHistory()
        if let latest, latest.endedAt == nil || readOnly {
            loaded = (latest.replayed(), latest.id, latest.lastSequence)
            history = AlertHistory(
                replaying: latest.events,
                agenda: latest.agenda,
                until: now,
                seq: latest.lastSequence
            )
            logger.info(
                "resumed meeting from the journal",
                metadata: [
                    "gavel.meeting": "\(latest.id)",
                    "gavel.events": "\(latest.events.count)", "gavel.phase": "\(loaded.state.phase.rawValue)",
                    "gavel.item": "\(loaded.state.currentAgendaItem?.id ?? "-")",
                    "gavel.floor": "\(loaded.state.floor?.speaker ?? "-")",
                ]
            )
        } else if readOnly {
            loaded = (MeetingState(agenda: configuration.agenda), 0, 0)
        } else {
            loaded = (
                MeetingState(agenda: configuration.agenda), try openMeeting(agenda: configuration.agenda, at: now), 0
            )
        }
        if !readOnly { try adoptConfiguredAgenda(into: &loaded, at: now) }
        core.alertHistory = history
        return loaded
    }

    /// A meeting that has not started takes the agenda gaveld was started with; a running one
    /// keeps its own (changing it mid-meeting would rewrite what was planned).
    private func adoptConfiguredAgenda(
        into loaded: inout (state: MeetingState, meetingID: Int64, sequence: Int64),
        at now: Instant
    ) throws {
        guard loaded.state.agenda != configuration.agenda, let journal else { return }
        guard loaded.state.phase == .notStarted else {
            logger.warning(
                "the running meeting keeps the agenda it started with; the agenda file differs and is ignored"
            )
            return
        }
        let events = try loaded.state.events(for: .loadAgenda(configuration.agenda), at: now)
        loaded.sequence = try journal.append(
            events,
            meeting: loaded.meetingID,
            commandID: nil,
            wall: Instant(Date()),
            monotonicNanoseconds: ServerClock.monotonicNanoseconds()
        )
        for event in events { loaded.state.apply(event) }
        logger.info("the meeting, not started yet, now has the configured agenda")
    }

    /// Stores the clock's anchor, so a daemon restarted on this boot continues the same timeline.
    func persistClockAnchor() {
        guard let journal, mayWrite else { return }
        let stored = try? journal.value(forMetaKey: ServerClock.anchorMetaKey)
        if stored != clock.anchor.serialized {
            try? journal.setValue(clock.anchor.serialized, forMetaKey: ServerClock.anchorMetaKey)
        }
    }

    /// Call once `transport.run()` is about to start on this thread: checks that the journal has
    /// room for a command, arms timers, says READY.
    public func start() {
        if mayWrite { checkHeadroomAtStart() }
        if case .readOnly(let reason) = journalHealth {
            logger.error(
                "journal read-only: displays are served, commands are refused until it can be written",
                metadata: [
                    "gavel.reason": "\(reason)",
                    "gavel.retry_s": "\(configuration.journalRetryInterval.components.seconds)",
                ]
            )
        }
        perform(core.start(at: clock.now()))
        startLeadership()
    }

    /// Closes every WebSocket with 1001 and stops the loop; the journal is already synced
    /// (every append is a synchronous FULL commit).
    public func shutdown() {
        logger.info("shutting down", metadata: ["gavel.connections": "\(subscribers.count)"])
        perform(core.shutdown())
    }

    /// Call once `transport.run()` has returned: closes the journal, which folds its write-ahead
    /// log into the database file (every command was already on disk) and releases its lock.
    public func finish() {
        // A primary lets its lease go, so that a standby takes over at once, not at the expiry.
        configuration.lease?.stop(release: true)
        do {
            try journal?.close()
        } catch {
            logger.warning(
                "the journal did not close cleanly; its write-ahead log stays beside it and is read at the next start",
                metadata: ["gavel.error": "\(error)"]
            )
        }
        journal = nil
    }

    // MARK: - Carrying out the core's decisions

    func perform(_ actions: [DaemonAction]) {
        for action in actions {
            switch action {
            case .send(let message, let connection, let delivery):
                transport.send(message, to: connection, delivery: delivery)
            case .broadcast(let message, .everyone, let delivery):
                transport.broadcast(message, to: Array(core.subscribers.keys), delivery: delivery)
            case .broadcast(let message, .feed(let feed, let except), let delivery):
                guard let audience = core.audiences[feed], !audience.isEmpty else { break }
                transport.broadcast(message, to: Self.members(of: audience, except: except), delivery: delivery)
            case .broadcast(let message, .connections(let connections), let delivery):
                transport.broadcast(message, to: connections, delivery: delivery)
            case .close(let connection, let code, let reason):
                transport.close(connection, code: code, reason: reason)
            case .stop(let code, let reason):
                transport.closeAll(code: code, reason: reason)
                transport.requestStop()
            case .arm(let timer, let at):
                transport.schedule(timer, after: max(.zero, at - clock.now()))
            case .cancel(let timer):
                transport.cancel(timer)
            case .afterAnswers:
                transport.afterAnswers { [weak self] in
                    guard let self else { return }
                    perform(core.answersWritten(at: clock.now()))
                }
            case .alertSent(let message, let lateness):
                metrics.recordAlert(message.level)
                logger.info(
                    "alert",
                    metadata: [
                        "gavel.alert": "\(message.level.rawValue)", "gavel.timer": "\(message.timer)",
                        "gavel.at": "\(message.at.millisecondsSinceEpoch)",
                        "gavel.ahead_ms": "\((message.at - message.serverTime).milliseconds)",
                        "gavel.late_ms": "\(lateness.milliseconds)", "gavel.text": "\(message.text)",
                    ]
                )
            case .notifyServiceManager(let message):
                _ = ServiceNotifier.notify(message)
            case .retryJournal:
                retryJournal()
            }
        }
        if !actions.isEmpty { publishRoomStatusIfChanged() }
    }

    func stateMessage(at now: Instant) -> StateMessage {
        core.stateMessage(at: now)
    }

    /// `audience` but `except`, as the array a fan-out takes (`DaemonTransport.broadcast`): one
    /// pass, here, where the set's type is known. Those left out hold the message already: the
    /// round's command senders, control connections, a few at most; compared in an array, not
    /// hashed for every subscriber.
    static func members(of audience: Set<ConnectionID>, except: Set<ConnectionID>) -> [ConnectionID] {
        guard !except.isEmpty else { return Array(audience) }
        let holders = Array(except)
        var members: [ConnectionID] = []
        members.reserveCapacity(audience.count)
        for connection in audience where !holders.contains(connection) { members.append(connection) }
        return members
    }

    /// Sends the snapshot of a change applied since the last one, if any: to `sender` (the
    /// command's, if it is a subscriber) first, to everyone else after the round's answers.
    func publishPendingState(sender: ConnectionID? = nil) {
        perform(core.answered(sender: sender, at: clock.now()))
    }

    /// Opens a fresh meeting in the journal (after the last one ended) and returns its id.
    func openMeeting(agenda: Agenda, at now: Instant) throws -> Int64 {
        guard let journal else { throw DaemonError("the journal is not open") }
        let id = try journal.createMeeting(agenda: agenda, at: now)
        logger[metadataKey: "gavel.meeting"] = "\(id)"
        logger.info("opened a new meeting", metadata: ["gavel.title": "\(agenda.title)"])
        return id
    }
}
