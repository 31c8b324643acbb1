import ArgumentParser
import Foundation
import GavelClient
import GavelProtocol

/// The options of every command that talks to gaveld.
struct ClientOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The daemon: HOST:PORT, http://HOST:PORT, ws://HOST:PORT or unix:/PATH. [GAVEL_SERVER] "
                + "(default: 127.0.0.1:8417)",
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

    func validate() throws {
        if case .failure(let error) = ServerAddress.parse(serverText) {
            throw ValidationError(server == nil ? "GAVEL_SERVER: \(error.message)" : "--server: \(error.message)")
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

    /// The address; `validate()` has checked it parses.
    var address: ServerAddress {
        (try? ServerAddress.parse(serverText).get()) ?? .localDefault
    }

    var timeoutDuration: Duration { .milliseconds(Int64(timeout * 1000)) }

    /// The control token, resolved as documented (the file is read now).
    func controlToken() -> ControlToken {
        ControlToken.resolve(optionPath: tokenFile, server: address, environment: ProcessInfo.processInfo.environment)
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
