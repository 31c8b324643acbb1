import ArgumentParser
import Foundation
import GavelClient
import GavelProtocol
import Synchronization

/// The options of every command that talks to gaveld.
struct ClientOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The daemon: HOST:PORT, http://HOST:PORT, ws://HOST:PORT or unix:/PATH; or a room's servers, "
                + "a primary and its standbys, separated by commas (a,b): gavel uses the one that leads. "
                + "[GAVEL_SERVER] (default: 127.0.0.1:8417)",
            valueName: "address"
        )
    )
    var server: String?

    @Option(
        name: .customLong("token-file"),
        help: ArgumentHelp(
            "The file holding the control token. [GAVEL_TOKEN_FILE; or the token itself in GAVEL_TOKEN] "
                + "(default: the local daemon's STATE_DIR/token)",
            valueName: "file"
        )
    )
    var tokenFile: String?

    @Flag(help: "Print the daemon's answer as JSON for scripts (see OUTPUT in 'gavel --help').")
    var json = false

    @Option(help: ArgumentHelp("Seconds to wait for the daemon before giving up.", valueName: "seconds"))
    var timeout: Double = 5

    @Option(
        name: .customLong("failover-wait"),
        help: ArgumentHelp(
            "With several servers: seconds to keep looking for the one that leads, and to retry a command "
                + "on it, when a server goes away or is a standby (a takeover takes about 2 s). [GAVEL_FAILOVER_WAIT]",
            valueName: "seconds"
        )
    )
    var failoverWait: Double?

    func validate() throws {
        if case .failure(let error) = ServerChoice.parse(serverText) {
            throw ValidationError(server == nil ? "GAVEL_SERVER: \(error.message)" : "--server: \(error.message)")
        }
        if let failoverWait = failoverWaitSeconds {
            guard failoverWait.isFinite, failoverWait >= 0, failoverWait <= 600 else {
                throw ValidationError("--failover-wait (GAVEL_FAILOVER_WAIT) must be between 0 and 600 seconds")
            }
        }
        guard timeout.isFinite, timeout > 0, timeout <= 600 else {
            throw ValidationError("--timeout must be between 0 and 600 seconds")
        }
    }

    /// `--server`, else `$GAVEL_SERVER`, else the local daemon.
    var serverText: String {
        if let server { return server }
        if let text = ProcessInfo.processInfo.environment["GAVEL_SERVER"], !text.isEmpty { return text }
        return ServerAddress.localDefault.description
    }

    /// The servers given; `validate()` has checked they parse.
    var choice: ServerChoice {
        (try? ServerChoice.parse(serverText).get()) ?? ServerChoice([.localDefault])
    }

    var addresses: [ServerAddress] { choice.servers }

    /// The server to talk to: the one given, or of several the one that leads (asked once per
    /// run, `LeaderCache`); if none leads within the failover wait, the first, whose failure
    /// then says why.
    var address: ServerAddress {
        let choice = self.choice
        if choice.isSingle { return choice.servers[0] }
        return LeaderCache.leader(for: serverText) {
            (try? choice.leader(wait: failoverWaitDuration, askTimeout: askTimeout)) ?? choice.servers[0]
        }
    }

    /// Looks for the leader again, after `failed` went away or refused as a standby (naming
    /// `hint`), within what is left of `deadline`.
    func nextLeader(
        after failed: ServerAddress,
        hint: ServerAddress?,
        until deadline: ContinuousClock.Instant
    ) throws(ClientError) -> ServerAddress {
        let wait = max(.zero, deadline - .now)
        let leader = try choice.leader(preferring: hint, wait: wait, askTimeout: askTimeout)
        LeaderCache.set(leader, for: serverText)
        return leader
    }

    /// How long to ask one server who leads: a dead machine must not hold the search for long.
    var askTimeout: Duration { min(timeoutDuration, .seconds(2)) }

    private var failoverWaitSeconds: Double? {
        if let failoverWait { return failoverWait }
        return ProcessInfo.processInfo.environment["GAVEL_FAILOVER_WAIT"].flatMap(Double.init)
    }

    var failoverWaitDuration: Duration {
        failoverWaitSeconds.map { .milliseconds(Int64($0 * 1000)) } ?? ServerChoice.defaultFailoverWait
    }

    var timeoutDuration: Duration { .milliseconds(Int64(timeout * 1000)) }

    /// The control token, resolved as documented (the file is read now).
    func controlToken() -> ControlToken {
        ControlToken.resolve(optionPath: tokenFile, server: address, environment: ProcessInfo.processInfo.environment)
    }
}

/// The leader found for a server list, once per run: every request of a command goes to it.
enum LeaderCache {
    private static let found = Mutex<[String: ServerAddress]>([:])

    static func leader(for servers: String, find: () -> ServerAddress) -> ServerAddress {
        if let leader = found.withLock({ $0[servers] }) { return leader }
        let leader = find()
        set(leader, for: servers)
        return leader
    }

    static func set(_ leader: ServerAddress, for servers: String) {
        found.withLock { $0[servers] = leader }
    }
}

/// The options of every command that changes the meeting: the connection's, and the command id.
struct CommandOptions: ParsableArguments {
    @OptionGroup var client: ClientOptions

    @Option(
        help: ArgumentHelp(
            "The command's id (default: a new UUID). Sending a command again with the same id is safe: "
                + "the daemon answers it from its journal and never applies it twice. An id already used "
                + "for a different command is refused (idReused).",
            valueName: "id"
        )
    )
    var id: String?

    func validate() throws {
        if let id, id.isEmpty || id.count > CommandRequest.maximumIDLength || id.contains(where: \.isNewline) {
            throw ValidationError("--id is 1 to \(CommandRequest.maximumIDLength) characters on one line")
        }
    }
}
