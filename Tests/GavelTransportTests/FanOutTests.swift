import Foundation
import GavelServer
import Synchronization
import Testing

extension TransportTests {
    @Suite struct FanOut {
        /// Direct writes: each copy goes out as it is queued (one send each, no WRITEABLE round);
        /// polled: each at its WRITEABLE callback. Either way every client gets it once.
        @Test(arguments: Transport.Configuration.FanoutWrites.allCases)
        func oneBroadcastReachesTwoHundredClients(writes: Transport.Configuration.FanoutWrites) async throws {
            let harness = try await Harness({ $0.fanoutWrites = writes })
            harness.client.send(["op": "connect_many", "prefix": "m", "count": 200, "port": harness.port])
            let opened = try await harness.client.events.first("200 clients open") { $0.event == "opened_many" }
            #expect(opened.count == 200)
            try await harness.server.events.wait(for: "200 didOpen") { events in
                events.filter { if case .opened = $0 { true } else { false } }.count == 200
            }
            let message = OutboundMessage(text: "{\"type\":\"state\",\"n\":1}")
            try await harness.server.onServiceThread { transport in
                transport.broadcast(message, to: transport.connectionIDs, delivery: .latest(.state))
            }
            try await harness.client.events.wait(for: "the broadcast at 200 clients") { events in
                events.filter { $0.event == "message" }.count >= 200
            }
            let receivers = Set(harness.client.events.events.filter { $0.event == "message" }.compactMap(\.id))
            #expect(receivers.count == 200)
            let statistics = try await harness.server.onServiceThread { $0.statistics }
            #expect(statistics.messagesSent == 200)
            #expect(statistics.bytesSent == UInt64(200 * message.count))
            #expect(statistics.directWrites == (writes == .direct ? 200 : 0))
            try await harness.finish()
        }

        /// The daemon's pattern for a command: the ack is written before the fan-out is even queued,
        /// and the sender still gets the fan-out's message after its ack.
        @Test func workAfterAnswersRunsOnceTheSendersAckIsWritten() async throws {
            let harness = try await chairAndDisplay()
            harness.client.send(["op": "send", "id": "chair", "text": "command:next"])
            try await harness.client.events.wait(for: "the ack and both states") { events in
                events.filter { $0.event == "message" }.count >= 3
            }
            #expect(harness.client.messages(of: "chair").map(\.text) == ["ack:next", "state:next"])
            #expect(harness.client.messages(of: "display").map(\.text) == ["state:next"])
            let notes = harness.server.events.events.compactMap { if case .note(let text) = $0 { text } else { nil } }
            #expect(notes == ["fan-out after 1 sent"], "the ack was on the wire when the fan-out was queued")

            // Posted work (outside a service round) may use it too.
            try await harness.server.onServiceThread { transport in
                transport.afterAnswers {
                    transport.broadcast(
                        OutboundMessage(text: "state:posted"),
                        to: transport.connectionIDs,
                        delivery: .latest(.state)
                    )
                }
            }
            try await harness.client.events.wait(for: "the posted fan-out") { events in
                events.filter { $0.event == "message" && $0.id == "display" }.count >= 2
            }
            #expect(harness.client.messages(of: "display").map(\.text) == ["state:next", "state:posted"])
            try await harness.finish()
        }

        /// A gavel.v2 answer is seven messages (the ack, five topics, the state): all of them are on
        /// the wire before the fan-out is queued, not only the first few. `gavel next` waits for
        /// the state, so a state left behind waited for every display's copy.
        @Test func theWholeOfAnAnswerIsWrittenBeforeTheFanOut() async throws {
            let harness = try await chairAndDisplay()
            harness.client.send(["op": "send", "id": "chair", "text": "command7:next"])
            try await harness.client.events.wait(for: "the answer and both fan-out copies") { events in
                events.filter { $0.event == "message" }.count >= 9
            }
            #expect(
                harness.client.messages(of: "chair").map(\.text)
                    == ["ack:next", "agenda:next", "progress:next", "queue:next", "budgets:next", "venue:next"]
                    + ["state:next", "state:next"]
            )
            let notes = harness.server.events.events.compactMap { if case .note(let text) = $0 { text } else { nil } }
            #expect(notes == ["fan-out after 7 sent"], "the whole answer was on the wire when the fan-out was queued")
            try await harness.finish()
        }

        /// A harness with two clients open, "chair" and "display", as the server has seen them.
        private func chairAndDisplay() async throws -> Harness {
            let harness = try await Harness()
            for id in ["chair", "display"] {
                harness.client.send(["op": "connect", "id": id, "port": harness.port])
                try await harness.client.next("open", id: id)
            }
            try await harness.server.events.wait(for: "two didOpen") { events in
                events.filter { if case .opened = $0 { true } else { false } }.count == 2
            }
            return harness
        }

        /// A client that does not read gets the newest state, not a backlog; a client that reads
        /// gets every queued message, in order.
        @Test func aClientThatDoesNotReadGetsCoalescedStateWhileAReaderGetsEveryQueuedMessage() async throws {
            let pump = Pump(total: 1000)
            // One state message and one queued message per service round, 1,000 rounds.
            let harness = try await pumpToReaderAndSleeper(pump)

            harness.client.send(["op": "drain", "id": "sleeper", "until_prefix": "seq:0999", "timeout": 20])
            let drained = try await harness.client.next("drained", id: "sleeper")
            #expect(drained.last_head?.hasPrefix("seq:0999") == true, "the newest state arrives last")
            let received = try #require(drained.count)
            #expect(received < 500, "far fewer than 1,000: got \(received)")

            try await harness.client.events.wait(for: "1,000 queued messages") { events in
                events.filter { $0.event == "message" && $0.id == "reader" }.count >= 1000
            }
            let texts = harness.client.messages(of: "reader").compactMap(\.text)
            #expect(texts == (0..<1000).map { Pump.queuedText($0) })
            try await harness.finish()
        }

        /// A fan-out sends each copy as one send() and hands lws what the socket did not take: a
        /// client with a 4 KiB receive buffer gets the first 8 KiB state in part, the rest from lws
        /// and then only whole frames, the newest last; a reader gets them all, intact.
        @Test func aFanOutsPartlySentCopiesArriveWholeAndInOrder() async throws {
            let pump = Pump(total: 1000, broadcast: true, delivery: .latest(.state))
            let harness = try await pumpToReaderAndSleeper(pump)

            // The drain parses every frame: a copy resent from its start, or a remainder lost,
            // would put it out of step with the frames, and seq:0999 would never come whole. (The
            // sleeper's later states are coalesced while lws holds the first one's rest.)
            harness.client.send(["op": "drain", "id": "sleeper", "until_prefix": "seq:0999", "timeout": 20])
            let drained = try await harness.client.next("drained", id: "sleeper")
            #expect(drained.last_head?.hasPrefix("seq:0999") == true, "the newest state arrives last")
            let received = try #require(drained.count)
            #expect(received < 1000, "the sleeper's states were coalesced: got \(received)")

            try await harness.client.events.wait(for: "the reader's last state") { events in
                events.contains { $0.event == "message" && $0.id == "reader" && $0.head?.hasPrefix("seq:0999") == true }
            }
            let messages = harness.client.messages(of: "reader")
            let sequences = messages.compactMap(\.head).compactMap(Pump.sequence)
            #expect(sequences.count == messages.count)
            #expect(sequences == sequences.sorted() && Set(sequences).count == sequences.count)
            #expect(messages.allSatisfy { $0.length == 8 * 1024 + 9 }, "every message the reader got is whole")
            try await harness.server.onServiceThread { #expect($0.statistics.directWrites > 0) }
            try await harness.finish()
        }

        @Test func aClientLettingQueuedMessagesPileUpIsClosedAsTooSlow() async throws {
            let harness = try await Harness({ $0.maxQueuedMessages = 4 })
            harness.client.send(["op": "stall", "id": "stuck", "port": harness.port])
            try await harness.client.next("open", id: "stuck")
            let (stuck, _) = try await openedRequest(harness)
            // 64 messages of 256 KiB at once: far more than the socket buffers and 4 queued can hold.
            let message = OutboundMessage(text: String(repeating: "m", count: 256 * 1024))
            try await harness.server.onServiceThread { transport in
                for _ in 0..<64 { transport.send(message, to: stuck, delivery: .queued) }
            }
            try await harness.server.events.first("the slow client to be closed", timeout: .seconds(15)) {
                if case .closed(stuck) = $0 { true } else { false }
            }
            try await harness.server.onServiceThread { #expect($0.statistics.slowClosed == 1) }
            #expect(
                harness.server.logs.all.contains {
                    $0.metadata["gavel.reason"] == "too slow: messages were not read"
                }
            )
            try await harness.finish()
        }

        /// A client whose TCP window is full is closed after stallTimeout; the others keep receiving.
        @Test func aStalledClientIsClosedWhileALiveOneKeepsReceiving() async throws {
            let pump = Pump(total: 100_000, size: 64 * 1024, interval: .milliseconds(20), broadcast: true)
            let (harness, live, stuck) = try await readerAndSleeper(pump) { $0.stallTimeout = .seconds(1) }

            let started = ContinuousClock.now
            try await harness.server.onServiceThread { $0.schedule(TimerID("pump"), after: .zero) }
            try await harness.server.events.first("the stalled client to be closed", timeout: .seconds(20)) {
                if case .closed(stuck) = $0 { true } else { false }
            }
            let closedAfter = ContinuousClock.now - started
            #expect(closedAfter >= .seconds(1), "not before stallTimeout")
            // The timeout, the pump filling the stalled client's buffers and the sweep (every 250 ms
            // here): about 1.5 s. 15 s leaves a loaded machine ten times that, and is far under the
            // keepalive's 60-s hang-up, the next thing that would close it.
            #expect(closedAfter < .seconds(15))
            let sentAtClose = pump.sent

            // The live client keeps getting messages sent after the stalled one was dropped.
            try await harness.client.events.wait(for: "messages after the close") { events in
                events.contains { event in
                    event.event == "message" && event.id == "reader"
                        && (event.head.flatMap(Pump.sequence) ?? 0) > sentAtClose + 5
                }
            }
            #expect(!harness.server.events.events.contains { if case .closed(live) = $0 { true } else { false } })
            try await harness.server.onServiceThread { transport in
                transport.cancel(TimerID("pump"))
                #expect(transport.statistics.slowClosed == 1)
                #expect(transport.connectionCount == 1)
            }
            #expect(harness.server.logs.all.contains { $0.metadata["gavel.reason"] == "stalled" })
            harness.client.send(["op": "drain", "id": "sleeper", "timeout": 20])
            #expect(try await harness.client.next("drained", id: "sleeper").eof == true)
            try await harness.finish()
        }
    }
}

/// A reader and a sleeper (a client with a 4 KiB receive buffer that does not read until drained),
/// open on a transport configured by `configure`, with `pump`'s queued messages going to the reader
/// and its states to the sleeper once its timer is scheduled.
func readerAndSleeper(
    _ pump: Pump,
    _ configure: (inout Transport.Configuration) -> Void = { _ in }
) async throws -> (harness: Harness, reader: ConnectionID, sleeper: ConnectionID) {
    let harness = try await Harness(
        configure,
        prepare: { delegate in
            delegate.onTimer = { transport, timer in
                guard timer == TimerID("pump") else { return }
                pump.tick(transport)
            }
        }
    )
    harness.client.send(["op": "connect", "id": "reader", "port": harness.port])
    try await harness.client.next("open", id: "reader")
    let (reader, _) = try await openedRequest(harness)
    harness.client.send(["op": "stall", "id": "sleeper", "port": harness.port, "rcvbuf": 4096])
    try await harness.client.next("open", id: "sleeper")
    try await harness.server.events.wait(for: "two didOpen") { events in
        events.filter { if case .opened = $0 { true } else { false } }.count == 2
    }
    let sleeper = try #require(harness.server.openedConnections.first { $0 != reader })
    pump.targets.withLock { $0 = (queued: reader, latest: sleeper) }
    return (harness, reader, sleeper)
}

/// `readerAndSleeper`, with `pump` run to its end.
func pumpToReaderAndSleeper(_ pump: Pump) async throws -> Harness {
    let (harness, _, _) = try await readerAndSleeper(pump)
    try await harness.server.onServiceThread { $0.schedule(TimerID("pump"), after: .zero) }
    try await harness.server.events.first("the pump to finish") {
        if case .note("pumped") = $0 { true } else { false }
    }
    return harness
}

/// Sends numbered messages from a timer on the service thread, one round per tick.
final class Pump: @unchecked Sendable {
    let total: Int
    let size: Int
    let interval: Duration
    let broadcast: Bool
    let delivery: Delivery
    let targets = Mutex<(queued: ConnectionID, latest: ConnectionID)?>(nil)
    private let count = Mutex(0)

    /// `delivery`: the broadcast's (one message to both targets).
    init(
        total: Int,
        size: Int = 8 * 1024,
        interval: Duration = .zero,
        broadcast: Bool = false,
        delivery: Delivery = .queued
    ) {
        self.total = total
        self.size = size
        self.interval = interval
        self.broadcast = broadcast
        self.delivery = delivery
    }

    var sent: Int { count.withLock { $0 } }

    static func queuedText(_ index: Int) -> String { "q:" + String(format: "%04d", index) }

    static func sequence(_ head: String) -> Int? {
        guard head.hasPrefix("seq:") else { return nil }
        return Int(head.dropFirst(4).prefix { $0.isNumber })
    }

    /// Service thread.
    func tick(_ transport: Transport) {
        guard let targets = targets.withLock({ $0 }) else { return }
        let index = count.withLock { value -> Int in
            defer { value += 1 }
            return value
        }
        let state = "seq:" + String(format: "%04d", index) + "|" + String(repeating: "s", count: size)
        if broadcast {
            // The same bytes to both; queued, the stalled one's queue grows until it is closed.
            transport.broadcast(OutboundMessage(text: state), to: [targets.queued, targets.latest], delivery: delivery)
        } else {
            transport.send(OutboundMessage(text: state), to: targets.latest, delivery: .latest(.state))
            transport.send(OutboundMessage(text: Self.queuedText(index)), to: targets.queued, delivery: .queued)
        }
        if index + 1 < total {
            transport.schedule(TimerID("pump"), after: interval)
        } else {
            (transport.delegate as? TestDelegate)?.events.append(.note("pumped"))
        }
    }
}
