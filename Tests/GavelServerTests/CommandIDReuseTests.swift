import Foundation
import GavelCore
import GavelJournal
import GavelProtocol
import Testing

@testable import GavelServer

/// An id sent again is a retry only with the same command: with another one it is refused
/// (`idReused`, HTTP 409), nothing is applied, and the first command's retry is still answered
/// from the journal. Over WebSocket and HTTP alike, for an id whose first use was refused too.
@Suite struct CommandIDReuseTests {
    func post(_ gaveld: InProcessDaemon, _ body: String) -> (status: Int, body: [String: Any]) {
        let response = gaveld.http(
            "POST",
            APIPath.commands,
            headers: ["authorization": "Bearer \(InProcessDaemon.token)"],
            body: body
        )
        return (response.status, json(String(decoding: response.body, as: UTF8.self)))
    }

    /// The only answer `connection` got to its last message.
    func answer(_ gaveld: InProcessDaemon, _ connection: ConnectionID) -> [String: Any] {
        let answers = gaveld.transport.take(connection).filter { $0.type == "ack" || $0.type == "error" }
        #expect(answers.count == 1)
        return answers.first.map { json($0.text) } ?? [:]
    }

    @Test func overWebSocketTheReusedIdIsRefusedAndTheRetryStillAnswered() throws {
        let gaveld = try InProcessDaemon()
        let display = gaveld.connect()
        let chair = gaveld.connect(control: true)
        gaveld.command("start", id: "c0", from: chair)
        gaveld.transport.clearSent()
        gaveld.command("next", id: "dup-1", from: chair)
        let first = answer(gaveld, chair)
        let seq = try #require(first["seq"] as? Int)
        gaveld.transport.clearSent()

        gaveld.command("showMessage", id: "dup-1", from: chair, fields: #""text":"different""#)
        let refused = answer(gaveld, chair)
        #expect(refused["type"] as? String == "error")
        #expect(refused["id"] as? String == "dup-1")
        #expect(refused["code"] as? String == "idReused")
        let message = try #require(refused["message"] as? String)
        #expect(message.contains("command id 'dup-1' was already used for a different command (applied at seq \(seq))"))
        #expect(message.contains("nothing was applied") && message.contains("fresh id"))
        #expect(gaveld.daemon.state.message == nil, "the message is never shown")
        #expect(gaveld.daemon.sequence == seq)
        #expect(gaveld.transport.take(display).isEmpty, "nothing changed, nothing to show")

        // The very same command again is a retry, answered from the journal.
        gaveld.command("next", id: "dup-1", from: chair)
        let retried = answer(gaveld, chair)
        #expect(retried["type"] as? String == "ack" && retried["replayed"] as? Bool == true)
        #expect(retried["seq"] as? Int == seq)
        #expect(gaveld.daemon.state.currentItem == 1, "advanced once")
    }

    @Test func overHTTPTheReusedIdIsAConflictAndTheRetryStillAnswered() throws {
        let gaveld = try InProcessDaemon()
        #expect(post(gaveld, #"{"id":"h0","command":"start"}"#).status == 200)
        let first = post(gaveld, #"{"id":"dup-1","command":"next"}"#)
        #expect(first.status == 200)
        let seq = try #require(first.body["seq"] as? Int)

        let refused = post(gaveld, #"{"id":"dup-1","command":"showMessage","text":"different"}"#)
        #expect(refused.status == 409)
        #expect(refused.body["ok"] == nil && refused.body["type"] as? String == "error")
        #expect(refused.body["id"] as? String == "dup-1")
        #expect(refused.body["code"] as? String == "idReused")
        #expect((refused.body["message"] as? String)?.contains("(applied at seq \(seq))") == true)
        #expect(gaveld.daemon.state.message == nil)

        let retried = post(gaveld, #"{"id":"dup-1","command":"next"}"#)
        #expect(retried.status == 200 && retried.body["replayed"] as? Bool == true)
        #expect(retried.body["seq"] as? Int == seq)
        #expect(gaveld.daemon.state.currentItem == 1)
    }

    /// The first use was refused by the meeting; the id with another command is not a second
    /// chance to apply it, over either transport.
    @Test func anIdWhoseFirstUseWasRefusedIsNotReusedForAnotherCommand() throws {
        let gaveld = try InProcessDaemon()
        let chair = gaveld.connect(control: true)
        let previous = post(gaveld, #"{"id":"r1","command":"previous"}"#)
        #expect(previous.status == 409 && previous.body["code"] as? String == "notStarted")

        let overHTTP = post(gaveld, #"{"id":"r1","command":"start"}"#)
        #expect(overHTTP.status == 409 && overHTTP.body["code"] as? String == "idReused")
        #expect((overHTTP.body["message"] as? String)?.contains("(refused with notStarted)") == true)
        gaveld.transport.clearSent()
        gaveld.command("start", id: "r1", from: chair)
        let overWebSocket = answer(gaveld, chair)
        #expect(overWebSocket["code"] as? String == "idReused" && overWebSocket["id"] as? String == "r1")
        #expect(gaveld.daemon.state.phase == .notStarted)

        // Its retry is refused as the first time, from the journal.
        let retried = post(gaveld, #"{"id":"r1","command":"previous"}"#)
        #expect(retried.status == 409 && retried.body["code"] as? String == "notStarted")
        #expect(retried.body["replayed"] as? Bool == true)
    }

    /// An id is one command whichever way it comes: used over WebSocket, reused over HTTP.
    @Test func anIdUsedOverOneTransportIsReusedOverTheOther() throws {
        let gaveld = try InProcessDaemon()
        let chair = gaveld.connect(control: true)
        gaveld.command("start", id: "w1", from: chair)
        let refused = post(gaveld, #"{"id":"w1","command":"next"}"#)
        #expect(refused.status == 409 && refused.body["code"] as? String == "idReused")
        let retried = post(gaveld, #"{"id":"w1","command":"start"}"#)
        #expect(retried.status == 200 && retried.body["replayed"] as? Bool == true)
    }

    /// Commands journaled before the journal kept digests (a journal upgraded from schema 1)
    /// have none: their id is answered as a retry, whatever comes with it, as before.
    @Test func anIdJournaledWithoutADigestIsStillAnsweredAsARetry() throws {
        let first = try InProcessDaemon()
        let chair = first.connect(control: true)
        first.command("start", id: "c1", from: chair)
        first.stop()
        let journal = try Journal(path: first.directory.appendingPathComponent("journal.sqlite").path)
        let meeting = try #require(try journal.latestMeeting())
        let seq = try journal.append(
            [.messageShown("Journaled before digests", audience: .everyone, at: ServerTestAgendas.nine)],
            meeting: meeting.id,
            commandID: "old-1",
            digest: nil,
            wall: ServerTestAgendas.nine,
            monotonicNanoseconds: 1
        )
        try journal.close()

        let second = try InProcessDaemon(at: ServerTestAgendas.nine + .seconds(60), journalDirectory: first.directory)
        let replayed = post(second, #"{"id":"old-1","command":"next"}"#)
        #expect(replayed.status == 200 && replayed.body["replayed"] as? Bool == true)
        #expect(replayed.body["seq"] as? Int == Int(seq))
        #expect(second.daemon.state.currentItem == 0, "nothing applied")
    }
}
