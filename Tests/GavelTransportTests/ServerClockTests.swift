import Foundation
import GavelCore
import Testing

@testable import GavelServer

/// The daemon's timeline: continued across restarts on one boot, set apart from the wall clock
/// by a configured offset (a rehearsal, the tests' clock), and anchored anew when that changes.
@Suite struct ServerClockTests {
    private static let hour = Duration.seconds(3600)

    private func wallNow() -> Instant { Instant(Date()) }

    @Test func anOffsetPlacesTheTimelineThatFarFromTheWallClock() {
        let before = wallNow()
        let clock = ServerClock(continuing: nil, offset: .zero - Self.hour * 5)
        let after = wallNow()
        #expect(!clock.continued)
        // Between the two wall readings, shifted back five hours.
        #expect(clock.now() >= before - Self.hour * 5)
        #expect(clock.anchor.wall <= after - Self.hour * 5)
        // The offset is configured, not drift: it is not reported as the wall clock moving.
        #expect(abs(clock.wallClockOffset().milliseconds) < Self.hour.milliseconds)
    }

    @Test func aRestartWithTheSameOffsetContinuesTheTimeline() {
        let first = ServerClock(continuing: nil, offset: .seconds(90))
        let stored = ServerClock.Anchor(serialized: first.anchor.serialized)
        #expect(stored == first.anchor)
        let second = ServerClock(continuing: stored, offset: .seconds(90))
        #expect(second.continued)
        #expect(second.anchor == first.anchor)
    }

    @Test func aChangedOffsetAnchorsAnew() {
        let rehearsal = ServerClock(continuing: nil, offset: Self.hour * 24)
        let meeting = ServerClock(continuing: rehearsal.anchor, offset: .zero)
        #expect(!meeting.continued)
        #expect(meeting.anchor.offset == .zero)
        #expect(rehearsal.now() - meeting.now() > Self.hour * 23)
    }

    @Test func anAnchorStoredBeforeOffsetsExistedReadsAsNoOffset() throws {
        let anchor = try #require(ServerClock.Anchor(serialized: "boot-1 1527000000000 12345"))
        #expect(anchor.offset == .zero)
        #expect(anchor.wall == Instant(millisecondsSinceEpoch: 1_527_000_000_000))
        #expect(anchor.serialized == "boot-1 1527000000000 12345 0")
        #expect(ServerClock.Anchor(serialized: "boot-1 x 12345") == nil)
        #expect(ServerClock.Anchor(serialized: "boot-1 1 2 3 4") == nil)
    }
}
