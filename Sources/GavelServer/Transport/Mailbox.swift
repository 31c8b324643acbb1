import Synchronization

/// How other threads reach the service thread: work and a stop request behind a `Mutex`, and a
/// wake-up through `lws_cancel_service` (the one thread-safe libwebsockets call).
final class Mailbox: Sendable {
    private struct State {
        var work: [@Sendable () -> Void] = []
        var stopRequested = false
        /// nil before the context exists and after it is destroyed: nobody may wake it then.
        var wakeHandle: CancelHandle?
        var closed = false
    }

    private let state = Mutex(State())

    /// Makes `wake` reachable from other threads (before the service loop starts).
    func open(_ wake: CancelHandle) {
        state.withLock { $0.wakeHandle = wake }
    }

    /// Forgets the context before it is destroyed; later posts are dropped.
    func close() {
        state.withLock {
            $0.wakeHandle = nil
            $0.closed = true
            $0.work = []
        }
    }

    /// Queues `work` and wakes the service thread. Returns false once the transport has stopped.
    @discardableResult
    func post(_ work: @escaping @Sendable () -> Void) -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.work.append(work)
            // Under the lock, so the context cannot be destroyed while it is being woken.
            state.wakeHandle?.wakeServiceThread()
            return true
        }
    }

    func requestStop() {
        state.withLock { state in
            state.stopRequested = true
            state.wakeHandle?.wakeServiceThread()
        }
    }

    /// Takes everything posted so far, in order, and whether a stop was requested.
    func take() -> (work: [@Sendable () -> Void], stopRequested: Bool) {
        state.withLock { state in
            defer { state.work = [] }
            return (state.work, state.stopRequested)
        }
    }
}
