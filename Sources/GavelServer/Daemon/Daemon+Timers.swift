import GavelCore
import GavelProtocol
import Logging

extension Daemon {
    func alertTimerFired() {
        perform(publication.alertTimerFired(at: clock.now(), nextAlert: state.nextAlertInstant(after:)))
    }

    /// Broadcasts the current state's alerts crossed in `(from, to]` (after a stall, only the
    /// latest overrun reminder of each timer). Each carries its own instant: a display presents
    /// it then, however early it arrived.
    func announceAlerts(from: Instant, to: Instant, at now: Instant) {
        for message in alertMessages(from: from, to: to, at: now) {
            transport.broadcast(OutboundMessage(utf8: WireCoding.encode(message)), to: subscribers.keys, delivery: .queued)
            metrics.recordAlert(message.level)
            logger.info("alert", metadata: [
                "gavel.alert": "\(message.level.rawValue)", "gavel.timer": "\(message.timer)",
                "gavel.at": "\(message.at.millisecondsSinceEpoch)", "gavel.ahead_ms": "\((message.at - now).milliseconds)",
                "gavel.late_ms": "\(publication.lateness(ofAlertAt: message.at, at: now).milliseconds)",
                "gavel.text": "\(message.text)",
            ])
        }
    }

    /// The alerts already sent that are still ahead, for a display that connects in between:
    /// without them it would miss the flash of a threshold a second away.
    func pendingAlerts(at now: Instant) -> [AlertMessage] {
        publication.pendingAlerts(at: now).map { alertMessages(from: $0.from, to: $0.to, at: now) } ?? []
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
