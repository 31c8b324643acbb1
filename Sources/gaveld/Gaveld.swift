import ArgumentParser
import Dispatch
import Foundation
import GavelCore
import GavelJournal
import GavelProtocol
import GavelServer
import Logging

@main
struct Gaveld: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gaveld",
        abstract: "The Gavel daemon: tracks a live meeting against its agenda and pushes it to every display.",
        discussion: """
            Every option can also be set in the environment (shown in brackets); an option on the \
            command line wins. With no options at all, gaveld runs the built-in example agenda on \
            http://127.0.0.1:8417/ with its state in ~/.local/state/gavel.

            The token that allows control (commands) is read from --token-file; without it, gaveld \
            creates one in the state directory on first start (mode 0600) and logs where.

            EXIT CODES
              0   stopped cleanly (SIGTERM or SIGINT), or --check found everything in order
              64  usage error (EX_USAGE)
              65  the agenda has errors (EX_DATAERR)
              66  the agenda file cannot be read (EX_NOINPUT)
              71  cannot listen on the address: in use or not allowed (EX_OSERR)
              73  the state directory or journal cannot be created, or another gaveld uses it (EX_CANTCREAT)
              78  bad configuration: token file, web root, TLS certificate or key (EX_CONFIG)

            A journal that exists but cannot be written (a read-only mount, an immutable file) does \
            not stop gaveld: it starts degraded, serves displays, refuses commands with \
            journalUnavailable, reports "degraded" in /healthz (HTTP 503) and takes commands again as \
            soon as it can write the journal.
            """
    )

    @Option(name: .long, help: ArgumentHelp(
        "The agenda: a programme (.txt), a spreadsheet export (.csv) or Gavel JSON. [GAVEL_AGENDA] "
            + "(default: the built-in example hearing)", valueName: "file"))
    var agenda: String?

    @Option(name: .long, help: ArgumentHelp(
        "Address to listen on for HTTP and WebSocket. [GAVEL_LISTEN] (default: 127.0.0.1:8417)", valueName: "host:port"))
    var listen: String?

    @Option(name: .long, help: ArgumentHelp(
        "Also listen on this Unix socket, for local control. [GAVEL_UNIX_SOCKET]", valueName: "path"))
    var unixSocket: String?

    @Option(name: .long, help: ArgumentHelp(
        "Where the journal and the generated token live. [GAVEL_STATE_DIR, or systemd's STATE_DIRECTORY] "
            + "(default: ~/.local/state/gavel)", valueName: "dir"))
    var stateDir: String?

    @Option(name: .long, help: ArgumentHelp(
        "The control token. [GAVEL_TOKEN_FILE] (default: STATE_DIR/token, created if missing)", valueName: "file"))
    var tokenFile: String?

    @Option(name: .long, help: ArgumentHelp(
        "The display page's files. [GAVEL_WEB_ROOT] (default: those shipped with gaveld)", valueName: "dir"))
    var webRoot: String?

    @Option(name: .long, help: ArgumentHelp(
        "Time zone for an agenda that names none, e.g. Europe/Zurich. [GAVEL_TIME_ZONE]", valueName: "zone"))
    var timeZone: String?

    @Option(name: .long, help: ArgumentHelp(
        "trace, debug, info, notice, warning, error or critical. [GAVEL_LOG_LEVEL] (default: info)", valueName: "level"))
    var logLevel: String?

    @Option(name: .long, help: ArgumentHelp(
        "Close a subscriber that has not read for this many seconds. [GAVEL_STALL_TIMEOUT] (default: 30)",
        valueName: "seconds"))
    var stallTimeout: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Send each alert this many seconds before its threshold; displays show it at the threshold, on the "
            + "daemon's clock. 0 sends it at the threshold. [GAVEL_ALERT_LEAD] (default: 2)", valueName: "seconds"))
    var alertLead: Double?

    @Option(name: .long, help: ArgumentHelp(
        "The most client connections at once (HTTP and WebSocket); more are refused with 1013 or 503. "
            + "[GAVEL_MAX_CONNECTIONS] (default: 10000, less if the open-file limit is lower)", valueName: "n"))
    var maxConnections: Int?

    @Option(name: .customLong("allowed-origin"), help: ArgumentHelp(
        "A browser origin (scheme://host[:port]) whose pages may control the meeting, besides pages served by "
            + "gaveld itself; repeatable. Reading is open to every origin. [GAVEL_ALLOWED_ORIGINS, comma-separated]",
        valueName: "origin"))
    var allowedOrigins: [String] = []

    @Option(name: .long, help: ArgumentHelp(
        "Serve HTTPS and WSS with this certificate (PEM, chain included); needs --tls-key. [GAVEL_TLS_CERTIFICATE]",
        valueName: "file"))
    var tlsCertificate: String?

    @Option(name: .long, help: ArgumentHelp(
        "The TLS certificate's private key (PEM). [GAVEL_TLS_KEY]", valueName: "file"))
    var tlsKey: String?

    @Flag(name: .long, help: "Check the configuration and the agenda, print what gaveld would run, and exit.")
    var check = false

    mutating func validate() throws {
        let environment = ProcessInfo.processInfo.environment
        if let listen = listen ?? environment["GAVEL_LISTEN"], LocalDaemon.parseListen(listen) == nil {
            throw ValidationError("--listen '\(listen)' is not HOST:PORT (e.g. 127.0.0.1:8417 or 0.0.0.0:8417)")
        }
        if let level = logLevel ?? environment["GAVEL_LOG_LEVEL"], Logger.Level(rawValue: level) == nil {
            throw ValidationError("--log-level '\(level)' is not one of trace, debug, info, notice, warning, error, critical")
        }
        if let seconds = stallTimeout ?? environment["GAVEL_STALL_TIMEOUT"].flatMap(Int.init), !(1...3600).contains(seconds) {
            throw ValidationError("--stall-timeout must be between 1 and 3600 seconds")
        }
        if let text = alertLead.map({ "\($0)" }) ?? environment["GAVEL_ALERT_LEAD"] {
            guard let seconds = Double(text), (0...60).contains(seconds) else {
                throw ValidationError("--alert-lead '\(text)' is not a number of seconds between 0 and 60")
            }
        }
        if let zone = timeZone ?? environment["GAVEL_TIME_ZONE"], VenueTimeZone(identifier: zone) == nil {
            throw ValidationError("--time-zone '\(zone)' is not an IANA time zone (e.g. America/New_York)")
        }
        if let text = environment["GAVEL_CLOCK_OFFSET"], !text.isEmpty, Settings.clockOffset(text) == nil {
            throw ValidationError(
                "GAVEL_CLOCK_OFFSET '\(text)' is not a number of seconds within ±\(Int(Settings.maximumClockOffsetSeconds))")
        }
        let maximum = OpenFileLimit.maximumConnections
        if let text = maxConnections.map(String.init) ?? environment["GAVEL_MAX_CONNECTIONS"] {
            guard let count = Int(text), count >= 1 else {
                throw ValidationError("--max-connections '\(text)' is not a positive number")
            }
            guard count <= maximum else {
                throw ValidationError(
                    "--max-connections \(count) does not fit the open-file limit (\(OpenFileLimit.hard)): at most "
                        + "\(maximum); raise the limit (LimitNOFILE= in the unit, ulimit -n) or ask for fewer")
            }
        }
        let certificate = tlsCertificate ?? environment["GAVEL_TLS_CERTIFICATE"].flatMap { $0.isEmpty ? nil : $0 }
        let key = tlsKey ?? environment["GAVEL_TLS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        if (certificate == nil) != (key == nil) {
            throw ValidationError("--tls-certificate and --tls-key go together: give both, or neither")
        }
        let origins = allowedOrigins
            + (environment["GAVEL_ALLOWED_ORIGINS"]?.split(separator: ",").map(String.init) ?? [])
        do {
            _ = try OriginPolicy(allowedOrigins: origins)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let settings = Settings(command: self, environment: environment)
        let level = Logger.Level(rawValue: settings.logLevel) ?? .info
        let journald = environment["JOURNAL_STREAM"] != nil
        LoggingSystem.bootstrap { GaveldLogHandler(label: $0, level: level, journald: journald) }
        var logger = Logger(label: "gaveld")
        logger.logLevel = level

        let launch: Launch
        do {
            launch = try Launch.prepare(settings, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("gaveld: \(error.message)\n".utf8))
            throw ExitCode(error.exitCode)
        }
        if check {
            print(launch.summary)
            return
        }
        try launch.run(logger: logger)
    }
}
