import GavelCore

// Messages the daemon sends. Times are milliseconds on the daemon's timeline (UTC epoch);
// durations are milliseconds with an `Ms` suffix.

/// First message on every connection.
public struct HelloMessage: Codable, Hashable, Sendable {
    public var type = "hello"
    /// The subprotocol of this connection ("gavel.v1", "gavel.v2").
    public var `protocol`: String
    public var server: String
    public var serverTime: Instant
    public var connection: String
    /// Whether this connection may send commands (it authenticated at upgrade).
    public var control: Bool
    /// How long before its instant an alert is sent (0: at the instant). A client presents an alert
    /// at its `at`, not when it arrives. Absent from daemons that sent every alert at its instant.
    public var alertLeadMs: Int64?

    /// gavel.v2: the topics this connection receives besides the state and the alerts.
    public var topics: [Topic]?
    /// Why a connection that presented a token at its upgrade is not a control connection (a
    /// wrong token, too many wrong tokens from its address, a page of another origin). Absent when
    /// `control` is true, when no token was presented, and from older daemons.
    public var controlRefused: ControlRefusal?
    /// The language display pages speak when their address names none (`?lang=`): gaveld's
    /// `--display-language`. Absent when none was set (each page then speaks its browser's
    /// language) and from older daemons.
    public var displayLanguage: DisplayLanguage?
    /// The level of the token this connection presented (`read`, `secretariat`, `chair`); absent
    /// when it presented none, and from older daemons.
    public var level: AccessLevel?
    /// True when gaveld runs with `--read-token` and this connection presented no token: it
    /// receives nothing of the meeting until it sends `auth` with one (any level's).
    public var readTokenRequired: Bool?

    public init(
        protocol version: ProtocolVersion,
        server: String,
        serverTime: Instant,
        connection: String,
        control: Bool,
        alertLeadMs: Int64? = nil,
        topics: Set<Topic>? = nil,
        controlRefused: ControlRefusal? = nil,
        displayLanguage: DisplayLanguage? = nil,
        level: AccessLevel? = nil,
        readTokenRequired: Bool? = nil
    ) {
        self.level = level
        self.readTokenRequired = readTokenRequired
        self.controlRefused = controlRefused
        self.displayLanguage = displayLanguage
        self.protocol = version.rawValue
        self.topics = topics.map { topics in Topic.allCases.filter { topics.contains($0) } }
        self.server = server
        self.serverTime = serverTime
        self.connection = connection
        self.control = control
        self.alertLeadMs = alertLeadMs
    }
}

/// Why control was not granted: an error's code and words, and for `rateLimited` when to try
/// again.
public struct ControlRefusal: Codable, Hashable, Sendable {
    /// A `ProtocolError.Code` raw value: "unauthorized" or "rateLimited".
    public var code: String
    public var message: String
    public var retryAfterMs: Int64?

    public init(_ error: ErrorMessage) {
        self.code = error.code
        self.message = error.message
        self.retryAfterMs = error.retryAfterMs
    }
}

/// Clock sync answer: the client's `t0`, the server's receive (`t1`) and send (`t2`) times.
public struct PongMessage: Codable, Hashable, Sendable {
    public var type = "pong"
    public var t0: Double
    public var t1: Instant
    public var t2: Instant

    public init(t0: Double, t1: Instant, t2: Instant) {
        self.t0 = t0
        self.t1 = t1
        self.t2 = t2
    }
}

/// A command was applied (or, with `replayed`, had been applied earlier under the same id).
public struct AckMessage: Codable, Hashable, Sendable {
    public var type = "ack"
    public var id: String
    /// The journal sequence number of the command's last event.
    public var seq: Int64
    /// True when this answers a retried id from the journal: nothing was applied again.
    public var replayed: Bool
    /// The answer to `auth`: the level the token gave the connection (a console shows it).
    public var level: AccessLevel?

    public init(id: String, seq: Int64, replayed: Bool, level: AccessLevel? = nil) {
        self.id = id
        self.seq = seq
        self.replayed = replayed
        self.level = level
    }
}

/// A request or command was refused; nothing changed.
public struct ErrorMessage: Codable, Hashable, Sendable {
    public var type = "error"
    /// The command id, when the refused message was a command with one.
    public var id: String?
    /// A `MeetingError.Code` or `ProtocolError.Code` raw value.
    public var code: String
    public var message: String
    public var replayed: Bool?
    /// `rateLimited`: how long until the address may try a wrong token again.
    public var retryAfterMs: Int64?
    /// `notLeader`: the URL of the daemon that leads the room (send the command there), when known.
    public var leader: String?

    public init(id: String?, code: String, message: String, replayed: Bool? = nil) {
        self.id = id
        self.code = code
        self.message = message
        self.replayed = replayed
    }

    public init(id: String?, _ error: MeetingError, replayed: Bool = false) {
        self.init(id: id, code: error.code.rawValue, message: error.message, replayed: replayed ? true : nil)
    }

    public init(id: String?, _ error: ProtocolError) {
        self.init(id: id, code: error.code.rawValue, message: error.message)
        leader = error.leader
    }
}

/// A threshold crossed, sent the moment it is crossed.
public struct AlertMessage: Codable, Hashable, Sendable {
    public var type = "alert"
    public var serverTime: Instant
    /// "item", "floor", or "budget" (a group's speaking time in the item is spent).
    public var timer: String
    /// "warning", "wrapUp", "timeUp" or "overrun".
    public var level: AlertLevel
    /// For overrun reminders: 1 for the first, 2 for the second...
    public var reminder: Int?
    /// The exact instant the threshold is crossed: a client presents the alert then. It is in the
    /// future when the alert is sent ahead (`hello.alertLeadMs`).
    public var at: Instant
    /// The `seq` of the state this alert follows from. An alert still in the future when a state
    /// with another `seq` arrives is void: the daemon sends again those that still stand. Absent
    /// from daemons that sent every alert at its instant.
    public var stateSeq: Int64?
    /// Time left at `at`; negative once over.
    public var remainingMs: Int64
    public var itemID: String?
    public var itemTitle: String?
    public var speaker: String?
    /// The group whose budget is spent (`timer` "budget").
    public var group: String?
    /// A sentence for people: "30s left for Ms. Louise Arbour".
    public var text: String

    public init(_ alert: Alert, state: MeetingState, stateSeq: Int64, serverTime: Instant) {
        self.serverTime = serverTime
        self.stateSeq = stateSeq
        self.at = alert.at
        self.remainingMs = alert.remaining.milliseconds
        self.level = alert.kind.level
        if case .overrun(let n) = alert.kind { reminder = n }
        let subject: String
        switch alert.timer {
        case .item(let index):
            timer = "item"
            let item = state.agenda.items[index]
            itemID = item.id
            itemTitle = item.title
            subject = "Item \(item.id) (\(item.title))"
        case .floor(let index):
            timer = "floor"
            let grant = state.grants[index]
            let item = state.agenda.items[grant.itemIndex]
            itemID = item.id
            itemTitle = item.title
            speaker = grant.speaker
            subject = grant.speaker
        case .budget(let index, let group):
            timer = "budget"
            let item = state.agenda.items[index]
            itemID = item.id
            itemTitle = item.title
            self.group = group
            subject = group
        }
        switch alert.kind {
        case .warning, .wrapUp: text = "\(DurationText.compact(alert.remaining)) left for \(subject.lowercasedItem)"
        case .timeUp:
            text =
                group != nil
                ? "\(subject) has spent its speaking time in item \(itemID ?? "")"
                : "Time is up for \(subject.lowercasedItem)"
        case .overrun: text = "\(subject) is \(DurationText.compact(.zero - alert.remaining)) over time"
        }
    }
}

/// The 1 Hz tick for clients that cannot count down themselves.
public struct TickMessage: Codable, Hashable, Sendable {
    public var type = "tick"
    public var serverTime: Instant
    public var item: TimerTick?
    public var floor: TimerTick?

    public struct TimerTick: Codable, Hashable, Sendable {
        public var remainingMs: Int64
        /// "4:05", or "+0:42" when over: what an LED sign shows.
        public var display: String
        public var level: AlertLevel
    }

    public init(state: MeetingState, at now: Instant) {
        serverTime = now
        func tick(_ reading: TimerReading) -> TimerTick {
            let remaining = reading.remaining
            // Counting down shows whole seconds rounded up, so 0:00 appears exactly at time-up;
            // counting up shows them rounded down, as a stopwatch does.
            let display =
                remaining < .zero
                ? "+" + DurationText.clock(.zero - remaining)
                : DurationText.clock(remaining + .milliseconds(999))
            return TimerTick(remainingMs: remaining.milliseconds, display: display, level: reading.level)
        }
        item = state.currentItem.map { tick(state.itemReading($0, at: now)) }
        floor = state.floorIndex.map { tick(state.floorReading($0, at: now)) }
    }
}

extension String {
    /// "Item 2 (…)" inside a sentence reads "item 2 (…)"; a speaker's name is left alone.
    fileprivate var lowercasedItem: String {
        hasPrefix("Item ") ? "item" + dropFirst(4) : self
    }
}
