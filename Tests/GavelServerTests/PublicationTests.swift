import GavelCore
import Testing

@testable import GavelServer

/// The fan-out's decisions alone: no transport, no clock, no meeting (the next alert instant is
/// a function the test gives).
@Suite struct PublicationTests {
    let t0 = Instant(millisecondsSinceEpoch: 1_773_129_600_000)
    let sender = ConnectionID(rawValue: 7)
    let late = ConnectionID(rawValue: 8)

    func noAlerts(_: Instant) -> Instant? { nil }

    @Test func aChangeGoesToItsSenderAtOnceAndToTheOthersInOneFanOutPerRound() {
        var publication = Publication(alertLead: .seconds(2), at: t0)
        #expect(publication.publishPending(sender: sender).isEmpty, "nothing changed")

        _ = publication.stateChanged(at: t0, nextAlert: noAlerts)
        #expect(publication.publishPending(sender: sender) == [.snapshot(sender: sender), .scheduleFanOut])
        // A second change in the same round: a new snapshot, no second fan-out.
        _ = publication.stateChanged(at: t0, nextAlert: noAlerts)
        #expect(publication.publishPending(sender: sender) == [.snapshot(sender: sender)])
        // A display greeted meanwhile holds the newest snapshot too.
        publication.greeted(late)
        #expect(
            publication.fanOut(at: t0, nextAlert: noAlerts) == [
                .broadcastSnapshot(except: [sender, late]), .announceAlerts(from: t0, to: t0 + .seconds(2)),
                .armAlertTimer(at: nil),
            ]
        )
        // After the fan-out, a greeted connection is nobody's exception.
        publication.greeted(late)
        _ = publication.stateChanged(at: t0 + .seconds(1), nextAlert: noAlerts)
        #expect(publication.publishPending(sender: nil) == [.snapshot(sender: nil), .scheduleFanOut])
        #expect(publication.fanOut(at: t0 + .seconds(1), nextAlert: noAlerts).first == .broadcastSnapshot(except: []))
    }

    @Test func theAlertTimerIsArmedTheLeadAheadAndWaitsForAPendingFanOut() {
        var publication = Publication(alertLead: .seconds(2), at: t0)
        let warning = t0 + .seconds(6)
        let next: (Instant) -> Instant? = { $0 < warning ? warning : nil }
        #expect(publication.alertTimer(next) == .armAlertTimer(at: t0 + .seconds(4)))

        // Fired with a snapshot waiting for its fan-out: nothing; the fan-out sends the alerts.
        _ = publication.stateChanged(at: t0 + .seconds(4), nextAlert: next)
        _ = publication.publishPending(sender: nil)
        #expect(publication.alertTimerFired(at: t0 + .seconds(4), nextAlert: next).isEmpty)
        // Everything not announced yet, from t0 (nothing was) to the lead ahead.
        #expect(
            publication.fanOut(at: t0 + .seconds(4), nextAlert: next) == [
                .broadcastSnapshot(except: []), .announceAlerts(from: t0, to: t0 + .seconds(6)),
                .armAlertTimer(at: nil),
            ]
        )
        #expect(publication.pendingAlerts(at: t0 + .seconds(5))! == (t0 + .seconds(5), t0 + .seconds(6)))
        #expect(publication.pendingAlerts(at: t0 + .seconds(6)) == nil)
    }

    @Test func aChangeVoidsTheAlertsSentAheadSoTheyAreSentAgainForTheNewState() {
        var publication = Publication(alertLead: .seconds(2), at: t0)
        _ = publication.announce(upTo: t0 + .seconds(2))
        #expect(publication.alertsAnnouncedUpTo == t0 + .seconds(2))
        _ = publication.stateChanged(at: t0 + .seconds(1), nextAlert: noAlerts)
        #expect(publication.alertsAnnouncedUpTo == t0 + .seconds(1))
        // What was crossed before the change stays sent; nothing is announced twice up to it.
        #expect(publication.announce(upTo: t0 + .seconds(1)).isEmpty)
    }

    @Test func lateIsCountedFromTheLeadOrFromTheStateIfLater() {
        var publication = Publication(alertLead: .seconds(2), at: t0)
        #expect(publication.lateness(ofAlertAt: t0 + .seconds(6), at: t0 + .seconds(4)) == .zero)
        #expect(publication.lateness(ofAlertAt: t0 + .seconds(6), at: t0 + .milliseconds(4_030)) == .milliseconds(30))
        // A 3-s floor grant at t0 + 10 s: its warning (1 s away) cannot leave 2 s ahead.
        _ = publication.stateChanged(at: t0 + .seconds(10), nextAlert: noAlerts)
        #expect(publication.lateness(ofAlertAt: t0 + .seconds(11), at: t0 + .milliseconds(10_005)) == .milliseconds(5))
    }
}
