import Foundation

/// `chattr +i`: the one way to make a file or directory unwritable for root without mounting.
enum Immutable {
    struct Failure: Error { var output: String }

    static func set(_ path: String) throws { try chattr("+i", path) }
    static func clear(_ path: String) throws { try chattr("-i", path) }

    /// Whether chattr works here: it needs root and a file system with attributes (ext4, xfs).
    static let isSupported: Bool = {
        guard let directory = try? TemporaryDirectory() else { return false }
        let probe = directory.path("probe")
        guard FileManager.default.createFile(atPath: probe, contents: nil), (try? set(probe)) != nil else {
            return false
        }
        defer { try? clear(probe) }
        return (try? Data("x".utf8).write(to: URL(fileURLWithPath: probe))) == nil
    }()

    private static func chattr(_ flag: String, _ path: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/chattr")
        process.arguments = [flag, path]
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(output: String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
        }
    }
}
