/// Lets the same log line through at most once per `window`, and counts the copies it held back.
///
/// libwebsockets logs some errors once per bad request (e.g. "Ran out of header data space" for
/// each request whose headers overflow its buffer): anyone who can reach the port could fill the
/// log with them. Lines that differ only in their numbers (descriptors, lengths) count as the same.
struct LogThrottle {
    enum Decision: Equatable {
        /// Log it, saying how many copies were held back since it was last logged.
        case log(suppressed: Int)
        /// Held back; counted for the next copy that is logged.
        case suppress
    }

    private struct Entry {
        var lastLogged: ContinuousClock.Instant
        var suppressed: Int
    }

    let window: Duration
    /// Distinct lines remembered at once; the oldest are forgotten past it (lws has a few hundred
    /// distinct messages, and numbers are folded).
    let capacity: Int
    private var entries: [String: Entry] = [:]

    init(window: Duration = .seconds(10), capacity: Int = 256) {
        self.window = window
        self.capacity = capacity
    }

    mutating func admit(_ line: String, now: ContinuousClock.Instant) -> Decision {
        let key = Self.key(line)
        if var entry = entries[key], now - entry.lastLogged < window {
            entry.suppressed += 1
            entries[key] = entry
            return .suppress
        }
        let suppressed = entries[key]?.suppressed ?? 0
        if entries[key] == nil && entries.count >= capacity { forgetOldest(now: now) }
        entries[key] = Entry(lastLogged: now, suppressed: 0)
        return .log(suppressed: suppressed)
    }

    /// The line with every run of digits replaced by "#".
    static func key(_ line: String) -> String {
        var key = ""
        var inDigits = false
        for character in line {
            if character.isASCII && character.isNumber {
                if !inDigits { key.append("#") }
                inDigits = true
            } else {
                key.append(character)
                inDigits = false
            }
        }
        return key
    }

    private mutating func forgetOldest(now: ContinuousClock.Instant) {
        entries = entries.filter { now - $0.value.lastLogged < window }
        if entries.count >= capacity, let oldest = entries.min(by: { $0.value.lastLogged < $1.value.lastLogged }) {
            entries[oldest.key] = nil
        }
    }
}
