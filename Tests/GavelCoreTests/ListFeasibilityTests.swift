import GavelCore
import PropertyBased
import Testing

/// "23 inscribed at 3:00 → 14 min over; at 2:20 all fit; or close after speaker 18."
@Suite struct ListFeasibilityTests {
    @Test func theIssuesExampleReadsAsTheChairWouldSayIt() {
        let plan = ListFeasibility(
            available: .minutes(55),
            onTheFloor: .zero,
            allotted: Array(repeating: .minutes(3), count: 23)
        )
        #expect(plan.over == .minutes(14))
        #expect(plan.fitting == 18)
        #expect(plan.limitForAll == .seconds(140))
        #expect(!plan.fitsAll)
    }

    @Test func speakersWhoAskForLessKeepTheirTimeAndTheOthersShareTheRest() {
        // 10 min for four: the 1-minute speaker keeps it, the other three share 9 minutes.
        let plan = ListFeasibility(
            available: .minutes(10),
            onTheFloor: .zero,
            allotted: [.minutes(5), .minutes(1), .minutes(5), .minutes(5)]
        )
        #expect(plan.limitForAll == .minutes(3))
        #expect(plan.fitting == 2)
        #expect(plan.over == .minutes(6))
    }

    @Test func aListThatFitsNeedsNoLimitAndAnOverfullFloorAllowsNone() {
        let fits = ListFeasibility(
            available: .minutes(30),
            onTheFloor: .minutes(2),
            allotted: [.minutes(5), .minutes(10)]
        )
        #expect(fits.fitsAll && fits.over == .zero && fits.limitForAll == .minutes(10))
        let none = ListFeasibility(available: .minutes(1), onTheFloor: .minutes(2), allotted: [.minutes(5)])
        #expect(none.fitting == 0 && none.limitForAll == nil && none.over == .minutes(6))
        let empty = ListFeasibility(available: .minutes(1), onTheFloor: .zero, allotted: [])
        #expect(empty.fitsAll && empty.limitForAll == .zero)
    }

    @Test func theLimitForAllAlwaysFitsAndIsNearlyTheLargestThatDoes() async {
        let times = Gen.int(in: 1...1200).array(of: 1...60)
        await propertyCheck(input: times, Gen.int(in: 0...7200)) { seconds, budget in
            let allotted = seconds.map { Duration.seconds($0) }
            let plan = ListFeasibility(available: .seconds(budget), onTheFloor: .zero, allotted: allotted)
            guard let limit = plan.limitForAll else {
                Issue.record("a non-negative budget always has a limit")
                return
            }
            let used = allotted.reduce(Duration.zero) { $0 + min($1, limit) }
            #expect(used <= .seconds(budget))
            // Ten seconds more would not fit (unless nobody needs more than the limit).
            let more = limit + .seconds(10)
            if allotted.contains(where: { $0 > limit }) {
                #expect(allotted.reduce(Duration.zero) { $0 + min($1, more) } > .seconds(budget) || limit < .minutes(1))
            }
            #expect(plan.fitting <= allotted.count)
            #expect(allotted.prefix(plan.fitting).reduce(Duration.zero, +) <= .seconds(budget))
        }
    }

    @Test func itFollowsTheMeetingTheFloorAndTheList() {
        var m = MeetingDriver(agenda: SpeakersListTests.assembly(), at: "09:00")
        #expect(m.run(.start) == nil)
        for number in 1...5 {
            #expect(m.run(.inscribe(Inscription(speaker: "S\(number)", time: .minutes(150)))) == nil)
        }
        // 12 hours planned; five speakers asking 2.5 hours each: 12h30 asked, 30 minutes over.
        var plan = ListFeasibility(m.state, at: m.now)!
        #expect(plan.available == .minutes(720))
        #expect(plan.over == .minutes(30))
        #expect(plan.fitting == 4)
        #expect(plan.limitForAll == .minutes(144))
        #expect(m.run(.queueNext) == nil)
        m.advance(to: "10:00")
        // The first speaker has spoken an hour: the same hour went from the item.
        plan = ListFeasibility(m.state, at: m.now)!
        #expect(plan.onTheFloor == .minutes(90) && plan.over == .minutes(30))
        #expect(m.run(.yieldFloor) == nil)
        // Yielding 90 minutes early gives the rest room.
        plan = ListFeasibility(m.state, at: m.now)!
        #expect(plan.fitsAll && plan.over == .zero)
        // A hard end earlier than the item's.
        let hard = ListFeasibility(m.state, at: m.now, hardEnd: m.instant("13:00"))!
        #expect(hard.available == .minutes(180) && hard.fitting == 1)
    }
}
