/// Identifies one WebSocket connection for its whole life. Never reused; assigned in increasing order
/// by each service thread.
public struct ConnectionID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The number behind the identifier: 1 for the first connection a transport opened, 2 for the next...
    /// With T service threads, thread k numbers its connections k+1, k+1+T, k+1+2T...
    public let rawValue: UInt64

    public init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public var description: String { String(rawValue) }

    public static func < (lhs: ConnectionID, rhs: ConnectionID) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// Names a one-shot timer on the service thread; scheduling a name again replaces its earlier schedule.
public struct TimerID: Hashable, Sendable, CustomStringConvertible {
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    public var description: String { name }
}
