import Foundation
import GavelCore
import Testing

/// The list of speakers per item, speech types from the rules, and the floor as a stack of
/// interruptions, on a manual clock.
@Suite struct SpeakersListTests {
    static let day = LocalDate(year: 2026, month: 9, day: 22)!

    /// A General Assembly morning: one long debate item, then a short one.
    static func assembly(
        order: ListOrder = .inscription,
        rules: RulesPack = .unGeneralAssembly,
        list: PlannedList = PlannedList()
    )
        -> Agenda
    {
        var rules = rules
        rules.order = order
        return Agenda(
            title: "General debate",
            date: day,
            timeZone: "America/New_York",
            defaults: AgendaDefaults(speakerTime: .minutes(15)),
            rules: rules,
            items: [
                AgendaItem(
                    id: "8",
                    title: "General debate",
                    date: day,
                    start: LocalTime(canonical: "09:00")!,
                    end: LocalTime(canonical: "21:00")!,
                    list: list
                ),
                AgendaItem(
                    id: "9",
                    title: "Other business",
                    date: day,
                    start: LocalTime(canonical: "21:00")!,
                    end: LocalTime(canonical: "22:00")!
                ),
            ]
        )
    }

    static func inscribe(
        _ name: String,
        _ delegation: String? = nil,
        rank: String? = nil,
        type: String? = nil
    )
        -> MeetingCommand
    {
        .inscribe(Inscription(speaker: name, delegation: delegation, speech: type, rank: rank))
    }

    @Test func statementsKeepInscriptionOrderAndRepliesWaitForTheEndOfTheItem() {
        var m = MeetingDriver(agenda: Self.assembly(), at: "08:50")
        #expect(m.run(Self.inscribe("France", "France", type: "reply")) == nil)
        #expect(m.run(Self.inscribe("Mr. A", "Austria")) == nil)
        #expect(m.run(Self.inscribe("Ms. B", "Brazil")) == nil)
        #expect(m.run(Self.inscribe("Egypt", "Egypt", type: "reply")) == nil)
        #expect(m.run(Self.inscribe("Mr. C", "Chile")) == nil)
        #expect(m.state.queue.map(\.speaker) == ["Mr. A", "Ms. B", "Mr. C", "France", "Egypt"])
        // Inscribed before the meeting, on the first item's list.
        #expect(m.state.listItem == 0)
        #expect(m.state.lists[1].entries.isEmpty)
    }

    @Test func precedenceOrdersByRankAndKeepsInscriptionOrderWithinARank() {
        var m = MeetingDriver(agenda: Self.assembly(order: .precedence), at: "08:50")
        let inscriptions: [(String, String?)] = [
            ("Minister 1", "minister"), ("Observer", "observer"), ("Nobody ranked", nil),
            ("Head of State 1", "head-of-state"), ("Minister 2", "minister"),
            ("Head of Government", "head-of-government"),
            ("Head of State 2", "head-of-state"), ("Civil society", "civil-society"), ("Minister 3", "minister"),
        ]
        for (name, rank) in inscriptions {
            #expect(m.run(Self.inscribe(name, name, rank: rank)) == nil)
        }
        #expect(m.run(Self.inscribe("France", "France", type: "reply")) == nil)
        #expect(
            m.state.queue.map(\.speaker) == [
                "Head of State 1", "Head of State 2", "Head of Government", "Minister 1", "Minister 2", "Minister 3",
                "Observer", "Civil society", "Nobody ranked", "France",
            ]
        )
    }

    @Test func theChairsMoveIsKeptAndLaterInscriptionsArePlacedAroundIt() {
        var m = MeetingDriver(agenda: Self.assembly(order: .precedence), at: "08:50")
        #expect(m.run(Self.inscribe("Minister", "M", rank: "minister")) == nil)
        #expect(m.run(Self.inscribe("Observer", "O", rank: "observer")) == nil)
        #expect(m.run(.queueMove(.speaker("Observer"), toPosition: 1)) == nil)
        #expect(m.run(Self.inscribe("Head of State", "H", rank: "head-of-state")) == nil)
        #expect(m.state.queue.map(\.speaker) == ["Head of State", "Observer", "Minister"])
    }

    @Test func nextSpeakerGivesTheTimeTheRulesGiveTheSpeechTypeAndTheTurn() {
        var m = MeetingDriver(agenda: Self.assembly(), at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.run(Self.inscribe("Mr. A", "Austria")) == nil)
        #expect(m.run(Self.inscribe("France", "France", type: "reply")) == nil)
        #expect(m.run(.queueNext) == nil)
        #expect(m.state.floor?.stopwatch.allotted == .minutes(15))  // the meeting's speaker time
        #expect(m.at("09:10", .queueNext) == nil)
        #expect(m.state.floor?.speech == "reply")
        #expect(m.state.floor?.stopwatch.allotted == .minutes(10))  // a first reply
        #expect(m.at("09:20", .yieldFloor) == nil)
        #expect(m.run(Self.inscribe("France", "France", type: "reply")) == nil)
        // What the list says the reply will get is what it gets: a second reply, 5 minutes.
        #expect(m.state.allotted(for: m.state.queue[0], item: 0) == .minutes(5))
        #expect(m.run(.queueNext) == nil)
        #expect(m.state.floor?.stopwatch.allotted == .minutes(5))
    }

    @Test func aThirdReplyIsRefusedNamingTheRuleAndTheChairMayOverrideIt() {
        var m = MeetingDriver(agenda: Self.assembly(), at: "09:00")
        #expect(m.run(.start) == nil)
        for time in ["09:01", "09:11"] {
            #expect(m.at(time, Self.inscribe("France", "France", type: "reply")) == nil)
            #expect(m.run(.queueNext) == nil)
        }
        #expect(m.at("09:20", .yieldFloor) == nil)
        let refused = m.run(Self.inscribe("Ambassador of France", "France", type: "reply"))
        #expect(refused?.code == .ruleViolation)
        #expect(refused?.message.contains("reply-per-delegation") == true)
        #expect(
            refused?.message.contains("allow each delegation 2 turns of right of reply per item, and France has had 2")
                == true,
            "\(refused?.message ?? "")"
        )
        #expect(m.state.queue.isEmpty)
        // A direct grant of a third reply is refused the same way.
        let grant = m.run(.grantFloor(speaker: "France", duration: nil, speech: "reply", delegation: "France"))
        #expect(grant?.code == .ruleViolation)

        let before = m.events.count
        #expect(
            m.run(
                .inscribe(
                    Inscription(speaker: "Ambassador of France", delegation: "France", speech: "reply"),
                    override: true
                )
            ) == nil
        )
        #expect(Array(m.events[before...].map(\.kind)) == ["ruleOverridden", "speakerQueued"])
        #expect(m.events[before] == .ruleOverridden(rule: "reply-per-delegation", at: m.now))
        #expect(m.state.queue.map(\.speaker) == ["Ambassador of France"])
    }

    @Test func aClosedListTakesRepliesButAStatementOnlyByOverride() {
        var m = MeetingDriver(agenda: Self.assembly(), at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.run(.closeList()) == nil)
        #expect(m.run(.closeList())?.code == .listClosed)
        let refused = m.run(Self.inscribe("Mr. Late", "Latvia"))
        #expect(refused?.code == .ruleViolation)
        #expect(refused?.message.contains("closed-list") == true)
        #expect(m.run(Self.inscribe("France", "France", type: "reply")) == nil)
        #expect(m.run(.inscribe(Inscription(speaker: "Mr. Late", delegation: "Latvia"), override: true)) == nil)
        #expect(m.state.queue.map(\.speaker) == ["Mr. Late", "France"])
        #expect(m.run(.reopenList()) == nil)
        #expect(m.run(.reopenList())?.code == .listOpen)
        #expect(m.run(Self.inscribe("Ms. Early", "Estonia")) == nil)
    }

    @Test func whatNobodyMayDoIsRefusedWhateverTheChairSays() {
        var m = MeetingDriver(agenda: Self.assembly(), at: "09:00")
        #expect(
            m.run(.inscribe(Inscription(speaker: "A", speech: "sermon"), override: true))?.code == .unknownSpeechType
        )
        #expect(m.run(.inscribe(Inscription(speaker: "A", rank: "emperor"), override: true))?.code == .invalidText)
        #expect(m.run(.inscribe(Inscription(speaker: "A", speech: "point-of-order")))?.code == .invalidText)
        #expect(m.run(.inscribe(Inscription(speaker: " ")))?.code == .invalidText)
        #expect(m.run(.inscribe(Inscription(speaker: "A"), item: "42"))?.code == .unknownItem)
        #expect(
            m.run(.inscribeAll([Inscription(speaker: "A"), Inscription(speaker: "B", speech: "nope")]))?.code
                == .unknownSpeechType
        )
        #expect(m.state.queue.isEmpty, "an import is all or nothing")
        #expect(m.events.isEmpty)
    }

    @Test func aPointOfOrderStopsTheSpeakerWhoGoesOnWithTheTimeTheyHadLeft() {
        var m = MeetingDriver(agenda: Self.assembly(), at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.run(.grantFloor(speaker: "Mr. A", duration: .minutes(5), delegation: "Austria")) == nil)
        #expect(
            m.at("09:02", .interrupt(Inscription(speaker: "Egypt", delegation: "Egypt", speech: "point-of-order")))
                == nil
        )
        #expect(m.state.floor?.speaker == "Egypt")
        #expect(m.state.floor?.stopwatch.allotted == .minutes(2))
        // A question during the point of order: three levels, one clock running.
        #expect(m.at("09:03", .interrupt(Inscription(speaker: "Chile", speech: "question"))) == nil)
        #expect(m.state.floorStack.count == 3)
        #expect(m.state.grants.filter { $0.stopwatch.isRunning }.map(\.speaker) == ["Chile"])
        #expect(m.at("09:03:30", .returnFloor) == nil)
        #expect(m.state.floor?.speaker == "Egypt")
        #expect(m.state.floorReading(m.state.floorIndex!, at: m.now).remaining == .minutes(1))
        #expect(m.at("09:04", .returnFloor) == nil)
        #expect(m.state.floor?.speaker == "Mr. A")
        m.advance(to: "09:05")
        // 2 minutes before the point of order, 1 since: 2 left.
        #expect(m.state.floorReading(m.state.floorIndex!, at: m.now).remaining == .minutes(2))
        #expect(m.state.floor?.interruptedTime(at: m.now) == .minutes(2))
        #expect(m.run(.returnFloor)?.code == .notInterrupted)
        // Each level has its own clock and alerts: Chile's 1-minute question warned on its own
        // clock; Egypt's point of order, stopped under it for 30 s, warned 30 s later than it
        // would have, and Mr. A's statement none while it stood still.
        #expect(m.alertLines() == ["09:03:30 floor Chile warning", "09:04 floor Egypt warning"])
    }

    @Test func aMeetingPauseDuringAnInterruptionStopsItAndLeavesTheSpeakerUnderItStopped() {
        var m = MeetingDriver(agenda: Self.assembly(), at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.run(.grantFloor(speaker: "Mr. A", duration: .minutes(5))) == nil)
        #expect(m.at("09:01", .interrupt(Inscription(speaker: "Egypt"))) == nil)
        #expect(m.state.floor?.speech == "point-of-order", "the rules' first interruption")
        #expect(m.at("09:01:30", .pause) == nil)
        #expect(m.at("09:10", .resume) == nil)
        #expect(m.at("09:10:30", .returnFloor) == nil)
        m.advance(to: "09:11")
        let a = m.state.floorIndex!
        #expect(m.state.floorReading(a, at: m.now).remaining == .minutes(3) + .seconds(30))
        // A paused speaker interrupted stays paused when the floor comes back.
        #expect(m.run(.pauseFloor) == nil)
        #expect(m.at("09:12", .interrupt(Inscription(speaker: "Chile", speech: "question"))) == nil)
        #expect(m.at("09:12:30", .returnFloor) == nil)
        m.advance(to: "09:14")
        #expect(m.state.floorReading(a, at: m.now).remaining == .minutes(3) + .seconds(30))
        #expect(m.state.floor?.heldByChair == true)
    }

    @Test func aGrantOrTheNextSpeakerEndsEveryLevelOfTheFloor() {
        var m = MeetingDriver(agenda: Self.assembly(), at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.run(.grantFloor(speaker: "Mr. A", duration: .minutes(5))) == nil)
        #expect(m.at("09:01", .interrupt(Inscription(speaker: "Egypt"))) == nil)
        #expect(m.run(Self.inscribe("Ms. B", "Brazil")) == nil)
        #expect(m.at("09:02", .queueNext) == nil)
        #expect(m.state.floorStack.count == 1)
        #expect(m.state.floor?.speaker == "Ms. B")
        #expect(m.state.grants.filter { $0.endedAt == nil }.count == 1)
    }

    @Test func eachItemHasItsOwnListAndTheAgendaInscribesBeforeTheMeeting() {
        let planned = PlannedList(
            order: .precedence,
            speakers: [
                Inscription(speaker: "Minister", delegation: "M", rank: "minister"),
                Inscription(speaker: "King", delegation: "K", rank: "head-of-state"),
            ]
        )
        var m = MeetingDriver(agenda: Self.assembly(list: planned), at: "08:59")
        #expect(m.state.queue.map(\.speaker) == ["King", "Minister"])
        #expect(m.state.queue.allSatisfy { $0.addedAt == nil })
        #expect(m.run(Self.inscribe("Observer", "O", rank: "observer")) == nil)
        #expect(m.run(.inscribe(Inscription(speaker: "Later"), item: "9")) == nil)
        #expect(m.at("09:00", .start) == nil)
        #expect(m.state.queue.map(\.speaker) == ["King", "Minister", "Observer"])
        #expect(m.at("10:00", .next) == nil)
        #expect(m.state.queue.map(\.speaker) == ["Later"])
        // Going back finds the first item's list as it was left.
        #expect(m.at("10:01", .previous) == nil)
        #expect(m.state.queue.map(\.speaker) == ["King", "Minister", "Observer"])
    }

    @Test func aCorrectedAgendaKeepsTheChairsInscriptions() {
        var m = MeetingDriver(agenda: Self.assembly(), at: "08:00")
        #expect(m.run(Self.inscribe("Early", "E")) == nil)
        var corrected = Self.assembly(list: PlannedList(speakers: [Inscription(speaker: "Printed")]))
        corrected.title = "General debate (corrected)"
        #expect(m.run(.loadAgenda(corrected)) == nil)
        #expect(m.state.queue.map(\.speaker) == ["Printed", "Early"])
    }

    @Test func packsAreDataAPanelHasNoPointsOfOrder() {
        var m = MeetingDriver(agenda: Self.assembly(rules: .conferencePanel), at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.run(.inscribe(Inscription(speaker: "Dr. P"))) == nil)
        #expect(m.run(.inscribe(Inscription(speaker: "Ms. Q", speech: "question"))) == nil)
        #expect(m.run(.queueNext) == nil)
        #expect(m.state.floor?.speech == "panellist")
        #expect(m.state.floor?.stopwatch.allotted == .minutes(7))
        let refused = m.run(.interrupt(Inscription(speaker: "X", speech: "point-of-order")))
        #expect(refused?.code == .unknownSpeechType)
        #expect(m.run(.interrupt(Inscription(speaker: "X")))?.message.contains("no interruptions") == true)
    }

    @Test func aTimeAskedBeyondTheTypesLimitIsARuleTheChairMayOverride() {
        var m = MeetingDriver(agenda: Self.assembly(), at: "09:00")
        #expect(m.run(.start) == nil)
        let refused = m.run(.inscribe(Inscription(speaker: "France", speech: "reply", time: .minutes(12))))
        #expect(refused?.code == .ruleViolation)
        #expect(refused?.message.contains("reply-limit") == true)
        #expect(
            m.run(.inscribe(Inscription(speaker: "France", speech: "reply", time: .minutes(12)), override: true)) == nil
        )
        #expect(m.run(.queueNext) == nil)
        #expect(m.state.floor?.stopwatch.allotted == .minutes(12))
    }
}
