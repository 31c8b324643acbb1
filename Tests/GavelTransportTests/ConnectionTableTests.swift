import Testing

@testable import GavelServer

@Suite struct ConnectionTableTests {
    @Test func bothLookupsFindTheSameConnectionUntilItIsRemoved() {
        var table = ConnectionTable()
        let now = ContinuousClock.now
        let first = WebSocketConnection.detached(now: now, id: 1)
        let second = WebSocketConnection.detached(now: now, id: 2)
        table.insert(first)
        table.insert(second)
        #expect(table.count == 2 && Set(table.ids) == [first.id, second.id])
        for connection in [first, second] {
            #expect(table[connection.id] === connection)
            #expect(table.unretainedConnection(connection.id)?.takeUnretainedValue() === connection)
        }
        table.remove(first.id)
        #expect(table[first.id] == nil && table.unretainedConnection(first.id) == nil)
        #expect(table.unretainedConnection(second.id)?.takeUnretainedValue() === second)
        table.removeAll()
        #expect(table.count == 0 && table.unretainedConnection(second.id) == nil)
    }

    /// The unretained lookup is safe only while the table itself keeps the connection alive.
    @Test func theTableKeepsEachConnectionAliveUntilItIsRemoved() {
        var table = ConnectionTable()
        weak var held: WebSocketConnection?
        do {
            let connection = WebSocketConnection.detached(now: .now, id: 7)
            held = connection
            table.insert(connection)
        }
        #expect(held != nil)
        #expect(table.unretainedConnection(ConnectionID(rawValue: 7))?.takeUnretainedValue() === held)
        table.remove(ConnectionID(rawValue: 7))
        #expect(held == nil)
    }
}
