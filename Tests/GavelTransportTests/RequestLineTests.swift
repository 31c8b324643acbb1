import Testing

@testable import GavelServer

@Suite struct RequestLineTests {
    private func line(_ text: String) -> RequestLine { RequestLine(Array(text.utf8)) }

    @Test func aRequestLineWithAnUnknownMethodNamesIt() {
        #expect(line("TRACE /healthz HTTP/1.1\r\nHost: x\r\n\r\n") == .unknownMethod("TRACE"))
        #expect(line("CONNECT example.com:443 HTTP/1.1\r\n\r\n") == .unknownMethod("CONNECT"))
        #expect(line("PROPFIND /api HTTP/1.0\n") == .unknownMethod("PROPFIND"))
    }

    @Test func whatIsNotARequestLineIsMalformed() {
        #expect(line("HELLO\r\n\r\n") == .malformed)
        #expect(line("") == .malformed)
        #expect(line("GTE /healthz\r\n") == .malformed)
        #expect(line("TRACE  /healthz HTTP/1.1\r\n") == .malformed)  // two spaces
        #expect(line("TR(CE /healthz HTTP/1.1\r\n") == .malformed)  // not a token
        #expect(line("TRACE /healthz HTTP/11\r\n") == .malformed)
        #expect(line(String(repeating: "A", count: 40) + " / HTTP/1.1\r\n") == .malformed)
        #expect(RequestLine([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01]) == .malformed)
    }
}
