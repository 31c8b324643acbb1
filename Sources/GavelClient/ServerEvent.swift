import Foundation
import GavelProtocol

/// One message from gaveld, decoded, with its text kept for `--json` (so fields this client does
/// not know still reach scripts).
public enum ServerEvent: Sendable {
    case hello(HelloMessage)
    case state(StateMessage, json: String)
    case alert(AlertMessage, json: String)
    case pong(PongMessage)
    case ack(AckMessage, json: String)
    case error(ErrorMessage, json: String)
    case tick(TickMessage, json: String)
    /// gavel.v2: the small per-change state.
    case liveState(LiveStateMessage, json: String)
    /// gavel.v2's topics.
    case agenda(AgendaMessage)
    case progress(ProgressMessage)
    case queue(QueueMessage)
    case budgets(BudgetsMessage)
    /// A type this client does not know: ignored, as the protocol's versioning rule says.
    case other(type: String, json: String)

    /// Decodes a text message of `version`; a message that is not a gavel object is a protocol
    /// violation.
    public static func decode(_ text: String, version: ProtocolVersion = .v1) throws(ClientError) -> ServerEvent {
        let data = Data(text.utf8)
        let decoder = WireCoding.decoder()
        let type: String
        do {
            type = try decoder.decode(Envelope.self, from: data).type
        } catch {
            throw ClientError(
                .protocolViolation,
                "the daemon sent something that is not a \(version.rawValue) message: \(clip(text))"
            )
        }
        do {
            switch type {
            case "hello": return .hello(try decoder.decode(HelloMessage.self, from: data))
            case "state" where version >= .v2:
                return .liveState(try decoder.decode(LiveStateMessage.self, from: data), json: text)
            case "state": return .state(try decoder.decode(StateMessage.self, from: data), json: text)
            case "agenda" where version >= .v2: return .agenda(try decoder.decode(AgendaMessage.self, from: data))
            case "progress" where version >= .v2: return .progress(try decoder.decode(ProgressMessage.self, from: data))
            case "queue" where version >= .v2: return .queue(try decoder.decode(QueueMessage.self, from: data))
            case "budgets" where version >= .v2: return .budgets(try decoder.decode(BudgetsMessage.self, from: data))
            case "alert": return .alert(try decoder.decode(AlertMessage.self, from: data), json: text)
            case "pong": return .pong(try decoder.decode(PongMessage.self, from: data))
            case "ack": return .ack(try decoder.decode(AckMessage.self, from: data), json: text)
            case "error": return .error(try decoder.decode(ErrorMessage.self, from: data), json: text)
            case "tick": return .tick(try decoder.decode(TickMessage.self, from: data), json: text)
            default: return .other(type: type, json: text)
            }
        } catch {
            throw ClientError(
                .protocolViolation,
                "the daemon's '\(type)' message does not match \(version.rawValue) (\(WireCoding.describe(error))); "
                    + "is gavel older than gaveld?"
            )
        }
    }

    private struct Envelope: Decodable { var type: String }

    private static func clip(_ text: String) -> String {
        text.count <= 80 ? text : String(text.prefix(80)) + "…"
    }
}
