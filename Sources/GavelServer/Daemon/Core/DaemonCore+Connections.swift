import GavelCore
import GavelProtocol

// Subscribers: who is connected, what each is sent on arrival, and what each asked for.
extension DaemonCore {
    /// A WebSocket subscriber connected (whether it may control was decided at its upgrade): its
    /// hello, the current state, and the alerts already sent ahead that are still to come —
    /// without them a display connecting a second before a threshold would miss its flash.
    mutating func connectionOpened(
        _ connection: ConnectionID,
        _ subscriber: Subscriber,
        at now: Instant
    ) -> [DaemonAction] {
        var subscriber = subscriber
        subscriber.connectedAt = now
        subscriber.lastSeen = now
        subscribers[connection] = subscriber
        join(connection, subscriber.feeds)
        let hello = HelloMessage(
            protocol: subscriber.version,
            server: "gaveld \(WireProtocol.serverVersion)",
            serverTime: now,
            connection: connection.description,
            control: subscriber.control,
            alertLeadMs: settings.alertLead.milliseconds,
            topics: subscriber.version >= .v2 ? subscriber.topics : nil,
            controlRefused: subscriber.control ? nil : subscriber.controlRefused,
            displayLanguage: settings.displayLanguage,
            level: subscriber.level,
            readTokenRequired: subscriber.reads ? nil : true
        )
        let actions: [DaemonAction] = [
            .send(OutboundMessage(utf8: WireCoding.encode(hello)), to: connection, delivery: .queued)
        ]
        // With --read-token, nothing of the meeting until a token comes (`authenticated`).
        guard subscriber.reads else { return actions }
        return actions + welcome(connection, topics: subscriber.topics, at: now)
    }

    /// What a subscriber that may read gets first: the state, its topics, and the alerts already
    /// sent ahead that are still to come.
    private mutating func welcome(_ connection: ConnectionID, topics: Set<Topic>, at now: Instant) -> [DaemonAction] {
        var actions = snapshotMessages(for: connection, topics: topics, at: now)
        publication.greeted(connection)
        if let pending = publication.pendingAlerts(at: now) {
            for alert in alertMessages(from: pending.from, to: pending.to, at: now) {
                actions.append(
                    .send(OutboundMessage(utf8: WireCoding.encode(alert)), to: connection, delivery: .queued)
                )
            }
        }
        return actions
    }

    /// A connection closed (by its peer, or by the transport for stalling): nothing more goes to
    /// it, and the tick stops if it was the last to want it.
    mutating func connectionClosed(_ connection: ConnectionID, at now: Instant) -> [DaemonAction] {
        guard let subscriber = subscribers.removeValue(forKey: connection) else { return [] }
        leave(connection, subscriber.feeds)
        return subscriber.tick ? [tick(at: now)] : []
    }

    /// A subscriber asked for the 1 Hz tick (or no longer wants it), or for other topics: those
    /// it did not have come at once.
    mutating func subscribed(
        _ connection: ConnectionID,
        tick wanted: Bool?,
        topics: Set<Topic>?,
        at now: Instant
    ) -> [DaemonAction] {
        guard var subscriber = subscribers[connection] else { return [] }
        var actions: [DaemonAction] = []
        if let topics {
            guard subscriber.version >= .v2 else {
                let error = ProtocolError(
                    .badRequest,
                    "subscribe: topics are gavel.v2; this connection speaks gavel.v1"
                )
                return [
                    .send(
                        OutboundMessage(utf8: WireCoding.encode(ErrorMessage(id: nil, error))),
                        to: connection,
                        delivery: .queued
                    )
                ]
            }
            let added = topics.subtracting(subscriber.topics)
            leave(connection, subscriber.feeds)
            subscriber.topics = topics
            join(connection, subscriber.feeds)
            subscribers[connection] = subscriber
            if !added.isEmpty && subscriber.reads {
                // The state too: a topic's message is as of a state, and follows none it refers to.
                actions += snapshotMessages(for: connection, topics: added, at: now)
            }
        }
        if let wanted, var subscriber = subscribers[connection] {
            leave(connection, subscriber.feeds)
            subscriber.tick = wanted
            join(connection, subscriber.feeds)
            subscribers[connection] = subscriber
            actions.append(tick(at: now))
        }
        return actions
    }

    private mutating func join(_ connection: ConnectionID, _ feeds: Set<Feed>) {
        for feed in feeds { audiences[feed, default: []].insert(connection) }
    }

    private mutating func leave(_ connection: ConnectionID, _ feeds: Set<Feed>) {
        for feed in feeds { audiences[feed]?.remove(connection) }
    }

    /// A subscriber proved it holds a token of `level`: it may send that level's commands from now
    /// on, and one that could not read (`--read-token`) is welcomed with the state now. A lower
    /// level than it had does not take away what it had.
    mutating func authenticated(_ connection: ConnectionID, level: AccessLevel, at now: Instant) -> [DaemonAction] {
        guard var subscriber = subscribers[connection] else { return [] }
        subscriber.level = max(subscriber.level ?? level, level)
        let welcomed = !subscriber.reads
        subscriber.reads = true
        subscribers[connection] = subscriber
        guard welcomed else { return [] }
        join(connection, subscriber.feeds)
        return welcome(connection, topics: subscriber.topics, at: now)
            + (subscriber.tick ? [tick(at: now)] : [])
    }

    /// A subscriber sent a wrong token: counted, and closed once past the limit.
    mutating func authenticationFailed(_ connection: ConnectionID) -> [DaemonAction] {
        guard var subscriber = subscribers[connection] else { return [] }
        subscriber.authFailures += 1
        subscribers[connection] = subscriber
        guard subscriber.authFailures >= Subscriber.maximumAuthFailures else { return [] }
        return [.close(connection, code: CloseCode.policyViolation, reason: "too many failed authentications")]
    }

    /// The 1 Hz tick to those who asked for it, and the next one.
    mutating func tickTimerFired(at now: Instant) -> [DaemonAction] {
        var actions: [DaemonAction] = []
        if let tickers = audiences[.tick], !tickers.isEmpty {
            let message = OutboundMessage(utf8: WireCoding.encode(TickMessage(state: state, at: now)))
            actions.append(.broadcast(message, to: .feed(.tick, except: []), delivery: .queued))
        }
        return actions + [tick(at: now)]
    }
}
