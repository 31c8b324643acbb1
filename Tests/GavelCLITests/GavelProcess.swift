import Foundation
import Testing

/// Runs the built `gavel` binary, as a user or a script would, with a timeout.
struct GavelProcess {
    struct Result {
        var status: Int32
        var stdout: Data
        var stderr: Data

        var output: String { String(decoding: stdout, as: UTF8.self) }
        var errorOutput: String { String(decoding: stderr, as: UTF8.self) }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The repository root, found from this file's path (Tests/GavelCLITests/GavelProcess.swift).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Where `swift build` puts the binary: beside the test bundle (Linux runs the bundle as an
    /// executable in .build/debug; macOS loads .build/debug/X.xctest), else the repository's
    /// .build/debug. A missing binary is a failure, never a skip: these tests exist to run it.
    static func binary() throws -> URL {
        var candidates: [URL] = []
        if let executable = Bundle.main.executableURL {
            candidates.append(executable.deletingLastPathComponent().appendingPathComponent("gavel"))
        }
        for bundle in Bundle.allBundles where bundle.bundleURL.pathExtension == "xctest" {
            candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("gavel"))
        }
        candidates.append(repositoryRoot.appendingPathComponent(".build/debug/gavel"))
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        throw Failure(
            description: """
                the gavel binary is not built; looked in:
                \(candidates.map { "  \($0.path)" }.joined(separator: "\n"))
                Run `swift build` (or `swift test`, which builds it) first.
                """
        )
    }

    /// Runs `gavel arguments…` in `directory`, feeding `input` to its standard input.
    ///
    /// Output goes to temporary files rather than pipes so a chatty child can never block on a
    /// full pipe. The process is killed and the test fails if it outlives `timeout`.
    static func run(
        _ arguments: [String],
        input: Data? = nil,
        environment: [String: String] = [:],
        in directory: URL = repositoryRoot,
        timeout: TimeInterval = 30
    ) throws -> Result {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("gavel-cli-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        let inURL = scratch.appendingPathComponent("stdin")
        try Data().write(to: outURL)
        try Data().write(to: errURL)
        try (input ?? Data()).write(to: inURL)

        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let stdout = try FileHandle(forWritingTo: outURL)
        let stderr = try FileHandle(forWritingTo: errURL)
        let stdin = try FileHandle(forReadingFrom: inURL)
        defer {
            try? stdout.close()
            try? stderr.close()
            try? stdin.close()
        }
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin

        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            _ = exited.wait(timeout: .now() + 5)
            let command = (["gavel"] + arguments).joined(separator: " ")
            throw Failure(description: "\(command) did not exit within \(Int(timeout))s")
        }
        return Result(
            status: process.terminationStatus,
            stdout: try Data(contentsOf: outURL),
            stderr: try Data(contentsOf: errURL)
        )
    }

    /// Writes `text` to a new temporary file named `name` and returns its path.
    static func temporaryFile(named name: String, containing text: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("gavel-cli-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url
    }
}
