/// The list of speakers and the floor's speech types: inscriptions, turns and interruptions,
/// checked against the meeting's rules of procedure (`Agenda.rules`).
///
/// A rule of procedure (a closed list, two replies per delegation, a type's time limit) refuses
/// with `ruleViolation`, naming the rule; the chair may override it, and the override is
/// journaled (`ruleOverridden`) before the events it allowed. What no one may do (a type the
/// rules do not have, an empty name) is refused whatever the chair says.
extension MeetingState {
    /// The most inscriptions one command may carry (an imported list).
    static let longestInscriptionBatch = 500
    /// How deep interruptions may stack: a point of order on a question on a reply is three.
    static let deepestFloor = 8

    /// A rule a command would break, by name ("reply-per-delegation") and in words.
    struct RuleBreach: Hashable {
        var rule: String
        var message: String
    }

    // MARK: - Inscriptions

    func inscriptionEvents(
        _ inscriptions: [Inscription],
        item reference: String?,
        override: Bool,
        at now: Instant
    ) throws(MeetingError) -> [MeetingEvent] {
        try requireNotEnded()
        guard inscriptions.count <= Self.longestInscriptionBatch else {
            throw MeetingError(
                .invalidText,
                "\(inscriptions.count) inscriptions in one command; at most \(Self.longestInscriptionBatch)"
            )
        }
        let item = try listIndex(reference)
        var waiting = lists[item].entries
        var breaches: [RuleBreach] = []
        var queued: [MeetingEvent] = []
        for (offset, inscription) in inscriptions.enumerated() {
            let which = inscriptions.count > 1 ? "speaker \(offset + 1) (\(inscription.speaker)): " : ""
            if let time = inscription.time { try validate(time, what: which + "floor time") }
            let type = try listType(of: inscription, context: which)
            let name = try validName(inscription.speaker)
            if let position = waiting.firstIndex(where: {
                $0.speaker.lowercased() == name.lowercased() && $0.speech == type.id
            }) {
                throw MeetingError(
                    .alreadyQueued,
                    "\(which)\(name) is already on the list of item \(describe(item)) at position \(position + 1)"
                        + (type.id == agenda.rules.defaultSpeechType.id ? "" : " for a \(type.name.lowercased())")
                )
            }
            var inscription = inscription
            inscription.speaker = name
            if lists[item].closed && type.placement == .list {
                breaches.append(
                    RuleBreach(
                        rule: "closed-list",
                        message: "\(which)the list of speakers of item \(describe(item)) is closed"
                    )
                )
            }
            let earlier =
                turns(of: type.id, by: inscription.party, in: item)
                + waiting.filter { $0.speech == type.id && $0.party == inscription.party }.count
            breaches += breachesOf(type, earlier: earlier, asking: inscription.time, for: inscription, context: which)
            let entry = QueueEntry(
                id: nextQueueID + offset,
                speaker: name,
                time: inscription.time,
                addedAt: now,
                delegation: inscription.delegation,
                speech: type.id,
                rank: inscription.rank
            )
            var list = lists[item]
            list.entries = waiting
            list.insert(entry, rules: agenda.rules)
            waiting = list.entries
            queued.append(
                .speakerQueued(
                    id: entry.id,
                    speaker: name,
                    time: inscription.time,
                    item: item,
                    delegation: inscription.delegation,
                    speech: type.id,
                    rank: inscription.rank,
                    at: now
                )
            )
        }
        return try overriding(breaches, override, at: now) + queued
    }

    /// The type of an inscription on a list: named and known, and not an interruption.
    private func listType(of inscription: Inscription, context: String) throws(MeetingError) -> SpeechType {
        if let problem = agenda.rules.problem(with: inscription) {
            let code: MeetingError.Code =
                inscription.speech.map { agenda.rules.speechType($0) == nil } ?? false
                ? .unknownSpeechType : .invalidText
            throw MeetingError(code, context + problem)
        }
        return inscription.speech.flatMap { agenda.rules.speechType($0) } ?? agenda.rules.defaultSpeechType
    }

    /// The list `reference` names, or the current one.
    func listIndex(_ reference: String?) throws(MeetingError) -> Int {
        guard let reference else {
            guard let listItem else {
                throw MeetingError(
                    .noCurrentItem,
                    "the meeting is past its last item, so there is no current list; name an item"
                )
            }
            return listItem
        }
        guard let index = agenda.itemIndex(for: reference) else {
            throw MeetingError(
                .unknownItem,
                "there is no item '\(reference)'; items are \(agenda.items.map(\.id).joined(separator: ", ")) "
                    + "or positions 1-\(agenda.items.count)"
            )
        }
        return index
    }

    // MARK: - Turns

    /// The floor to a speaker, everyone on it yielding: a plain grant, or the head of the list.
    func grantEvents(_ inscription: Inscription, override: Bool, at now: Instant) throws(MeetingError) -> [MeetingEvent]
    {
        try requireRunning()
        let index = try requireCurrentItem()
        let name = try validName(inscription.speaker)
        guard !isPaused else {
            throw MeetingError(.paused, "the meeting is paused; resume it before giving the floor")
        }
        if let id = inscription.speech {
            guard let type = agenda.rules.speechType(id) else {
                throw MeetingError(
                    .unknownSpeechType,
                    "the rules '\(agenda.rules.id)' have no speech type '\(id)'; they have "
                        + agenda.rules.speechTypes.map(\.id).joined(separator: ", ")
                )
            }
            guard !type.interrupts else {
                throw MeetingError(
                    .unknownSpeechType,
                    "a \(type.name.lowercased()) interrupts the speaker; give it as an interruption, not a grant"
                )
            }
        }
        // Someone on the list who is given the floor directly is taken off it, as `queueNext`
        // would: otherwise they wait for a second turn they already had.
        let queued = lists[index].entries.first {
            $0.speaker.lowercased() == name.lowercased()
                && (inscription.speech == nil || $0.speech == inscription.speech)
        }
        let type =
            (inscription.speech ?? queued?.speech).flatMap { agenda.rules.speechType($0) }
            ?? agenda.rules.defaultSpeechType
        let delegation = inscription.delegation ?? queued?.delegation
        let party = (delegation ?? name).lowercased()
        let earlier = turns(of: type.id, by: party, in: index)
        var breaches = breachesOf(type, earlier: earlier, asking: inscription.time, for: inscription, context: "")
        if let cap = type.perDelegationPerItem, earlier >= cap, queued == nil {
            breaches.append(capBreach(type, cap: cap, party: delegation ?? name, had: earlier))
        }
        let time = inscription.time ?? queued?.time ?? limit(for: type.id, party: party, speaker: name, item: index)
        try validate(time, what: "floor time")
        return try overriding(breaches, override, at: now)
            + (queued.map { [.speakerUnqueued(id: $0.id, at: now)] } ?? []) + yieldCurrentFloor(at: now)
            + [
                .floorGranted(
                    speaker: queued?.speaker ?? name,
                    duration: time,
                    speech: type.id,
                    delegation: delegation,
                    at: now
                )
            ]
    }

    /// An interruption takes the floor above whoever holds it.
    func interruptionEvents(
        _ inscription: Inscription,
        override: Bool,
        at now: Instant
    ) throws(MeetingError)
        -> [MeetingEvent]
    {
        try requireRunning()
        let index = try requireCurrentItem()
        let name = try validName(inscription.speaker)
        guard !isPaused else {
            throw MeetingError(.paused, "the meeting is paused; resume it before giving the floor")
        }
        let interruptions = agenda.rules.speechTypes.filter(\.interrupts)
        let type: SpeechType
        if let id = inscription.speech {
            guard let named = agenda.rules.speechType(id), named.interrupts else {
                throw MeetingError(
                    .unknownSpeechType,
                    "'\(id)' is not an interruption under the rules '\(agenda.rules.id)'; "
                        + (interruptions.isEmpty
                            ? "they have none" : "they have " + interruptions.map(\.id).joined(separator: ", "))
                )
            }
            type = named
        } else {
            guard let first = interruptions.first else {
                throw MeetingError(.unknownSpeechType, "the rules '\(agenda.rules.id)' have no interruptions")
            }
            type = first
        }
        guard floorStack.count < Self.deepestFloor else {
            throw MeetingError(
                .invalidText,
                "the floor is already interrupted \(floorStack.count - 1) times over; return to a speaker first"
            )
        }
        if let time = inscription.time { try validate(time, what: "floor time") }
        let party = inscription.party
        let earlier = turns(of: type.id, by: party, in: index)
        var breaches = breachesOf(type, earlier: earlier, asking: inscription.time, for: inscription, context: "")
        if let cap = type.perDelegationPerItem, earlier >= cap {
            breaches.append(capBreach(type, cap: cap, party: inscription.delegation ?? name, had: earlier))
        }
        let time = inscription.time ?? limit(for: type.id, party: party, speaker: name, item: index)
        return try overriding(breaches, override, at: now)
            + [
                .floorInterrupted(
                    speaker: name,
                    duration: time,
                    speech: type.id,
                    delegation: inscription.delegation,
                    at: now
                )
            ]
    }

    /// The floor time of a turn of `speech` by `party` now: the rules' limit for its n-th turn of
    /// that type in the item, else the speaker's or the item's time.
    func limit(for speech: String, party: String, speaker: String, item: Int) -> Duration {
        let earlier = turns(of: speech, by: party, in: item)
        let time =
            agenda.rules.speechType(speech)?.limit(after: earlier)
            ?? agenda.speakerTime(for: speaker, in: agenda.items[item])
        return capped(time, speech: speech, item: item)
    }

    /// `time`, no longer than an accepted plan's limit for the item's turns; interruptions (a
    /// point of order) keep the rules' time.
    func capped(_ time: Duration, speech: String, item: Int) -> Duration {
        guard let cap = speakerLimits[item], agenda.rules.speechType(speech)?.interrupts != true else { return time }
        return min(time, cap)
    }

    /// Turns of `speech` that `party` has had (or has) in `item`.
    func turns(of speech: String, by party: String, in item: Int) -> Int {
        let defaultType = agenda.rules.defaultSpeechType.id
        return grants.filter { $0.itemIndex == item && ($0.speech ?? defaultType) == speech && $0.party == party }.count
    }

    // MARK: - Rules

    /// The caps and limits `type` sets on a turn after `earlier` of the same party.
    private func breachesOf(
        _ type: SpeechType,
        earlier: Int,
        asking time: Duration?,
        for inscription: Inscription,
        context: String
    ) -> [RuleBreach] {
        var breaches: [RuleBreach] = []
        if let cap = type.perDelegationPerItem, earlier >= cap, !type.interrupts {
            breaches.append(
                capBreach(
                    type,
                    cap: cap,
                    party: inscription.delegation ?? inscription.speaker,
                    had: earlier,
                    context: context
                )
            )
        }
        if let time, let limit = type.limit(after: earlier), time > limit {
            breaches.append(
                RuleBreach(
                    rule: "\(type.id)-limit",
                    message: "\(context)a \(type.name.lowercased()) is limited to \(DurationText.compact(limit))"
                        + (type.limits.count > 1 ? " (turn \(earlier + 1))" : "")
                        + ", not \(DurationText.compact(time))"
                )
            )
        }
        return breaches
    }

    private func capBreach(_ type: SpeechType, cap: Int, party: String, had: Int, context: String = "") -> RuleBreach {
        RuleBreach(
            rule: "\(type.id)-per-delegation",
            message: "\(context)the rules '\(agenda.rules.id)' allow each delegation \(cap) "
                + "\(cap == 1 ? "turn" : "turns") of \(type.name.lowercased()) per item, and \(party) has had "
                + "\(had)"
        )
    }

    /// The override events for `breaches`, or the first breach as an error without one.
    private func overriding(
        _ breaches: [RuleBreach],
        _ override: Bool,
        at now: Instant
    ) throws(MeetingError)
        -> [MeetingEvent]
    {
        guard let first = breaches.first else { return [] }
        guard override else {
            throw MeetingError(
                .ruleViolation,
                "\(first.message) (rule '\(first.rule)'); the chair may override it"
            )
        }
        var seen: Set<String> = []
        return breaches.compactMap { seen.insert($0.rule).inserted ? .ruleOverridden(rule: $0.rule, at: now) : nil }
    }
}

extension MeetingState {
    /// The time `entry` gets if given the floor now in `item`: asked for, or the rules' limit for
    /// its type and turn, or the speaker's or the item's time.
    public func allotted(for entry: QueueEntry, item: Int) -> Duration {
        entry.time ?? limit(for: entry.speech, party: entry.party, speaker: entry.speaker, item: item)
    }

    /// `allotted(for:item:)` of every entry of `item`'s list, in order, counting the item's turns
    /// once: the state and the queue message are built at every change, and a debate's list of
    /// 190 against its 190 turns made that 36,000 comparisons each time.
    public func allotments(in item: Int) -> [Duration] {
        struct Key: Hashable {
            var speech: String
            var party: String
        }
        let defaultType = agenda.rules.defaultSpeechType.id
        var turns: [Key: Int] = [:]
        for grant in grants where grant.itemIndex == item {
            turns[Key(speech: grant.speech ?? defaultType, party: grant.party), default: 0] += 1
        }
        return lists[item].entries.map { entry in
            entry.time
                ?? capped(
                    agenda.rules.speechType(entry.speech)?.limit(
                        after: turns[Key(speech: entry.speech, party: entry.party)] ?? 0
                    ) ?? agenda.speakerTime(for: entry.speaker, in: agenda.items[item]),
                    speech: entry.speech,
                    item: item
                )
        }
    }
}
