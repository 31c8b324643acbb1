/// What the first line of a request libwebsockets could not parse says: an HTTP request with a
/// method lws does not know (TRACE, PROPFIND, CONNECT...), or not HTTP at all.
enum RequestLine: Equatable {
    /// `METHOD target HTTP/x.y`, with a method that is a valid token.
    case unknownMethod(String)
    /// Anything else: a line that is not an HTTP request line, binary data, an empty line.
    case malformed

    /// Longest method name taken as one (the registered ones are at most 17 characters).
    static let maxMethodLength = 32

    init(_ bytes: some Collection<UInt8>) {
        let end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        var line = Array(bytes[bytes.startIndex..<end])
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, let method = parts.first, !method.isEmpty, method.count <= Self.maxMethodLength,
            method.allSatisfy(Self.isTokenCharacter),
            !parts[1].isEmpty, parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7f }),
            Self.isVersion(parts[2])
        else {
            self = .malformed
            return
        }
        self = .unknownMethod(String(decoding: method, as: UTF8.self))
    }

    /// RFC 9110 tchar.
    private static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }

    /// "HTTP/1.1", "HTTP/1.0", "HTTP/2.0"...
    private static func isVersion(_ bytes: ArraySlice<UInt8>) -> Bool {
        let text = Array(bytes)
        let digit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        return text.count == 8 && Array(text[0..<5]) == Array("HTTP/".utf8) && digit(text[5])
            && text[6] == UInt8(ascii: ".") && digit(text[7])
    }
}
