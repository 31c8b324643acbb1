import ArgumentParser
import Dispatch
import Foundation
import GavelCore
import GavelJournal
import GavelProtocol
import GavelServer
import Logging

private typealias Table = Settings.Table

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
            creates one in the state directory on first start (mode 0600) and logs where. That is the \
            chair's: everything. The secretariat's (STATE_DIR/token-secretariat: the agenda, the \
            speakers' lists and messages, no clock) and the displays' (STATE_DIR/token-read, needed \
            only with --read-token) are made beside it on the first start. `gavel console` pairs a \
            browser console with a short code instead of a token.

            EXIT CODES
              0   stopped cleanly (SIGTERM or SIGINT), or --check found everything in order
              64  usage error (EX_USAGE)
              65  the agenda has errors (EX_DATAERR)
              66  the agenda file cannot be read (EX_NOINPUT)
              71  cannot listen on the address: in use or not allowed (EX_OSERR)
              73  the state directory or journal cannot be created, its PostgreSQL database cannot be reached, \
                  or another gaveld uses it or its room (EX_CANTCREAT)
              78  bad configuration: token file, web root, TLS certificate or key (EX_CONFIG)

            A journal that exists but cannot be written (a read-only mount, an immutable file) does \
            not stop gaveld: it starts degraded, serves displays, refuses commands with \
            journalUnavailable, reports "degraded" in /healthz (HTTP 503) and takes commands again as \
            soon as it can write the journal. Nor does a full one: gaveld starts degraded (each \
            command is tried, and refused while it does not fit) until the journal can take a \
            write as large as the largest command's.
            """
    )

    // Each option's name, help, variable and default come from `Settings.Table`.

    @Option(name: Table.agenda.name, help: Table.agenda.help)
    var agenda: String?

    @Option(name: Table.listen.name, help: Table.listen.help)
    var listen: String?

    @Option(name: Table.unixSocket.name, help: Table.unixSocket.help)
    var unixSocket: String?

    @Option(name: Table.stateDirectory.name, help: Table.stateDirectory.help)
    var stateDir: String?

    @Option(name: Table.journal.name, help: Table.journal.help)
    var journal: String?

    @Option(name: Table.room.name, help: Table.room.help)
    var room: String?

    @Flag(name: Table.standby.name, help: Table.standby.help)
    var standby = false

    @Option(name: Table.advertise.name, help: Table.advertise.help)
    var advertise: String?

    @Option(name: Table.tokenFile.name, help: Table.tokenFile.help)
    var tokenFile: String?

    @Flag(name: Table.readToken.name, help: Table.readToken.help)
    var readToken = false

    @Option(name: Table.webRoot.name, help: Table.webRoot.help)
    var webRoot: String?

    @Option(name: Table.timeZone.name, help: Table.timeZone.help)
    var timeZone: String?

    @Option(name: Table.displayLanguage.name, help: Table.displayLanguage.help)
    var displayLanguage: String?

    @Option(name: Table.logLevel.name, help: Table.logLevel.help)
    var logLevel: String?

    @Option(name: Table.stallTimeout.name, help: Table.stallTimeout.help)
    var stallTimeout: String?

    @Option(name: Table.alertLead.name, help: Table.alertLead.help)
    var alertLead: String?

    @Option(name: Table.maxConnections.name, help: Table.maxConnections.help)
    var maxConnections: String?

    @Option(name: Table.serviceThreads.name, help: Table.serviceThreads.help)
    var serviceThreads: String?

    @Option(name: Table.allowedOrigins.name, help: Table.allowedOrigins.help)
    var allowedOrigins: [String] = []

    @Option(name: Table.tlsCertificate.name, help: Table.tlsCertificate.help)
    var tlsCertificate: String?

    @Option(name: Table.tlsKey.name, help: Table.tlsKey.help)
    var tlsKey: String?

    @Flag(name: .long, help: "Check the configuration and the agenda, print what gaveld would run, and exit.")
    var check = false

    func validate() throws {
        _ = try settings(environment: ProcessInfo.processInfo.environment)
    }

    /// The settings from these options and `environment`; a bad one is a usage error (exit 64).
    func settings(environment: [String: String]) throws -> Settings {
        do {
            return try Settings(command: self, environment: environment)
        } catch {
            throw ValidationError(error.message)
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let settings = try settings(environment: environment)
        let level = settings.logLevel
        let journald = environment["JOURNAL_STREAM"] != nil
        LoggingSystem.bootstrap { GaveldLogHandler(label: $0, level: level, journald: journald) }
        var logger = Logger(label: "gaveld")
        logger.logLevel = level

        // Every file gaveld makes (the journal and its log, the lock, the token) is its user's
        // alone, as under systemd (UMask=0077), whatever the shell it was started from had.
        umask(0o077)

        let launch: Launch
        do {
            launch = try Launch.prepare(settings, logger: logger, checking: check)
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
