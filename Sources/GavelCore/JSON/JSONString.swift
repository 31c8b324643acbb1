/// A string as JSON writes it: in quotes, escaping what JSON requires (the quote, the backslash,
/// control characters, as `\n` or `\u001f`) and nothing else, `/` and non-ASCII letters
/// included. The one spelling of both encoders (`CompactJSONEncoder`, `CanonicalJSONEncoder`),
/// which is also Foundation's with `.withoutEscapingSlashes`.
enum JSONString {
    /// `string` in quotes, as text.
    static func quoted(_ string: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(string.utf8.count + 2)
        appendQuoted(string, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `string` in quotes, appended to `bytes`.
    static func appendQuoted(_ string: String, to bytes: inout [UInt8]) {
        var string = string
        string.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            var runStart = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscape(byte, to: &bytes)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
            bytes.append(UInt8(ascii: "\""))
        }
    }

    private static func appendEscape(_ byte: UInt8, to bytes: inout [UInt8]) {
        switch byte {
        case 0x22: appendLiteral("\\\"", to: &bytes)
        case 0x5C: appendLiteral("\\\\", to: &bytes)
        case 0x0A: appendLiteral("\\n", to: &bytes)
        case 0x0D: appendLiteral("\\r", to: &bytes)
        case 0x09: appendLiteral("\\t", to: &bytes)
        case 0x08: appendLiteral("\\b", to: &bytes)
        case 0x0C: appendLiteral("\\f", to: &bytes)
        default:
            // A control character below 0x20: \u0000 to \u001f.
            appendLiteral("\\u00", to: &bytes)
            bytes.append(UInt8(ascii: "0") + (byte >> 4))
            let low = byte & 0xF
            bytes.append(low < 10 ? UInt8(ascii: "0") + low : UInt8(ascii: "a") + low - 10)
        }
    }

    /// JSON text as it is (`null`, `true`, `{}`, an escape), appended to `bytes`.
    static func appendLiteral(_ text: StaticString, to bytes: inout [UInt8]) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }
}
