import GavelCore
import Testing

/// The plan to end on time, as pure arithmetic on remaining items (`EndPlanner`), and as the
/// chair accepts it in a meeting (`MeetingState.plan(endingBy:at:)`, `.acceptPlan`).
@Suite struct EndPlannerTests {
    static let t0 = Instant(millisecondsSinceEpoch: 1_800_000_000_000)

    static func at(_ minutes: Int) -> Instant { t0 + .minutes(minutes) }

    static func item(
        _ index: Int,
        _ minutes: Int,
        min minimum: Int? = nil,
        fixedAt: Int? = nil,
        droppable: Bool = false,
        gap: Int = 0
    ) -> EndPlanner.Item {
        EndPlanner.Item(
            index: index,
            length: .minutes(minutes),
            minimum: .minutes(minimum ?? minutes),
            fixedStart: fixedAt.map(at),
            droppable: droppable,
            gapBefore: .minutes(gap)
        )
    }

    @Test func aMeetingProjectedToEndInTimeIsLeftAlone() {
        let plan = EndPlanner.plan([Self.item(0, 30, min: 10), Self.item(1, 30)], from: Self.t0, endingBy: Self.at(60))
        #expect(plan.outcome == .onTime)
        #expect(plan.changes.isEmpty)
        #expect(plan.plannedEnd == Self.at(60))
    }

    @Test func elasticItemsGiveTimeInProportionToWhatEachCanGive() {
        // 100 min to fit in 80: item 0 can give 30, item 2 can give 10, item 1 nothing.
        let items = [Self.item(0, 50, min: 20), Self.item(1, 20), Self.item(2, 30, min: 20)]
        let plan = EndPlanner.plan(items, from: Self.t0, endingBy: Self.at(80))
        #expect(plan.outcome == .plan)
        #expect(plan.entries.map(\.after) == [.minutes(35), .minutes(20), .minutes(25)])
        #expect(plan.plannedEnd == Self.at(80))
        #expect(plan.projectedEnd == Self.at(100))
    }

    @Test func aFixedItemKeepsItsStartAndTheItemsBeforeItMakeRoom() {
        // The closing must start at +60, after a 5 min gap; 70 min of items before it.
        let items = [
            Self.item(0, 40, min: 25), Self.item(1, 30, min: 20), Self.item(2, 15, fixedAt: 60, gap: 5),
        ]
        let plan = EndPlanner.plan(items, from: Self.t0, endingBy: Self.at(120))
        #expect(plan.outcome == .plan)
        #expect(plan.entries[2].start == Self.at(60))
        #expect(plan.entries[1].end <= Self.at(55))
        #expect(plan.entries[0].after >= .minutes(25) && plan.entries[1].after >= .minutes(20))
    }

    @Test func droppableItemsGoOnlyWhenShorteningIsNotEnoughLatestFirst() {
        let items = [
            Self.item(0, 30, min: 20), Self.item(1, 20, droppable: true), Self.item(2, 20, droppable: true),
            Self.item(3, 10),
        ]
        // 80 min in 55: shortening gives 10, so one droppable goes, the later one.
        let plan = EndPlanner.plan(items, from: Self.t0, endingBy: Self.at(55))
        #expect(plan.outcome == .plan)
        #expect(plan.entries.map(\.dropped) == [false, false, true, false])
        #expect(plan.plannedEnd <= Self.at(55))
        // 80 min in 75: shortening is enough, nothing is dropped.
        let shorter = EndPlanner.plan(items, from: Self.t0, endingBy: Self.at(75))
        #expect(shorter.entries.allSatisfy { !$0.dropped })
    }

    @Test func noPlanIsForcedWhenEvenTheMinimumsDoNotFit() {
        let items = [Self.item(0, 30, min: 25), Self.item(1, 20, min: 15), Self.item(2, 10, fixedAt: 35)]
        let plan = EndPlanner.plan(items, from: Self.t0, endingBy: Self.at(90)) { "item \($0 + 1)" }
        guard case .infeasible(let reason) = plan.outcome else {
            Issue.record("expected no plan, got \(plan.outcome)")
            return
        }
        #expect(
            reason
                == "item 1 to item 2 need at least 40m even at their minimums; 35m remain before item 3, which must start at its planned time"
        )
        #expect(plan.changes.isEmpty)
    }

    /// Random remaining items: a feasible plan never moves a fixed item, never goes below a
    /// minimum, and ends by the hard end; an infeasible one is so even with every item at its
    /// minimum and every droppable item dropped.
    @Test func plansKeepEveryRuleOrAreReportedInfeasible() {
        var generator = SplitMix64(seed: 20)
        var feasible = 0
        var infeasible = 0
        for _ in 0..<3000 {
            var items: [EndPlanner.Item] = []
            var clock = 0
            for index in 0..<Int.random(in: 1...8, using: &generator) {
                let length = Int.random(in: 0...60, using: &generator)
                let gap = index == 0 ? 0 : [0, 0, 5, 15].randomElement(using: &generator)!
                clock += gap
                let fixed = index > 0 && Int.random(in: 0..<5, using: &generator) == 0
                let fixedAt = fixed ? clock + Int.random(in: -20...20, using: &generator) : nil
                items.append(
                    Self.item(
                        index,
                        length,
                        min: Bool.random(using: &generator) ? Int.random(in: 0...length, using: &generator) : nil,
                        fixedAt: fixedAt.map { max($0, 0) },
                        droppable: !fixed && Int.random(in: 0..<3, using: &generator) == 0,
                        gap: gap
                    )
                )
                clock = max(clock, fixedAt ?? 0) + length
            }
            let hardEnd = Self.at(clock - Int.random(in: -10...90, using: &generator))
            let plan = EndPlanner.plan(items, from: Self.t0, endingBy: hardEnd)
            if plan.isFeasible {
                feasible += 1
                #expect(plan.plannedEnd <= hardEnd)
                for (item, entry) in zip(items, plan.entries) {
                    if let fixed = item.fixedStart { #expect(entry.start == fixed && !entry.dropped) }
                    if !entry.dropped { #expect(entry.after >= item.minimum && entry.after <= item.length) }
                    if entry.dropped { #expect(item.droppable) }
                }
            } else {
                infeasible += 1
                let leanest = EndPlanner.Plan.leanest(items, from: Self.t0)
                let late = zip(items, leanest).contains { item, entry in
                    item.fixedStart.map { entry.start > $0 } ?? false
                }
                #expect(late || (leanest.last?.end ?? Self.t0) > hardEnd)
            }
        }
        // Both outcomes are exercised.
        #expect(feasible > 500 && infeasible > 300, "\(feasible) feasible, \(infeasible) infeasible")
    }
}

extension EndPlanner.Plan {
    /// The items with every one at its minimum and every droppable one dropped: the least time a
    /// plan could take.
    static func leanest(_ items: [EndPlanner.Item], from start: Instant) -> [EndPlanner.Entry] {
        var entries: [EndPlanner.Entry] = []
        var previousEnd = start
        for (position, item) in items.enumerated() {
            if item.droppable {
                entries.append(
                    EndPlanner.Entry(
                        index: item.index,
                        before: item.length,
                        after: .zero,
                        dropped: true,
                        start: previousEnd,
                        end: previousEnd
                    )
                )
                continue
            }
            var begin = position == 0 ? previousEnd : previousEnd + item.gapBefore
            if let fixed = item.fixedStart { begin = max(begin, fixed) }
            entries.append(
                EndPlanner.Entry(
                    index: item.index,
                    before: item.length,
                    after: item.minimum,
                    dropped: false,
                    start: begin,
                    end: begin + item.minimum
                )
            )
            previousEnd = begin + item.minimum
        }
        return entries
    }
}
