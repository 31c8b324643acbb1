import ArgumentParser
import Dispatch
import Foundation
import GavelCore
import GavelDocuments
import GavelJournal
import GavelProtocol
import GavelServer
import Logging

/// A start-up problem and the exit code it maps to (see `gaveld --help`).
struct LaunchFailure: Error {
    var message: String
    var exitCode: Int32

    static func agenda(_ message: String) -> LaunchFailure { LaunchFailure(message: message, exitCode: 65) }
    static func noInput(_ message: String) -> LaunchFailure { LaunchFailure(message: message, exitCode: 66) }
    static func listen(_ message: String) -> LaunchFailure { LaunchFailure(message: message, exitCode: 71) }
    static func cantCreate(_ message: String) -> LaunchFailure { LaunchFailure(message: message, exitCode: 73) }
    static func config(_ message: String) -> LaunchFailure { LaunchFailure(message: message, exitCode: 78) }
}

/// Everything checked and loaded before the daemon starts, so that a bad agenda or
/// configuration stops gaveld with one clear message and touches nothing.
struct Launch {
    var settings: Settings
    var agenda: Agenda
    var agendaSource: String
    var token: AccessToken?
    var tokenPath: String
    /// The secretariat's and the displays' tokens (STATE_DIR/token-secretariat, token-read), made
    /// on the first start like the chair's; nil while checking a state directory without them.
    var levelTokens: [AccessLevel: AccessToken] = [:]
    var staticFiles: StaticFiles

    /// `checking` (`--check`): what would be created on the first start (the state directory, the
    /// token) is said, not made; a configuration check leaves the machine as it was.
    static func prepare(_ settings: Settings, logger: Logger, checking: Bool = false) throws(LaunchFailure) -> Launch {
        let (agenda, source) = try loadAgenda(settings, logger: logger)

        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let tokenPath = settings.tokenFile ?? settings.stateDirectory + "/" + LocalDaemon.tokenFileName
        if !manager.fileExists(atPath: settings.stateDirectory, isDirectory: &isDirectory) {
            if checking {
                return try Launch(
                    settings: settings,
                    agenda: agenda,
                    agendaSource: source,
                    token: settings.tokenFile == nil ? nil : readToken(tokenPath, create: false),
                    tokenPath: tokenPath,
                    staticFiles: staticFiles(settings, logger: logger)
                )
            }
            do {
                try manager.createDirectory(
                    atPath: settings.stateDirectory,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700]
                )
            } catch {
                throw .cantCreate(
                    "cannot create the state directory \(settings.stateDirectory): \(error.localizedDescription)"
                )
            }
        } else if !isDirectory.boolValue {
            throw .cantCreate("the state directory \(settings.stateDirectory) is a file, not a directory")
        }

        if checking && settings.tokenFile == nil && !manager.fileExists(atPath: tokenPath) {
            return try Launch(
                settings: settings,
                agenda: agenda,
                agendaSource: source,
                token: nil,
                tokenPath: tokenPath,
                staticFiles: staticFiles(settings, logger: logger)
            )
        }
        let token = try readToken(tokenPath, create: settings.tokenFile == nil)
        if token.created {
            logger.notice("created a control token", metadata: ["gavel.token_file": "\(tokenPath)"])
        }
        if let readers = token.readableBy {
            logger.warning(
                "the token file is readable by \(readers): whoever can read it can control the meeting; make it the daemon user's alone with chmod 600",
                metadata: ["gavel.token_file": "\(tokenPath)"]
            )
        }
        // The other levels' tokens live in the state directory whatever --token-file says; a
        // configuration check makes none of them, and reads those there are.
        var levelTokens: [AccessLevel: AccessToken] = [:]
        for level in [AccessLevel.secretariat, .read] {
            let path = settings.stateDirectory + "/" + level.tokenFileName
            if checking && !manager.fileExists(atPath: path) { continue }
            // A level's token that cannot be made or read (a read-only state directory) leaves that
            // level out, said, rather than stopping the chair's meeting; the journal says the rest.
            let levelToken: AccessToken
            do {
                levelToken = try readToken(path, create: true)
            } catch {
                logger.warning(
                    "no \(level) token: \(error.message); the \(level) level is unavailable until it can be made",
                    metadata: ["gavel.token_file": "\(path)"]
                )
                continue
            }
            if levelToken.created {
                logger.notice("created the \(level) token", metadata: ["gavel.token_file": "\(path)"])
            }
            if let readers = levelToken.readableBy {
                logger.warning(
                    "the \(level) token file is readable by \(readers); make it the daemon user's alone with chmod 600",
                    metadata: ["gavel.token_file": "\(path)"]
                )
            }
            levelTokens[level] = levelToken
        }

        return Launch(
            settings: settings,
            agenda: agenda,
            agendaSource: source,
            token: token,
            tokenPath: tokenPath,
            levelTokens: levelTokens,
            staticFiles: try staticFiles(settings, logger: logger)
        )
    }

    private static func readToken(_ path: String, create: Bool) throws(LaunchFailure) -> AccessToken {
        do {
            return try AccessToken(path: path, createIfMissing: create)
        } catch {
            throw .config(error.message)
        }
    }

    /// The display files, and the TLS files readable.
    private static func staticFiles(_ settings: Settings, logger: Logger) throws(LaunchFailure) -> StaticFiles {
        let manager = FileManager.default
        let root = settings.webRoot ?? StaticFiles.defaultRoot(executablePath: CommandLine.arguments[0])
        let staticFiles: StaticFiles
        do {
            staticFiles = try StaticFiles(root: root)
        } catch {
            throw .config(error.message)
        }
        if root == nil {
            logger.warning("no display files found; / will answer 404 (pass --web-root)")
        }
        if let certificate = settings.tlsCertificate, let key = settings.tlsKey {
            let files = [("certificate", certificate), ("key", key)]
            for (what, path) in files where !manager.isReadableFile(atPath: path) {
                throw .config(
                    "cannot read the TLS \(what) \(path): "
                        + (manager.fileExists(atPath: path) ? "permission denied" : "no such file")
                )
            }
        }
        return staticFiles
    }

    private static func loadAgenda(_ settings: Settings, logger: Logger) throws(LaunchFailure) -> (Agenda, String) {
        guard let path = settings.agendaPath else {
            return (ExampleAgenda.agenda, "the built-in example (\(ExampleAgenda.fileName))")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .noInput(
                "cannot read the agenda \(path): "
                    + (FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
            )
        }
        defer { try? handle.close() }
        var data = (try? handle.read(upToCount: AgendaDocument.maximumBytes + 1)) ?? Data()
        // A Word, Excel or PDF programme is turned into text first.
        var fileName: String? = path
        var format: AgendaFormat?
        do {
            if let converted = try AgendaDocument.convert(data, fileName: path) {
                data = Data(converted.text.utf8)
                fileName = nil
                if converted.isProgramme { format = .text }
            }
        } catch {
            throw .agenda("the agenda \(path) cannot be read: \(error.message)")
        }
        guard data.count <= AgendaImporter.maximumBytes else {
            throw .agenda(
                "the agenda \(path) is over \(AgendaImporter.maximumBytes / 1_048_576) MB; is it the right file?"
            )
        }
        let today = VenueTimeZone(identifier: TimeZone.current.identifier)
            .map { $0.date(at: Instant(Date()) + settings.clockOffset) }
        let options = AgendaImportOptions(
            timeZone: settings.timeZone,
            fallbackTimeZone: TimeZone.current.identifier,
            fallbackDate: today
        )
        do {
            let imported = try AgendaImporter.importAgenda(data, fileName: fileName, format: format, options: options)
            for warning in imported.warnings {
                logger.warning(
                    "agenda: \(warning.message)",
                    metadata: [
                        "gavel.agenda": "\(path)", "gavel.line": "\(warning.line.map(String.init) ?? "-")",
                    ]
                )
            }
            return (imported.agenda, path)
        } catch {
            throw .agenda(
                "the agenda \(path) has errors:\n"
                    + error.diagnostics.filter { $0.severity == .error }
                    .map { "  \(path):\($0.line.map(String.init) ?? "-"): \($0.message)" }.joined(separator: "\n")
            )
        }
    }

    /// What `--check` prints.
    var summary: String {
        let items = agenda.items
        return """
            gaveld configuration OK
              agenda       \(agendaSource): "\(agenda.title)", \(items.count) items, \
            \(items.first.map { "\($0.start)" } ?? "-")–\(items.last.map { "\($0.end)" } ?? "-") \(agenda.timeZone)
              listen       \(settings.scheme)://\(settings.host):\(settings.port)/ \
            (WebSocket \(WireProtocol.webSocketPath))
              unix socket  \(settings.unixSocket ?? "none")
              state        \(settings.stateDirectory)\(FileManager.default.fileExists(atPath: settings.stateDirectory) ? "" : " (the directory is made on the first start)")
              journal      \(settings.journal)\(settings.standby ? " (--standby: the room's lease decides who leads)" : "")
              token        \(tokenPath)\(token == nil ? " (made on the first start, mode 0600)" : token?.readableBy.map { " (WARNING: readable by \($0); chmod 600 it)" } ?? "") (chair)
              levels       \([AccessLevel.secretariat, .read].map { "\($0) \(settings.stateDirectory)/\($0.tokenFileName)\(levelTokens[$0] == nil ? " (made on the first start)" : "")" }.joined(separator: ", "))
              reading      \(settings.readRequiresToken ? "needs a token (--read-token)" : "public")
              tls          \(settings.tlsCertificate.map { "\($0), key \(settings.tlsKey ?? "-")" } ?? "none")
              connections  at most \(settings.maxConnections)
              alerts       \(settings.alertLead == .zero ? "sent at their threshold" : "sent \(settings.alertLead.milliseconds) ms ahead, shown at their threshold")
              clock        \(settings.clockOffset == .zero ? "the machine's" : "the machine's \(settings.clockOffset.milliseconds < 0 ? "" : "+")\(settings.clockOffset.milliseconds) ms (GAVEL_CLOCK_OFFSET)")
              origins      gaveld itself\(settings.allowedOrigins.map { ", \($0)" }.joined()) may control
              display      \(staticFiles.root ?? "none") (\(staticFiles.count) files), \
            language \(settings.displayLanguage?.rawValue ?? "each browser's own")
            """
    }

    /// Opens the journal, binds, resumes the meeting and serves until SIGTERM or SIGINT.
    func run(logger: Logger) throws {
        let (journal, readOnlyReason) = try Self.openJournal(settings.journal, logger: logger)
        if case .file(let journalPath) = settings.journal {
            Self.restrictJournalFiles(journalPath, logger: logger)
        }
        let stored = (try? journal.value(forMetaKey: ServerClock.anchorMetaKey)).flatMap { $0 }
            .flatMap(ServerClock.Anchor.init(serialized:))
        let clock = ServerClock(continuing: stored, offset: settings.clockOffset)
        if settings.clockOffset != .zero {
            logger.warning(
                "the daemon's clock is set apart from the machine's (GAVEL_CLOCK_OFFSET)",
                metadata: [
                    "gavel.offset_ms": "\(settings.clockOffset.milliseconds)",
                    "gavel.now": "\(clock.now().millisecondsSinceEpoch)",
                ]
            )
        }

        OpenFileLimit.raiseSoftToHard()
        var configuration = Transport.Configuration()
        configuration.host = settings.host
        configuration.port = settings.port
        configuration.unixSocketPath = settings.unixSocket
        configuration.maxMessageBytes = WireProtocol.maximumMessageBytes
        configuration.stallTimeout = settings.stallTimeout
        configuration.maxConnections = settings.maxConnections
        configuration.pingInterval = settings.pingInterval
        configuration.idleHangup = max(settings.idleHangup, settings.pingInterval + .seconds(1))
        configuration.headerTimeout = settings.headerTimeout
        configuration.serviceThreads = settings.serviceThreads
        configuration.fanoutWrites = settings.fanoutWrites
        configuration.inboundMessageRate = Transport.MessageRate(
            perSecond: settings.messageRate,
            burst: settings.messageBurst
        )
        if let certificate = settings.tlsCertificate, let key = settings.tlsKey {
            configuration.tls = Transport.TLS(certificatePath: certificate, privateKeyPath: key)
        }
        let transport: Transport
        do {
            transport = try Transport(configuration: configuration, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("gaveld: \(error)\n".utf8))
            throw ExitCode(error.isTLS ? 78 : 71)
        }

        guard let token else { throw ExitCode(78) }
        // The venue overview: with a PostgreSQL journal, this room's summary goes to the database
        // and every room's comes back; with SQLite the overview is this room.
        let venueRelay = VenueRelay()
        var venueBoard: PostgresVenueBoard?
        if case .postgres(let address) = settings.journal {
            venueBoard = PostgresVenueBoard(address: address, logger: logger) { venueRelay.deliver($0) }
        }
        let advertisedURL = Self.advertisedURL(settings, port: Int(transport.boundPort), logger: logger)
        let lease = try Self.takeOrWatchLease(settings, advertisedURL: advertisedURL, logger: logger)
        var daemonConfiguration = Daemon.Configuration(
            agenda: agenda,
            token: token,
            staticFiles: staticFiles,
            watchdogInterval: settings.watchdogInterval,
            originPolicy: settings.originPolicy.serving(
                OriginPolicy.servedOrigins(
                    scheme: settings.scheme,
                    host: settings.host,
                    port: Int(transport.boundPort),
                    interfaceAddresses: MachineAddresses.interfaceAddresses(),
                    hostName: MachineAddresses.hostName()
                )
            ),
            controlFailureLimit: settings.controlFailureLimit,
            controlFailureWindow: settings.controlFailureWindow,
            journalOpener: JournalOpener(location: settings.journal),
            journalRetryInterval: settings.journalRetryInterval,
            alertLead: settings.alertLead,
            displayLanguage: settings.displayLanguage,
            secretariatToken: levelTokens[.secretariat],
            readToken: levelTokens[.read],
            readRequiresToken: settings.readRequiresToken
        )
        daemonConfiguration.room = settings.room
        daemonConfiguration.venueBoard = venueBoard
        daemonConfiguration.advertisedURL = advertisedURL
        daemonConfiguration.lease = lease
        let daemon = try Daemon(
            configuration: daemonConfiguration,
            transport: transport,
            journal: journal,
            readOnlyReason: readOnlyReason,
            clock: clock,
            logger: logger
        )

        daemon.post = { work in transport.post(work) }
        // The lease renews from its start (`takeOrWatchLease`); a change before this handler is
        // set is caught up with when the daemon starts.
        lease?.onChange { _ in transport.post { daemon.leaseChanged() } }

        let signals = SignalHandling { signal in
            logger.info("signal received", metadata: ["gavel.signal": "\(signal)"])
            transport.post { daemon.shutdown() }
        }
        logger.notice(
            "gaveld listening",
            metadata: [
                "gavel.url": "\(settings.scheme)://\(settings.host):\(transport.boundPort)/",
                "gavel.max_connections": "\(configuration.maxConnections)",
                "gavel.token_file": "\(tokenPath)",
                "gavel.journal": "\(settings.journal)",
                "gavel.agenda": "\(agendaSource)",
            ]
        )
        venueRelay.connect { rows in transport.post { daemon.venueRowsRead(rows) } }
        transport.post { daemon.start() }
        transport.run()
        daemon.finish()
        venueBoard?.stop()
        signals.cancel()
        logger.info("stopped")
    }

    /// Opens the journal for writing; failing that, an existing one for reading only (a read-only
    /// mount, an immutable file): gaveld then starts degraded rather than not at all. A journal
    /// that does not exist and cannot be created, is not a journal, is newer or is held by another
    /// gaveld stops it (exit 73).
    /// The journal holds every timing and who spoke: its files are the daemon user's alone. New
    /// ones are, by the umask gaveld sets at start; files an older gaveld (or another umask)
    /// left readable by others are made so once, and said. A read-only file system leaves them.
    private static func restrictJournalFiles(_ journalPath: String, logger: Logger) {
        var tightened: [String] = []
        for path in [journalPath, journalPath + "-wal", journalPath + "-shm", journalPath + ".lock"] {
            var status = stat()
            guard stat(path, &status) == 0, status.st_mode & 0o077 != 0 else { continue }
            if chmod(path, status.st_mode & 0o700) == 0 { tightened.append(path) }
        }
        if !tightened.isEmpty {
            logger.notice(
                "made the journal's files readable by the daemon's user only (they were readable by others)",
                metadata: ["gavel.files": "\(tightened.joined(separator: ", "))"]
            )
        }
    }

    /// `--advertise`, else the listen address; a wildcard listen address names no machine, so the
    /// host name stands in for it, with a warning (clients of a standby are sent there).
    private static func advertisedURL(_ settings: Settings, port: Int, logger: Logger) -> String? {
        if let url = settings.advertisedURL(port: port) { return url }
        guard let name = MachineAddresses.hostName() else { return nil }
        let url = "\(settings.scheme)://\(name):\(port)"
        if settings.standby {
            logger.warning(
                "listening on every address: clients are told the host name; give --advertise URL instead",
                metadata: ["gavel.advertise": "\(url)", "gavel.listen": "\(settings.host)"]
            )
        }
        return url
    }

    /// `--standby`: takes the room's lease if no daemon leads, else stands by. A database that
    /// cannot be reached stops gaveld (exit 73), as for the journal.
    private static func takeOrWatchLease(
        _ settings: Settings,
        advertisedURL: String?,
        logger: Logger
    ) throws -> RoomLease? {
        guard settings.standby, case .postgres(let address) = settings.journal else { return nil }
        do {
            let lease = try RoomLease(address: address, advertisedURL: advertisedURL, logger: logger)
            lease.start()
            logger.notice(
                lease.status.role == .primary ? "leading the room" : "standing by: another gaveld leads the room",
                metadata: [
                    "gavel.room": "\(address.room)", "gavel.term": "\(lease.status.term)",
                    "gavel.leader": "\(lease.status.leader ?? "none")",
                ]
            )
            return lease
        } catch {
            FileHandle.standardError.write(Data("gaveld: \(error)\n".utf8))
            throw ExitCode(73)
        }
    }

    /// A PostgreSQL journal that cannot be opened (unreachable, refused, in use) stops gaveld
    /// (exit 73) with the reason: there is nothing to read a meeting from without it.
    private static func openJournal(_ location: JournalLocation, logger: Logger) throws -> (Journal, String?) {
        guard case .file(let path) = location else {
            do {
                return (try Journal(location: location, logger: logger), nil)
            } catch {
                FileHandle.standardError.write(Data("gaveld: \(error)\n".utf8))
                throw ExitCode(73)
            }
        }
        let writeError: JournalError
        do {
            return (try Journal(path: path), nil)
        } catch let error as JournalError {
            writeError = error
        } catch {
            FileHandle.standardError.write(Data("gaveld: \(error)\n".utf8))
            throw ExitCode(73)
        }
        let degradable: [JournalError.Kind] = [.cannotOpen, .cannotWrite, .ioError]
        guard degradable.contains(writeError.kind), FileManager.default.fileExists(atPath: path) else {
            FileHandle.standardError.write(Data("gaveld: \(writeError)\n".utf8))
            throw ExitCode(73)
        }
        do {
            let journal = try Journal.openReadOnly(path: path)
            logger.error(
                "the journal cannot be written; starting degraded, read-only: displays are served, commands refused",
                metadata: ["gavel.reason": "\(writeError.message)"]
            )
            return (journal, writeError.message)
        } catch {
            let message = "gaveld: \(writeError)\n  and it cannot be read either: \(error)\n"
            FileHandle.standardError.write(Data(message.utf8))
            throw ExitCode(73)
        }
    }
}
