import GavelCore
import GavelProtocol

// The technician's list of displays: what each connection said it is and when it was last heard.
extension DaemonCore {
    /// A message arrived from `connection`, well-formed or not: it is alive.
    mutating func heard(from connection: ConnectionID, at now: Instant) {
        subscribers[connection]?.lastSeen = now
    }

    /// A display page said what it is (after each hello, and when its clock sync moved): the
    /// newest replaces the last.
    mutating func described(_ connection: ConnectionID, as info: DisplayInfo, at now: Instant) {
        guard subscribers[connection] != nil else { return }
        subscribers[connection]?.display = info
        subscribers[connection]?.describedAt = now
    }

    /// Every connection, displays by view then address, clients (no view) after them; the
    /// connection id keeps two pages of one machine in the order they came.
    func displayList(at now: Instant) -> DisplayList {
        let entries = subscribers.map { connection, subscriber in
            DisplayList.Entry(
                connection: connection.description,
                kind: subscriber.display == nil ? "client" : "display",
                address: subscriber.peer,
                protocol: subscriber.version.rawValue,
                control: subscriber.control,
                connectedAt: subscriber.connectedAt,
                lastSeen: subscriber.lastSeen,
                display: subscriber.display,
                describedAt: subscriber.describedAt
            )
        }
        return DisplayList(serverTime: now, displays: entries.sorted(by: Self.listedBefore))
    }

    private static func listedBefore(_ a: DisplayList.Entry, _ b: DisplayList.Entry) -> Bool {
        // "\u{10FFFF}" sorts a missing view after every name.
        let viewA = a.display?.view ?? "\u{10FFFF}"
        let viewB = b.display?.view ?? "\u{10FFFF}"
        if viewA != viewB { return viewA < viewB }
        if a.address != b.address { return a.address < b.address }
        return (UInt64(a.connection) ?? 0, a.connection) < (UInt64(b.connection) ?? 0, b.connection)
    }
}
