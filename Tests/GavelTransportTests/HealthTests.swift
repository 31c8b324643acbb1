import Testing

@testable import GavelServer

@Suite struct HealthTests {
    /// /healthz answers anyone: where the state directory is stays in the log.
    @Test func theReasonAnyoneReadsNamesNoPath() {
        let journal = "/var/lib/gavel/journal.sqlite"
        #expect(
            Health.withoutPaths("cannot write \(journal): database or disk is full", journal: journal)
                == "cannot write the journal: database or disk is full"
        )
        #expect(
            Health.withoutPaths(
                "cannot create its lock file /srv/rooms/4/journal.sqlite.lock: Read-only file system",
                journal: journal
            ) == "cannot create its lock file (a path): Read-only file system"
        )
        #expect(Health.withoutPaths("open '/tmp/x/y' (read-only)", journal: nil) == "open '(a path)' (read-only)")
        #expect(Health.withoutPaths("1/2 of the disk, and/or more", journal: nil) == "1/2 of the disk, and/or more")
    }
}
