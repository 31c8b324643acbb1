import Foundation
import GavelCore
import GavelJournal
import GavelProtocol
import Logging

@testable import GavelServer

/// gaveld's daemon in the test's own process: a real journal in a temporary directory, a fake
/// transport, a manual clock. The test plays the transport: it opens connections, delivers
/// messages and requests, ends rounds, and moves the clock, firing timers as they fall due.
final class InProcessDaemon {
    static let token = "0123456789abcdef0123456789abcdef"
    static let secretariatToken = "secretariat-0123456789abcdef"
    static let readToken = "read-0123456789abcdef01234"

    let directory: URL
    let clock: ManualClock
    let transport: FakeTransport
    let daemon: Daemon
    private var nextConnection: UInt64 = 1

    /// A daemon on `agenda` (the Geneva sitting), its clock at `start` (09:00 there);
    /// `journalDirectory` resumes an earlier one.
    init(
        agenda: Agenda = ServerTestAgendas.geneva,
        at start: Instant = ServerTestAgendas.nine,
        alertLead: Duration = .seconds(2),
        journalDirectory: URL? = nil,
        servedOrigins: [String] = ["http://127.0.0.1:8417"],
        readRequiresToken: Bool = false,
        journal postgres: Journal? = nil,
        lease: RoomLease? = nil
    ) throws {
        directory =
            journalDirectory
            ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("gavel-server-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let tokenPath = directory.appendingPathComponent("token").path
        try Data((Self.token + "\n").utf8).write(to: URL(fileURLWithPath: tokenPath))
        let tokenDirectory = directory
        func levelToken(_ name: String, _ secret: String) throws -> AccessToken {
            let path = tokenDirectory.appendingPathComponent(name).path
            try Data((secret + "\n").utf8).write(to: URL(fileURLWithPath: path))
            return try AccessToken(path: path, createIfMissing: false)
        }
        clock = ManualClock(at: start)
        transport = FakeTransport(clock: clock)
        let journal = try postgres ?? Journal(path: directory.appendingPathComponent("journal.sqlite").path)
        var logger = Logger(label: "gaveld-test")
        logger.logLevel = .critical
        var configuration = Daemon.Configuration(
            agenda: agenda,
            token: try AccessToken(path: tokenPath, createIfMissing: false),
            staticFiles: try StaticFiles(root: nil),
            originPolicy: OriginPolicy.servedOnly.serving(servedOrigins),
            alertLead: alertLead,
            secretariatToken: try levelToken("token-secretariat", Self.secretariatToken),
            readToken: try levelToken("token-read", Self.readToken),
            readRequiresToken: readRequiresToken
        )
        configuration.lease = lease
        configuration.room = postgres?.postgresAddress?.room ?? "main"
        configuration.advertisedURL = lease?.advertisedURL ?? "http://127.0.0.1:8417"
        daemon = try Daemon(
            configuration: configuration,
            transport: transport,
            journal: journal,
            clock: clock,
            logger: logger
        )
        transport.onClose = { [weak daemon] connection in daemon?.connectionClosed(connection) }
        daemon.start()
    }

    /// Closes the journal; the directory stays for a daemon to resume from.
    func stop() {
        daemon.shutdown()
        daemon.finish()
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A display (or, with `control`, the chair's remote with the token) connects, speaking
    /// `version` (with `?topics=` if given).
    @discardableResult
    func connect(
        control: Bool = false,
        authorization: String? = nil,
        origin: String? = nil,
        version: ProtocolVersion = .v1,
        topics: String? = nil
    ) -> ConnectionID {
        let id = ConnectionID(rawValue: nextConnection)
        nextConnection += 1
        transport.open.insert(id)
        var headers = ["host": "127.0.0.1:8417"]
        if control { headers["authorization"] = "Bearer \(Self.token)" }
        if let authorization { headers["authorization"] = authorization }
        if let origin { headers["origin"] = origin }
        daemon.connectionOpened(
            id,
            request: UpgradeRequest(
                path: "/ws",
                query: topics.map { ["topics": $0] } ?? [:],
                headers: headers,
                subprotocol: version.rawValue,
                peer: "127.0.0.1"
            )
        )
        return id
    }

    func disconnect(_ connection: ConnectionID) {
        transport.open.remove(connection)
        daemon.connectionClosed(connection)
    }

    /// Delivers one text message from `connection`; the round ends unless `endRound` is false.
    func receive(_ text: String, from connection: ConnectionID, endRound: Bool = true) {
        daemon.received(text, from: connection)
        if endRound { transport.finishRound() }
    }

    /// A command message: `{"type":"command","id":ID,"command":NAME, ...fields}`.
    func command(_ name: String, id: String, from connection: ConnectionID, fields: String = "", endRound: Bool = true)
    {
        let extra = fields.isEmpty ? "" : ", " + fields
        receive(
            #"{"type":"command","id":"\#(id)","command":"\#(name)"\#(extra)}"#,
            from: connection,
            endRound: endRound
        )
    }

    /// One HTTP request, answered as the transport would ask for it.
    /// An HTTP request; a `?name=value&…` after the path becomes its query.
    func http(_ method: String, _ path: String, headers: [String: String] = [:], body: String = "") -> HTTPResponse {
        let parts = path.split(separator: "?", maxSplits: 1)
        let query = (parts.count == 2 ? parts[1].split(separator: "&") : []).reduce(into: [String: String]()) {
            let pair = $1.split(separator: "=", maxSplits: 1)
            $0[String(pair[0])] = pair.count == 2 ? String(pair[1]) : ""
        }
        let response = daemon.handleHTTP(
            HTTPRequest(
                method: method,
                path: String(parts[0]),
                query: query,
                headers: headers,
                body: Array(body.utf8),
                peer: "127.0.0.1"
            )
        )
        transport.finishRound()
        return response
    }

    /// Moves the clock forward by `duration`, firing each timer when it falls due, in order.
    func advance(by duration: Duration) {
        let target = clock.now() + duration
        while let (timer, due) = transport.timers.filter({ $0.value <= target }).min(by: { $0.value < $1.value }) {
            clock.advance(by: max(.zero, due - clock.now()))
            transport.cancel(timer)
            daemon.timerFired(timer)
            transport.finishRound()
        }
        clock.advance(by: target - clock.now())
    }
}

/// A decoded message, for the fields a test reads.
func json(_ text: String) -> [String: Any] {
    (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
}
