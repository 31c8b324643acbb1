import GavelJournal
import Synchronization

/// Carries the venue board's rows to the daemon, which is made after the board (the board is in
/// its configuration). Rows read before the daemon is there are dropped: the board reads them
/// again within seconds.
final class VenueRelay: Sendable {
    private let sink = Mutex<(@Sendable ([VenueRow]) -> Void)?>(nil)

    func connect(_ deliver: @escaping @Sendable ([VenueRow]) -> Void) {
        sink.withLock { $0 = deliver }
    }

    func deliver(_ rows: [VenueRow]) {
        sink.withLock { $0 }?(rows)
    }
}
