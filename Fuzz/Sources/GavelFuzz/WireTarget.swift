import Foundation
import GavelCore
import GavelProtocol

/// The `wire` target: `ClientMessage.decode` on any bytes. A decoded command must survive the
/// CLI's encoding (`WireCoding.encoder()`) unchanged, and is then handled as the daemon does:
/// an agenda is checked by re-importing its canonical JSON, the command is applied to a meeting
/// before and during its run, and the state that results is read and encoded.
enum WireTarget {
    static func run(_ data: Data) {
        switch ClientMessage.decode(data) {
        case .failure(let error):
            require(error.code == .badRequest && !error.message.isEmpty, "a refusal without a reason: \(error)")
        case .success(.ping(let t0)):
            require(t0.isFinite, "ping t0 \(t0) is not finite")
        case .success(.subscribe), .success(.auth), .success(.display):
            break
        case .success(.command(var request)):
            roundTrip(request)
            if case .loadAgenda(let agenda) = request.command {
                // Daemon+Commands.validated: the agenda goes through the importer's rules.
                let json = agenda.canonicalJSON()
                guard let checked = try? AgendaImporter.importAgenda(json, format: .json) else { return }
                AgendaProperties.check(checked.agenda)
                request.command = .loadAgenda(checked.agenda)
            }
            for state in Meetings.states { apply(request, to: state) }
        }
    }

    /// decode(encode(request)) == request.
    static func roundTrip(_ request: CommandRequest) {
        let encoded: Data
        do {
            encoded = try WireCoding.encoder().encode(request)
        } catch {
            fatalError("property violated: a decoded command does not encode: \(error)")
        }
        let decoded = ClientMessage.decode(encoded)
        require(
            decoded == .success(.command(request)),
            "the wire round trip changed the command:\n"
                + "before: \(request)\nafter:  \(decoded)\nwire:   \(String(decoding: encoded, as: UTF8.self))"
        )
    }

    static func apply(_ request: CommandRequest, to original: MeetingState) {
        var state = original
        let now = (state.lastEventAt ?? Meetings.start) + .seconds(5)
        do {
            let events = try state.apply(request.command, expecting: request.expect, now: now)
            require(!events.isEmpty, "\(request.command) was accepted without an event")
            let replayed = MeetingState(agenda: original.agenda, replaying: Meetings.events(of: original) + events)
            require(replayed == state, "replaying the events of \(request.command) gives another state")
        } catch {
            require(state == original, "the rejected \(request.command) changed the state: \(error)")
        }
        _ = state.schedule(at: now)
        _ = state.alerts(from: now, to: now + .seconds(3600))
        _ = state.nextAlertInstant(after: now)
        _ = WireCoding.encode(StateMessage(state: state, meetingID: 1, seq: Int64(state.sequence), at: now))
        _ = WireCoding.encode(TickMessage(state: state, at: now))
    }
}

/// Meetings to apply fuzzed commands to: one not started, one running with a speaker holding the
/// floor, two queued and a message shown.
enum Meetings {
    /// 2018-05-21 09:55 in New York, five minutes before the example hearing.
    static let start = Instant(millisecondsSinceEpoch: 1_526_910_900_000)

    static let script: [MeetingCommand] = [
        .start, .grantFloor(speaker: "Ms. Louise Arbour", duration: nil),
        .queueAdd(speaker: "Mr. William Lacy Swing", time: .minutes(2)), .queueAdd(speaker: "B", time: nil),
        .showMessage("Welcome"), .next,
        .grantFloor(speaker: "A", duration: .seconds(30)),
    ]

    static let journal: [MeetingEvent] = {
        var state = MeetingState(agenda: ExampleAgenda.agenda)
        var events: [MeetingEvent] = []
        var now = start
        for command in script {
            now = now + .seconds(61)
            do {
                events += try state.apply(command, now: now)
            } catch {
                fatalError("the harness's meeting script failed at \(command): \(error)")
            }
        }
        return events
    }()

    static let states: [MeetingState] = [
        MeetingState(agenda: ExampleAgenda.agenda),
        MeetingState(agenda: ExampleAgenda.agenda, replaying: journal),
    ]

    static func events(of state: MeetingState) -> [MeetingEvent] {
        state.sequence == 0 ? [] : journal
    }
}
