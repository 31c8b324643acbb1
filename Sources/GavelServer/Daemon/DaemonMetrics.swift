import GavelCore
import Prometheus

/// The daemon's Prometheus metrics, served at `/metrics`.
///
/// swift-prometheus fits the lws loop: its registry is a plain synchronous object, so the
/// service thread records into it and renders it without an event loop of its own. The
/// transport keeps its own plain counters (it is below this module's concerns); they are
/// copied into the registry when `/metrics` is scraped.
final class DaemonMetrics {
    let registry = PrometheusCollectorRegistry()
    private let connections: Gauge
    private let subscribersControl: Gauge
    private let messagesSent: Counter
    private let bytesSent: Counter
    private let connectionsOpened: Counter
    private let slowClosed: Counter
    private let httpRequests: Counter
    private var lastTransport = TransportStatistics()
    private let accepted: Counter
    private let rejected: Counter
    private let replayed: Counter
    private let refused: Counter
    private let journalAppend: DurationHistogram
    private let journalFailures: Counter
    private let alertsByLevel: [AlertLevel: Counter]
    private let meetingSequence: Gauge
    private let clientConnections: Gauge
    private let refusedAtCapacity: Counter
    private let droppedAtCapacity: Counter
    private let floodsClosed: Counter
    private let slowRequestsDropped: Counter
    private let controlFailures: Counter
    private let controlRateLimited: Counter
    private let controlForbidden: Counter
    private let journalWritable: Gauge

    /// `gavel_<name>_<unit>`: a fully named metric with its help text.
    private static func name(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "gavel", metricName: name, unitName: unit, helpText: help)
    }

    init() {
        connections = registry.makeGauge(
            descriptor: Self.name("websocket_connections", "", "Open WebSocket connections.")
        )
        subscribersControl = registry.makeGauge(
            descriptor: Self.name(
                "websocket_control_connections",
                "",
                "Open WebSocket connections allowed to send commands."
            )
        )
        messagesSent = registry.makeCounter(
            descriptor: Self.name("websocket_messages_sent", "total", "WebSocket messages written.")
        )
        bytesSent = registry.makeCounter(
            descriptor: Self.name("websocket_bytes_sent", "total", "WebSocket payload bytes written.")
        )
        connectionsOpened = registry.makeCounter(
            descriptor: Self.name(
                "websocket_connections_opened",
                "total",
                "WebSocket connections accepted."
            )
        )
        slowClosed = registry.makeCounter(
            descriptor: Self.name(
                "websocket_slow_closed",
                "total",
                "Connections closed for stalling or not reading."
            )
        )
        httpRequests = registry.makeCounter(descriptor: Self.name("http_requests", "total", "HTTP requests answered."))
        accepted = registry.makeCounter(
            descriptor: Self.name("commands", "total", "Commands by outcome."),
            labels: [("outcome", "accepted")]
        )
        rejected = registry.makeCounter(
            descriptor: Self.name("commands", "total", "Commands by outcome."),
            labels: [("outcome", "rejected")]
        )
        replayed = registry.makeCounter(
            descriptor: Self.name("commands", "total", "Commands by outcome."),
            labels: [("outcome", "replayed")]
        )
        refused = registry.makeCounter(
            descriptor: Self.name("commands", "total", "Commands by outcome."),
            labels: [("outcome", "refused")]
        )
        journalAppend = registry.makeDurationHistogram(
            descriptor: Self.name(
                "journal_append",
                "seconds",
                "Time to append and sync a command's events to the journal."
            ),
            buckets: [
                .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
                .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            ]
        )
        journalFailures = registry.makeCounter(
            descriptor: Self.name(
                "journal_failures",
                "total",
                "Journal writes that failed; their commands were refused."
            )
        )
        var alerts: [AlertLevel: Counter] = [:]
        for level in AlertLevel.allCases where level != .normal {
            alerts[level] = registry.makeCounter(
                descriptor: Self.name("alerts_fired", "total", "Alerts broadcast, by level."),
                labels: [("level", level.rawValue)]
            )
        }
        alertsByLevel = alerts
        meetingSequence = registry.makeGauge(
            descriptor: Self.name("meeting_sequence", "", "Journal sequence of the last event.")
        )
        clientConnections = registry.makeGauge(
            descriptor: Self.name(
                "client_connections",
                "",
                "Open client connections, HTTP and WebSocket (what --max-connections limits)."
            )
        )
        refusedAtCapacity = registry.makeCounter(
            descriptor: Self.name(
                "connections_refused_at_capacity",
                "total",
                "Upgrades (1013) and HTTP requests (503) refused at the limit."
            )
        )
        droppedAtCapacity = registry.makeCounter(
            descriptor: Self.name(
                "connections_dropped_at_capacity",
                "total",
                "Connections closed on accept, far past the limit."
            )
        )
        floodsClosed = registry.makeCounter(
            descriptor: Self.name(
                "websocket_floods_closed",
                "total",
                "WebSockets closed (1008) for sending messages too fast."
            )
        )
        slowRequestsDropped = registry.makeCounter(
            descriptor: Self.name(
                "http_slow_requests_dropped",
                "total",
                "HTTP requests whose body had not arrived within the header timeout."
            )
        )
        controlFailures = registry.makeCounter(
            descriptor: Self.name(
                "control_failures",
                "total",
                "Control attempts with a wrong or missing token."
            )
        )
        controlRateLimited = registry.makeCounter(
            descriptor: Self.name(
                "control_rate_limited",
                "total",
                "Control attempts refused because their address failed too often."
            )
        )
        controlForbidden = registry.makeCounter(
            descriptor: Self.name(
                "control_forbidden",
                "total",
                "Commands refused because the right token's level may not run them (a secretariat token's clock command)."
            )
        )
        journalWritable = registry.makeGauge(
            descriptor: Self.name(
                "journal_writable",
                "",
                "1 when commands can be journaled, 0 while degraded."
            )
        )
    }

    enum CommandOutcome {
        case accepted, rejected, replayed, refused
    }

    func record(_ outcome: CommandOutcome) {
        switch outcome {
        case .accepted: accepted.increment()
        case .rejected: rejected.increment()
        case .replayed: replayed.increment()
        case .refused: refused.increment()
        }
    }

    func recordJournalAppend(_ duration: Duration) { journalAppend.record(duration) }
    func recordJournalFailure() { journalFailures.increment() }
    func recordAlert(_ level: AlertLevel) { alertsByLevel[level]?.increment() }
    func recordControlFailure() { controlFailures.increment() }
    func recordControlRateLimited() { controlRateLimited.increment() }
    func recordControlForbidden() { controlForbidden.increment() }

    /// The text exposition, with the transport's counters brought up to date.
    func render(
        transport: TransportStatistics,
        connectionCount: Int,
        clientConnectionCount: Int,
        controlCount: Int,
        sequence: Int64,
        journalWritable writable: Bool
    ) -> [UInt8] {
        connections.set(Int64(connectionCount))
        clientConnections.set(Int64(clientConnectionCount))
        journalWritable.set(Int64(writable ? 1 : 0))
        refusedAtCapacity.increment(by: Int64(transport.refusedAtCapacity - lastTransport.refusedAtCapacity))
        droppedAtCapacity.increment(by: Int64(transport.droppedAtCapacity - lastTransport.droppedAtCapacity))
        floodsClosed.increment(by: Int64(transport.floodsClosed - lastTransport.floodsClosed))
        slowRequestsDropped.increment(by: Int64(transport.slowRequestsDropped - lastTransport.slowRequestsDropped))
        subscribersControl.set(Int64(controlCount))
        meetingSequence.set(sequence)
        messagesSent.increment(by: Int64(transport.messagesSent - lastTransport.messagesSent))
        bytesSent.increment(by: Int64(transport.bytesSent - lastTransport.bytesSent))
        connectionsOpened.increment(by: Int64(transport.connectionsOpened - lastTransport.connectionsOpened))
        slowClosed.increment(by: Int64(transport.slowClosed - lastTransport.slowClosed))
        httpRequests.increment(by: Int64(transport.httpRequests - lastTransport.httpRequests))
        lastTransport = transport
        return registry.emitToBuffer()
    }
}
