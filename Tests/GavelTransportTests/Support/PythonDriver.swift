import Foundation
import Synchronization

/// One event from Tests/python/ws_driver.py (see its docstring for the commands and events).
struct DriverEvent: Decodable, Sendable {
    let event: String
    var id: String?
    var subprotocol: String?
    var code: Int?
    var reason: String?
    var text: String?
    var binary: Bool?
    var length: Int?
    var head: String?
    var status: Int?
    var headers: [String: String]?
    var body: String?
    var local_port: Int?
    var will_close: Bool?
    var count: Int?
    var prefix: String?
    var last_head: String?
    var eof: Bool?
    var data: String?
    var error: String?
    var op: String?
}

/// Runs the independent Python client (websockets 15) and talks to it in JSON lines.
final class PythonDriver: @unchecked Sendable {
    let events = EventStream<DriverEvent>()
    private let process = Process()
    private let input: FileHandle
    private let writeLock = Mutex(())

    init() async throws {
        let python = try PythonEnvironment.executable()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-u", PythonEnvironment.root + "/Tests/python/ws_driver.py"]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        input = stdin.fileHandleForWriting
        try process.run()

        let output = stdout.fileHandleForReading
        let events = self.events
        let reader = Thread {
            var pending = Data()
            let decoder = JSONDecoder()
            while true {
                let chunk = output.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = pending[pending.startIndex..<newline]
                    pending = Data(pending[pending.index(after: newline)...])
                    if let event = try? decoder.decode(DriverEvent.self, from: line) {
                        events.append(event)
                    } else {
                        events.append(DriverEvent(event: "unparsed", error: String(decoding: line, as: UTF8.self)))
                    }
                }
            }
            events.append(DriverEvent(event: "exited"))
        }
        reader.start()
        try await events.first("the Python driver to start") { $0.event == "ready" }
    }

    /// Sends one command (see ws_driver.py).
    func send(_ command: [String: Any]) {
        let data = try! JSONSerialization.data(withJSONObject: command) + Data("\n".utf8)
        writeLock.withLock { _ in input.write(data) }
    }

    /// Sends an HTTP request as client `id` (`conn` names a connection to reuse: keep-alive).
    func http(
        _ id: String,
        _ method: String,
        _ path: String,
        port: Int,
        conn: String? = nil,
        body: String? = nil,
        headers: [String: String] = [:]
    ) {
        var command: [String: Any] = [
            "op": "http", "id": id, "port": port, "method": method, "path": path, "headers": headers,
        ]
        if let conn { command["conn"] = conn }
        if let body { command["body"] = body }
        send(command)
    }

    /// The first event named `event` for client `id`.
    @discardableResult
    func next(_ event: String, id: String, timeout: Duration = .seconds(30)) async throws -> DriverEvent {
        try await events.first("\(event) from \(id)", timeout: timeout) { $0.event == event && $0.id == id }
    }

    /// Messages client `id` received so far.
    func messages(of id: String) -> [DriverEvent] {
        events.events.filter { $0.event == "message" && $0.id == id }
    }

    func quit() async {
        send(["op": "quit"])
        _ = try? await events.first("the Python driver to exit", timeout: .seconds(10)) { $0.event == "exited" }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}

/// Finds the Python with the test clients: $GAVEL_PYTHON (set by Scripts/test), else .build/venv,
/// created here the way Scripts/lib/setup.sh does if it is missing.
enum PythonEnvironment {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Support, GavelTransportTests, Tests, root
        return url.path
    }()

    private static let resolved = Mutex<Result<String, PythonUnavailable>?>(nil)

    struct PythonUnavailable: Error, CustomStringConvertible {
        let description: String
    }

    static func executable() throws -> String {
        try resolved.withLock { resolved in
            if resolved == nil { resolved = Result { try locate() }.mapError { $0 as! PythonUnavailable } }
            return try resolved!.get()
        }
    }

    private static func locate() throws(PythonUnavailable) -> String {
        if let python = ProcessInfo.processInfo.environment["GAVEL_PYTHON"], !python.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: python) else {
                throw PythonUnavailable(description: "GAVEL_PYTHON=\(python) is not an executable: run Scripts/test")
            }
            return python
        }
        let venv = root + "/.build/venv"
        let python = venv + "/bin/python"
        let requirements = root + "/Tests/python/requirements.txt"
        let stamp = venv + "/.requirements"
        let wanted = (try? String(contentsOfFile: requirements, encoding: .utf8)) ?? ""
        let installed = (try? String(contentsOfFile: stamp, encoding: .utf8)) ?? ""
        if FileManager.default.isExecutableFile(atPath: python) && installed == wanted {
            return python
        }
        let hasVenv = FileManager.default.isExecutableFile(atPath: python)
        let made =
            (hasVenv || run("/usr/bin/env", ["python3", "-m", "venv", venv]))
            && run(python, ["-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", requirements])
        guard made else {
            throw PythonUnavailable(
                description:
                    "GAVEL_PYTHON is not set and \(venv) could not be set up with \(requirements): "
                    + "run Scripts/test, which installs python3-venv and the Python test clients"
            )
        }
        try? wanted.write(toFile: stamp, atomically: true, encoding: .utf8)
        return python
    }

    private static func run(_ executable: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
