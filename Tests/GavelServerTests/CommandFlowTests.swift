import GavelCore
import Testing

@testable import GavelServer

/// A command's way through the daemon, in-process: journaled, acknowledged, its state to the
/// sender at once and to every display once the round's answers are written, coalesced.
@Suite struct CommandFlowTests {
    @Test func theSenderReadsItsAckThenTheStateAndDisplaysGetTheStateAfterTheRound() throws {
        let gaveld = try InProcessDaemon()
        let display = gaveld.connect()
        let chair = gaveld.connect(control: true)
        #expect(gaveld.transport.take(display).map(\.type) == ["hello", "state"])
        #expect(gaveld.transport.take(chair).map(\.type) == ["hello", "state"])

        gaveld.command("start", id: "c1", from: chair, endRound: false)
        let answered = gaveld.transport.take(chair)
        #expect(answered.map(\.type) == ["ack", "state"])
        #expect(json(answered[0].text)["id"] as? String == "c1")
        #expect(gaveld.transport.take(display).isEmpty, "displays wait for the round's answers")

        gaveld.transport.finishRound()
        let fannedOut = gaveld.transport.take(display)
        #expect(fannedOut.map(\.type) == ["state"])
        #expect(fannedOut[0].delivery == .latest(.state))
        #expect(fannedOut[0].text == answered[1].text, "the same snapshot, serialised once")
        #expect(gaveld.transport.take(chair).isEmpty, "the sender already holds it")
        #expect(gaveld.daemon.state.phase == .running)
    }

    @Test func twoCommandsInOneRoundReachDisplaysAsTheNewestStateOnly() throws {
        let gaveld = try InProcessDaemon()
        let display = gaveld.connect()
        let chair = gaveld.connect(control: true)
        gaveld.transport.clearSent()

        gaveld.command("start", id: "c1", from: chair, endRound: false)
        gaveld.command("next", id: "c2", from: chair, endRound: false)
        gaveld.transport.finishRound()
        let states = gaveld.transport.take(display).filter { $0.type == "state" }
        #expect(states.count == 1)
        let acks = gaveld.transport.take(chair).filter { $0.type == "ack" }.map { json($0.text) }
        #expect(acks.map { $0["id"] as? String } == ["c1", "c2"])
        #expect(json(states[0].text)["seq"] as? Int == acks[1]["seq"] as? Int)
    }

    @Test func aRetriedIdIsAnsweredFromTheJournalAndChangesNothing() throws {
        let gaveld = try InProcessDaemon()
        let display = gaveld.connect()
        let chair = gaveld.connect(control: true)
        gaveld.command("start", id: "c1", from: chair)
        gaveld.transport.clearSent()

        gaveld.command("start", id: "c1", from: chair)
        let again = gaveld.transport.take(chair).map { json($0.text) }
        #expect(again.count == 1)
        #expect(again[0]["type"] as? String == "ack" && again[0]["replayed"] as? Bool == true)
        #expect(gaveld.transport.take(display).isEmpty, "nothing changed, nothing to show")
    }

    @Test func aReadOnlyConnectionIsRefusedAndTheMeetingIsUntouched() throws {
        let gaveld = try InProcessDaemon()
        let display = gaveld.connect()
        gaveld.transport.clearSent()
        gaveld.command("start", id: "c1", from: display)
        let answer = gaveld.transport.take(display).map { json($0.text) }
        #expect(answer.count == 1)
        #expect(answer[0]["code"] as? String == "unauthorized")
        #expect(gaveld.daemon.state.phase == .notStarted)
    }

    @Test func aRestartedDaemonResumesTheMeetingFromItsJournal() throws {
        let first = try InProcessDaemon()
        let chair = first.connect(control: true)
        first.command("start", id: "c1", from: chair)
        first.advance(by: .seconds(90))
        first.command("next", id: "c2", from: chair)
        let sequence = first.daemon.sequence
        first.stop()

        let second = try InProcessDaemon(at: ServerTestAgendas.nine + .seconds(120), journalDirectory: first.directory)
        #expect(second.daemon.state.currentItem == 1)
        #expect(second.daemon.sequence == sequence)
        let display = second.connect()
        let state = json(second.transport.take(display)[1].text)
        #expect((state["item"] as? [String: Any])?["id"] as? String == "2")
    }
}
