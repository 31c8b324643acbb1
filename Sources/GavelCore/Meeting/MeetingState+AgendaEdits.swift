/// Live agenda editing: the commands (`MeetingCommand.editAgenda`) and the events they become.
///
/// Items are numbered by their index everywhere in the state (the current item, each turn's
/// item, the lists, the budgets), so an edit that moves indices renumbers all of them at once
/// (`renumberItems`); events written before an edit name the indices of their time and are
/// replayed before it, so a journal replays to the same agenda.
extension MeetingState {
    /// The longest title an item added or retitled during the meeting may have.
    static let longestTitle = 200

    /// The first index a new or moved item may take: after the item running, or the one that
    /// ran last, so that nothing is put into the meeting's past.
    public var firstOpenIndex: Int {
        (currentItem ?? lastItem).map { $0 + 1 } ?? 0
    }

    func agendaEditEvents(_ edit: AgendaEdit, at now: Instant) throws(MeetingError) -> [MeetingEvent] {
        try requireNotEnded()
        switch edit {
        case .insert(let title, let length, let position, let start, let kind):
            let title = try validTitle(title)
            try validate(length, what: "an item's length")
            let count = agenda.items.count
            let place = position ?? count + 1
            guard (1...count + 1).contains(place) else {
                throw MeetingError(
                    .invalidPosition,
                    "position \(place) is outside the agenda: a new item goes at 1 to \(count + 1)"
                )
            }
            let index = place - 1
            try requireOpen(index, "a new item")
            let before = index > 0 ? agenda.items[index - 1] : nil
            let after = index < count ? agenda.items[index] : nil
            let seconds = Int(length.wholeSeconds)
            let begin: LocalTime
            if let start {
                begin = start
            } else if let before {
                begin = before.end
            } else if let after,
                let earlier = LocalTime(secondsSinceMidnight: after.start.secondsSinceMidnight - seconds)
            {
                begin = earlier
            } else {
                throw MeetingError(.invalidDuration, "give the new item's start: it cannot end before midnight")
            }
            let item = AgendaItem(
                id: freshItemID(),
                title: title,
                kind: kind,
                date: (before ?? after)?.date ?? agenda.date,
                start: begin,
                end: try end(of: title, from: begin, lasting: seconds)
            )
            return [.itemInserted(item, index: index, at: now)]

        case .remove(let reference):
            let index = try editableItem(reference, "removing it")
            guard agenda.items.count > 1 else {
                throw MeetingError(.invalidPosition, "item \(describe(index)) is the agenda's only item; it stays")
            }
            return [.itemRemoved(index: index, at: now)]

        case .move(let reference, let toPosition):
            let index = try editableItem(reference, "moving it")
            let count = agenda.items.count
            guard (1...count).contains(toPosition) else {
                throw MeetingError(.invalidPosition, "position \(toPosition) is outside the agenda (1-\(count))")
            }
            let target = toPosition - 1
            guard target != index else {
                throw MeetingError(.invalidPosition, "item \(describe(index)) is already at position \(toPosition)")
            }
            // Where it lands among the others: the open part of the agenda, as for a new item.
            let landing = target > index ? target + 1 : target
            try requireOpen(landing, "item \(describe(index))")
            return [.itemMoved(index: index, toIndex: target, at: now)]

        case .retitle(let reference, let title):
            let index = try editableItem(reference, "retitling it")
            var item = agenda.items[index]
            item.title = try validTitle(title)
            guard item.title != agenda.items[index].title else {
                throw MeetingError(.invalidText, "item \(describe(index)) already has that title")
            }
            return [.itemReplanned(index: index, item, at: now)]

        case .retime(let reference, let start, let length):
            let index = try editableItem(reference, "re-planning its time")
            guard start != nil || length != nil else {
                throw MeetingError(.invalidDuration, "give a new start, a new length, or both")
            }
            var item = agenda.items[index]
            if let length { try validate(length, what: "an item's length") }
            let seconds = length.map { Int($0.wholeSeconds) } ?? Int(item.plannedDuration.wholeSeconds)
            item.start = start ?? item.start
            item.end = try end(of: item.title, from: item.start, lasting: seconds)
            guard item.start != agenda.items[index].start || item.end != agenda.items[index].end else {
                throw MeetingError(
                    .invalidDuration,
                    "item \(describe(index)) is already planned \(item.start)-\(item.end); nothing to change"
                )
            }
            return [.itemReplanned(index: index, item, at: now)]
        }
    }

    // MARK: - Checks

    /// The index of an item an edit may change: one that has not started.
    private func editableItem(_ reference: String, _ what: String) throws(MeetingError) -> Int {
        guard let index = agenda.itemIndex(for: reference) else {
            throw MeetingError(
                .unknownItem,
                "no item '\(reference)' in the agenda: name one by its id or its position (1-\(agenda.items.count))"
            )
        }
        if currentItem == index {
            throw MeetingError(
                .itemStarted,
                "item \(describe(index)) is running: change its time with extend or trim, not by \(what)"
            )
        }
        if items[index].hasStarted {
            throw MeetingError(.itemStarted, "item \(describe(index)) has already run; its plan stays as it ran")
        }
        return index
    }

    /// Refuses an index in the meeting's past (`firstOpenIndex`).
    private func requireOpen(_ index: Int, _ what: String) throws(MeetingError) {
        let first = firstOpenIndex
        guard index >= first else {
            throw MeetingError(
                .invalidPosition,
                "\(what) cannot go before item \(describe(first - 1)), which has run or runs: "
                    + "use a position from \(first + 1) on"
            )
        }
    }

    private func validTitle(_ title: String) throws(MeetingError) -> String {
        let title = title.trimmingSpaces
        guard !title.isEmpty else { throw MeetingError(.invalidText, "an item needs a title") }
        guard title.count <= Self.longestTitle, !title.contains(where: { $0.isNewline }) else {
            throw MeetingError(.invalidText, "an item's title is one line of at most \(Self.longestTitle) characters")
        }
        return title
    }

    private func end(of title: String, from start: LocalTime, lasting seconds: Int) throws(MeetingError) -> LocalTime {
        guard let end = LocalTime(secondsSinceMidnight: start.secondsSinceMidnight + seconds) else {
            throw MeetingError(
                .invalidDuration,
                "'\(title)' from \(start) for \(DurationText.compact(.seconds(seconds))) would end after midnight; "
                    + "an item ends on the day it starts"
            )
        }
        return end
    }

    /// "added-1", "added-2", ...: the first not taken by another item.
    private func freshItemID() -> String {
        let taken = Set(agenda.items.map(\.id))
        var number = 1
        while taken.contains("added-\(number)") { number += 1 }
        return "added-\(number)"
    }
}
