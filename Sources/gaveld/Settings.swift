import Foundation
import GavelProtocol

/// The daemon's settings: each from its option, else its environment variable, else the default.
struct Settings {
    var agendaPath: String?
    var host: String
    var port: Int
    var unixSocket: String?
    var stateDirectory: String
    var tokenFile: String?
    var webRoot: String?
    var timeZone: String?
    var logLevel: String
    var watchdogInterval: Duration?
    var stallTimeout: Duration
    var alertLead: Duration
    var maxConnections: Int
    var allowedOrigins: [String]
    var tlsCertificate: String?
    var tlsKey: String?
    /// Tuning for the hardening tests, from the environment only (docs/reliability.md).
    var pingInterval: Duration
    var idleHangup: Duration
    var headerTimeout: Duration
    var journalRetryInterval: Duration
    var controlFailureLimit: Int
    var controlFailureWindow: Duration
    var messageRate: Int
    var messageBurst: Int
    /// How far the daemon's timeline runs from the machine's clock, from the environment only:
    /// for a rehearsal at the real meeting's hour, and for the tests' clock (docs/testing.md).
    var clockOffset: Duration

    /// "https" with a TLS certificate, else "http".
    var scheme: String { tlsCertificate == nil ? "http" : "https" }

    init(command: Gaveld, environment: [String: String]) {
        func setting(_ value: String?, _ name: String) -> String? {
            if let value, !value.isEmpty { return value }
            if let value = environment[name], !value.isEmpty { return value }
            return nil
        }
        agendaPath = setting(command.agenda, "GAVEL_AGENDA")
        let listen = setting(command.listen, "GAVEL_LISTEN").flatMap(LocalDaemon.parseListen)
        host = listen?.host ?? LocalDaemon.defaultHost
        port = listen?.port ?? LocalDaemon.defaultPort
        unixSocket = setting(command.unixSocket, "GAVEL_UNIX_SOCKET")
        stateDirectory = setting(command.stateDir, "GAVEL_STATE_DIR") ?? LocalDaemon.stateDirectory(environment: environment)
        tokenFile = setting(command.tokenFile, "GAVEL_TOKEN_FILE")
        webRoot = setting(command.webRoot, "GAVEL_WEB_ROOT")
        timeZone = setting(command.timeZone, "GAVEL_TIME_ZONE")
        logLevel = setting(command.logLevel, "GAVEL_LOG_LEVEL") ?? "info"
        stallTimeout = .seconds(command.stallTimeout ?? environment["GAVEL_STALL_TIMEOUT"].flatMap(Int.init) ?? 30)
        let leadSeconds = command.alertLead ?? environment["GAVEL_ALERT_LEAD"].flatMap(Double.init) ?? 2
        alertLead = .milliseconds(Int64((min(max(leadSeconds, 0), 60) * 1000).rounded()))
        maxConnections = command.maxConnections ?? environment["GAVEL_MAX_CONNECTIONS"].flatMap(Int.init)
            ?? min(10_000, OpenFileLimit.maximumConnections)
        allowedOrigins = command.allowedOrigins
            + (environment["GAVEL_ALLOWED_ORIGINS"]?.split(separator: ",").map(String.init) ?? [])
        tlsCertificate = setting(command.tlsCertificate, "GAVEL_TLS_CERTIFICATE")
        tlsKey = setting(command.tlsKey, "GAVEL_TLS_KEY")
        func seconds(_ name: String, _ fallback: Duration, within range: ClosedRange<Double>) -> Duration {
            guard let value = environment[name].flatMap(Double.init), range.contains(value) else { return fallback }
            return .milliseconds(Int64(value * 1000))
        }
        func count(_ name: String, _ fallback: Int) -> Int {
            environment[name].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? fallback
        }
        pingInterval = seconds("GAVEL_PING_INTERVAL", .seconds(30), within: 1...3600)
        idleHangup = seconds("GAVEL_IDLE_HANGUP", .seconds(60), within: 2...7200)
        headerTimeout = seconds("GAVEL_HEADER_TIMEOUT", .seconds(10), within: 1...3600)
        journalRetryInterval = seconds("GAVEL_JOURNAL_RETRY_INTERVAL", .seconds(5), within: 0.05...3600)
        controlFailureLimit = count("GAVEL_CONTROL_FAILURE_LIMIT", 10)
        controlFailureWindow = seconds("GAVEL_CONTROL_FAILURE_WINDOW", .seconds(60), within: 1...86400)
        messageRate = count("GAVEL_MESSAGE_RATE", 50)
        messageBurst = count("GAVEL_MESSAGE_BURST", 200)
        clockOffset = environment["GAVEL_CLOCK_OFFSET"].flatMap(Self.clockOffset) ?? .zero
        // systemd asks for watchdog pings only for this process (WATCHDOG_PID) and says how often.
        if let usec = environment["WATCHDOG_USEC"].flatMap(Int64.init), usec > 0,
           environment["WATCHDOG_PID"].flatMap(Int32.init).map({ $0 == getpid() }) ?? true
        {
            watchdogInterval = .microseconds(usec)
        }
    }

    /// The largest clock offset taken: a year and a month either way.
    static let maximumClockOffsetSeconds = 400.0 * 86_400

    /// GAVEL_CLOCK_OFFSET: seconds, fractions and a sign allowed ("-3600", "86400.5"); nil if it
    /// is not a number within `maximumClockOffsetSeconds`.
    static func clockOffset(_ text: String) -> Duration? {
        guard let seconds = Double(text.trimmingCharacters(in: .whitespaces)), seconds.isFinite,
              abs(seconds) <= maximumClockOffsetSeconds
        else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
