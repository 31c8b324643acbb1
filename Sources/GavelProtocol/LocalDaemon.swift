/// Where a local gaveld listens and keeps its state when nobody says otherwise. The daemon and
/// the CLI resolve these the same way, so `gavel next` finds the daemon `gaveld` started.
public enum LocalDaemon {
    public static let defaultHost = "127.0.0.1"
    public static let defaultPort = 8417
    public static let tokenFileName = "token"
    public static let journalFileName = "journal.sqlite"

    /// `$GAVEL_STATE_DIR`, else systemd's `$STATE_DIRECTORY` (the first, if several), else
    /// `$XDG_STATE_HOME/gavel`, else `~/.local/state/gavel`.
    public static func stateDirectory(environment: [String: String]) -> String {
        if let directory = environment["GAVEL_STATE_DIR"], !directory.isEmpty { return directory }
        if let directories = environment["STATE_DIRECTORY"], let first = directories.split(separator: ":").first {
            return String(first)
        }
        if let xdg = environment["XDG_STATE_HOME"], !xdg.isEmpty { return xdg + "/gavel" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return home + "/.local/state/gavel"
    }

    /// Parses `HOST:PORT`, `[v6]:PORT`, `:PORT` or `PORT`.
    public static func parseListen(_ text: String) -> (host: String, port: Int)? {
        var host = defaultHost
        var portText = text
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { return nil }
            portText = String(rest.dropFirst())
        } else if let colon = text.lastIndex(of: ":") {
            let given = String(text[..<colon])
            if !given.isEmpty { host = given }
            portText = String(text[text.index(after: colon)...])
        }
        guard let port = Int(portText), (0...65535).contains(port), !host.isEmpty else { return nil }
        return (host, port)
    }
}
