import Testing

@testable import GavelServer

@Suite struct OriginPolicyTests {
    @Test func requestsWithoutABrowserOriginAreNotBrowserPages() throws {
        let policy = OriginPolicy.sameHostOnly
        #expect(policy.allowsControl(origin: nil, host: "127.0.0.1:8417"))
        #expect(policy.allowsControl(origin: "", host: nil))
        // libwebsockets' client sends "host:port", which no browser does.
        #expect(policy.allowsControl(origin: "127.0.0.1:8417", host: "127.0.0.1:8417"))
    }

    @Test func aPageServedByGaveldItselfMayControl() {
        let policy = OriginPolicy.sameHostOnly
        #expect(policy.allowsControl(origin: "http://127.0.0.1:8417", host: "127.0.0.1:8417"))
        #expect(policy.allowsControl(origin: "http://Gavel.Local:8417", host: "gavel.local:8417"))
        #expect(policy.allowsControl(origin: "https://room4.example.org", host: "room4.example.org"))
        #expect(policy.allowsControl(origin: "http://[::1]:8417", host: "[::1]:8417"))
        #expect(!policy.allowsControl(origin: "http://127.0.0.1:9999", host: "127.0.0.1:8417"))
        #expect(!policy.allowsControl(origin: "https://evil.example", host: "127.0.0.1:8417"))
        #expect(!policy.allowsControl(origin: "https://evil.example", host: nil))
        #expect(!policy.allowsControl(origin: "null", host: "127.0.0.1:8417"))
    }

    @Test func listedOriginsMayControlWrittenAsBrowsersWriteThem() throws {
        let policy = try OriginPolicy(allowedOrigins: ["https://chair.example.org/", "http://desk.local:8080", "null"])
        #expect(policy.allowsControl(origin: "https://chair.example.org", host: "gaveld:8417"))
        #expect(policy.allowsControl(origin: "https://chair.example.org:443", host: "gaveld:8417"))
        #expect(policy.allowsControl(origin: "http://desk.local:8080", host: "gaveld:8417"))
        #expect(!policy.allowsControl(origin: "http://desk.local", host: "gaveld:8417"))
        #expect(!policy.allowsControl(origin: "http://chair.example.org", host: "gaveld:8417"))
        #expect(policy.allowsControl(origin: "null", host: "gaveld:8417"))
        #expect(try OriginPolicy(allowedOrigins: ["*"]).allowsControl(origin: "https://any.where", host: nil))
    }

    @Test func whiteSpaceAroundAnOriginIsNotPartOfIt() throws {
        // A comma-separated GAVEL_ALLOWED_ORIGINS, a value from a file with its newline.
        let policy = try OriginPolicy(allowedOrigins: [" https://chair.example.org", "http://desk.local:8080\n"])
        #expect(policy.allowed == ["https://chair.example.org", "http://desk.local:8080"])
        #expect(policy.allowsControl(origin: "\thttps://chair.example.org ", host: "gaveld:8417"))
        #expect(!policy.allowsControl(origin: " https://evil.example", host: " gaveld:8417"))
        #expect(policy.allowsControl(origin: "http://gaveld:8417", host: " gaveld:8417\t"))
    }

    @Test(arguments: [
        "chair.example.org", "https://", "https://a.example/path", "https://user@a.example", "http://a:99999",
    ])
    func somethingThatIsNotAnOriginIsRefused(entry: String) {
        #expect(throws: DaemonError.self) { try OriginPolicy(allowedOrigins: [entry]) }
    }
}
