import Foundation
import GavelCore
import PropertyBased
import Testing

/// For any sequence of commands, valid or not, at any pace: time never reads negative, a rejected
/// command changes nothing, and replaying the events rebuilds the same state.
@Suite struct MeetingPropertyTests {
    /// A command chosen by number, with a parameter for durations, names and positions.
    static func command(_ opcode: Int, _ parameter: Int) -> MeetingCommand {
        let names = ["A", "B", "C", "D"]
        let name = names[abs(parameter) % names.count]
        let duration = Duration.seconds(parameter * 30)
        switch opcode {
        case 0: return .start
        case 1: return .next
        case 2: return .previous
        case 3: return .goTo("\(parameter)")
        case 4: return .pause
        case 5: return .resume
        case 6: return .extend(duration)
        case 7: return .trim(duration)
        case 8: return .endItem
        case 9: return .endMeeting
        case 10: return .grantFloor(speaker: name, duration: parameter % 3 == 0 ? nil : duration)
        case 11: return .extendFloor(duration)
        case 12: return .pauseFloor
        case 13: return .resumeFloor
        case 14: return .yieldFloor
        case 15: return .queueAdd(speaker: name, time: parameter % 2 == 0 ? nil : duration)
        case 16: return .queueRemove(parameter % 2 == 0 ? .position(parameter) : .speaker(name))
        case 17: return .queueMove(.position(abs(parameter) % 3 + 1), toPosition: parameter)
        case 18: return .queueNext
        case 19: return .showMessage(parameter < 0 ? " " : "Message \(parameter)")
        case 20: return .clearMessage
        default: return .next
        }
    }

    static let steps = zip(Gen.int(in: 0...21), Gen.int(in: -3...8), Gen.int(in: 0...400)).array(of: 0...80)

    @Test func timeNeverReadsNegativeAndRejectionsChangeNothing() async {
        await propertyCheck(count: 300, input: Self.steps) { steps in
            var state = MeetingState(agenda: TestAgendas.short)
            var now = Instant(secondsSinceEpoch: 1_773_129_600)  // 2026-03-10 08:00 UTC
            var events: [MeetingEvent] = []
            for (opcode, parameter, seconds) in steps {
                now = now + .seconds(seconds)
                let before = state
                do {
                    events += try state.apply(Self.command(opcode, parameter), now: now)
                } catch {
                    #expect(state == before, "rejected \(Self.command(opcode, parameter)) changed the state")
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
            }
            #expect(MeetingState(agenda: TestAgendas.short, replaying: events) == state)
        }
    }

    @Test func eventsSurviveTheJournalEncoding() async throws {
        await propertyCheck(count: 100, input: Self.steps) { steps in
            var state = MeetingState(agenda: TestAgendas.short)
            var now = Instant(secondsSinceEpoch: 1_773_129_600)
            var events: [MeetingEvent] = []
            for (opcode, parameter, seconds) in steps {
                now = now + .seconds(seconds)
                if let new = try? state.apply(Self.command(opcode, parameter), now: now) { events += new }
            }
            let data = try JSONEncoder().encode(events)
            let decoded = try JSONDecoder().decode([MeetingEvent].self, from: data)
            #expect(decoded == events)
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

@Suite struct MeetingEventCodingTests {
    @Test func eventsAreFlatReadableJSON() throws {
        let event = MeetingEvent.itemAdjusted(index: 1, by: .minutes(2), at: Instant(millisecondsSinceEpoch: 1000))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let text = String(decoding: try encoder.encode(event), as: UTF8.self)
        #expect(text == #"{"at":1000,"byMs":120000,"item":1,"type":"itemAdjusted"}"#)
    }

    @Test func unknownEventTypeIsAClearError() {
        let data = Data(#"{"type":"teleported","at":1}"#.utf8)
        #expect {
            try JSONDecoder().decode(MeetingEvent.self, from: data)
        } throws: { error in
            "\(error)".contains("unknown event type 'teleported'")
        }
    }
}
