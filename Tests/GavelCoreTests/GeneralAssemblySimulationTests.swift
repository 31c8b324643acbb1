import GavelCore
import Testing

/// A General Assembly item run to the end on a manual clock: 40 speakers inscribed in precedence
/// order, three points of order (one during a right of reply), two rights of reply, an
/// interposed question, a floor pause, a closed list and an override. What must hold at every
/// step and at the end is checked, not a script of expected values.
@Suite struct GeneralAssemblySimulationTests {
    /// The driver plus what the chair's script knows: how long nobody's clock ran.
    struct Chair {
        var m: MeetingDriver
        var idle: Duration = .zero

        /// Lets `seconds` pass; time when no speaker's clock runs (between turns, a floor pause)
        /// is idle time of the item.
        mutating func wait(_ seconds: Int) {
            let speaking = m.state.floor?.stopwatch.isRunning ?? false
            m.advance(to: m.local(m.now + .seconds(seconds)))
            if !speaking { idle += .seconds(seconds) }
        }

        mutating func run(_ command: MeetingCommand, _ line: Int = #line) {
            let error = m.run(command)
            #expect(error == nil, "line \(line): \(command): \(error?.message ?? "")")
            checkOneVoice(line)
        }

        /// Exactly one voice: at most one clock runs, and it is the top of the floor's stack.
        func checkOneVoice(_ line: Int) {
            let running = m.state.grants.indices.filter { m.state.grants[$0].stopwatch.isRunning }
            #expect(running.count <= 1, "line \(line): \(running.count) clocks run")
            if let only = running.first { #expect(only == m.state.floorIndex, "line \(line)") }
            #expect(m.state.grants.indices.filter { m.state.grants[$0].endedAt == nil } == m.state.floorStack)
            // The list's times counted in one pass are each entry's own.
            for item in m.state.lists.indices {
                #expect(
                    m.state.allotments(in: item)
                        == m.state.lists[item].entries.map { m.state.allotted(for: $0, item: item) },
                    "line \(line)"
                )
            }
        }
    }

    @Test func anItemOfFortySpeakersAddsUpHoldsOneVoiceAndReplaysExactly() throws {
        var random = SplitMix64(seed: 2026)
        let ranks = RulesPack.unGeneralAssembly.ranks
        var chair = Chair(m: MeetingDriver(agenda: SpeakersListTests.assembly(order: .precedence), at: "08:30"))
        var rankOf: [String: Int] = [:]
        for number in 1...40 {
            let rank = number % 7 == 0 ? nil : ranks[Int(random.next() % UInt64(ranks.count))]
            rankOf["Speaker \(number)"] = rank.flatMap { ranks.firstIndex(of: $0) } ?? ranks.count
            chair.run(SpeakersListTests.inscribe("Speaker \(number)", "Delegation \(number)", rank: rank))
        }
        // Precedence order, stable within a rank (inscription order is the speaker's number).
        let order = chair.m.state.queue.map(\.speaker)
        let keys = order.map { rankOf[$0]! * 1000 + Int($0.split(separator: " ")[1])! }
        #expect(keys == keys.sorted(), "\(order)")

        chair.m.advance(to: "09:00")
        chair.run(.start)
        var turn = 0
        while let head = chair.m.state.queue.first {
            turn += 1
            chair.run(.queueNext, #line)
            #expect(chair.m.state.floor?.speaker == head.speaker)
            let speaks = 60 + Int(random.next() % 900)
            switch turn {
            case 5, 30:
                chair.wait(speaks / 2)
                chair.run(
                    .interrupt(
                        Inscription(speaker: "Delegation 30", delegation: "Delegation 30", speech: "point-of-order")
                    )
                )
                chair.wait(70)
                chair.run(.returnFloor)
                chair.wait(speaks / 2)
            case 10:
                chair.wait(30)
                chair.run(.inscribe(Inscription(speaker: "Delegation 3", delegation: "Delegation 3", speech: "reply")))
                chair.run(.inscribe(Inscription(speaker: "Delegation 7", delegation: "Delegation 7", speech: "reply")))
                chair.wait(speaks)
            case 12:
                chair.wait(200)
                chair.run(.interrupt(Inscription(speaker: "Delegation 2", speech: "question")))
                chair.wait(40)
                chair.run(.returnFloor)
                chair.wait(speaks)
            case 20:
                chair.wait(100)
                chair.run(.pauseFloor)
                chair.wait(30)
                chair.run(.resumeFloor)
                chair.wait(speaks)
            case 25:
                chair.run(.closeList())
                #expect(chair.m.run(SpeakersListTests.inscribe("Late", "Latvia"))?.code == .ruleViolation)
                chair.run(.inscribe(Inscription(speaker: "Late", delegation: "Latvia"), override: true))
                chair.wait(speaks)
            case _ where head.speech == "reply" && head.delegation == "Delegation 3":
                // A point of order during a right of reply.
                chair.wait(120)
                chair.run(.interrupt(Inscription(speaker: "Delegation 9", delegation: "Delegation 9")))
                chair.wait(45)
                chair.run(.returnFloor)
                chair.wait(200)
            default:
                chair.wait(speaks)
            }
            chair.run(.yieldFloor)
            chair.wait(Int(random.next() % 20))
        }
        chair.run(.endItem)

        let state = chair.m.state
        let grants = state.grants.filter { $0.itemIndex == 0 }
        let count = { (type: String) in grants.filter { $0.speech == type }.count }
        #expect(count("statement") == 41)
        #expect(count("reply") == 2)
        #expect(count("point-of-order") == 3)
        #expect(count("question") == 1)
        #expect(chair.m.events.filter { $0.kind == "ruleOverridden" }.count == 1)
        // The replies came after every statement.
        #expect(state.grants.suffix(4).filter { $0.speech == "reply" }.count == 2)

        // Every instant of a turn is spoken, paused or interrupted; the item's time is the turns'
        // time (interruptions are turns) plus the time nobody's clock ran.
        let end = chair.m.now
        for grant in grants {
            let life = (grant.endedAt ?? end) - grant.grantedAt
            #expect(
                life == grant.stopwatch.elapsed(at: end) + grant.pausedTime(at: end) + grant.interruptedTime(at: end),
                "\(grant.speaker)"
            )
        }
        let spoken = grants.reduce(Duration.zero) { $0 + $1.stopwatch.elapsed(at: end) }
        #expect(spoken + chair.idle == state.items[0].stopwatch.elapsed(at: end))

        // The journal's events rebuild the same meeting.
        #expect(
            MeetingState(agenda: SpeakersListTests.assembly(order: .precedence), replaying: chair.m.events) == state
        )
    }
}
