import GRDB

// Small settings that must survive a restart, such as the daemon's clock anchor (boot id, wall
// and monotonic readings), so a daemon restarted on the same boot continues the same timeline.
extension Journal {
    /// The value stored under `key`, or nil.
    public func value(forMetaKey key: String) throws -> String? {
        if let postgres { return try postgres.value(forMetaKey: key) }
        return try read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key]) }
    }

    /// Stores `value` under `key`, durably; nil removes the key.
    public func setValue(_ value: String?, forMetaKey key: String) throws {
        if let postgres { return try postgres.setValue(value, forMetaKey: key) }
        try write { db in
            if let value {
                try db.execute(
                    sql: """
                        INSERT INTO meta (key, value) VALUES (?, ?)
                        ON CONFLICT (key) DO UPDATE SET value = excluded.value
                        """,
                    arguments: [key, value]
                )
            } else {
                try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: [key])
            }
        }
    }
}
