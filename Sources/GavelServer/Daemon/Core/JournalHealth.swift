/// Whether the daemon can journal commands. Anything but `.writable` is "degraded" in /healthz.
enum JournalHealth: Equatable {
    case writable
    /// The last write failed and was rolled back (disk full, file system gone read-only), or at
    /// start the journal could not take a command's write: commands are still tried, each refused
    /// while it fails; a probe as large as the largest command's write, every retry interval,
    /// notices when writing works again (a command that fits meanwhile does not prove the next
    /// one will).
    case failing(String)
    /// The journal is open for reading only, or not at all: commands are refused before they are
    /// tried, and opening it for writing is retried every retry interval.
    case readOnly(String)

    var name: String {
        switch self {
        case .writable: "writable"
        case .failing: "failing"
        case .readOnly: "readOnly"
        }
    }

    var reason: String? {
        switch self {
        case .writable: nil
        case .failing(let reason), .readOnly(let reason): reason
        }
    }
}
