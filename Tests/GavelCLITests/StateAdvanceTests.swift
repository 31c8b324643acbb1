import GavelCore
import GavelProtocol
import Testing

@testable import gavel

/// Between the daemon's messages, gavel computes the state at "now" as the daemon would.
@Suite struct StateAdvanceTests {
    @Test func aRunningItemCountsDownAndChangesLevelAsTheDaemonWould() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        let snapshot = meeting.message(at: "09:00")

        for time in ["09:05", "09:08:30", "09:09:59", "09:10:05", "09:11"] {
            let local = snapshot.advanced(to: TestMeeting.at(time))
            let daemon = meeting.message(at: time)
            #expect(local.item?.remainingMs == daemon.item?.remainingMs, "\(time)")
            #expect(local.item?.elapsedMs == daemon.item?.elapsedMs, "\(time)")
            #expect(local.item?.level == daemon.item?.level, "\(time)")
        }
    }

    @Test(arguments: ["09:05", "09:10", "09:12:30", "09:20"])
    func theProjectionMovesAsTheDaemonsWouldWhenTheItemRunsOver(time: String) throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        let snapshot = meeting.message(at: "09:01")

        let local = snapshot.advanced(to: TestMeeting.at(time))
        let daemon = meeting.message(at: time)

        #expect(local.schedule == daemon.schedule)
        #expect(local.next == daemon.next)
        #expect(local.items.map(\.projectedStart) == daemon.items.map(\.projectedStart))
    }

    @Test func whilePausedNothingCountsButTheProjectionSlips() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        try meeting.apply(.pause, at: "09:02")
        let snapshot = meeting.message(at: "09:02")

        let local = snapshot.advanced(to: TestMeeting.at("09:07"))
        let daemon = meeting.message(at: "09:07")

        #expect(local.item?.remainingMs == 480_000)
        #expect(local.schedule == daemon.schedule)
    }

    @Test func betweenItemsTheNextStartSlipsWithTheClock() throws {
        var meeting = TestMeeting()
        try meeting.apply(.start, at: "09:00")
        try meeting.apply(.endItem, at: "09:08")
        let snapshot = meeting.message(at: "09:08")

        let local = snapshot.advanced(to: TestMeeting.at("09:15"))
        let daemon = meeting.message(at: "09:15")

        #expect(local.schedule == daemon.schedule)
        #expect(local.next?.projectedStart == daemon.next?.projectedStart)
    }
}
