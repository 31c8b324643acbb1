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
    /// A type this client does not know: ignored, as the protocol's versioning rule says.
    case other(type: String, json: String)

    /// Decodes a text message; a message that is not a gavel.v1 object is a protocol violation.
    public static func decode(_ text: String) throws(ClientError) -> ServerEvent {
        let data = Data(text.utf8)
        let decoder = WireCoding.decoder()
        let type: String
        do {
            type = try decoder.decode(Envelope.self, from: data).type
        } catch {
            throw ClientError(
                .protocolViolation,
                "the daemon sent something that is not a gavel.v1 message: \(clip(text))"
            )
        }
        do {
            switch type {
            case "hello": return .hello(try decoder.decode(HelloMessage.self, from: data))
            case "state": return .state(try decoder.decode(StateMessage.self, from: data), json: text)
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
                "the daemon's '\(type)' message does not match gavel.v1 (\(WireCoding.describe(error))); "
                    + "is gavel older than gaveld?"
            )
        }
    }

    private struct Envelope: Decodable { var type: String }

    private static func clip(_ text: String) -> String {
        text.count <= 80 ? text : String(text.prefix(80)) + "…"
    }
}
