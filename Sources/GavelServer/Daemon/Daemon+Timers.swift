import GavelCore
import GavelProtocol
import Logging

extension Daemon {
    /// One timer, set for the next instant a threshold is crossed; nothing polls.
    func rescheduleAlertTimer() {
        guard let next = state.nextAlertInstant(after: alertsCheckedUpTo) else {
            transport.cancel(Self.alertTimer)
            return
        }
        transport.schedule(Self.alertTimer, after: max(.zero, next - clock.now()))
    }

    func alertTimerFired() {
        fireDueAlerts(upTo: clock.now())
        rescheduleAlertTimer()
    }

    /// Broadcasts every alert crossed since the last check, each at the moment it is noticed
    /// (after a stall, only the latest overrun reminder of each timer).
    func fireDueAlerts(upTo now: Instant) {
        guard now > alertsCheckedUpTo else { return }
        let alerts = state.alerts(from: alertsCheckedUpTo, to: now).collapsingOverrunReminders()
        alertsCheckedUpTo = now
        for alert in alerts {
            let message = AlertMessage(alert, state: state, serverTime: now)
            transport.broadcast(OutboundMessage(utf8: WireCoding.encode(message)), to: subscribers.keys, delivery: .queued)
            metrics.recordAlert(alert.kind.level)
            logger.info("alert", metadata: [
                "gavel.alert": "\(message.level.rawValue)", "gavel.timer": "\(message.timer)",
                "gavel.late_ms": "\((now - alert.at).milliseconds)", "gavel.text": "\(message.text)",
            ])
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
