import Dispatch
import Foundation

/// SIGTERM and SIGINT delivered on a background queue instead of interrupting the service
/// thread; the handler hands the shutdown to the service thread through the transport's mailbox.
final class SignalHandling {
    private let sources: [any DispatchSourceSignal]

    init(_ handler: @escaping @Sendable (String) -> Void) {
        // A peer that goes away mid-write must not kill the daemon.
        signal(SIGPIPE, SIG_IGN)
        let queue = DispatchQueue(label: "gaveld.signals")
        sources = [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")].map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(name) }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
