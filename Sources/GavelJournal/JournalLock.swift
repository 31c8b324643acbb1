import Synchronization

/// An exclusive advisory lock on `<journal>.lock`, which holds the owner's pid, so that one
/// daemon at a time writes a journal; a second one fails at start naming the first.
///
/// The lock file is never deleted: deleting it would let a third daemon lock a new file while the
/// first still holds the old one. The kernel drops the lock when the process dies, so a crashed
/// daemon leaves a stale pid in the file but no stale lock.
final class JournalLock: Sendable {
    let path: String
    /// The descriptor holding the lock; nil once released.
    private let descriptor: Mutex<Int32?>

    /// Takes the lock for the journal at `journalPath`, or throws `JournalError.inUse`.
    init(journalPath: String) throws(JournalError) {
        path = journalPath + ".lock"
        let fd: Int32
        do {
            fd = try System.openForUpdate(path)
        } catch {
            throw JournalError.cannotOpen(journalPath, "cannot create its lock file \(path): \(error.reason)")
        }
        let locked: Bool
        do {
            locked = try System.tryLockExclusively(fd)
            if locked { try System.replaceContents(of: fd, with: "\(System.processID)\n") }
        } catch {
            System.close(fd)
            throw JournalError.cannotOpen(journalPath, "cannot lock \(path): \(error.reason)")
        }
        guard locked else {
            let owner = try? System.contents(of: fd)
            System.close(fd)
            let pid = owner?.split(whereSeparator: \.isWhitespace).first.flatMap { Int32($0) }
            throw JournalError.inUse(journalPath, pid: pid)
        }
        descriptor = Mutex(fd)
    }

    /// The descriptor holding the lock, for tests.
    var heldDescriptor: Int32? { descriptor.withLock { $0 } }

    /// Releases the lock (idempotent).
    func release() {
        descriptor.withLock { fd in
            if let held = fd {
                System.unlock(held)
                System.close(held)
            }
            fd = nil
        }
    }

    deinit { release() }
}
