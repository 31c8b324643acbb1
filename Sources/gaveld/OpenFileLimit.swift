import Foundation

/// The process's open-file limit, which bounds how many connections gaveld can hold.
enum OpenFileLimit {
    #if canImport(Glibc)
    private static let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let resource = RLIMIT_NOFILE
    #endif

    /// File descriptors kept for the listeners, the journal (database, WAL, index, lock), the
    /// token and display files, and libwebsockets' own.
    static let reserved = 64

    /// The hard limit: the most the soft limit can be raised to (`raiseSoftToHard`).
    static var hard: Int {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return 1024 }
        return Int(clamping: min(limit.rlim_max, rlim_t(Int32.max)))
    }

    /// The largest `--max-connections` that fits: the hard limit less the reserve and the
    /// connections that are still told why they are refused (`refusalHeadroom`).
    static var maximumConnections: Int {
        max(1, hard - reserved - 64)
    }

    /// Raises the soft limit to the hard one, as servers do (the soft default is often 1024).
    @discardableResult
    static func raiseSoftToHard() -> Int {
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0 else { return 1024 }
        if limit.rlim_cur < limit.rlim_max {
            var raised = limit
            raised.rlim_cur = limit.rlim_max
            if setrlimit(resource, &raised) == 0 { limit = raised }
        }
        return Int(clamping: limit.rlim_cur)
    }
}
