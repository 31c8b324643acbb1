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

    /// `gavel_<name>_<unit>`: a fully named metric with its help text.
    private static func name(_ name: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "gavel", metricName: name, unitName: unit, helpText: help)
    }

    init() {
        connections = registry.makeGauge(descriptor: Self.name("websocket_connections", "", "Open WebSocket connections."))
        subscribersControl = registry.makeGauge(descriptor: Self.name(
            "websocket_control_connections", "", "Open WebSocket connections allowed to send commands."))
        messagesSent = registry.makeCounter(descriptor: Self.name("websocket_messages_sent", "total", "WebSocket messages written."))
        bytesSent = registry.makeCounter(descriptor: Self.name("websocket_bytes_sent", "total", "WebSocket payload bytes written."))
        connectionsOpened = registry.makeCounter(descriptor: Self.name(
            "websocket_connections_opened", "total", "WebSocket connections accepted."))
        slowClosed = registry.makeCounter(descriptor: Self.name(
            "websocket_slow_closed", "total", "Connections closed for stalling or not reading."))
        httpRequests = registry.makeCounter(descriptor: Self.name("http_requests", "total", "HTTP requests answered."))
        accepted = registry.makeCounter(
            descriptor: Self.name("commands", "total", "Commands by outcome."), labels: [("outcome", "accepted")])
        rejected = registry.makeCounter(
            descriptor: Self.name("commands", "total", "Commands by outcome."), labels: [("outcome", "rejected")])
        replayed = registry.makeCounter(
            descriptor: Self.name("commands", "total", "Commands by outcome."), labels: [("outcome", "replayed")])
        refused = registry.makeCounter(
            descriptor: Self.name("commands", "total", "Commands by outcome."), labels: [("outcome", "refused")])
        journalAppend = registry.makeDurationHistogram(
            descriptor: Self.name(
                "journal_append", "seconds", "Time to append and sync a command's events to the journal."),
            buckets: [.microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
                      .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250)])
        journalFailures = registry.makeCounter(descriptor: Self.name(
            "journal_failures", "total", "Journal writes that failed; their commands were refused."))
        var alerts: [AlertLevel: Counter] = [:]
        for level in AlertLevel.allCases where level != .normal {
            alerts[level] = registry.makeCounter(
                descriptor: Self.name("alerts_fired", "total", "Alerts broadcast, by level."),
                labels: [("level", level.rawValue)])
        }
        alertsByLevel = alerts
        meetingSequence = registry.makeGauge(descriptor: Self.name("meeting_sequence", "", "Journal sequence of the last event."))
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

    /// The text exposition, with the transport's counters brought up to date.
    func render(transport: TransportStatistics, connectionCount: Int, controlCount: Int, sequence: Int64) -> [UInt8] {
        connections.set(Int64(connectionCount))
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
