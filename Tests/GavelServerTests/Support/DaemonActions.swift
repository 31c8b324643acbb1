import GavelCore

@testable import GavelServer

/// The parts of a list of the core's actions a test reads.
extension [DaemonAction] {
    /// Timers armed, and when each falls due.
    var armed: [TimerID: Instant] {
        reduce(into: [:]) { armed, action in
            if case .arm(let timer, let at) = action { armed[timer] = at }
        }
    }

    var cancelled: [TimerID] {
        compactMap { if case .cancel(let timer) = $0 { timer } else { nil } }
    }

    /// Lines for the service manager.
    var statuses: [String] {
        compactMap { if case .notifyServiceManager(let line) = $0 { line } else { nil } }
    }

    var retriesJournal: Bool {
        contains { if case .retryJournal = $0 { true } else { false } }
    }

    /// Messages sent to one connection, as text.
    func sent(to connection: ConnectionID) -> [String] {
        compactMap { if case .send(let message, connection, _) = $0 { message.text } else { nil } }
    }

    /// Broadcasts, as text.
    var broadcasts: [String] {
        compactMap { if case .broadcast(let message, _, _) = $0 { message.text } else { nil } }
    }
}
