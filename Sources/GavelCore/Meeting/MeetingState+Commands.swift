/// Command validation: each command either becomes events, applied here and returned for the
/// journal, or is rejected with a reason and changes nothing.
extension MeetingState {
    /// The longest extension, grant or message anyone means to give; beyond is a typo.
    static let longestDuration: Duration = .seconds(12 * 3600)
    static let longestName = 120
    static let longestMessage = 280

    /// Validates `command` at `now` and applies it. Returns the events to journal, in order.
    ///
    /// `now` earlier than the last event (a clock that went back across a reboot) is taken as the
    /// last event's instant, so no elapsed time ever goes negative.
    @discardableResult
    public mutating func apply(
        _ command: MeetingCommand,
        expecting expectation: ExpectedState? = nil,
        now: Instant
    ) throws(MeetingError) -> [MeetingEvent] {
        let now = max(now, lastEventAt ?? now)
        if let expectation { try check(expectation) }
        let events = try events(for: command, at: now)
        for event in events { apply(event) }
        return events
    }

    /// The events `command` would produce, without applying them.
    public func events(for command: MeetingCommand, at now: Instant) throws(MeetingError) -> [MeetingEvent] {
        switch command {
        case .start:
            guard phase == .notStarted else {
                throw phase == .ended ? endedError : MeetingError(.alreadyStarted, "the meeting has already started")
            }
            guard !agenda.items.isEmpty else { throw MeetingError(.unknownItem, "the agenda has no items") }
            return [.meetingStarted(at: now, planDate: planDate(startingAt: now)), .itemStarted(index: 0, at: now)]

        case .goTo(let reference):
            try requireNotEnded()
            guard let index = agenda.itemIndex(for: reference) else {
                throw MeetingError(
                    .unknownItem,
                    "there is no item '\(reference)'; items are \(agenda.items.map(\.id).joined(separator: ", ")) "
                        + "or positions 1-\(agenda.items.count)"
                )
            }
            if index == currentItem {
                throw MeetingError(.alreadyCurrent, "item \(describe(index)) is already the current item")
            }
            return startEvents(at: now) + leaveCurrentItem(at: now) + [.itemStarted(index: index, at: now)]

        case .next:
            try requireRunning()
            let from = currentItem ?? lastItem ?? -1
            var target = currentItem == nil && lastItem == nil ? 0 : from + 1
            guard target < agenda.items.count else {
                throw MeetingError(
                    .atLastItem,
                    "already at the last item (\(describe(agenda.items.count - 1))); use end-meeting to close the meeting"
                )
            }
            // Items an accepted plan dropped are passed over; the chair may still go to one.
            while target < agenda.items.count, items[target].dropped { target += 1 }
            guard target < agenda.items.count else {
                throw MeetingError(
                    .atLastItem,
                    "the items left were dropped by the plan; go to one (goto) or end the meeting"
                )
            }
            return leaveCurrentItem(at: now) + [.itemStarted(index: target, at: now)]

        case .previous:
            try requireRunning()
            let target: Int
            if let currentItem {
                guard currentItem > 0 else {
                    throw MeetingError(.atFirstItem, "already at the first item (\(describe(0)))")
                }
                target = currentItem - 1
            } else if let lastItem {
                target = lastItem
            } else {
                throw MeetingError(.atFirstItem, "no item has run yet")
            }
            return leaveCurrentItem(at: now) + [.itemStarted(index: target, at: now)]

        case .pause:
            try requireRunning()
            let index = try requireCurrentItem()
            guard !isPaused else { throw MeetingError(.paused, "item \(describe(index)) is already paused") }
            return [.meetingPaused(at: now)]

        case .resume:
            try requireRunning()
            guard isPaused else { throw MeetingError(.notPaused, "the meeting is not paused") }
            return [.meetingResumed(at: now)]

        case .extend(let duration):
            try requireRunning()
            let index = try requireCurrentItem()
            try validate(duration, what: "an extension")
            return [.itemAdjusted(index: index, by: duration, at: now)]

        case .trim(let duration):
            try requireRunning()
            let index = try requireCurrentItem()
            try validate(duration, what: "a trim")
            let allotted = items[index].stopwatch.allotted
            guard duration <= allotted else {
                throw MeetingError(
                    .invalidDuration,
                    "cannot trim \(DurationText.compact(duration)): item \(describe(index)) has only "
                        + "\(DurationText.compact(allotted)) allotted"
                )
            }
            return [.itemAdjusted(index: index, by: .zero - duration, at: now)]

        case .endItem:
            try requireRunning()
            _ = try requireCurrentItem()
            return leaveCurrentItem(at: now)

        case .endMeeting:
            guard phase != .notStarted else { throw MeetingError(.notStarted, "the meeting has not started") }
            try requireNotEnded()
            return leaveCurrentItem(at: now) + [.meetingEnded(at: now)]

        case .grantFloor(let speaker, let duration, let speech, let delegation, let override):
            return try grantEvents(
                Inscription(speaker: speaker, delegation: delegation, speech: speech, time: duration),
                override: override,
                at: now
            )

        case .extendFloor(let duration):
            try requireRunning()
            _ = try requireFloor()
            try validate(duration, what: "an extension")
            return [.floorAdjusted(by: duration, at: now)]

        case .pauseFloor:
            try requireRunning()
            let grant = try requireFloor()
            guard !grant.heldByChair else {
                throw MeetingError(.floorPaused, "\(grant.speaker)'s time is already paused")
            }
            return [.floorPaused(at: now)]

        case .resumeFloor:
            try requireRunning()
            let grant = try requireFloor()
            guard grant.heldByChair else {
                throw MeetingError(.floorNotPaused, "\(grant.speaker)'s time is not paused")
            }
            return [.floorResumed(at: now)]

        case .yieldFloor:
            try requireRunning()
            _ = try requireFloor()
            return [.floorYielded(at: now)]

        case .interrupt(let inscription, let override):
            return try interruptionEvents(inscription, override: override, at: now)

        case .returnFloor:
            try requireRunning()
            let grant = try requireFloor()
            guard floorStack.count > 1 else {
                throw MeetingError(
                    .notInterrupted,
                    "\(grant.speaker) interrupted nobody; use floor yield to end their turn"
                )
            }
            return [.floorYielded(at: now)]

        case .queueAdd(let speaker, let time):
            return try inscriptionEvents(
                [Inscription(speaker: speaker, time: time)],
                item: nil,
                override: false,
                at: now
            )

        case .inscribe(let inscription, let item, let override):
            return try inscriptionEvents([inscription], item: item, override: override, at: now)

        case .inscribeAll(let inscriptions, let item, let override):
            guard !inscriptions.isEmpty else { throw MeetingError(.invalidText, "the list to inscribe is empty") }
            return try inscriptionEvents(inscriptions, item: item, override: override, at: now)

        case .queueRemove(let reference, let item):
            try requireNotEnded()
            let list = try listIndex(item)
            let position = try queuePosition(reference, in: list)
            return [.speakerUnqueued(id: lists[list].entries[position].id, at: now)]

        case .queueMove(let reference, let toPosition, let item):
            try requireNotEnded()
            let list = try listIndex(item)
            let position = try queuePosition(reference, in: list)
            let count = lists[list].entries.count
            guard (1...count).contains(toPosition) else {
                throw MeetingError(.unknownSpeaker, "position \(toPosition) is outside the list (1-\(count))")
            }
            return [.speakerMoved(id: lists[list].entries[position].id, toIndex: toPosition - 1, at: now)]

        case .queueNext:
            try requireRunning()
            let index = try requireCurrentItem()
            guard let head = lists[index].entries.first else {
                throw MeetingError(.queueEmpty, "the list of speakers is empty")
            }
            guard !isPaused else {
                throw MeetingError(.paused, "the meeting is paused; resume it before giving the floor")
            }
            return [.speakerUnqueued(id: head.id, at: now)] + yieldCurrentFloor(at: now)
                + [
                    .floorGranted(
                        speaker: head.speaker,
                        duration: head.time
                            ?? limit(for: head.speech, party: head.party, speaker: head.speaker, item: index),
                        speech: head.speech,
                        delegation: head.delegation,
                        at: now
                    )
                ]

        case .closeList(let item):
            try requireNotEnded()
            let list = try listIndex(item)
            guard !lists[list].closed else {
                throw MeetingError(.listClosed, "the list of speakers of item \(describe(list)) is already closed")
            }
            return [.listClosed(item: list, at: now)]

        case .adjustBudget(let group, let delta, let item):
            return try budgetEvents([(group, delta)], item: item, at: now)

        case .transferBudget(let from, let to, let amount, let item):
            try validate(amount, what: "a transfer")
            return try budgetEvents([(from, .zero - amount), (to, amount)], item: item, at: now)

        case .acceptPlan(let end):
            return try acceptPlanEvents(end: end, at: now)

        case .reopenList(let item):
            try requireNotEnded()
            let list = try listIndex(item)
            guard lists[list].closed else {
                throw MeetingError(.listOpen, "the list of speakers of item \(describe(list)) is not closed")
            }
            return [.listReopened(item: list, at: now)]

        case .showMessage(let text, let audience):
            let text = text.trimmingSpaces
            guard !text.isEmpty else { throw MeetingError(.invalidText, "the message is empty") }
            guard text.count <= Self.longestMessage else {
                throw MeetingError(
                    .invalidText,
                    "the message has \(text.count) characters; displays show at most \(Self.longestMessage)"
                )
            }
            return [.messageShown(text, audience: audience, at: now)]

        case .clearMessage:
            guard message != nil else { throw MeetingError(.noMessage, "no message is shown") }
            return [.messageCleared(at: now)]

        case .blackout(let audience):
            // A blackout of the speaker's display may widen to every display (and back); the same
            // one again is a second press of a button that did its work.
            if let blackout, blackout.audience == audience {
                throw MeetingError(
                    .alreadyBlackedOut,
                    audience == .everyone
                        ? "every display is already blacked out; end the blackout to bring them back"
                        : "the speaker's display is already blacked out; end the blackout to bring it back"
                )
            }
            return [.blackoutStarted(audience: audience, at: now)]

        case .endBlackout:
            guard blackout != nil else {
                throw MeetingError(.noBlackout, "no display is blacked out")
            }
            return [.blackoutEnded(at: now)]

        case .flash(let audience):
            return [.displaysFlashed(audience: audience, at: now)]

        case .loadAgenda(let newAgenda):
            guard phase == .notStarted else {
                throw MeetingError(
                    .alreadyStarted,
                    "the meeting has started; an agenda can only be replaced before it starts"
                )
            }
            guard !newAgenda.items.isEmpty else { throw MeetingError(.unknownItem, "the new agenda has no items") }
            return [.agendaReplaced(newAgenda, at: now)]

        case .editAgenda(let edit):
            return try agendaEditEvents(edit, at: now)
        }
    }

    // MARK: - Building blocks

    /// Events that start the meeting if it has not started.
    private func startEvents(at now: Instant) -> [MeetingEvent] {
        phase == .notStarted ? [.meetingStarted(at: now, planDate: planDate(startingAt: now))] : []
    }

    /// Events that close the current item cleanly: end a pause, take back the floor, end the item.
    private func leaveCurrentItem(at now: Instant) -> [MeetingEvent] {
        guard let currentItem else { return [] }
        var events: [MeetingEvent] = []
        if isPaused { events.append(.meetingResumed(at: now)) }
        events += yieldCurrentFloor(at: now)
        events.append(.itemEnded(index: currentItem, at: now))
        return events
    }

    /// Every level of the floor yields, the top first.
    func yieldCurrentFloor(at now: Instant) -> [MeetingEvent] {
        floorStack.map { _ in .floorYielded(at: now) }
    }

    private func check(_ expectation: ExpectedState) throws(MeetingError) {
        if let expected = expectation.item {
            let actual = currentItem.map { agenda.items[$0].id } ?? ""
            guard expected == actual else {
                let now = currentItem.map { "item \(describe($0)) is current" } ?? "no item is current"
                let then = expected.isEmpty ? "no current item" : "item '\(expected)'"
                throw MeetingError(.staleState, "the meeting has moved on: \(now), not \(then); nothing was changed")
            }
        }
        if let expected = expectation.speaker {
            let actual = floor?.speaker ?? ""
            guard expected == actual else {
                let now = floor.map { "\($0.speaker) holds the floor" } ?? "nobody holds the floor"
                throw MeetingError(.staleState, "the floor has moved on: \(now); nothing was changed")
            }
        }
    }

    private var endedError: MeetingError {
        MeetingError(.meetingEnded, "the meeting has ended")
    }

    func requireNotEnded() throws(MeetingError) {
        if phase == .ended { throw endedError }
    }

    func requireRunning() throws(MeetingError) {
        switch phase {
        case .notStarted: throw MeetingError(.notStarted, "the meeting has not started; start it first")
        case .ended: throw endedError
        case .running: break
        }
    }

    func requireCurrentItem() throws(MeetingError) -> Int {
        guard let currentItem else {
            throw MeetingError(.noCurrentItem, "no item is running; start one with next or go to")
        }
        return currentItem
    }

    func requireFloor() throws(MeetingError) -> FloorGrant {
        guard let floor else { throw MeetingError(.noFloor, "nobody holds the floor") }
        return floor
    }

    func validate(_ duration: Duration, what: String) throws(MeetingError) {
        guard duration > .zero else {
            throw MeetingError(
                .invalidDuration,
                "\(what) must be longer than zero, not \(DurationText.compact(duration))"
            )
        }
        guard duration <= Self.longestDuration else {
            throw MeetingError(
                .invalidDuration,
                "\(what) of \(DurationText.compact(duration)) is longer than \(DurationText.compact(Self.longestDuration))"
            )
        }
    }

    func validName(_ name: String) throws(MeetingError) -> String {
        let name = name.trimmingSpaces
        guard !name.isEmpty else { throw MeetingError(.invalidText, "a speaker needs a name") }
        guard name.count <= Self.longestName, !name.contains(where: { $0.isNewline }) else {
            throw MeetingError(.invalidText, "a speaker's name is one line of at most \(Self.longestName) characters")
        }
        return name
    }

    private func queuePosition(_ reference: QueueReference, in list: Int) throws(MeetingError) -> Int {
        let entries = lists[list].entries
        guard !entries.isEmpty else {
            throw MeetingError(.queueEmpty, "the list of speakers of item \(describe(list)) is empty")
        }
        switch reference {
        case .position(let position):
            guard (1...entries.count).contains(position) else {
                throw MeetingError(.unknownSpeaker, "position \(position) is outside the list (1-\(entries.count))")
            }
            return position - 1
        case .speaker(let name):
            guard let index = entries.firstIndex(where: { $0.speaker.lowercased() == name.lowercased() }) else {
                throw MeetingError(.unknownSpeaker, "\(name) is not on the list of speakers of item \(describe(list))")
            }
            return index
        }
    }

    /// "2 ('Panel Discussion')" — how messages name an item.
    func describe(_ index: Int) -> String {
        let item = agenda.items[index]
        return "\(item.id) ('\(item.title)')"
    }
}
