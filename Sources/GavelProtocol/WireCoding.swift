import Foundation
import GavelCore

/// The JSON encoders and decoders of the wire protocol, configured once.
public enum WireCoding {
    /// Compact JSON for the wire. Key order is not part of the protocol.
    public static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }

    public static func decoder() -> JSONDecoder {
        JSONDecoder()
    }

    /// Encodes a server message; a message made of strings and numbers cannot fail to encode.
    ///
    /// With `CompactJSONEncoder`, which writes the bytes in one pass (a command's state and answer
    /// cost a tenth of its work through Foundation's); Foundation's encoder takes over whatever
    /// that one cannot follow, so the text means the same either way.
    public static func encode(_ message: some Encodable) -> [UInt8] {
        if let bytes = try? CompactJSONEncoder().encode(message) { return bytes }
        return (try? Array(encoder().encode(message))) ?? Array(#"{"type":"error","code":"internal"}"#.utf8)
    }

    /// "field 'speaker' must be a string", from a decoding error, for people.
    public static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "not valid JSON" }
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return "not valid JSON"
        case .dataCorrupted(let context):
            return "field '\(path(context.codingPath))': \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            let parent = path(context.codingPath)
            return parent.isEmpty
                ? "missing field '\(key.stringValue)'" : "missing field '\(parent).\(key.stringValue)'"
        case .typeMismatch(let type, let context):
            return "field '\(path(context.codingPath))' must be \(describe(type))"
        case .valueNotFound(let type, let context):
            return "field '\(path(context.codingPath))' must be \(describe(type)), not null"
        @unknown default:
            return "not a valid message"
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "an object"
        }
    }
}
