import GavelCore
import GavelProtocol
import Testing

@testable import GavelServer

/// gavel.v2 beside gavel.v1, in-process: what each subscriber gets on connect and with each
/// change, in which order, and that a change sends only what it changed.
@Suite struct ProtocolV2Tests {
    @Test func aV2DisplayGetsTheAgendaThenASmallStateAndAV1DisplayTheWholeState() throws {
        let gaveld = try InProcessDaemon()
        let v2 = gaveld.connect(version: .v2)
        let v1 = gaveld.connect()
        let v2Greeting = gaveld.transport.take(v2)
        #expect(v2Greeting.map(\.type) == ["hello", "agenda", "state"])
        #expect(json(v2Greeting[0].text)["protocol"] as? String == "gavel.v2")
        #expect(json(v2Greeting[0].text)["topics"] as? [String] == ["agenda"])
        #expect(json(v2Greeting[2].text)["items"] == nil, "no list of items in a v2 state")
        let v1Greeting = gaveld.transport.take(v1)
        #expect(v1Greeting.map(\.type) == ["hello", "state"])
        #expect(json(v1Greeting[0].text)["protocol"] as? String == "gavel.v1")
        #expect((json(v1Greeting[1].text)["items"] as? [Any])?.count == 3)
    }

    @Test func aChangeSendsTheTopicsItChangedBeforeItsStateAndOnlyToTheirSubscribers() throws {
        let gaveld = try InProcessDaemon()
        let chair = gaveld.connect(control: true, version: .v2, topics: "agenda,progress,queue")
        let display = gaveld.connect(version: .v2)
        let booth = gaveld.connect(version: .v2, topics: "queue")
        #expect(gaveld.transport.take(chair).map(\.type) == ["hello", "agenda", "progress", "queue", "state"])
        #expect(gaveld.transport.take(booth).map(\.type) == ["hello", "queue", "state"])
        gaveld.transport.clearSent()

        // A message changes none of the topics: the state alone, to everyone.
        gaveld.command("showMessage", id: "m1", from: chair, fields: #""text":"Welcome""#)
        #expect(gaveld.transport.take(chair).map(\.type) == ["ack", "state"])
        #expect(gaveld.transport.take(display).map(\.type) == ["state"])
        #expect(gaveld.transport.take(booth).map(\.type) == ["state"])

        // The queue changes: its message before the state, to those who take it.
        gaveld.command("queueAdd", id: "q1", from: chair, fields: #""speaker":"Ms. A""#)
        #expect(gaveld.transport.take(chair).map(\.type) == ["ack", "queue", "state"])
        #expect(gaveld.transport.take(display).map(\.type) == ["state"])
        let boothSaw = gaveld.transport.take(booth)
        #expect(boothSaw.map(\.type) == ["queue", "state"])
        #expect(boothSaw[0].delivery == .latest(Topic.queue.slot))
        #expect((json(boothSaw[0].text)["speakers"] as? [[String: Any]])?.first?["speaker"] as? String == "Ms. A")
        #expect(json(boothSaw[1].text)["queueLength"] as? Int == 1)

        // The meeting starts: the progress changes (and the plan's day is fixed, as it was).
        gaveld.command("start", id: "s1", from: chair)
        #expect(gaveld.transport.take(chair).map(\.type) == ["ack", "progress", "state"])
        #expect(gaveld.transport.take(display).map(\.type) == ["state"])
    }

    @Test func aSenderHoldingTheNewestStateStillGetsWhatAnEarlierCommandOfTheRoundChanged() throws {
        let gaveld = try InProcessDaemon()
        let chair = gaveld.connect(control: true, version: .v2, topics: "queue")
        let secretariat = gaveld.connect(control: true, version: .v2, topics: "queue")
        gaveld.transport.clearSent()
        gaveld.command("queueAdd", id: "q1", from: chair, fields: #""speaker":"Ms. A""#, endRound: false)
        gaveld.command("showMessage", id: "m1", from: secretariat, fields: #""text":"Hi""#, endRound: false)
        gaveld.transport.finishRound()
        // The secretariat's answer carried the newest state; the queue of the chair's command too.
        #expect(gaveld.transport.take(secretariat).map(\.type) == ["ack", "queue", "state"])
        // The chair reads the newest state after its own (the queue may come again, unchanged: a
        // client replaces what it holds).
        let chairSaw = gaveld.transport.take(chair)
        #expect(chairSaw.map(\.type).prefix(3) == ["ack", "queue", "state"])
        #expect(chairSaw.last.map { json($0.text)["message"] as? [String: Any] }??["text"] as? String == "Hi")
    }

    @Test func subscribingLaterBringsTheTopicsAtOnce() throws {
        let gaveld = try InProcessDaemon()
        let display = gaveld.connect(version: .v2)
        gaveld.transport.clearSent()
        gaveld.receive(#"{"type":"subscribe","topics":["agenda","progress"]}"#, from: display)
        #expect(gaveld.transport.take(display).map(\.type) == ["progress", "state"])
        gaveld.receive(#"{"type":"subscribe","topics":[]}"#, from: display)
        #expect(gaveld.transport.take(display).isEmpty)
        let chair = gaveld.connect(control: true)
        gaveld.command("next", id: "n1", from: chair)
        gaveld.command("start", id: "s1", from: chair)
        #expect(gaveld.transport.take(display).map(\.type) == ["state"], "no topics any more")
    }

    @Test func unknownTopicsAndTopicsOverV1AreRefusedWithReasons() throws {
        let gaveld = try InProcessDaemon()
        let display = gaveld.connect(version: .v2, topics: "agenda,speakers")
        let greeting = gaveld.transport.take(display)
        #expect(greeting.map(\.type) == ["hello", "agenda", "state", "error"], "the defaults, and why")
        #expect(
            json(greeting[3].text)["message"] as? String
                == "?topics=: unknown topic 'speakers'; topics are agenda, progress, queue, budgets, venue"
        )
        let old = gaveld.connect()
        gaveld.transport.clearSent()
        gaveld.receive(#"{"type":"subscribe","topics":["queue"]}"#, from: old)
        let refused = gaveld.transport.take(old)
        #expect(refused.map(\.type) == ["error"])
        #expect(
            json(refused[0].text)["message"] as? String
                == "subscribe: topics are gavel.v2; this connection speaks gavel.v1"
        )
    }

    @Test func withoutV1SubscribersNoV1StateIsMade() throws {
        let gaveld = try InProcessDaemon()
        let display = gaveld.connect(version: .v2)
        let chair = gaveld.connect(control: true, version: .v2)
        gaveld.command("start", id: "s1", from: chair)
        #expect(gaveld.daemon.core.snapshot?.v1 == nil)
        _ = gaveld.transport.take(display)
        // A v1 display arriving now gets the whole state all the same, and so do later changes.
        let old = gaveld.connect()
        #expect(gaveld.transport.take(old).map(\.type) == ["hello", "state"])
        gaveld.command("next", id: "n1", from: chair)
        #expect(gaveld.transport.take(old).map(\.type) == ["state"])
        #expect(gaveld.daemon.core.snapshot?.v1 != nil)
    }
}
