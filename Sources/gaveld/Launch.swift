import ArgumentParser
import Dispatch
import Foundation
import GavelCore
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
    var staticFiles: StaticFiles

    static func prepare(_ settings: Settings, logger: Logger) throws(LaunchFailure) -> Launch {
        let (agenda, source) = try loadAgenda(settings, logger: logger)

        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if !manager.fileExists(atPath: settings.stateDirectory, isDirectory: &isDirectory) {
            do {
                try manager.createDirectory(
                    atPath: settings.stateDirectory, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cantCreate("cannot create the state directory \(settings.stateDirectory): \(error.localizedDescription)")
            }
        } else if !isDirectory.boolValue {
            throw .cantCreate("the state directory \(settings.stateDirectory) is a file, not a directory")
        }

        let tokenPath = settings.tokenFile ?? settings.stateDirectory + "/" + LocalDaemon.tokenFileName
        let token: AccessToken
        do {
            token = try AccessToken(path: tokenPath, createIfMissing: settings.tokenFile == nil)
        } catch {
            throw .config(error.message)
        }
        if token.created {
            logger.notice("created a control token", metadata: ["gavel.token_file": "\(tokenPath)"])
        }

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
        return Launch(
            settings: settings, agenda: agenda, agendaSource: source, token: token, tokenPath: tokenPath,
            staticFiles: staticFiles)
    }

    private static func loadAgenda(_ settings: Settings, logger: Logger) throws(LaunchFailure) -> (Agenda, String) {
        guard let path = settings.agendaPath else {
            return (ExampleAgenda.agenda, "the built-in example (\(ExampleAgenda.fileName))")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .noInput("cannot read the agenda \(path): "
                + (FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"))
        }
        defer { try? handle.close() }
        let data = (try? handle.read(upToCount: AgendaImporter.maximumBytes + 1)) ?? Data()
        guard data.count <= AgendaImporter.maximumBytes else {
            throw .agenda("the agenda \(path) is over \(AgendaImporter.maximumBytes / 1_048_576) MB; is it the right file?")
        }
        let today = VenueTimeZone(identifier: TimeZone.current.identifier).map { $0.date(at: Instant(Date())) }
        let options = AgendaImportOptions(
            timeZone: settings.timeZone, fallbackTimeZone: TimeZone.current.identifier, fallbackDate: today)
        do {
            let imported = try AgendaImporter.importAgenda(data, fileName: path, options: options)
            for warning in imported.warnings {
                logger.warning("agenda: \(warning.message)", metadata: [
                    "gavel.agenda": "\(path)", "gavel.line": "\(warning.line.map(String.init) ?? "-")",
                ])
            }
            return (imported.agenda, path)
        } catch {
            throw .agenda("the agenda \(path) has errors:\n" + error.diagnostics.filter { $0.severity == .error }
                .map { "  \(path):\($0.line.map(String.init) ?? "-"): \($0.message)" }.joined(separator: "\n"))
        }
    }

    /// What `--check` prints.
    var summary: String {
        let items = agenda.items
        return """
            gaveld configuration OK
              agenda       \(agendaSource): "\(agenda.title)", \(items.count) items, \
            \(items.first.map { "\($0.start)" } ?? "-")–\(items.last.map { "\($0.end)" } ?? "-") \(agenda.timeZone)
              listen       http://\(settings.host):\(settings.port)/ (WebSocket \(WireProtocol.webSocketPath))
              unix socket  \(settings.unixSocket ?? "none")
              state        \(settings.stateDirectory)/\(LocalDaemon.journalFileName)
              token        \(tokenPath)
              display      \(staticFiles.root ?? "none") (\(staticFiles.count) files)
            """
    }

    /// Opens the journal, binds, resumes the meeting and serves until SIGTERM or SIGINT.
    func run(logger: Logger) throws {
        let journalPath = settings.stateDirectory + "/" + LocalDaemon.journalFileName
        let journal: Journal
        do {
            journal = try Journal(path: journalPath)
        } catch {
            FileHandle.standardError.write(Data("gaveld: \(error)\n".utf8))
            throw ExitCode(73)
        }
        let stored = (try? journal.value(forMetaKey: "clockAnchor")).flatMap { $0 }.flatMap(ServerClock.Anchor.init(serialized:))
        let clock = ServerClock(continuing: stored)
        if !clock.continued {
            try? journal.setValue(clock.anchor.serialized, forMetaKey: "clockAnchor")
        }

        var configuration = Transport.Configuration()
        configuration.host = settings.host
        configuration.port = settings.port
        configuration.unixSocketPath = settings.unixSocket
        configuration.maxMessageBytes = WireProtocol.maximumMessageBytes
        configuration.stallTimeout = settings.stallTimeout
        let transport: Transport
        do {
            transport = try Transport(configuration: configuration, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("gaveld: \(error)\n".utf8))
            throw ExitCode(71)
        }

        guard let token else { throw ExitCode(78) }
        let daemon = try Daemon(
            configuration: Daemon.Configuration(
                agenda: agenda, token: token, staticFiles: staticFiles, watchdogInterval: settings.watchdogInterval),
            transport: transport, journal: journal, clock: clock, logger: logger)

        let signals = SignalHandling { signal in
            logger.info("signal received", metadata: ["gavel.signal": "\(signal)"])
            transport.post { daemon.shutdown() }
        }
        logger.notice("gaveld listening", metadata: [
            "gavel.url": "http://\(settings.host):\(transport.boundPort)/",
            "gavel.token_file": "\(tokenPath)",
            "gavel.journal": "\(journalPath)",
            "gavel.agenda": "\(agendaSource)",
        ])
        transport.post { daemon.start() }
        transport.run()
        signals.cancel()
        logger.info("stopped")
    }
}
