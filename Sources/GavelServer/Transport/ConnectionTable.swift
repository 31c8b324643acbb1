/// One service thread's open WebSocket connections, by id.
///
/// Each is held twice: retained, which keeps it alive, and unretained, for a fan-out. A lookup in a
/// dictionary of objects hands out a retained reference, and retaining is an atomic update of the
/// object: at 10,000 displays it waited for the object's cache line, one copy after another, before
/// anything else could be asked of memory (`Transport.enqueue(_:on:delivery:)`). An unretained
/// reference is a plain word to copy. Both dictionaries change together here, and only here.
struct ConnectionTable {
    private var retained: [ConnectionID: WebSocketConnection] = [:]
    private var unretained: [ConnectionID: Unmanaged<WebSocketConnection>] = [:]

    subscript(id: ConnectionID) -> WebSocketConnection? { retained[id] }

    /// `id`'s connection, unretained: valid as long as this table holds it, that is until `remove`
    /// or `removeAll`.
    func unretainedConnection(_ id: ConnectionID) -> Unmanaged<WebSocketConnection>? { unretained[id] }

    var count: Int { retained.count }
    var ids: Dictionary<ConnectionID, WebSocketConnection>.Keys { retained.keys }
    var connections: Dictionary<ConnectionID, WebSocketConnection>.Values { retained.values }

    mutating func insert(_ connection: WebSocketConnection) {
        retained[connection.id] = connection
        unretained[connection.id] = .passUnretained(connection)
    }

    mutating func remove(_ id: ConnectionID) {
        unretained[id] = nil
        retained[id] = nil
    }

    mutating func removeAll() {
        unretained = [:]
        retained = [:]
    }
}
