import GRDB

// Whether a command can be journaled now. On a full disk a small write may still succeed while
// the next command does not fit: SQLite overwrites the write-ahead log from where its last commit
// ended, so the pages a failed transaction had already added to the log take a one-page write
// without the disk giving a byte. A probe that proves anything must be as large as the largest
// command's transaction.
extension Journal {
    /// The meta key of the probe's row, present only while a probe runs (or after one failed).
    static let headroomProbeKey = "headroomProbe"

    /// Proves that a transaction of `bytes` commits now. Folds the write-ahead log back into the
    /// database file, commits a row of `bytes`, deletes it, and folds the log back again, each
    /// step synced; throws the `JournalError` of the first that fails (`cannotWrite`, "the disk is
    /// full", when there is not the room).
    ///
    /// The first fold proves the database file can take what the log holds (else the log could
    /// only grow); the row, that the log can take `bytes` more; the second fold, that the file
    /// can take the row's pages. What the probe took is then held for the commands that follow:
    /// the row's pages stay in the file as free pages, which SQLite reuses, and the log keeps its
    /// length up to `walSizeLimit`, written over from its start after the fold.
    ///
    /// In PostgreSQL the row alone is the probe: the server's WAL and files are its own to manage,
    /// and a commit that does not fit fails there (`cannotWrite`, "the database server's disk is
    /// full") without harming what was committed.
    public func checkHeadroom(bytes: Int) throws {
        if postgres != nil {
            try setValue(String(repeating: "x", count: bytes), forMetaKey: Self.headroomProbeKey)
            try setValue(nil, forMetaKey: Self.headroomProbeKey)
            return
        }
        try checkpoint()
        try setValue(String(repeating: "x", count: bytes), forMetaKey: Self.headroomProbeKey)
        try setValue(nil, forMetaKey: Self.headroomProbeKey)
        try checkpoint()
    }

    /// Copies every page of the write-ahead log into the database file, and has the next commit
    /// write the log from its start (SQLite's RESTART checkpoint; the only connection is ours,
    /// so no reader holds it back). Nothing in memory: there is no log.
    func checkpoint() throws {
        try writeWithoutTransaction { db in _ = try db.checkpoint(.restart) }
    }
}
