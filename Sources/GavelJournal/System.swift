#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX calls the journal makes besides SQLite's, with errno turned into a Swift error.
/// All C interop of the module is here (swift-nio's `System.swift` does the same).
enum System {
    /// A failed system call and its errno.
    struct Error: Swift.Error, CustomStringConvertible {
        var call: String
        var errno: Int32

        /// "Read-only file system", as `strerror` says it.
        var reason: String { String(cString: strerror(errno)) }
        var description: String { "\(call): \(reason)" }
    }

    /// Opens (creating if needed) a file for reading and writing, closed on exec.
    static func openForUpdate(_ path: String) throws(Error) -> Int32 {
        let fd = retrying { open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw Error(call: "open", errno: errno) }
        return fd
    }

    /// Takes an exclusive `flock` without waiting; false when another open file holds it.
    ///
    /// `flock` locks belong to the open file description, not the process, so two opens in the
    /// same process also exclude each other, and the lock goes away when the descriptor is closed,
    /// however the process ends.
    static func tryLockExclusively(_ fd: Int32) throws(Error) -> Bool {
        if retrying({ flock(fd, LOCK_EX | LOCK_NB) }) == 0 { return true }
        if errno == EWOULDBLOCK { return false }
        throw Error(call: "flock", errno: errno)
    }

    /// Releases a `flock` taken with `tryLockExclusively`. Closing the descriptor alone is not
    /// enough: a child process forked meanwhile (a test runner spawning a process, between its
    /// fork and its exec) shares the open file description, and the lock with it, until it execs.
    static func unlock(_ fd: Int32) {
        _ = retrying { flock(fd, LOCK_UN) }
    }

    /// Replaces the file's contents with `text` and syncs it.
    static func replaceContents(of fd: Int32, with text: String) throws(Error) {
        guard retrying({ ftruncate(fd, 0) }) == 0 else { throw Error(call: "ftruncate", errno: errno) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                retrying { pwrite(fd, buffer.baseAddress! + offset, buffer.count - offset, off_t(offset)) }
            }
            guard written > 0 else { throw Error(call: "pwrite", errno: errno) }
            offset += written
        }
        guard retrying({ fsync(fd) }) == 0 else { throw Error(call: "fsync", errno: errno) }
    }

    /// The file's first `limit` bytes as text (invalid UTF-8 repaired).
    static func contents(of fd: Int32, limit: Int = 64) throws(Error) -> String {
        var bytes = [UInt8](repeating: 0, count: limit)
        let count = bytes.withUnsafeMutableBytes { buffer in
            retrying { pread(fd, buffer.baseAddress!, buffer.count, 0) }
        }
        guard count >= 0 else { throw Error(call: "pread", errno: errno) }
        return String(decoding: bytes[..<count], as: UTF8.self)
    }

    static func close(_ fd: Int32) {
        // After close, the descriptor is gone even on EINTR (Linux); retrying could close another.
        #if canImport(Glibc)
        _ = Glibc.close(fd)
        #else
        _ = Darwin.close(fd)
        #endif
    }

    /// Syncs the directory holding `path`, so that a newly created file's name survives a power
    /// cut (fsync of a file does not sync its directory entry).
    static func syncDirectory(containing path: String) throws(Error) {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let fd = retrying { open(directory.isEmpty ? "/" : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard fd >= 0 else { throw Error(call: "open \(directory)", errno: errno) }
        defer { close(fd) }
        guard retrying({ fsync(fd) }) == 0 else { throw Error(call: "fsync \(directory)", errno: errno) }
    }

    static var processID: Int32 { getpid() }

    /// Runs a call again while it fails with EINTR.
    private static func retrying<T: BinaryInteger>(_ call: () -> T) -> T {
        while true {
            let result = call()
            if result >= 0 || errno != EINTR { return result }
        }
    }
}
