import Synchronization

struct WaitTimedOut: Error, CustomStringConvertible {
    let description: String
}

/// Events appended from any thread, and async waits for a condition on them, each with a deadline.
final class EventStream<Event: Sendable>: Sendable {
    private struct Waiter {
        let id: UInt64
        let isSatisfied: @Sendable ([Event]) -> Bool
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var events: [Event] = []
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    func append(_ event: Event) {
        let ready = state.withLock { state -> [Waiter] in
            state.events.append(event)
            let ready = state.waiters.filter { $0.isSatisfied(state.events) }
            state.waiters.removeAll { waiter in ready.contains { $0.id == waiter.id } }
            return ready
        }
        for waiter in ready { waiter.continuation.resume() }
    }

    var events: [Event] {
        state.withLock { $0.events }
    }

    /// Waits until `isSatisfied` holds for the events so far; fails after `timeout`.
    func wait(
        for description: String,
        timeout: Duration = .seconds(30),
        until isSatisfied: @escaping @Sendable ([Event]) -> Bool
    ) async throws {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        let deadline = Task {
            try await Task.sleep(for: timeout)
            self.expire(id, description: description, timeout: timeout)
        }
        defer { deadline.cancel() }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let satisfied = state.withLock { state -> Bool in
                if isSatisfied(state.events) { return true }
                state.waiters.append(Waiter(id: id, isSatisfied: isSatisfied, continuation: continuation))
                return false
            }
            if satisfied { continuation.resume() }
        }
    }

    /// The first event matching `predicate`, waiting for it if needed.
    @discardableResult
    func first(
        _ description: String,
        timeout: Duration = .seconds(30),
        where predicate: @escaping @Sendable (Event) -> Bool
    ) async throws -> Event {
        try await wait(for: description, timeout: timeout) { $0.contains(where: predicate) }
        return events.first(where: predicate)!
    }

    private func expire(_ id: UInt64, description: String, timeout: Duration) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        let error = WaitTimedOut(description: "timed out after \(timeout) waiting for \(description)")
        waiter?.continuation.resume(throwing: error)
    }
}
