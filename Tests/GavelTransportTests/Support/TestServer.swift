import Foundation
import GavelServer
import Logging
import Synchronization

/// What the test delegate saw, in order.
enum ServerEvent: Sendable {
    case http(HTTPRequest)
    case opened(ConnectionID, UpgradeRequest)
    case received(ConnectionID, String)
    case closed(ConnectionID)
    case timer(TimerID)
    case note(String)
    case runReturned
}

/// A small delegate: records everything, echoes "echo:" messages, refuses `?token=bad`, and
/// answers a few HTTP routes. `onTimer` and `onText` let a test script more.
final class TestDelegate: TransportDelegate, @unchecked Sendable {
    let events: EventStream<ServerEvent>
    /// Every didClose, on its own so that counting them is cheap.
    let closes = EventStream<ConnectionID>()
    /// Service thread only (set before run, or from posted work).
    var onTimer: ((Transport, TimerID) -> Void)?
    var onOpen: ((Transport, ConnectionID) -> Void)?
    /// False: only `closes` records connections (a test counting memory keeps its own records small).
    var recordsConnections = true

    init(events: EventStream<ServerEvent>) {
        self.events = events
    }

    func transport(_ transport: Transport, handleHTTP request: HTTPRequest) -> HTTPResponse {
        events.append(.http(request))
        switch request.path {
        case "/echo":
            let summary: [String: Any] = [
                "method": request.method, "path": request.path, "query": request.query,
                "body": String(decoding: request.body, as: UTF8.self), "peer": request.peer,
                "contentType": request.headers["content-type"] ?? "",
            ]
            let body = try! JSONSerialization.data(withJSONObject: summary, options: [.sortedKeys])
            return .json(200, Array(body), headers: [("cache-control", "no-store")])
        case "/big":
            let size = Int(request.query["size"] ?? "") ?? 300_000
            let body = (0..<size).map { UInt8(ascii: "a") + UInt8($0 % 26) }
            return HTTPResponse(status: 200, contentType: "application/octet-stream", body: body)
        default:
            return .json(404, "{\"error\":\"not found\"}")
        }
    }

    func transport(_ transport: Transport, shouldAccept request: UpgradeRequest) -> (code: UInt16, reason: String)? {
        request.query["token"] == "bad" ? (4001, "unauthorized") : nil
    }

    func transport(_ transport: Transport, didOpen connection: ConnectionID, request: UpgradeRequest) {
        if recordsConnections { events.append(.opened(connection, request)) }
        onOpen?(transport, connection)
    }

    func transport(_ transport: Transport, didReceiveText text: String, from connection: ConnectionID) {
        events.append(.received(connection, text))
        if text.hasPrefix("echo:") {
            transport.send(OutboundMessage(text: text), to: connection, delivery: .queued)
        } else if text.hasPrefix("command:") || text.hasPrefix("command7:") {
            // As the daemon answers a command: the ack now (over gavel.v2, "command7:", also the five
            // topics and the state), the fan-out once the answers are written.
            let name = text.split(separator: ":", maxSplits: 1)[1]
            transport.send(OutboundMessage(text: "ack:\(name)"), to: connection, delivery: .queued)
            if text.hasPrefix("command7:") {
                for part in ["agenda", "progress", "queue", "budgets", "venue", "state"] {
                    transport.send(OutboundMessage(text: "\(part):\(name)"), to: connection, delivery: .queued)
                }
            }
            let events = self.events
            transport.afterAnswers {
                events.append(.note("fan-out after \(transport.statistics.messagesSent) sent"))
                transport.broadcast(
                    OutboundMessage(text: "state:\(name)"),
                    to: transport.connectionIDs,
                    delivery: .latest(.state)
                )
            }
        }
    }

    func transport(_ transport: Transport, didClose connection: ConnectionID) {
        if recordsConnections { events.append(.closed(connection)) }
        closes.append(connection)
    }

    func transport(_ transport: Transport, timerFired timer: TimerID) {
        events.append(.timer(timer))
        onTimer?(transport, timer)
    }
}

/// A transport on port 0 running `run()` on its own thread, with a `TestDelegate`.
final class TestServer: @unchecked Sendable {
    let transport: Transport
    let delegate: TestDelegate
    let events = EventStream<ServerEvent>()
    let logs: LogCapture
    /// The service thread's pthread id, once it started.
    let serviceThread = Mutex<pthread_t?>(nil)

    init(logLevel: Logger.Level = .trace, _ configure: (inout Transport.Configuration) -> Void = { _ in }) throws {
        logs = LogCapture(level: logLevel)
        var configuration = Transport.Configuration()
        configuration.port = 0
        configure(&configuration)
        transport = try Transport(configuration: configuration, logger: logs.logger)
        delegate = TestDelegate(events: events)
        transport.delegate = delegate
    }

    var port: Int { transport.boundPort }

    /// Starts the service thread (after the test configured the delegate).
    func start() {
        let thread = Thread { [self] in
            serviceThread.withLock { $0 = pthread_self() }
            transport.run()
            events.append(.runReturned)
        }
        thread.name = "gavel-transport-test"
        thread.start()
    }

    /// Runs `work` on the service thread and waits for it.
    func onServiceThread<T: Sendable>(_ work: @escaping @Sendable (Transport) -> T) async throws -> T {
        let result = Mutex<T?>(nil)
        let done = EventStream<Bool>()
        let transport = self.transport
        transport.post {
            result.withLock { $0 = work(transport) }
            done.append(true)
        }
        try await done.wait(for: "posted work to run") { !$0.isEmpty }
        return result.withLock { $0! }
    }

    func stop() async throws {
        transport.requestStop()
        try await events.first("run() to return") { if case .runReturned = $0 { true } else { false } }
    }

    // Queries over the recorded events.

    var openedConnections: [ConnectionID] {
        events.events.compactMap { if case .opened(let id, _) = $0 { id } else { nil } }
    }

    func closedCount() -> Int {
        events.events.filter { if case .closed = $0 { true } else { false } }.count
    }
}

/// Log records kept in memory (tests never bootstrap the logging system).
final class LogCapture: Sendable {
    struct Entry: Sendable {
        let level: Logger.Level
        let message: String
        let metadata: Logger.Metadata
    }

    private let entries = Mutex<[Entry]>([])
    private let level: Logger.Level

    init(level: Logger.Level = .trace) {
        self.level = level
    }

    var logger: Logger {
        var logger = Logger(label: "gavel.transport.test") { _ in CapturingHandler(capture: self) }
        logger.logLevel = level
        return logger
    }

    var all: [Entry] { entries.withLock { $0 } }

    fileprivate func record(_ entry: Entry) {
        entries.withLock { $0.append(entry) }
    }

    private struct CapturingHandler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.record(
                Entry(
                    level: event.level,
                    message: "\(event.message)",
                    metadata: metadata.merging(event.metadata ?? [:]) { $1 }
                )
            )
        }
    }
}
