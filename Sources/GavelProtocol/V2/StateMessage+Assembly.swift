import GavelCore

/// gavel.v2 messages that do not fit together: a state naming an item the agenda lacks, a
/// progress of another length than the agenda.
public struct InconsistentMessages: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
}

extension StateMessage {
    /// The whole picture gavel.v1 sends on every change, put together by a gavel.v2 client from
    /// the messages it holds, projected at `live.serverTime`: equal to the daemon's own
    /// `StateMessage` of that instant.
    public init(
        agenda: AgendaMessage,
        progress: ProgressMessage,
        queue: QueueMessage,
        live: LiveStateMessage
    ) throws(InconsistentMessages) {
        let count = agenda.items.count
        guard count > 0, progress.items.count == count else {
            throw InconsistentMessages(
                description: "the progress has \(progress.items.count) items and the agenda \(count)"
            )
        }
        for index in [live.item?.index, live.next?.index, live.meeting.lastItem].compactMap({ $0 })
        where !agenda.items.indices.contains(index) {
            throw InconsistentMessages(
                description: "the state names item \(index + 1) and the agenda has \(count)"
            )
        }
        let now = live.serverTime
        let projection = ScheduleProjection(ScheduleFacts(agenda: agenda, progress: progress, live: live), at: now)

        seq = live.seq
        serverTime = now
        meeting = Meeting(
            id: live.meeting.id,
            title: agenda.meeting.title,
            titles: agenda.meeting.titles,
            subtitle: agenda.meeting.subtitle,
            venue: agenda.meeting.venue,
            timeZone: agenda.meeting.timeZone,
            phase: live.meeting.phase,
            startedAt: live.meeting.startedAt,
            endedAt: live.meeting.endedAt,
            planDate: agenda.meeting.planDate,
            agendaDate: agenda.meeting.agendaDate,
            dateShifted: agenda.meeting.dateShifted,
            paused: live.meeting.paused,
            pausedSince: live.meeting.pausedSince
        )
        item = live.item.map { timer in
            let planned = agenda.items[timer.index]
            return TimerState(
                index: timer.index,
                id: timer.id,
                title: planned.title,
                titles: planned.titles,
                kind: planned.kind,
                plannedStart: planned.plannedStart,
                plannedEnd: planned.plannedEnd,
                startedAt: timer.startedAt,
                allottedMs: timer.allottedMs,
                elapsedMs: timer.elapsedMs,
                remainingMs: timer.remainingMs,
                overrunMs: timer.overrunMs,
                pausedMs: timer.pausedMs,
                addedMs: timer.addedMs,
                running: timer.running,
                endsAt: timer.endsAt,
                level: timer.level,
                thresholds: timer.thresholds,
                people: planned.people
            )
        }
        floor = live.floor
        next = live.next.map { next in
            let planned = agenda.items[next.index]
            return NextItem(
                index: next.index,
                id: planned.id,
                title: planned.title,
                titles: planned.titles,
                kind: planned.kind,
                plannedStart: planned.plannedStart,
                projectedStart: next.projectedStart
            )
        }
        schedule = live.schedule
        items = projection.entries.map { entry in
            let planned = agenda.items[entry.index]
            let done = progress.items[entry.index]
            let current = entry.status == .current ? live.item : nil
            return ItemState(
                index: entry.index,
                id: planned.id,
                title: planned.title,
                titles: planned.titles,
                kind: planned.kind,
                status: entry.status,
                plannedStart: entry.plannedStart,
                plannedEnd: entry.plannedEnd,
                projectedStart: entry.projectedStart,
                projectedEnd: entry.projectedEnd,
                actualStart: done.actualStart,
                actualEnd: done.actualEnd,
                allottedMs: current?.allottedMs ?? done.allottedMs ?? 0,
                elapsedMs: current?.elapsedMs ?? done.elapsedMs ?? 0,
                fixed: planned.fixed,
                dropped: entry.status == .upcoming ? done.dropped : nil,
                planAllotmentMs: done.planAllotmentMs
            )
        }
        self.queue = queue.speakers
        message = live.message
        displays = live.displays
        listPlan = live.listPlan
        listClosed = queue.closed == true ? true : nil
    }
}

extension ScheduleFacts {
    /// The facts a gavel.v2 client holds, as of `live.serverTime`: the plan from the agenda, what
    /// happened from the progress, the current item's time left from the state.
    public init(agenda: AgendaMessage, progress: ProgressMessage, live: LiveStateMessage) {
        let current = live.item
        self.init(
            planDate: agenda.meeting.planDate,
            agendaDate: agenda.meeting.agendaDate,
            items: zip(agenda.items, progress.items).map { planned, done in
                let remainingMs: Int64
                if let current, current.index == planned.index {
                    remainingMs = current.remainingMs
                } else {
                    remainingMs = (done.allottedMs ?? 0) - (done.elapsedMs ?? 0)
                }
                return Item(
                    plannedStart: planned.plannedStart,
                    plannedEnd: planned.plannedEnd,
                    day: planned.day,
                    actualStart: done.actualStart,
                    actualEnd: done.actualEnd,
                    remaining: .milliseconds(remainingMs),
                    fixed: planned.fixed == true,
                    dropped: done.dropped == true && done.actualStart == nil
                )
            },
            phase: live.meeting.phase,
            currentItem: current?.index,
            lastItem: live.meeting.lastItem,
            startedAt: live.meeting.startedAt,
            endedAt: live.meeting.endedAt
        )
    }
}
