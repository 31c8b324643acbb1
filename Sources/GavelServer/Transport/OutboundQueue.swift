import DequeModule

/// One connection's unsent messages: a bounded FIFO of `.queued` messages plus at most one
/// `.latest` message per slot. No I/O: the transport asks it what to write next.
///
/// Order: messages leave in the order they were submitted, except that a `.latest` message that
/// replaces an unsent older one of its slot takes the position of its own (newest) submission.
struct OutboundQueue {
    enum EnqueueResult: Equatable {
        case accepted
        /// An unsent `.latest` message was dropped in favour of the new one.
        case replacedLatest
        /// More than `limit` `.queued` messages would be waiting: the connection is too slow.
        case overflow
    }

    private struct Entry {
        let message: OutboundMessage
        let sequence: UInt64
    }

    private var queued = Deque<Entry>()
    /// The unsent `.latest` messages, one per slot at most (a handful of slots: a linear search
    /// beats hashing, and an empty array allocates nothing).
    private var latest: [(slot: Delivery.Slot, entry: Entry)] = []
    private var nextSequence: UInt64 = 0
    /// Messages waiting, the `.latest` ones included. Kept here, beside the connection's other
    /// fields, so that a fan-out asking whether anything waits does not read the queue's storage,
    /// one more cache miss per copy (`Transport.enqueue(_:on:delivery:)`).
    private(set) var count = 0
    /// The most `.queued` messages that may wait at once.
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    var isEmpty: Bool { count == 0 }

    mutating func enqueue(_ message: OutboundMessage, delivery: Delivery) -> EnqueueResult {
        let entry = Entry(message: message, sequence: nextSequence)
        nextSequence += 1
        switch delivery {
        case .queued:
            guard queued.count < limit else { return .overflow }
            queued.append(entry)
            count += 1
            return .accepted
        case .latest(let slot):
            if let index = latest.firstIndex(where: { $0.slot == slot }) {
                latest.remove(at: index)
                latest.append((slot, entry))
                return .replacedLatest
            }
            latest.append((slot, entry))
            count += 1
            return .accepted
        }
    }

    /// The next message to write, removed from the queue.
    mutating func dequeue() -> OutboundMessage? {
        // `latest` is in submission order: its first entry is its oldest.
        if let first = latest.first, queued.first.map({ first.entry.sequence < $0.sequence }) ?? true {
            latest.removeFirst()
            count -= 1
            return first.entry.message
        }
        guard let next = queued.popFirst() else { return nil }
        count -= 1
        return next.message
    }

    mutating func removeAll() {
        queued.removeAll()
        latest.removeAll()
        count = 0
    }
}
