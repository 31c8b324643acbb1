/// Alerts as a pure function of the state: which thresholds are crossed between two instants,
/// and when the next one will be. The daemon keeps one timer for `nextAlertInstant(after:)`
/// and never polls.
extension MeetingState {
    /// Every threshold crossed in `(from, to]` by the timers running now, in time order.
    ///
    /// Only time passing crosses thresholds: a threshold a command jumps over (a trim of five
    /// minutes) changes the level in the next snapshot without an alert of its own. The caller
    /// asks again from `to` after each command, so no alert fires twice.
    public func alerts(from: Instant, to: Instant) -> [Alert] {
        guard from < to else { return [] }
        var alerts: [Alert] = []
        for (timer, stopwatch, thresholds) in runningTimers() {
            guard let endsAt = stopwatch.endsAt, let runStart = stopwatch.runningSince else { continue }
            for (kind, offset) in fixedThresholds(thresholds) {
                let instant = endsAt - offset
                if instant > from, instant <= to, instant > runStart {
                    alerts.append(Alert(timer: timer, kind: kind, at: instant, remaining: offset))
                }
            }
            let every = thresholds.reminderEvery.milliseconds
            guard every > 0, to > endsAt else { continue }
            // Reminders at endsAt + n·every, n ≥ 1, within (from, to].
            let lowest = max(1, (max(from, runStart) - endsAt).milliseconds / every + 1)
            let highest = (to - endsAt).milliseconds / every
            if lowest <= highest {
                for n in lowest...highest {
                    let over = Duration.milliseconds(n * every)
                    alerts.append(
                        Alert(
                            timer: timer,
                            kind: .overrun(reminder: Int(n)),
                            at: endsAt + over,
                            remaining: .zero - over
                        )
                    )
                }
            }
        }
        if let spent = budgetSpentInstant(at: to), spent.at > from, spent.at <= to {
            alerts.append(
                Alert(
                    timer: .budget(item: spent.item, group: spent.group),
                    kind: .timeUp,
                    at: spent.at,
                    remaining: .zero
                )
            )
        }
        return alerts.sorted { ($0.at, $0.order) < ($1.at, $1.order) }
    }

    /// When the budget of the group whose speaker holds the floor runs out while the floor's clock
    /// runs (`now` + what it has left at `now`), if it has one and it runs out after the clock
    /// started; the same answer at any instant of one run.
    func budgetSpentInstant(at now: Instant) -> (item: Int, group: String, at: Instant)? {
        guard let grant = floor, let runStart = grant.stopwatch.runningSince,
            agenda.rules.speechType(grant.speech ?? "")?.interrupts != true
        else { return nil }
        let party = grant.delegation ?? grant.speaker
        let key = (agenda.group(of: party) ?? party).lowercased()
        guard let balance = budgets(in: grant.itemIndex, at: now).first(where: { $0.group.lowercased() == key }) else {
            return nil
        }
        let spent = now + balance.balance
        return spent > runStart ? (grant.itemIndex, balance.group, spent) : nil
    }

    /// The first instant after `instant` at which a running timer crosses a threshold, or nil
    /// when nothing runs.
    public func nextAlertInstant(after instant: Instant) -> Instant? {
        var next: Instant?
        for (_, stopwatch, thresholds) in runningTimers() {
            guard let endsAt = stopwatch.endsAt, let runStart = stopwatch.runningSince else { continue }
            var candidates = fixedThresholds(thresholds).map { endsAt - $0.offset }.filter {
                $0 > instant && $0 > runStart
            }
            let every = thresholds.reminderEvery.milliseconds
            if every > 0 {
                let from = max(instant, runStart)
                let n = from < endsAt ? 1 : (from - endsAt).milliseconds / every + 1
                candidates.append(endsAt + .milliseconds(n * every))
            }
            if let earliest = candidates.min(), next.map({ earliest < $0 }) ?? true {
                next = earliest
            }
        }
        if let spent = budgetSpentInstant(at: instant)?.at, spent > instant, next.map({ spent < $0 }) ?? true {
            next = spent
        }
        return next
    }

    /// The level of the speaker's floor time at `now` (normal when nobody holds the floor).
    public func floorLevel(at now: Instant) -> AlertLevel {
        guard let grant = floor else { return .normal }
        return AlertLevel(remaining: grant.stopwatch.remaining(at: now), thresholds: floorThresholds(for: grant))
    }

    func floorThresholds(for grant: FloorGrant) -> AlertThresholds {
        agenda.floorAlerts(for: agenda.items[grant.itemIndex])
    }

    /// Timers whose time is passing now: the current item and the floor, unless stopped.
    private func runningTimers() -> [(Alert.Timer, Stopwatch, AlertThresholds)] {
        var timers: [(Alert.Timer, Stopwatch, AlertThresholds)] = []
        if let index = currentItem, items[index].stopwatch.isRunning {
            timers.append((.item(index), items[index].stopwatch, agenda.itemAlerts(for: agenda.items[index])))
        }
        if let floorIndex, grants[floorIndex].stopwatch.isRunning {
            let grant = grants[floorIndex]
            timers.append((.floor(floorIndex), grant.stopwatch, floorThresholds(for: grant)))
        }
        return timers
    }

    /// Warning, wrap-up and time-up, as offsets before the end. A zero warning or wrap-up
    /// threshold means "none"; it would otherwise coincide with time-up.
    private func fixedThresholds(_ thresholds: AlertThresholds) -> [(kind: Alert.Kind, offset: Duration)] {
        var result: [(Alert.Kind, Duration)] = []
        if thresholds.warning > .zero, thresholds.warning > thresholds.wrapUp {
            result.append((.warning, thresholds.warning))
        }
        if thresholds.wrapUp > .zero { result.append((.wrapUp, thresholds.wrapUp)) }
        result.append((.timeUp, .zero))
        return result
    }
}

extension Alert {
    /// Item alerts before floor alerts at the same instant, so messages read naturally.
    fileprivate var order: Int {
        switch timer {
        case .item: 0
        case .floor: 1
        case .budget: 2
        }
    }
}
