import Foundation
import GavelClient
import Testing

/// The lws client against nothing: a port nobody listens on, a host that does not resolve. (The
/// client against a real gaveld is tested end to end in Tests/python/cli.)
@Suite struct ConnectionFailureTests {
    /// A loopback port with nothing listening: bind one, note it, close it.
    static func unusedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        #expect(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func aClosedPortIsUnreachableAtOnce() throws {
        let address = ServerAddress.tcp(host: "127.0.0.1", port: try Self.unusedPort())
        let started = ContinuousClock.now

        #expect {
            _ = try WebSocketClient(address: address, path: "/ws", subprotocol: "gavel.v1", timeout: .seconds(30))
        } throws: { error in
            (error as? ClientError)?.kind == .unreachable
                && (error as? ClientError)?.message.contains("cannot connect to \(address)") == true
        }
        // Refused in microseconds; timed out, it would take the 30 s above. 10 s tells them apart
        // on any machine, however loaded.
        #expect(ContinuousClock.now - started < .seconds(10), "refused, not timed out")
    }

    @Test func httpToAClosedPortIsUnreachable() throws {
        let address = ServerAddress.tcp(host: "127.0.0.1", port: try Self.unusedPort())

        #expect {
            _ = try HTTPClient.get("/api/v1/state", from: address, timeout: .seconds(5))
        } throws: { error in
            (error as? ClientError)?.kind == .unreachable
        }
    }

    @Test func anUnresolvableHostSaysSo() {
        #expect {
            _ = try HTTPClient.get("/", from: .tcp(host: "no-such-host.invalid", port: 8417), timeout: .seconds(5))
        } throws: { error in
            (error as? ClientError)?.message.contains("does not resolve") == true
        }
    }
}
