import GavelCore
import Testing

/// A hearing whose first panel overruns by 20 minutes: the chair accepts the plan to end at
/// 13:00 and the meeting does, the closing with the President starting on time.
@Suite struct PlanToEndOnTimeTests {
    static let day = LocalDate(year: 2026, month: 6, day: 10)!

    static func agenda() -> Agenda {
        func item(
            _ id: String,
            _ title: String,
            _ start: String,
            _ end: String,
            _ planning: ItemPlanning = ItemPlanning()
        )
            -> AgendaItem
        {
            var item = AgendaItem(
                id: id,
                title: title,
                date: day,
                start: LocalTime(canonical: start)!,
                end: LocalTime(canonical: end)!
            )
            item.planning = planning
            return item
        }
        var agenda = Agenda(
            title: "Multi-stakeholder hearing",
            date: day,
            timeZone: "America/New_York",
            defaults: AgendaDefaults(speakerTime: .minutes(5)),
            items: [
                item("1", "Opening", "10:00", "10:15", ItemPlanning(fixed: true)),
                item("2", "Panel 1", "10:15", "11:15"),
                item("break", "Break", "11:15", "11:30", ItemPlanning(droppable: true)),
                item("3", "Panel 2: interactive dialogue", "11:30", "12:30", ItemPlanning(minimum: .minutes(45))),
                item("4", "Questions from the floor", "12:30", "12:45", ItemPlanning(droppable: true)),
                item("5", "Closing with the President", "12:45", "13:00", ItemPlanning(fixed: true)),
            ]
        )
        agenda.items[2].kind = .break
        agenda.hardEnd = LocalTime(canonical: "13:00")
        agenda.items[3].list = PlannedList(
            speakers: (1...12).map { Inscription(speaker: "Speaker \($0)", delegation: "Delegation \($0)") }
        )
        return agenda
    }

    @Test func theAcceptedPlanRecoversTheHardEndAndTheClosingStartsOnTime() throws {
        var m = MeetingDriver(agenda: Self.agenda(), at: "10:00")
        #expect(m.run(.start) == nil)
        #expect(m.at("10:15", .next) == nil)
        // The panel overruns: 20 more minutes.
        #expect(m.at("11:00", .extend(.minutes(20))) == nil)
        let before = m.state.schedule(at: m.now)
        #expect(m.local(before.projectedEnd) == "13:20")

        let plan = try #require(m.state.plan(endingBy: m.instant("13:00"), at: m.now))
        #expect(plan.plan.outcome == .plan)
        // Shortening panel 2 to its 45 minutes is not enough; the questions go, the break stays.
        #expect(plan.plan.changes.map(\.index) == [3, 4])
        #expect(plan.plan.entries.first { $0.index == 3 }?.after == .minutes(55))
        #expect(plan.plan.entries.first { $0.index == 4 }?.dropped == true)
        // Panel 2's twelve speakers fit its 55 minutes at 4:30 each.
        #expect(plan.speakerLimits == [3: .seconds(270)])

        #expect(m.run(.acceptPlan()) == nil)
        let after = m.state.schedule(at: m.now)
        #expect(after.projectedEnd <= m.instant("13:00"))
        #expect(m.local(after.entries[5].projectedStart!) == "12:45")
        #expect(m.local(after.entries[3].projectedStart!) == "11:50")
        #expect(m.state.items[3].planAllotment == .minutes(55) && m.state.items[4].dropped)

        // The meeting runs to the plan: every item its allotted time.
        #expect(m.at("11:35", .next) == nil)
        #expect(m.state.currentItem == 2)
        #expect(m.at("11:50", .next) == nil)
        #expect(m.run(.queueNext) == nil)
        #expect(m.state.floor?.granted == .seconds(270))
        // "next" passes over the dropped questions.
        #expect(m.at("12:45", .next) == nil)
        #expect(m.state.currentItem == 5)
        #expect(m.state.items[5].actualStart == m.instant("12:45"))
        #expect(m.at("13:00", .endMeeting) == nil)
        #expect(m.state.endedAt! <= m.instant("13:00"))

        // Replaying the journal gives the same meeting.
        #expect(MeetingState(agenda: Self.agenda(), replaying: m.events) == m.state)
    }

    @Test func aPlanThatCannotFitIsRefusedWithWhy() {
        var m = MeetingDriver(agenda: Self.agenda(), at: "10:00")
        #expect(m.run(.start) == nil)
        #expect(m.at("10:15", .next) == nil)
        #expect(m.at("11:00", .extend(.minutes(80))) == nil)
        let refused = m.run(.acceptPlan(end: LocalTime(canonical: "13:00")))
        #expect(refused?.code == .noPlan)
        #expect(
            refused?.message
                == "no plan ends by 13:00: item 2 ('Panel 1') to item 4 ('Questions from the floor') need at least "
                + "2h20m even at their minimums and with 2 dropped; 1h45m remain before item 5 ('Closing with the "
                + "President'), which must start at its planned time",
            "\(refused?.message ?? "")"
        )
        #expect(m.state.hardEnd == nil)
    }

    @Test func aPlanIsAcceptedOnlyOnceTheMeetingRunsAndWithAHardEnd() {
        var agenda = Self.agenda()
        agenda.hardEnd = nil
        var m = MeetingDriver(agenda: agenda, at: "09:50")
        #expect(m.run(.acceptPlan(end: LocalTime(canonical: "13:00")))?.code == .notStarted)
        #expect(m.run(.start) == nil)
        #expect(m.run(.acceptPlan())?.message.contains("no hard end") == true)
        // In time: the hard end is recorded, nothing else changes.
        #expect(m.run(.acceptPlan(end: LocalTime(canonical: "13:30"))) == nil)
        #expect(m.state.hardEnd == m.instant("13:30"))
        #expect(m.state.items.allSatisfy { $0.planAllotment == nil && !$0.dropped })
    }

    @Test func aGroupsBudgetSpentWhileItsSpeakerTalksFiresOneAlert() {
        var m = MeetingDriver(agenda: GroupBudgetTests.agenda(), at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.run(.grantFloor(speaker: "Mr. D", duration: .minutes(30), delegation: "France")) == nil)
        // WEOG's 15 minutes run out at 09:15, with the floor's own alerts later.
        #expect(m.state.nextAlertInstant(after: m.now) == m.instant("09:15"))
        m.advance(to: "09:20")
        #expect(m.alertLines() == ["09:15 budget WEOG in item 8 timeUp"])
        // Time added after it was spent: the next crossing alerts again.
        #expect(m.run(.adjustBudget(group: "WEOG", by: .minutes(10))) == nil)
        m.advance(to: "09:29")
        #expect(m.alertLines() == ["09:15 budget WEOG in item 8 timeUp", "09:25 budget WEOG in item 8 timeUp"])
    }
}

/// Random meetings, late by random amounts: an accepted plan's projection ends by the hard end
/// with every fixed item at its planned start and no item below its minimum; a refused one is
/// refused because no plan fits.
@Suite struct PlanPropertyTests {
    static let day = LocalDate(year: 2026, month: 6, day: 10)!

    static func randomAgenda(using generator: inout SplitMix64) -> Agenda {
        var items: [AgendaItem] = []
        var clock = 9 * 60
        for index in 0..<Int.random(in: 2...9, using: &generator) {
            clock += [0, 0, 0, 5, 10].randomElement(using: &generator)!
            let length = Int.random(in: 5...60, using: &generator)
            var item = AgendaItem(
                id: "\(index + 1)",
                title: "Item \(index + 1)",
                date: day,
                start: LocalTime(secondsSinceMidnight: clock * 60)!,
                end: LocalTime(secondsSinceMidnight: (clock + length) * 60)!
            )
            switch Int.random(in: 0..<5, using: &generator) {
            case 0 where index > 0: item.planning.fixed = true
            case 1: item.planning.minimum = .minutes(Int.random(in: 1...length, using: &generator))
            case 2: item.planning.droppable = true
            default: break
            }
            items.append(item)
            clock += length
        }
        var agenda = Agenda(title: "Random", date: day, timeZone: "Europe/Zurich", items: items)
        agenda.hardEnd = LocalTime(secondsSinceMidnight: (clock - Int.random(in: -10...60, using: &generator)) * 60)
        return agenda
    }

    @Test func anAcceptedPlanProjectsToTheHardEndWithFixedItemsOnTime() {
        var generator = SplitMix64(seed: 2020)
        var accepted = 0
        var refused = 0
        for _ in 0..<400 {
            let agenda = Self.randomAgenda(using: &generator)
            var m = MeetingDriver(agenda: agenda, at: agenda.items[0].start.description)
            #expect(m.run(.start) == nil)
            // Some items run, one overruns by up to an hour.
            var clock = m.now
            for _ in 0..<Int.random(in: 0..<agenda.items.count, using: &generator) {
                clock = clock + .minutes(Int.random(in: 1...40, using: &generator))
                m.advance(to: m.local(clock))
                guard m.run(.next) == nil else { break }
            }
            _ = m.run(.extend(.minutes(Int.random(in: 1...60, using: &generator))))
            let hardEnd = m.state.effectiveHardEnd(at: m.now)!
            let refusal = m.run(.acceptPlan())
            if let refusal {
                refused += 1
                #expect(refusal.code == .noPlan, "\(refusal)")
                #expect(m.state.plan(endingBy: hardEnd, at: m.now)?.plan.isFeasible == false)
                continue
            }
            accepted += 1
            let schedule = m.state.schedule(at: m.now)
            #expect(schedule.projectedEnd <= hardEnd)
            for (index, item) in agenda.items.enumerated() where !m.state.items[index].hasStarted {
                let planned = m.state.plannedInterval(index, planDate: m.state.planDate!)
                if item.planning.fixed, planned.start >= m.now {
                    #expect(schedule.entries[index].projectedStart == planned.start)
                }
                if let minimum = item.planning.minimum, !m.state.items[index].dropped {
                    #expect(m.state.items[index].stopwatch.allotted >= minimum)
                }
                if m.state.items[index].dropped { #expect(item.planning.droppable) }
            }
            #expect(MeetingState(agenda: agenda, replaying: m.events) == m.state)
        }
        #expect(accepted > 100 && refused > 20, "\(accepted) accepted, \(refused) refused")
    }
}
