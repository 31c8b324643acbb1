import Testing

@testable import GavelServer

@Suite struct OriginPolicyTests {
    /// gaveld on 127.0.0.1:8417, on a machine called "podium".
    private let loopback = OriginPolicy.servedOnly.serving(
        OriginPolicy.servedOrigins(
            scheme: "http",
            host: "127.0.0.1",
            port: 8417,
            interfaceAddresses: ["127.0.0.1", "192.168.1.20"],
            hostName: "podium"
        )
    )

    @Test func requestsThatAreNotFromABrowserPageAreNotConcerned() {
        #expect(loopback.allowsControl(origin: nil))
        #expect(loopback.allowsControl(origin: ""))
        // libwebsockets' client sends "host:port", which no browser sends.
        #expect(loopback.allowsControl(origin: "127.0.0.1:8417"))
    }

    @Test func pagesOfTheOriginsGaveldServesMayControl() {
        #expect(loopback.allowsControl(origin: "http://127.0.0.1:8417"))
        #expect(loopback.allowsControl(origin: "http://localhost:8417"))
        #expect(loopback.allowsControl(origin: "http://[::1]:8417"))
        #expect(loopback.allowsControl(origin: "http://Podium:8417"))
        #expect(loopback.allowsControl(origin: "http://podium.local:8417"))
        #expect(!loopback.allowsControl(origin: "http://127.0.0.1:9999"))  // another port is another origin
        #expect(!loopback.allowsControl(origin: "https://127.0.0.1:8417"))  // and another scheme
        #expect(!loopback.allowsControl(origin: "http://192.168.1.20:8417"))  // not listened on
        #expect(!loopback.allowsControl(origin: "https://evil.example"))
        #expect(!loopback.allowsControl(origin: "null"))
    }

    @Test func theHostTheRequestClaimsIsNotAnOriginGaveldServes() {
        // DNS rebinding: evil.example made to resolve to gaveld's address; its page sends
        // `Host: evil.example:8417` and `Origin: http://evil.example:8417`. Once, a matching Host
        // was enough, and a Host without a port matched an Origin of any port.
        #expect(!loopback.allowsControl(origin: "http://evil.example:8417"))
        #expect(!loopback.allowsControl(origin: "http://evil.example"))
        #expect(!OriginPolicy.servedOnly.allowsControl(origin: "http://127.0.0.1:8417"))
    }

    @Test func onEveryInterfaceEachAddressIsAnOriginButLinkLocalIPv6IsNot() {
        let origins = OriginPolicy.servedOrigins(
            scheme: "https",
            host: "0.0.0.0",
            port: 443,
            interfaceAddresses: ["127.0.0.1", "10.4.0.7", "::1", "2001:db8::7", "fe80::1"],
            hostName: "gavel.venue.example"
        )
        #expect(
            origins == [
                "https://127.0.0.1", "https://10.4.0.7", "https://[::1]", "https://[2001:db8::7]", "https://localhost",
                "https://gavel.venue.example",
            ]
        )
        let onAddress = OriginPolicy.servedOrigins(
            scheme: "http",
            host: "10.4.0.7",
            port: 8417,
            interfaceAddresses: ["10.4.0.7", "10.9.9.9"],
            hostName: nil
        )
        #expect(onAddress == ["http://10.4.0.7:8417"])
    }

    @Test func listedOriginsMayControlExactly() throws {
        let policy = try OriginPolicy(allowedOrigins: ["https://chair.example.org/", "http://desk.local:8080", "null"])
        #expect(policy.allowsControl(origin: "https://chair.example.org"))
        #expect(policy.allowsControl(origin: "https://chair.example.org:443"))
        #expect(policy.allowsControl(origin: "http://desk.local:8080"))
        #expect(!policy.allowsControl(origin: "http://desk.local"))
        #expect(!policy.allowsControl(origin: "http://chair.example.org"))
        #expect(policy.allowsControl(origin: "null"))
        #expect(try OriginPolicy(allowedOrigins: ["*"]).allowsControl(origin: "https://any.where"))
    }

    @Test func whiteSpaceAroundAnOriginIsNotPartOfIt() throws {
        // A comma-separated GAVEL_ALLOWED_ORIGINS, a value from a file with its newline.
        let policy = try OriginPolicy(allowedOrigins: [" https://chair.example.org", "http://desk.local:8080\n"])
        #expect(policy.allowed == ["https://chair.example.org", "http://desk.local:8080"])
        #expect(policy.allowsControl(origin: "\thttps://chair.example.org "))
        #expect(!policy.allowsControl(origin: " https://evil.example"))
    }

    @Test(arguments: [
        "chair.example.org", "https://", "https://a.example/path", "https://user@a.example", "http://a:99999",
    ])
    func somethingThatIsNotAnOriginIsRefused(entry: String) {
        #expect(throws: DaemonError.self) { try OriginPolicy(allowedOrigins: [entry]) }
    }
}
