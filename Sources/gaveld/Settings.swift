import Foundation
import GavelJournal
import GavelProtocol
import GavelServer
import Logging

/// The daemon's settings: each from its option, else its environment variable, else the default
/// (`Settings.Table` defines them).
struct Settings {
    var agendaPath: String?
    var host: String
    var port: Int
    var unixSocket: String?
    var stateDirectory: String
    /// The SQLite file (by default in the state directory) or the PostgreSQL database and room.
    var journal: JournalLocation
    /// `--standby`: the room's lease decides whether this daemon leads or follows.
    var standby: Bool
    /// `--advertise`, else the URL made from the listen address (`advertisedURL`).
    var advertise: String?
    var tokenFile: String?
    /// `--read-token`: displays and the read API need a token.
    var readRequiresToken: Bool
    var webRoot: String?
    var timeZone: String?
    var displayLanguage: DisplayLanguage?
    var logLevel: Logger.Level
    var watchdogInterval: Duration?
    var stallTimeout: Duration
    var alertLead: Duration
    var maxConnections: Int
    /// As given, for `--check`; `originPolicy` is what they allow.
    var allowedOrigins: [String]
    var originPolicy: OriginPolicy
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
    var fanoutWrites: Transport.Configuration.FanoutWrites
    var serviceThreads: Int
    /// How far the daemon's timeline runs from the machine's clock, from the environment only:
    /// for a rehearsal at the real meeting's hour, and for the tests' clock (docs/testing.md).
    var clockOffset: Duration

    /// "https" with a TLS certificate, else "http".
    var scheme: String { tlsCertificate == nil ? "http" : "https" }

    /// The room, as `/api/v1/leader` names it (an SQLite journal's is the default room's).
    var room: String {
        if case .postgres(let address) = journal { return address.room }
        return PostgresJournalAddress.defaultRoom
    }

    /// Where clients reach this daemon: `--advertise`, else the listen address with `port` (the
    /// one bound); nil when that is a wildcard (0.0.0.0, ::), which names no machine.
    func advertisedURL(port: Int) -> String? {
        if let advertise { return advertise }
        guard !Self.isWildcard(host) else { return nil }
        let shown = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(shown):\(port)"
    }

    static func isWildcard(_ host: String) -> Bool {
        ["0.0.0.0", "::", "[::]", "*", ""].contains(host)
    }

    /// Throws the first setting that cannot be used, naming the option or variable it came from.
    init(command: Gaveld, environment: [String: String]) throws(SettingError) {
        func value<Value>(_ setting: Setting<Value>, _ option: String? = nil) throws(SettingError) -> Value {
            try setting.value(option, environment: environment)
        }
        typealias Table = Settings.Table
        (host, port) = try value(Table.listen, command.listen)
        logLevel = try value(Table.logLevel, command.logLevel)
        stallTimeout = try value(Table.stallTimeout, command.stallTimeout)
        alertLead = try value(Table.alertLead, command.alertLead)
        timeZone = try value(Table.timeZone, command.timeZone)
        displayLanguage = try value(Table.displayLanguage, command.displayLanguage)
        clockOffset = try value(Table.clockOffset)
        maxConnections =
            try value(Table.maxConnections, command.maxConnections)
            ?? min(Self.preferredMaxConnections, OpenFileLimit.maximumConnections)
        tlsCertificate = try value(Table.tlsCertificate, command.tlsCertificate)
        tlsKey = try value(Table.tlsKey, command.tlsKey)
        if (tlsCertificate == nil) != (tlsKey == nil) {
            throw SettingError(
                "--\(Table.tlsCertificate.flag!) and --\(Table.tlsKey.flag!) go together: give both, or neither"
            )
        }
        allowedOrigins = try Table.allowedOrigins.values(command.allowedOrigins, environment: environment)
        do {
            originPolicy = try OriginPolicy(allowedOrigins: allowedOrigins)
        } catch {
            let source =
                command.allowedOrigins.isEmpty
                ? Table.allowedOrigins.variable : "--\(Table.allowedOrigins.flag!)"
            throw SettingError("\(source) \(error.message)")
        }
        agendaPath = try value(Table.agenda, command.agenda)
        unixSocket = try value(Table.unixSocket, command.unixSocket)
        stateDirectory =
            try value(Table.stateDirectory, command.stateDir)
            ?? LocalDaemon.stateDirectory(environment: environment)
        journal = try Self.journal(
            text: try value(Table.journal, command.journal),
            room: try value(Table.room, command.room),
            roomGiven: !(command.room ?? environment[Table.room.variable] ?? "").isEmpty,
            source: (command.journal ?? "").isEmpty ? Table.journal.variable : "--\(Table.journal.flag!)",
            stateDirectory: stateDirectory
        )
        standby = try value(Table.standby, command.standby ? "on" : nil)
        advertise = try value(Table.advertise, command.advertise)
        if standby {
            guard case .postgres(var address) = journal else {
                throw SettingError(
                    "--\(Table.standby.flag!) needs a PostgreSQL journal (--\(Table.journal.flag!) postgresql://...): "
                        + "a room's primary and standbys share it, and its lease decides which one leads"
                )
            }
            address.highAvailability = true
            journal = .postgres(address)
        }
        tokenFile = try value(Table.tokenFile, command.tokenFile)
        readRequiresToken = try value(Table.readToken, command.readToken ? "on" : nil)
        webRoot = try value(Table.webRoot, command.webRoot)
        pingInterval = try value(Table.pingInterval)
        idleHangup = try value(Table.idleHangup)
        headerTimeout = try value(Table.headerTimeout)
        journalRetryInterval = try value(Table.journalRetryInterval)
        controlFailureLimit = try value(Table.controlFailureLimit)
        controlFailureWindow = try value(Table.controlFailureWindow)
        messageRate = try value(Table.messageRate)
        messageBurst = try value(Table.messageBurst)
        fanoutWrites = try value(Table.fanoutWrites)
        serviceThreads = try value(Table.serviceThreads, command.serviceThreads)
        // systemd asks for watchdog pings only for this process (WATCHDOG_PID) and says how often.
        if let usec = environment["WATCHDOG_USEC"].flatMap(Int64.init), usec > 0,
            environment["WATCHDOG_PID"].flatMap(Int32.init).map({ $0 == getpid() }) ?? true
        {
            watchdogInterval = .microseconds(usec)
        }
    }

    /// A PostgreSQL URL and the room, or a file (STATE_DIR's by default). A room given with a
    /// file is refused: one file is one room, and a room name that silently did nothing would let
    /// two rooms believe they were kept apart.
    private static func journal(
        text: String?,
        room: String,
        roomGiven: Bool,
        source: String,
        stateDirectory: String
    ) throws(SettingError) -> JournalLocation {
        if let text, PostgresJournalAddress.isURL(text) {
            do throws(PostgresJournalAddress.Invalid) {
                return .postgres(try PostgresJournalAddress(url: text, room: room))
            } catch {
                throw SettingError("\(source) \(error.reason)")
            }
        }
        if roomGiven {
            throw SettingError(
                "--\(Table.room.flag!) keeps rooms apart in a shared PostgreSQL journal (--\(Table.journal.flag!) "
                    + "postgresql://...); with an SQLite journal give each room its own --\(Table.stateDirectory.flag!)"
            )
        }
        return .file(text ?? stateDirectory + "/" + LocalDaemon.journalFileName)
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
