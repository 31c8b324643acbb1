import GavelCore
import Testing

@testable import GavelServer

@Suite struct ControlAttemptLimiterTests {
    private let start = Instant(millisecondsSinceEpoch: 1_780_000_000_000)
    private let policy = ControlAttemptLimiter.Policy(maxFailures: 3, window: .seconds(60))

    @Test func theLimitThFailureClosesTheAddressUntilTheWindowEnds() {
        var limiter = ControlAttemptLimiter(policy: policy)
        let failure1 = limiter.recordFailure(of: "10.0.0.7", now: start)
        #expect(failure1 == .first)
        let failure2 = limiter.recordFailure(of: "10.0.0.7", now: start + .seconds(1))
        #expect(failure2 == .counted(2))
        #expect(limiter.verdict(for: "10.0.0.7", now: start + .seconds(2)) == .allowed)
        let failure3 = limiter.recordFailure(of: "10.0.0.7", now: start + .seconds(10))
        #expect(failure3 == .limitReached(retryAfter: .seconds(50)))
        #expect(limiter.verdict(for: "10.0.0.7", now: start + .seconds(20)) == .limited(retryAfter: .seconds(40)))
        #expect(limiter.verdict(for: "10.0.0.8", now: start + .seconds(20)) == .allowed)
        #expect(limiter.verdict(for: "10.0.0.7", now: start + .seconds(60)) == .allowed)
    }

    @Test func aFailureAfterTheWindowOpensANewOne() {
        var limiter = ControlAttemptLimiter(policy: policy)
        _ = limiter.recordFailure(of: "10.0.0.7", now: start)
        _ = limiter.recordFailure(of: "10.0.0.7", now: start + .seconds(1))
        let failure4 = limiter.recordFailure(of: "10.0.0.7", now: start + .seconds(61))
        #expect(failure4 == .first)
        #expect(limiter.verdict(for: "10.0.0.7", now: start + .seconds(62)) == .allowed)
    }

    @Test func ipv6AddressesCountPerSlash64AndMappedIPv4AsIPv4() {
        let key = ControlAttemptLimiter.key(for:)
        #expect(key("2001:db8:0:1::7") == key("2001:DB8:0:1:ffff::9"))
        #expect(ControlAttemptLimiter.key(for: "2001:db8:0:1::7") != ControlAttemptLimiter.key(for: "2001:db8:0:2::7"))
        #expect(ControlAttemptLimiter.key(for: "::ffff:192.0.2.1") == "192.0.2.1")
        #expect(ControlAttemptLimiter.key(for: "::1") == "0:0:0:0::/64")
        #expect(ControlAttemptLimiter.key(for: "unix") == "unix")
        #expect(ControlAttemptLimiter.key(for: "fe80::1%eth0") == "fe80:0:0:0::/64")
    }

    @Test func memoryIsBoundedByForgettingTheOldestAddresses() {
        var limiter = ControlAttemptLimiter(policy: policy, capacity: 100)
        for n in 0..<1000 {
            _ = limiter.recordFailure(of: "10.0.\(n / 256).\(n % 256)", now: start + .milliseconds(n))
        }
        #expect(limiter.trackedCount <= 100)
    }
}
