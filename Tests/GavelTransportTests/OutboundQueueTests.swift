import Testing

@testable import GavelServer

@Suite struct OutboundQueueTests {
    private func drain(_ queue: inout OutboundQueue) -> [String] {
        var texts: [String] = []
        while let message = queue.dequeue() { texts.append(message.text) }
        return texts
    }

    @Test func queuedMessagesLeaveInSubmissionOrder() {
        var queue = OutboundQueue(limit: 10)
        for text in ["a", "b", "c"] {
            #expect(queue.enqueue(OutboundMessage(text: text), delivery: .queued) == .accepted)
        }
        #expect(drain(&queue) == ["a", "b", "c"])
    }

    @Test func aNewerLatestReplacesTheUnsentOneAndTakesTheNewestPosition() {
        var queue = OutboundQueue(limit: 10)
        _ = queue.enqueue(OutboundMessage(text: "state1"), delivery: .latest(.state))
        _ = queue.enqueue(OutboundMessage(text: "ack1"), delivery: .queued)
        #expect(queue.enqueue(OutboundMessage(text: "state2"), delivery: .latest(.state)) == .replacedLatest)
        _ = queue.enqueue(OutboundMessage(text: "ack2"), delivery: .queued)
        #expect(queue.count == 3)
        #expect(drain(&queue) == ["ack1", "state2", "ack2"])
    }

    @Test func eachSlotKeepsItsNewestAndTheOrderOfTheNewestSubmissions() {
        var queue = OutboundQueue(limit: 10)
        let queueSlot = Delivery.Slot(3)
        _ = queue.enqueue(OutboundMessage(text: "queue1"), delivery: .latest(queueSlot))
        _ = queue.enqueue(OutboundMessage(text: "state1"), delivery: .latest(.state))
        _ = queue.enqueue(OutboundMessage(text: "alert"), delivery: .queued)
        // The next change: the queue again, then its state; each replaces its own slot only.
        #expect(queue.enqueue(OutboundMessage(text: "queue2"), delivery: .latest(queueSlot)) == .replacedLatest)
        #expect(queue.enqueue(OutboundMessage(text: "state2"), delivery: .latest(.state)) == .replacedLatest)
        #expect(queue.count == 3)
        // A topic's message still comes before the state of its change.
        #expect(drain(&queue) == ["alert", "queue2", "state2"])
    }

    @Test func latestKeepsItsPlaceAmongQueuedMessages() {
        var queue = OutboundQueue(limit: 10)
        _ = queue.enqueue(OutboundMessage(text: "ack1"), delivery: .queued)
        _ = queue.enqueue(OutboundMessage(text: "state"), delivery: .latest(.state))
        _ = queue.enqueue(OutboundMessage(text: "ack2"), delivery: .queued)
        #expect(drain(&queue) == ["ack1", "state", "ack2"])
    }

    @Test func queuedMessagesBeyondTheLimitOverflow() {
        var queue = OutboundQueue(limit: 2)
        #expect(queue.enqueue(OutboundMessage(text: "1"), delivery: .queued) == .accepted)
        #expect(queue.enqueue(OutboundMessage(text: "2"), delivery: .queued) == .accepted)
        #expect(queue.enqueue(OutboundMessage(text: "s"), delivery: .latest(.state)) == .accepted)
        #expect(queue.enqueue(OutboundMessage(text: "3"), delivery: .queued) == .overflow)
    }

    @Test func messagesTakenWhileOthersArriveLeaveInOrder() {
        var queue = OutboundQueue(limit: 1000)
        var sent: [String] = []
        var expected: [String] = []
        for value in 0..<1000 {
            let text = "\(value)"
            #expect(queue.enqueue(OutboundMessage(text: text), delivery: .queued) == .accepted)
            expected.append(text)
            if value % 3 == 0, let message = queue.dequeue() { sent.append(message.text) }
        }
        #expect(queue.count == 1000 - sent.count)
        sent += drain(&queue)
        #expect(sent == expected && queue.isEmpty)
    }

    /// The count is kept beside the queue rather than read from its storage (a fan-out asks it for
    /// every copy): it must follow every change, overflows, replacements and clearing included.
    @Test func theCountFollowsEveryChangeAndIsWhatDrainingYields() {
        var queue = OutboundQueue(limit: 4)
        let slots = [Delivery.latest(.state), .latest(Delivery.Slot(3)), .queued]
        // A fixed mix (a linear congruential sequence), so that a failure repeats.
        var seed: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(seed >> 33) % bound
        }
        for round in 0..<200 {
            for _ in 0..<next(9) { _ = queue.enqueue(OutboundMessage(text: "m"), delivery: slots[next(3)]) }
            for _ in 0..<next(4) { _ = queue.dequeue() }
            #expect(queue.count <= 4 + 2)
            if round % 50 == 49 {
                queue.removeAll()
                #expect(queue.count == 0 && queue.isEmpty && queue.dequeue() == nil)
            }
            var copy = queue
            let left = queue.count
            #expect(drain(&copy).count == left && copy.count == 0 && copy.isEmpty)
            #expect(queue.isEmpty == (left == 0))
        }
    }
}

@Suite struct InboundAssemblerTests {
    private func feed(
        _ assembler: inout InboundAssembler,
        _ bytes: [UInt8],
        binary: Bool = false,
        final: Bool = true
    )
        -> InboundAssembler.Result
    {
        bytes.withUnsafeBytes { assembler.receive($0, isBinary: binary, isFinal: final) }
    }

    @Test func fragmentsAreReassembled() {
        var assembler = InboundAssembler(limit: 100)
        #expect(feed(&assembler, Array("hel".utf8), final: false) == .incomplete)
        #expect(feed(&assembler, Array("lo".utf8)) == .message("hello"))
        #expect(assembler.pendingCount == 0)
    }

    @Test func aCharacterSplitAcrossFragmentsIsValid() {
        var assembler = InboundAssembler(limit: 100)
        let bytes = Array("é".utf8)
        #expect(feed(&assembler, [bytes[0]], final: false) == .incomplete)
        #expect(feed(&assembler, [bytes[1]]) == .message("é"))
    }

    @Test func binaryIsRefusedWith1003() {
        var assembler = InboundAssembler(limit: 100)
        #expect(feed(&assembler, [1, 2], binary: true) == .fail(code: 1003, reason: "binary frames are not supported"))
    }

    @Test func invalidUTF8IsRefusedWith1007() {
        var assembler = InboundAssembler(limit: 100)
        guard case .fail(1007, _) = feed(&assembler, [0xC3, 0x28]) else {
            Issue.record("invalid UTF-8 was accepted")
            return
        }
    }

    @Test func tooBigIsRefusedWith1009EvenBeforeItIsBuffered() {
        var assembler = InboundAssembler(limit: 4)
        #expect(feed(&assembler, Array("abc".utf8), final: false) == .incomplete)
        #expect(feed(&assembler, Array("de".utf8)) == .fail(code: 1009, reason: "message too big (limit 4 bytes)"))
        let announced = Array("ab".utf8).withUnsafeBytes {
            assembler.receive($0, isBinary: false, isFinal: false, remainingInFrame: 100)
        }
        #expect(announced == .fail(code: 1009, reason: "message too big (limit 4 bytes)"))
    }
}
