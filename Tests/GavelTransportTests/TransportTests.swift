import GavelServer
import Logging
import Testing

/// The transport over real loopback sockets, with the Python `websockets` client on the other
/// side. Serialized: each test runs a server thread and a client process, and some measure time.
@Suite(.serialized) struct TransportTests {}

/// A running server and a Python driver for one test; `finish()` stops both.
struct Harness {
    let server: TestServer
    let client: PythonDriver

    init(
        logLevel: Logger.Level = .trace,
        _ configure: (inout Transport.Configuration) -> Void = { _ in },
        prepare: (TestDelegate) -> Void = { _ in }
    ) async throws {
        server = try TestServer(logLevel: logLevel, configure)
        prepare(server.delegate)
        server.start()
        client = try await PythonDriver()
    }

    var port: Int { server.port }

    func finish() async throws {
        await client.quit()
        try await server.stop()
    }
}
