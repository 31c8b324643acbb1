import Testing

@testable import GavelServer

@Suite struct LogThrottleTests {
    private let start = ContinuousClock.now

    @Test func theSameLineIsLoggedOncePerWindowWithTheCountHeldBack() {
        var throttle = LogThrottle(window: .seconds(10))
        #expect(throttle.admit("Ran out of header data space", now: start) == .log(suppressed: 0))
        for second in 1...9 {
            #expect(throttle.admit("Ran out of header data space", now: start + .seconds(second)) == .suppress)
        }
        #expect(throttle.admit("Ran out of header data space", now: start + .seconds(10)) == .log(suppressed: 9))
        #expect(throttle.admit("Ran out of header data space", now: start + .seconds(11)) == .suppress)
    }

    @Test func linesDifferingOnlyInNumbersCountAsOneAndOthersPass() {
        var throttle = LogThrottle(window: .seconds(10))
        #expect(throttle.admit("ERROR on binding fd 12 to port 8417", now: start) == .log(suppressed: 0))
        #expect(throttle.admit("ERROR on binding fd 13 to port 8418", now: start) == .suppress)
        #expect(throttle.admit("More hdr frags than we can deal with", now: start) == .log(suppressed: 0))
        #expect(LogThrottle.key("fd 12, pos 8190") == "fd #, pos #")
    }

    @Test func newLinesStillPassAfterManyDistinctOnesFilledTheTable() {
        var throttle = LogThrottle(window: .seconds(10), capacity: 8)
        for n in 0..<100 {
            _ = throttle.admit("line \(String(UnicodeScalar(UInt8(65 + n % 26))))\(n / 26)x", now: start)
        }
        #expect(throttle.admit("a line never seen", now: start) == .log(suppressed: 0))
    }
}
