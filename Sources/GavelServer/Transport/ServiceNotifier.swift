import CLibWebSockets

/// The systemd notification protocol (sd_notify): "READY=1", "STOPPING=1", "STATUS=...",
/// "WATCHDOG=1" datagrams to $NOTIFY_SOCKET.
public enum ServiceNotifier {
    public enum Outcome: Sendable, Equatable {
        /// Delivered to the service manager.
        case sent
        /// NOTIFY_SOCKET is not set: not started by a service manager that wants notifications.
        case notRequested
        /// The socket refused it; `errno` says why.
        case failed(errno: Int32)
    }

    /// Sends `state` (newline-separated assignments) to the service manager, if there is one.
    @discardableResult
    public static func notify(_ state: String) -> Outcome {
        let result = gavel_sd_notify(state)
        switch result {
        case 0: return .notRequested
        case 1...: return .sent
        default: return .failed(errno: -result)
        }
    }
}
