import DequeModule

/// One connection's unsent messages: a bounded FIFO of `.queued` messages plus at most one
/// `.latest` message. No I/O: the transport asks it what to write next.
///
/// Order: messages leave in the order they were submitted, except that a `.latest` message that
/// replaces an unsent older one takes the position of its own (newest) submission.
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
    private var latest: Entry?
    private var nextSequence: UInt64 = 0
    /// The most `.queued` messages that may wait at once.
    let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    var isEmpty: Bool { queued.isEmpty && latest == nil }

    /// Messages waiting, the `.latest` one included.
    var count: Int { queued.count + (latest == nil ? 0 : 1) }

    mutating func enqueue(_ message: OutboundMessage, delivery: Delivery) -> EnqueueResult {
        let entry = Entry(message: message, sequence: nextSequence)
        nextSequence += 1
        switch delivery {
        case .queued:
            guard queued.count < limit else { return .overflow }
            queued.append(entry)
            return .accepted
        case .latest:
            let replaced = latest != nil
            latest = entry
            return replaced ? .replacedLatest : .accepted
        }
    }

    /// The next message to write, removed from the queue.
    mutating func dequeue() -> OutboundMessage? {
        if let latest, queued.first.map({ latest.sequence < $0.sequence }) ?? true {
            self.latest = nil
            return latest.message
        }
        return queued.popFirst()?.message
    }

    mutating func removeAll() {
        queued.removeAll()
        latest = nil
    }
}
