import Foundation
import GavelServer
import Testing

extension TransportTests {
    @Suite struct WebSocket {
        @Test func connectsWithGavelV1() async throws {
            let harness = try await Harness()
            harness.client.send(["op": "connect", "id": "a", "port": harness.port, "subprotocols": ["gavel.v1"]])
            let open = try await harness.client.next("open", id: "a")
            #expect(open.subprotocol == "gavel.v1")
            let (_, request) = try await openedRequest(harness)
            #expect(request.subprotocol == "gavel.v1")
            #expect(request.path == "/ws")
            try await harness.finish()
        }

        @Test func aClientNamingNoSubprotocolIsBoundToGavelV1() async throws {
            let harness = try await Harness()
            harness.client.send(["op": "connect", "id": "a", "port": harness.port, "query": "role=display&room=A%201"])
            let open = try await harness.client.next("open", id: "a")
            #expect(open.subprotocol == nil)
            let (id, request) = try await openedRequest(harness)
            #expect(request.subprotocol == nil)
            #expect(request.query == ["role": "display", "room": "A 1"])
            // It really is served by gavel.v1: messages flow.
            harness.client.send(["op": "send", "id": "a", "text": "echo:hi"])
            #expect(try await harness.client.next("message", id: "a").text == "echo:hi")
            #expect(harness.server.openedConnections == [id])
            try await harness.finish()
        }

        @Test func gavelV1IsChosenAmongOtherOffers() async throws {
            let harness = try await Harness()
            harness.client.send([
                "op": "connect", "id": "a", "port": harness.port, "subprotocols": ["chat", "gavel.v1"],
            ])
            #expect(try await harness.client.next("open", id: "a").subprotocol == "gavel.v1")
            try await harness.finish()
        }

        @Test func theClientsFirstKnownOfferIsChosen() async throws {
            let harness = try await Harness()
            harness.client.send([
                "op": "connect", "id": "a", "port": harness.port, "subprotocols": ["chat", "gavel.v2", "gavel.v1"],
            ])
            #expect(try await harness.client.next("open", id: "a").subprotocol == "gavel.v2")
            let (_, request) = try await openedRequest(harness)
            #expect(request.subprotocol == "gavel.v2")
            #expect(request.version == .v2)
            // An older client's order is kept: gavel.v1 first gets gavel.v1.
            harness.client.send([
                "op": "connect", "id": "b", "port": harness.port, "subprotocols": ["gavel.v1", "gavel.v2"],
            ])
            #expect(try await harness.client.next("open", id: "b").subprotocol == "gavel.v1")
            try await harness.finish()
        }

        @Test func onlyOtherSubprotocolsAreRefusedWith1002() async throws {
            let harness = try await Harness()
            harness.client.send(["op": "connect", "id": "a", "port": harness.port, "subprotocols": ["chat"]])
            let closed = try await harness.client.next("closed", id: "a")
            #expect(closed.code == 1002)
            #expect(closed.reason == "unsupported subprotocol; use gavel.v2 or gavel.v1")
            // A later client offering the same name together with gavel.v1 still gets gavel.v1.
            harness.client.send([
                "op": "connect", "id": "b", "port": harness.port, "subprotocols": ["chat", "gavel.v1"],
            ])
            #expect(try await harness.client.next("open", id: "b").subprotocol == "gavel.v1")
            #expect(harness.server.openedConnections.count == 1)
            try await harness.server.onServiceThread { #expect($0.statistics.upgradesRefused == 1) }
            try await harness.finish()
        }

        @Test func anotherPathIsRefusedWith404() async throws {
            let harness = try await Harness()
            harness.client.send(["op": "connect", "id": "a", "port": harness.port, "path": "/socket"])
            let rejected = try await harness.client.next("rejected", id: "a")
            #expect(rejected.status == 404)
            #expect(rejected.body?.contains("use /ws") == true)
            #expect(harness.server.openedConnections.isEmpty)
            try await harness.finish()
        }

        @Test func theDelegateCanRefuseWithACloseCode() async throws {
            let harness = try await Harness()
            harness.client.send(["op": "connect", "id": "a", "port": harness.port, "query": "token=bad"])
            let closed = try await harness.client.next("closed", id: "a")
            #expect(closed.code == 4001)
            #expect(closed.reason == "unauthorized")
            #expect(harness.server.openedConnections.isEmpty)
            try await harness.finish()
        }

        @Test func textGoesThroughTheDelegateBothWays() async throws {
            let harness = try await Harness()
            harness.client.send(["op": "connect", "id": "a", "port": harness.port, "subprotocols": ["gavel.v1"]])
            try await harness.client.next("open", id: "a")
            let (id, _) = try await openedRequest(harness)
            harness.client.send(["op": "send", "id": "a", "text": "echo:héllo ✓"])
            #expect(try await harness.client.next("message", id: "a").text == "echo:héllo ✓")
            let received = harness.server.events.events.compactMap { event -> String? in
                if case .received(let from, let text) = event, from == id { text } else { nil }
            }
            #expect(received == ["echo:héllo ✓"])
            try await harness.finish()
        }

        @Test func fragmentedMessagesAreReassembled() async throws {
            let harness = try await Harness()
            harness.client.send(["op": "connect", "id": "a", "port": harness.port])
            try await harness.client.next("open", id: "a")
            let big = String(repeating: "x", count: 20_000)
            harness.client.send(["op": "send_fragments", "id": "a", "parts": ["echo:", big, "é", "!"]])
            let message = try await harness.client.next("message", id: "a")
            #expect(message.length == 5 + 20_000 + 1 + 1)
            #expect(message.head == "echo:" + String(repeating: "x", count: 59))
            try await harness.finish()
        }

        @Test func charactersSplitAcrossReceiveChunksArriveWhole() async throws {
            // One frame of 6,005 bytes arrives in lws's 1 KiB receive pieces; with "echo:" in front
            // every piece boundary falls inside a two-byte "é", which must not read as invalid UTF-8.
            let harness = try await Harness()
            harness.client.send(["op": "connect", "id": "a", "port": harness.port])
            try await harness.client.next("open", id: "a")
            harness.client.send(["op": "send", "id": "a", "text": "echo:" + String(repeating: "é", count: 3_000)])
            let message = try await harness.client.next("message", id: "a")
            #expect(message.length == 5 + 3_000)
            #expect(message.head == "echo:" + String(repeating: "é", count: 59))
            try await harness.finish()
        }

        /// A whole message goes to a plain connection as the frame its `OutboundMessage` made once:
        /// each of the three header lengths (2, 4 and 10 bytes), at its bounds, arrives intact.
        @Test func messagesOfEveryFrameHeaderLengthArriveWhole() async throws {
            let harness = try await Harness()
            harness.client.send(["op": "connect", "id": "a", "port": harness.port])
            try await harness.client.next("open", id: "a")
            let (id, _) = try await openedRequest(harness)
            // 65,536: Transport.frameBytes, the longest message sent whole (10-byte header).
            let texts = [0, 1, 125, 126, 65_535, 65_536].map { length in
                String((0..<length).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) })
            }
            for text in texts {
                let message = OutboundMessage(text: text)
                try await harness.server.onServiceThread { $0.send(message, to: id, delivery: .queued) }
            }
            try await harness.client.events.wait(for: "\(texts.count) messages") { events in
                events.filter { $0.event == "message" && $0.id == "a" }.count >= texts.count
            }
            let received = harness.client.messages(of: "a")
            #expect(received.map(\.length) == texts.map(\.utf8.count))
            #expect(received.map(\.head) == texts.map { String($0.prefix(64)) })
            try await harness.finish()
        }

        @Test func largeOutgoingMessagesArriveWhole() async throws {
            let harness = try await Harness()
            harness.client.send(["op": "connect", "id": "a", "port": harness.port])
            try await harness.client.next("open", id: "a")
            let (id, _) = try await openedRequest(harness)
            let text = "big:" + String((0..<300_000).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) })
            let message = OutboundMessage(text: text)
            try await harness.server.onServiceThread { $0.send(message, to: id, delivery: .queued) }
            let received = try await harness.client.next("message", id: "a")
            #expect(received.length == text.utf8.count)
            #expect(received.head == String(text.prefix(64)))
            try await harness.finish()
        }

        @Test func binaryFramesAreClosedWith1003() async throws {
            try await expectClose(
                code: 1003,
                reason: "binary frames are not supported",
                after: ["op": "send_binary", "hex": "0102"]
            )
        }

        @Test func invalidUTF8IsClosedWith1007() async throws {
            try await expectClose(
                code: 1007,
                reason: "text message is not valid UTF-8",
                after: ["op": "send_raw_text", "hex": "68c328"]
            )
        }

        @Test func messagesOverTheLimitAreClosedWith1009() async throws {
            try await expectClose(
                code: 1009,
                reason: "message too big (limit 65536 bytes)",
                after: ["op": "send", "text": String(repeating: "y", count: 70 * 1024)]
            )
        }

        @Test func oversizedFragmentedMessagesAreClosedWith1009() async throws {
            let part = String(repeating: "z", count: 20 * 1024)
            try await expectClose(
                code: 1009,
                reason: "message too big (limit 65536 bytes)",
                after: ["op": "send_fragments", "parts": [part, part, part, part]]
            )
        }

        @Test func beyondMaxConnectionsClientsAreRefusedWith1013() async throws {
            let harness = try await Harness({ $0.maxConnections = 2 })
            for id in ["a", "b"] {
                harness.client.send(["op": "connect", "id": id, "port": harness.port])
                try await harness.client.next("open", id: id)
            }
            harness.client.send(["op": "connect", "id": "c", "port": harness.port])
            let closed = try await harness.client.next("closed", id: "c")
            #expect(closed.code == 1013)
            #expect(closed.reason?.contains("connection limit (2)") == true)
            try await harness.finish()
        }

        @Test func theDelegateCanCloseAConnectionAfterWhatItQueued() async throws {
            let harness = try await Harness()
            harness.client.send(["op": "connect", "id": "a", "port": harness.port])
            try await harness.client.next("open", id: "a")
            let (id, _) = try await openedRequest(harness)
            try await harness.server.onServiceThread { transport in
                transport.send(OutboundMessage(text: "error: bad token"), to: id, delivery: .queued)
                transport.close(id, code: 4003, reason: "forbidden")
                transport.send(OutboundMessage(text: "never sent"), to: id, delivery: .queued)
            }
            let closed = try await harness.client.next("closed", id: "a")
            #expect(closed.code == 4003)
            #expect(closed.reason == "forbidden")
            #expect(harness.client.messages(of: "a").map(\.text) == ["error: bad token"])
            try await harness.server.events.first("didClose") { if case .closed(id) = $0 { true } else { false } }
            try await harness.finish()
        }

        @Test func silentPeersAreHungUpWhileAnsweringOnesStay() async throws {
            let harness = try await Harness({
                $0.pingInterval = .seconds(1)
                $0.idleHangup = .seconds(2)
            })
            harness.client.send(["op": "connect", "id": "polite", "port": harness.port])
            try await harness.client.next("open", id: "polite")
            let (polite, _) = try await openedRequest(harness)
            harness.client.send(["op": "stall", "id": "silent", "port": harness.port])  // never answers pings
            try await harness.client.next("open", id: "silent")
            try await harness.server.events.wait(for: "two didOpen") { events in
                events.filter { if case .opened = $0 { true } else { false } }.count == 2
            }
            let silent = try #require(harness.server.openedConnections.first { $0 != polite })
            let started = ContinuousClock.now
            try await harness.server.events.first("the silent peer to be hung up", timeout: .seconds(10)) {
                if case .closed(silent) = $0 { true } else { false }
            }
            #expect(ContinuousClock.now - started >= .milliseconds(1500))
            // The polite one answered its pings (websockets does) and is still served.
            harness.client.send(["op": "send", "id": "polite", "text": "echo:still here"])
            #expect(try await harness.client.next("message", id: "polite").text == "echo:still here")
            #expect(!harness.server.events.events.contains { if case .closed(polite) = $0 { true } else { false } })
            try await harness.finish()
        }

        private func expectClose(code: Int, reason: String, after command: [String: Any]) async throws {
            let harness = try await Harness()
            harness.client.send(["op": "connect", "id": "a", "port": harness.port])
            try await harness.client.next("open", id: "a")
            let (id, _) = try await openedRequest(harness)
            var command = command
            command["id"] = "a"
            harness.client.send(command)
            let closed = try await harness.client.next("closed", id: "a")
            #expect(closed.code == code)
            #expect(closed.reason == reason)
            try await harness.server.events.first("didClose") { if case .closed(id) = $0 { true } else { false } }
            #expect(harness.server.events.events.allSatisfy { if case .received = $0 { false } else { true } })
            try await harness.finish()
        }
    }
}

/// The first connection the delegate saw open.
func openedRequest(_ harness: Harness) async throws -> (ConnectionID, UpgradeRequest) {
    let event = try await harness.server.events.first("didOpen") { if case .opened = $0 { true } else { false } }
    guard case .opened(let id, let request) = event else { throw WaitTimedOut(description: "no didOpen") }
    return (id, request)
}
