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
        // systemd asks for watchdog pings only for this process (WATCHDOG_PID) and says how often.
        if let usec = environment["WATCHDOG_USEC"].flatMap(Int64.init), usec > 0,
           environment["WATCHDOG_PID"].flatMap(Int32.init).map({ $0 == getpid() }) ?? true
        {
            watchdogInterval = .microseconds(usec)
        }
    }
}
