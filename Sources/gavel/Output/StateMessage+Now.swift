import GavelCore
import GavelProtocol

extension StateMessage {
    /// The state as it reads at `now` on the daemon's timeline, computed locally from this
    /// snapshot, as the display page does between messages: running timers count down from
    /// `endsAt`, levels follow the thresholds, and the projection moves with the clock the way
    /// the daemon's `ScheduleProjection` would (an overrunning or paused item, or the gap between
    /// items, pushes everything after it back).
    ///
    /// The daemon sends a new snapshot only when something changes, so a snapshot minutes old is
    /// normal; `now` before the snapshot leaves it as it is.
    func advanced(to now: Instant) -> StateMessage {
        guard now > serverTime else { return self }
        var state = self
        let elapsed = (now - serverTime).milliseconds
        state.serverTime = now

        if var item = state.item, item.running, let endsAt = item.endsAt {
            item.remainingMs = (endsAt - now).milliseconds
            item.elapsedMs += elapsed
            item.overrunMs = max(0, -item.remainingMs)
            item.level = item.thresholds.level(remainingMs: item.remainingMs)
            state.item = item
        }
        if var floor = state.floor, floor.running, let endsAt = floor.endsAt {
            floor.remainingMs = (endsAt - now).milliseconds
            floor.elapsedMs += elapsed
            floor.overrunMs = max(0, -floor.remainingMs)
            floor.level = floor.thresholds.level(remainingMs: floor.remainingMs)
            state.floor = floor
        }

        // How much later the meeting now stands than the snapshot projected.
        let delay: Int64
        switch meeting.phase {
        case .ended:
            delay = 0
        case .notStarted:
            let start = items.first?.plannedStart ?? serverTime
            delay = (max(start, now) - max(start, serverTime)).milliseconds
        case .running:
            if let item, item.running, let endsAt = item.endsAt {
                delay = (max(endsAt, now) - max(endsAt, serverTime)).milliseconds
            } else {
                delay = elapsed  // paused, or between items: the rest waits
            }
        }
        guard delay > 0 else { return state }
        let shift = Duration.milliseconds(delay)
        state.schedule.clockDriftMs += delay
        state.schedule.durationDriftMs = state.schedule.durationDriftMs.map { $0 + delay }
        state.schedule.projectedEnd = state.schedule.projectedEnd + shift
        if var next = state.next {
            next.projectedStart = next.projectedStart.map { $0 + shift }
            state.next = next
        }
        for index in state.items.indices
        where state.items[index].status == .upcoming || state.items[index].status == .current {
            if state.items[index].status == .upcoming {
                state.items[index].projectedStart = state.items[index].projectedStart.map { $0 + shift }
            }
            state.items[index].projectedEnd = state.items[index].projectedEnd.map { $0 + shift }
        }
        return state
    }
}
