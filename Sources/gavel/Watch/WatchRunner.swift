import Foundation
import GavelClient
import GavelCore
import GavelProtocol

/// The loop of `gavel watch`: connect, follow the meeting, draw, and reconnect with backoff when
/// the daemon goes away, until a signal or 'q' ends it.
final class WatchRunner {
    enum Mode {
        /// Full screen, at a terminal.
        case screen
        /// One plain line per change.
        case lines
        /// The daemon's messages, one per line.
        case json
    }

    /// How often the screen is redrawn while counting down.
    static let frameInterval = Duration.milliseconds(250)
    /// How often the clock offset is measured again.
    static let resyncInterval = Duration.seconds(300)
    /// How long an alert stays on the screen.
    static let alertShownMs: Double = 15_000

    private var address: ServerAddress
    /// With several servers (`--server a,b`): the one that leads now, after `address` went away.
    var relocate: ((ServerAddress) -> ServerAddress?)?
    private let mode: Mode
    private let connectTimeout: Duration
    private let clock = LocalClock()
    private let colour: Bool

    private var state: StateMessage?
    /// The alert on the screen, and when it was shown there.
    private var alert: (message: AlertMessage, receivedAt: Double)?
    /// Alerts sent ahead of their instant (`hello.alertLeadMs`), shown when it comes on the
    /// daemon's clock unless a state with another `seq` voids them first.
    private var pendingAlerts: [AlertMessage] = []
    /// The alerts shown lately, so that one the daemon sent again is shown once.
    private var presentedAlerts: [AlertKey] = []
    private var connection: WatchSnapshot.Connection = .connecting(attempt: 0, problem: nil)
    private var sync = ClockSync()
    private var roughOffsetMs: Double?
    private var lastSync = ContinuousClock.now
    private var terminal: Terminal?
    private var painter = TerminalPainter()
    private var log = WatchLog()
    private var quitting = false

    init(address: ServerAddress, mode: Mode, connectTimeout: Duration) {
        self.address = address
        self.mode = mode
        self.connectTimeout = min(connectTimeout, .seconds(5))
        let environment = ProcessInfo.processInfo.environment
        colour = (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    func run() {
        if mode == .screen {
            let terminal = Terminal()
            terminal.enter()
            self.terminal = terminal
        }
        defer { terminal?.restore() }
        var attempt = 0
        var everConnected = false
        while !quitting {
            do throws(ClientError) {
                draw()
                let session = try DaemonSession.connect(to: address, token: nil, timeout: connectTimeout)
                if everConnected, mode != .screen { Console.writeError("gavel: reconnected to \(address)\n") }
                everConnected = true
                attempt = 0
                try follow(session)
                session.close(timeout: .milliseconds(200))
            } catch {
                attempt += 1
                connection = .connecting(attempt: attempt, problem: Self.shortReason(error))
                if let relocate, let leader = relocate(address), leader != address {
                    if mode != .screen { Console.writeError("gavel: \(address) went away; following \(leader)\n") }
                    address = leader
                    attempt = 0
                    continue
                }
                if mode != .screen && (attempt == 1 || attempt % 20 == 0) {
                    let what = everConnected ? "lost the connection to \(address)" : "cannot connect to \(address)"
                    Console.writeError("gavel: \(what): \(error.message); retrying…\n")
                }
                wait(Self.backoff(attempt: attempt))
            }
        }
    }

    // MARK: - Connected

    private func follow(_ session: DaemonSession) throws(ClientError) {
        connection = .connected
        received(.state(session.state, json: session.stateJSON))
        sync.reset()
        roughOffsetMs = Double(session.hello.serverTime.millisecondsSinceEpoch) - clock.nowMs()
        try ping(session)
        var nextFrame = ContinuousClock.now
        while !quitting {
            checkInput()
            if quitting { return }
            let now = ContinuousClock.now
            if now >= nextFrame {
                draw()
                nextFrame = now + Self.frameInterval
            }
            if now - lastSync >= Self.resyncInterval {
                sync.reset()
                try ping(session)
            }
            presentDueAlerts()
            var wait = nextFrame - .now
            if let first = pendingAlerts.map(\.at).min() {
                wait = min(wait, first - serverNow())
            }
            if let event = try session.next(timeout: max(.milliseconds(1), wait)) {
                received(event)
                if case .pong = event, !sync.isComplete { try ping(session) }
            }
        }
    }

    private func ping(_ session: DaemonSession) throws(ClientError) {
        lastSync = .now
        try session.send(.ping(t0: clock.nowMs()))
    }

    private func received(_ event: ServerEvent) {
        switch event {
        case .state(let message, let json):
            guard state.map({ message.seq >= $0.seq || message.meeting.id != $0.meeting.id }) ?? true else { return }
            state = message
            pendingAlerts.removeAll { $0.stateSeq != message.seq }
            switch mode {
            case .lines: if let line = log.line(for: message) { emit(line) }
            case .json: emit(json)
            case .screen: draw()
            }
        case .alert(let message, let json):
            if mode == .json {
                emit(json)  // the daemon's messages as they come
            } else if message.at > serverNow() {
                if let state, message.stateSeq != state.seq { return }  // follows from a replaced state
                pendingAlerts.append(message)
            } else {
                present(message)
            }
        case .pong(let pong):
            sync.add(pong, receivedAt: clock.nowMs())
        default:
            break
        }
    }

    private func serverNow() -> Instant {
        clock.serverNow(offsetMs: sync.offsetMs ?? roughOffsetMs)
    }

    /// Shows the alerts sent ahead whose instant has come, in order.
    private func presentDueAlerts() {
        guard !pendingAlerts.isEmpty else { return }
        let now = serverNow()
        let due = pendingAlerts.filter { $0.at <= now }.sorted { $0.at < $1.at }
        guard !due.isEmpty else { return }
        pendingAlerts.removeAll { $0.at <= now }
        for message in due { present(message) }
    }

    private func present(_ message: AlertMessage) {
        let key = AlertKey(message)
        guard !presentedAlerts.contains(key) else { return }
        presentedAlerts.append(key)
        if presentedAlerts.count > 100 { presentedAlerts.removeFirst() }
        alert = (message, clock.nowMs())
        switch mode {
        case .lines: emit(log.line(for: message, timeZone: state?.meeting.timeZone ?? "UTC"))
        case .json: break  // printed as it came
        case .screen: draw()
        }
    }

    /// One threshold of one timer: the same alert sent twice has the same key.
    private struct AlertKey: Equatable {
        var timer: String
        var level: AlertLevel
        var reminder: Int?
        var at: Instant

        init(_ message: AlertMessage) {
            timer = message.timer
            level = message.level
            reminder = message.reminder
            at = message.at
        }
    }

    // MARK: - Disconnected

    /// Waits `duration` before the next attempt, still drawing and still answering signals.
    private func wait(_ duration: Duration) {
        let deadline = ContinuousClock.now + duration
        while !quitting && ContinuousClock.now < deadline {
            checkInput()
            draw()
            let step = min(Self.frameInterval, deadline - .now)
            if step > .zero {
                let (seconds, attoseconds) = step.components
                Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
            }
        }
    }

    /// 0.25 s, 0.5 s, 1 s, 2 s, then every 4 s.
    static func backoff(attempt: Int) -> Duration {
        .milliseconds(min(4000, 250 << min(max(attempt - 1, 0), 4)))
    }

    static func shortReason(_ error: ClientError) -> String {
        switch error.kind {
        case .unreachable: "nothing answered"
        case .timedOut: "no answer in time"
        case .connectionLost: "connection lost"
        default: error.kind.description
        }
    }

    // MARK: - Output

    private func checkInput() {
        let signals = Terminal.takeSignals()
        if signals.contains(.quit) || terminal?.quitKeyPressed() == true { quitting = true }
        if signals.contains(.resize) { painter.invalidate() }
    }

    /// Draws the screen as it reads now (screen mode only).
    private func draw() {
        guard mode == .screen, let terminal else { return }
        let offset = sync.offsetMs ?? roughOffsetMs
        let now = clock.serverNow(offsetMs: offset)
        var shownAlert: AlertMessage?
        if let alert, clock.nowMs() - alert.receivedAt < Self.alertShownMs { shownAlert = alert.message }
        let snapshot = WatchSnapshot(
            server: address.description,
            state: state?.advanced(to: now),
            now: now,
            connection: connection,
            alert: shownAlert
        )
        let size = Terminal.size()
        let output = painter.update(to: WatchScreen.render(snapshot, size: size, colour: colour), size: size)
        if !output.isEmpty && !terminal.write(output) { quitting = true }
    }

    /// One line to standard output (lines and JSON modes); a closed output ends the watch.
    private func emit(_ line: String) {
        if !Terminal.writeAll(line + "\n") { quitting = true }
    }
}
