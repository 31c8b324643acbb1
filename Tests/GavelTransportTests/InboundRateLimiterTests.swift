import Testing

@testable import GavelServer

@Suite struct InboundRateLimiterTests {
    private let start = ContinuousClock.now

    /// How many of `count` messages at `now` are admitted.
    private func admitted(_ count: Int, _ limiter: inout InboundRateLimiter, at now: ContinuousClock.Instant) -> Int {
        (0..<count).reduce(0) { total, _ in total + (limiter.admit(now: now) ? 1 : 0) }
    }

    @Test func aBurstUpToTheBucketIsAdmittedAndOneMoreIsNot() {
        var limiter = InboundRateLimiter(rate: .init(perSecond: 50, burst: 200), now: start)
        #expect(admitted(201, &limiter, at: start) == 200)
    }

    @Test func theBucketRefillsAtTheRateAndNoFurther() {
        var limiter = InboundRateLimiter(rate: .init(perSecond: 50, burst: 200), now: start)
        #expect(admitted(200, &limiter, at: start) == 200)
        #expect(admitted(10, &limiter, at: start + .milliseconds(100)) == 5)  // five messages' worth
        #expect(admitted(1000, &limiter, at: start + .seconds(3600)) == 200)
    }

    @Test func aSteadySenderAtTheRateIsNeverRefused() {
        var limiter = InboundRateLimiter(rate: .init(perSecond: 50, burst: 10), now: start)
        let refused = (0..<1000).filter { !limiter.admit(now: start + .milliseconds(20 * $0)) }
        #expect(refused.isEmpty)
    }
}
