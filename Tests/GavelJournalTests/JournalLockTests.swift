import Foundation
import Testing

@testable import GavelJournal

/// One daemon per journal: a second one fails at start, naming the first.
@Suite struct JournalLockTests {
    @Test func aSecondJournalOnTheSamePathFailsNamingThePid() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("journal.sqlite")
        let first = try Journal(path: path)

        let error = #expect(throws: JournalError.self) { try Journal(path: path) }
        #expect(error?.kind == .inUse)
        #expect(error?.message.hasPrefix("another gaveld is using \(path) (pid \(getpid()))") == true)
        _ = first
    }

    @Test func theLockFileHoldsTheOwnersPid() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("journal.sqlite")
        let journal = try Journal(path: path)
        #expect(try String(contentsOfFile: path + ".lock", encoding: .utf8) == "\(getpid())\n")
        _ = journal
    }

    @Test func closingReleasesTheLock() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("journal.sqlite")
        try Journal(path: path).close()
        let second = try Journal(path: path)
        #expect(try second.meetings().isEmpty)
    }

    /// A process forked while the lock is held (a test runner spawning a tool, between its fork
    /// and its exec) shares the lock's open file description: closing ours must still unlock.
    @Test func closingReleasesTheLockEvenWhileACopyOfItsDescriptorLives() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("journal.sqlite")
        let lock = try JournalLock(journalPath: path)
        let copy = dup(try #require(lock.heldDescriptor))  // what a forked child holds
        defer { close(copy) }
        lock.release()
        let again = try JournalLock(journalPath: path)
        again.release()
    }

    @Test func releasingTheJournalReleasesTheLock() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("journal.sqlite")
        do { _ = try Journal(path: path) }
        _ = try Journal(path: path)
    }

    @Test func aLockHeldByAnotherProcessIsRespected() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("journal.sqlite")
        // flock(1) holds the lock from another process until its command ends; it writes no pid.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["--exclusive", path + ".lock", "cat"]
        let input = Pipe()
        holder.standardInput = input
        let ready = Pipe()
        holder.standardOutput = ready
        try holder.run()
        defer {
            try? input.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        // `cat` echoes once flock holds the lock.
        input.fileHandleForWriting.write(Data("locked\n".utf8))
        _ = ready.fileHandleForReading.availableData

        let error = #expect(throws: JournalError.self) { try Journal(path: path) }
        #expect(error?.kind == .inUse)
        #expect(error?.message.contains("(pid unknown)") == true)
    }
}
