import Foundation

/// The display page's files, read once at start from the web root shipped with the daemon, so
/// serving them never touches the disk from the service thread.
public struct StaticFiles: Sendable {
    public struct File: Sendable {
        public var contentType: String
        public var bytes: [UInt8]
    }

    private var files: [String: File]
    public let root: String?

    /// Loads every file under `root` (a few small files: HTML, CSS, JavaScript, icons, a font).
    public init(root: String?) throws(DaemonError) {
        self.root = root
        self.files = [:]
        guard let root else { return }
        let manager = FileManager.default
        guard let enumerator = manager.enumerator(atPath: root) else {
            throw DaemonError("the web root \(root) cannot be read; point --web-root at the display files")
        }
        while let relative = enumerator.nextObject() as? String {
            let path = root + "/" + relative
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
                let data = manager.contents(atPath: path)
            else { continue }
            files["/" + relative] = File(contentType: Self.contentType(for: relative), bytes: Array(data))
        }
        guard files["/index.html"] != nil else {
            throw DaemonError("the web root \(root) has no index.html; point --web-root at the display files")
        }
    }

    /// The file for a request path; `/` is `index.html`.
    public func file(for path: String) -> File? {
        if path == "/" || path.isEmpty { return files["/index.html"] }
        guard !path.contains("..") else { return nil }
        return files[path] ?? files[path + "/index.html"] ?? files[path + ".html"]
    }

    public var count: Int { files.count }

    static func contentType(for name: String) -> String {
        switch name.split(separator: ".").last?.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "json": "application/json"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "woff2": "font/woff2"
        case "wav": "audio/wav"
        case "mp3": "audio/mpeg"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }

    /// Where the display files are when none is given: beside the executable as SwiftPM copies
    /// them, or under `share/gavel/web` of an installed prefix.
    public static func defaultRoot(executablePath: String) -> String? {
        let directory = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [
            directory.appendingPathComponent("Gavel_GavelServer.resources/Web").path,
            directory.appendingPathComponent("../share/gavel/web").standardized.path,
        ]
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/index.html") }
    }
}
