// A minimal Hummingbird broadcast server: the peer Gavel is compared with in docs/benchmarks.md.
//
// Every WebSocket on /ws is a subscriber. A text message from any of them is fanned out, as the
// same bytes (one shared ByteBuffer, like Gavel's serialise-once), to every other connection.
// The benchmark's orchestrator sends the message, sized like Gavel's state message, on a
// connection of its own: that is the "command". Each connection has its own writer task fed by
// an AsyncStream, so one slow subscriber does not hold up the others (the usual
// hummingbird-websocket broadcast pattern). Defaults everywhere else: NIO's shared event loop
// group (one loop per core), auto-ping every 30 s, no compression.
//
//   HummingbirdPeer PORT
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOWebSocket
import Synchronization

final class Subscribers: Sendable {
    private let streams = Mutex<[Int: AsyncStream<ByteBuffer>.Continuation]>([:])
    private let lastID = Atomic<Int>(0)

    func add(_ continuation: AsyncStream<ByteBuffer>.Continuation) -> Int {
        let id = lastID.add(1, ordering: .relaxed).newValue
        streams.withLock { $0[id] = continuation }
        return id
    }

    func remove(_ id: Int) {
        _ = streams.withLock { $0.removeValue(forKey: id) }
    }

    func broadcast(_ message: ByteBuffer, except sender: Int) {
        let targets = streams.withLock { $0 }
        for (id, continuation) in targets where id != sender {
            continuation.yield(message)
        }
    }
}

let port = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 8420 : 8420
let subscribers = Subscribers()

let router = Router(context: BasicWebSocketRequestContext.self)
router.get("/healthz") { _, _ in "ok" }
router.ws("/ws") { inbound, outbound, _ in
    let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream(bufferingPolicy: .bufferingNewest(256))
    let id = subscribers.add(continuation)
    defer {
        subscribers.remove(id)
        continuation.finish()
    }
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            for await message in stream {
                try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: message)))
            }
        }
        for try await frame in inbound where frame.opcode == .text {
            subscribers.broadcast(frame.data, except: id)
        }
        group.cancelAll()
    }
}

let app = Application(
    router: router,
    server: .http1WebSocketUpgrade(webSocketRouter: router),
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: "hummingbird-peer", backlog: 4096),
    logger: { var logger = Logger(label: "hummingbird-peer"); logger.logLevel = .warning; return logger }()
)
try await app.runService()
