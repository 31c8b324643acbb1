import GavelCore
import Testing

@testable import gavel

/// How gavel writes times, durations and drift for people.
@Suite struct MeetingTextTests {
    @Test(arguments: [
        (Int64(245_000), "4:05"), (244_001, "4:05"), (1, "0:01"), (0, "0:00"), (-1, "+0:00"), (-42_000, "+0:42"),
        (6_900_000, "1:55:00"),
    ])
    func remainingRoundsUpWhileCountingDownAndDownWhenOver(ms: Int64, text: String) {
        #expect(MeetingText.remaining(ms: ms) == text)
    }

    @Test(arguments: [
        (Int64(0), "on time"), (29_000, "on time"), (-45_000, "45s ahead"), (420_000, "7 min behind"),
        (449_000, "7 min behind"), (-3_900_000, "1h5m ahead"),
    ])
    func driftReadsInMinutes(ms: Int64, text: String) {
        #expect(MeetingText.drift(ms: ms) == text)
    }

    @Test func longTitlesAreCutAtAWord() {
        #expect(
            MeetingText.item(
                id: "2",
                title: "Panel Discussion: Best practices to support safe, orderly and regular migration"
            )
                == "item 2 (Panel Discussion: Best practices to support…)"
        )
        #expect(MeetingText.item(id: "1", title: "Opening") == "item 1 (Opening)")
    }

    @Test func timesAreInTheVenuesZone() {
        let text = MeetingText(timeZone: "America/New_York")
        let instant = Instant(millisecondsSinceEpoch: 1_526_911_200_000)  // 2018-05-21T14:00:00Z

        #expect(text.time(instant) == "10:00:00")
        #expect(text.shortTime(instant) == "10:00")
        #expect(MeetingText(timeZone: "Not/AZone").time(instant) == "14:00:00Z")
    }

    @Test func bigDigitsAreFiveRowsOfEqualWidth() {
        let rows = BigDigits.render("+1:02:03")
        #expect(rows.count == 5)
        #expect(Set(rows.map(\.count)).count == 1)
        #expect(BigDigits.canDraw("12:34") && !BigDigits.canDraw("12h"))
    }
}
