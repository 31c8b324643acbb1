import GavelClient
import Testing

/// `--server` and `GAVEL_SERVER`: every accepted form, and the refusals that say what to write.
@Suite struct ServerAddressTests {
    @Test(arguments: [
        ("127.0.0.1:8417", ServerAddress.tcp(host: "127.0.0.1", port: 8417)),
        ("localhost", .tcp(host: "localhost", port: 8417)),
        ("gavel.example.org:9000", .tcp(host: "gavel.example.org", port: 9000)),
        ("http://10.0.0.5:8417", .tcp(host: "10.0.0.5", port: 8417)),
        ("http://10.0.0.5:8417/", .tcp(host: "10.0.0.5", port: 8417)),
        ("ws://10.0.0.5:8417/ws", .tcp(host: "10.0.0.5", port: 8417)),
        ("[::1]:8417", .tcp(host: "::1", port: 8417)),
        (":9001", .tcp(host: "127.0.0.1", port: 9001)),
        ("unix:/run/gavel/gaveld.sock", .unix(path: "/run/gavel/gaveld.sock")),
    ])
    func acceptedFormsParse(text: String, expected: ServerAddress) throws {
        #expect(try ServerAddress.parse(text).get() == expected)
    }

    @Test(arguments: [
        "", "https://h:1", "wss://h:1", "ftp://h:1", "h:0", "h:70000", "h:port", "unix:relative", "a b:1",
    ])
    func malformedAddressesAreRefusedWithAReason(text: String) {
        guard case .failure(let error) = ServerAddress.parse(text) else {
            Issue.record("'\(text)' was accepted")
            return
        }
        #expect(!error.message.isEmpty)
    }

    @Test func onlyLoopbackAndUnixSocketsAreLocal() throws {
        #expect(try ServerAddress.parse("127.0.0.1:1").get().isLocal)
        #expect(try ServerAddress.parse("localhost:1").get().isLocal)
        #expect(try ServerAddress.parse("[::1]:1").get().isLocal)
        #expect(try ServerAddress.parse("unix:/tmp/s").get().isLocal)
        #expect(!(try ServerAddress.parse("10.0.0.5:1").get().isLocal))
        #expect(!(try ServerAddress.parse("gavel.example.org").get().isLocal))
    }

    @Test func tlsSchemesSayHowToReachTheDaemonInstead() {
        guard case .failure(let error) = ServerAddress.parse("https://gavel.example.org") else {
            Issue.record("https was accepted")
            return
        }
        #expect(error.message.contains("ssh -L"))
    }
}
