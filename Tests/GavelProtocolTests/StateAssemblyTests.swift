import Foundation
import GavelCore
import GavelProtocol
import MeetingGenerators
import PropertyBased
import Testing

/// gavel.v2 sends the plan, the progress and the queue when they change and a small state with
/// every change; a client puts the whole picture together and projects the schedule itself.
/// Whatever the meeting went through, and at any instant, that picture is the one gavel.v1 sends.
@Suite struct StateAssemblyTests {
    @Test(arguments: [
        (Agendas.hearing, MeetingSteps.start), (Agendas.twoDays, MeetingSteps.start),
        // Run on its own day, when the clocks go forward: printed lengths and instants differ.
        (Agendas.clocksGoForward, Instant(secondsSinceEpoch: 1_772_947_800)),
    ])
    func theAssembledStateIsTheWholeState(agenda: Agenda, start: Instant) async throws {
        await propertyCheck(count: 60, input: MeetingSteps.generator) { steps in
            var state = MeetingState(agenda: agenda)
            var now = start
            for (index, (opcode, parameter, pause)) in steps.enumerated() {
                now = now + .seconds(pause)
                _ = try? state.apply(MeetingSteps.command(opcode, parameter), now: now)
                // Sometimes read it later, as a display does while time passes or runs over.
                let at = index % 3 == 0 ? now + .seconds(pause * 7) : now
                try checkAssembly(state, seq: Int64(index), at: at)
            }
        }
    }

    /// The messages as a client receives them (serialised and read back) give the daemon's v1 state.
    func checkAssembly(_ state: MeetingState, seq: Int64, at now: Instant) throws {
        let agenda = try roundTrip(AgendaMessage(state: state, meetingID: 7, seq: seq, at: now))
        let progress = try roundTrip(ProgressMessage(state: state, seq: seq, at: now))
        let queue = try roundTrip(QueueMessage(state: state, seq: seq))
        let live = try roundTrip(LiveStateMessage(state: state, meetingID: 7, seq: seq, at: now))
        let assembled = try StateMessage(agenda: agenda, progress: progress, queue: queue, live: live)
        let whole = try roundTrip(StateMessage(state: state, meetingID: 7, seq: seq, at: now))
        #expect(assembled == whole)
        // What a display takes an upcoming item's time to be without the progress (before the start).
        for (planned, done) in zip(agenda.items, progress.items) where done.status == .upcoming {
            #expect(done.allottedMs == planned.plannedMs && done.elapsedMs == 0)
        }
    }

    @Test func theStateDoesNotGrowWithTheAgenda() throws {
        var sizes: [Int] = []
        for count in [3, 60, 300] {
            var state = MeetingState(agenda: Agendas.plenary(items: count))
            let start = MeetingSteps.start
            try state.apply(.start, now: start)
            try state.apply(
                .grantFloor(speaker: "H.E. Ms. María Fernanda Espinosa Garcés", duration: .minutes(5)),
                now: start + .seconds(30)
            )
            try state.apply(.queueAdd(speaker: "Mr. António Guterres", time: .minutes(3)), now: start + .seconds(40))
            try state.apply(
                .showMessage(String(repeating: "Please take your seats. ", count: 11)),
                now: start + .seconds(50)
            )
            let live = WireCoding.encode(
                LiveStateMessage(state: state, meetingID: 3, seq: 42, at: start + .seconds(60))
            )
            let whole = WireCoding.encode(StateMessage(state: state, meetingID: 3, seq: 42, at: start + .seconds(60)))
            #expect(whole.count > live.count)
            sizes.append(live.count)
        }
        // Only the digits of an index may differ.
        #expect(sizes.max()! - sizes.min()! <= 4, "\(sizes)")
        // With the longest message a chair may show (280 characters), within 1.75 KB: 1.5 KB
        // before the list of speakers added the floor's speech type and the list plan (seven
        // numbers), both of a size that does not depend on the agenda or the list either.
        #expect(sizes.max()! <= 1792, "\(sizes)")
    }

    @Test func messagesThatDoNotFitTogetherAreRefused() throws {
        let state = MeetingState(agenda: Agendas.hearing)
        let now = MeetingSteps.start
        let agenda = AgendaMessage(state: state, meetingID: 1, seq: 0, at: now)
        var progress = ProgressMessage(state: state, seq: 0, at: now)
        progress.items.removeLast()
        let live = LiveStateMessage(state: state, meetingID: 1, seq: 0, at: now)
        let error = #expect(throws: InconsistentMessages.self) {
            try StateMessage(agenda: agenda, progress: progress, queue: QueueMessage(state: state, seq: 0), live: live)
        }
        #expect(error?.description.contains("the progress has 2 items and the agenda 3") == true)
    }

    private func roundTrip<T: Codable>(_ message: T) throws -> T {
        try WireCoding.decoder().decode(T.self, from: Data(WireCoding.encode(message)))
    }
}

/// Agendas built in code.
enum Agendas {
    static let date = LocalDate(year: 2026, month: 3, day: 10)!

    static func time(_ text: String) -> LocalTime { LocalTime(canonical: text)! }

    /// Three items with people and a break, in Geneva.
    static var hearing: Agenda {
        Agenda(
            title: "Hearing",
            date: date,
            timeZone: "Europe/Zurich",
            items: [
                AgendaItem(
                    id: "1",
                    title: "Opening",
                    date: date,
                    start: time("09:00"),
                    end: time("09:10"),
                    people: [Person(name: "Ms. A", role: .speaker)]
                ),
                AgendaItem(
                    id: "break-1",
                    title: "Break",
                    kind: .break,
                    date: date,
                    start: time("09:10"),
                    end: time("09:15")
                ),
                AgendaItem(id: "2", title: "Panel", date: date, start: time("09:20"), end: time("10:00")),
            ]
        )
    }

    /// Two days: a delay on the first does not carry over into the second.
    static var twoDays: Agenda {
        let second = date.adding(days: 1)
        return Agenda(
            title: "Conference",
            date: date,
            timeZone: "America/New_York",
            items: [
                AgendaItem(id: "1", title: "Keynote", date: date, start: time("09:00"), end: time("09:05")),
                AgendaItem(id: "2", title: "Panel", date: date, start: time("09:05"), end: time("09:30")),
                AgendaItem(id: "3", title: "Day two", date: second, start: time("09:00"), end: time("09:20")),
                AgendaItem(id: "4", title: "Closing", date: second, start: time("09:30"), end: time("09:40")),
            ]
        )
    }

    /// New York on 8 March 2026, when 02:00 becomes 03:00: the second item is printed 90 minutes
    /// long and lasts 30.
    static var clocksGoForward: Agenda {
        let day = LocalDate(year: 2026, month: 3, day: 8)!
        return Agenda(
            title: "Night sitting",
            date: day,
            timeZone: "America/New_York",
            items: [
                AgendaItem(id: "1", title: "Opening", date: day, start: time("01:00"), end: time("01:45")),
                AgendaItem(id: "2", title: "Debate", date: day, start: time("01:45"), end: time("03:15")),
                AgendaItem(id: "3", title: "Closing", date: day, start: time("03:15"), end: time("04:00")),
            ]
        )
    }

    /// A plenary day of `items` twenty-minute items, one speaker each.
    static func plenary(items count: Int) -> Agenda {
        let base = 8 * 60
        return Agenda(
            title: "Plenary meeting of the General Assembly, seventy-third session",
            date: date,
            timeZone: "America/New_York",
            items: (0..<count).map { index in
                let start = base + index * 2
                return AgendaItem(
                    id: "\(index + 1)",
                    title: "Agenda item \(index + 1): Report of the Secretary-General on the work of the Organization",
                    date: date.adding(days: start / (24 * 60)),
                    start: time(String(format: "%02d:%02d", (start / 60) % 24, start % 60)),
                    end: time(String(format: "%02d:%02d", ((start + 2) / 60) % 24, (start + 2) % 60)),
                    people: [Person(name: "H.E. Mr. Speaker \(index + 1)", role: .speaker)]
                )
            }
        )
    }
}
