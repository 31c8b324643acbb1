import ArgumentParser
import Foundation
import GavelClient
import GavelCore
import GavelProtocol

/// `gavel console`: pair a browser console with a short code, so the token is never typed.
struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Print the console's address, a pairing code for it, and a QR code of the address.",
        discussion: """
            Asks gaveld (with the chair's token) for a six-digit code that works once, within --ttl, \
            and gives the console the token of --level: the chair's (everything) or the \
            secretariat's (the agenda, the lists and messages; no clock). Open the address on the \
            tablet or laptop (scan the QR code), then type the code there. Neither the token nor \
            the code is in the address. With --json: the daemon's answer with the address, \
            {"code":...,"level":...,"expiresAt":...,"url":...}.
            """
    )

    @Option(help: ArgumentHelp("The console's level: chair or secretariat.", valueName: "level"))
    var level: AccessLevel = .chair

    @Option(help: ArgumentHelp("How long the code works, \(DurationArgument.forms) (1s to 1h).", valueName: "duration"))
    var ttl = DurationArgument(.minutes(5))

    @Option(
        help: ArgumentHelp(
            "The console's address as the tablet reaches it, when that is not the daemon's (a proxy, a name).",
            valueName: "url"
        )
    )
    var url: String?

    @Flag(name: .customLong("no-qr"), help: "Leave the QR code out.")
    var noQR = false

    @OptionGroup var client: ClientOptions

    func validate() throws {
        guard AccessLevel.pairable.contains(level) else {
            throw ValidationError("--level is chair or secretariat; displays need no pairing")
        }
        guard ttl.duration >= .seconds(1), ttl.duration <= .seconds(3600) else {
            throw ValidationError("--ttl is between 1s and 1h")
        }
    }

    func run() throws {
        let consoleURL = try address()
        let token = client.controlToken()
        let body = Array(
            #"{"level":"\#(level.rawValue)","ttlSeconds":\#(Double(ttl.duration.milliseconds) / 1000)}"#.utf8
        )
        let response: HTTPClient.Response
        do {
            response = try HTTPClient.post(
                APIPath.pairings,
                json: body,
                to: client.address,
                headers: token.value.map { [(name: "Authorization", value: "Bearer \($0)")] } ?? [],
                timeout: client.timeoutDuration
            )
        } catch {
            throw RemoteFailure(error, token: token).report(json: client.json)
        }
        guard response.status == 201 else {
            throw HTTPAnswer.failure(
                response,
                from: client.address,
                path: "POST \(APIPath.pairings)",
                notFound: "this daemon makes no pairing codes (an older gaveld?)"
            )
            .report(json: client.json)
        }
        guard let pairing = try? JSONDecoder().decode(Pairing.self, from: Data(response.body)) else {
            throw RemoteFailure(
                exitCode: ExitStatus.software,
                code: "protocolViolation",
                message: "\(client.address) answered the pairing request with something gavel cannot read"
            )
            .report(json: client.json)
        }
        if client.json {
            var answer = pairing
            answer.url = consoleURL
            Console.write(JSONOutput.encode(answer) + "\n")
            return
        }
        var lines = [
            "Console:       \(consoleURL)",
            "Pairing code:  \(pairing.code)  (\(pairing.level.rawValue); works once, until \(Self.clock(pairing.expiresAt)))",
        ]
        if !noQR {
            let code = try QRCode(consoleURL)
            lines.append("")
            lines += code.textLines(colours: isatty(STDOUT_FILENO) != 0)
            lines.append("")
        }
        lines.append("Open the console (scan the QR code), then type the pairing code there.")
        if case .tcp(let host, _) = client.address, ["127.0.0.1", "localhost", "::1"].contains(host), url == nil {
            lines.append(
                "The address is this machine's own: from a tablet, use the daemon's network address (--server or --url)."
            )
        }
        Console.write(lines.joined(separator: "\n") + "\n")
    }

    /// `--url`, else the daemon's address with /console.
    func address() throws -> String {
        if let url { return url }
        switch client.address {
        case .tcp(let host, let port):
            let shown = host.contains(":") ? "[\(host)]" : host
            return "http://\(shown):\(port)/console"
        case .unix:
            throw ValidationError("the daemon is on a Unix socket, which a browser cannot reach: give --url")
        }
    }

    /// "10:41" from the ISO 8601 instant the daemon sent (already in the venue's zone).
    static func clock(_ iso: String) -> String {
        guard let t = iso.firstIndex(of: "T") else { return iso }
        return String(iso[iso.index(after: t)...].prefix(5))
    }

    /// `POST /api/v1/pairings`' answer, and the address for `--json`.
    struct Pairing: Codable {
        var code: String
        var level: AccessLevel
        var expiresAt: String
        var url: String?
    }
}

extension AccessLevel: ExpressibleByArgument {}
