import GavelCore
import Testing

@testable import GavelJournal

/// The venue board reads again only the room a notification names; what it hands on is still every
/// room, each one's silence counted on from when it was read.
@Suite struct KnownRowsTests {
    let start = ContinuousClock.now

    func row(_ room: String, _ summary: String, silentMs: Int64?) -> VenueRow {
        VenueRow(room: room, summary: summary, updatedAt: Instant(millisecondsSinceEpoch: 0), silentMs: silentMs)
    }

    @Test func aRoomReadAgainReplacesOnlyItsOwnRow() {
        var known = KnownRows()
        known.replaceAll([row("hall-b", "b1", silentMs: 0), row("hall-a", "a1", silentMs: 0)], now: start)
        known.replace("hall-a", with: row("hall-a", "a2", silentMs: 0), now: start)
        #expect(known.rows(now: start).map(\.summary) == ["a2", "b1"])
    }

    @Test func roomsNotReadAgainGrowSilentAndTheOneReadIsFresh() {
        var known = KnownRows()
        known.replaceAll([row("hall-a", "a1", silentMs: 400), row("hall-b", "b1", silentMs: 1_000)], now: start)
        known.replace("hall-a", with: row("hall-a", "a2", silentMs: 0), now: start + .milliseconds(1_500))
        let rows = known.rows(now: start + .milliseconds(2_000))
        #expect(rows.map(\.room) == ["hall-a", "hall-b"])
        #expect(rows.map(\.silentMs) == [500, 3_000])
    }

    @Test func aStoppedRoomStaysStoppedAndARoomGoneFromTheDatabaseLeaves() {
        var known = KnownRows()
        known.replaceAll([row("hall-a", "a1", silentMs: nil), row("hall-b", "b1", silentMs: 0)], now: start)
        known.replace("hall-b", with: nil, now: start)
        #expect(known.rows(now: start + .seconds(9)).map(\.room) == ["hall-a"])
        #expect(known.rows(now: start + .seconds(9)).first?.silentMs == nil)
    }

    @Test func aFullReadForgetsRoomsNoLongerThere() {
        var known = KnownRows()
        known.replaceAll([row("hall-a", "a1", silentMs: 0), row("hall-b", "b1", silentMs: 0)], now: start)
        known.replaceAll([row("hall-b", "b2", silentMs: 0)], now: start)
        #expect(known.rows(now: start).map(\.summary) == ["b2"])
    }
}
