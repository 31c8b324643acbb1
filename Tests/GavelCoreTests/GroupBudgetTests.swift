import Foundation
import GavelCore
import Testing

/// Speaking-time budgets per group: live balances, the chair's additions and transfers.
@Suite struct GroupBudgetTests {
    static func agenda() -> Agenda {
        var agenda = SpeakersListTests.assembly()
        agenda.groups = [
            SpeakerGroup(name: "GRULAC", members: ["Brazil", "Chile"]),
            SpeakerGroup(name: "WEOG", members: ["France", "Sweden"]),
        ]
        agenda.items[0].budgets = [
            GroupBudget(group: "GRULAC", time: .minutes(20)), GroupBudget(group: "WEOG", time: .minutes(15)),
        ]
        return agenda
    }

    @Test func speakersCountAgainstTheirGroupsBudgetAndInterruptionsDoNot() {
        var m = MeetingDriver(agenda: Self.agenda(), at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.run(.grantFloor(speaker: "Ms. B", duration: .minutes(10), delegation: "Brazil")) == nil)
        #expect(m.at("09:04", .interrupt(Inscription(speaker: "France", delegation: "France"))) == nil)
        #expect(m.at("09:05", .returnFloor) == nil)
        #expect(m.at("09:08", .grantFloor(speaker: "Mr. C", duration: nil, delegation: "chile")) == nil)
        m.advance(to: "09:10")
        let budgets = m.state.budgets(in: 0, at: m.now)
        #expect(budgets.map(\.group) == ["GRULAC", "WEOG"])
        // Brazil 4 + 3 minutes, Chile 2 so far; France's point of order counts to nobody's budget.
        #expect(budgets[0].used == .minutes(9) && budgets[0].balance == .minutes(11))
        #expect(budgets[1].used == .zero && !budgets[1].isSpent)
    }

    @Test func aTransferConservesTimeAndCannotGiveWhatIsUsed() {
        var m = MeetingDriver(agenda: Self.agenda(), at: "09:00")
        #expect(m.run(.start) == nil)
        #expect(m.run(.grantFloor(speaker: "Mr. D", duration: .minutes(14), delegation: "France")) == nil)
        m.advance(to: "09:12")
        let total = { (m: MeetingDriver) in m.state.budgets(in: 0, at: m.now).reduce(Duration.zero) { $0 + $1.budget } }
        let before = total(m)
        #expect(m.run(.transferBudget(from: "GRULAC", to: "WEOG", amount: .minutes(5))) == nil)
        #expect(total(m) == before)
        #expect(m.state.budgets(in: 0, at: m.now).map(\.balance) == [.minutes(15), .minutes(8)])
        // WEOG has used 12 of 20: it cannot give 9.
        let refused = m.run(.transferBudget(from: "WEOG", to: "GRULAC", amount: .minutes(9)))
        #expect(refused?.code == .invalidDuration)
        #expect(refused?.message.contains("WEOG has 8m left") == true, "\(refused?.message ?? "")")
        // Time given to a group the agenda did not budget makes it one; taking from one it has not is refused.
        #expect(m.run(.adjustBudget(group: "African Group", by: .minutes(6))) == nil)
        #expect(m.state.budgets(in: 0, at: m.now).last?.budget == .minutes(6))
        #expect(m.run(.transferBudget(from: "Asia-Pacific", to: "WEOG", amount: .minutes(1)))?.code == .unknownSpeaker)
        // Replaying the journal gives the same budgets.
        let replayed = MeetingState(agenda: Self.agenda(), replaying: m.events)
        #expect(replayed.budgets(in: 0, at: m.now) == m.state.budgets(in: 0, at: m.now))
    }

    @Test func groupsAndBudgetsRoundTripThroughTheAgendaJSON() throws {
        let agenda = Self.agenda()
        let imported = try AgendaImporter.importAgenda(agenda.canonicalJSON(), format: .json).agenda
        #expect(imported.groups == agenda.groups)
        #expect(imported.items[0].budgets == agenda.items[0].budgets)
        #expect(try agenda.validated().agenda == agenda)
    }
}
