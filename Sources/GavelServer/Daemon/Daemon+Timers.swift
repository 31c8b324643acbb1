import GavelCore
import GavelProtocol
import Logging

extension Daemon {
    /// One timer, set for `alertLead` before the next instant a threshold is crossed; nothing polls.
    func rescheduleAlertTimer() {
        guard let next = state.nextAlertInstant(after: alertsAnnouncedUpTo) else {
            transport.cancel(Self.alertTimer)
            return
        }
        transport.schedule(Self.alertTimer, after: max(.zero, next - configuration.alertLead - clock.now()))
    }

    func alertTimerFired() {
        // A snapshot waiting for its fan-out: its alerts must not reach displays before it does
        // (they would drop them as following from a state they do not hold); the fan-out sends them.
        guard !fanOutScheduled else { return }
        announceAlerts(at: clock.now())
        rescheduleAlertTimer()
    }

    /// Broadcasts every alert of the current state due by `now + alertLead` and not yet sent.
    func announceAlerts(at now: Instant) {
        announceAlerts(upTo: now + configuration.alertLead, at: now)
    }

    /// Broadcasts every alert crossed, or to be crossed, by `instant` and not yet sent (after a
    /// stall, only the latest overrun reminder of each timer). Each carries its own instant: a
    /// display presents it then, however early it arrived.
    func announceAlerts(upTo instant: Instant, at now: Instant) {
        guard instant > alertsAnnouncedUpTo else { return }
        let messages = alertMessages(from: alertsAnnouncedUpTo, to: instant, at: now)
        alertsAnnouncedUpTo = instant
        for message in messages {
            transport.broadcast(OutboundMessage(utf8: WireCoding.encode(message)), to: subscribers.keys, delivery: .queued)
            metrics.recordAlert(message.level)
            // late_ms: how long after it was due it went: its instant less the lead, or when its
            // state became current if later (a floor grant of 3 s sends its warning at once).
            let due = max(message.at - configuration.alertLead, alertStateSince)
            logger.info("alert", metadata: [
                "gavel.alert": "\(message.level.rawValue)", "gavel.timer": "\(message.timer)",
                "gavel.at": "\(message.at.millisecondsSinceEpoch)", "gavel.ahead_ms": "\((message.at - now).milliseconds)",
                "gavel.late_ms": "\(max(.zero, now - due).milliseconds)", "gavel.text": "\(message.text)",
            ])
        }
    }

    /// The alerts already sent that are still ahead, for a display that connects in between:
    /// without them it would miss the flash of a threshold a second away.
    func pendingAlerts(at now: Instant) -> [AlertMessage] {
        alertsAnnouncedUpTo > now ? alertMessages(from: now, to: alertsAnnouncedUpTo, at: now) : []
    }

    /// The current state's alerts in `(from, to]`, as sent (after a stall, only the latest overrun
    /// reminder of each timer).
    private func alertMessages(from: Instant, to: Instant, at now: Instant) -> [AlertMessage] {
        state.alerts(from: from, to: to).collapsingOverrunReminders().map {
            AlertMessage($0, state: state, stateSeq: sequence, serverTime: now)
        }
    }

    /// The 1 Hz tick runs only while someone asked for it and a timer is running, so an idle
    /// daemon wakes for nothing.
    func rescheduleTick() {
        let running = state.currentItem.map { state.items[$0].stopwatch.isRunning } ?? false
        if running, subscribers.values.contains(where: \.tick) {
            transport.schedule(Self.tickTimer, after: .seconds(1))
        } else {
            transport.cancel(Self.tickTimer)
        }
    }

    func tickTimerFired() {
        let now = clock.now()
        let tickers = subscribers.filter(\.value.tick).map(\.key)
        if !tickers.isEmpty {
            let message = OutboundMessage(utf8: WireCoding.encode(TickMessage(state: state, at: now)))
            transport.broadcast(message, to: tickers, delivery: .queued)
        }
        rescheduleTick()
    }

    func watchdogTimerFired() {
        notifySystemd("WATCHDOG=1")
        if let interval = configuration.watchdogInterval {
            transport.schedule(Self.watchdogTimer, after: interval / 2)
        }
    }
}
