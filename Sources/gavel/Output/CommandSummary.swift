import GavelCore
import GavelProtocol

/// The one line a command prints for people once the daemon applied it, from the state the chair
/// saw (`before`) and the state after. Pure functions, so every line can be tested without a daemon.
enum CommandSummary {
    // MARK: - Items

    /// `Started: item 1 (Opening …) at 10:03:00; 40:00 planned.`
    static func start(after: StateMessage) -> String {
        guard let item = after.item else { return "Started the meeting." }
        return "Started: \(itemName(item)) at \(MeetingText(after).time(item.startedAt ?? after.serverTime)); "
            + "\(allotment(item))."
    }

    /// `Next: item 2 (Panel Discussion: …) started at 10:45:02; 1:55:00 planned.`
    static func next(after: StateMessage) -> String {
        moved("Next", after: after)
    }

    /// `Previous: item 1 (Opening …) resumed at 10:50:00; 6:00 left (ends 10:56:00).`
    static func previous(after: StateMessage) -> String {
        moved("Previous", after: after, resumed: true)
    }

    /// `Now: item 3 (Closing …) started at 11:00:00; 20:00 planned.`
    static func goTo(after: StateMessage) -> String {
        moved("Now", after: after)
    }

    /// An item started for the first time "started at"; one that had run before (previous, or
    /// goto back) "resumed at" now, with what it has left.
    private static func moved(_ verb: String, after: StateMessage, resumed: Bool = false) -> String {
        guard let item = after.item else { return "\(verb): no item is current." }
        let text = MeetingText(after)
        if !resumed && startedNow(item, after) {
            return "\(verb): \(itemName(item)) started at \(text.time(item.startedAt ?? after.serverTime)); "
                + "\(allotment(item))."
        }
        return "\(verb): \(itemName(item)) resumed at \(text.time(after.serverTime)); "
            + "\(timing(item.remainingMs, endsAt: item.endsAt, after))."
    }

    /// Whether the item started with this command, rather than earlier in the meeting.
    private static func startedNow(_ item: StateMessage.TimerState, _ state: StateMessage) -> Bool {
        guard let startedAt = item.startedAt else { return false }
        return (state.serverTime - startedAt).milliseconds < 1000
    }

    /// `Paused: item 2 (…) at 10:50:00 with 12:34 left.`
    static func pause(after: StateMessage) -> String {
        let text = MeetingText(after)
        let at = text.time(after.meeting.pausedSince ?? after.serverTime)
        guard let item = after.item else { return "Paused at \(at)." }
        var line = "Paused: \(itemName(item)) at \(at) with \(MeetingText.remaining(ms: item.remainingMs)) left"
        if let floor = after.floor { line += "; \(floor.speaker)'s clock is stopped too" }
        return line + "."
    }

    /// `Resumed: item 2 (…), 12:34 left (ends 11:03:00).`
    static func resume(after: StateMessage) -> String {
        guard let item = after.item else { return "Resumed." }
        return "Resumed: \(itemName(item)), \(timing(item.remainingMs, endsAt: item.endsAt, after))."
    }

    /// `Extended item 2 (…) by 2m: 14:34 left (ends 11:05:00).`
    static func extend(_ duration: Duration, after: StateMessage) -> String {
        changed("Extended", duration, after: after)
    }

    /// `Trimmed item 2 (…) by 1m: 11:34 left (ends 11:02:00).`
    static func trim(_ duration: Duration, after: StateMessage) -> String {
        changed("Trimmed", duration, after: after)
    }

    private static func changed(_ verb: String, _ duration: Duration, after: StateMessage) -> String {
        guard let item = after.item else { return "\(verb) by \(DurationText.compact(duration))." }
        return "\(verb) \(itemName(item)) by \(DurationText.compact(duration)): "
            + "\(timing(item.remainingMs, endsAt: item.endsAt, after))."
    }

    /// `Ended item 2 (…) at 10:55:00; no item is running. Next: item 3 (…).`
    static func endItem(before: StateMessage, after: StateMessage) -> String {
        let ended = before.item.map { itemName($0) } ?? "the item"
        var line = "Ended \(ended) at \(MeetingText(after).time(after.serverTime)); no item is running."
        if let next = after.next { line += " Next: \(MeetingText.item(id: next.id, title: next.title))." }
        return line
    }

    /// `Meeting ended at 12:58:00.`
    static func endMeeting(after: StateMessage) -> String {
        "Meeting ended at \(MeetingText(after).time(after.meeting.endedAt ?? after.serverTime))."
    }

    // MARK: - Floor

    /// `Floor: Ms. Louise Arbour, 3:00 (ends 10:07:00).`
    static func floorGranted(after: StateMessage) -> String {
        guard let floor = after.floor else { return "Floor granted." }
        var line = "Floor: \(SpeakersListing.describe(floor)), \(MeetingText.clock(ms: floor.allottedMs))"
        if let endsAt = floor.endsAt { line += " (ends \(MeetingText(after).time(endsAt)))" }
        if !after.queue.isEmpty { line += "; \(after.queue.count) waiting" }
        return line + "."
    }

    /// `Floor: Ms. Louise Arbour, extended by 30s: 3:30 left (ends 10:07:30).`
    static func floorExtended(_ duration: Duration, after: StateMessage) -> String {
        guard let floor = after.floor else { return "Floor extended by \(DurationText.compact(duration))." }
        return "Floor: \(floor.speaker), extended by \(DurationText.compact(duration)): "
            + "\(timing(floor.remainingMs, endsAt: floor.endsAt, after))."
    }

    /// `Floor paused: Ms. Louise Arbour, 2:10 left.`
    static func floorPaused(after: StateMessage) -> String {
        guard let floor = after.floor else { return "Floor paused." }
        return "Floor paused: \(floor.speaker), \(MeetingText.remaining(ms: floor.remainingMs)) left."
    }

    /// `Floor resumed: Ms. Louise Arbour, 2:10 left (ends 10:09:10).`
    static func floorResumed(after: StateMessage) -> String {
        guard let floor = after.floor else { return "Floor resumed." }
        return "Floor resumed: \(floor.speaker), \(timing(floor.remainingMs, endsAt: floor.endsAt, after))."
    }

    /// `Floor yielded by Ms. Louise Arbour; nobody holds the floor. Next in the queue: Mr. X.`
    static func floorYielded(before: StateMessage, after: StateMessage) -> String {
        if let resumed = after.floor {
            // An interruption yielded: the speaker it interrupted goes on.
            return (before.floor.map { "Floor yielded by \($0.speaker); " } ?? "Floor yielded; ")
                + "\(SpeakersListing.describe(resumed)) goes on, "
                + "\(timing(resumed.remainingMs, endsAt: resumed.endsAt, after))."
        }
        var line =
            before.floor.map { "Floor yielded by \($0.speaker); nobody holds the floor." }
            ?? "Floor yielded; nobody holds the floor."
        if let head = after.queue.first { line += " Next in the queue: \(head.speaker)." }
        return line
    }

    // MARK: - Queue

    /// `Queued: Mr. X at position 3 (3m); 3 waiting.`
    static func queued(_ speaker: String, after: StateMessage) -> String {
        let position = after.queue.firstIndex { $0.speaker == speaker }.map { $0 + 1 }
        let entry = position.map { after.queue[$0 - 1] }
        var line = "Queued: \(speaker)"
        if let position { line += " at position \(position)" }
        if let time = entry?.timeMs { line += " (\(MeetingText.compact(ms: time)))" }
        return line + "; \(after.queue.count) waiting."
    }

    /// `Removed Mr. X from the queue; 2 waiting.`
    static func removed(_ reference: QueueReference, before: StateMessage, after: StateMessage) -> String {
        let name = speaker(reference, in: before) ?? reference.description
        return "Removed \(name) from the queue; \(after.queue.count) waiting."
    }

    /// `Moved Mr. X to position 1 of 3.`
    static func moved(
        _ reference: QueueReference,
        to position: Int,
        before: StateMessage,
        after: StateMessage
    )
        -> String
    {
        let name = speaker(reference, in: before) ?? reference.description
        return "Moved \(name) to position \(min(position, after.queue.count)) of \(after.queue.count)."
    }

    private static func speaker(_ reference: QueueReference, in state: StateMessage) -> String? {
        switch reference {
        case .speaker(let name): return name
        case .position(let position):
            return state.queue.indices.contains(position - 1) ? state.queue[position - 1].speaker : nil
        }
    }

    // MARK: - Messages and agenda

    /// `Message on the displays: “Please silence your phones”.`, or `Message to the speaker's
    /// display only: “Please wrap up”.`
    static func messageShown(after: StateMessage) -> String {
        let to =
            after.message?.audience == .speaker ? "Message to the speaker's display only" : "Message on the displays"
        return "\(to): “\(after.message?.text ?? "")”."
    }

    /// `Every display blacked out; gavel blackout off brings them back.`
    static func blackedOut(_ audience: DisplayAudience) -> String {
        audience == .speaker
            ? "The speaker's display blacked out; gavel blackout off brings it back."
            : "Every display blacked out; gavel blackout off brings them back."
    }

    static func blackoutEnded() -> String {
        "Blackout ended: the displays show the meeting again."
    }

    static func flashed(_ audience: DisplayAudience) -> String {
        "Flashed \(displays(audience))."
    }

    private static func displays(_ audience: DisplayAudience) -> String {
        audience == .speaker ? "the speaker's display" : "every display"
    }

    static func messageCleared() -> String {
        "Message cleared from the displays."
    }

    /// `Loaded: Rehearsal, 3 items, 10:00–10:30 (meeting 4, not started).`
    static func agendaLoaded(after: StateMessage) -> String {
        let text = MeetingText(after)
        var line = "Loaded: \(after.meeting.title), \(MeetingText.counted(after.items.count, "item"))"
        if let first = after.items.first, let last = after.items.last {
            line += ", \(text.shortTime(first.plannedStart))–\(text.shortTime(last.plannedEnd))"
        }
        return line
            + " (meeting \(after.meeting.id), \(after.meeting.phase == .notStarted ? "not started" : "\(after.meeting.phase)"))."
    }

    // MARK: - Parts

    /// `item 2 (Panel Discussion: …)`.
    static func itemName(_ item: StateMessage.TimerState) -> String {
        MeetingText.item(id: item.id, title: item.title)
    }

    /// `40:00 planned` for an item that has just started as planned, else `12:34 left`.
    private static func allotment(_ item: StateMessage.TimerState) -> String {
        if item.elapsedMs < 1000 && item.addedMs == 0 { return "\(MeetingText.clock(ms: item.allottedMs)) planned" }
        return item.remainingMs < 0
            ? "\(MeetingText.clock(ms: -item.remainingMs)) over" : "\(MeetingText.remaining(ms: item.remainingMs)) left"
    }

    /// `12:34 left (ends 11:03:00)`, `1:02 over`, or `12:34 left (paused)`.
    static func timing(_ remainingMs: Int64, endsAt: Instant?, _ state: StateMessage) -> String {
        if remainingMs < 0 { return "\(MeetingText.clock(ms: -remainingMs)) over" }
        let left = "\(MeetingText.remaining(ms: remainingMs)) left"
        guard let endsAt else { return left + " (paused)" }
        return left + " (ends \(MeetingText(state).time(endsAt)))"
    }
}
