import Foundation
import GavelCore
@_spi(Fuzzing) import GavelJournal
import GavelProtocol

/// The `replay` target: the bytes are a script of timed commands for `MeetingState`, the heart
/// of the daemon. After every step: a rejected command changed nothing, an accepted one produced
/// events, no timer reads negative, alerts fall where `nextAlertInstant` said; at the end, the
/// events replay to the same state, and come back unchanged from the journal's typed columns
/// (`EventColumns`), in which the daemon stores them.
///
/// Script: the first byte picks the agenda; then steps of `OP TIME [ARG...]`. `OP % 32` is the
/// command (28 to 31 edit the agenda), bit 7 adds an `expect` read from one more byte. `TIME`
/// moves the clock (bits 7-6 pick ms, s, min or h; 0-55 forward, 56-63 back 1-8 units, as a clock
/// stepped back across a reboot does).
enum ReplayTarget {
    static let maximumSteps = 256

    static func run(_ data: Data) {
        var input = ByteReader(data)
        let agenda = Scripts.agendas[Int(input.byte()) % Scripts.agendas.count]
        var state = MeetingState(agenda: agenda)
        var events: [MeetingEvent] = []
        var now = Meetings.start
        var alertsUpTo = now
        var steps = 0
        while !input.isAtEnd, steps < maximumSteps {
            steps += 1
            let op = input.byte()
            now = now + Scripts.step(input.byte())
            if let command = Scripts.command(op % 32, &input) {
                let expectation = op & 0x80 != 0 ? Scripts.expectation(input.byte(), state) : nil
                let before = state
                do {
                    let new = try state.apply(command, expecting: expectation, now: now)
                    require(!new.isEmpty, "\(command) was accepted without an event")
                    require(state.sequence == before.sequence + new.count, "the sequence does not count the events")
                    require(new.allSatisfy { $0.at >= (before.lastEventAt ?? $0.at) }, "an event went back in time")
                    events += new
                } catch {
                    require(state == before, "the rejected \(command) changed the state (\(error))")
                }
            }
            checkReadings(state, at: now)
            checkAlerts(state, from: alertsUpTo, to: now)
            alertsUpTo = max(alertsUpTo, now)
        }
        let replayed = MeetingState(agenda: agenda, replaying: events)
        require(replayed == state, "replaying \(events.count) events does not rebuild the state")
        let journaled: [MeetingEvent]
        do {
            journaled = try Journal.throughColumns(events)
        } catch {
            fatalError("property violated: the journal's columns cannot give back an event: \(error)")
        }
        require(journaled == events, "the journal's columns changed an event: \(journaled) is not \(events)")
        // Calendar arithmetic is slow: the schedule and the snapshot are read once, at the end.
        _ = state.schedule(at: now)
        _ = WireCoding.encode(StateMessage(state: state, meetingID: 1, seq: Int64(state.sequence), at: now))
    }

    /// No timer reads negative, now or at an instant the clock could have stepped back to.
    static func checkReadings(_ state: MeetingState, at now: Instant) {
        for instant in [now, now - .seconds(30)] {
            for index in state.items.indices {
                let reading = state.itemReading(index, at: instant)
                require(reading.elapsed >= .zero, "item \(index) elapsed \(reading.elapsed) at \(instant)")
                require(reading.paused >= .zero, "item \(index) paused \(reading.paused) at \(instant)")
                require(reading.overrun >= .zero, "item \(index) overrun \(reading.overrun) at \(instant)")
            }
            for index in state.grants.indices {
                let reading = state.floorReading(index, at: instant)
                require(reading.elapsed >= .zero, "floor \(index) elapsed \(reading.elapsed) at \(instant)")
                require(reading.paused >= .zero, "floor \(index) paused \(reading.paused) at \(instant)")
            }
        }
        require(state.floorIndex == nil || state.currentItem != nil, "the floor outlived its item")
        require(!state.isPaused || state.currentItem != nil, "paused with no current item")
        require(state.phase != .notStarted || state.currentItem == nil, "an item runs before the start")
    }

    /// Alerts fall in the asked span, in order, and none comes before `nextAlertInstant`: the
    /// daemon sleeps until that instant, so an earlier alert would fire late.
    static func checkAlerts(_ state: MeetingState, from: Instant, to: Instant) {
        // A clock step of hours crosses thousands of 10-second reminders: read only the last two
        // hours of a long step, or the target spends its time appending reminders.
        let from = max(from, to - .seconds(2 * 3600))
        let alerts = state.alerts(from: from, to: to)
        require(alerts.allSatisfy { $0.at > from && $0.at <= to }, "an alert outside (\(from), \(to)]: \(alerts)")
        require(zip(alerts, alerts.dropFirst()).allSatisfy { $0.at <= $1.at }, "alerts out of order: \(alerts)")
        let after = max(from, to)
        guard let next = state.nextAlertInstant(after: after) else {
            require(state.alerts(from: after, to: after + .seconds(48 * 3600)).isEmpty, "alerts but no next instant")
            return
        }
        require(next > after, "the next alert \(next) is not after \(after)")
        let early = state.alerts(from: after, to: next - .milliseconds(1))
        require(early.isEmpty, "alerts before the next alert instant \(next): \(early)")
        require(!state.alerts(from: after, to: next).isEmpty, "no alert at the next alert instant \(next)")
    }
}

/// How bytes become agendas, commands, clock steps and expectations.
enum Scripts {
    static let agendas: [Agenda] = [ExampleAgenda.agenda, short, multiDay]

    /// Three items of seconds, so that alerts and overruns come within a few steps.
    static var short: Agenda {
        let date = LocalDate(year: 2018, month: 5, day: 21)!
        func item(_ id: String, _ start: Int, _ end: Int, kind: AgendaItem.Kind = .session) -> AgendaItem {
            AgendaItem(
                id: id,
                title: "Item \(id)",
                kind: kind,
                date: date,
                start: LocalTime(secondsSinceMidnight: start)!,
                end: LocalTime(secondsSinceMidnight: end)!
            )
        }
        var opening = item("opening", 36_000, 36_040)
        opening.people = [Person(name: "A", role: .chair, speakingTime: .seconds(20)), .placeholder(.speaker)]
        opening.alerts = AlertThresholds(warning: .seconds(20), wrapUp: .seconds(5), reminderEvery: .seconds(10))
        opening.floorAlerts = AlertThresholds(warning: .zero, wrapUp: .zero, reminderEvery: .seconds(10))
        return Agenda(
            title: "Short",
            date: date,
            timeZone: "Europe/Zurich",
            defaults: AgendaDefaults(speakerTime: .seconds(15)),
            items: [opening, item("break-1", 36_040, 36_050, kind: .break), item("2", 36_050, 36_059)]
        )
    }

    /// Two days across the change to summer time in New York.
    static var multiDay: Agenda {
        let first = LocalDate(year: 2018, month: 3, day: 10)!
        let second = LocalDate(year: 2018, month: 3, day: 11)!
        func item(_ id: String, _ date: LocalDate, _ start: String, _ end: String) -> AgendaItem {
            AgendaItem(
                id: id,
                title: "Item \(id)",
                date: date,
                start: LocalTime(canonical: start)!,
                end: LocalTime(canonical: end)!
            )
        }
        return Agenda(
            title: "Two days",
            date: first,
            venue: "UN Headquarters, New York",
            timeZone: "America/New_York",
            items: [
                item("1", first, "23:00", "23:59"), item("2", second, "01:30", "03:30"),
                item("3", second, "09:00", "10:00"),
            ]
        )
    }

    /// A clock step: bits 7-6 the unit (ms, s, min, h); 0-55 forward, 56-63 back 1-8 units.
    static func step(_ byte: UInt8) -> Duration {
        let unit: Duration = [.milliseconds(1), .seconds(1), .seconds(60), .seconds(3600)][Int(byte >> 6)]
        let amount = Int(byte & 0x3F)
        return amount < 56 ? unit * amount : .zero - unit * (amount - 55)
    }

    static let names = [
        "A", "B", "a", " A ", "", "  ", "Ms. Louise Arbour", "Mr. William Lacy Swing", "TBC", "É", "E\u{301}",
        "two\nlines", String(repeating: "x", count: 120), String(repeating: "x", count: 121),
    ]
    static let references = ["1", "2", "3", "0", "-1", "4", "99", "break-1", "opening", " 2", "", "02"]
    static let messages = [
        "Please take your seats", "", " \n ", String(repeating: "é", count: 280), String(repeating: "x", count: 281),
        "two\nlines",
    ]
    static let durations: [Duration] = [
        .zero, .milliseconds(1), .milliseconds(999), .seconds(1), .seconds(10), .seconds(30), .seconds(60),
        .seconds(300), .seconds(3600), .seconds(12 * 3600), .seconds(12 * 3600) + .milliseconds(1),
        .zero - .seconds(1),
    ]

    static func duration(_ byte: UInt8) -> Duration {
        Int(byte) < durations.count ? durations[Int(byte)] : .milliseconds(Int(byte) * 1_234)
    }

    static func name(_ byte: UInt8) -> String { names[Int(byte) % names.count] }

    static func queueReference(_ byte: UInt8, _ input: inout ByteReader) -> QueueReference {
        byte & 1 == 0 ? .position(Int(Int8(bitPattern: input.byte())) % 6) : .speaker(name(byte >> 1))
    }

    /// The command for `code` (nil: only time passes), its arguments read from `input`.
    static func command(_ code: UInt8, _ input: inout ByteReader) -> MeetingCommand? {
        switch code {
        case 0: return .start
        case 1: return .goTo(references[Int(input.byte()) % references.count])
        case 2: return .next
        case 3: return .previous
        case 4: return .pause
        case 5: return .resume
        case 6: return .extend(duration(input.byte()))
        case 7: return .trim(duration(input.byte()))
        case 8: return .endItem
        case 9: return .endMeeting
        case 10:
            let byte = input.byte()
            return .grantFloor(speaker: name(byte), duration: byte & 0x80 == 0 ? nil : duration(input.byte()))
        case 11: return .extendFloor(duration(input.byte()))
        case 12: return .pauseFloor
        case 13: return .resumeFloor
        case 14: return .yieldFloor
        case 15:
            let byte = input.byte()
            return .queueAdd(speaker: name(byte), time: byte & 0x80 == 0 ? nil : duration(input.byte()))
        case 16: return .queueRemove(queueReference(input.byte(), &input))
        case 17:
            let reference = queueReference(input.byte(), &input)
            return .queueMove(reference, toPosition: Int(Int8(bitPattern: input.byte())) % 6)
        case 18: return .queueNext
        case 19: return .showMessage(messages[Int(input.byte()) % messages.count])
        case 20: return .clearMessage
        case 21: return .loadAgenda(agendas[Int(input.byte()) % agendas.count])
        case 22:
            let byte = input.byte()
            let types: [String?] = [nil, "point-of-order", "question", "statement", "reply"]
            return .interrupt(
                Inscription(
                    speaker: name(byte),
                    delegation: name(byte >> 2),
                    speech: types[Int(byte >> 4) % types.count]
                ),
                override: byte & 0x80 != 0
            )
        case 23: return .returnFloor
        case 24:
            let byte = input.byte()
            let types: [String?] = [nil, "reply", "eov-before", "statement", "point-of-order"]
            let ranks: [String?] = [nil, "minister", "head-of-state", "observer", "emperor"]
            return .inscribe(
                Inscription(
                    speaker: name(byte),
                    delegation: name(byte >> 1),
                    speech: types[Int(byte >> 2) % types.count],
                    rank: ranks[Int(byte >> 4) % ranks.count],
                    time: byte & 0x40 == 0 ? nil : duration(input.byte())
                ),
                item: byte & 0x20 == 0 ? nil : references[Int(input.byte()) % references.count],
                override: byte & 0x80 != 0
            )
        case 25: return .closeList(item: nil)
        case 26: return .reopenList(item: nil)
        case 27:
            let byte = input.byte()
            return .grantFloor(
                speaker: name(byte),
                duration: nil,
                speech: byte & 1 == 0 ? "reply" : nil,
                delegation: name(byte >> 1),
                override: byte & 0x80 != 0
            )
        case 28:
            let byte = input.byte()
            return .editAgenda(
                .insert(
                    title: byte & 0x40 == 0 ? name(byte) : "",
                    length: duration(input.byte()),
                    position: byte & 0x80 == 0 ? nil : Int(Int8(bitPattern: input.byte())) % 8,
                    start: byte & 0x20 == 0 ? nil : LocalTime(secondsSinceMidnight: Int(input.byte()) * 337)
                )
            )
        case 29: return .editAgenda(.remove(item: references[Int(input.byte()) % references.count]))
        case 30:
            return .editAgenda(
                .move(
                    item: references[Int(input.byte()) % references.count],
                    toPosition: Int(Int8(bitPattern: input.byte())) % 8
                )
            )
        case 31:
            let byte = input.byte()
            let item = references[Int(byte >> 1) % references.count]
            if byte & 1 == 0 { return .editAgenda(.retitle(item: item, title: name(input.byte()))) }
            let detail = input.byte()
            return .editAgenda(
                .retime(
                    item: item,
                    start: detail & 1 == 0 ? nil : LocalTime(secondsSinceMidnight: Int(detail) * 337),
                    length: detail & 2 == 0 ? nil : duration(input.byte())
                )
            )
        default: return nil
        }
    }

    /// What the sender saw: the right or a wrong item and speaker, or none.
    static func expectation(_ byte: UInt8, _ state: MeetingState) -> ExpectedState {
        let current = state.currentItem.map { state.agenda.items[$0].id }
        let item: String? =
            switch byte & 3 {
            case 0: nil
            case 1: current ?? ""
            case 2: ""
            default: references[Int(byte >> 2) % references.count]
            }
        let speaker: String? =
            switch (byte >> 4) & 3 {
            case 0: nil
            case 1: state.floor?.speaker ?? ""
            case 2: ""
            default: name(byte >> 6)
            }
        return ExpectedState(item: item, speaker: speaker)
    }
}

/// Reads bytes one at a time; past the end it reads zeros, so every input is a whole script.
struct ByteReader {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ data: Data) { bytes = Array(data) }

    var isAtEnd: Bool { offset >= bytes.count }

    mutating func byte() -> UInt8 {
        defer { offset += 1 }
        return offset < bytes.count ? bytes[offset] : 0
    }
}
