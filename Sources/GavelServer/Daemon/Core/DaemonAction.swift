import GavelCore
import GavelProtocol

/// What the daemon's core decides and the daemon carries out: sends, timers, the service
/// manager, the journal. Each names whom it concerns and when, so a test reads the decision
/// without a transport.
enum DaemonAction {
    /// `message` to one connection.
    case send(OutboundMessage, to: ConnectionID, delivery: Delivery)
    /// `message` to many.
    case broadcast(OutboundMessage, to: Audience, delivery: Delivery)
    /// Close one connection with a WebSocket close code.
    case close(ConnectionID, code: UInt16, reason: String)
    /// Close every connection and stop the service loop.
    case stop(code: UInt16, reason: String)
    /// Arm `timer` (replacing it) to fire at this instant of the daemon's timeline.
    case arm(TimerID, at: Instant)
    case cancel(TimerID)
    /// Tell the core `answersWritten(at:)` once the answers of this round are written.
    case afterAnswers
    /// An alert went out: counted and logged (`lateness` from its send instant, see `Publication`).
    case alertSent(AlertMessage, lateness: Duration)
    /// A line for systemd's notify socket ("READY=1", "STATUS=...", "WATCHDOG=1").
    case notifyServiceManager(String)
    /// The journal cannot take commands: probe it, or open it for writing, then tell the core.
    case retryJournal

    /// Who receives a broadcast.
    enum Audience: Equatable {
        /// Every subscriber.
        case everyone
        /// The subscribers of a feed (`DaemonCore.audiences`) but these (who already hold the message).
        case feed(Feed, except: Set<ConnectionID>)
        case connections([ConnectionID])
    }
}
