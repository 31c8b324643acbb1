import GavelCore
import MeetingGenerators
import PropertyBased
import Testing

/// For any sequence of commands, valid or not, at any pace: time never reads negative, a rejected
/// command changes nothing, and replaying the events rebuilds the same state.
@Suite struct MeetingPropertyTests {
    @Test func timeNeverReadsNegativeAndRejectionsChangeNothing() async {
        await propertyCheck(count: 300, input: MeetingSteps.generator) { steps in
            var state = MeetingState(agenda: TestAgendas.short)
            var now = MeetingSteps.start
            var events: [MeetingEvent] = []
            for (opcode, parameter, seconds) in steps {
                now = now + .seconds(seconds)
                let before = state
                do {
                    events += try state.apply(MeetingSteps.command(opcode, parameter), now: now)
                } catch {
                    #expect(state == before, "rejected \(MeetingSteps.command(opcode, parameter)) changed the state")
                }
                for index in state.items.indices {
                    let reading = state.itemReading(index, at: now)
                    #expect(reading.elapsed >= .zero)
                    #expect(reading.paused >= .zero)
                    #expect(reading.overrun >= .zero)
                }
                for index in state.grants.indices {
                    #expect(state.floorReading(index, at: now).elapsed >= .zero)
                }
                #expect(state.floorIndex == nil || state.currentItem != nil, "the floor outlived its item")
                if state.isPaused { #expect(state.currentItem != nil) }
                // Agenda edits keep the agenda, the items' progress and the lists in step.
                #expect(state.items.count == state.agenda.items.count)
                #expect(state.lists.count == state.agenda.items.count)
                #expect(Set(state.agenda.items.map(\.id)).count == state.agenda.items.count, "two items share an id")
                #expect(state.currentItem.map { state.items[$0].hasStarted } ?? true)
                #expect(
                    state.grants.allSatisfy { state.items[$0.itemIndex].hasStarted },
                    "a turn in an item that never ran"
                )
            }
            #expect(MeetingState(agenda: TestAgendas.short, replaying: events) == state)
        }
    }

    @Test func alertsComeOutTheSameWhateverThePaceOfTheChecks() async {
        // Checking every second or jumping from alert instant to alert instant finds the same alerts.
        await propertyCheck(count: 50, input: Gen.int(in: 1...120), Gen.int(in: 1...900)) { grantSeconds, span in
            var state = MeetingState(agenda: TestAgendas.short)
            let start = Instant(secondsSinceEpoch: 1_773_129_600)
            _ = try? state.apply(.start, now: start)
            _ = try? state.apply(.grantFloor(speaker: "A", duration: .seconds(grantSeconds)), now: start)
            let end = start + .seconds(span)
            var bySecond: [Alert] = []
            var t = start
            while t < end {
                let next = min(t + .seconds(1), end)
                bySecond += state.alerts(from: t, to: next)
                t = next
            }
            var byJump: [Alert] = []
            t = start
            while let next = state.nextAlertInstant(after: t), next <= end {
                byJump += state.alerts(from: t, to: next)
                t = next
            }
            #expect(bySecond == byJump)
            #expect(bySecond == state.alerts(from: start, to: end))
        }
    }
}
