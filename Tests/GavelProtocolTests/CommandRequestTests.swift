import Foundation
import GavelCore
import GavelProtocol
import Testing

@Suite struct CommandRequestTests {
    static let agenda = Agenda(
        title: "T",
        date: LocalDate(year: 2026, month: 1, day: 5)!,
        timeZone: "Europe/Zurich",
        items: [
            AgendaItem(
                id: "1",
                title: "One",
                date: LocalDate(year: 2026, month: 1, day: 5)!,
                start: LocalTime(canonical: "09:00")!,
                end: LocalTime(canonical: "09:30")!
            )
        ]
    )

    static let everyCommand: [MeetingCommand] = [
        .start, .goTo("2"), .next, .previous, .pause, .resume, .extend(.minutes(2)), .trim(.seconds(90)),
        .endItem, .endMeeting, .grantFloor(speaker: "Ms. A", duration: nil),
        .grantFloor(speaker: "Ms. A", duration: .minutes(3)), .extendFloor(.seconds(30)), .pauseFloor,
        .resumeFloor, .yieldFloor, .queueAdd(speaker: "B", time: nil), .queueAdd(speaker: "B", time: .minutes(2)),
        .queueRemove(.position(2)), .queueRemove(.speaker("B")), .queueMove(.speaker("B"), toPosition: 1),
        .queueNext, .showMessage("Silence, please"), .showMessage("Please wrap up", audience: .speaker),
        .clearMessage, .blackout(.everyone), .blackout(.speaker), .endBlackout, .flash(.everyone),
        .flash(.speaker), .loadAgenda(agenda),
        .grantFloor(speaker: "France", duration: nil, speech: "reply", delegation: "France", override: true),
        .inscribe(
            Inscription(speaker: "Ms. C", delegation: "Chile", speech: "statement", rank: "minister", time: .minutes(5))
        ),
        .inscribe(Inscription(speaker: "Ms. C"), item: "2", override: true),
        .inscribeAll(
            [Inscription(speaker: "D", delegation: "Denmark"), Inscription(speaker: "E", speech: "reply")],
            item: "1"
        ),
        .closeList(), .closeList(item: "2"), .reopenList(), .reopenList(item: "break-1"),
        .interrupt(Inscription(speaker: "Egypt", delegation: "Egypt", speech: "point-of-order")),
        .interrupt(Inscription(speaker: "Q", speech: "question", time: .seconds(45)), override: true),
        .returnFloor, .queueRemove(.speaker("B"), item: "3"), .queueMove(.position(1), toPosition: 2, item: "2"),
        .adjustBudget(group: "GRULAC", by: .minutes(2)), .adjustBudget(group: "WEOG", by: .seconds(30), item: "2"),
        .adjustBudget(group: "WEOG", by: .seconds(-90)),
        .transferBudget(from: "WEOG", to: "GRULAC", amount: .minutes(1)),
        .acceptPlan(end: LocalTime(canonical: "13:00")),
        .acceptPlan(),
        .editAgenda(.insert(title: "Announcements", length: .minutes(10))),
        .editAgenda(
            .insert(
                title: "Coffee",
                length: .seconds(90),
                position: 2,
                start: LocalTime(canonical: "10:30")!,
                kind: .break
            )
        ),
        .editAgenda(.remove(item: "2")), .editAgenda(.move(item: "added-1", toPosition: 3)),
        .editAgenda(.retitle(item: "3", title: "Closing remarks")),
        .editAgenda(.retime(item: "3", start: LocalTime(canonical: "12:45")!, length: nil)),
        .editAgenda(.retime(item: "3", start: nil, length: .milliseconds(1500))),
    ]

    @Test func everyCommandRoundTrips() throws {
        #expect(Set(Self.everyCommand.map(\.wireName)) == Set(MeetingCommand.wireNames))
        for command in Self.everyCommand {
            let request = CommandRequest(id: "c-1", command: command, expect: ExpectedState(item: "1"))
            let data = try WireCoding.encoder().encode(request)
            guard case .success(.command(let decoded)) = ClientMessage.decode(Array(data)) else {
                Issue.record("\(command) did not decode from \(String(decoding: data, as: UTF8.self))")
                continue
            }
            #expect(decoded == request)
        }
    }

    @Test func aPresetStandsForItsTextAndTheAudienceDefaultsToEveryone() {
        for (json, expected) in [
            (#""preset":"wrap-up""#, MeetingCommand.showMessage("Please wrap up")),
            (#""preset":"time-up","audience":"speaker""#, .showMessage("Your time is up", audience: .speaker)),
            (#""text":"Back at 3","audience":"everyone""#, .showMessage("Back at 3")),
        ] {
            let text = #"{"type":"command","command":"showMessage",\#(json)}"#
            guard case .success(.command(let request)) = ClientMessage.decode(Array(text.utf8)) else {
                Issue.record("\(json) was refused")
                continue
            }
            #expect(request.command == expected)
        }
        let flash = #"{"type":"command","command":"flash"}"#
        guard case .success(.command(let request)) = ClientMessage.decode(Array(flash.utf8)) else {
            Issue.record("flash was refused")
            return
        }
        #expect(request.command == .flash(.everyone))
    }

    /// A message to everyone is written as before audiences existed, so its digest, journaled
    /// with its id, is unchanged: a retry across the upgrade is still a retry.
    @Test func aMessageToEveryoneIsEncodedAsBefore() throws {
        let data = try CanonicalJSONEncoder(prettyPrinted: false).encode(
            CommandRequest(id: nil, command: .showMessage("Hi"))
        )
        #expect(String(decoding: data, as: UTF8.self) == #"{"type":"command","command":"showMessage","text":"Hi"}"#)
    }

    @Test func durationsAcceptTextOrSeconds() {
        for (json, expected) in [
            (#""2m""#, Duration.minutes(2)), ("90", .seconds(90)), (#""1:30""#, .seconds(90)),
            ("2.5", .milliseconds(2500)),
        ] {
            let text = #"{"type":"command","command":"extend","duration":\#(json)}"#
            guard case .success(.command(let request)) = ClientMessage.decode(Array(text.utf8)) else {
                Issue.record("\(json) was refused")
                continue
            }
            #expect(request.command == .extend(expected))
            #expect(request.id == nil)
        }
    }

    @Test(arguments: [
        (#"{"type":"command","command":"fly"}"#, "unknown command 'fly'"),
        (#"{"type":"command","command":"extend","duration":"soon"}"#, "'soon' is not a duration"),
        (#"{"type":"command","command":"extend"}"#, "missing field 'duration'"),
        (#"{"type":"command","command":"floorGrant","speaker":7}"#, "field 'speaker' must be a string"),
        (#"{"type":"command","command":"queueRemove"}"#, "give 'position' (1 is the head of the queue) or 'speaker'"),
        (#"{"type":"command","id":"","command":"next"}"#, "a command id is 1 to 128 characters"),
        (#"{"type":"teleport"}"#, "unknown message type 'teleport'"),
        (#"{"t0":1}"#, "missing field 'type'"),
        (#"not json"#, "not valid JSON"),
        (#"[1,2]"#, "a message is a JSON object"),
        (#"{"type":"ping","t0":"x"}"#, "field 't0' must be a number"),
        (
            #"{"type":"command","command":"showMessage","preset":"hurry"}"#,
            "unknown preset 'hurry'; presets are wrap-up, time-up,"
        ),
        (#"{"type":"command","command":"showMessage","preset":"wrap-up","text":"x"}"#, "not both"),
        (
            #"{"type":"command","command":"showMessage","text":"x","audience":"hall"}"#,
            "audiences are everyone, speaker"
        ),
        (#"{"type":"command","command":"blackout","audience":"Speaker"}"#, "unknown audience 'Speaker'"),
    ])
    func badMessagesGetAClearReason(text: String, reason: String) {
        guard case .failure(let error) = ClientMessage.decode(Array(text.utf8)) else {
            Issue.record("\(text) was accepted")
            return
        }
        #expect(error.code == .badRequest)
        #expect(error.message.contains(reason), "\(error.message)")
    }

    @Test func anUnknownTopicIsRefusedNamingTheTopics() {
        let result = ClientMessage.decode(Array(#"{"type":"subscribe","topics":["agenda","speakers"]}"#.utf8))
        guard case .failure(let error) = result else {
            Issue.record("expected an error, got \(result)")
            return
        }
        #expect(error.code == .badRequest)
        #expect(
            error.message == "subscribe: unknown topic 'speakers'; topics are agenda, progress, queue, budgets, venue"
        )
    }

    @Test func pingSubscribeAndAuthDecode() throws {
        #expect(try ClientMessage.decode(Array(#"{"type":"ping","t0":1234.5}"#.utf8)).get() == .ping(t0: 1234.5))
        #expect(
            try ClientMessage.decode(Array(#"{"type":"subscribe","tick":true}"#.utf8)).get()
                == .subscribe(tick: true, topics: nil)
        )
        #expect(
            try ClientMessage.decode(Array(#"{"type":"subscribe","topics":["queue","agenda"]}"#.utf8)).get()
                == .subscribe(tick: nil, topics: [.agenda, .queue])
        )
        #expect(
            try ClientMessage.decode(Array(#"{"type":"auth","token":"s3cret"}"#.utf8)).get() == .auth(token: "s3cret")
        )
    }
}
